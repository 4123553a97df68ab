"""Guards that compute, decided by an SMT solver: every behaviour an applicant can show, each
with a witness, and a proof that there is no other.

Part of load → **check** (the abstraction of guards, see ``applicants``), and the one home
of ``z3`` in policy-kit, imported only when a guard needs it. Splitting attribute domains
at the constants guards compare with is exact for comparisons of one attribute with a
constant, and fast; a guard that does arithmetic (``floor_area / 1000 >= 3``), compares two
attributes, or reads too many attributes at once to enumerate, is handed here instead.

The guards of one group of attributes are translated into formulas over integers, exact
rationals (numbers are decimals, and decimals are rationals), booleans, enums and strings
(indices into the values they can tell apart) and dates (day numbers). A **behaviour** is
what every guard answers, for each way its ``done(...)`` states (and, in a declared
property, ``issued(...)`` and ``ended()``) can be, failure included (a division by zero
fails the guard, as the evaluator does). The solver finds an applicant with a behaviour
not yet seen, then is told to find another, until it proves that none is left: the
applicants found then stand for every applicant exactly.

Two things make the solver's answer the evaluator's: a representative's values are
decimals (a rational such as 1/3 is no applicant's value: the solver is asked again for
one on a decimal grid), and each representative is evaluated by the guard evaluator
itself, whose answer must be the one the solver predicted. Where either fails, or the
solver gives up (non-linear arithmetic it cannot decide within its time), the group is
left to sampling and reported as undecided (PK208).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from ..expr import Binary, BoolOp, Call, Compare, Expr, Guard, ListLit, Literal, Name, Unary, Value
from ..model import Attribute, EnumAttribute, Process, StringAttribute

__all__ = ["TIMEOUT_MS", "Undecided", "behaviours"]

TIMEOUT_MS = 1000
"""The most the solver may spend on one group of attributes; beyond it the group is
sampled (PK208)."""
MAX_TABLE_ATOMS = 8
"""History atoms per guard read into a behaviour (as ``applicants`` tabulates them)."""
_GRIDS = (100, 10**6)
"""Denominators tried, in turn, for a decimal representative of a rational witness."""
_FIRST_DAY, _LAST_DAY = dt.date.min.toordinal(), dt.date.max.toordinal()

Z3 = Any
"""A z3 expression (z3 ships no type information)."""


class Undecided(Exception):
    """The solver cannot decide this group: a construct it does not model, a time-out, a
    non-decimal witness, or an answer the evaluator does not confirm. ``zh`` and ``en``
    say why, for the finding (PK208)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


_GAVE_UP = ("求解器在时限内无法判定(非线性运算)",
            "the solver could not decide it in time (non-linear arithmetic)")
_TOO_MANY = ("申请人的行为类别过多", "applicants behave in too many different ways")
_DISAGREE = ("求值器与求解器的结果不一致(除法的舍入)",
             "the evaluator disagrees with the solver (rounding in a division)")
_NOT_DECIMAL = ("某种情况只在无法写成小数的数值处成立",
                "a case of it holds only at numbers that are not decimals")
_UNMODELLED = ("含有求解器不处理的写法", "it uses a form the solver does not model")


def behaviours(process: Process, names: Sequence[str], guards: Sequence[Guard],
               example: Mapping[str, Value], limit: int,
               table: Callable[[Guard, Mapping[str, Value]], tuple[bool | None, ...]],
               ) -> list[dict[str, Value]]:
    """One applicant (values of ``names``) per behaviour of ``guards``, every behaviour
    included; raises ``Undecided`` if the solver cannot say, or there are over ``limit``."""
    import z3

    encoder = _Encoder(z3, process, names, guards)
    solver = z3.Solver()
    solver.set("timeout", TIMEOUT_MS)
    solver.add(*encoder.domains())
    signature = [term for guard in guards for term in encoder.table(guard)]
    found: list[dict[str, Value]] = []
    while True:
        verdict = solver.check()
        if verdict == z3.unsat:
            return found
        if verdict != z3.sat or len(found) >= limit:
            raise Undecided(*(_GAVE_UP if verdict != z3.sat else _TOO_MANY))
        model = _decimal_model(z3, solver, encoder, solver.model())
        bits = [z3.is_true(model.eval(term, model_completion=True)) for term in signature]
        values = encoder.values(model)
        merged = {**example, **values}
        expected = _expected(bits, guards, table, merged)
        if expected != [table(g, merged) for g in guards]:
            raise Undecided(*_DISAGREE)
        found.append(values)
        solver.add(z3.Or([term != z3.BoolVal(bit) for term, bit in zip(signature, bits,
                                                                        strict=True)]))


def _expected(bits: list[bool], guards: Sequence[Guard],
              table: Callable[[Guard, Mapping[str, Value]], tuple[bool | None, ...]],
              merged: Mapping[str, Value]) -> list[tuple[bool | None, ...]]:
    """The solver's predicted table per guard (pairs of bits: fails, holds)."""
    out: list[tuple[bool | None, ...]] = []
    k = 0
    for guard in guards:
        width = len(table(guard, merged))
        row: list[bool | None] = []
        for _ in range(width):
            fails, holds = bits[k], bits[k + 1]
            row.append(None if fails else holds)
            k += 2
        out.append(tuple(row))
    return out


def _decimal_model(z3: Any, solver: Any, encoder: _Encoder, model: Any) -> Any:
    """``model``, or one with the same behaviour whose numbers are all decimals."""
    if all(_is_decimal(z3, model.eval(v, model_completion=True)) for v in encoder.reals()):
        return model
    signature = encoder.signature_of(model)
    for grid in _GRIDS:
        solver.push()
        solver.add(*signature)
        solver.add(*(z3.IsInt(v * grid) for v in encoder.reals()))
        verdict = solver.check()
        nicer = solver.model() if verdict == z3.sat else None
        solver.pop()
        if nicer is not None:
            return nicer
    raise Undecided(*_NOT_DECIMAL)


def _is_decimal(z3: Any, value: Any) -> bool:
    if not z3.is_rational_value(value):
        return False  # an algebraic number (a root), never a decimal
    fraction = Fraction(value.as_fraction())
    den = fraction.denominator
    for prime in (2, 5):
        while den % prime == 0:
            den //= prime
    return den == 1


def _decimal(fraction: Fraction) -> Decimal:
    """A decimal fraction as a Decimal, written plainly (3000, not 3E+3)."""
    if fraction.denominator == 1:
        return Decimal(fraction.numerator)
    with localcontext() as context:
        context.prec = 60
        value = (Decimal(fraction.numerator) / Decimal(fraction.denominator)).normalize()
    return value


def _rational(value: Decimal | int) -> str:
    fraction = Fraction(value)
    return f"{fraction.numerator}/{fraction.denominator}"


class _Encoder:
    """Guards of one attribute group as z3 formulas: each expression is a term and the
    condition under which evaluating it fails."""

    def __init__(self, z3: Any, process: Process, names: Sequence[str],
                 guards: Sequence[Guard]) -> None:
        self.z3 = z3
        self.process = process
        self.attributes: dict[str, Attribute] = {n: process.attributes[n] for n in names}
        self.words = self._words(guards)
        self.vars: dict[str, Z3] = {}
        for name, attribute in self.attributes.items():
            kind = attribute.type
            if kind == "bool":
                self.vars[name] = z3.Bool(name)
            elif kind == "number":
                self.vars[name] = z3.Real(name)
            else:  # integer, date (day number), enum and string (index into words)
                self.vars[name] = z3.Int(name)
        self._atoms: dict[str, Z3] = {}
        self._signature: list[Z3] = []

    # -- domains -----------------------------------------------------------------------

    def _words(self, guards: Sequence[Guard]) -> list[str]:
        """Every text value the group can tell apart: enum values, compared literals, and
        one fresh value per string attribute (equal to none of them)."""
        words: dict[str, None] = {}
        for attribute in self.attributes.values():
            if isinstance(attribute, EnumAttribute):
                words.update(dict.fromkeys(attribute.values))
        for guard in guards:
            for node in _walk(guard.tree):
                if isinstance(node, Literal) and isinstance(node.value, str):
                    words[node.value] = None
        return list(words)

    def _fresh(self) -> list[str]:
        strings = [a for a in self.attributes.values() if isinstance(a, StringAttribute)]
        fresh: list[str] = []
        k = 0
        while len(fresh) < len(strings):
            candidate = "其他" if k == 0 else f"其他{k}"
            k += 1
            if candidate not in self.words:
                fresh.append(candidate)
        return fresh

    def domains(self) -> list[Z3]:
        z3 = self.z3
        fresh = self._fresh()
        self.universe = [*self.words, *fresh]
        out: list[Z3] = []
        for name, attribute in self.attributes.items():
            var = self.vars[name]
            if isinstance(attribute, EnumAttribute):
                out.append(z3.Or([var == self.universe.index(v) for v in attribute.values]))
            elif isinstance(attribute, StringAttribute):
                allowed = [k for k, w in enumerate(self.universe)
                           if attribute.max_length is None or len(w) <= attribute.max_length]
                out.append(z3.Or([var == k for k in allowed]))
            elif attribute.type == "date":
                first, last = getattr(attribute, "min", None), getattr(attribute, "max", None)
                out += [var >= (first.toordinal() if first else _FIRST_DAY),
                        var <= (last.toordinal() if last else _LAST_DAY)]
            elif attribute.type in ("integer", "number"):
                low, high = getattr(attribute, "min", None), getattr(attribute, "max", None)
                if low is not None:
                    out.append(self._typed(attribute, var) >= self._number(low))
                if high is not None:
                    out.append(self._typed(attribute, var) <= self._number(high))
        return out

    def _typed(self, attribute: Attribute, var: Z3) -> Z3:
        return self.z3.ToReal(var) if attribute.type == "integer" else var

    def _number(self, value: Decimal | int) -> Z3:
        return self.z3.RealVal(_rational(value))

    def reals(self) -> list[Z3]:
        return [self.vars[n] for n, a in self.attributes.items() if a.type == "number"]

    def values(self, model: Any) -> dict[str, Value]:
        """The applicant a model describes, as the evaluator takes it."""
        out: dict[str, Value] = {}
        for name, attribute in self.attributes.items():
            got = model.eval(self.vars[name], model_completion=True)
            if attribute.type == "bool":
                out[name] = self.z3.is_true(got)
            elif attribute.type == "number":
                fraction = Fraction(got.as_fraction())
                out[name] = _decimal(fraction)
            elif attribute.type == "integer":
                out[name] = Decimal(got.as_long())
            elif attribute.type == "date":
                out[name] = dt.date.fromordinal(got.as_long())
            else:
                out[name] = self.universe[got.as_long()]
        return out

    # -- behaviours --------------------------------------------------------------------

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
        raise Undecided(*_UNMODELLED)

    def _literal(self, value: Value) -> Z3:
        z3 = self.z3
        if isinstance(value, bool):
            return z3.BoolVal(value)
        if isinstance(value, Decimal):
            return self._number(value)
        if isinstance(value, str):
            return z3.IntVal(self.words.index(value))
        if isinstance(value, dt.date):
            return _Date(z3.IntVal(value.toordinal()))
        raise Undecided(*_UNMODELLED)

    def _name(self, name: str) -> Z3:
        attribute = self.attributes.get(name)
        if attribute is None:
            raise Undecided(*_UNMODELLED)
        var = self.vars[name]
        if attribute.type == "integer":
            return self.z3.ToReal(var)
        if attribute.type == "date":
            return _Date(var)
        return var

    def _binary(self, node: Binary) -> tuple[Z3, Z3]:
        z3 = self.z3
        (left, lf), (right, rf) = self._expr(node.left), self._expr(node.right)
        fails = z3.Or(lf, rf)
        if isinstance(left, _Date) or isinstance(right, _Date):
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
        if isinstance(left, _Date) and isinstance(right, _Date):
            return z3.ToReal(left.day - right.day), fails
        day, days = (left, right) if isinstance(left, _Date) else (right, left)
        days = days if op == "+" else -days
        moved = day.day + z3.ToInt(days)
        bad = z3.Or(z3.Not(z3.IsInt(days)), moved < _FIRST_DAY, moved > _LAST_DAY)
        return _Date(moved), z3.Or(fails, bad)

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
                raise Undecided(*_UNMODELLED)
            left = right
        return z3.And(holds), fails

    def _equal(self, left: Z3, right: Z3) -> Z3:
        z3 = self.z3
        if isinstance(left, _Date) != isinstance(right, _Date):
            return z3.BoolVal(False)
        if isinstance(left, _Date):
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
            raise Undecided(*_UNMODELLED)
        if isinstance(left, _Date) and isinstance(right, _Date):
            left, right = left.day, right.day
        elif isinstance(left, _Date) or isinstance(right, _Date):
            raise Undecided(*_UNMODELLED)
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
        dated = isinstance(args[0][0], _Date)
        terms = [a.day if dated else a for a, _ in args]
        best = terms[0]
        for term in terms[1:]:
            better = term < best if node.func == "min" else term > best
            best = z3.If(better, term, best)
        return (_Date(best) if dated else best), fails


class _Date:
    """A date term: its day number. Kept apart so that dates and numbers never mix."""

    def __init__(self, day: Z3) -> None:
        self.day = day


def _walk(node: Expr) -> list[Expr]:
    from ..expr.nodes import walk

    return list(walk(node))
