"""``WeeklyCalendar``: a weekly office-hours calendar with no dated holidays, for policy-kit.

Used by dated paths and the simulator when results must be compared with process simulators
that only know a repeating week (so Spring Festival is an ordinary week there).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time

from policy_kit.calendar.table import TableCalendar, YearTable
from policy_kit.errors import PolicyKitError

__all__ = ["WeeklyCalendar"]

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class WeeklyCalendar(TableCalendar):
    """Offices open on ``weekdays`` (0 = Monday) from ``start`` to ``end``, every week."""

    def __init__(
        self,
        weekdays: Iterable[int] = (0, 1, 2, 3, 4),
        start: time = time(9),
        end: time = time(17),
    ) -> None:
        chosen = frozenset(weekdays)
        if not chosen:
            raise PolicyKitError("a weekly calendar needs at least one working weekday",
                                 zh="每周日历至少需要一个工作日")
        wrong = sorted(d for d in chosen if not 0 <= d <= 6)
        if wrong:
            raise PolicyKitError(
                f"weekdays count 0 (Monday) to 6 (Sunday); {wrong} is not one of them",
                zh=f"星期几从 0（周一）数到 6（周日）；{wrong} 不在其中"
            )
        self.weekdays = chosen
        self.name = f"weekly {','.join(_DAY_NAMES[d] for d in sorted(chosen))} "
        self.name += f"{start:%H:%M}-{end:%H:%M}"
        super().__init__(start, end)

    def _build_year(self, year: int) -> YearTable:
        return YearTable.build(year, self._day)

    def _day(self, day: date) -> tuple[bool, str | None]:
        return day.weekday() in self.weekdays, None

    def holiday_name(self, day: date) -> str | None:
        """Always None: a weekly calendar knows no holidays."""
        return None
