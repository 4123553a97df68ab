"""Time used and left against a limit: how a dated path answers "which limit is at risk?".

Part of compile → walk → **date** (``policy_kit.schedule``). Two kinds of limit:

* a **task's** own limit measures the step itself, whatever its clock: the days it took
  (``used``) and how far its end lies from the deadline its limit sets from its start
  (``remaining``);
* a **stage's** or the **process's** limit is the office's: it counts only the days on
  which the government clock ran inside it. Applicant time (corrections) stops that clock
  and statutory periods (public notices, expert review) are excluded from it, so their
  days are not counted; concurrent regions share the clock, so a day counts once however
  many regions work on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from ..calendar import Calendar
from ..model import Limit
from .span import Length, count_between, end_for

__all__ = ["Scope", "Usage", "clock_used", "task_usage", "usage_against"]

Scope = Literal["task", "stage", "process"]

_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Usage:
    """``used`` of ``limit`` and ``remaining`` (negative: over by that much), in its unit."""

    scope: Scope
    id: str
    limit: Limit
    used: int
    remaining: int

    @property
    def over(self) -> bool:
        return self.remaining < 0


def task_usage(calendar: Calendar, state_id: str, limit: Limit, start: date,
               end: date) -> Usage:
    """A step's use of its own limit: the days it took, and the days from its end to the
    deadline its limit sets from its start (negative past it).

    A step that ends by its deadline uses at most the limit: a natural-day deadline moved
    off a day off gives the step those extra days without using up more than its limit.
    """
    deadline = end_for(calendar, start, Length.of(limit))
    remaining = count_between(calendar, limit.unit, end, deadline)
    before = start - _DAY if limit.counts_first_day else start
    used = count_between(calendar, limit.unit, before, end)
    return Usage("task", state_id, limit, min(used, limit.days) if remaining >= 0 else used,
                 remaining)


def clock_used(calendar: Calendar, counted: Iterable[tuple[date, date]], unit: str,
               until: date) -> int:
    """Days of ``unit`` on which some interval of ``counted`` ran, up to ``until``.

    Overlapping intervals (concurrent regions) are merged first, so a day counts once.
    """
    clipped = sorted((first, min(last, until)) for first, last in counted if first <= until)
    total = 0
    current: tuple[date, date] | None = None
    for first, last in clipped:
        if current is not None and first <= current[1] + _DAY:
            current = (current[0], max(current[1], last))
            continue
        if current is not None:
            total += _measure(calendar, unit, *current)
        current = (first, last)
    if current is not None:
        total += _measure(calendar, unit, *current)
    return total


def usage_against(calendar: Calendar, scope: Scope, scope_id: str, limit: Limit,
                  counted: Iterable[tuple[date, date]], until: date) -> Usage:
    """The government clock's use of a stage's or the process's ``limit`` by ``until``."""
    used = clock_used(calendar, counted, limit.unit, until)
    return Usage(scope, scope_id, limit, used, limit.days - used)


def _measure(calendar: Calendar, unit: str, first: date, last: date) -> int:
    if unit == "natural_days":
        return (last - first).days + 1
    return calendar.working_days_between(first, last)
