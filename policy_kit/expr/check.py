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
    "+": "add numbers, or a number of days to a date",
    "-": "subtract numbers, a number of days from a date, or two dates (giving days)",
    "*": "multiply numbers only", "/": "divide numbers only",
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
                                  "compare it with something, like x > 0")
        raise ExpressionError(f"expected {expect.describe()}, but this gives "
                              f"{found.describe()}", expr.start)
    return found


def _literal_type(value: LiteralValue) -> ValueType:
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, Decimal):
        return NUMBER
    return DATE if isinstance(value, date) else STRING


def _unknown(what: str, name: str, known: Collection[str], offset: int,
             declared: str) -> ExpressionError:
    close = difflib.get_close_matches(name, list(known), n=1)
    if close:
        hint = f"did you mean `{close[0]}`?"
    elif known:
        listed = sorted(known)
        more = ", …" if len(listed) > _LISTED else ""
        hint = f"declared {declared}: " + ", ".join(listed[:_LISTED]) + more
    else:
        hint = f"no {declared} are declared"
    return ExpressionError(f"unknown {what} `{name}`", offset, hint)


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
                    self._require(operand, BOOL, f"`{node.op}` joins true/false values")
                return BOOL
            case ListLit():
                return self._list(node, None, None)
            case Call():
                return self._call(node)
        assert_never(node)

    def _require(self, node: Expr, wanted: ValueType, why: str) -> ValueType:
        found = self.type_of(node)
        if found != wanted:
            raise ExpressionError(f"{why}, but `{snippet(node)}` is {found.describe()}",
                                  node.start)
        return found

    def _name(self, node: Name) -> ValueType:
        found = self._names.get(node.id)
        if found is not None:
            return found
        if node.id in self._states:
            raise ExpressionError(f"unknown name `{node.id}`", node.start, f"`{node.id}` is a "
                                  f"state; write done({node.id}) to ask if it was passed")
        if node.id in FUNCTIONS or node.id in CASE_FUNCTIONS:
            raise ExpressionError(f"unknown name `{node.id}`", node.start, f"`{node.id}` is a "
                                  f"function; call it, like {node.id}(...)")
        raise _unknown("name", node.id, self._names, node.start, "attributes")

    def _unary(self, node: Unary) -> ValueType:
        if node.op == "not":
            return self._require(node.operand, BOOL, "`not` needs a true/false value")
        return self._require(node.operand, NUMBER, "`-` needs a number")

    def _binary(self, node: Binary) -> ValueType:
        left, right = self.type_of(node.left), self.type_of(node.right)
        result = _ARITHMETIC.get((node.op, left.kind, right.kind))
        if result is None:
            raise ExpressionError(f"type mismatch: `{snippet(node)}` combines "
                                  f"{left.describe()} with {right.describe()}", node.start,
                                  _ARITHMETIC_HINT[node.op])
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
                                  f"{right.describe()}", left_node.start)
        if op not in ("==", "!=") and left.kind not in _ORDERED:
            raise ExpressionError(f"`{op}` orders numbers and dates only; `{text}` compares "
                                  f"{left.describe()} with {right.describe()}",
                                  left_node.start, "use == or != here")
        self._enum_value(left, right_node, left_node)
        self._enum_value(right, left_node, right_node)

    def _enum_value(self, enum: ValueType, node: Expr, enum_node: Expr) -> None:
        """A string literal compared with an enum must be one of its values."""
        if enum.kind != "enum" or not isinstance(node, Literal):
            return
        if not isinstance(node.value, str) or node.value in enum.values:
            return
        owner = f" for `{enum_node.id}`" if isinstance(enum_node, Name) else ""
        close = difflib.get_close_matches(node.value, enum.values, n=1)
        guess = f'did you mean "{close[0]}"? ' if close else ""
        allowed = ", ".join(f'"{value}"' for value in enum.values)
        raise ExpressionError(f'unknown value "{node.value}"{owner}', node.start,
                              f"{guess}allowed values: {allowed}")

    def _membership(self, left_node: Expr, left: ValueType, right_node: Expr,
                    right: ValueType, op: CompareOp) -> None:
        if right.kind != "list":
            raise ExpressionError(f"`{op}` needs a list on its right, but `{snippet(right_node)}`"
                                  f" is {right.describe()}", right_node.start,
                                  "write x in [a, b]")
        if right.item is not None and not _equatable(left, right.item):
            text = snippet(Compare((left_node, right_node), (op,)))
            raise ExpressionError(f"type mismatch: `{text}` looks for {left.describe()} in "
                                  f"{right.describe()}", left_node.start)

    def _list(self, node: ListLit, want: ValueType | None, owner: Expr | None) -> ValueType:
        """A list literal's type; ``want`` is the type of ``owner``, looked for in it."""
        for item in node.items:
            found = self.type_of(item)
            if want is None:
                want = found
            if not _equatable(want, found):
                raise ExpressionError(f"type mismatch: list item `{snippet(item)}` is "
                                      f"{found.describe()}, but the list holds "
                                      f"{want.describe()}", item.start)
            self._enum_value(want, item, owner or node)
        return ValueType("list") if want is None else list_of(want)

    def _call(self, node: Call) -> ValueType:
        if node.func in CASE_FUNCTIONS:
            return self._case_call(node)
        if node.func == "done":
            arg = node.args[0] if len(node.args) == 1 else None
            if not isinstance(arg, Name):
                raise ExpressionError("done() takes exactly one bare state id", node.start)
            if arg.id not in self._states:
                raise _unknown("state", arg.id, self._states, arg.start, "states")
            return BOOL
        if node.func == "abs":
            if len(node.args) != 1:
                raise ExpressionError("abs() takes exactly one number", node.start)
            return self._require(node.args[0], NUMBER, "abs() needs a number")
        if len(node.args) < 2:
            raise ExpressionError(f"{node.func}() needs at least two values", node.start)
        first = self.type_of(node.args[0])
        if first.kind not in _ORDERED:
            raise ExpressionError(f"{node.func}() takes numbers or dates, but "
                                  f"`{snippet(node.args[0])}` is {first.describe()}",
                                  node.args[0].start)
        for arg in node.args[1:]:
            self._require(arg, first, f"{node.func}() cannot mix types: it started with "
                                      f"{first.describe()}")
        return first

    def _case_call(self, node: Call) -> ValueType:
        """``issued(certificate)`` and ``ended()``: only in declared properties."""
        if self._certificates is None:
            raise ExpressionError(f"{node.func}() describes a whole case; it can be used in "
                                  "`properties:`, not here", node.start,
                                  "a guard asks about the history with done(state)")
        if node.func == "ended":
            if node.args:
                raise ExpressionError("ended() takes no arguments", node.start)
            return BOOL
        arg = node.args[0] if len(node.args) == 1 else None
        if not isinstance(arg, Name):
            raise ExpressionError("issued() takes exactly one bare certificate id", node.start)
        if arg.id not in self._certificates:
            raise _unknown("certificate", arg.id, self._certificates, arg.start, "certificates")
        return BOOL
