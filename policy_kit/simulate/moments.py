"""Simulated moments as the event log writes them: local time of the process calendar.

Part of **simulate** → output. The engine counts hours from midnight of the scenario's
start in the calendar's own zone; a log must say each moment with its UTC offset (summer
time included), and say it fast, since a log of a million steps writes two a step.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

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
            hour = rest - rest % 3600
            head = f"{hour // 3600:02d}:"
            clock[hour:hour + 3600] = [f"{head}{m:02d}:{s:02d}{offset}"
                                       for m in range(60) for s in range(60)]
            second = clock[rest]
            assert second is not None
        return prefix + second

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
