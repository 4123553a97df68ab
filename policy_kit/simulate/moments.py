"""Simulated moments as the event log writes them: local time of the process calendar.

Part of **simulate** → output. The engine counts hours from midnight of the scenario's
start in the calendar's own zone; a log must say each moment with its UTC offset (summer
time included), and say it fast, since a log of a million steps writes two a step.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["Moments"]

_DAYS_KEPT = 1 << 16
"""Days whose offset is remembered before the memo is cleared (180 years)."""
_SWITCH = -1
"""In the memo of days: the offset changes that day."""
_EVENING = timedelta(hours=23, minutes=59, seconds=59)
_EPOCH = date(1970, 1, 1).toordinal()
_DATE = len("YYYY-MM-DDT")
_TIME = len("HH:MM:SS")


class Moments:
    """Seconds from local midnight of the scenario's start → ISO 8601 text or UTC epoch
    seconds, fast: each day's UTC offset is asked of the zone once, each second's
    clock text made once a process, and a batch's texts are rows of bytes put together
    by array indexing (per distinct day its date and offset, per moment its clock). On
    the day a zone changes its offset (summer time), each moment is converted on its own.

    ``zone`` is asked for the offset of a local wall time (``ZoneInfo`` or
    ``timezone``, as ``policy_kit.calendar.zone_of`` gives)."""

    def __init__(self, origin: date, zone: tzinfo) -> None:
        self.origin = origin
        self.zone = zone
        self.ordinal = origin.toordinal()
        self.days: dict[int, int] = {}
        """Per day seen, the number of its offset in ``offsets`` (``_SWITCH``: the
        offset changes that day)."""
        self.offsets: list[tuple[bytes, int]] = []
        """Each UTC offset seen: its text (``+08:00``, ASCII) and its seconds."""
        self.numbers: dict[timedelta, int] = {}
        """Each offset's number in ``offsets``."""

    def _day(self, day: int) -> int:
        # the zone asked with a naive wall time: an aware one costs 1 µs more a day, and
        # a run of 10,000 approval cases spans 5,000 days
        midnight = datetime.fromordinal(self.ordinal + day)
        offset = self.zone.utcoffset(midnight)
        if offset is None or offset != self.zone.utcoffset(midnight + _EVENING):
            number = _SWITCH
        else:
            number = self.numbers.get(offset, _SWITCH)
            if number == _SWITCH:
                text = midnight.replace(tzinfo=self.zone).isoformat()[19:]
                number = self.numbers[offset] = len(self.offsets)
                self.offsets.append((text.encode(), round(offset.total_seconds())))
        if len(self.days) >= _DAYS_KEPT:  # a long run: forget the days left behind
            self.days.clear()
        self.days[day] = number
        return number

    def _of(self, days: list[int]) -> list[int]:
        """The number of each day's offset (``_SWITCH`` on a day it changes)."""
        known, day_of = self.days.get, self._day
        return [day_of(day) if (number := known(day)) is None else number for day in days]

    def _exact(self, seconds: int) -> datetime:
        day, rest = divmod(seconds, 86400)
        local = datetime.combine(self.origin + timedelta(days=day), time(0)) + timedelta(
            seconds=rest)
        return local.replace(tzinfo=self.zone)

    def text(self, seconds: int) -> str:
        """The ISO 8601 text of one moment (``stamps`` says many at once)."""
        day, rest = divmod(seconds, 86400)
        number = self._of([day])[0]
        if number == _SWITCH:
            return self._exact(seconds).isoformat()
        hours, rest = divmod(rest, 3600)
        return (f"{(self.origin + timedelta(days=day)).isoformat()}T{hours:02d}:"
                f"{rest // 60:02d}:{rest % 60:02d}{self.offsets[number][0].decode()}")

    def stamps(self, seconds: NDArray[np.int64]) -> NDArray[np.bytes_]:
        """``text`` of many moments at once, as ASCII bytes of one width (``S25`` for an
        offset like ``+08:00``); a text shorter than the widest in the batch (an offset
        with seconds, as a zone's local mean time has) ends in NULs, which numpy drops
        when it hands an item out. Python's own loop runs per distinct day, and per
        moment only on a day the offset changes."""
        import numpy as np  # only for the event log's batches

        days, rests = np.divmod(seconds, 86400)
        distinct, where = _distinct(days)
        numbers = self._of(distinct.tolist())
        exact: list[tuple[int, bytes]] = []
        if _SWITCH in numbers:  # the offset changes these days: their moments one by one
            switched = [i for i, number in enumerate(numbers) if number == _SWITCH]
            rows = np.flatnonzero(np.isin(where, switched)).tolist()
            exact = [(row, self._exact(moment).isoformat().encode()) for row, moment
                     in zip(rows, seconds[rows].tolist(), strict=True)]
        texts = [text for text, _ in self.offsets] + [b""]  # the last: a switch day's
        width = max([_DATE + _TIME + len(texts[n]) for n in set(numbers) if n != _SWITCH]
                    + [len(text) for _, text in exact], default=_DATE + _TIME + 6)
        # per distinct day its row: date, T, the clock's place, offset
        table = np.zeros((len(distinct), width), dtype=np.uint8)
        _dates(distinct + (self.ordinal - _EPOCH), table)
        offsets = np.array(texts, dtype=f"S{width - _DATE - _TIME}")
        table[:, _DATE + _TIME:] = offsets.view(np.uint8).reshape(len(texts), -1)[numbers]
        out = np.take(table, where, axis=0)
        # the clock as one 8-byte number a row, written through a view of those bytes
        # (4x faster than a copy of rows of 8 bytes)
        if len(out):
            clocks = np.ndarray((len(out),), dtype=np.uint64, buffer=out, offset=_DATE,
                                strides=(width,))
            np.take(_clock(), rests, out=clocks)
        for row, text in exact:
            out[row] = 0
            out[row, :len(text)] = np.frombuffer(text, dtype=np.uint8)
        return out.view(f"S{width}").reshape(-1)

    def epochs(self, seconds: NDArray[np.int64]) -> NDArray[np.int64]:
        """``epoch`` of many moments at once, the same way as ``stamps``."""
        import numpy as np

        days, rests = np.divmod(seconds, 86400)
        distinct, where = _distinct(days)
        numbers = np.array(self._of(distinct.tolist()), dtype=np.int64)
        shifts = np.array([shift for _, shift in self.offsets] + [0], dtype=np.int64)
        midnights = (distinct + (self.ordinal - _EPOCH)) * 86400 - shifts[numbers]
        result = midnights[where] + rests
        for row in np.flatnonzero(numbers[where] == _SWITCH).tolist():
            result[row] = self.epoch(int(seconds[row]))
        return result

    def epoch(self, seconds: int) -> int:
        """UTC seconds since 1970 of the local moment ``seconds`` after the origin."""
        day, rest = divmod(seconds, 86400)
        number = self._of([day])[0]
        if number == _SWITCH:
            return round(self._exact(seconds).timestamp())
        return (self.ordinal + day - _EPOCH) * 86400 - self.offsets[number][1] + rest


@cache
def _clock() -> NDArray[np.uint64]:
    """``HH:MM:SS`` of each second of a day, eight ASCII bytes each, as one number (a
    look-up of a number is several times faster than of a row of bytes)."""
    import numpy as np

    second = np.arange(86400)
    parts = (second // 3600, second // 60 % 60, second % 60)
    table = np.full((86400, _TIME), ord(":"), dtype=np.uint8)
    for place, part in zip((0, 3, 6), parts, strict=True):
        table[:, place] = ord("0") + part // 10
        table[:, place + 1] = ord("0") + part % 10
    return table.view(np.uint64).reshape(-1)


def _dates(days: NDArray[np.int64], table: NDArray[np.uint8]) -> None:
    """Write ``YYYY-MM-DDT`` of each day (counted from 1970-01-01) into the first bytes
    of its row of ``table``: digits by arithmetic on the batch's days (the years 1 to
    9999, as ``date`` has them)."""
    import numpy as np

    dates = days.astype("datetime64[D]")
    months = dates.astype("datetime64[M]")
    fields = ((dates.astype("datetime64[Y]").astype(np.int64) + 1970, 0, 4),
              (months.astype(np.int64) % 12 + 1, 5, 2),
              ((dates - months).astype(np.int64) + 1, 8, 2))
    for value, place, digits in fields:
        for digit in range(digits):
            table[:, place + digits - 1 - digit] = ord("0") + value // 10 ** digit % 10
    table[:, 4] = table[:, 7] = ord("-")
    table[:, _DATE - 1] = ord("T")


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
