"""Guards that compute, decided by an SMT solver: every behaviour an applicant can show, each
with a witness, and a proof that there is no other.

Part of load → **check** (the abstraction of guards, see ``applicants``), and the one home
of ``z3`` in policy-kit, imported only when a guard needs it. Splitting attribute domains
at the constants guards compare with is exact for comparisons of one attribute with a
constant, and fast; a guard that does arithmetic (``floor_area / 1000 >= 3``), compares two
attributes, or reads too many attributes at once to enumerate, is handed here instead.
A **behaviour** is what every guard of a group of attributes answers, for each way its
``done(...)`` states (and, in a declared property, ``issued(...)`` and ``ended()``) can
be, failure included. Where the solver gives up (non-linear arithmetic it cannot decide
within its time) or its answer is not the evaluator's, the group is left to sampling and
reported as undecided (PK208).

One idea a module, in the order they build on each other: ``undecided`` (why a group is
left to sampling), ``variables`` (the attributes as solver variables, their domains, the
applicant a solution describes), ``formulas`` (guards as formulas that fail where the
evaluator fails) and ``search`` (one applicant per behaviour, until none is left).
"""

from .search import TIMEOUT_MS, behaviours
from .undecided import Undecided

__all__ = ["TIMEOUT_MS", "Undecided", "behaviours"]
