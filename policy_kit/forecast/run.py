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
from datetime import date, datetime, time, timedelta
from typing import Any

from ..expr import Value
from ..loader import Definition
from ..simulate.scenario import Scenario
from .position import Position

__all__ = ["FINISH_HORIZON_DAYS", "simulate_open"]

FINISH_HORIZON_DAYS = 3650
"""A case not finished ten years after the forecast's day counts as not finishing."""


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
                  elapsed: Callable[[Position, str, bool], float] | None = None
                  ) -> list[list[tuple[datetime | None, str | None, float]]]:
    """Per replication, per open case (in the given order): its finish, its outcome and
    the working days the limit stood still (off the government clock) after ``as_of``.

    ``elapsed(position, state, natural)``: the hours a step in progress has run (office
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
    for replication in range(replications):
        started: dict[Any, Position] = {}
        current: list[Any] = [None]
        run_model = _remaining(model, placed, started, current, elapsed)
        start = _placer(process, iter(open_cases), started, current)
        recorder = _finishes(run_model, len(open_cases))
        run_replication(run_model, start, recorder, seed=seed, replication=replication,
                        cases=len(open_cases), horizon=24.0 * FINISH_HORIZON_DAYS)
        results.append([(None if f is None else midnight + timedelta(hours=f), o, s)
                         for f, o, s in zip(recorder.finish, recorder.outcome,
                                            recorder.stopped, strict=True)])
    return results


def _remaining(model: Any, scenario: Scenario, started: dict[Any, Position],
               current: list[Any],
               elapsed: Callable[[Position, str, bool], float] | None) -> Any:
    """``model`` whose samplers give a step in progress only what is left of it.

    The engine draws a case's applicant, then starts the case, from the case's own
    stream: the stream is remembered with the case's position (``started``), and a
    sampler of a state in progress looks its case up by that stream."""
    if elapsed is None:
        return model
    from dataclasses import replace

    draw_applicant = model.applicant

    def applicant(rng: Any) -> Mapping[str, Value]:
        current[0] = rng
        values: Mapping[str, Value] = draw_applicant(rng)
        return values

    names = model.process.names
    samplers = list(model.sample)
    for leaf, base in enumerate(model.sample):
        if base is None:
            continue
        duration = scenario.durations.get(names[leaf])
        natural = duration is not None and duration.unit.startswith("natural")
        samplers[leaf] = _left(base, names[leaf], natural, started, elapsed)
    return replace(model, applicant=applicant, sample=tuple(samplers))


def _left(base: Any, state: str, natural: bool, started: dict[Any, Position],
          elapsed: Callable[[Position, str, bool], float]) -> Any:
    def draw(rng: Any) -> float:
        position = started.get(rng)
        if position is None or state not in dict(position.in_progress):
            return float(base(rng))
        ran = elapsed(position, state, natural)
        started[rng] = _without(position, state)  # only the first stay is in progress
        for _ in range(100):
            value = float(base(rng))
            if value > ran:
                return value - ran
        return 0.0  # it has run longer than the distribution allows: due now

    return draw


def _without(position: Position, state: str) -> Position:
    from dataclasses import replace

    return replace(position, in_progress=tuple(p for p in position.in_progress
                                               if p[0] != state))


def _placer(process: Any, placed: Iterator[Position], started: dict[Any, Position],
            current: list[Any]) -> Callable[[Mapping[str, Value]], Any]:
    """The engine's start of a case: the next open case, placed where it stands."""
    from ..simulate.compiled import FastCase

    number = process.number

    def start(values: Mapping[str, Value]) -> FastCase:
        position = next(placed)
        if position.in_progress and current[0] is not None:
            started[current[0]] = position  # this case's stream: its samplers find it
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
