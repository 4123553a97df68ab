"""Running every check on a loaded definition, or on a file that may not even load.

Part of load → **check**. Structure and provenance first (cheap, one place in the file
each), then the state space of each applicant class, then suppressions. A file that does
not load still gives coded, located findings: its loading problems, as errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import DefinitionError, Problem
from ..heap import collection_paused
from ..loader import Definition, load
from .applicants import applicants
from .behaviour import behaviour
from .catalogue import CATALOGUE
from .certificates import certificates
from .collect import Collector
from .dead import dead_transitions, failing_guards, limits
from .declared import Declared, declared, timed_states
from .documents import documents
from .explored import Explored
from .findings import Finding, Words
from .guards import coverage
from .hints import checked_hints
from .issuing import issuing, promised_certificates
from .layout import Layout, Oracle
from .properties import properties
from .provenance import provenance as uncovered_numbers
from .space import explore
from .structural import structural
from .suppress import apply_suppressions
from .timing import timing
from .where import Where

__all__ = ["check", "check_file", "errors", "from_problems"]

UNREADABLE = "PK001"
CONSEQUENCES = frozenset({"PK201", "PK202", "PK204", "PK205"})
"""Behavioural findings left out when a structural error about the same ids explains them
(a dead end is also a deadlock; a final state's way out is also never taken)."""


def check(definition: Definition, *, provenance: bool = False) -> tuple[Finding, ...]:
    """Every finding about ``definition``, sorted by file, severity and line.

    With ``provenance``, also whether every number in the file as written says where it
    comes from (PK701: ``validate`` asks for it; the engines, which read the model, do not).
    """
    where = Where(definition)
    shape = structural(where)
    items, problems = declared(where)
    sourced = [] if not provenance or definition.document is None else \
        uncovered_numbers(definition.document, definition.source)
    found = checked_hints(where, shape, behavioural(where, items), lambda fixed: [
        *structural(Where(fixed)), *behavioural(Where(fixed), items, timed=False)])
    findings = shape + problems + sourced + _unexplained(shape, found)
    return tuple(sorted(apply_suppressions(where, findings), key=Finding.sort_key))


def errors(definition: Definition) -> tuple[Finding, ...]:
    """The findings of severity ``error`` that ``check`` gives, sorted alike, at less cost:
    what refusing to simulate an unsound process needs before its first case. Left out is
    the work that only warnings and hints need: time limits (PK401–PK405 are warnings and
    notes, and on Jining a third of the check), the trial fixes that check a hint
    (``Finding.hint`` is the unchecked one here), provenance and suppressions (which
    apply to warnings only)."""
    where = Where(definition)
    shape = structural(where)
    items, problems = declared(where)
    findings = shape + problems + _unexplained(shape, behavioural(where, items, timed=False))
    return tuple(sorted((f for f in findings if f.severity == "error"),
                        key=Finding.sort_key))


def _unexplained(shape: Sequence[Finding], found: Sequence[Finding]) -> list[Finding]:
    """``found`` without the consequences (``CONSEQUENCES``) of a structural error about
    the same ids."""
    explained = {i for f in shape if f.severity == "error" for i in f.ids}
    return [f for f in found if f.code not in CONSEQUENCES or not explained & set(f.ids)]


def behavioural(where: Where, items: Sequence[Declared] = (), *, timed: bool = True,
                ) -> list[Finding]:
    """Everything found over the state space: behaviour, guards, timing, properties
    (``timed=False``: not timing, which a hint's trial fix does not answer to, and which
    costs most on a large process).

    Declared properties make the exploration watch what their conditions ask about (the
    states of ``done(...)``, the certificates of ``issued(...)``) and split the
    applicants at the constants they compare with.
    """
    structure = where.definition.structure
    conditions = [item.condition for item in items if item.condition is not None]
    layout = Layout.of(structure, (s for c in conditions for s in c.states),
                       (*(c for condition in conditions for c in condition.certificates),
                        *promised_certificates(structure)))
    people = applicants(structure, conditions)
    explored = [Explored(values, explore(layout, Oracle(values))) for values in people.classes]
    out = Collector()
    for each in explored:
        coverage(where, each, out)
        behaviour(where, each, out)
        certificates(where, each, out)
        documents(where, each, out)
    found = out.findings()
    gaps = {i for f in found if f.code == "PK301" for i in f.ids}
    found = [f for f in found if f.code != "PK201" or not gaps & set(f.ids)]
    return [*found, *dead_transitions(where, explored, people),
            *failing_guards(where, explored), *limits(where, explored, people),
            *issuing(where, explored, people),
            *(timing(where, explored, people, timed_states(structure, items)) if timed else ()),
            *properties(where, explored, people, items)]


def check_file(spec: str | Path) -> tuple[tuple[Finding, ...], Definition | None]:
    """Load and check ``spec`` (an id or a path), provenance included; loading problems
    become findings."""
    with collection_paused():
        try:
            definition = load(spec)
        except DefinitionError as error:
            return from_problems(error.problems), None
        return check(definition, provenance=True), definition


def from_problems(problems: tuple[Problem, ...]) -> tuple[Finding, ...]:
    """Loading problems as error findings, with their codes (PK001 when they have none)."""
    findings = []
    for problem in problems:
        code = problem.code if problem.code in CATALOGUE else UNREADABLE
        title = CATALOGUE[code].title
        hint = Words(problem.hint_zh or problem.hint, problem.hint) if problem.hint else None
        findings.append(Finding(code, "error", problem.location, problem.ids,
                                Words(f"{title.zh}:{problem.message_zh or problem.message}",
                                      problem.message), hint,
                                tuple(Words(i, i) for i in problem.ids)))
    return tuple(sorted(findings, key=Finding.sort_key))
