"""Running a scenario: replications with their own random streams, then one report.

Part of **simulate**: the entry the CLI and the benchmark call. Replication ``r`` draws
from streams derived from ``(seed, r)`` only (the arrivals from one, each case from its
own, numbered in order of arrival: ``policy_kit.simulate.streams``), so the same seed
gives the same report byte for byte, and two variants run with the same seed face the
same applicants at the same moments (common random numbers, what ``compare`` relies on).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from .build import Model
from .cases import StartCase
from .parallel import Replications, default_workers, replicate, run_pool, worth_a_pool
from .results import report
from .tally import Tally

if TYPE_CHECKING:
    from .eventlog import EventLog

__all__ = ["Run", "simulate"]

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Run:
    """What a simulation produced: the report and each replication's tally."""

    data: dict[str, Any]
    tallies: tuple[Tally, ...]


def simulate(model: Model, *, cases: int | None = None, replications: int | None = None,
             seed: int | None = None, warmup: int | None = None,
             event_log: Path | None = None, start: StartCase | None = None,
             progress: Progress | None = None, scenario_name: str = "",
             workers: int | None = None) -> Run:
    """Simulate ``model``; settings not given come from its scenario.

    ``workers``: processes to run replications on (``policy_kit.simulate.parallel``);
    None, this machine's cores when the run is worth a pool, else this process alone.
    The report is the same whatever runs it."""
    scenario = model.scenario
    cases = scenario.cases if cases is None else cases
    replications = scenario.replications if replications is None else replications
    seed = scenario.seed if seed is None else seed
    warmup = scenario.warmup_cases if warmup is None else warmup
    if cases < 1 or replications < 1 or seed < 0 or warmup < 0:
        raise UsageError("--cases and --replications take a number ≥ 1, --seed one ≥ 0",
                         zh=("--cases 和 --replications 需要不小于 1 的数，--seed 需要不小于 0 的"
                             "数"))
    if workers is not None and workers < 1:
        raise UsageError("--workers takes a number ≥ 1",
                         zh="--workers 需要不小于 1 的数")
    horizon = 24.0 * scenario.horizon_days if scenario.horizon_days else float("inf")
    plan = Replications(seed, cases, warmup, horizon)
    begin = start or model.process.start
    if workers is None:
        workers = default_workers() if worth_a_pool(model, replications, cases) else 1
    workers = min(workers, replications)
    tallies: dict[int, Tally] = {}
    if workers > 1 and start is None:
        _in_pool(model, plan, replications, workers, event_log, progress, tallies)
    else:
        for r in range(replications):
            offset = r * (cases + warmup)
            step = None if progress is None else (lambda n, o=offset: progress(o + n))
            tallies[r] = _first(model, begin, plan, event_log if r == 0 else None, step, r)
    ordered = [tallies[r] for r in range(replications)]
    data = report(model, ordered, cases=cases, seed=seed, warmup=warmup,
                  scenario=scenario_name)
    return Run(data, tuple(ordered))


def _first(model: Model, begin: StartCase, plan: Replications, event_log: Path | None,
           progress: Progress | None, r: int) -> Tally:
    """Replication ``r`` here, writing the event log if one is asked for."""
    with _log(event_log, model) as writer:
        return replicate(model, begin, plan, r, writer, progress)


def _in_pool(model: Model, plan: Replications, replications: int, workers: int,
             event_log: Path | None, progress: Progress | None,
             tallies: dict[int, Tally]) -> None:
    """Replications on ``workers`` processes; the one with the event log, here."""
    per = plan.cases + plan.warmup

    def done(r: int, tally: Tally) -> None:
        tallies[r] = tally
        if progress is not None:
            progress(per * len(tallies))

    here = None
    others: range = range(replications)
    if event_log is not None:
        others = range(1, replications)
        workers = max(1, min(workers - 1, len(others)))

        def here() -> None:
            done(0, _first(model, model.process.start, plan, event_log, None, 0))

    run_pool(model, plan, others, workers, done, here)


@contextmanager
def _log(path: Path | None, model: Model) -> Iterator[EventLog | None]:
    if path is None:
        yield None
        return
    from .eventlog import open_event_log  # only when asked for: csv and xml cost start-up

    with open_event_log(path, model) as log:
        yield log
