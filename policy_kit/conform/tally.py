"""Running totals of a replay, kept while the cases go by: what the per-activity,
per-state, per-department and per-move tables of the report need, and nothing more.

Part of **conform**. A case's timed steps are counted here and then dropped (unless the
caller asks to keep them), so a million-event log holds compact arrays of working hours
instead of a million step records. Quantiles are exact (nearest rank over every value),
so the working hours are kept as 8-byte floats.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from .result import CaseResult, DeviationKind

__all__ = ["Tally", "Timed"]


@dataclass(frozen=True, slots=True)
class Timed:
    """One step of a case aligned with its state and timed (what ``AlignedStep`` holds,
    without the per-object cost of a validated model)."""

    position: int
    activity: str
    state: str
    department: str | None
    resource: str | None
    ready: datetime | None
    start: datetime | None
    end: datetime | None
    hours: float | None


def _floats() -> array[float]:
    return array("d")


@dataclass
class Tally:
    events: Counter[str] = field(default_factory=Counter)
    """Events per activity, ignored and unknown ones included."""
    unknown: set[str] = field(default_factory=set)
    activity_hours: defaultdict[str, array[float]] = field(
        default_factory=lambda: defaultdict(_floats))
    state_hours: defaultdict[str, array[float]] = field(
        default_factory=lambda: defaultdict(_floats))
    state_steps: Counter[str] = field(default_factory=Counter)
    state_cases: Counter[str] = field(default_factory=Counter)
    state_deviations: Counter[str] = field(default_factory=Counter)
    department_days: defaultdict[str, array[float]] = field(
        default_factory=lambda: defaultdict(_floats))
    department_steps: Counter[str] = field(default_factory=Counter)
    department_cases: Counter[str] = field(default_factory=Counter)
    department_over: Counter[str] = field(default_factory=Counter)
    department_limited: Counter[str] = field(default_factory=Counter)
    variants: Counter[tuple[tuple[int, str], ...]] = field(default_factory=Counter)
    """Cases per sequence of moves (the move table multiplies them out once)."""
    total: int = 0
    """Σ (events + shortest model run): the denominator of the log's fitness."""
    cases: int = 0
    fitting: int = 0
    cost: int = 0
    fitness: float = 0.0
    """Σ of the cases' fitness (for the average)."""
    finished: int = 0
    breaches: int = 0
    with_deadline: int = 0
    limits_broken: int = 0
    reordered: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    """Deviations by kind."""
    frequent: Counter[tuple[DeviationKind, str]] = field(default_factory=Counter)
    """Cases with a deviation of each (kind, activity)."""
    example: dict[tuple[DeviationKind, str], str] = field(default_factory=dict)
    """The first case with each (kind, activity)."""

    def result(self, case: CaseResult, kinds: tuple[tuple[DeviationKind, str], ...]) -> None:
        """One case's figures; ``kinds``: the distinct (kind, activity) of its deviations."""
        self.cases += 1
        self.fitting += case.cost == 0
        self.cost += case.cost
        self.fitness += case.fitness
        self.finished += case.finished
        if case.deadline_breached is not None:
            self.with_deadline += 1
            self.breaches += case.deadline_breached
        self.limits_broken += len(case.limits_broken)
        self.reordered += case.reordered
        for deviation in case.deviations:
            self.kinds[deviation.kind] += 1
        for key in kinds:
            self.frequent[key] += 1
            self.example.setdefault(key, case.case)

    def add(self, steps: list[Timed], hours_per_day: float, limited: frozenset[str],
            over: set[str]) -> None:
        """One case's timed steps; ``over``: the states whose step limit it broke."""
        departments: set[str] = set()
        states: set[str] = set()
        for step in steps:
            state = step.state
            department = step.department or "-"
            states.add(state)
            departments.add(department)
            self.state_steps[state] += 1
            self.department_steps[department] += 1
            hours = step.hours
            if hours is not None:
                self.activity_hours[step.activity].append(hours)
                self.state_hours[state].append(hours)
                self.department_days[department].append(hours / hours_per_day)
                if state in limited:
                    self.department_limited[department] += 1
            if state in over:
                self.department_over[department] += 1
        self.state_cases.update(states)
        self.department_cases.update(departments)
