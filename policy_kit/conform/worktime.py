"""Working time between two moments on a process calendar, and whether a limit was kept.

Part of **conform**. A step's working time counts only office hours on working days of
the process calendar (China's statutory calendar with its make-up working days for
``cn``; a country's public holidays for ``weekly:CC``), in the calendar's own time zone.
A limit is kept as the offices count it: the step must end by the close of the
limit's last day, counted from the day it started (``add_working_days``), not by
comparing hours.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache

from ..calendar.table import TableCalendar
from ..model.common import Limit

__all__ = ["WorkClock"]

_EPOCH = date(1900, 1, 1)


class WorkClock:
    """Office time on one calendar, read in one time zone."""

    def __init__(self, calendar: TableCalendar, zone: tzinfo) -> None:
        self.calendar = calendar
        self.zone = zone
        self.open = calendar.office_start.hour + calendar.office_start.minute / 60
        self.close = calendar.office_end.hour + calendar.office_end.minute / 60
        self.day = self.close - self.open
        self._before = lru_cache(maxsize=1 << 16)(self._working_days_before)

    def _working_days_before(self, ordinal: int) -> int:
        day = date.fromordinal(ordinal)
        return self.calendar.working_days_between(_EPOCH, day - timedelta(days=1))

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def _position(self, moment: datetime) -> float:
        """Office hours from the epoch to ``moment``."""
        local = moment.astimezone(self.zone)
        day = local.date()
        hours = self._before(day.toordinal()) * self.day
        if self.calendar.is_working_day(day):
            clock = local.hour + local.minute / 60 + local.second / 3600
            hours += min(max(clock, self.open), self.close) - self.open
        return hours

    def hours(self, start: datetime, end: datetime) -> float:
        """Office hours from ``start`` to ``end`` (0 when ``end`` is not later)."""
        if end <= start:
            return 0.0
        return max(0.0, self._position(end) - self._position(start))

    def days(self, start: datetime, end: datetime) -> float:
        """Working days (office hours over the length of one office day)."""
        return self.hours(start, end) / self.day

    def due(self, start: datetime, limit: Limit, extra_days: int = 0) -> date:
        """The last day on which a step started at ``start`` keeps ``limit`` (plus
        ``extra_days`` during which the clock stood still)."""
        day = start.astimezone(self.zone).date()
        count = limit.days + extra_days
        if limit.working_days is not None:
            return self.calendar.add_working_days(day, count,
                                                  count_first_day=limit.counts_first_day)
        return self.calendar.add_natural_days(day, count,
                                              count_first_day=limit.counts_first_day)

    def kept(self, start: datetime, end: datetime, limit: Limit, extra_days: int = 0) -> bool:
        return end.astimezone(self.zone).date() <= self.due(start, limit, extra_days)
