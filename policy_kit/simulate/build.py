"""Turning a definition and its scenario into the flat tables the engine reads.

Part of compile → **simulate**: everything the engine needs per state (how it is
processed, its sampler and office-hours axis, its department, clock and limit) is worked
out here once, as lists indexed by state number, so the event loop does no look-ups by
name. Who applies and when comes from ``policy_kit.simulate.population``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..calendar import Calendar, ChineseCalendar, WeeklyCalendar
from ..expr import Value
from ..loader import Definition
from ..model import Limit
from ..structure import Place
from .compiled import CompiledProcess, compile_structure
from .distributions import Sampler, UntilDeadline, sampler
from .population import applicant_sampler, arrival_times, hours_per_unit
from .scenario import OfficeHours, Scenario
from .shared_delay import shared_sampler
from .streams import Draws
from .timeaxis import Axis, DayTable, NaturalAxis

__all__ = ["CASE_FINAL", "DEADLINE", "INSTANT", "QUEUED", "REGION_FINAL", "TIMED",
           "Department", "Model", "build"]

INSTANT, TIMED, QUEUED, REGION_FINAL, CASE_FINAL, DEADLINE = range(6)
"""How a state is processed: a decision (at once), a timed stay, a task that queues for an
officer, a region's end (waiting for the join), the case's end, a period to its deadline."""

AnyAxis = Axis | NaturalAxis


@dataclass(frozen=True)
class Department:
    """A department whose tasks queue: its officers and the hours they keep."""

    id: str
    staff: int
    axis: Axis


@dataclass(frozen=True)
class Model:
    """A definition under a scenario, ready to run: tables indexed by state number."""

    definition: Definition
    scenario: Scenario
    process: CompiledProcess
    calendar: Calendar
    days: DayTable
    axis: Axis
    """The calendar's office hours: what working days of cycle time are measured on."""
    kind: tuple[int, ...]
    sample: tuple[Sampler | None, ...]
    axis_of: tuple[AnyAxis | None, ...]
    department: tuple[int, ...]
    """Index into ``departments`` of a state's officers (-1: nobody queues)."""
    actor: tuple[str, ...]
    """Who performs a timed state, for the event log's resource column."""
    government: tuple[bool, ...]
    clock: tuple[str, ...]
    limit: tuple[Limit | None, ...]
    stage: tuple[int, ...]
    stage_ids: tuple[str, ...]
    stage_limit: tuple[Limit | None, ...]
    departments: tuple[Department, ...]
    weights: Mapping[int | str, Mapping[str, float]]
    """Branch probabilities by state number (or concurrent stage id for joins)."""
    applicant: Callable[[Draws], Mapping[str, Value]]

    def arrivals(self, rng: Draws, count: int) -> Iterator[float]:
        """``count`` arrival moments (hours from the start), ascending."""
        return arrival_times(self.scenario.arrivals, self.axis, self.scenario.start, rng,
                             count)


def build(definition: Definition, scenario: Scenario) -> Model:
    """The engine's tables for ``definition`` under ``scenario`` (already checked together)."""
    process = compile_structure(definition.structure)
    calendar = _calendar(scenario, definition)
    days = DayTable(calendar, scenario.start)
    hours = scenario.calendar.office_hours
    axes: dict[tuple[float, float], Axis] = {}

    def axis_for(office: OfficeHours) -> Axis:
        key = (office.start, office.end)
        if key not in axes:
            axes[key] = Axis(days, office.start, office.end)
        return axes[key]

    main_axis = axis_for(hours)
    department_ids = [d for d in scenario.staff]
    departments = tuple(Department(d, scenario.staff[d].count,
                                   axis_for(scenario.staff[d].office_hours or hours))
                        for d in department_ids)
    stage_ids = tuple(s.id for s in definition.process.stages)
    rows = [_state_row(definition.structure.places[name], scenario, departments,
                       main_axis, stage_ids) for name in process.names]
    (kind, sample, axis_of, department, actor, government, clock, limit, stage) = (
        tuple(column) for column in zip(*rows, strict=True))
    weights: dict[int | str, Mapping[str, float]] = {}
    for name, branch in scenario.branches.items():
        weights[process.number.get(name, name)] = dict(branch.probabilities)
    return Model(definition, scenario, process, calendar, days, main_axis, kind, sample,
                 axis_of, department, actor, government, clock, limit, stage, stage_ids,
                 tuple(s.limit for s in definition.process.stages), departments, weights,
                 applicant_sampler(definition, scenario))


_NATURAL = NaturalAxis()

Row = tuple[int, Sampler | None, AnyAxis | None, int, str, bool, str, Limit | None, int]


def _state_row(place: Place, scenario: Scenario, departments: tuple[Department, ...],
               main_axis: Axis, stage_ids: tuple[str, ...]) -> Row:
    """One state's entries in the engine's tables (the fields of ``Model`` in order)."""
    state = place.state
    staffed = (state.kind == "task" and place.department in scenario.staff
               and state.actor not in ("applicant", "agent")
               and state.effective_clock != "applicant")
    distribution = scenario.durations.get(state.id)
    if state.kind == "final":
        kind = REGION_FINAL if place.region is not None else CASE_FINAL
    elif isinstance(distribution, UntilDeadline):
        kind, distribution = DEADLINE, None
    elif state.kind == "decision":
        kind = INSTANT
    else:
        kind = QUEUED if staffed else TIMED
    d = next((i for i, x in enumerate(departments) if x.id == place.department), -1) \
        if staffed else -1
    draw: Sampler | None = None
    axis: AnyAxis | None = None
    if distribution is not None:
        axis = _NATURAL if distribution.unit.startswith("natural") else (
            departments[d].axis if d >= 0 else main_axis)
        per_unit = hours_per_unit(distribution, axis.length)
        effect = scenario.case_effect
        draw = (shared_sampler(distribution, per_unit, effect.correlation)
                if effect is not None and effect.correlation > 0
                else sampler(distribution, per_unit))
    clock = state.effective_clock
    return (kind, draw, axis, d, _actor(place.department, state.actor, clock),
            state.kind != "final" and clock == "government", clock, state.limit,
            stage_ids.index(place.stage.id) if place.stage is not None else -1)


def _calendar(scenario: Scenario, definition: Definition) -> Calendar:
    settings = scenario.calendar
    kind = settings.kind or definition.process.calendar
    start = _clock_time(settings.office_hours.start)
    end = _clock_time(settings.office_hours.end)
    if kind == "weekly":
        return WeeklyCalendar(settings.weekdays, start, end)
    if kind.startswith("weekly:"):
        from ..calendar import CountryCalendar
        return CountryCalendar(kind.split(":", 1)[1], settings.weekdays, start, end)
    return ChineseCalendar(settings.mode, office_start=start, office_end=end)


def _clock_time(hours: float) -> Any:
    from datetime import time
    minutes = round(hours * 60)
    return time(23, 59, 59) if minutes >= 24 * 60 else time(minutes // 60, minutes % 60)


def _actor(department: str | None, actor: str | None, clock: str) -> str:
    if actor in ("applicant", "agent") or clock == "applicant":
        return actor or "applicant"
    return department or ""
