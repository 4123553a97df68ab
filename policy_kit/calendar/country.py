"""``CountryCalendar``: a weekly office calendar closed on one country's public holidays.

For processes outside China (a Dutch municipality's permits, say): offices open on the
weekdays given, except on the public holidays that the ``holidays`` package knows for the
country (and subdivision), which is kept up to date by its maintainers rather than by a
hand list here. Unlike the Chinese calendar there are no make-up working days.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time, tzinfo
from zoneinfo import ZoneInfo

from policy_kit.calendar.table import TableCalendar, YearTable
from policy_kit.errors import UsageError

__all__ = ["CountryCalendar", "zone_of"]

# The zone of naive timestamps for the countries whose offices keep one time zone; a
# country with several (US, RU, …) reads naive times as UTC, and the log should say more.
_ZONES = {
    "AT": "Europe/Vienna", "BE": "Europe/Brussels", "CH": "Europe/Zurich",
    "CN": "Asia/Shanghai", "CZ": "Europe/Prague", "DE": "Europe/Berlin",
    "DK": "Europe/Copenhagen", "ES": "Europe/Madrid", "FI": "Europe/Helsinki",
    "FR": "Europe/Paris", "GB": "Europe/London", "HK": "Asia/Hong_Kong",
    "IE": "Europe/Dublin", "IT": "Europe/Rome", "JP": "Asia/Tokyo", "KR": "Asia/Seoul",
    "LU": "Europe/Luxembourg", "MO": "Asia/Macau", "NL": "Europe/Amsterdam",
    "NO": "Europe/Oslo", "PL": "Europe/Warsaw", "PT": "Europe/Lisbon",
    "SE": "Europe/Stockholm", "SG": "Asia/Singapore", "TW": "Asia/Taipei",
}


def zone_of(calendar: str) -> tzinfo:
    """The time zone in which a process on ``calendar`` (cn, weekly, weekly:NL) keeps
    its office hours: where a naive timestamp of its logs is taken to be."""
    if calendar == "cn":
        return ZoneInfo("Asia/Shanghai")
    if calendar.startswith("weekly:"):
        country = calendar.split(":", 1)[1].split("-", 1)[0]
        return ZoneInfo(_ZONES.get(country, "UTC"))
    return ZoneInfo("UTC")


class CountryCalendar(TableCalendar):
    """Offices open on ``weekdays`` (0 = Monday) except on ``country``'s public holidays."""

    def __init__(self, country: str, weekdays: Iterable[int] = (0, 1, 2, 3, 4),
                 start: time = time(9), end: time = time(17)) -> None:
        import holidays  # one country's holidays, looked up only for such a calendar

        code, _, subdivision = country.partition("-")
        try:
            self._holidays = holidays.country_holidays(code, subdiv=subdivision or None)
        except NotImplementedError:
            raise UsageError(f"calendar weekly:{country}: the `holidays` package knows no "
                             f"country {code!r}; use an ISO 3166 code such as NL or DE",
                             zh=(f"日历 weekly:{country}：`holidays` 包不认识国家 {code!r}；请用 "
                                 "ISO 3166 代码，如 NL 或 DE")) from None
        self.weekdays = frozenset(weekdays)
        self.country = country
        self.name = f"weekly:{country}"
        super().__init__(start, end)

    def _build_year(self, year: int) -> YearTable:
        self._holidays.get(date(year, 1, 1))  # fills the year's holidays
        return YearTable.build(year, self._day)

    def _day(self, day: date) -> tuple[bool, str | None]:
        name = self._holidays.get(day)
        return day.weekday() in self.weekdays and name is None, name

    def holiday_name(self, day: date) -> str | None:
        name = self._holidays.get(day)
        return str(name) if name is not None else None
