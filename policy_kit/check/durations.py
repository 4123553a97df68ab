"""How long a step counts against a limit: its own limit, in the unit of the limit it meets.

Part of load → **check** (time limits and ``within`` properties). A stage's or the
process's limit counts the office's time only: a step counts when it runs the government
clock, by its own limit; applicant time (corrections) and statutory periods (public
notices, expert review) count nothing, as the law keeps them out; decisions take no time.
A step on the government clock without a limit counts *at least nothing and at most
anything*: the span ``[0, unbounded]``.

**Units.** A working-day limit met by working-day steps is compared exactly, and so is a
natural-day one. Across units the checker does not guess: it converts each step's limit
into a *span* in the other unit, the fewest and the most days it can take on the
process's calendar, over every working day a step can start on (for ``calendar: cn``, the
statutory calendar of 2004–2026; ``weekly``, any week). Twenty working days, for example,
take from 26 to 38 natural days on China's calendar. Spans add up along a path, so a sum
is decided only when its whole span lies on one side of the limit; otherwise the check
says "undecided". A limit is counted in full, also when it counts its first day.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from typing import Literal

from ..model import Limit, State

__all__ = ["UNKNOWN", "ZERO", "Span", "Unit", "convert", "step_span"]

Unit = Literal["working_days", "natural_days"]


@dataclass(frozen=True, order=True)
class Span:
    """At least ``lo`` and at most ``hi`` days (``hi`` None: no upper bound)."""

    lo: int
    hi: int | None

    def __add__(self, other: Span) -> Span:
        hi = None if self.hi is None or other.hi is None else self.hi + other.hi
        return Span(self.lo + other.lo, hi)

    def join(self, other: Span) -> Span:
        """The later of two moments (concurrent regions wait for the slowest)."""
        hi = None if self.hi is None or other.hi is None else max(self.hi, other.hi)
        return Span(max(self.lo, other.lo), hi)

    @property
    def exact(self) -> bool:
        return self.lo == self.hi

    def show(self) -> str:
        if self.exact:
            return str(self.lo)
        return f"{self.lo}–{'∞' if self.hi is None else self.hi}"


ZERO = Span(0, 0)
UNKNOWN = Span(0, None)


def step_span(state: State, unit: Unit, calendar: str) -> Span:
    """What a step in ``state`` counts against a limit in ``unit`` (see the module)."""
    if state.kind in ("decision", "final") or state.effective_clock != "government":
        return ZERO
    if state.limit is None:
        return UNKNOWN
    return convert(state.limit, unit, calendar)


def convert(limit: Limit, unit: Unit, calendar: str) -> Span:
    """``limit`` as a span of ``unit`` days on ``calendar``."""
    if limit.unit == unit:
        return Span(limit.days, limit.days)
    return _converted(limit.days, limit.unit, calendar)


@cache
def _converted(days: int, given: Unit, calendar: str) -> Span:
    working, prefix = _table(calendar)
    if days == 0:
        return ZERO
    if given == "working_days":
        if days >= len(working):
            return Span(days, None)
        lengths = [working[k + days] - working[k] for k in range(len(working) - days)]
        return Span(min(lengths), max(lengths))
    counts = []
    last = len(prefix) - 1
    for start in working:
        end = start + days
        if end > last:
            break
        moved = working[bisect_left(working, end)] if end <= working[-1] else None
        if moved is None:
            break
        counts.append(prefix[moved] - prefix[start])
    if not counts:
        return Span(0, days)
    return Span(min(counts), max(counts))


@cache
def _table(calendar: str) -> tuple[list[int], list[int]]:
    """The day numbers of the working days, and the running count of working days, over
    the years the calendar knows (``cn``) or thirteen plain years (``weekly``)."""
    from ..calendar import DATA_YEARS, calendar_for  # only when units are mixed: it is slow

    if calendar == "cn":
        first, last = date(DATA_YEARS.start, 1, 1), date(DATA_YEARS.stop - 1, 12, 31)
        checker = calendar_for("cn")
    else:
        first, last = date(2001, 1, 1), date(2013, 12, 31)
        checker = calendar_for("weekly")
    flags = [checker.is_working_day(first + timedelta(days=k))
             for k in range((last - first).days + 1)]
    working = [k for k, flag in enumerate(flags) if flag]
    prefix = list(accumulate(int(flag) for flag in flags))
    return working, prefix
