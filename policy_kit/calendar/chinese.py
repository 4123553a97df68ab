"""``ChineseCalendar``: China's statutory working days, for policy-kit's dated paths and simulator.

Published years (2004–2026 in chinese-calendar 1.11.0) come from ``chinese_calendar``, which
knows the State Council's holidays and make-up working days (调休). Any other year is either
refused (strict mode) or estimated from weekends plus the holidays that the ``holidays``
package computes by rule, lunar ones included (lenient mode; the year is then reported in
``estimated_years`` so that output can say "estimated"). An estimate has no make-up working
days, because they are only known once the State Council publishes them. Estimates are
rough away from the present: ``holidays`` knows Chinese holidays for 1950–2100 only (other
years are plain weekends), and every estimate assumes the five-day week China has had since
1995-05-01.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from functools import cache
from typing import Literal

import chinese_calendar

from policy_kit.calendar.table import DaySource, TableCalendar, YearTable
from policy_kit.errors import PolicyKitError

__all__ = ["DATA_YEARS", "LOCAL_DAY_OFF", "ChineseCalendar", "Mode"]

Mode = Literal["strict", "lenient"]

DATA_YEARS: range = range(
    min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1
)
"""The years ``chinese_calendar`` has published data for (it raises outside them)."""

LOCAL_DAY_OFF = "休息日（本地调整）"
"""Name shown for a day off that only an override declares and no source names."""

_SWAP_MARK = "调休"
"""In ``holidays``' Chinese labels, marks a weekday off swapped for a weekend worked."""


@cache
def _data_version() -> str:
    from importlib import metadata  # only for an error message: kept off start-up

    try:
        return metadata.version("chinese_calendar")
    except metadata.PackageNotFoundError:  # pragma: no cover - installed with policy-kit
        return "?"


RULE_YEARS = range(1950, 2101)
"""The years the ``holidays`` package computes Chinese holidays for (``China.start_year``
to ``end_year`` in holidays 0.109); it answers any other year with none, so those years
are plain weekends without asking it."""

RULE_BATCH = 25
"""Years asked of ``holidays`` at once. It spends most of a year's cost setting up (about
4.7 ms for one year alone, 0.55 ms a year in a batch); a simulation of 10,000 Jining cases
at 60 a year walks 166 years forward, so the years after the one asked for are asked too."""

_RULE_YEARS: dict[int, dict[date, str]] = {}
"""Years of ``_rule_holidays`` already computed: per process, shared by every calendar."""


def _rule_holidays(year: int) -> dict[date, str]:
    """Days off that the ``holidays`` package computes by rule for ``year``, named in Chinese.

    Its day-off halves of known 调休 swaps are dropped: the worked weekend that pays for
    them is not in the package, and keeping one half would overcount days off.
    """
    known = _RULE_YEARS.get(year)
    if known is not None:
        return known
    if year not in RULE_YEARS:
        return {}
    import holidays  # only for years beyond the published data: kept off start-up

    batch = range(year, min(year + RULE_BATCH, RULE_YEARS.stop))
    found = holidays.country_holidays("CN", years=batch, language="zh_CN")
    for each in batch:
        _RULE_YEARS.setdefault(each, {})
    for day, name in sorted(found.items()):
        if _SWAP_MARK not in str(name) and day.year in batch:
            _RULE_YEARS[day.year].setdefault(day, str(name))
    return _RULE_YEARS[year]


def _published_day(day: date) -> tuple[bool, str | None]:
    """(is working day, Chinese holiday name) from ``chinese_calendar``'s published data:
    its ``workdays`` (make-up working days) and ``holidays``, else the weekday, as its
    ``get_holiday_detail`` answers. Read from those two tables directly: that function
    checks each date's year against the whole table first (about 15 µs a day: a year
    was 5 ms of every simulation's start)."""
    if day in chinese_calendar.workdays:
        return True, None
    english = chinese_calendar.holidays.get(day)
    if english is None:
        return day.weekday() < 5, None
    return False, str(chinese_calendar.Holiday(english).chinese)


class ChineseCalendar(TableCalendar):
    """China's statutory calendar; ``overrides`` (True = working, False = day off) win.

    A year beyond the published data that ``overrides`` mention is taken as declared by them
    in full, like a State Council notice: weekends plus the listed days off and make-up
    working days, not estimated, in both modes. Within the published years, ``overrides``
    only adjust the published calendar (a local extra day off, for example).

    Office hours default to 09:00–17:00 (ASSUMPTION: a common government office day; real
    hours vary by office and season and include a lunch break this model ignores).
    """

    def __init__(
        self,
        mode: Mode = "lenient",
        overrides: Mapping[date, bool] | None = None,
        *,
        office_start: time = time(9),
        office_end: time = time(17),
    ) -> None:
        if mode not in ("strict", "lenient"):
            raise PolicyKitError(f"calendar mode must be 'strict' or 'lenient', not {mode!r}",
                                 zh=f"日历模式只能是 strict 或 lenient，不能是 {mode!r}")
        self.mode: Mode = mode
        self.overrides: dict[date, bool] = {
            _plain(d): bool(w) for d, w in (overrides or {}).items()
        }
        self._declared_years = frozenset(d.year for d in self.overrides) - set(DATA_YEARS)
        self.office_hours_assumed = (office_start, office_end) == (time(9), time(17))
        self.name = f"cn-{mode}" + ("+overrides" if self.overrides else "")
        super().__init__(office_start, office_end)

    def _build_year(self, year: int) -> YearTable:
        if year in DATA_YEARS:
            return self._adjusted(year, _published_day)
        if year in self._declared_years:
            return self._adjusted(year, _weekend_day)
        if self.mode == "strict":
            raise PolicyKitError(
                f"no statutory holiday data for {year}: chinese-calendar {_data_version()} "
                f"covers {DATA_YEARS.start}–{DATA_YEARS.stop - 1} only; choose the lenient mode "
                f"(path: --calendar-mode lenient; a scenario: `calendar: {{mode: lenient}}`) or "
                f"add a holidays file listing {year}'s holidays and make-up working days",
                zh=f"没有 {year} 年的法定节假日数据：chinese-calendar {_data_version()} 只覆盖 "
                   f"{DATA_YEARS.start}–{DATA_YEARS.stop - 1} 年；请改用宽松模式（path："
                   "--calendar-mode lenient；情景：`calendar: {mode: lenient}`），或加一个列出 "
                   f"{year} 年节假日和调休上班日的节假日文件"
            )
        rule = _rule_holidays(year)
        if not self.overrides:
            return YearTable.weekly(year, rule, estimated=True)
        return self._adjusted(
            year, lambda day: (day.weekday() < 5 and day not in rule, rule.get(day)), True
        )

    def _adjusted(self, year: int, source: DaySource, estimated: bool = False) -> YearTable:
        """Build ``year`` from ``source``, then let the overrides have the last word."""

        def adjusted(day: date) -> tuple[bool, str | None]:
            working, name = source(day)
            override = self.overrides.get(day)
            if override is None:
                return working, name
            if override:
                return True, None
            return False, name or _rule_holidays(year).get(day) or LOCAL_DAY_OFF

        return YearTable.build(year, adjusted, estimated=estimated)


def _weekend_day(day: date) -> tuple[bool, str | None]:
    """A week of Monday–Friday work and nothing else: the base a declared year adjusts."""
    return day.weekday() < 5, None


def _plain(day: date) -> date:
    return date(day.year, day.month, day.day) if isinstance(day, datetime) else day
