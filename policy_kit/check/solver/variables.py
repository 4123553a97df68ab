"""The applicants of one group of attributes as solver variables: one per attribute, the
values it may take, and the applicant a solution describes.

Part of load → **check** (``policy_kit.check.solver``). Numbers are exact rationals (a
decimal is one), integers and dates (day numbers) are integers, booleans are booleans;
enums and strings are indices into the **words** the group can tell apart: the enum
values, the texts guards compare with, and one fresh text per string attribute, equal to
none of them (an applicant may write anything there). ``z3`` is handed in by the caller,
which imports it only when a guard needs it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from ...expr import Guard, Literal, Value
from ...expr.nodes import walk
from ...model import Attribute, EnumAttribute, Process, StringAttribute

__all__ = ["FIRST_DAY", "LAST_DAY", "Variables", "Z3", "rational"]

FIRST_DAY, LAST_DAY = dt.date.min.toordinal(), dt.date.max.toordinal()
"""The day numbers of the first and last dates Python (and so the evaluator) can hold."""

Z3 = Any
"""A z3 expression (z3 ships no type information)."""


class Variables:
    """One solver variable per attribute of the group, and the words it tells apart."""

    def __init__(self, z3: Any, process: Process, names: Sequence[str],
                 guards: Sequence[Guard]) -> None:
        self.z3 = z3
        self.attributes: dict[str, Attribute] = {n: process.attributes[n] for n in names}
        self.words = self._words(guards)
        self.universe = [*self.words, *self._fresh()]
        self.vars: dict[str, Z3] = {}
        for name, attribute in self.attributes.items():
            kind = attribute.type
            if kind == "bool":
                self.vars[name] = z3.Bool(name)
            elif kind == "number":
                self.vars[name] = z3.Real(name)
            else:  # integer, date (day number), enum and string (index into the universe)
                self.vars[name] = z3.Int(name)

    def _words(self, guards: Sequence[Guard]) -> list[str]:
        """Every text value the group can tell apart: enum values and compared literals."""
        words: dict[str, None] = {}
        for attribute in self.attributes.values():
            if isinstance(attribute, EnumAttribute):
                words.update(dict.fromkeys(attribute.values))
        for guard in guards:
            for node in walk(guard.tree):
                if isinstance(node, Literal) and isinstance(node.value, str):
                    words[node.value] = None
        return list(words)

    def _fresh(self) -> list[str]:
        """One text per string attribute that is none of the words."""
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
        """The values each attribute may take (its type, ``min``/``max``, enum values,
        ``max_length``), as constraints."""
        z3 = self.z3
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
                out += [var >= (first.toordinal() if first else FIRST_DAY),
                        var <= (last.toordinal() if last else LAST_DAY)]
            elif attribute.type in ("integer", "number"):
                low, high = getattr(attribute, "min", None), getattr(attribute, "max", None)
                if low is not None:
                    out.append(self.typed(attribute, var) >= self.number(low))
                if high is not None:
                    out.append(self.typed(attribute, var) <= self.number(high))
        return out

    def typed(self, attribute: Attribute, var: Z3) -> Z3:
        """An attribute's variable as the term arithmetic reads (integers as reals)."""
        return self.z3.ToReal(var) if attribute.type == "integer" else var

    def number(self, value: Decimal | int) -> Z3:
        return self.z3.RealVal(rational(value))

    def reals(self) -> list[Z3]:
        """The variables of ``number`` attributes (whose solutions may not be decimals)."""
        return [self.vars[n] for n, a in self.attributes.items() if a.type == "number"]

    def values(self, model: Any) -> dict[str, Value]:
        """The applicant a model describes, as the evaluator takes it."""
        out: dict[str, Value] = {}
        for name, attribute in self.attributes.items():
            got = model.eval(self.vars[name], model_completion=True)
            if attribute.type == "bool":
                out[name] = self.z3.is_true(got)
            elif attribute.type == "number":
                out[name] = _decimal(Fraction(got.as_fraction()))
            elif attribute.type == "integer":
                out[name] = Decimal(got.as_long())
            elif attribute.type == "date":
                out[name] = dt.date.fromordinal(got.as_long())
            else:
                out[name] = self.universe[got.as_long()]
        return out


def rational(value: Decimal | int) -> str:
    """A number as z3 reads an exact rational: ``numerator/denominator``."""
    fraction = Fraction(value)
    return f"{fraction.numerator}/{fraction.denominator}"


def _decimal(fraction: Fraction) -> Decimal:
    """A decimal fraction as a Decimal, written plainly (3000, not 3E+3)."""
    if fraction.denominator == 1:
        return Decimal(fraction.numerator)
    with localcontext() as context:
        context.prec = 60
        value = (Decimal(fraction.numerator) / Decimal(fraction.denominator)).normalize()
    return value
