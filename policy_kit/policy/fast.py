"""A fast path for evaluating checked rules: each tree compiled once into Python closures.

The compile step of load → check → compile → simulate → render for policies. The award of a
whole year evaluates a dozen rules per applicant, and 100,000 applicants must take seconds;
``policy_kit.expr.evaluate`` walks the tree on every call, which is the reference semantics
but several times slower. These closures compute the same values (a property test drives
random trees and values through both); whenever a closure meets anything unusual — a
missing value, a wrong type, a division by zero — it gives up, and ``run`` asks the
reference evaluator, so errors and their messages are always the reference's own.
"""

from __future__ import annotations

import datetime as dt
import decimal
import operator
from collections.abc import Callable, Mapping
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

__all__ = ["CONTEXT", "FALLBACK", "Compiled", "compile_fast", "run"]

Values = Mapping[str, Any]
Done = Callable[[str], bool]
Compiled = Callable[[Values, Done], Any]

CONTEXT = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN, Emin=-999_999,
                          Emax=999_999, traps=[decimal.InvalidOperation,
                                               decimal.DivisionByZero, decimal.Overflow])
"""The decimal context of the reference evaluator; ``run`` callers enter it once per
applicant instead of once per rule."""

_ORDER = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul,
               "/": operator.truediv}


class _GiveUp(Exception):
    """The closure met something the reference evaluator must judge."""


FALLBACK = (_GiveUp, ArithmeticError, KeyError, TypeError, ValueError, OverflowError)
"""What a closure raises when the reference evaluator must decide (callers that inline
``run`` in a hot loop catch these, then call ``evaluate``)."""


def run(compiled: Compiled, tree: Expr, values: Values, done: Done) -> Value:
    """The value of ``tree`` by its closure, or by the reference evaluator if the closure
    gives up (which then returns the value or raises the reference's error)."""
    try:
        result: Value = compiled(values, done)
        return result
    except FALLBACK:
        return evaluate(tree, values, done)


def compile_fast(node: Expr) -> Compiled:
    """The closure computing ``node``; run it inside ``decimal.localcontext(CONTEXT)``."""
    if isinstance(node, Literal):
        constant = node.value
        return lambda values, done: constant
    if isinstance(node, Name):
        key = node.id
        return lambda values, done: values[key]
    if isinstance(node, Unary):
        return _unary(node)
    if isinstance(node, Binary):
        return _binary(node)
    if isinstance(node, Compare):
        return _compare(node)
    if isinstance(node, BoolOp):
        return _bool_op(node)
    if isinstance(node, ListLit):
        items = [compile_fast(item) for item in node.items]
        return lambda values, done: tuple(item(values, done) for item in items)
    return _call(node)


def _truth(value: object) -> bool:
    if value is True or value is False:
        return value
    raise _GiveUp


def _unary(node: Unary) -> Compiled:
    operand = compile_fast(node.operand)
    if node.op == "not":
        return lambda values, done: not _truth(operand(values, done))

    def negate(values: Values, done: Done) -> Decimal:
        value = operand(values, done)
        if type(value) is not Decimal:
            raise _GiveUp
        return -value

    return negate


def _binary(node: Binary) -> Compiled:
    left, right = compile_fast(node.left), compile_fast(node.right)
    apply = _ARITHMETIC[node.op]

    def arithmetic(values: Values, done: Done) -> Value:
        a, b = left(values, done), right(values, done)
        if type(a) is Decimal and type(b) is Decimal:
            result: Decimal = apply(a, b)
            return result
        raise _GiveUp  # dates and mistakes: the reference evaluator decides

    return arithmetic


def _equal(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b


def _holds(op: str, a: Any, b: Any) -> bool:
    if op == "==":
        return _equal(a, b)
    if op == "!=":
        return not _equal(a, b)
    if op in ("in", "not in"):
        if type(b) is not tuple:
            raise _GiveUp
        found = any(_equal(a, item) for item in b)
        return found if op == "in" else not found
    if type(a) is not type(b) or type(a) not in (Decimal, dt.date):
        raise _GiveUp
    return bool(_ORDER[op](a, b))


def _compare(node: Compare) -> Compiled:
    operands = [compile_fast(item) for item in node.operands]
    ops = list(node.ops)
    if len(ops) == 1 and ops[0] in _ORDER:  # the common case, without `_holds`' dispatch
        first, second = operands
        order = _ORDER[ops[0]]

        def ordered(values: Values, done: Done) -> bool:
            a, b = first(values, done), second(values, done)
            kind = type(a)
            if kind is not type(b) or (kind is not Decimal and kind is not dt.date):
                raise _GiveUp
            return bool(order(a, b))

        return ordered
    if len(ops) == 1:
        first, second = operands
        op = ops[0]
        return lambda values, done: _holds(op, first(values, done), second(values, done))

    def chain(values: Values, done: Done) -> bool:
        left = operands[0](values, done)
        for op, operand in zip(ops, operands[1:], strict=True):
            right = operand(values, done)
            if not _holds(op, left, right):
                return False
            left = right
        return True

    return chain


def _bool_op(node: BoolOp) -> Compiled:
    operands = [compile_fast(item) for item in node.operands]
    decisive = node.op == "or"

    def combine(values: Values, done: Done) -> bool:
        for operand in operands:
            if _truth(operand(values, done)) == decisive:
                return decisive
        return not decisive

    return combine


def _call(node: Call) -> Compiled:
    if node.func == "done":
        argument = node.args[0]
        state = argument.id if isinstance(argument, Name) else ""
        return lambda values, done: bool(done(state))
    args = [compile_fast(arg) for arg in node.args]
    if node.func == "abs":
        only = args[0]

        def absolute(values: Values, done: Done) -> Decimal:
            value = only(values, done)
            if type(value) is not Decimal:
                raise _GiveUp
            return abs(value)

        return absolute
    pick = min if node.func == "min" else max

    def extreme(values: Values, done: Done) -> Value:
        found = [arg(values, done) for arg in args]
        kind = type(found[0])
        if kind not in (Decimal, dt.date) or any(type(v) is not kind for v in found):
            raise _GiveUp
        result: Value = pick(found)
        return result

    return extreme
