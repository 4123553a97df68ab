"""The search: one applicant per behaviour of a group's guards, until the solver proves
that no other behaviour is left.

Part of load → **check** (``policy_kit.check.solver``). The solver finds an applicant
whose guards answer in a way not seen yet (the behaviour: every guard's table), is told to
find another, and so on until it answers "unsatisfiable": the applicants found then stand
for every applicant exactly. Two things make its answer the evaluator's: a
representative's numbers are decimals (a rational such as 1/3 is no applicant's value:
the solver is asked again on a decimal grid), and each representative is evaluated by
the guard evaluator itself, whose answer must be the one the solver predicted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from ...expr import Guard, Value
from ...model import Process
from .formulas import Formulas
from .undecided import DISAGREE, GAVE_UP, NOT_DECIMAL, TOO_MANY, Undecided
from .variables import Variables

__all__ = ["TIMEOUT_MS", "behaviours"]

TIMEOUT_MS = 1000
"""The most the solver may spend on one group of attributes; beyond it the group is
sampled (PK208)."""
_GRIDS = (100, 10**6)
"""Denominators tried, in turn, for a decimal representative of a rational witness."""


def behaviours(process: Process, names: Sequence[str], guards: Sequence[Guard],
               example: Mapping[str, Value], limit: int,
               table: Callable[[Guard, Mapping[str, Value]], tuple[bool | None, ...]],
               ) -> list[dict[str, Value]]:
    """One applicant (values of ``names``) per behaviour of ``guards``, every behaviour
    included; raises ``Undecided`` if the solver cannot say, or there are over ``limit``."""
    import z3

    variables = Variables(z3, process, names, guards)
    formulas = Formulas(variables)
    solver = z3.Solver()
    solver.set("timeout", TIMEOUT_MS)
    solver.add(*variables.domains())
    signature = [term for guard in guards for term in formulas.table(guard)]
    found: list[dict[str, Value]] = []
    while True:
        verdict = solver.check()
        if verdict == z3.unsat:
            return found
        if verdict != z3.sat or len(found) >= limit:
            raise Undecided(*(GAVE_UP if verdict != z3.sat else TOO_MANY))
        model = _decimal_model(z3, solver, variables, formulas, solver.model())
        bits = [z3.is_true(model.eval(term, model_completion=True)) for term in signature]
        values = variables.values(model)
        merged = {**example, **values}
        expected = _expected(bits, guards, table, merged)
        if expected != [table(g, merged) for g in guards]:
            raise Undecided(*DISAGREE)
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


def _decimal_model(z3: Any, solver: Any, variables: Variables, formulas: Formulas,
                   model: Any) -> Any:
    """``model``, or one with the same behaviour whose numbers are all decimals."""
    if all(_is_decimal(z3, model.eval(v, model_completion=True)) for v in variables.reals()):
        return model
    signature = formulas.signature_of(model)
    for grid in _GRIDS:
        solver.push()
        solver.add(*signature)
        solver.add(*(z3.IsInt(v * grid) for v in variables.reals()))
        verdict = solver.check()
        nicer = solver.model() if verdict == z3.sat else None
        solver.pop()
        if nicer is not None:
            return nicer
    raise Undecided(*NOT_DECIMAL)


def _is_decimal(z3: Any, value: Any) -> bool:
    if not z3.is_rational_value(value):
        return False  # an algebraic number (a root), never a decimal
    fraction = Fraction(value.as_fraction())
    den = fraction.denominator
    for prime in (2, 5):
        while den % prime == 0:
            den //= prime
    return den == 1
