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

from ..calendar.table import TableCalendar
from ..model.common import Limit

__all__ = ["WorkClock"]

class WorkClock:
    """Office time on one calendar, read in one time zone."""

    def __init__(self, calendar: TableCalendar, zone: tzinfo) -> None:
        self.calendar = calendar
        self.zone = zone
        start, end = calendar.office_start, calendar.office_end
        self.open = start.hour * 3600 + start.minute * 60 + start.second
        self.close = end.hour * 3600 + end.minute * 60 + end.second
        self.seconds = self.close - self.open
        self.day = self.seconds / 3600
        """The office day in hours."""
        self._days_before: dict[int, int] = {}
        self._years_before: dict[int, int] = {}
        self._days: dict[int, tuple[int, bool]] = {}
        self._due: dict[tuple[int, int, bool, bool], date] = {}

    def _before(self, ordinal: int) -> int:
        """Working days from the epoch (``_year_before``) to the day before ``ordinal``
        (cached: a log has few distinct days, and a year's count is one look-up in its
        table)."""
        found = self._days_before.get(ordinal)
        if found is None:
            day = date.fromordinal(ordinal)
            within = 0 if day.timetuple().tm_yday == 1 else self.calendar.working_days_between(
                date(day.year, 1, 1), day - timedelta(days=1))
            found = self._days_before[ordinal] = self._year_before(day.year) + within
        return found

    def _year_before(self, year: int) -> int:
        """Working days from 1 January of the first year asked about to 1 January
        ``year`` (negative before it). Only differences of positions are ever used, so
        the epoch is the log's own first year: no table is built for the years between
        1900 and the log (a century of holiday tables for nothing)."""
        known = self._years_before
        if not known:
            known[year] = 0
        while year > max(known):
            last = max(known)
            known[last + 1] = known[last] + self._whole_year(last)
        while year < min(known):
            first = min(known)
            known[first - 1] = known[first] - self._whole_year(first - 1)
        return known[year]

    def _whole_year(self, year: int) -> int:
        return self.calendar.working_days_between(date(year, 1, 1), date(year, 12, 31))

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def _position(self, moment: datetime) -> int:
        """Office seconds from the epoch (``_year_before``) to ``moment`` (whole seconds,
        so a difference is exact and its rounding never depends on the epoch)."""
        local = moment.astimezone(self.zone)
        ordinal = local.toordinal()
        known = self._days.get(ordinal)
        if known is None:  # a log has few distinct days: each is looked up once
            known = self._days[ordinal] = (
                self._before(ordinal) * self.seconds,
                self.calendar.is_working_day(date.fromordinal(ordinal)))
        seconds, working = known
        if working:
            clock = local.hour * 3600 + local.minute * 60 + local.second
            seconds += min(max(clock, self.open), self.close) - self.open
        return seconds

    def _seconds(self, start: datetime, end: datetime) -> int:
        if end <= start:
            return 0
        return max(0, self._position(end) - self._position(start))

    def hours(self, start: datetime, end: datetime) -> float:
        """Office hours from ``start`` to ``end`` (0 when ``end`` is not later)."""
        return self._seconds(start, end) / 3600

    def days(self, start: datetime, end: datetime) -> float:
        """Working days (office hours over the length of one office day)."""
        return self._seconds(start, end) / self.seconds

    def due(self, start: datetime, limit: Limit, extra_days: int = 0) -> date:
        """The last day on which a step started at ``start`` keeps ``limit`` (plus
        ``extra_days`` during which the clock stood still)."""
        day = start.astimezone(self.zone).date()
        count = limit.days + extra_days
        working = limit.working_days is not None
        key = (day.toordinal(), count, working, limit.counts_first_day)
        found = self._due.get(key)
        if found is None:  # many steps start on the same day with the same limit
            add = self.calendar.add_working_days if working else self.calendar.add_natural_days
            found = self._due[key] = add(day, count, count_first_day=limit.counts_first_day)
        return found

    def kept(self, start: datetime, end: datetime, limit: Limit, extra_days: int = 0) -> bool:
        return end.astimezone(self.zone).date() <= self.due(start, limit, extra_days)
