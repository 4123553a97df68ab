"""Dating a walk: each step of one application placed on the calendar, with its limits' use.

Part of compile → walk → **date** (``policy_kit.schedule``): a pure function from a walk,
a calendar and a start date to an immutable ``DatedPath``. The rules it applies are in the
package docstring; the arithmetic of one step is in ``span``, the limits' use in ``usage``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from ..calendar import Calendar
from ..expr import done_states
from ..machine import Step
from ..model import Clock, Limit, State, StateKind
from ..structure import Structure
from ..walker import Walk
from .span import SAME_DAY, Length, span_for
from .usage import Usage, task_usage, usage_against

__all__ = ["Basis", "DatedPath", "DatedStep", "LengthRule", "date_walk", "promised"]

Basis = Literal["promised", "expected"]
LengthRule = Callable[[State], Length | None]
"""How long a step in ``state`` takes; None when there is nothing to go on (no limit)."""


def promised(state: State) -> Length | None:
    """The longest a step's limit allows: the date the office promises."""
    return Length.of(state.limit) if state.limit is not None else None


@dataclass(frozen=True)
class DatedStep:
    """One step on the calendar. ``state`` is the state the step leaves (for a join, the
    concurrent stage); ``start``/``end`` are inclusive; ``counted`` the days its clock ran."""

    step: Step
    state: str
    kind: StateKind | Literal["join"]
    clock: Clock | None
    start: date
    end: date
    length: Length
    limit: Limit | None
    no_limit: bool
    counted: tuple[date, date] | None
    usage: tuple[Usage, ...] = ()
    waited_for: str | None = None
    """For a join: the region that ended last; for a step whose way out is guarded by
    ``done(x)``: the state ``x`` it waited for, when that ended later than the step."""


@dataclass(frozen=True)
class DatedPath:
    """A walk on the calendar. ``finish`` is the day the outcome is reached (None if stuck);
    ``limits`` is each stage's and the process's use of its limit at the end."""

    walk: Walk
    steps: tuple[DatedStep, ...]
    start: date
    finish: date | None
    basis: Basis
    calendar: str
    estimated_years: tuple[int, ...]
    limits: tuple[Usage, ...]
    scenario: str | None = None
    """For expected dates: the scenario file the durations came from."""

    @property
    def unlimited(self) -> tuple[str, ...]:
        """States the path passed that have no limit (on promised dates, taken as 0 days)."""
        return tuple(dict.fromkeys(s.state for s in self.steps if s.no_limit))


def date_walk(structure: Structure, walk: Walk, calendar: Calendar, start: date,
              rule: LengthRule = promised, basis: Basis = "promised") -> DatedPath:
    """Place every step of ``walk`` on ``calendar``, the case being received on ``start``."""
    ready: dict[str, date] = dict.fromkeys(structure.initial, start)
    passed: dict[str, date] = {}
    placed: list[DatedStep] = []
    for step in walk.steps:
        if step.source in structure.stages:
            dated = _join(structure, step, ready)
        else:
            received = ready.pop(step.source)
            waited = _waited_for(structure, step, passed)
            if waited is not None and waited[0] > received:
                dated = replace(_leaf(structure, calendar, step, waited[0], rule),
                                waited_for=waited[1])
            else:
                dated = _leaf(structure, calendar, step, received, rule)
            _leave_stage(structure, step, ready)
        passed[step.source] = dated.end
        passed.update((s, dated.end) for s in step.entered
                      if structure.places[s].state.kind == "final")
        ready.update(dict.fromkeys(step.entered, dated.end))
        placed.append(dated)
    steps = _with_usage(structure, calendar, placed)
    finish = (steps[-1].end if steps else start) if walk.outcome is not None else None
    limits = _final_limits(structure, calendar, steps)
    return DatedPath(walk, steps, start, finish, basis, calendar.name,
                     tuple(sorted(calendar.estimated_years)), limits)


def _leaf(structure: Structure, calendar: Calendar, step: Step, received: date,
          rule: LengthRule) -> DatedStep:
    state = structure.places[step.source].state
    clock = state.effective_clock
    length = SAME_DAY if state.kind == "decision" else rule(state)
    no_limit = state.kind != "decision" and state.limit is None
    span = span_for(calendar, received, length or SAME_DAY, government=clock == "government")
    return DatedStep(step, step.source, state.kind, clock, span.start, span.end,
                     length or SAME_DAY, state.limit, no_limit, span.counted)


def _waited_for(structure: Structure, step: Step,
                passed: dict[str, date]) -> tuple[date, str] | None:
    """A way out guarded by ``done(x)`` needs ``x`` passed first (a filing that carries the
    other acceptances): the latest such day and state, or None. The step is then worked
    from that day, so its own limit counts from the day its inputs were complete."""
    move = next((m for m in structure.moves_from.get(step.source, ())
                 if m.index == step.transition), None)
    if move is None or move.guard is None:
        return None
    waits = [(passed[s], s) for s in done_states(move.guard.tree) if s in passed]
    return max(waits) if waits else None


def _join(structure: Structure, step: Step, ready: dict[str, date]) -> DatedStep:
    """The join fires, taking no time, on the day the slowest region of its stage ended."""
    members = [s for s in ready if _stage_of(structure, s) == step.source]
    day = max(ready[s] for s in members)
    slowest = structure.places[next(s for s in members if ready[s] == day)].region
    for state in members:
        del ready[state]
    return DatedStep(step, step.source, "join", None, day, day, SAME_DAY, None, False, None,
                     waited_for=slowest.id if slowest is not None else None)


def _leave_stage(structure: Structure, step: Step, ready: dict[str, date]) -> None:
    """A move from inside a concurrent stage to outside it ends the stage's other regions."""
    place = structure.places[step.source]
    if place.region is None or place.stage is None:
        return
    stage = place.stage.id
    if any(_stage_of(structure, s) == stage for s in step.entered):
        return
    for state in [s for s in ready if _stage_of(structure, s) == stage]:
        del ready[state]


def _stage_of(structure: Structure, state: str) -> str | None:
    stage = structure.places[state].stage
    return stage.id if stage is not None else None


def _government(steps: list[DatedStep], stage: str | None = None) -> list[tuple[date, date]]:
    """The days the government clock ran, in one stage or (``stage`` None) in the process."""
    return [s.counted for s in steps if s.counted is not None and s.clock == "government"
            and (stage is None or s.step.stage == stage)]


def _with_usage(structure: Structure, calendar: Calendar,
                steps: list[DatedStep]) -> tuple[DatedStep, ...]:
    """Each step with its task's, stage's and process's use of their limits at its end.

    Done once every step is dated, because a concurrent region walked later may have run
    the clock on days before a step walked earlier ended.
    """
    process = structure.process
    result = []
    for dated in steps:
        usage: list[Usage] = []
        if dated.limit is not None:
            usage.append(task_usage(calendar, dated.state, dated.limit, dated.start,
                                    dated.end))
        stage = structure.stages.get(dated.step.stage or "")
        if stage is not None and stage.limit is not None:
            usage.append(usage_against(calendar, "stage", stage.id, stage.limit,
                                       _government(steps, stage.id), dated.end))
        if process.limit is not None:
            usage.append(usage_against(calendar, "process", process.id, process.limit,
                                       _government(steps), dated.end))
        result.append(replace(dated, usage=tuple(usage)))
    return tuple(result)


def _final_limits(structure: Structure, calendar: Calendar,
                  steps: tuple[DatedStep, ...]) -> tuple[Usage, ...]:
    """Each stage's limit (at the stage's last day) and the process's (at the last day)."""
    result: list[Usage] = []
    listed = list(steps)
    for stage in structure.process.stages:
        ends = [s.end for s in steps if s.step.stage == stage.id]
        if stage.limit is not None and ends:
            result.append(usage_against(calendar, "stage", stage.id, stage.limit,
                                        _government(listed, stage.id), max(ends)))
    process = structure.process
    if process.limit is not None and steps:
        result.append(usage_against(calendar, "process", process.id, process.limit,
                                    _government(listed), max(s.end for s in steps)))
    return tuple(result)
