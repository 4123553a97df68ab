"""The syntax tree of a guard or formula, the form in which the check stage of policy-kit's
pipeline (load → check → compile → simulate → render) hands expressions to every later stage.

Offsets (``start``, ``end`` and operator positions) are left out of equality, so two trees
that say the same thing compare equal wherever their text was written.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypeAlias

__all__ = [
    "CASE_FUNCTIONS", "FUNCTIONS", "Binary", "BinaryOp", "BoolOp", "BoolOpName", "Call", "Compare",
    "CompareOp", "Expr", "FunctionName", "ListLit", "Literal", "LiteralValue", "Name",
    "Unary", "UnaryOp", "Value", "asks_ended", "children", "done_states", "issued_certificates",
    "names_used", "required_done", "thresholds", "walk",
]

Value: TypeAlias = bool | Decimal | str | date | tuple["Value", ...]
LiteralValue: TypeAlias = bool | Decimal | str | date

UnaryOp = typing.Literal["-", "not"]
BinaryOp = typing.Literal["+", "-", "*", "/"]
CompareOp = typing.Literal["==", "!=", "<", "<=", ">", ">=", "in", "not in"]
BoolOpName = typing.Literal["and", "or"]
FunctionName = typing.Literal["min", "max", "abs", "done", "issued", "ended"]

FUNCTIONS: tuple[FunctionName, ...] = ("min", "max", "abs", "done")
"""The functions a guard or formula may call."""
CASE_FUNCTIONS: tuple[FunctionName, ...] = ("issued", "ended")
"""Functions about a whole case, for declared properties only: ``issued(certificate)`` (the
case has been issued it) and ``ended()`` (the case has reached an outcome). A transition's
guard cannot read them: the machine decides its moves from attributes and ``done``."""


@dataclass(frozen=True, eq=False)
class Literal:
    """A constant; equality also compares the Python type, since ``True == Decimal(1)``."""

    value: LiteralValue
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Literal):
            return NotImplemented
        return type(self.value) is type(other.value) and self.value == other.value

    def __hash__(self) -> int:
        return hash((type(self.value), self.value))


@dataclass(frozen=True)
class Name:
    """A declared attribute, or (only as the argument of ``done``) a state id."""

    id: str
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Unary:
    op: UnaryOp
    operand: Expr
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Binary:
    """Arithmetic; ``op_start`` is kept so division by zero can point at the ``/``."""

    op: BinaryOp
    left: Expr
    right: Expr
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)
    op_start: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Compare:
    """A comparison chain: ``0 < x <= 10`` has three operands and two ops."""

    operands: tuple[Expr, ...]
    ops: tuple[CompareOp, ...]
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)
    op_starts: tuple[int, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class BoolOp:
    """``a and b and c`` kept flat, as written."""

    op: BoolOpName
    operands: tuple[Expr, ...]
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)


@dataclass(frozen=True)
class ListLit:
    """``[a, b]``; the parser only allows it right after ``in`` / ``not in``."""

    items: tuple[Expr, ...]
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Call:
    func: FunctionName
    args: tuple[Expr, ...]
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)


Expr: TypeAlias = Literal | Name | Unary | Binary | Compare | BoolOp | ListLit | Call


def children(node: Expr) -> tuple[Expr, ...]:
    """The direct sub-expressions of ``node``, in text order."""
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    if isinstance(node, Compare | BoolOp):
        return node.operands
    if isinstance(node, ListLit):
        return node.items
    if isinstance(node, Call):
        return node.args
    return ()


def walk(node: Expr) -> Iterator[Expr]:
    """Every node of the tree, without recursion (so no tree is too deep to walk)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))


def names_used(expr: Expr) -> frozenset[str]:
    """The attributes ``expr`` reads (ids inside ``done(...)`` and ``issued(...)`` are not
    attributes)."""
    found: set[str] = set()
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Name):
            found.add(node.id)
        elif not (isinstance(node, Call) and node.func in ("done", "issued")):
            stack.extend(children(node))
    return frozenset(found)


_ORDERING = frozenset(("==", "!=", "<", "<=", ">", ">="))


def thresholds(expr: Expr) -> dict[str, tuple[Decimal, ...]]:
    """The attributes ``expr`` only ever compares with number literals (``x >= 10000``,
    ``0 < x <= 5``), each with those numbers, sorted: for such an attribute, the value of
    ``expr`` depends only on where a number falls among them (below, equal to one,
    between two, above), not on the number itself. A simulator that remembers a guard's
    answers can then remember one per interval instead of one per drawn amount."""
    uses: dict[str, int] = {}
    compared: dict[str, set[Decimal]] = {}
    for node in walk(expr):
        if isinstance(node, Name):
            uses[node.id] = uses.get(node.id, 0) + 1
        elif isinstance(node, Compare):
            for i, operand in enumerate(node.operands):
                if not isinstance(operand, Name):
                    continue
                neighbours = [(node.ops[i - 1], node.operands[i - 1])] if i else []
                if i < len(node.ops):
                    neighbours.append((node.ops[i], node.operands[i + 1]))
                numbers = [other.value for op, other in neighbours if op in _ORDERING
                           and isinstance(other, Literal) and type(other.value) is Decimal]
                if len(numbers) == len(neighbours):
                    compared.setdefault(operand.id, set()).update(
                        numbers)
                    uses[operand.id] = uses.get(operand.id, 0) - 1
        elif isinstance(node, Call) and node.func in ("done", "issued"):
            for arg in node.args:  # a state or certificate id, not an attribute
                if isinstance(arg, Name):
                    uses[arg.id] = uses.get(arg.id, 0) - 1
    return {name: tuple(sorted(values)) for name, values in compared.items()
            if uses.get(name) == 0}


def done_states(expr: Expr) -> frozenset[str]:
    """The states ``expr`` asks about through ``done(...)``."""
    return frozenset(arg.id for node in walk(expr) if isinstance(node, Call)
                     and node.func == "done" for arg in node.args if isinstance(arg, Name))


def required_done(expr: Expr) -> frozenset[str]:
    """The states ``expr`` cannot hold without: ``done(x)`` as the whole condition or as an
    operand of its outermost ``and``. (``not done(x)`` or ``done(x) or …`` require nothing.)"""
    operands = expr.operands if isinstance(expr, BoolOp) and expr.op == "and" else (expr,)
    return frozenset(arg.id for node in operands if isinstance(node, Call)
                     and node.func == "done" for arg in node.args if isinstance(arg, Name))


def issued_certificates(expr: Expr) -> frozenset[str]:
    """The certificates ``expr`` asks about through ``issued(...)``."""
    return frozenset(arg.id for node in walk(expr) if isinstance(node, Call)
                     and node.func == "issued" for arg in node.args if isinstance(arg, Name))


def asks_ended(expr: Expr) -> bool:
    """Whether ``expr`` calls ``ended()``."""
    return any(isinstance(node, Call) and node.func == "ended" for node in walk(expr))
