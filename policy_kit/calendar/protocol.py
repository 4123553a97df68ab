"""The ``Calendar`` protocol: what policy-kit's dated paths and simulator ask of a calendar.

Kept apart from the implementations so that callers can type against it without importing
``chinese_calendar`` or ``holidays``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol, runtime_checkable

__all__ = ["Calendar"]


@runtime_checkable
class Calendar(Protocol):
    """Working days and office hours; see :mod:`policy_kit.calendar` for the counting rules."""

    name: str

    @property
    def estimated_years(self) -> frozenset[int]:
        """Years for which some answer so far was estimated rather than looked up."""
        ...

    @property
    def working_hours_per_day(self) -> float:
        """Length of one working day's office hours, in hours."""
        ...

    def is_working_day(self, day: date) -> bool:
        """Whether offices are open on ``day``."""
        ...

    def add_working_days(self, start: date, days: int, *, count_first_day: bool = False) -> date:
        """The deadline ``days`` working days from ``start``."""
        ...

    def working_days_between(self, start: date, end: date) -> int:
        """Working days from ``start`` to ``end``, both included (0 if ``end < start``)."""
        ...

    def add_natural_days(self, start: date, days: int, *, count_first_day: bool = False) -> date:
        """The deadline ``days`` calendar days from ``start``, moved off a non-working day."""
        ...

    def next_working_day(self, day: date, *, include_today: bool = True) -> date:
        """The first working day on (or, with ``include_today=False``, after) ``day``."""
        ...

    def holiday_name(self, day: date) -> str | None:
        """The Chinese name of the holiday that closes offices on ``day``, if one is known."""
        ...

    def add_working_hours(self, moment: datetime, hours: float) -> datetime:
        """The moment ``hours`` of office time after ``moment``."""
        ...
