"""Suggested fixes applied to a definition in memory, so that the checker can check a hint
before it offers it.

Part of load → **check** (``hints``). Each fix changes the model the way the hint tells a
designer to change the file (a guard written differently or dropped, ``max_rounds`` set on
a state) and resolves the result again; a fix that does not even resolve is no fix. The
file itself is never touched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ..errors import DefinitionError, ExpressionError
from ..expr import BoolOp, Expr, Guard, Value
from ..expr.evaluate import evaluate
from ..expr.printer import to_text
from ..loader import Definition
from ..model import Process, State
from ..resolve import resolve

__all__ = ["relaxed", "with_guards", "with_rounds"]


def with_guards(definition: Definition, guards: Mapping[int, str | None]) -> Definition | None:
    """``definition`` with the ``when:`` of each transition (by index) replaced (None: no
    guard)."""
    process = definition.process
    transitions = list(process.transitions)
    for index, when in guards.items():
        transitions[index] = transitions[index].model_copy(update={"when": when})
    return _resolved(definition, process.model_copy(update={"transitions": tuple(transitions)}))


def with_rounds(definition: Definition, state: str, rounds: int) -> Definition | None:
    """``definition`` with ``max_rounds: rounds`` on ``state``."""
    def bound(states: tuple[State, ...]) -> tuple[State, ...]:
        return tuple(s.model_copy(update={"max_rounds": rounds}) if s.id == state else s
                     for s in states)

    process = definition.process
    stages = tuple(stage.model_copy(update={
        "states": bound(stage.states),
        "regions": tuple(r.model_copy(update={"states": bound(r.states)})
                         for r in stage.regions)}) for stage in process.stages)
    return _resolved(definition, process.model_copy(update={"stages": stages,
                                                            "states": bound(process.states)}))


def relaxed(guard: Guard, values: Mapping[str, Value], left: frozenset[str]) -> str | None:
    """``guard`` without the parts that are false for ``values`` once ``left`` have been
    left: of an ``and``, the operands that hold; of anything else, nothing (None: drop the
    guard)."""
    tree = guard.tree
    if not (isinstance(tree, BoolOp) and tree.op == "and"):
        return None
    kept = tuple(item for item in tree.operands if _holds(item, values, left))
    if not kept:
        return None
    return to_text(kept[0] if len(kept) == 1 else BoolOp("and", kept))


def _holds(tree: Expr, values: Mapping[str, Value], left: frozenset[str]) -> bool:
    try:
        return evaluate(tree, values, left.__contains__) is True
    except ExpressionError:
        return False


def _resolved(definition: Definition, process: Process) -> Definition | None:
    try:
        structure = resolve(process, definition.source)
    except DefinitionError:
        return None
    return replace(definition, process=process, structure=structure)
