"""How far the calibrated scenario's simulation lies from the log it was calibrated on.

Part of **calibrate** (``--report``). The calibrated scenario is simulated with the log's
own arrivals (one dated batch per day on which cases arrived, as many cases as the log
has), its event log is read back and replayed exactly as the real log was, and the two
are measured the same way: cycle time (first to last event, working days on the process
calendar), each step's median working time (from when it was ready, when the real log
records only completions, so both sides count the same span), the outcome shares, and
cases finished per week. Measuring both through the same replay is what makes the
figures comparable: nothing is measured one way for the log and another for the model.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from statistics import median
from typing import Any

from ..conform import CaseResult, Conformance, conform
from ..conform.worktime import WorkClock
from ..loader import Definition
from ..model import Frozen
from .distance import Distance, distance

__all__ = ["Fidelity", "OutcomeRow", "StepRow", "measure"]


class StepRow(Frozen):
    state: str
    log_steps: int
    simulated_steps: int
    log_median: float | None
    simulated_median: float | None


class OutcomeRow(Frozen):
    outcome: str
    log: float
    simulated: float


class Fidelity(Frozen):
    """Log against simulation, every figure in working days unless it says otherwise."""

    seed: int
    log_cases: int
    simulated_cases: int
    cycle_time: Distance
    steps: tuple[StepRow, ...]
    outcomes: tuple[OutcomeRow, ...]
    finished_per_week: Distance
    log_per_week: float
    simulated_per_week: float


def measure(definition: Definition, scenario: Mapping[str, Any], real: Conformance,
            clock: WorkClock, whole_span: bool, seed: int) -> Fidelity:
    """Simulate ``scenario`` (a calibrated scenario's data) on ``real``'s arrivals and
    measure both."""
    from ..logs import ReadOptions, read_log
    from ..simulate import build, simulate
    from ..simulate.scenario import Scenario

    arrivals = Counter(case.start.astimezone(clock.zone).date() for case in real.cases
                       if case.start is not None)
    first = min(arrivals)
    data = dict(scenario)
    data["start"] = first.isoformat()
    data["arrivals"] = {
        "batches": [{"date": day.isoformat(), "cases": count, "spread_working_days": 1,
                     "source": "the log's own arrivals"}
                    for day, count in sorted(arrivals.items())]}
    data["cases"] = sum(arrivals.values())
    data["replications"] = 1
    model = build(definition, Scenario.model_validate(data))
    with tempfile.TemporaryDirectory(prefix="policy-kit-calibrate-") as folder:
        path = Path(folder) / "simulated.csv"
        simulate(model, cases=data["cases"], replications=1, seed=seed, event_log=path)
        simulated_log = read_log(path, ReadOptions(clock.zone))
    simulated = conform(definition, simulated_log)
    return Fidelity(
        seed=seed, log_cases=len(real.cases), simulated_cases=len(simulated.cases),
        cycle_time=distance(_cycles(real.cases) or [0.0], _cycles(simulated.cases) or [0.0]),
        steps=_steps(definition, real.cases, simulated.cases, clock, whole_span),
        outcomes=_outcomes(real.cases, simulated.cases),
        **_weekly(real.cases, simulated.cases))


def _cycles(cases: Iterable[CaseResult]) -> list[float]:
    return [c.working_days for c in cases if c.finished and c.working_days is not None]


def _step_days(cases: Iterable[CaseResult], clock: WorkClock,
               whole_span: bool) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for case in cases:
        for step in case.steps:
            begin = step.ready if whole_span or step.start is None else step.start
            if begin is not None and step.end is not None:
                times.setdefault(step.state, []).append(clock.days(begin, step.end))
    return times


def _steps(definition: Definition, real: Iterable[CaseResult],
           simulated: Iterable[CaseResult], clock: WorkClock,
           whole_span: bool) -> tuple[StepRow, ...]:
    log_times = _step_days(real, clock, whole_span)
    sim_times = _step_days(simulated, clock, whole_span)
    rows = []
    for name, place in definition.structure.places.items():
        if place.state.kind not in ("task", "wait"):
            continue
        a, b = log_times.get(name, []), sim_times.get(name, [])
        if not a and not b:
            continue
        rows.append(StepRow(state=name, log_steps=len(a), simulated_steps=len(b),
                            log_median=round(median(a), 4) if a else None,
                            simulated_median=round(median(b), 4) if b else None))
    return tuple(rows)


def _outcomes(real: Iterable[CaseResult], simulated: Iterable[CaseResult]
              ) -> tuple[OutcomeRow, ...]:
    def shares(cases: Iterable[CaseResult]) -> dict[str, float]:
        counts = Counter(c.outcome or "" for c in cases if c.finished)
        total = sum(counts.values()) or 1
        return {k: v / total for k, v in counts.items()}

    a, b = shares(real), shares(simulated)
    return tuple(OutcomeRow(outcome=o, log=round(a.get(o, 0.0), 4),
                            simulated=round(b.get(o, 0.0), 4))
                 for o in sorted(set(a) | set(b)))


def _weekly(real: Iterable[CaseResult], simulated: Iterable[CaseResult]) -> dict[str, Any]:
    def weeks(cases: Iterable[CaseResult]) -> Counter[date]:
        counts: Counter[date] = Counter()
        for case in cases:
            if case.finished and case.end is not None:
                counts[_monday(case.end)] += 1
        return counts

    a, b = weeks(real), weeks(simulated)
    span = sorted(set(a) | set(b)) or [date.today()]
    first, last = span[0], span[-1]
    every = [date.fromordinal(d) for d in range(first.toordinal(), last.toordinal() + 1, 7)]
    log_counts = [float(a.get(w, 0)) for w in every]
    sim_counts = [float(b.get(w, 0)) for w in every]
    return {"finished_per_week": distance(log_counts, sim_counts),
            "log_per_week": round(sum(log_counts) / len(every), 3),
            "simulated_per_week": round(sum(sim_counts) / len(every), 3)}


def _monday(moment: datetime) -> date:
    day = moment.date()
    return date.fromordinal(day.toordinal() - day.weekday())
