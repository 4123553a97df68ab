"""Prints a syntax tree back as canonical guard text, for the render stage of policy-kit's
pipeline (load → check → compile → simulate → render) and for error messages that quote a
part of an expression.

Parentheses are added only where the tree needs them, and always where leaving them out
would re-parse differently, so ``parse(to_text(tree)) == tree``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import assert_never

from policy_kit.expr.nodes import (
    Binary,
    BoolOp,
    Call,
    Compare,
    Expr,
    ListLit,
    Literal,
    LiteralValue,
    Name,
    Unary,
)

__all__ = ["snippet", "to_text", "value_text"]

# Precedence, low to high, matching the parser's binding powers.
_OR, _AND, _NOT, _COMPARE, _SUM, _PRODUCT, _NEGATE, _ATOM = 1, 2, 3, 4, 5, 6, 7, 8
_SNIPPET = 60


def to_text(expr: Expr) -> str:
    """Canonical text of ``expr``: single spaces around operators, double-quoted strings."""
    match expr:
        case Literal():
            return _literal(expr.value)
        case Name():
            return expr.id
        case Unary():
            if expr.op == "not":
                return "not " + _operand(expr.operand, _NOT)
            return "-" + _operand(expr.operand, _NEGATE)
        case Binary():
            power = _SUM if expr.op in ("+", "-") else _PRODUCT
            return (f"{_operand(expr.left, power)} {expr.op} "
                    f"{_operand(expr.right, power + 1)}")
        case Compare():
            parts = [_operand(expr.operands[0], _SUM)]
            for op, operand in zip(expr.ops, expr.operands[1:], strict=False):
                parts += [op, _operand(operand, _SUM)]
            return " ".join(parts)
        case BoolOp():
            power = _OR if expr.op == "or" else _AND
            return f" {expr.op} ".join(_operand(item, power + 1) for item in expr.operands)
        case ListLit():
            return "[" + ", ".join(to_text(item) for item in expr.items) + "]"
        case Call():
            return f"{expr.func}(" + ", ".join(to_text(arg) for arg in expr.args) + ")"
    assert_never(expr)


def snippet(expr: Expr) -> str:
    """``to_text`` cut short enough to quote inside an error message."""
    text = to_text(expr)
    return text if len(text) <= _SNIPPET else text[:_SNIPPET - 1] + "…"


def _precedence(expr: Expr) -> int:
    if isinstance(expr, BoolOp):
        return _OR if expr.op == "or" else _AND
    if isinstance(expr, Unary):
        return _NOT if expr.op == "not" else _NEGATE
    if isinstance(expr, Compare):
        return _COMPARE
    if isinstance(expr, Binary):
        return _SUM if expr.op in ("+", "-") else _PRODUCT
    return _ATOM


def _operand(expr: Expr, needed: int) -> str:
    text = to_text(expr)
    return text if _precedence(expr) >= needed else f"({text})"


def value_text(value: object) -> str:
    """An attribute's value as a definition file writes it, for ``name=value`` lists in
    counterexamples, paths and explanations: ``true`` (not Python's ``True``), ``82``,
    ``2024-02-19``, ``industrial`` (text unquoted), ``[a, b]``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else (
            format(value, "f"))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list | frozenset | set):
        items = sorted(value, key=str) if isinstance(value, frozenset | set) else value
        return "[" + ", ".join(value_text(v) for v in items) + "]"
    if value is None:
        return "?"
    return str(value)


def _literal(value: LiteralValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\t", "\\t"))
    return f'"{escaped}"'
