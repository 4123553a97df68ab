"""Replaying each case of a log against a process: its alignment, deviations, step times
and limits.

Part of **conform**. Cases with the same activities in the same order and the same
ending are aligned once (``Replayer.alignment`` memoises per variant); times are then read
from each case's own timestamps along that alignment. ``Replayer.case`` is the entry for
one case, ``replay`` for a whole log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, cast

from ..loader import Definition
from ..logs import Log, Step, Trace
from ..model.common import Limit
from ..structure import Place
from .activities import ActivityMap
from .align import UNKNOWN, Alignment, Op, align, shortest_run
from .configurations import Configurations
from .result import AlignedStep, CaseResult, Deviation, DeviationKind, LimitBroken
from .worktime import WorkClock

__all__ = ["Replayer", "replay"]

Key = tuple[tuple[str, ...], bool | None, str | None]


@dataclass
class Replayer:
    """One process, one activity map and one calendar, ready to replay many cases."""

    definition: Definition
    activities: ActivityMap
    clock: WorkClock
    finished_column: str | None = None
    rename: Callable[[str], str] = str
    outcomes_recorded: bool = False
    """The log records how cases end (an outcome column or attribute): a case without
    one is then open, whatever its last step."""
    """Applied to case ids and resource names in results (pseudonyms)."""
    memo: dict[Key, Alignment] = field(default_factory=dict)

    def __post_init__(self) -> None:
        structure = self.definition.structure
        observed = self.activities.observed() if self.activities.explicit else frozenset(
            name for name, place in structure.places.items()
            if place.state.kind in ("task", "wait"))
        self.confs = Configurations.of(structure, observed)
        self.semantics = self.confs.semantics
        self.places: Mapping[str, Place] = structure.places
        self.outcomes = frozenset(o for o in self.semantics.case_finals.values()
                                  if o is not None)
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
            return True, outcome if outcome in self.outcomes else None
        if self.finished_column is not None:
            return bool(trace.attributes.get(self.finished_column)), None
        if self.outcomes_recorded or any(step.end is None for step in trace.steps):
            return False, None  # the log says it has not ended, or a step is in progress
        return None, None

    def alignment(self, labels: tuple[str, ...], finished: bool | None,
                  outcome: str | None) -> Alignment:
        key = (labels, finished, outcome)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = align(self.confs, labels, finished, outcome)
        return found

    def case(self, trace: Trace) -> CaseResult:
        kept: list[int] = []
        labels: list[str] = []
        for index, step in enumerate(trace.steps):
            label = self.label(step.activity)
            if label is not None:
                kept.append(index)
                labels.append(label)
        finished, outcome = self.ending(trace)
        alignment = self.alignment(tuple(labels), finished, outcome)
        size = len(labels)
        total = size + (shortest_run(self.confs, None)
                        if alignment.finished else 0)
        fitness = 1.0 - alignment.cost / total if total else 1.0
        deviations = tuple(self._deviations(alignment, trace, kept))
        steps = tuple(self._steps(alignment.ops, trace, kept))
        first = min((s.moment for s in trace.steps), default=None)
        last = max((s.end or s.moment for s in trace.steps), default=None)
        breached = (last > trace.deadline) if trace.deadline is not None and last else None
        return CaseResult.model_construct(
            case=self.rename(trace.case), fitness=round(fitness, 6),
            finished=alignment.finished, outcome=alignment.outcome, deviations=deviations,
            deadline_breached=breached, limits_broken=tuple(self._limits(steps, first, last)),
            events=len(trace.steps), cost=alignment.cost, start=first, end=last,
            working_days=round(self.clock.days(first, last), 3) if first and last else None,
            reordered=trace.reordered, steps=steps,
            moves=tuple(move.key for op in alignment.ops for move in op.moves))

    def _deviations(self, alignment: Alignment, trace: Trace,
                    kept: list[int]) -> Iterator[Deviation]:
        for op in alignment.ops:
            if op.kind == "log":
                index = kept[op.position]
                state = op.state or None
                yield Deviation.model_construct(kind=cast(DeviationKind, op.deviation),
                                                activity=trace.steps[index].activity,
                                                position=index, state=state)
            elif op.kind == "model":
                index = kept[op.position] if op.position < len(kept) else len(trace.steps)
                state = op.state
                yield Deviation.model_construct(kind="missing",
                                                activity=self.shown.get(state, state),
                                                position=index, state=state)

    def _steps(self, ops: tuple[Op, ...], trace: Trace,
               kept: list[int]) -> Iterator[AlignedStep]:
        """Each synchronous step with its times, following when each state was entered."""
        ready: dict[str, datetime | None] = {}
        done: dict[str, datetime | None] = {}
        for op in ops:
            if op.kind == "sync":
                index = kept[op.position]
                step = trace.steps[index]
                yield self._step(op.state, index, step, ready.get(op.state))
                done[op.state] = step.end or step.start
            elif op.kind == "model":
                done[op.state] = ready.get(op.state)
            for move in op.moves:
                if not self.semantics.local(move):
                    moments = [done.get(x, ready.get(x)) for x in
                               (list(ready) if move.join else (move.source,))]
                    known = [m for m in moments if m is not None]
                    moment = max(known) if known else None
                    ready.clear()
                else:
                    moment = done.get(move.source, ready.get(move.source))
                for leaf in move.entry:
                    ready[leaf] = moment
                    done.pop(leaf, None)

    def _step(self, state: str, index: int, step: Step, ready: datetime | None
              ) -> AlignedStep:
        place = self.places[state]
        start = step.start if step.start is not None else ready
        hours = (round(self.clock.hours(start, step.end), 3)
                 if start is not None and step.end is not None else None)
        return AlignedStep.model_construct(
            position=index, activity=step.activity, state=place.id,
            department=place.department, clock=place.state.effective_clock,
            resource=self.rename(step.resource) if step.resource else None,
            ready=ready, start=start, end=step.end, working_hours=hours)

    def _limits(self, steps: tuple[AlignedStep, ...], first: datetime | None,
                last: datetime | None) -> Iterator[LimitBroken]:
        clock = self.clock
        stages: dict[str, tuple[datetime, datetime, str | None]] = {}
        stopped = 0.0
        for step in steps:
            place = self.definition.structure.places[step.state]
            if step.start is None or step.end is None:
                continue
            if place.state.effective_clock == "applicant":
                stopped += clock.days(step.start, step.end)
            if place.stage is not None:
                begun, ended, department = stages.get(
                    place.stage.id, (step.start, step.end, place.stage.department))
                stages[place.stage.id] = (min(begun, step.start), max(ended, step.end),
                                          department)
            limit = place.state.limit
            if limit is not None and not clock.kept(step.start, step.end, limit):
                yield self._broken("step", step.state, step.department, limit, step.start,
                                   step.end)
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
        return LimitBroken.model_construct(
            scope=scope, id=ident, department=department, limit_days=limit.days,
            unit=limit.unit, taken_working_days=round(self.clock.days(start, end), 2),
            due=self.clock.due(start, limit, extra).isoformat(),
            ended=self.clock.local(end).date().isoformat())


def replay(replayer: Replayer, log: Log) -> list[CaseResult]:
    return [replayer.case(trace) for trace in log.traces]
