"""The days one step occupies: the date arithmetic of a single step of a dated path.

Part of compile → walk → **date** (``policy_kit.schedule``): given the day a step receives
the case and how long it takes, say on which day it starts, on which it ends, and which
days its clock counts. The counting rules are the calendar's (see ``policy_kit.calendar``);
this module only decides which of them applies to which step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from ..calendar import Calendar
from ..model import Limit

__all__ = ["SAME_DAY", "Length", "Span", "Unit", "count_between", "end_for", "span_for"]

Unit = Literal["working_days", "natural_days"]

_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Length:
    """How long a step takes: ``days`` in ``unit``, and whether its first day counts.

    The same shape as a definition's ``Limit``, so that a promised length (the limit
    itself) and an expected one (a scenario's median) are dated by the same code.
    """

    days: int
    unit: Unit
    counts_first_day: bool = False

    @classmethod
    def of(cls, limit: Limit) -> Length:
        return cls(limit.days, limit.unit, limit.counts_first_day)


SAME_DAY = Length(0, "working_days")
"""What a step takes when it takes no time: it ends on the (working) day it starts."""


@dataclass(frozen=True)
class Span:
    """Where a step falls: ``start`` and ``end`` inclusive; ``counted`` the days its clock ran.

    ``counted`` is ``(first, last)`` inclusive, or None when the step counted no day (a
    same-day step, or one that takes no time). The day of receipt is not in it unless the
    length counts its first day.
    """

    start: date
    end: date
    counted: tuple[date, date] | None


def span_for(calendar: Calendar, received: date, length: Length, *, government: bool) -> Span:
    """The span of a step that receives the case on ``received`` and takes ``length``.

    The step starts on the day it receives the case, moved to the next working day when the
    government clock runs (offices act only on working days) or when the length is counted
    in working days (nothing is counted before the first working day anyway).
    """
    start = received
    if government or length.unit == "working_days":
        start = calendar.next_working_day(received)
    end = end_for(calendar, start, length)
    first = start if length.counts_first_day else start + _DAY
    counted = (first, end) if length.days > 0 and first <= end else None
    return Span(start, end, counted)


def end_for(calendar: Calendar, start: date, length: Length) -> date:
    """The last day of ``length`` from ``start``: its deadline, off a non-working day."""
    if length.unit == "working_days":
        return calendar.add_working_days(start, length.days,
                                         count_first_day=length.counts_first_day)
    return calendar.add_natural_days(start, length.days, count_first_day=length.counts_first_day)


def count_between(calendar: Calendar, unit: Unit, after: date, until: date) -> int:
    """Days of ``unit`` in ``(after, until]``; negative, counting ``(until, after]``, if later.

    Used to say how far a step's end lies from its deadline: 0 when it ends on the
    deadline, positive when it ends early (time left), negative when it ends late.
    """
    if until < after:
        return -count_between(calendar, unit, until, after)
    if unit == "natural_days":
        return (until - after).days
    return calendar.working_days_between(after + _DAY, until)
