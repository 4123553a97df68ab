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

from ..errors import PolicyKitError, UsageError
from .build import Model
from .cases import StartCase
from .engine import run_replication
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
             progress: Progress | None = None, scenario_name: str = "") -> Run:
    """Simulate ``model``; settings not given come from its scenario."""
    scenario = model.scenario
    cases = scenario.cases if cases is None else cases
    replications = scenario.replications if replications is None else replications
    seed = scenario.seed if seed is None else seed
    warmup = scenario.warmup_cases if warmup is None else warmup
    if cases < 1 or replications < 1 or seed < 0 or warmup < 0:
        raise UsageError("--cases and --replications take a number ≥ 1, --seed one ≥ 0")
    horizon = 24.0 * scenario.horizon_days if scenario.horizon_days else float("inf")
    begin = start or model.process.start
    tallies = []
    for r in range(replications):
        with _log(event_log if r == 0 else None, model) as writer:
            tally = Tally(model, writer)
            offset = r * (cases + warmup)
            step = None if progress is None else (lambda n, o=offset: progress(o + n))
            try:
                run_replication(model, begin, tally, seed=seed, replication=r, cases=cases,
                                warmup=warmup, log=writer is not None, horizon=horizon,
                                progress=step)
            except OverflowError:  # a draw of 1e300 hours: the calendar ends in year 9999
                raise PolicyKitError(
                    "the simulation ran past the end of the calendar (year 9999), or one "
                    "duration or arrival gap spans centuries: a duration or an arrival gap in "
                    "the scenario is far too large; check its units and values") from None
            tallies.append(tally)
    data = report(model, tallies, cases=cases, seed=seed, warmup=warmup,
                  scenario=scenario_name)
    return Run(data, tuple(tallies))


@contextmanager
def _log(path: Path | None, model: Model) -> Iterator[EventLog | None]:
    if path is None:
        yield None
        return
    from .eventlog import open_event_log  # only when asked for: csv and xml cost start-up

    with open_event_log(path, model) as log:
        yield log
