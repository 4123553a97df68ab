"""Timestamps as logs write them: ISO 8601 with and without an offset, and the forms
Chinese government systems and spreadsheets export; anything else is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from policy_kit.logs.times import parse_timestamp

ZONE = timezone(timedelta(hours=8))
PLUS_TWO = timezone(timedelta(hours=2))

READ = {
    "2023-10-08 09:30": (datetime(2023, 10, 8, 9, 30, tzinfo=ZONE), True),
    "2023-10-08T09:30:00Z": (datetime(2023, 10, 8, 9, 30, tzinfo=UTC), False),
    "2023-10-08T09:30:00.276+02:00": (
        datetime(2023, 10, 8, 9, 30, 0, 276000, tzinfo=PLUS_TWO), False),
    "2023-10-08T09:30:00+0200": (datetime(2023, 10, 8, 9, 30, tzinfo=PLUS_TWO), False),
    "2023/10/08 09:30": (datetime(2023, 10, 8, 9, 30, tzinfo=ZONE), True),
    "2023/10/8 9:30": (datetime(2023, 10, 8, 9, 30, tzinfo=ZONE), True),
    "2023-10-8 9:30:05": (datetime(2023, 10, 8, 9, 30, 5, tzinfo=ZONE), True),
    "2023-10-08 9:30": (datetime(2023, 10, 8, 9, 30, tzinfo=ZONE), True),
    "2023年10月8日 9:30": (datetime(2023, 10, 8, 9, 30, tzinfo=ZONE), True),
    "2023年10月8日": (datetime(2023, 10, 8, tzinfo=ZONE), True),
    " 2023-10-08 ": (datetime(2023, 10, 8, tzinfo=ZONE), True),
}


@pytest.mark.parametrize("text", list(READ), ids=list(READ))
def test_read(text: str) -> None:
    moment, naive = parse_timestamp(text, ZONE)
    assert (moment, naive) == READ[text]
    assert moment is not None and moment.utcoffset() == READ[text][0].utcoffset()


@pytest.mark.parametrize("text", ["08.10.2023 09:30", "10/08/2023 09:30", "2023-13-08 9:30",
                                  "yesterday", "1696728600", ""])
def test_refused(text: str) -> None:
    """Day-first and month-first dates are ambiguous, a number is no date: refused (the
    reader names the row and the column)."""
    assert parse_timestamp(text, ZONE) == (None, False)


def test_one_offset_object_per_offset() -> None:
    first, _ = parse_timestamp("2023-10-08T09:30:00+02:00", ZONE)
    second, _ = parse_timestamp("2024-01-02T10:00:00+02:00", ZONE)
    assert first is not None and second is not None and first.tzinfo is second.tzinfo
