"""Evaluates a checked guard or formula against one application's values, the step the
simulate stage of policy-kit's pipeline (load → check → compile → simulate → render) takes at
every transition.

Arithmetic is exact Decimal under a fixed context, so results never depend on floats or on
a decimal context someone else changed. Types are re-checked as values arrive, because the
values come from users, not from the checker.
"""

from __future__ import annotations

import decimal
import math
import operator
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, assert_never

from policy_kit.errors import ExpressionError
from policy_kit.expr.nodes import (
    Binary,
    BoolOp,
    Call,
    Compare,
    CompareOp,
    Expr,
    ListLit,
    Literal,
    Name,
    Unary,
    Value,
)
from policy_kit.expr.printer import snippet

__all__ = ["evaluate"]

_CONTEXT = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN, Emin=-999_999,
                           Emax=999_999, traps=[decimal.InvalidOperation,
                                                decimal.DivisionByZero, decimal.Overflow])
_ORDER: dict[CompareOp, Callable[[Any, Any], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}
_KIND: dict[type[object], str] = {bool: "a true/false value", Decimal: "a number",
                                  str: "text", date: "a date", tuple: "a list"}
_KIND_ZH: dict[type[object], str] = {bool: "真假值", Decimal: "数字", str: "文本", date: "日期",
                                     tuple: "列表"}


def evaluate(expr: Expr, values: Mapping[str, object], done: Callable[[str], bool],
             issued: Callable[[str], bool] | None = None, ended: bool | None = None) -> Value:
    """The value of ``expr``; ``values`` may hold ints (and floats, read by their shortest
    decimal text) for numbers, and lists for lists; ``done(state)`` says whether the case
    has passed ``state``. ``issued(certificate)`` and ``ended`` answer the case functions
    of a declared property; without them, calling those functions is an error."""
    with decimal.localcontext(_CONTEXT):
        return _Evaluator(values, done, issued, ended).run(expr)


def _kind(value: Value) -> str:
    return _KIND.get(type(value), type(value).__name__)


def _kind_zh(value: Value) -> str:
    return _KIND_ZH.get(type(value), type(value).__name__)


def _normal(raw: object, name: Name) -> Value:
    """A value as the evaluator works with it, or an error naming the attribute."""
    if isinstance(raw, bool | str | Decimal) or (isinstance(raw, date)
                                                 and not isinstance(raw, datetime)):
        if isinstance(raw, Decimal) and not raw.is_finite():
            raise ExpressionError(f"`{name.id}` is {raw}, not a number", name.start,
                                  zh=(f"`{name.id}` 的值是 `{raw}`，不是数字", ""))
        return raw
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise ExpressionError(f"`{name.id}` is {raw}, not a number", name.start,
                                  zh=(f"`{name.id}` 的值是 `{raw}`，不是数字", ""))
        return Decimal(repr(raw))
    if isinstance(raw, list | tuple | set | frozenset):
        return tuple(_normal(item, name) for item in raw)
    raise ExpressionError(f"`{name.id}` holds a {type(raw).__name__}, which guards cannot use",
                          name.start, "give a bool, number, text, date or list",
                          zh=(f"`{name.id}` 的值是 `{type(raw).__name__}` 类型，条件中不能使用",
                              "请给出真假值、数字、文本、日期或列表"))


def _equal(left: Value, right: Value) -> bool:
    """Equality that never confuses ``True`` with ``Decimal(1)``."""
    return type(left) is type(right) and left == right


class _Evaluator:
    def __init__(self, values: Mapping[str, object], done: Callable[[str], bool],
                 issued: Callable[[str], bool] | None, ended: bool | None) -> None:
        self._values = values
        self._done = done
        self._issued = issued
        self._ended = ended

    def run(self, node: Expr) -> Value:
        match node:
            case Literal():
                return node.value
            case Name():
                if node.id not in self._values:
                    raise ExpressionError(f"no value for `{node.id}`", node.start,
                                          zh=(f"`{node.id}` 没有值", ""))
                return _normal(self._values[node.id], node)
            case Unary():
                if node.op == "not":
                    return not self._bool(node.operand)
                return -self._number(node.operand)
            case Binary():
                return self._binary(node)
            case Compare():
                return self._compare(node)
            case BoolOp():
                return self._bool_op(node)
            case ListLit():
                return tuple(self.run(item) for item in node.items)
            case Call():
                return self._call(node)
        assert_never(node)

    def _typed(self, node: Expr, kind: type[object]) -> Value:
        value = self.run(node)
        if type(value) is not kind:
            raise ExpressionError(f"`{snippet(node)}` should be {_KIND[kind]}, but is "
                                  f"{_kind(value)}", node.start,
                                  zh=(f"`{snippet(node)}` 应当是{_KIND_ZH[kind]}，实际是"
                                      f"{_kind_zh(value)}", ""))
        return value

    def _bool(self, node: Expr) -> bool:
        value = self._typed(node, bool)
        assert isinstance(value, bool)
        return value

    def _number(self, node: Expr) -> Decimal:
        value = self._typed(node, Decimal)
        assert isinstance(value, Decimal)
        return value

    def _bool_op(self, node: BoolOp) -> bool:
        decisive = node.op == "or"  # the value that settles the whole chain
        for item in node.operands:
            if self._bool(item) == decisive:
                return decisive
        return not decisive

    def _date(self, node: Expr) -> date:
        value = self._typed(node, date)
        assert isinstance(value, date)
        return value

    def _binary(self, node: Binary) -> Value:
        left, right = self.run(node.left), self.run(node.right)
        try:
            if isinstance(left, Decimal) and isinstance(right, Decimal):
                return _arithmetic(node, left, right)
            if isinstance(left, date) and isinstance(right, Decimal) and node.op in "+-":
                return _shift(node, left, right if node.op == "+" else -right)
            if isinstance(left, Decimal) and isinstance(right, date) and node.op == "+":
                return _shift(node, right, left)
            if isinstance(left, date) and isinstance(right, date) and node.op == "-":
                return Decimal((left - right).days)
        except ArithmeticError:
            raise ExpressionError(f"`{snippet(node)}` is too large to compute",
                                  node.op_start, zh=(f"`{snippet(node)}` 太大，无法计算", "")
                                  ) from None
        raise ExpressionError(f"type mismatch: `{snippet(node)}` combines {_kind(left)} with "
                              f"{_kind(right)}", node.start,
                              zh=(f"类型不匹配：`{snippet(node)}` 把{_kind_zh(left)}和"
                                  f"{_kind_zh(right)}放在一起运算", ""))

    def _compare(self, node: Compare) -> bool:
        left = self.run(node.operands[0])
        for index, op in enumerate(node.ops):
            right_node = node.operands[index + 1]
            right = self.run(right_node)
            at = node.op_starts[index] if index < len(node.op_starts) else right_node.start
            if not _holds(op, left, right, at):
                return False
            left = right
        return True

    def _call(self, node: Call) -> Value:
        if node.func == "done":
            arg = node.args[0]
            assert isinstance(arg, Name)
            return bool(self._done(arg.id))
        if node.func == "issued":
            arg = node.args[0]
            assert isinstance(arg, Name)
            if self._issued is None:
                raise ExpressionError("issued() needs a whole case (a declared property)",
                                      node.start, zh=("`issued()` 只能用于整个案件（声明的性质）",
                                                      ""))
            return bool(self._issued(arg.id))
        if node.func == "ended":
            if self._ended is None:
                raise ExpressionError("ended() needs a whole case (a declared property)",
                                      node.start, zh=("`ended()` 只能用于整个案件（声明的性质）",
                                                      ""))
            return self._ended
        if node.func == "abs":
            return abs(self._number(node.args[0]))
        pick = min if node.func == "min" else max
        first = self.run(node.args[0])
        if isinstance(first, Decimal):
            return pick([first] + [self._number(arg) for arg in node.args[1:]])
        if isinstance(first, date):
            return pick([first] + [self._date(arg) for arg in node.args[1:]])
        raise ExpressionError(f"{node.func}() takes numbers or dates, not {_kind(first)}",
                              node.args[0].start,
                              zh=(f"`{node.func}()` 只接受数字或日期，不接受{_kind_zh(first)}",
                                  ""))


def _arithmetic(node: Binary, left: Decimal, right: Decimal) -> Decimal:
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    if right == 0:
        literal = isinstance(node.right, Literal)
        hint = "" if literal else f"`{snippet(node.right)}` is 0 here"
        raise ExpressionError("division by zero", node.op_start, hint, zh=(
            "除数为零", "" if literal else f"`{snippet(node.right)}` 在这里为 0"))
    return left / right


def _shift(node: Binary, day: date, days: Decimal) -> date:
    if days != days.to_integral_value():
        raise ExpressionError(f"`{snippet(node)}` moves a date by {days} days; only whole days "
                              "can be added", node.op_start,
                              zh=(f"`{snippet(node)}` 把日期移动 {days} 天；只能加减整天数", ""))
    try:
        return day + timedelta(days=int(days))
    except (OverflowError, ValueError):
        raise ExpressionError(f"`{snippet(node)}` falls outside the calendar (years 1-9999)",
                              node.op_start,
                              zh=(f"`{snippet(node)}` 超出了日历范围（1-9999 年）", "")) from None


def _holds(op: CompareOp, left: Value, right: Value, at: int) -> bool:
    if op in ("in", "not in"):
        if not isinstance(right, tuple):
            raise ExpressionError(f"`{op}` needs a list, not {_kind(right)}", at,
                                  zh=(f"`{op}` 需要列表，而不是{_kind_zh(right)}", ""))
        found = any(_equal(left, item) for item in right)
        return found if op == "in" else not found
    if op in ("==", "!="):
        return _equal(left, right) == (op == "==")
    if type(left) is not type(right) or not isinstance(left, Decimal | date):
        raise ExpressionError(f"`{op}` cannot order {_kind(left)} and {_kind(right)}", at,
                              zh=(f"`{op}` 不能比较{_kind_zh(left)}和{_kind_zh(right)}的大小", ""))
    return _ORDER[op](left, right)
