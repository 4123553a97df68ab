"""Simulating many applications from Python: ``simulate(...)``, whose result is
``simulate --json``.

Part of the API layer over **simulate**. Means carry a 95% interval over replications;
percentiles pool every case (exact up to ``percentiles.exact_up_to`` cases, then
DDSketch within ``relative_accuracy``); shares count ``unfinished`` cases as an outcome of
their own. Every time is in working days of the process's office calendar
(docs/scenarios.md).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import Field

from ..loader import Definition
from .base import Result

__all__ = ["SimulateResult", "simulate"]

Share = float | None
Interval = tuple[float | None, float | None] | None


class PercentileMethod(Result):
    exact_up_to: int
    beyond: str
    relative_accuracy: float


class CalendarUsed(Result):
    name: str
    estimated_years: tuple[int, ...]
    """Years the run reached beyond the statutory calendar data (their days estimated)."""


class OutcomeCycle(Result):
    mean: float | None
    p50: float | None
    p90: float | None
    finished: int


class CycleTime(Result):
    """Working days from arrival to the end, on one clock, over the finished cases."""

    unit: Literal["working_days"]
    mean: float | None
    ci95: Interval
    p50: float | None
    p90: float | None
    p95: float | None
    p99: float | None
    finished: int
    by_outcome: dict[str, OutcomeCycle]
    percentiles: Literal["exact", "DDSketch"]
    sd: float | None


class CycleTimes(Result):
    government: CycleTime
    """Only the time on the government's clock (the office's limits count this)."""
    elapsed: CycleTime
    """Everything, the applicant's time and the waits on other parties included."""


class Unfinished(Result):
    stuck: int
    horizon: int
    step_limit: int


class Breaches(Result):
    """The share of cases, among those its limit applied to, that broke it."""

    process: Share
    stages: dict[str, Share]
    states: dict[str, Share]


class DepartmentFigures(Result):
    staff: int
    office_hours: str
    utilization: Share
    mean_queue_wait: float | None
    mean_queue_length: float | None
    served: int


class Bottleneck(Result):
    department: str
    state: str
    utilization: Share
    mean_queue_wait: float | None
    wait_per_case: float | None
    share_of_elapsed: Share


class TransitionCount(Result):
    index: int
    source: str = Field(alias="from")
    to: str
    on: str
    count: int
    per_case: Share


class StateFigures(Result):
    reached: Share
    reached_ci95: Interval
    mean_time: float | None


class SimulateResult(Result):
    """The figures of a whole run (every replication) of one process under a scenario."""

    format: int
    """The version of this JSON's format (docs/format.md)."""
    process: str
    scenario: str
    cases: int
    arrived: int
    replications: int
    seed: int
    warmup_cases: int
    percentiles: PercentileMethod
    calendar: CalendarUsed
    cycle_time: CycleTimes
    outcomes: dict[str, Share]
    outcomes_ci95: dict[str, Interval]
    unfinished: Unfinished
    sla_breach_rate: Breaches
    departments: dict[str, DepartmentFigures]
    bottlenecks: tuple[Bottleneck, ...]
    certificates: dict[str, Share]
    transitions: tuple[TransitionCount, ...]
    states: dict[str, StateFigures]


def simulate(spec: str | Path | Definition, *, scenario: Path | None = None,
             cases: int | None = None, replications: int | None = None,
             seed: int | None = None, warmup: int | None = None,
             event_log: Path | None = None, allow_unsound: bool = False,
             workers: int | None = None, lang: str = "zh",
             progress: Callable[[int, int], None] | None = None) -> SimulateResult:
    """Simulate ``spec`` under ``scenario`` (default: ``<id>.scenario.yaml`` beside it).

    ``cases``, ``replications``, ``seed`` and ``warmup`` override the scenario's; the same
    seed gives the same result for any number of ``workers``. A process the checker finds
    errors in is refused (``DefinitionError``, in ``lang``) unless ``allow_unsound``.
    ``event_log`` writes replication 1's cases (.csv, .xes or .parquet). ``progress`` is
    called with the cases simulated so far and the total.
    """
    from ..loader import load
    from ..simulate import prepare, refuse_unsound, scenario_path
    from ..simulate import simulate as run

    definition = spec if isinstance(spec, Definition) else load(spec)
    if not allow_unsound:
        refuse_unsound(definition, lang=lang)
    path = scenario if scenario is not None else scenario_path(definition)
    model = prepare(definition, path)
    settings = model.scenario
    total = ((cases or settings.cases) + (settings.warmup_cases if warmup is None else warmup)
             ) * (replications or settings.replications)
    report = None if progress is None else (lambda n: progress(n, total))
    result = run(model, cases=cases, replications=replications, seed=seed, warmup=warmup,
                 event_log=event_log, progress=report, workers=workers,
                 scenario_name=str(scenario) if scenario is not None else path.name)
    return SimulateResult.of(result.data)
