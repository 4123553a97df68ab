"""Replaying each case of a log against a process: its alignment, deviations, step times
and limits.

Part of **conform**. Cases with the same activities in the same order and the same
ending are aligned once (``Replayer.variant`` memoises what they share, ``variant.py``);
times are then read from each case's own timestamps along that alignment, counted into
the running totals (``Tally``) and, unless asked for, not kept. ``Replayer.case`` is the entry for
one case, ``replay`` for a whole log.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from typing import Literal

from ..errors import UsageError
from ..expr import Value
from ..loader import Definition
from ..logs import Log, Trace
from ..model.common import Limit
from ..structure import Place
from ..values import parse_value
from .activities import ActivityMap
from .align import UNKNOWN, Alignment, align, shortest_run
from .configurations import Configurations
from .result import AlignedStep, CaseResult, LimitBroken
from .tally import Tally, Timed
from .variant import Variant
from .worktime import WorkClock

__all__ = ["Replayer", "replay"]

Known = tuple[tuple[str, Value], ...]
"""The attributes a case's columns give, by name (sorted): what its guards may read."""
Key = tuple[tuple[str, ...], bool | None, str | None, Known]


_activity = itemgetter(0)
"""A step's activity (``Step`` is a named tuple): read for every case of a log."""


@dataclass
class Replayer:
    """One process, one activity map and one calendar, ready to replay many cases."""

    definition: Definition
    activities: ActivityMap
    clock: WorkClock
    finished_column: str | None = None
    rename: Callable[[str], str] = str
    """Applied to case ids and resource names in results (pseudonyms)."""
    outcomes_recorded: bool = False
    """The log records how cases end (an outcome column or attribute): a case without
    one is then open, whatever its last step."""
    keep_steps: bool = True
    """Keep each case's timed steps in ``CaseResult.steps`` (calibration reads them;
    ``conform``'s own outputs need only the running totals)."""
    memo: dict[Key, Alignment] = field(default_factory=dict)
    variants: dict[Key, Variant] = field(default_factory=dict)

    def __post_init__(self) -> None:
        structure = self.definition.structure
        observed = self.activities.observed() if self.activities.explicit else frozenset(
            name for name, place in structure.places.items()
            if place.state.kind in ("task", "wait"))
        self.observed = observed
        self.confs = Configurations.of(structure, observed)
        self.by_known: dict[Known, Configurations] = {(): self.confs}
        attributes = self.definition.process.attributes
        read = frozenset().union(*(m.guard.names for m in structure.moves if m.guard))
        self.readable = {name: attributes[name] for name in sorted(read) if name in attributes}
        self.columns = frozenset(self.readable) | {f"case:{name}" for name in self.readable}
        """The case columns ``known`` reads: a log without any of them is skipped at once."""
        self.unreadable: Counter[str] = Counter()
        self.foreign: Counter[str] = Counter()
        """Recorded outcomes that name none of the process's (准予许可 where it says
        `approved`): such a case has ended, with any outcome."""
        self.semantics = self.confs.semantics
        self.places: Mapping[str, Place] = structure.places
        self.outcomes = frozenset(o for o in self.semantics.case_finals.values()
                                  if o is not None)
        finals = self.semantics.case_finals
        self.ends = {activity: finals[state] for activity, state
                     in self.activities.states.items() if state in finals}
        """Activities mapped to a final state: the event says the case ended, and how."""
        self.limited = frozenset(name for name, place in structure.places.items()
                                 if place.state.limit is not None)
        self.shown = {state: activity for activity, state in
                      reversed(list(self.activities.states.items()))}

    def label(self, activity: str) -> str | None:
        """The state an activity is the step of; None to ignore it; UNKNOWN when unmapped."""
        if activity in self.activities.ignore:
            return None
        state = self.activities.state(activity)
        return UNKNOWN if state is None else state

    def ending(self, trace: Trace) -> tuple[bool | None, str | None]:
        """Whether the log says the case ended, and with which of the process's outcomes."""
        outcome = trace.outcome
        if outcome is not None:
            if outcome in self.outcomes:
                return True, outcome
            self.foreign[outcome] += 1
            return True, None
        if self.ends:
            for step in reversed(trace.steps):
                if step.activity in self.ends:
                    return True, self.ends[step.activity]
        if self.finished_column is not None:
            return bool(trace.attributes.get(self.finished_column)), None
        if self.outcomes_recorded or any(step.end is None for step in trace.steps):
            return False, None  # the log says it has not ended, or a step is in progress
        return None, None

    def known(self, trace: Trace) -> Known:
        """The attributes guards read that the case's columns give (a column named as the
        attribute, or ``case:`` and its name), each read by its type; a value outside the
        attribute's domain is left unknown and counted."""
        columns = trace.attributes
        found = []
        for name, attribute in self.readable.items():
            raw = columns.get(name, columns.get(f"case:{name}"))
            if raw is None or not raw.strip():
                continue
            try:
                value = parse_value(name, attribute, raw.strip())
            except UsageError:
                value = None
            if value is None or not attribute.admits(value):
                self.unreadable[name] += 1
                continue
            found.append((name, value))
        return tuple(found)

    def configurations(self, known: Known) -> Configurations:
        found = self.by_known.get(known)
        if found is None:
            found = self.by_known[known] = Configurations.of(
                self.definition.structure, self.observed, dict(known))
        return found

    def alignment(self, labels: tuple[str, ...], finished: bool | None,
                  outcome: str | None, known: Known = ()) -> Alignment:
        key = (labels, finished, outcome, known)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = align(self.configurations(known), labels, finished,
                                           outcome)
        return found

    def variant(self, trace: Trace) -> Variant:
        """What ``trace`` shares with every case of the same activities and ending."""
        activities = tuple(map(_activity, trace.steps))
        finished, outcome = self.ending(trace)
        columns = trace.attributes
        known = self.known(trace) if self.columns and columns and not columns.keys(
            ).isdisjoint(self.columns) else ()
        key = (activities, finished, outcome, known)
        found = self.variants.get(key)
        if found is None:
            kept: list[int] = []
            labels: list[str] = []
            for index, activity in enumerate(activities):
                label = self.label(activity)
                if label is not None:
                    kept.append(index)
                    labels.append(label)
            alignment = self.alignment(tuple(labels), finished, outcome, known)
            found = self.variants[key] = Variant.of(
                alignment, activities, tuple(kept), shortest_run(self.confs, None),
                self.semantics, self.shown)
        return found

    def case(self, trace: Trace, tally: Tally | None = None) -> CaseResult:
        """The case's result; its timed steps are counted into ``tally`` when given, and
        kept in ``CaseResult.steps`` when the replayer keeps steps."""
        variant = self.variant(trace)
        alignment = variant.alignment
        steps = self._steps(variant, trace)
        first = min((s.moment for s in trace.steps), default=None)
        last = max((s.end or s.moment for s in trace.steps), default=None)
        breached = (last > trace.deadline) if trace.deadline is not None and last else None
        broken = tuple(self._limits(steps, first, last))
        if tally is not None:
            over = {b.id for b in broken if b.scope == "step"}
            tally.add(steps, self.clock.day, self.limited, over)
            tally.variants[variant.moves] += 1
            tally.total += variant.total
            for deviation in variant.deviations:
                if deviation.state is not None:
                    tally.state_deviations[deviation.state] += 1
        result = CaseResult(
            case=self.rename(trace.case), fitness=variant.fitness,
            finished=alignment.finished, outcome=alignment.outcome,
            deviations=variant.deviations, deadline_breached=breached,
            limits_broken=broken, events=len(trace.steps), cost=alignment.cost,
            start=first, end=last,
            working_days=round(self.clock.days(first, last), 3) if first and last else None,
            reordered=trace.reordered,
            steps=tuple(self._aligned(s) for s in steps) if self.keep_steps else (),
            moves=variant.moves)
        if tally is not None:
            tally.result(result, variant.kinds)
        return result

    def _steps(self, variant: Variant, trace: Trace) -> list[Timed]:
        """Each synchronous step with its times, ready when the latest of the events it
        waited for ended."""
        events = trace.steps
        done = [step.end or step.start for step in events]
        timed = []
        hours = self.clock.hours
        for state, index, waited in variant.plan:
            step = events[index]
            ready = max(done[i] for i in waited) if waited else None  # type: ignore[type-var]
            start = step.start if step.start is not None else ready
            end = step.end
            worked = (round(hours(start, end), 3)
                      if start is not None and end is not None else None)
            timed.append(Timed(index, step.activity, state, self.places[state].department,
                               step.resource, ready, start, end, worked))
        return timed

    def _aligned(self, step: Timed) -> AlignedStep:
        place = self.places[step.state]
        return AlignedStep(
            position=step.position, activity=step.activity, state=place.id,
            department=place.department, clock=place.state.effective_clock,
            resource=self.rename(step.resource) if step.resource else None,
            ready=step.ready, start=step.start, end=step.end, working_hours=step.hours)

    def _limits(self, steps: list[Timed], first: datetime | None,
                last: datetime | None) -> Iterator[LimitBroken]:
        clock = self.clock
        stages: dict[str, tuple[datetime, datetime, str | None]] = {}
        stopped = 0.0
        for step in steps:
            start, end = step.start, step.end
            if start is None or end is None:
                continue
            place = self.places[step.state]
            if place.state.effective_clock != "government":  # applicant or statutory
                stopped += clock.days(start, end)
            if place.stage is not None:
                begun, ended, department = stages.get(
                    place.stage.id, (start, end, place.stage.department))
                stages[place.stage.id] = (min(begun, start), max(ended, end), department)
            limit = place.state.limit
            if limit is not None and not clock.kept(start, end, limit):
                yield self._broken("step", step.state, step.department, limit, start, end)
        for stage_id, (begun, ended, department) in stages.items():
            limit = self.definition.structure.stages[stage_id].limit
            if limit is not None and not clock.kept(begun, ended, limit):
                yield self._broken("stage", stage_id, department, limit, begun, ended)
        limit = self.definition.process.limit
        if limit is not None and first is not None and last is not None and not clock.kept(
                first, last, limit, round(stopped)):
            yield self._broken("process", self.definition.id, None, limit, first, last,
                               round(stopped))

    def _broken(self, scope: Literal["step", "stage", "process"], ident: str,
                department: str | None, limit: Limit, start: datetime, end: datetime,
                extra: int = 0) -> LimitBroken:
        return LimitBroken(
            scope=scope, id=ident, department=department, limit_days=limit.days,
            unit=limit.unit, taken_working_days=round(self.clock.days(start, end), 2),
            due=self.clock.due(start, limit, extra).isoformat(),
            ended=self.clock.local(end).date().isoformat())


def replay(replayer: Replayer, log: Log, tally: Tally | None = None) -> list[CaseResult]:
    return [replayer.case(trace, tally) for trace in log.traces]
