"""Type-checks a parsed guard against the declared attributes and states, the heart of the
check stage of policy-kit's pipeline (load → check → compile → simulate → render): every
mistake a guard can hold is found here, before any application is simulated.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from datetime import date
from decimal import Decimal
from typing import assert_never

from policy_kit.errors import ExpressionError
from policy_kit.expr.nodes import (
    CASE_FUNCTIONS,
    FUNCTIONS,
    Binary,
    BoolOp,
    Call,
    Compare,
    CompareOp,
    Expr,
    ListLit,
    Literal,
    LiteralValue,
    Name,
    Unary,
)
from policy_kit.expr.printer import snippet
from policy_kit.expr.valuetype import BOOL, DATE, NUMBER, STRING, ValueType, list_of

__all__ = ["check"]

_ARITHMETIC = {
    ("+", "number", "number"): NUMBER, ("-", "number", "number"): NUMBER,
    ("*", "number", "number"): NUMBER, ("/", "number", "number"): NUMBER,
    ("+", "date", "number"): DATE, ("+", "number", "date"): DATE,
    ("-", "date", "number"): DATE, ("-", "date", "date"): NUMBER,
}
_ARITHMETIC_HINT = {
    "+": ("数字相加,或给日期加上天数", "add numbers, or a number of days to a date"),
    "-": ("数字相减、从日期减去天数,或两个日期相减(得到天数)",
          "subtract numbers, a number of days from a date, or two dates (giving days)"),
    "*": ("只有数字可以相乘", "multiply numbers only"),
    "/": ("只有数字可以相除", "divide numbers only"),
}
_ORDERED = ("number", "date")
_LISTED = 12


def check(expr: Expr, names: Mapping[str, ValueType], states: Collection[str],
          expect: ValueType | None = BOOL,
          certificates: Collection[str] | None = None) -> ValueType:
    """The type of ``expr``; raise ``ExpressionError`` at the first unknown name or state,
    ill-typed operation, or (when ``expect`` is given) a result of the wrong type.

    ``certificates`` is given only for a declared property, where ``issued(...)`` and
    ``ended()`` may be used; without it (guards, formulas) they are refused.
    """
    found = _Checker(names, states, certificates).type_of(expr)
    if expect is not None and found != expect:
        if expect == BOOL:
            raise ExpressionError(f"a guard must be true or false, but this gives "
                                  f"{found.describe()}", expr.start,
                                  "compare it with something, like x > 0",
                                  (f"条件必须是真或假,但这里得到{found.describe('zh')}",
                                   "把它和某个值比较,例如 `x > 0`"))
        raise ExpressionError(f"expected {expect.describe()}, but this gives "
                              f"{found.describe()}", expr.start,
                              zh=(f"应为{expect.describe('zh')},但这里得到"
                                  f"{found.describe('zh')}", ""))
    return found


def _literal_type(value: LiteralValue) -> ValueType:
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, Decimal):
        return NUMBER
    return DATE if isinstance(value, date) else STRING


def _unknown(what: str, name: str, known: Collection[str], offset: int,
             declared: str) -> ExpressionError:
    what_zh, declared_zh = _WHAT_ZH.get(what, what), _WHAT_ZH.get(declared, declared)
    close = difflib.get_close_matches(name, list(known), n=1)
    if close:
        hint, hint_zh = f"did you mean `{close[0]}`?", f"是不是 `{close[0]}`?"
    elif known:
        listed = sorted(known)
        more = ", …" if len(listed) > _LISTED else ""
        shown = ", ".join(listed[:_LISTED]) + more
        hint, hint_zh = f"declared {declared}: {shown}", f"已声明的{declared_zh}:{shown}"
    else:
        hint, hint_zh = f"no {declared} are declared", f"没有声明任何{declared_zh}"
    return ExpressionError(f"unknown {what} `{name}`", offset, hint,
                           (f"未知的{what_zh} `{name}`", hint_zh))


_WHAT_ZH = {"name": "名称", "attributes": "属性", "state": "状态", "states": "状态",
            "certificate": "证照", "certificates": "证照"}


def _equatable(left: ValueType, right: ValueType) -> bool:
    if left.kind == "enum" and right.kind == "enum":
        return left.values == right.values
    if {left.kind, right.kind} == {"enum", "string"}:
        return True
    return left.kind == right.kind and left.kind != "list"


class _Checker:
    def __init__(self, names: Mapping[str, ValueType], states: Collection[str],
                 certificates: Collection[str] | None) -> None:
        self._names = names
        self._states = states
        self._certificates = certificates

    def type_of(self, node: Expr) -> ValueType:
        match node:
            case Literal():
                return _literal_type(node.value)
            case Name():
                return self._name(node)
            case Unary():
                return self._unary(node)
            case Binary():
                return self._binary(node)
            case Compare():
                return self._compare(node)
            case BoolOp():
                for operand in node.operands:
                    self._require(operand, BOOL, f"`{node.op}` joins true/false values",
                                  f"`{node.op}` 连接的是真假值")
                return BOOL
            case ListLit():
                return self._list(node, None, None)
            case Call():
                return self._call(node)
        assert_never(node)

    def _require(self, node: Expr, wanted: ValueType, why: str, why_zh: str) -> ValueType:
        found = self.type_of(node)
        if found != wanted:
            raise ExpressionError(f"{why}, but `{snippet(node)}` is {found.describe()}",
                                  node.start, zh=(f"{why_zh},但 `{snippet(node)}` 是"
                                                  f"{found.describe('zh')}", ""))
        return found

    def _name(self, node: Name) -> ValueType:
        found = self._names.get(node.id)
        if found is not None:
            return found
        if node.id in self._states:
            raise ExpressionError(f"unknown name `{node.id}`", node.start, f"`{node.id}` is a "
                                  f"state; write done({node.id}) to ask if it was passed",
                                  (f"未知的名称 `{node.id}`", f"`{node.id}` 是状态;要问案件是否"
                                   f"经过它,写 done({node.id})"))
        if node.id in FUNCTIONS or node.id in CASE_FUNCTIONS:
            raise ExpressionError(f"unknown name `{node.id}`", node.start, f"`{node.id}` is a "
                                  f"function; call it, like {node.id}(...)",
                                  (f"未知的名称 `{node.id}`", f"`{node.id}` 是函数;要调用它,"
                                   f"例如 {node.id}(...)"))
        raise _unknown("name", node.id, self._names, node.start, "attributes")

    def _unary(self, node: Unary) -> ValueType:
        if node.op == "not":
            return self._require(node.operand, BOOL, "`not` needs a true/false value",
                                 "`not` 需要真假值")
        return self._require(node.operand, NUMBER, "`-` needs a number", "`-` 需要数字")

    def _binary(self, node: Binary) -> ValueType:
        left, right = self.type_of(node.left), self.type_of(node.right)
        result = _ARITHMETIC.get((node.op, left.kind, right.kind))
        if result is None:
            raise ExpressionError(f"type mismatch: `{snippet(node)}` combines "
                                  f"{left.describe()} with {right.describe()}", node.start,
                                  _ARITHMETIC_HINT[node.op][1],
                                  (f"类型不符:`{snippet(node)}` 把{left.describe('zh')}和"
                                   f"{right.describe('zh')}放在一起计算",
                                   _ARITHMETIC_HINT[node.op][0]))
        return result

    def _compare(self, node: Compare) -> ValueType:
        left_node = node.operands[0]
        left = self.type_of(left_node)
        for op, right_node in zip(node.ops, node.operands[1:], strict=False):
            if op in ("in", "not in"):
                right = (self._list(right_node, left, left_node)
                         if isinstance(right_node, ListLit) else self.type_of(right_node))
                self._membership(left_node, left, right_node, right, op)
            else:
                right = self.type_of(right_node)
                self._pair(left_node, left, right_node, right, op)
            left_node, left = right_node, right
        return BOOL

    def _pair(self, left_node: Expr, left: ValueType, right_node: Expr, right: ValueType,
              op: CompareOp) -> None:
        text = snippet(Compare((left_node, right_node), (op,)))
        if not _equatable(left, right):
            raise ExpressionError(f"type mismatch: `{text}` compares {left.describe()} with "
                                  f"{right.describe()}", left_node.start,
                                  zh=(f"类型不符:`{text}` 把{left.describe('zh')}和"
                                      f"{right.describe('zh')}比较", ""))
        if op not in ("==", "!=") and left.kind not in _ORDERED:
            raise ExpressionError(f"`{op}` orders numbers and dates only; `{text}` compares "
                                  f"{left.describe()} with {right.describe()}",
                                  left_node.start, "use == or != here",
                                  (f"`{op}` 只能比较数字或日期的大小;`{text}` 比较的是"
                                   f"{left.describe('zh')}和{right.describe('zh')}",
                                   "这里用 == 或 !="))
        self._enum_value(left, right_node, left_node)
        self._enum_value(right, left_node, right_node)

    def _enum_value(self, enum: ValueType, node: Expr, enum_node: Expr) -> None:
        """A string literal compared with an enum must be one of its values."""
        if enum.kind != "enum" or not isinstance(node, Literal):
            return
        if not isinstance(node.value, str) or node.value in enum.values:
            return
        owner = f" for `{enum_node.id}`" if isinstance(enum_node, Name) else ""
        owner_zh = f"(`{enum_node.id}` 的取值)" if isinstance(enum_node, Name) else ""
        close = difflib.get_close_matches(node.value, enum.values, n=1)
        guess = f'did you mean "{close[0]}"? ' if close else ""
        guess_zh = f'是不是 `"{close[0]}"`?' if close else ""
        allowed = ", ".join(f'"{value}"' for value in enum.values)
        raise ExpressionError(f'unknown value "{node.value}"{owner}', node.start,
                              f"{guess}allowed values: {allowed}",
                              (f'未知的取值 `"{node.value}"`{owner_zh}',
                               f"{guess_zh}允许的取值:`{allowed}`"))

    def _membership(self, left_node: Expr, left: ValueType, right_node: Expr,
                    right: ValueType, op: CompareOp) -> None:
        if right.kind != "list":
            raise ExpressionError(f"`{op}` needs a list on its right, but `{snippet(right_node)}`"
                                  f" is {right.describe()}", right_node.start,
                                  "write x in [a, b]",
                                  (f"`{op}` 的右边需要列表,但 `{snippet(right_node)}` 是"
                                   f"{right.describe('zh')}", "写成 `x in [a, b]`"))
        if right.item is not None and not _equatable(left, right.item):
            text = snippet(Compare((left_node, right_node), (op,)))
            raise ExpressionError(f"type mismatch: `{text}` looks for {left.describe()} in "
                                  f"{right.describe()}", left_node.start,
                                  zh=(f"类型不符:`{text}` 在{right.describe('zh')}中找"
                                      f"{left.describe('zh')}", ""))

    def _list(self, node: ListLit, want: ValueType | None, owner: Expr | None) -> ValueType:
        """A list literal's type; ``want`` is the type of ``owner``, looked for in it."""
        for item in node.items:
            found = self.type_of(item)
            if want is None:
                want = found
            if not _equatable(want, found):
                raise ExpressionError(f"type mismatch: list item `{snippet(item)}` is "
                                      f"{found.describe()}, but the list holds "
                                      f"{want.describe()}", item.start,
                                      zh=(f"类型不符:列表项 `{snippet(item)}` 是"
                                          f"{found.describe('zh')},但列表装的是"
                                          f"{want.describe('zh')}", ""))
            self._enum_value(want, item, owner or node)
        return ValueType("list") if want is None else list_of(want)

    def _call(self, node: Call) -> ValueType:
        if node.func in CASE_FUNCTIONS:
            return self._case_call(node)
        if node.func == "done":
            arg = node.args[0] if len(node.args) == 1 else None
            if not isinstance(arg, Name):
                raise ExpressionError("done() takes exactly one bare state id", node.start,
                                      zh=("done() 只接受一个不加引号的状态标识", ""))
            if arg.id not in self._states:
                raise _unknown("state", arg.id, self._states, arg.start, "states")
            return BOOL
        if node.func == "abs":
            if len(node.args) != 1:
                raise ExpressionError("abs() takes exactly one number", node.start,
                                      zh=("abs() 只接受一个数字", ""))
            return self._require(node.args[0], NUMBER, "abs() needs a number",
                                 "abs() 需要数字")
        if len(node.args) < 2:
            raise ExpressionError(f"{node.func}() needs at least two values", node.start,
                                  zh=(f"{node.func}() 至少需要两个值", ""))
        first = self.type_of(node.args[0])
        if first.kind not in _ORDERED:
            raise ExpressionError(f"{node.func}() takes numbers or dates, but "
                                  f"`{snippet(node.args[0])}` is {first.describe()}",
                                  node.args[0].start,
                                  zh=(f"{node.func}() 接受数字或日期,但 "
                                      f"`{snippet(node.args[0])}` 是{first.describe('zh')}", ""))
        for arg in node.args[1:]:
            self._require(arg, first, f"{node.func}() cannot mix types: it started with "
                                      f"{first.describe()}",
                          f"{node.func}() 不能混用类型:它的第一个值是{first.describe('zh')}")
        return first

    def _case_call(self, node: Call) -> ValueType:
        """``issued(certificate)`` and ``ended()``: only in declared properties."""
        if self._certificates is None:
            raise ExpressionError(f"{node.func}() describes a whole case; it can be used in "
                                  "`properties:`, not here", node.start,
                                  "a guard asks about the history with done(state)",
                                  (f"{node.func}() 描述整个案件,只能用在 `properties:` 中,"
                                   "不能用在这里", "条件用 `done(state)` 询问案件经过的状态"))
        if node.func == "ended":
            if node.args:
                raise ExpressionError("ended() takes no arguments", node.start,
                                      zh=("ended() 不接受参数", ""))
            return BOOL
        arg = node.args[0] if len(node.args) == 1 else None
        if not isinstance(arg, Name):
            raise ExpressionError("issued() takes exactly one bare certificate id", node.start,
                                  zh=("issued() 只接受一个不加引号的证照标识", ""))
        if arg.id not in self._certificates:
            raise _unknown("certificate", arg.id, self._certificates, arg.start, "certificates")
        return BOOL
