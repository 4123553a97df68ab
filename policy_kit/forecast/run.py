"""Simulating every open case together from the forecast's moment, many times.

Part of **forecast**, on the simulator: the open cases enter the engine at the first
office opening of the ``--as-of`` day, each placed in its configuration (active states,
``done(...)`` history, rounds used), and they share the departments' officers, first come
first served in the order they arrived. No new application arrives (an assumption: new
ones would queue behind the open work; ``docs/calibration.md`` says so). A step in
progress is given what is left of it: its duration is drawn on condition that it is
longer than the time it has already run (office hours for a duration in working units,
clock hours for one in natural units), and that time is taken off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from ..expr import Value
from ..loader import Definition
from ..simulate.scenario import Scenario
from .position import Position
from .residual import Residual
from .shared import CaseFactor
from .ways import WaysOn

__all__ = ["FINISH_HORIZON_DAYS", "simulate_open"]

FINISH_HORIZON_DAYS = 3650
"""A case not finished ten years after the forecast's day counts as not finishing."""

_LONGEST = 24.0 * FINISH_HORIZON_DAYS
"""No step is drawn longer than the horizon: a heavy-tailed fit's rare draw of centuries
would run past the calendar's end, and the case counts as not finishing either way."""


def _finishes(model: Any, count: int) -> Any:
    """A tally that also keeps each case's finish (hours from midnight of the forecast's
    day), outcome and the working days it spent off the government clock after the
    forecast's moment, taken where the engine reports a case finished."""
    from ..simulate.tally import Tally

    class Finishes(Tally):
        def __init__(self) -> None:
            super().__init__(model)
            self.finish: list[float | None] = [None] * count
            self.outcome: list[str | None] = [None] * count
            self.stopped: list[float] = [0.0] * count

        def finished(self, case: Any, t: float, w: float) -> None:
            super().finished(case, t, w)
            self.finish[case.number] = t
            self.outcome[case.number] = case.outcome
            self.stopped[case.number] = max(
                0.0, (w - case.arrived_w - case.government(w)) / self.day_length)

    return Finishes()


def simulate_open(definition: Definition, scenario: Scenario, open_cases: Sequence[Position],
                  as_of: date, replications: int, seed: int,
                  elapsed: Callable[..., float] | None = None
                  ) -> list[list[tuple[datetime | None, str | None, float]]]:
    """Per replication, per open case (in the given order): its finish, its outcome and
    the working days the limit stood still (off the government clock) after ``as_of``.

    ``elapsed(since, natural)``: the hours from ``since`` to the forecast's moment (office
    hours, or clock hours when ``natural``); None: steps in progress start afresh."""
    from ..simulate import build
    from ..simulate.engine import run_replication

    data = scenario.model_dump(mode="json", exclude_none=True)
    data.update(start=as_of.isoformat(), cases=len(open_cases), warmup_cases=0,
                replications=replications, seed=seed,
                arrivals={"interarrival": {"dist": "fixed", "value": 0,
                                           "unit": "natural_hours"},
                          "assumption": "every open case is there when offices open"})
    data.pop("horizon_days", None)
    placed = Scenario.model_validate(data)
    model = build(definition, placed)
    process = model.process
    midnight = datetime.combine(as_of, time(0))
    results = []
    started: dict[Any, _Placed] = {}
    current: list[Any] = [None]
    factor = ways = None
    if elapsed is not None:
        from ..simulate.population import hours_per_unit

        index = model.process.number

        def per_unit(state: str) -> float:
            axis = model.axis_of[index[state]] if state in index else None
            return hours_per_unit(placed.durations[state],
                                  axis.length if axis is not None else model.axis.length)

        ways = WaysOn(definition, placed, per_unit, elapsed)
        if placed.case_effect is not None and placed.case_effect.correlation > 0:
            factor = CaseFactor(placed, per_unit)
    run_model = _remaining(model, placed, started, current, elapsed)
    for replication in range(replications):
        started.clear()
        current[0] = None
        start = _placer(process, iter(open_cases), started, current,
                        None if factor is None or elapsed is None
                        else lambda position, rng: factor.draw(position, rng, elapsed),
                        ways)
        recorder = _finishes(run_model, len(open_cases))
        run_replication(run_model, start, recorder, seed=seed, replication=replication,
                        cases=len(open_cases), horizon=24.0 * FINISH_HORIZON_DAYS)
        results.append([(None if f is None else midnight + timedelta(hours=f), o, s)
                         for f, o, s in zip(recorder.finish, recorder.outcome,
                                            recorder.stopped, strict=True)])
    return results


@dataclass
class _Placed:
    """What an open case still carries from the log while it is simulated: the steps
    under way (since when: each one's first stay only), the steps done whose way on is
    not known yet, and, once such a step is left, the steps it may lead to (in a log of
    completions only: under way since it ended)."""

    under_way: dict[str, datetime | None]
    done: dict[str, datetime]
    whole_span: bool
    ahead: list[tuple[tuple[frozenset[str], ...], datetime]] = field(default_factory=list)

    @classmethod
    def of(cls, position: Position) -> _Placed:
        return cls(dict(position.in_progress), dict(position.done), position.whole_span)

    def since(self, state: str) -> tuple[bool, datetime | None]:
        """Whether ``state``'s stay now drawn was under way at the forecast's moment, and
        since when; asked once per stay."""
        if state in self.under_way:
            return True, self.under_way.pop(state)
        for i, (groups, moment) in enumerate(self.ahead):
            group = next((g for g in groups if state in g), None)
            if group is not None:  # the way taken: its other steps began with it
                del self.ahead[i]
                self.under_way.update(dict.fromkeys(group - {state}, moment))
                return True, moment
        return False, None


def _remaining(model: Any, scenario: Scenario, started: dict[Any, _Placed],
               current: list[Any], elapsed: Callable[..., float] | None) -> Any:
    """``model`` whose samplers give a step under way only what is left of it, and a
    step done (its way on not known yet) no more time.

    The engine draws a case's applicant, then starts the case, from the case's own
    stream: the stream is remembered with what the case carries (``started``), and a
    sampler of a state looks its case up by that stream."""
    if elapsed is None:
        return model
    from dataclasses import replace

    from ..simulate.population import hours_per_unit
    from .residual import residual_sampler

    draw_applicant = model.applicant

    def applicant(rng: Any) -> Mapping[str, Value]:
        current[0] = rng
        values: Mapping[str, Value] = draw_applicant(rng)
        return values

    names = model.process.names
    successors = _successors(model.definition)
    samplers = list(model.sample)
    for leaf, base in enumerate(model.sample):
        if base is None:
            continue
        duration = scenario.durations.get(names[leaf])
        axis = model.axis_of[leaf]
        natural = duration is not None and duration.unit.startswith("natural")
        left = (residual_sampler(duration, hours_per_unit(duration, axis.length))
                if duration is not None and axis is not None else None)
        samplers[leaf] = _left(base, left, names[leaf], natural, started, elapsed,
                               successors.get(names[leaf], ()))
    return replace(model, applicant=applicant, sample=tuple(samplers))


def _left(base: Any, left: Residual | None, state: str, natural: bool,
          started: dict[Any, _Placed], elapsed: Callable[..., float],
          ways_on: tuple[frozenset[str], ...]) -> Any:
    def draw(rng: Any) -> float:
        return min(_draw(rng), _LONGEST)

    def _draw(rng: Any) -> float:
        placed = started.get(rng)
        if placed is None:
            return float(base(rng))
        if state in placed.done:
            # its step ended; the way on is drawn at once, and in a log of completions
            # the step it leads to has been under way since then
            moment = placed.done.pop(state)
            if placed.whole_span and ways_on:
                placed.ahead.append((ways_on, moment))
            return 0.0
        under_way, since = placed.since(state)
        ran = elapsed(since, natural) if under_way else 0.0
        if left is None or ran <= 0:
            return float(base(rng))
        return left(rng, ran)

    return draw


def _successors(definition: Definition) -> dict[str, tuple[frozenset[str], ...]]:
    """Per state, the sets of timed states one of its ways leads to at once (through
    decisions, which take no time)."""
    structure = definition.structure
    places = structure.places
    out: dict[str, list[tuple[str, ...]]] = {}
    for move in structure.moves:
        out.setdefault(move.source, []).append(move.entry)

    def reached(entry: tuple[str, ...], depth: int) -> list[frozenset[str]]:
        groups: list[frozenset[str]] = [frozenset()]
        for leaf in entry:
            if places[leaf].state.kind == "decision" and depth < 8:
                ways = [g for e in out.get(leaf, []) for g in reached(e, depth + 1)]
                groups = [g | w for g in groups for w in ways] or groups
            elif places[leaf].state.kind in ("task", "wait"):
                groups = [g | {leaf} for g in groups]
        return groups

    return {source: tuple(g for e in entries for g in reached(e, 0) if g)
            for source, entries in out.items()}


def _placer(process: Any, placed: Iterator[Position], started: dict[Any, _Placed],
            current: list[Any],
            factor: Callable[[Position, Any], float] | None = None,
            ways: WaysOn | None = None) -> Callable[[Mapping[str, Value]], Any]:
    """The engine's start of a case: the next open case, placed where it stands (past
    its done steps, their ways on drawn: ``ways``)."""
    from ..simulate.compiled import FastCase

    number = process.number

    def start(values: Mapping[str, Value]) -> FastCase:
        position = next(placed)
        if ways is not None and position.done and current[0] is not None:
            position = ways.place(position, values, current[0])
        if (position.in_progress or position.done) and current[0] is not None:
            started[current[0]] = _Placed.of(position)  # its stream: its samplers find it
        if factor is not None and current[0] is not None:
            current[0].shared = factor(position, current[0])  # how slow it has been
        case = FastCase(process, values)
        case.active = tuple(number[s] for s in position.config.active)
        visits = [0] * len(process.names)
        for leaf in case.active:
            visits[leaf] = 1
        for state, count in position.config.visits:
            visits[number[state]] = count
        case.visits = visits
        mask = 0
        for state in position.config.passed:
            mask |= 1 << number[state]
        case.done_mask = mask
        return case

    return start
