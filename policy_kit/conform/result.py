"""What conformance checking finds, as frozen models the CLI prints and other commands read.

Part of **conform**. ``Conformance`` is the whole answer; its JSON form (``--json``) has
the top-level keys ``process``, ``log``, ``summary``, ``cases``, ``activities``,
``departments`` (and ``states``, which ``render --heat`` reads). ``CaseResult.steps``
— each recorded step aligned with its state, with when it was ready, started and ended
and its working time — is kept for the Python API (calibration and forecasting build on
it) and left out of the JSON, which would otherwise repeat the log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import ConfigDict, Field

from ..formats import FORMATS
from ..model.common import Frozen, Text

__all__ = [
    "ActivityRow",
    "AlignedStep",
    "CaseResult",
    "Conformance",
    "DepartmentRow",
    "Deviation",
    "DeviationKind",
    "FrequentDeviation",
    "LimitBroken",
    "LogInfo",
    "MoveRow",
    "StateRow",
    "Summary",
]

DeviationKind = Literal["unknown_activity", "unexpected", "missing", "after_end"]


class Deviation(Frozen):
    """Where a case left the process: ``position`` is the 0-based index into the case's
    time-ordered events (for ``missing``, the index before which the step was due)."""

    kind: DeviationKind
    activity: str
    position: int
    state: str | None = None


class AlignedStep(Frozen):
    """One recorded step matched with its state.

    ``ready`` is when the process let the step begin (the end of the step that led to
    it; None for the first); ``start`` is the log's start, or ``ready`` in a
    complete-only log; ``working_hours`` runs from ``start`` to ``end`` on the calendar.
    """

    position: int
    activity: str
    state: str
    department: str | None
    clock: str
    resource: str | None
    ready: datetime | None
    start: datetime | None
    end: datetime | None
    working_hours: float | None


class LimitBroken(Frozen):
    scope: Literal["step", "stage", "process"]
    id: str
    department: str | None
    limit_days: int
    unit: Literal["working_days", "natural_days"]
    taken_working_days: float
    due: str
    ended: str


class CaseResult(Frozen):
    case: str
    fitness: float
    finished: bool
    outcome: str | None
    deviations: tuple[Deviation, ...]
    deadline_breached: bool | None
    limits_broken: tuple[LimitBroken, ...]
    events: int
    cost: int
    start: datetime | None = None
    end: datetime | None = None
    working_days: float | None = None
    reordered: int = 0
    steps: tuple[AlignedStep, ...] = Field(default=(), exclude=True)
    moves: tuple[tuple[int, str], ...] = Field(default=(), exclude=True)
    """The process's moves along the alignment, in order, by ``Move.key``: with
    ``Semantics.fire`` from the initial configuration they say where the case stood at
    each decision (calibration counts the ways taken from them)."""


class FrequentDeviation(Frozen):
    kind: DeviationKind
    activity: str
    cases: int
    example: str


class Summary(Frozen):
    cases: int
    events: int
    fitting: int
    fitting_share: float
    fitness: float
    """pm4py's log fitness: 1 − Σ cost / Σ (events + shortest model run)."""
    average_fitness: float
    open: int
    finished: int
    deadline_breaches: int
    cases_with_deadline: int
    limits_broken: int
    deviations: dict[str, int]
    frequent: tuple[FrequentDeviation, ...]
    unknown_activities: tuple[str, ...]
    reordered_events: int
    variants: int
    warnings: tuple[Text, ...]


class ActivityRow(Frozen):
    activity: str
    state: str | None
    ignored: bool
    events: int
    median_working_hours: float | None
    p90_working_hours: float | None


class StateRow(Frozen):
    """A state's real working time and deviations, keyed as ``render --heat`` reads the
    simulator's ``states``: ``reached`` (share of cases) and ``mean_time`` (working days
    per visit)."""

    reached: float
    mean_time: float | None
    steps: int
    mean_working_hours: float | None
    median_working_hours: float | None
    deviations: int


class MoveRow(Frozen):
    """How often the aligned cases took a transition, as ``render --heat`` reads it."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    index: int
    from_: str = Field(serialization_alias="from")
    to: str
    on: str
    count: int
    per_case: float


class DepartmentRow(Frozen):
    department: str
    cases: int
    steps: int
    median_working_days: float | None
    p90_working_days: float | None
    steps_with_limit: int
    over_limit: int
    over_limit_share: float | None


class LogInfo(Frozen):
    path: str
    format: str
    events: int
    columns: dict[str, str | None]
    calendar: str
    zone: str


class Conformance(Frozen):
    format: int = FORMATS["conform"]
    """The version of ``conform --json``'s format (docs/format.md)."""
    process: str
    log: LogInfo
    summary: Summary
    cases: tuple[CaseResult, ...]
    activities: tuple[ActivityRow, ...]
    departments: tuple[DepartmentRow, ...]
    states: dict[str, StateRow]
    transitions: tuple[MoveRow, ...] = ()
