"""Guards as solver formulas: for every expression a term, and the condition under which
evaluating it fails, so that the solver answers as the guard evaluator does.

Part of load → **check** (``policy_kit.check.solver``). The evaluator's rules, formula
by formula: ``and``/``or`` short-circuit (a later operand fails only if reached), a
division by zero fails the guard, values of different types are never equal (``true !=
1``), dates are day numbers kept apart from numbers, and a date moved out of the range
Python holds fails. ``done(...)``, ``issued(...)`` and ``ended()`` are free atoms; a
guard's **table** gives, for each way its atoms can be, whether it fails and whether it
holds. A form not modelled here raises ``Undecided``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ...expr import Binary, BoolOp, Call, Compare, Expr, Guard, ListLit, Literal, Name, Unary, Value
from .undecided import UNMODELLED, Undecided
from .variables import FIRST_DAY, LAST_DAY, Z3, Variables

__all__ = ["MAX_TABLE_ATOMS", "Date", "Formulas"]

MAX_TABLE_ATOMS = 8
"""History atoms per guard read into a behaviour (as ``applicants`` tabulates them)."""


class Formulas:
    """The guards of one attribute group over its ``Variables``."""

    def __init__(self, variables: Variables) -> None:
        self.variables = variables
        self.z3: Any = variables.z3
        self._atoms: dict[str, Z3] = {}
        self._signature: list[Z3] = []

    def table(self, guard: Guard) -> list[Z3]:
        """Pairs (fails, holds) for each assignment of the guard's history atoms, in the
        order ``applicants.truth`` reads them."""
        z3 = self.z3
        atoms = [*(f"done:{s}" for s in sorted(guard.states)),
                 *(f"issued:{c}" for c in sorted(guard.certificates))]
        if guard.ends:
            atoms.append("ended")
        width = min(len(atoms), MAX_TABLE_ATOMS)
        terms = [self._atom(a) for a in atoms]
        value, fails = self._expr(guard.tree)
        out: list[Z3] = []
        for assignment in range(1 << width):
            pairs = [(terms[k], z3.BoolVal(bool(assignment >> k & 1)))
                     for k in range(len(terms))]
            holds = z3.simplify(z3.substitute(value, *pairs)) if pairs else value
            failing = z3.simplify(z3.substitute(fails, *pairs)) if pairs else fails
            out += [failing, z3.And(z3.Not(failing), holds)]
        self._signature += out
        return out

    def signature_of(self, model: Any) -> list[Z3]:
        return [t == model.eval(t, model_completion=True) for t in self._signature]

    def _atom(self, key: str) -> Z3:
        if key not in self._atoms:
            self._atoms[key] = self.z3.Bool(f"@{key}")
        return self._atoms[key]

    # -- expressions -------------------------------------------------------------------

    def _expr(self, node: Expr) -> tuple[Z3, Z3]:
        z3 = self.z3
        no = z3.BoolVal(False)
        if isinstance(node, Literal):
            return self._literal(node.value), no
        if isinstance(node, Name):
            return self._name(node.id), no
        if isinstance(node, Unary):
            value, fails = self._expr(node.operand)
            return (z3.Not(value) if node.op == "not" else -value), fails
        if isinstance(node, Binary):
            return self._binary(node)
        if isinstance(node, BoolOp):
            return self._bool_op(node)
        if isinstance(node, Compare):
            return self._compare(node)
        if isinstance(node, Call):
            return self._call(node)
        raise Undecided(*UNMODELLED)

    def _literal(self, value: Value) -> Z3:
        z3 = self.z3
        if isinstance(value, bool):
            return z3.BoolVal(value)
        if isinstance(value, Decimal):
            return self.variables.number(value)
        if isinstance(value, str):
            return z3.IntVal(self.variables.words.index(value))
        if isinstance(value, dt.date):
            return Date(z3.IntVal(value.toordinal()))
        raise Undecided(*UNMODELLED)

    def _name(self, name: str) -> Z3:
        attribute = self.variables.attributes.get(name)
        if attribute is None:
            raise Undecided(*UNMODELLED)
        var = self.variables.vars[name]
        if attribute.type == "integer":
            return self.z3.ToReal(var)
        if attribute.type == "date":
            return Date(var)
        return var

    def _binary(self, node: Binary) -> tuple[Z3, Z3]:
        z3 = self.z3
        (left, lf), (right, rf) = self._expr(node.left), self._expr(node.right)
        fails = z3.Or(lf, rf)
        if isinstance(left, Date) or isinstance(right, Date):
            return self._date_arithmetic(node.op, left, right, fails)
        if node.op == "+":
            return left + right, fails
        if node.op == "-":
            return left - right, fails
        if node.op == "*":
            return left * right, fails
        return left / right, z3.Or(fails, right == 0)

    def _date_arithmetic(self, op: str, left: Z3, right: Z3, fails: Z3) -> tuple[Z3, Z3]:
        z3 = self.z3
        if isinstance(left, Date) and isinstance(right, Date):
            return z3.ToReal(left.day - right.day), fails
        day, days = (left, right) if isinstance(left, Date) else (right, left)
        days = days if op == "+" else -days
        moved = day.day + z3.ToInt(days)
        bad = z3.Or(z3.Not(z3.IsInt(days)), moved < FIRST_DAY, moved > LAST_DAY)
        return Date(moved), z3.Or(fails, bad)

    def _bool_op(self, node: BoolOp) -> tuple[Z3, Z3]:
        """Short-circuit, as the evaluator: a later operand fails only if reached."""
        z3 = self.z3
        decisive = node.op == "or"
        reached = z3.BoolVal(True)
        fails = []
        values = []
        for item in node.operands:
            value, fail = self._expr(item)
            fails.append(z3.And(reached, fail))
            values.append(value)
            reached = z3.And(reached, value if not decisive else z3.Not(value))
        result = z3.Or(values) if decisive else z3.And(values)
        return result, z3.Or(fails)

    def _compare(self, node: Compare) -> tuple[Z3, Z3]:
        z3 = self.z3
        left, fails = self._expr(node.operands[0])
        reached = z3.BoolVal(True)
        holds = []
        for op, right_node in zip(node.ops, node.operands[1:], strict=True):
            if isinstance(right_node, ListLit):
                items = [self._expr(i) for i in right_node.items]
                right_fails = z3.Or([f for _, f in items]) if items else z3.BoolVal(False)
                found = z3.Or([self._equal(left, v) for v, _ in items]) if items else \
                    z3.BoolVal(False)
                this = found if op == "in" else z3.Not(found)
                right = None
            else:
                right, right_fails = self._expr(right_node)
                this = self._holds(op, left, right)
            fails = z3.Or(fails, z3.And(reached, right_fails))
            holds.append(this)
            reached = z3.And(reached, this)
            if right is None and len(holds) < len(node.ops):
                raise Undecided(*UNMODELLED)
            left = right
        return z3.And(holds), fails

    def _equal(self, left: Z3, right: Z3) -> Z3:
        z3 = self.z3
        if isinstance(left, Date) != isinstance(right, Date):
            return z3.BoolVal(False)
        if isinstance(left, Date):
            return left.day == right.day
        if left.sort() != right.sort():
            return z3.BoolVal(False)  # different types are never equal (True != 1)
        return left == right

    def _holds(self, op: str, left: Z3, right: Z3) -> Z3:
        if op == "==":
            return self._equal(left, right)
        if op == "!=":
            return self.z3.Not(self._equal(left, right))
        if op in ("in", "not in"):
            raise Undecided(*UNMODELLED)
        if isinstance(left, Date) and isinstance(right, Date):
            left, right = left.day, right.day
        elif isinstance(left, Date) or isinstance(right, Date):
            raise Undecided(*UNMODELLED)
        return {"<": left < right, "<=": left <= right, ">": left > right,
                ">=": left >= right}[op]

    def _call(self, node: Call) -> tuple[Z3, Z3]:
        z3 = self.z3
        if node.func in ("done", "issued"):
            arg = node.args[0]
            assert isinstance(arg, Name)
            prefix = "done" if node.func == "done" else "issued"
            return self._atom(f"{prefix}:{arg.id}"), z3.BoolVal(False)
        if node.func == "ended":
            return self._atom("ended"), z3.BoolVal(False)
        args = [self._expr(a) for a in node.args]
        fails = z3.Or([f for _, f in args])
        if node.func == "abs":
            value = args[0][0]
            return z3.If(value >= 0, value, -value), fails
        dated = isinstance(args[0][0], Date)
        terms = [a.day if dated else a for a, _ in args]
        best = terms[0]
        for term in terms[1:]:
            better = term < best if node.func == "min" else term > best
            best = z3.If(better, term, best)
        return (Date(best) if dated else best), fails


class Date:
    """A date term: its day number. Kept apart so that dates and numbers never mix."""

    def __init__(self, day: Z3) -> None:
        self.day = day
