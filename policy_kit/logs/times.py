"""Timestamps as logs write them: ISO 8601 with or without an offset, and the common
Chinese government export forms (``2023/10/08 09:30``, ``2023-10-8 9:30`` as Excel and WPS
write a date cell saved as text, ``2023年10月8日 9:30``).

Part of **load**. A naive timestamp is taken in the zone the caller names (the process
calendar's); the reader says once that it did so. A value that is no timestamp returns
None, and the reader turns that into a message naming the row and the column.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

__all__ = ["parse_timestamp", "shared_offset", "whole_day"]

_CHINESE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*"
                      r"(?:(\d{1,2})\s*[:时]\s*(\d{1,2})\s*(?:[:分]\s*(\d{1,2})\s*秒?)?)?\s*$")
_SLASHED = re.compile(r"^\s*(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})"
                      r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*$")


_TIME_OF_DAY = re.compile(r"\d\s*[:时]\s*\d")

_OFFSETS: dict[tzinfo, tzinfo] = {}
"""One object per fixed offset seen (``+08:00``), shared by every timestamp that has it."""


def parse_timestamp(text: str, zone: tzinfo) -> tuple[datetime | None, bool]:
    """The moment ``text`` names, and whether it was naive (taken in ``zone``)."""
    moment: datetime | None
    try:
        moment = _fromisoformat(text)
    except ValueError:
        try:
            moment = _fromisoformat(text.strip())
        except ValueError:
            moment = _other(text)
    if moment is None:
        return None, False
    offset = moment.tzinfo
    if offset is None:
        return _combine(moment.date(), moment.time(), zone), True
    shared = shared_offset(offset)
    if shared is not offset:  # each parse makes its own offset object: keep one of each
        moment = _combine(moment.date(), moment.time(), shared)
    return moment, False


def shared_offset(offset: tzinfo) -> tzinfo:
    """The one object kept for ``offset`` (the first one seen)."""
    shared = _OFFSETS.get(offset)
    if shared is None:
        shared = _OFFSETS[offset] = offset
    return shared


_fromisoformat = datetime.fromisoformat
_combine = datetime.combine
"""``combine`` rather than ``replace(tzinfo=…)``: the same moment, five times faster
(``replace`` parses keywords), on every row of a million-row log."""


def _other(text: str) -> datetime | None:
    match = _SLASHED.match(text) or _CHINESE.match(text)
    if match is None:
        return None
    parts = [int(p) if p else 0 for p in match.groups()]
    if len(parts) == 7:
        parts[6] = int((match.group(7) or "0").ljust(6, "0"))
    parts += [0] * (7 - len(parts))
    try:
        return datetime(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6])
    except ValueError:
        return None


def whole_day(text: str, moment: datetime) -> datetime:
    """A deadline written as a day (承诺办结时间 ``2024-03-04``) runs to that day's end: a
    case done at 10:00 that day kept it. One with a time of day is taken as written."""
    if _TIME_OF_DAY.search(text):
        return moment
    return moment.replace(hour=23, minute=59, second=59, microsecond=999999)
