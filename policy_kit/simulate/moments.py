"""Simulated moments as the event log writes them: local time of the process calendar.

Part of **simulate** → output. The engine counts hours from midnight of the scenario's
start in the calendar's own zone; a log must say each moment with its UTC offset (summer
time included), and say it fast, since a log of a million steps writes two a step.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["Clock", "Day", "Moments"]

_DAYS_KEPT = 4096
"""Days whose date, offset and epoch are remembered before the memo is cleared."""
_UNKNOWN = object()
_EVENING = timedelta(hours=23, minutes=59, seconds=59)
_EPOCH = date(1970, 1, 1).toordinal()

Clock = list[str | None]
"""``HH:MM:SS+hh:mm`` of each second of a day at one UTC offset (86,400 entries), an
hour's worth made when a second of it is first asked for (``None`` until then)."""

Day = tuple[str, Clock, int, str]
"""A day's date prefix (``YYYY-MM-DDT``), the clock of its offset, the epoch of its
midnight, and its offset text."""


class Moments:
    """Seconds from local midnight of the scenario's start → ISO 8601 text or UTC epoch
    seconds, fast: each day's date, UTC offset and epoch are worked out once (a log of a
    million steps has a few thousand days), and each second's clock text once per
    offset, so a moment's text is one look-up per part and one join. On the day a zone
    changes its offset (summer time), each moment is converted on its own.

    ``days`` is public for the writers' hot loops: ``prefix + clock[rest]`` of
    ``days[day]`` is the text, and a ``KeyError`` (a day not seen), a ``TypeError`` (a
    switch day, or an hour not made yet) says to ask ``text`` instead."""

    def __init__(self, origin: date, zone: tzinfo) -> None:
        self.origin = origin
        self.zone = zone
        self.ordinal = origin.toordinal()
        self.days: dict[int, Day | None] = {}
        """Per day seen: see ``Day``; None on a day the offset changes."""
        self.offsets: dict[timedelta, tuple[str, Clock]] = {}
        """Per UTC offset, its text and its clock."""
        self.tails: dict[str, list[str]] = {}
        """Per UTC offset's text, ``:MM:SS`` and the offset for each second of an hour."""
        self.arrays: dict[str, NDArray[np.object_]] = {}
        """Per UTC offset's text, its clock as an array (for ``texts``), once asked."""

    def _day(self, day: int) -> Day | None:
        local = date.fromordinal(self.ordinal + day)
        midnight = datetime(local.year, local.month, local.day, tzinfo=self.zone)
        offset = midnight.utcoffset()
        if offset is None or offset != (midnight + _EVENING).utcoffset():
            return None
        known = self.offsets.get(offset)
        if known is None:
            text = midnight.isoformat()[19:]
            known = self.offsets[offset] = (text, [None] * 86400)
        text, clock = known
        epoch = (local.toordinal() - _EPOCH) * 86400 - round(offset.total_seconds())
        return local.isoformat() + "T", clock, epoch, text

    def _exact(self, seconds: int) -> datetime:
        day, rest = divmod(seconds, 86400)
        local = datetime.combine(self.origin + timedelta(days=day), time(0)) + timedelta(
            seconds=rest)
        return local.replace(tzinfo=self.zone)

    def text(self, seconds: int) -> str:
        day, rest = divmod(seconds, 86400)
        known = self._known(day)
        if known is None:
            return self._exact(seconds).isoformat()
        prefix, clock, _, offset = known
        second = clock[rest]
        if second is None:
            self._make_hour(clock, rest // 3600, offset)
            second = clock[rest]
            assert second is not None
        return prefix + second

    def texts(self, seconds: NDArray[np.int64],
              lead: str = "") -> tuple[NDArray[np.object_], NDArray[np.object_]]:
        """``text`` of many moments at once, as two pieces each (``lead`` + the date, the
        clock) for a writer to join with the rest of its row. Python's own loop runs per
        distinct day and hour, and per moment only on a day the offset changes."""
        import numpy as np  # only for the event log's batches

        days, rests = np.divmod(seconds, 86400)
        distinct, where = _distinct(days)
        prefixes = np.empty(len(distinct), dtype=object)
        offset_of = np.empty(len(distinct), dtype=object)
        hours = np.flatnonzero(np.bincount(rests // 3600, minlength=24)).tolist()
        for i, day in enumerate(distinct.tolist()):
            known = self._known(day)
            if known is None:  # the offset changes this day: its moments one by one
                prefixes[i] = lead
                continue
            prefix, clock, _, offset = known
            prefixes[i] = lead + prefix
            offset_of[i] = offset
            if offset not in self.arrays:
                self.arrays[offset] = np.array(clock, dtype=object)
            for hour in hours:
                if clock[3600 * hour] is None:
                    self._make_hour(clock, hour, offset)
        offsets = set(offset_of.tolist())
        row_offset = offset_of[where]
        if len(offsets) == 1 and None not in offsets:  # one offset: one look-up a moment
            return prefixes[where], self.arrays[offsets.pop()][rests]
        clocks = np.empty(len(seconds), dtype=object)
        for offset in offsets:
            rows = np.flatnonzero(row_offset == offset)
            if offset is None:
                clocks[rows] = [self._exact(moment).isoformat()
                                for moment in seconds[rows].tolist()]
            else:
                clocks[rows] = self.arrays[offset][rests[rows]]
        return prefixes[where], clocks

    def epochs(self, seconds: NDArray[np.int64]) -> NDArray[np.int64]:
        """``epoch`` of many moments at once, the same way as ``texts``."""
        import numpy as np

        days, rests = np.divmod(seconds, 86400)
        distinct, where = _distinct(days)
        midnights = np.zeros(len(distinct), dtype=np.int64)
        switches = np.zeros(len(distinct), dtype=bool)
        for i, day in enumerate(distinct.tolist()):
            known = self._known(day)
            if known is None:
                switches[i] = True
            else:
                midnights[i] = known[2]
        result = midnights[where] + rests
        for row in np.flatnonzero(switches[where]).tolist():
            result[row] = self.epoch(int(seconds[row]))
        return result

    def _make_hour(self, clock: Clock, hour: int, offset: str) -> None:
        """Make the clock texts of an hour (from the hour's minutes and seconds, made once
        per offset: concatenation, not formatting, 3,600 times)."""
        tails = self.tails.get(offset)
        if tails is None:
            tails = self.tails[offset] = [f":{m:02d}:{s:02d}{offset}"
                                          for m in range(60) for s in range(60)]
        head = f"{hour:02d}"
        texts = [head + tail for tail in tails]
        clock[3600 * hour:3600 * hour + 3600] = texts
        if offset in self.arrays:
            self.arrays[offset][3600 * hour:3600 * hour + 3600] = texts

    def _known(self, day: int) -> Day | None:
        known = self.days.get(day, _UNKNOWN)
        if known is _UNKNOWN:
            if len(self.days) >= _DAYS_KEPT:  # a long run: forget the days left behind
                self.days.clear()
            known = self.days[day] = self._day(day)
        return known  # type: ignore[return-value]

    def epoch(self, seconds: int) -> int:
        """UTC seconds since 1970 of the local moment ``seconds`` after the origin."""
        day, rest = divmod(seconds, 86400)
        known = self._known(day)
        if known is None:
            return round(self._exact(seconds).timestamp())
        return known[2] + rest


def _distinct(days: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The distinct days, ascending, and each day's place among them: by a table over
    the batch's span (a batch spans a few years of days), else by sorting."""
    import numpy as np

    if not days.size:
        return days, days
    low = int(days.min())
    span = int(days.max()) - low + 1
    if span > 4 * days.size + 4096:
        distinct, where = np.unique(days, return_inverse=True)
        return distinct, where.reshape(-1)
    seen = np.zeros(span, dtype=np.int64)
    seen[days - low] = 1
    place = np.cumsum(seen) - 1
    return np.flatnonzero(seen) + low, place[days - low]
