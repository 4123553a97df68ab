"""Working-day arithmetic over cached per-year tables, shared by every policy-kit calendar.

The simulator calls ``add_working_days`` millions of times, so a calendar must not walk day
by day. Each year is turned once into a sorted tuple of the ordinals of its working days;
a deadline is then one ``bisect`` to find where counting starts and one index to find where
it stops, O(log n) within a year plus one step per year boundary crossed. Subclasses only
say which days of a year are working days (``_build_year``); everything else lives here.
"""

from __future__ import annotations

import bisect
import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from policy_kit.errors import PolicyKitError

__all__ = ["DaySource", "TableCalendar", "YearTable"]

DaySource = Callable[[date], tuple[bool, str | None]]
"""Answers (is it a working day, name of the holiday if any) for one day."""

_LAST_ORDINAL = date.max.toordinal()


@dataclass(frozen=True)
class YearTable:
    """One year: which days are working days, their ordinals in order, and holiday names."""

    year: int
    flags: bytes
    """``flags[i]`` is 1 when the ``i``-th day of the year (from 0) is a working day."""
    working: tuple[int, ...]
    """Ordinals of the working days, ascending: what ``bisect`` searches."""
    names: Mapping[date, str] = field(default_factory=dict)
    """Names of the days off that have one (only days off: a make-up day has none)."""
    estimated: bool = False
    """True when the year was estimated by rule rather than taken from published data."""

    @classmethod
    def build(cls, year: int, source: DaySource, *, estimated: bool = False) -> YearTable:
        """Make the table by asking ``source`` about every day of ``year`` once."""
        first = date(year, 1, 1).toordinal()
        last = date(year, 12, 31).toordinal()
        flags = bytearray()
        names: dict[date, str] = {}
        for ordinal in range(first, last + 1):
            day = date.fromordinal(ordinal)
            working, name = source(day)
            flags.append(1 if working else 0)
            if name is not None and not working:
                names[day] = name
        working_days = tuple(first + i for i, flag in enumerate(flags) if flag)
        return cls(year, bytes(flags), working_days, names, estimated)

    @classmethod
    def weekly(cls, year: int, days_off: Mapping[date, str], *,
               estimated: bool = False) -> YearTable:
        """Monday to Friday working, but for ``days_off`` (all named): what ``build`` makes
        of such a source, without asking about each day (a long simulation estimates a
        year of holidays for every 60 cases; asking day by day was a tenth of that)."""
        first = date(year, 1, 1).toordinal()
        length = date(year, 12, 31).toordinal() - first + 1
        monday = date(year, 1, 1).weekday()
        flags = bytearray((b"\x01\x01\x01\x01\x01\x00\x00" * 54)[monday:monday + length])
        names: dict[date, str] = {}
        for day in sorted(days_off):
            if day.year == year and flags[day.toordinal() - first]:
                flags[day.toordinal() - first] = 0
            if day.year == year:
                names[day] = days_off[day]
        working_days = tuple(first + i for i, flag in enumerate(flags) if flag)
        return cls(year, bytes(flags), working_days, names, estimated)

    def is_working(self, day: date) -> bool:
        return bool(self.flags[day.toordinal() - date(self.year, 1, 1).toordinal()])


def _check_count(days: int, what: str) -> None:
    if days < 0:
        raise PolicyKitError(f"a time limit of {days} {what} is negative; limits count forward",
                             zh=f"时限 {days}（{what}）是负数；时限只能向后计算")


class TableCalendar(ABC):
    """A calendar whose years are built lazily, once, into :class:`YearTable` s.

    Office hours are the same on every working day, ``office_start`` to ``office_end``;
    ``add_working_hours`` counts only that time.
    """

    name: str

    def __init__(self, office_start: time = time(9), office_end: time = time(17)) -> None:
        if office_start.tzinfo is not None or office_end.tzinfo is not None:
            raise PolicyKitError("office hours are local times; give them without a time zone",
                                 zh="办公时间是当地时间；请不带时区给出")
        if office_start >= office_end:
            raise PolicyKitError(
                f"office hours must end after they start, got {office_start:%H:%M}"
                f"–{office_end:%H:%M}",
                zh=f"办公时间必须先开始后结束，给出的是 {office_start:%H:%M}–{office_end:%H:%M}"
            )
        self.office_start = office_start
        self.office_end = office_end
        self._day_length = datetime.combine(date.min, office_end) - datetime.combine(
            date.min, office_start
        )
        self._tables: dict[int, YearTable] = {}

    @abstractmethod
    def _build_year(self, year: int) -> YearTable:
        """Say which days of ``year`` are working days; called at most once per year."""

    def _table(self, year: int) -> YearTable:
        table = self._tables.get(year)
        if table is None:
            if not 1 <= year <= date.max.year:
                raise PolicyKitError(
                    f"{self.name}: no working day before the end of year {date.max.year}",
                    zh=f"{self.name}：到 {date.max.year} 年底之前没有工作日"
                )
            table = self._tables[year] = self._build_year(year)
        return table

    # --- days ---------------------------------------------------------------------------

    @property
    def estimated_years(self) -> frozenset[int]:
        return frozenset(year for year, table in self._tables.items() if table.estimated)

    def is_working_day(self, day: date) -> bool:
        return self._table(day.year).is_working(day)

    def working_flags(self, year: int) -> bytes:
        """One byte per day of ``year``, 1 on a working day (the simulator's day table
        takes a year at a time, not a day at a time)."""
        return self._table(year).flags

    def holiday_name(self, day: date) -> str | None:
        return self._table(day.year).names.get(_as_date(day))

    def _first_on_or_after(self, ordinal: int) -> tuple[YearTable, int]:
        """The year table and index of the first working day whose ordinal is ≥ ``ordinal``."""
        if ordinal > _LAST_ORDINAL:
            raise PolicyKitError(f"{self.name}: date out of range (after {date.max})",
                                 zh=f"{self.name}：日期超出范围（晚于 {date.max}）")
        table = self._table(date.fromordinal(ordinal).year)
        index = bisect.bisect_left(table.working, ordinal)
        while index == len(table.working):
            table, index = self._table(table.year + 1), 0
        return table, index

    def _advance(self, table: YearTable, index: int, steps: int) -> date:
        """The working day ``steps`` places after ``table.working[index]``."""
        while index + steps >= len(table.working):
            steps -= len(table.working) - index
            table, index = self._table(table.year + 1), 0
        return date.fromordinal(table.working[index + steps])

    def next_working_day(self, day: date, *, include_today: bool = True) -> date:
        table, index = self._first_on_or_after(day.toordinal() + (0 if include_today else 1))
        return date.fromordinal(table.working[index])

    def add_working_days(self, start: date, days: int, *, count_first_day: bool = False) -> date:
        _check_count(days, "working days")
        if days == 0:
            return self.next_working_day(start)
        first = start.toordinal() + (0 if count_first_day else 1)
        table, index = self._first_on_or_after(first)
        return self._advance(table, index, days - 1)

    def working_days_between(self, start: date, end: date) -> int:
        if end < start:
            return 0
        low, high = start.toordinal(), end.toordinal()
        count = 0
        for year in range(start.year, end.year + 1):
            working = self._table(year).working
            count += bisect.bisect_right(working, high) - bisect.bisect_left(working, low)
        return count

    def add_natural_days(self, start: date, days: int, *, count_first_day: bool = False) -> date:
        _check_count(days, "days")
        offset = days - 1 if count_first_day and days > 0 else days
        ordinal = start.toordinal() + offset
        if ordinal > _LAST_ORDINAL:
            raise PolicyKitError(f"{self.name}: date out of range (after {date.max})",
                                 zh=f"{self.name}：日期超出范围（晚于 {date.max}）")
        return self.next_working_day(date.fromordinal(ordinal))

    # --- hours --------------------------------------------------------------------------

    @property
    def working_hours_per_day(self) -> float:
        return self._day_length / timedelta(hours=1)

    def add_working_hours(self, moment: datetime, hours: float) -> datetime:
        """Count ``hours`` of office time from ``moment``; 0 hours returns ``moment`` itself.

        Time before opening, after closing and on days off does not count. Work that ends
        exactly at closing time ends then (17:00), not at the next opening. The moment's
        ``tzinfo`` is kept: office hours are read as local times of that zone.
        """
        if not math.isfinite(hours) or hours < 0:
            raise PolicyKitError(f"cannot add {hours} working hours; give a number ≥ 0",
                                 zh=f"无法加上 {hours} 个工作小时；请给出 ≥ 0 的数")
        remaining = timedelta(hours=hours)
        if remaining <= timedelta(0):
            return moment
        zone = moment.tzinfo
        day = moment.date()
        current = moment.replace(tzinfo=None)
        if not self.is_working_day(day) or current.time() >= self.office_end:
            day = self.next_working_day(day, include_today=False)
            current = datetime.combine(day, self.office_start)
        current = max(current, datetime.combine(day, self.office_start))
        today_left = datetime.combine(day, self.office_end) - current
        if remaining <= today_left:
            return (current + remaining).replace(tzinfo=zone)
        remaining -= today_left
        # Whole days are jumped with add_working_days; the last day gets (0, day length].
        whole_days = -(-remaining // self._day_length) - 1
        remaining -= whole_days * self._day_length
        last_day = self.add_working_days(day, whole_days + 1)
        return (datetime.combine(last_day, self.office_start) + remaining).replace(tzinfo=zone)


def _as_date(day: date) -> date:
    """A plain ``date`` (a ``datetime`` is a ``date`` too, but would never match a key)."""
    return date(day.year, day.month, day.day) if isinstance(day, datetime) else day
