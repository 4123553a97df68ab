"""How good the forecast is, on a log whose future is known: cut it, forecast, compare.

Part of **forecast**. The whole log is replayed once to learn when each case really
finished; the log cut at ``as_of`` is forecast; for each case open at the cut that did
finish later, the real finish date is held against the forecast's 10–90 % interval
(*coverage*: the share inside, about 80 % for a well-calibrated forecast) and against
its median (the absolute error in working days on the process calendar).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from statistics import median
from typing import TYPE_CHECKING

from ..model import Frozen
from .job import run_forecast

if TYPE_CHECKING:
    from ..cli.logflags import CaseLog

__all__ = ["Backtest", "backtest"]


class Backtest(Frozen):
    as_of: date
    open: int
    compared: int
    coverage: float | None
    median_absolute_error: float | None
    """Working days between the forecast's median and the real finish date."""


def backtest(case_log: CaseLog, as_of: date, scenario: Path | None,
             replications: int = 100, seed: int = 1) -> Backtest:
    from ..conform import conform, replayer_for

    definition = case_log.definition
    whole = conform(definition, case_log.log, case_log.activities, case_log.settings)
    clock = replayer_for(definition, case_log.activities, case_log.log,
                         case_log.settings).clock
    finished = {c.case: clock.local(c.end).date() for c in whole.cases
                if c.finished and c.end is not None}
    forecast, _ = run_forecast(case_log, scenario, as_of, replications, seed)
    inside, errors = 0, []
    for case in forecast.cases:
        real = finished.get(case.case)
        if real is None or case.p10 is None or case.p50 is None or case.p90 is None:
            continue
        inside += case.p10 <= real <= case.p90
        low, high = sorted((case.p50, real))
        errors.append(max(0, clock.calendar.working_days_between(low, high) - 1))
    return Backtest(as_of=as_of, open=len(forecast.cases), compared=len(errors),
                    coverage=round(inside / len(errors), 4) if errors else None,
                    median_absolute_error=float(median(errors)) if errors else None)
