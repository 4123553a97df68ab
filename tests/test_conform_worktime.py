"""The office clock conform counts working time on: exact, whatever the log's years."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from policy_kit.calendar import calendar_for
from policy_kit.calendar.table import TableCalendar
from policy_kit.conform.worktime import WorkClock

CET = timezone(timedelta(hours=1))


def _clock() -> WorkClock:
    calendar = calendar_for("weekly:NL")
    assert isinstance(calendar, TableCalendar)
    return WorkClock(calendar, CET)


def test_a_step_on_a_half_rounding_boundary_is_counted_exactly() -> None:
    """5 h 44 min 24 s of an office day is 0.7175 days exactly; a clock summing hours
    from a distant epoch used to lose that to float noise (and printed 0.717)."""
    clock = _clock()
    start = datetime(2011, 3, 29, 10, 12, 33, tzinfo=CET)
    end = start + timedelta(hours=5, minutes=44, seconds=24)
    assert clock.days(start, end) == (5 * 3600 + 44 * 60 + 24) / clock.seconds
    assert clock.hours(start, end) == (5 * 3600 + 44 * 60 + 24) / 3600


def test_working_time_does_not_depend_on_which_year_came_first() -> None:
    late, early = _clock(), _clock()
    early.days(datetime(1995, 6, 1, 9, tzinfo=CET), datetime(1995, 6, 2, 9, tzinfo=CET))
    start = datetime(2011, 12, 20, 9, 30, tzinfo=CET)
    end = datetime(2012, 1, 10, 16, 0, tzinfo=CET)
    assert late.days(start, end) == early.days(start, end)
    assert late.days(end, start) == 0.0
