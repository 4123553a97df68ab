"""A fast path for evaluating checked rules: each tree compiled once into a Python function.

The compile step of load → check → compile → simulate → render for policies. The award of a
whole year evaluates a dozen rules per applicant, and 200,000 applicants must take seconds;
``policy_kit.expr.evaluate`` walks the tree on every call, which is the reference semantics
but many times slower. ``compile_fast`` writes each tree as the source of one function of
straight-line Python (a name is a dictionary lookup, a comparison one operator, ``and``
and ``or`` stop at the first deciding operand) and compiles it, so a rule costs one call,
not one per node. The functions compute the same values (a property test drives random
trees and values through both); whenever one meets anything unusual — a missing value, a
wrong type, a division by zero — it gives up, and ``run`` asks the reference evaluator, so
errors and their messages are always the reference's own.

The generated text is made only of operators, temporaries and the names of constants bound
beside it (never text taken from a rule), so no rule can inject code.
"""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..expr import (
    Binary,
    BoolOp,
    Call,
    Compare,
    Expr,
    ListLit,
    Literal,
    Name,
    Unary,
    Value,
    evaluate,
)

__all__ = ["CONTEXT", "FALLBACK", "Compiled", "compile_fast", "compile_tests", "run"]

Values = Mapping[str, Any]
Done = Callable[[str], bool]
Compiled = Callable[[Values, Done], Any]

CONTEXT = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN, Emin=-999_999,
                          Emax=999_999, traps=[decimal.InvalidOperation,
                                               decimal.DivisionByZero, decimal.Overflow])
"""The decimal context of the reference evaluator; ``run`` callers enter it once per
applicant instead of once per rule."""

_ORDER = {"<": "<", "<=": "<=", ">": ">", ">=": ">="}
_ARITHMETIC = {"+": "+", "-": "-", "*": "*", "/": "/"}


class _GiveUp(Exception):
    """The compiled rule met something the reference evaluator must judge."""


FALLBACK = (_GiveUp, ArithmeticError, KeyError, TypeError, ValueError, OverflowError)
"""What a compiled rule raises when the reference evaluator must decide (callers that
inline ``run`` in a hot loop catch these, then call ``evaluate``)."""


def run(compiled: Compiled, tree: Expr, values: Values, done: Done) -> Value:
    """The value of ``tree`` by its compiled function, or by the reference evaluator if
    the function gives up (which then returns the value or raises the reference's error)."""
    try:
        result: Value = compiled(values, done)
        return result
    except FALLBACK:
        return evaluate(tree, values, done)


def compile_fast(node: Expr, constants: Mapping[str, object] | None = None) -> Compiled:
    """The function computing ``node``; run it inside ``decimal.localcontext(CONTEXT)``.

    ``constants`` are names whose values are fixed (a policy year's parameters): written
    into the function, they need not be in the ``values`` it is called with."""
    return _Writer(constants).function(node)


def compile_tests(guards: Sequence[Expr],
                  constants: Mapping[str, object] | None = None) -> Compiled:
    """One function computing every guard of ``guards``, as a tuple of booleans (it gives
    up where one is not a boolean): a policy's rules in one call per applicant. A guard
    after one that gives up is not reached; ``run`` on each guard then says which."""
    return _Writer(constants).function(*guards, truth=True)


def _member(a: Any, b: Any) -> bool:
    """``in``: equal to an item of a list, within one type (the other operators are
    written inline)."""
    if type(b) is not tuple:
        raise _GiveUp
    return any(type(a) is type(item) and a == item for item in b)


def _extreme(pick: Callable[..., Any], found: tuple[Any, ...]) -> Any:
    kind = type(found[0])
    if kind not in (Decimal, dt.date) or any(type(v) is not kind for v in found):
        raise _GiveUp
    return pick(found)


def _give_up() -> None:
    raise _GiveUp


_HELPERS: dict[str, object] = {
    "Decimal": Decimal, "date": dt.date, "member": _member, "extreme": _extreme,
    "give_up": _give_up, "min": min, "max": max, "abs": abs, "bool": bool,
}


class _Writer:
    """Writes one function's source: each node's value in a temporary ``tN``.

    Only ``and``/``or`` and chained comparisons indent (a later operand runs only when the
    earlier ones did not decide), one level per nesting; the parser refuses trees nested
    past ``MAX_DEPTH`` (50) levels, well within the 100 Python compiles."""

    def __init__(self, constants: Mapping[str, object] | None) -> None:
        self.constants = constants or {}
        self.namespace = dict(_HELPERS)
        self.counter = itertools.count()
        self.lines: list[str] = []

    def function(self, *nodes: Expr, truth: bool = False) -> Compiled:
        """One node's value, or (``truth``) a tuple of the nodes' values, each a boolean."""
        results = [self.value(node, 1) for node in nodes]
        if truth:
            for result in results:
                self.truth(1, result)
        returned = "(" + "".join(f"{r}, " for r in results) + ")" if truth else results[0]
        name = self.fresh("f")
        source = "\n".join([f"def {name}(values, done):", *self.lines,
                            f"    return {returned}"])
        exec(compile(source, f"<rule {name}>", "exec"), self.namespace)  # noqa: S102
        compiled: Compiled = self.namespace[name]  # type: ignore[assignment]
        return compiled

    def fresh(self, prefix: str) -> str:
        return f"{prefix}{next(self.counter)}"

    def constant(self, value: object) -> str:
        name = self.fresh("c")
        self.namespace[name] = value
        return name

    def say(self, indent: int, line: str) -> None:
        self.lines.append("    " * indent + line)

    def value(self, node: Expr, indent: int) -> str:
        """Write the statements computing ``node``; the temporary that holds its value."""
        if isinstance(node, Literal):
            return self.constant(node.value)
        if isinstance(node, Name):
            if node.id in self.constants:
                return self.constant(self.constants[node.id])
            return self.assign(indent, f"values[{self.constant(node.id)}]")
        if isinstance(node, Unary):
            return self.unary(node, indent)
        if isinstance(node, Binary):
            left, right = self.value(node.left, indent), self.value(node.right, indent)
            self.say(indent, f"if type({left}) is not Decimal or type({right}) is not "
                     "Decimal: give_up()")  # dates and mistakes: the reference decides
            return self.assign(indent, f"{left} {_ARITHMETIC[node.op]} {right}")
        if isinstance(node, Compare):
            return self.compare(node, indent)
        if isinstance(node, BoolOp):
            return self.bool_op(node, indent)
        if isinstance(node, ListLit):
            items = [self.value(item, indent) for item in node.items]
            return self.assign(indent, "(" + "".join(f"{item}, " for item in items) + ")")
        return self.call(node, indent)

    def assign(self, indent: int, expression: str) -> str:
        name = self.fresh("t")
        self.say(indent, f"{name} = {expression}")
        return name

    def truth(self, indent: int, name: str) -> None:
        self.say(indent, f"if {name} is not True and {name} is not False: give_up()")

    def unary(self, node: Unary, indent: int) -> str:
        operand = self.value(node.operand, indent)
        if node.op == "not":
            self.truth(indent, operand)
            return self.assign(indent, f"not {operand}")
        self.say(indent, f"if type({operand}) is not Decimal: give_up()")
        return self.assign(indent, f"-{operand}")

    def holds(self, op: str, left: str, right: str) -> str:
        """An expression for one comparison, its operands already checked if ordered."""
        if op in _ORDER:
            return f"{left} {_ORDER[op]} {right}"
        if op in ("==", "!="):  # equal only within one type: ``True == Decimal(1)`` is not
            same = f"(type({left}) is type({right}) and {left} == {right})"
            return same if op == "==" else f"not {same}"
        return f"{'not ' if op == 'not in' else ''}member({left}, {right})"

    def ordered(self, indent: int, left: str, right: str) -> None:
        self.say(indent, f"if type({left}) is not type({right}) or (type({left}) is not "
                 f"Decimal and type({left}) is not date): give_up()")

    def compare(self, node: Compare, indent: int) -> str:
        """A chain stops at its first false link: later operands are not evaluated."""
        result = self.fresh("t")
        left = self.value(node.operands[0], indent)
        self.say(indent, f"{result} = True")
        for position, (op, operand) in enumerate(zip(node.ops, node.operands[1:],
                                                     strict=True)):
            depth = indent
            if position:
                self.say(indent, f"if {result}:")
                depth += 1
            right = self.value(operand, depth)
            if op in _ORDER:
                self.ordered(depth, left, right)
            self.say(depth, f"if not ({self.holds(op, left, right)}): {result} = False")
            left = right
        return result

    def bool_op(self, node: BoolOp, indent: int) -> str:
        """``and`` and ``or`` stop at the first operand that decides."""
        decisive = node.op == "or"
        result = self.fresh("t")
        self.say(indent, f"{result} = {not decisive}")
        for position, operand in enumerate(node.operands):
            depth = indent
            if position:
                self.say(indent, f"if {result} is {not decisive}:")
                depth += 1
            value = self.value(operand, depth)
            self.truth(depth, value)
            self.say(depth, f"if {value} is {decisive}: {result} = {decisive}")
        return result

    def call(self, node: Call, indent: int) -> str:
        if node.func == "done":
            argument = node.args[0]
            state = argument.id if isinstance(argument, Name) else ""
            return self.assign(indent, f"bool(done({self.constant(state)}))")
        args = [self.value(arg, indent) for arg in node.args]
        if node.func == "abs":
            self.say(indent, f"if type({args[0]}) is not Decimal: give_up()")
            return self.assign(indent, f"abs({args[0]})")
        pick = "min" if node.func == "min" else "max"
        return self.assign(indent, f"extreme({pick}, ({''.join(a + ', ' for a in args)}))")
