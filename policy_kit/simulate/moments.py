"""Simulated moments as the event log writes them: local time of the process calendar.

Part of **simulate** → output. The engine counts hours from midnight of the scenario's
start in the calendar's own zone; a log must say each moment with its UTC offset (summer
time included), and say it fast, since a log of a million steps writes two a step.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

__all__ = ["Moments"]

_DAYS_KEPT = 4096
"""Days whose date, offset and epoch are remembered before the memo is cleared."""
_UNKNOWN = object()


class Moments:
    """Seconds from local midnight of the scenario's start → ISO 8601 text or UTC epoch
    seconds, fast: each day's date, UTC offset and epoch are worked out once (a log of a
    million steps has a few thousand days). On the day a zone changes its offset (summer
    time), each moment is converted on its own."""

    def __init__(self, origin: date, zone: tzinfo) -> None:
        self.origin = origin
        self.zone = zone
        self.days: dict[int, tuple[str, str, int] | None] = {}
        """Per day: date prefix, offset text and epoch of midnight; None on a switch day."""
        self.last = -1
        self.last_text = ""
        self.clock: list[str | None] = [None] * 86400
        """``HH:MM:SS`` of each second of a day, made when first asked for."""

    def _day(self, day: int) -> tuple[str, str, int] | None:
        local = self.origin + timedelta(days=day)
        midnight = datetime.combine(local, time(0), self.zone)
        evening = datetime.combine(local, time(23, 59, 59), self.zone)
        if midnight.utcoffset() != evening.utcoffset():
            return None
        return local.isoformat() + "T", midnight.isoformat()[19:], round(midnight.timestamp())

    def _exact(self, seconds: int) -> datetime:
        day, rest = divmod(seconds, 86400)
        local = datetime.combine(self.origin + timedelta(days=day), time(0)) + timedelta(
            seconds=rest)
        return local.replace(tzinfo=self.zone)

    def text(self, seconds: int) -> str:
        if seconds == self.last:  # a step often starts when the one before it ended
            return self.last_text
        day, rest = divmod(seconds, 86400)
        try:
            known = self.days[day]
        except KeyError:
            known = self._known(day)
        if known is None:
            return self._exact(seconds).isoformat()
        clock = self.clock[rest]
        if clock is None:
            hours, minutes = divmod(rest // 60, 60)
            clock = self.clock[rest] = f"{hours:02d}:{minutes:02d}:{rest % 60:02d}"
        self.last = seconds
        self.last_text = result = known[0] + clock + known[1]
        return result

    def _known(self, day: int) -> tuple[str, str, int] | None:
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
