"""Working-day calendars for policy-kit: the clock that dated paths and the simulator run on.

Chinese approval time limits (办理时限) count working days (工作日) on the statutory calendar,
where the State Council moves days off around public holidays and makes some weekends
working days (调休). Every calendar here follows the same counting rules:

* ``add_working_days(start, n)`` — a limit of *n* working days from a receipt date does not
  count the day of receipt (``count_first_day=False``, the default): the deadline is the
  *n*-th working day after ``start``. Received Thursday 2023-09-28 with 5 working days, the
  deadline is 2023-10-11 (National Day week is off; the make-up Saturday 10-07 and Sunday
  10-08 count).
* ``add_working_days(start, n, count_first_day=True)`` — a public notice (公示) of *n* working
  days that starts on a day counts that day when it is a working day: the notice starting
  2023-09-28 for 5 working days ends on 2023-10-10. If the start is not a working day the
  count begins with the next working day.
* ``n = 0`` means the same day, or the next working day when ``start`` is not one.
* ``working_days_between(start, end)`` counts both ends (0 when ``end < start``).
* ``add_natural_days(start, n)`` counts calendar days (自然日) the same way; a deadline that
  falls on a non-working day moves to the next working day.
* ``add_working_hours(moment, h)`` counts only office hours on working days.

Published years come from ``chinese_calendar``. Beyond them a ``strict`` calendar refuses
(``PolicyKitError`` naming the year), and a ``lenient`` one estimates from weekends plus
rule-based holidays and lists the year in ``estimated_years`` so output can say so. A local
file (``load_holidays``) can adjust the calendar or supply a missing year.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from policy_kit.calendar.chinese import DATA_YEARS, LOCAL_DAY_OFF, ChineseCalendar, Mode
from policy_kit.calendar.country import CountryCalendar, zone_of
from policy_kit.calendar.holidays_file import load_holidays
from policy_kit.calendar.protocol import Calendar
from policy_kit.calendar.weekly import WeeklyCalendar
from policy_kit.errors import UsageError

__all__ = [
    "DATA_YEARS",
    "LOCAL_DAY_OFF",
    "Calendar",
    "ChineseCalendar",
    "CountryCalendar",
    "Mode",
    "WeeklyCalendar",
    "calendar_for",
    "load_holidays",
    "zone_of",
]


def calendar_for(
    kind: Literal["cn", "weekly"] | str,
    mode: Mode = "lenient",
    holidays_file: str | Path | None = None,
) -> Calendar:
    """The calendar a command line asks for (``--calendar``, ``--calendar-mode``, ``--holidays``).

    ``mode`` and ``holidays_file`` only mean something for ``cn``: a weekly calendar has no
    dated days, so a holidays file given with it is refused rather than silently ignored.
    ``weekly:CC`` is a weekly calendar closed on country CC's public holidays.
    """
    if kind == "cn":
        overrides = load_holidays(holidays_file) if holidays_file is not None else {}
        return ChineseCalendar(mode, overrides)
    if kind == "weekly":
        if holidays_file is not None:
            raise UsageError(
                "--holidays needs the cn calendar; a weekly calendar has no dated holidays",
                zh="--holidays 需要 cn 日历；按周的日历没有具体日期的节假日")
        return WeeklyCalendar()
    if kind.startswith("weekly:"):
        if holidays_file is not None:
            raise UsageError("--holidays needs the cn calendar; a country's holidays come "
                             "from the `holidays` package",
                             zh="--holidays 需要 cn 日历；其他国家的节假日来自 `holidays` 包")
        return CountryCalendar(kind.split(":", 1)[1])
    raise UsageError(f"unknown calendar {kind!r}; choose cn, weekly or weekly:CC (a "
                     "country code such as weekly:NL)",
                     zh=(f"未知的日历 {kind!r}；请选 cn、weekly 或 weekly:CC（CC 为国家代码，如 w"
                         "eekly:NL）"))
