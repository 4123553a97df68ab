"""Replications in other processes: the same tallies, sooner, on every core.

Part of **simulate**. A replication draws only from streams derived from (seed,
replication) (``policy_kit.simulate.streams``), so where it runs changes nothing: a worker
process has the model (a forked one inherits it; a spawned one builds it from the
definition and scenario once), runs the replications it is handed, and sends each
``Tally`` back (counts and mergeable summaries, a few kB);
``policy_kit.simulate.run`` merges them in replication order, so the report is byte for
byte the one a single process writes, for any number of workers.

A pool costs start-up (a forked worker about 50 ms, a spawned one half a second), so by
default one starts only when the work is worth it: more than one replication, and an
estimated second or more of simulation (``worth_a_pool``). Workers are forked where the
platform allows and this process runs no other thread (forking a threaded process can
deadlock); else spawned.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import PolicyKitError
from ..loader import Definition
from .build import Model, build
from .cases import StartCase
from .engine import run_replication
from .scenario import Scenario
from .tally import CaseWriter, Tally

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["Replications", "default_workers", "replicate", "run_pool", "worth_a_pool"]

SECONDS_PER_CASE_STATE = 3e-6
"""A case costs about this much per state of its process (the approval model: 15
states, 45 µs a case; Jining's parallel stages cost more): what ``worth_a_pool``
estimates with."""

WORTH_SECONDS = 1.0


@dataclass(frozen=True)
class Replications:
    """What every replication of a run shares (all of it can cross to a process)."""

    seed: int
    cases: int
    warmup: int
    horizon: float


def replicate(model: Model, start: StartCase, plan: Replications, replication: int,
              writer: CaseWriter | None = None,
              progress: Callable[[int], None] | None = None) -> Tally:
    """Run replication ``replication`` of ``plan`` in this process."""
    tally = Tally(model, writer)
    try:
        run_replication(model, start, tally, seed=plan.seed, replication=replication,
                        cases=plan.cases, warmup=plan.warmup, log=writer is not None,
                        horizon=plan.horizon, progress=progress)
    except OverflowError:  # a draw of 1e300 hours: the calendar ends in year 9999
        raise PolicyKitError(
            "the simulation ran past the end of the calendar (year 9999), or one "
            "duration or arrival gap spans centuries: a duration or an arrival gap in "
            "the scenario is far too large; check its units and values",
            zh="仿真越过了日历的尽头（9999 年），或者某个时长或到达间隔跨越几个世纪：情景中的时长或"
               "到达间隔大得离谱；请检查单位和数值") from None
    return tally


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def worth_a_pool(model: Model, replications: int, cases: int) -> bool:
    """Whether the run is long enough for worker processes to pay for themselves."""
    estimate = replications * cases * len(model.process.names) * SECONDS_PER_CASE_STATE
    return replications > 1 and estimate >= WORTH_SECONDS


# -- in the worker processes ------------------------------------------------------------

_WORKER_MODEL: Model | None = None


def _start_worker(definition: Definition, scenario: Scenario) -> None:
    global _WORKER_MODEL
    _WORKER_MODEL = build(definition, scenario)


def _run_in_worker(plan: Replications, replication: int) -> Tally:
    model = _WORKER_MODEL
    assert model is not None, "the pool's initializer builds the model"
    return replicate(model, model.process.start, plan, replication)


# -- in the parent -----------------------------------------------------------------------

def run_pool(model: Model, plan: Replications, replications: Iterable[int], workers: int,
             done: Callable[[int, Tally], None],
             meanwhile: Callable[[], None] | None = None) -> None:
    """Run ``replications`` on ``workers`` processes, calling ``done(r, tally)`` as each
    comes back (the tally with its model again); ``meanwhile`` runs here while they work
    (the replication that writes the event log)."""
    # Imported here: a run without a pool (the default for a small one) does not pay for
    # multiprocessing and concurrent.futures at start-up (about 10 ms).
    import multiprocessing
    import threading
    from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait

    global _WORKER_MODEL
    method = "fork" if ("fork" in multiprocessing.get_all_start_methods()
                        and threading.active_count() == 1) else "spawn"
    context = multiprocessing.get_context(method)
    if method == "fork":  # the workers inherit the model: nothing to send or build
        _WORKER_MODEL = model
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    else:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                   initializer=_start_worker,
                                   initargs=(model.definition, model.scenario))
    with pool:
        pending: dict[Future[Tally], int] = {
            pool.submit(_run_in_worker, plan, r): r for r in replications}
        try:
            if meanwhile is not None:
                meanwhile()
            while pending:
                finished, _ = wait(pending, return_when=FIRST_EXCEPTION)
                for future in finished:
                    r = pending.pop(future)
                    done(r, future.result().attach(model))
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        finally:
            _WORKER_MODEL = None
