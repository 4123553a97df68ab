"""Office time as a number line, so the simulator adds working hours with two look-ups.

Part of **simulate**: the engine keeps time as hours since midnight of the scenario's
start date. ``Calendar.add_working_hours`` answers the same questions with dates and
``bisect``; at a million events a run that is too slow, so ``DayTable`` asks the calendar
once per day which days are working days (a year at a time, as the run needs them) and an
``Axis`` maps a moment to the office hours elapsed before it and back. Deadlines follow
the calendar's counting rules (``policy_kit.calendar``): the day of receipt is not
counted unless a limit says so, and a deadline that falls on a day off moves on.
Tests check both against the calendar.
"""

from __future__ import annotations

from array import array
from datetime import date
from itertools import accumulate, islice
from math import floor
from typing import TYPE_CHECKING

from ..calendar import Calendar
from ..calendar.table import TableCalendar
from ..model import Limit

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["Axis", "DayTable", "NaturalAxis", "day_of", "divides_exactly", "rule_of"]

_YEAR = 366
_LAST = date.max.toordinal()

JUMP = 200 * 366
"""Days the table may be asked to reach beyond what it knows, in one question. The run
moves forward a little at a time; a single duration or arrival gap of centuries is a
mistake in the scenario (hours taken for days, a missing unit), refused at once with
``OverflowError`` rather than after filling the table to the year 9999 day by day."""


class DayTable:
    """Which days, counted from ``origin`` (day 0), are working days on ``calendar``."""

    def __init__(self, calendar: Calendar, origin: date) -> None:
        self.calendar = calendar
        self.origin = origin
        self.flags = bytearray()
        self.before = array("q", [0])
        """``before[d]``: how many working days precede day ``d`` (arrays, not lists: a
        run of millions of cases spans a thousand years of days, 16 bytes each)."""
        self.working = array("q")
        """The day numbers of the working days, ascending."""
        self.known = 0
        """Days ``0..known-1`` are in the table."""

    def extend(self, day: int) -> None:
        """Make sure days up to ``day`` (and a year beyond) are known."""
        start = len(self.flags)
        if day - start > JUMP:
            raise OverflowError(f"day {day} is centuries beyond day {start}")
        stop = max(day + 1, start + _YEAR)
        new = self._flags(start, stop)
        self.flags += new
        self.before.extend(islice(accumulate(new, initial=self.before[-1]), 1, None))
        self.working.extend([start + i for i, working in enumerate(new) if working])
        self.known = len(self.flags)

    def _flags(self, start: int, stop: int) -> bytes:
        """Working-day flags of days ``start..stop-1``: a year at a time from a calendar
        that keeps year tables, else asked day by day."""
        calendar = self.calendar
        first = self.origin.toordinal()
        if first + stop - 1 > _LAST:
            raise OverflowError("date value out of range")  # what ``date`` says past 9999
        if not isinstance(calendar, TableCalendar):
            return bytes(1 if calendar.is_working_day(date.fromordinal(first + d)) else 0
                         for d in range(start, stop))
        flags = bytearray()
        ordinal, end = first + start, first + stop
        while ordinal < end:
            year = date.fromordinal(ordinal).year
            table = calendar.working_flags(year)
            january = date(year, 1, 1).toordinal()
            until = min(end, january + len(table))
            flags += table[ordinal - january:until - january]
            ordinal = until
        return bytes(flags)

    def nth_working(self, k: int) -> int:
        """The day number of the ``k``-th working day (from 0)."""
        try:
            return self.working[k]
        except IndexError:
            if k - len(self.working) > JUMP:
                raise OverflowError(f"working day {k} is centuries ahead") from None
            while k >= len(self.working):
                self.extend(len(self.flags) + _YEAR)
            return self.working[k]

    def working_before(self, day: int) -> int:
        """How many working days fall on days ``0..day-1``."""
        if day >= len(self.before):
            self.extend(day)
        return self.before[day]

    def deadline(self, day: int, limit: Limit) -> int:
        """The last day of ``limit`` for something received on ``day``.

        The rules of ``Calendar.add_working_days`` and ``add_natural_days``.
        """
        return self.last_day(day, *rule_of(limit))

    def last_day(self, day: int, shift: int, skip: int) -> int:
        """``deadline`` of a limit given as ``rule_of`` gives it: the working day ``skip``
        places after the first on or after day ``day + shift``, ``working[before[day +
        shift] + skip]`` (the engine asks this for every stay with a limit, and writes
        those two look-ups out where it can)."""
        try:
            return self.working[self.before[day + shift] + skip]
        except IndexError:  # a day the table has not reached yet
            return self.nth_working(self.working_before(day + shift) + skip)


def day_of(t: float) -> int:
    """The day (from 0) of moment ``t``: ``int(t // 24.0)``, as ``floor(t / 24.0)``, which
    is cheaper (float ``//`` goes through ``fmod``; the engine asks it for every stay with
    a limit) and the same for every finite ``t`` but a negative one within 6e-323 of zero
    (its quotient underflows to -0.0; no moment of a run is one). Why the same:
    ``t // 24.0`` is the exact floor ``n`` of ``t / 24``, and the rounded quotient cannot
    reach ``n + 1``: ``t`` is at least one spacing of doubles below ``24 (n + 1)``, which is
    16 or 32 spacings of those near ``n + 1``, so ``t / 24`` stays more than half a
    spacing below it."""
    return floor(t / 24.0)


def divides_exactly(length: float) -> bool:
    """Whether ``floor(x / length)`` is ``x // length`` for every office time ``x`` a run
    can reach (below 2^33 lengths): so when ``length`` is an odd number under 2^20 times a
    power of two (8 hours, 7.5, 7.25; not 7 h 40 min, which no double holds exactly).
    ``day_of``'s argument for 24 holds for any such length: ``x // length`` is the exact
    floor ``n`` (``length * n`` is a double, so ``x - fmod(x, length)`` is it exactly), and
    the next multiple ``length * (n + 1)``, also a double, is at least one spacing above
    ``x``, which is more than ``length / 2`` spacings of doubles near ``n + 1``: the
    rounded quotient stays below ``n + 1``."""
    numerator, _ = length.as_integer_ratio()  # over a power of two: odd unless whole
    return 0 < numerator < 1 << 20


def rule_of(limit: Limit) -> tuple[int, int]:
    """A limit as ``DayTable.last_day`` takes it, ``(shift, skip)``: its last day is the
    working day ``skip`` places after the first one on or after ``shift`` days after
    receipt. The counting rules of ``Calendar.add_working_days`` (receipt's day not
    counted unless the limit says so; 0 working days: that day, or the next working one)
    and ``add_natural_days`` (then on to a working day), worked out once per limit."""
    n = limit.days
    if limit.working_days is not None:
        if n == 0:
            return 0, 0
        return (0 if limit.counts_first_day else 1), n - 1
    return (n - 1 if limit.counts_first_day and n > 0 else n), 0


class Axis:
    """Office hours ``start``–``end`` (hours after midnight) on the working days of ``days``.

    ``to_w(t)`` is the office time elapsed from the origin to moment ``t`` (hours);
    ``finish(w)`` and ``begin(w)`` turn office time back into a moment. The two differ
    only at a day's boundary: work that fills a day ends at closing time, while work
    that starts there starts at the next opening.
    """

    __slots__ = ("_t", "_w", "days", "divides", "end", "length", "start")

    def __init__(self, days: DayTable, start: float, end: float) -> None:
        self.days = days
        self.start = start
        self.end = end
        self.length = end - start
        self.divides = divides_exactly(self.length)
        """Whether ``floor(w / length)`` is ``int(w // length)`` for every office time
        (``finish`` then takes the cheaper one: it runs for every task)."""
        self._t = -1.0
        self._w = 0.0

    def to_w(self, t: float) -> float:
        if t == self._t:  # many questions come at the same moment: remember the last
            return self._w
        w = self._to_w(t)
        self._t = t
        self._w = w
        return w

    def _to_w(self, t: float) -> float:
        d = floor(t / 24.0)  # ``day_of``, inline
        days = self.days
        if d >= days.known:
            days.extend(d + 1)
        base = days.before[d] * self.length
        if not days.flags[d]:
            return base
        x = t - 24.0 * d
        if x <= self.start:
            return base
        if x >= self.end:
            return base + self.length
        return base + x - self.start

    def finish(self, w: float) -> float:
        """The moment office time reaches ``w``, at a closing time if it falls on one."""
        length = self.length
        k = floor(w / length) if self.divides else int(w // length)
        r = w - k * length
        if r <= 0.0 and k > 0:
            return 24.0 * self.days.nth_working(k - 1) + self.end
        try:
            day = self.days.working[k]
        except IndexError:
            day = self.days.nth_working(k)
        return 24.0 * day + self.start + r

    def begin(self, w: float) -> float:
        """The moment office time reaches ``w``, at an opening time if it falls on one."""
        length = self.length
        k = int(w // length)
        try:  # the event log asks this for every row: the common case written out
            day = self.days.working[k]
        except IndexError:  # a day the table has not reached yet
            day = self.days.nth_working(k)
        return 24.0 * day + self.start + (w - k * length)

    def begins(self, w: NDArray[np.float64]) -> NDArray[np.float64]:
        """``begin`` of many office times at once, by the same arithmetic, so each moment
        is the same to the bit (the event log asks it for a batch of steps)."""
        import numpy as np  # only for the event log's batches

        length = self.length
        k = (w // length).astype(np.int64)
        if k.size:
            self.days.nth_working(int(k.max()))  # the table reaches the last of them
        day = np.frombuffer(self.days.working, dtype=np.int64)[k]
        return np.asarray(24.0 * day + self.start + (w - k * length), dtype=np.float64)

    def add(self, t: float, hours: float) -> float:
        """The moment ``hours`` of office time after ``t`` (``finish`` of ``to_w(t) + hours``)."""
        if hours <= 0.0:
            return t
        w = self.to_w(t) + hours
        length = self.length
        k = int(w // length)
        r = w - k * length
        if r <= 0.0 and k > 0:
            return 24.0 * self.days.nth_working(k - 1) + self.end
        try:
            day = self.days.working[k]
        except IndexError:
            day = self.days.nth_working(k)
        return 24.0 * day + self.start + r

    def close_of(self, day: int) -> float:
        """Closing time of ``day``, as a moment."""
        return 24.0 * day + self.end


class NaturalAxis:
    """Round-the-clock time (statutory periods in natural days, notice boards)."""

    __slots__ = ("length",)

    def __init__(self) -> None:
        self.length = 24.0

    def to_w(self, t: float) -> float:
        return t

    def finish(self, w: float) -> float:
        return w

    def begin(self, w: float) -> float:
        return w

    def add(self, t: float, hours: float) -> float:
        return t + hours if hours > 0.0 else t
