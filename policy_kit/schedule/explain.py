"""Why a walk went where it went: each guard at each step, held or failed, with what it read.

Part of compile → walk → **explain** (``policy_kit.schedule``): the walk is replayed on the
``transitions`` machine (the reference semantics), and before each step every way out of
the state it leaves is evaluated, sub-expression by sub-expression, with
``policy_kit.expr.evaluate`` against the values and passed states the case had then.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..errors import ExpressionError
from ..expr import BoolOp, Expr, ListLit, Literal, Unary, Value, evaluate, to_text
from ..expr.nodes import children
from ..machine import Application, ProcessMachine
from ..structure import Move, Structure
from ..walker import Walk

__all__ = ["GuardCheck", "Part", "explain_walk"]


@dataclass(frozen=True)
class Part:
    """One sub-expression of a guard and its value (``error`` if it could not be computed,
    as when an ``and`` guards a division that would fail)."""

    text: str
    value: Value | None
    error: str | None
    parts: tuple[Part, ...]
    logic: str | None = None
    """``and``, ``or`` or ``not`` when this part combines conditions; None otherwise."""


@dataclass(frozen=True)
class GuardCheck:
    """One way out of a state, just before a step: whether it could be taken, and why."""

    move: Move
    taken: bool
    enabled: bool
    holds: bool
    """The guard's value (True when there is no guard)."""
    reason: str
    read: Mapping[str, Value]
    """The attribute values the guard read."""
    done: Mapping[str, bool]
    """The states the guard asked about through ``done(…)``, and the answers."""
    tree: Part | None
    reason_zh: str = ""
    """``reason`` in Chinese, for Chinese output (``reason`` stays English in JSON)."""


def explain_walk(machine: ProcessMachine, walk: Walk) -> tuple[tuple[GuardCheck, ...], ...]:
    """For each step of ``walk``, every way out of the state it left, in file order."""
    application = machine.start(dict(walk.attributes))
    visits: Counter[str] = Counter(application.states)
    result = []
    for step in walk.steps:
        enabled = {(m.index, m.source) for m in application.enabled()}
        checks = tuple(_check(machine.structure, application, visits, move, enabled,
                              (move.event, move.target) == (step.event, step.target))
                       for move in machine.structure.moves_from.get(step.source, ()))
        result.append(checks)
        application.fire(step.event)
        visits.update(step.entered)
    return tuple(result)


def _check(structure: Structure, application: Application, visits: Counter[str], move: Move,
           enabled: set[tuple[int, str]], taken: bool) -> GuardCheck:
    values = application.attributes
    done = application.done
    tree = _part(move.guard.tree, values, done) if move.guard is not None else None
    holds = tree is None or tree.value is True
    is_enabled = (move.index, move.source) in enabled
    read = {name: values[name] for name in sorted(move.guard.names)} if move.guard else {}
    asked = {state: done(state) for state in sorted(move.guard.states)} if move.guard else {}
    reason, reason_zh = _reason(structure, visits, move, taken, is_enabled, holds, tree)
    return GuardCheck(move, taken, is_enabled, holds, reason, read, asked, tree, reason_zh)


def _reason(structure: Structure, visits: Counter[str], move: Move, taken: bool,
            enabled: bool, holds: bool, tree: Part | None) -> tuple[str, str]:
    """Why the move was (not) taken, in English and in Chinese."""
    condition, zh = ("no condition", "无条件") if tree is None else (
        "its guard holds", "条件成立")
    if taken:
        return f"taken: {condition}", f"已走:{zh}"
    if enabled:
        return (f"not taken: {condition}, but the walk took another way",
                f"未走:{zh},但本次走了另一条路")
    if not holds:
        if tree is None or tree.error is None:
            return "not taken: its guard is false", "未走:条件不成立"
        return (f"not taken: its guard cannot be computed ({tree.error})",
                f"未走:条件无法求值({tree.error})")
    for state in move.entry:
        rounds = structure.places[state].state.max_rounds
        if rounds is not None and visits[state] >= rounds:
            return (f"not taken: {condition}, but `{state}` was entered {visits[state]} "
                    f"time(s) and allows {rounds} (max_rounds)",
                    f"未走:{zh},但 `{state}` 已进入 {visits[state]} 次,最多允许 {rounds} 次"
                    "(max_rounds)")
    if move.join:
        return (f"not taken: {condition}, but some region has not finished",
                f"未走:{zh},但还有并联分支未办结")
    return (f"not taken: {condition}, but the machine does not allow it now",
            f"未走:{zh},但此刻状态机不允许")


def _part(node: Expr, values: Mapping[str, Value], done: Callable[[str], bool]) -> Part:
    """Evaluate ``node`` and, separately, each sub-expression worth showing."""
    try:
        value: Value | None = evaluate(node, values, done)
        error = None
    except ExpressionError as problem:
        value, error = None, problem.message
    parts = tuple(_part(child, values, done) for child in children(node)
                  if not isinstance(child, Literal | ListLit))
    logic = node.op if isinstance(node, BoolOp) or (
        isinstance(node, Unary) and node.op == "not") else None
    return Part(to_text(node), value, error, parts, logic)
