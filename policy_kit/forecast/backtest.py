"""How good the forecast is, on a log whose future is known: cut it, forecast, compare.

Part of **forecast**. The whole log is replayed once to learn when each case really
finished; the log cut at ``as_of`` is forecast; for each case open at the cut that did
finish later, the real finish date is held against the forecast's 10–90 % interval
(*coverage*: the share inside, about 80 % for a well-calibrated forecast) and against
its median (the absolute error in working days on the process calendar).

One cut says little where few cases are open at a time (an office that finishes most
cases within a day): ``backtests`` cuts the same log at many dates (``monthly_cuts``:
the first of every month inside it) and ``pool`` adds them up — coverage over every
compared case, the median of every error.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from statistics import median
from typing import TYPE_CHECKING, Any

from ..model import Frozen
from .job import run_forecast

if TYPE_CHECKING:
    from ..cli.logflags import CaseLog

__all__ = ["Backtest", "Pooled", "backtest", "backtests", "monthly_cuts", "pool"]


class Backtest(Frozen):
    as_of: date
    open: int
    compared: int
    coverage: float | None
    median_absolute_error: float | None
    """Working days between the forecast's median and the real finish date."""
    inside: int = 0
    """Compared cases whose real finish fell in the 10–90 % interval."""
    errors: tuple[int, ...] = ()
    """Each compared case's absolute error, in working days."""
    widths: tuple[int, ...] = ()
    """Each compared case's 10–90 % interval, in working days from p10 to p90: a wider
    interval covers more, so coverage is read beside it."""

    @property
    def median_width(self) -> float | None:
        return float(median(self.widths)) if self.widths else None


class Pooled(Frozen):
    """Many cuts of one log, added up."""

    cuts: int
    open: int
    compared: int
    coverage: float | None
    median_absolute_error: float | None
    first: date | None
    last: date | None
    median_width: float | None = None
    """Of the compared cases' 10–90 % intervals, in working days."""


def backtest(case_log: CaseLog, as_of: date, scenario: Path | None,
             replications: int = 100, seed: int = 1) -> Backtest:
    return backtests(case_log, [as_of], scenario, replications, seed)[0]


def backtests(case_log: CaseLog, dates: Sequence[date], scenario: Path | None,
              replications: int = 100, seed: int = 1) -> list[Backtest]:
    """One backtest per date (the whole log is replayed once); a date at which the log
    has nothing open gives a backtest with nothing compared."""
    from ..conform import conform, replayer_for

    definition = case_log.definition
    whole = conform(definition, case_log.log, case_log.activities, case_log.settings)
    clock = replayer_for(definition, case_log.activities, case_log.log,
                         case_log.settings).clock
    finished = {c.case: clock.local(c.end).date() for c in whole.cases
                if c.finished and c.end is not None}
    return [_compare(case_log, as_of, scenario, replications, seed, finished, clock)
            for as_of in dates]


def _compare(case_log: CaseLog, as_of: date, scenario: Path | None, replications: int,
             seed: int, finished: dict[str, date], clock: Any) -> Backtest:
    forecast, _ = run_forecast(case_log, scenario, as_of, replications, seed)
    inside, errors, widths = 0, [], []
    days = clock.calendar.working_days_between
    for case in forecast.cases:
        real = finished.get(case.case)
        if real is None or case.p10 is None or case.p50 is None or case.p90 is None:
            continue
        inside += case.p10 <= real <= case.p90
        low, high = sorted((case.p50, real))
        errors.append(max(0, days(low, high) - 1))
        widths.append(max(0, days(case.p10, case.p90) - 1))
    return Backtest(as_of=as_of, open=len(forecast.cases), compared=len(errors),
                    coverage=round(inside / len(errors), 4) if errors else None,
                    median_absolute_error=float(median(errors)) if errors else None,
                    inside=inside, errors=tuple(errors), widths=tuple(widths))


def monthly_cuts(first: date, last: date) -> list[date]:
    """The first day of every month after ``first`` and before ``last``."""
    found: list[date] = []
    year, month = first.year, first.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        day = date(year, month, 1)
        if day >= last:
            return found
        found.append(day)


def pool(results: Sequence[Backtest]) -> Pooled:
    compared = sum(r.compared for r in results)
    errors = [e for r in results for e in r.errors]
    widths = [w for r in results for w in r.widths]
    return Pooled(cuts=len(results), open=sum(r.open for r in results), compared=compared,
                  coverage=round(sum(r.inside for r in results) / compared, 4)
                  if compared else None,
                  median_absolute_error=float(median(errors)) if errors else None,
                  first=min((r.as_of for r in results), default=None),
                  last=max((r.as_of for r in results), default=None),
                  median_width=float(median(widths)) if widths else None)
