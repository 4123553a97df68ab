"""The column-at-a-time CSV reader gives the log the row reader gives, or declines.

``read_csv`` tries ``policy_kit.logs.columns`` first and reads row by row when it
declines; ``read_csv(..., quick=False)`` reads row by row always. Every log here is read
both ways and must come out the same: cases, steps, case columns, warnings.
"""

from __future__ import annotations

import csv
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_kit.logs import Log, ReadOptions, table
from policy_kit.logs.columns import read_columns
from policy_kit.logs.table import read_csv

ZONE = ZoneInfo("Asia/Shanghai")
OPTIONS = ReadOptions(zone=ZONE)
BASE = datetime(2024, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=8)))


def _same(path: Path, options: ReadOptions = OPTIONS, *, taken: bool | None = None) -> Log:
    """The log read both ways; ``taken``: whether the quick reader must (not) take it."""
    seen: list[bool] = []

    def spy(*args: Any) -> Any:
        found = read_columns(*args)
        seen.append(found is not None)
        return found

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(table, "read_columns", spy)
        quick = read_csv(path, options)
    rows = read_csv(path, options, quick=False)
    if taken is not None:
        assert seen == [taken]
    assert quick.traces == rows.traces
    assert [w.en for w in quick.warnings] == [w.en for w in rows.warnings]
    assert (quick.events, quick.columns, quick.headers) == (rows.events, rows.columns,
                                                            rows.headers)
    return quick


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


EVENT = st.tuples(st.integers(0, 5), st.sampled_from(["受理", "审查", "B", "C"]),
                  st.integers(0, 40), st.sampled_from(["", "王", "li"]),
                  st.sampled_from(["+08:00", "Z", ""]))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=st.lists(EVENT, min_size=1, max_size=30), closed=st.booleans())
def test_any_complete_only_log_reads_the_same_both_ways(tmp_path: Path, events: list[
        tuple[int, str, int, str, str]], closed: bool) -> None:
    """Cases interleaved or not, times out of order, exact duplicates, naive and offset
    times mixed, empty resources, a case column: the same log either way."""
    rows = [[f"c{case}", activity, (BASE + timedelta(hours=hour)).strftime(
        "%Y-%m-%dT%H:%M:%S") + offset, resource, "yes" if closed else ""]
        for case, activity, hour, resource, offset in events]
    log = _same(_write(tmp_path / "log.csv", ["case_id", "activity", "timestamp",
                                              "resource", "case:closed"], rows), taken=True)
    assert log.events == len(rows)


def test_a_start_and_end_log_with_steps_in_progress_reads_the_same(tmp_path: Path) -> None:
    rows = [["a", "受理", "2024-03-01 09:00:00", "2024-03-01 10:00:00", "2024-03-10"],
            ["a", "审查", "2024-03-01 11:00:00", "", "2024-03-10"],
            ["b", "受理", "2024-03-02 09:00:00", "2024-03-02 09:30:00", ""],
            ["a", "受理", "2024-03-01 09:00:00", "2024-03-01 10:00:00", "2024-03-10"]]
    log = _same(_write(tmp_path / "log.csv", ["case_id", "activity", "start", "end",
                                              "deadline"], rows),
                ReadOptions(zone=ZONE, deadline="deadline"), taken=True)
    first = log.traces[0]
    assert [s.end is None for s in first.steps] == [False, True]  # the duplicate dropped
    assert first.deadline == datetime(2024, 3, 10, 23, 59, 59, 999999, tzinfo=ZONE)
    assert str(log.warnings[0].en).startswith("1 duplicate event")


@pytest.mark.parametrize(("rows", "taken"), [
    ([["a", " 受理 ", "2024-03-01T09:00:00+08:00"]], False),  # blanks to strip
    ([["a", "受理", "2024/3/1 9:00"], ["a", "审查", "2024年3月1日 10:00"]], True),
    ([["a", "受理", "2024-03-01T09:00:00+08:00"], [" ", "审查", "2024-03-01T10:00:00+08:00"]],
     False),
    ([["a", "受理", "2024-03-01T09:00:00+08:00"], ["a", "多行\n环节", "2024-03-01T10:00:00+08:00"]],
     False),
    ([["a", "受理", "2024-03-01T09:00:00+08:00", "extra"]], False),
], ids=["blanks", "government-dates", "blank-case", "line-break", "wide-row"])
def test_other_tables_read_the_same(tmp_path: Path, rows: list[list[str]],
                                    taken: bool) -> None:
    """What the quick reader cannot take exactly is left to the row reader."""
    _same(_write(tmp_path / "log.csv", ["case_id", "activity", "timestamp"], rows),
          taken=taken)


def test_a_bad_timestamp_keeps_the_row_readers_message(tmp_path: Path) -> None:
    from policy_kit.errors import LogError

    path = _write(tmp_path / "log.csv", ["case_id", "activity", "timestamp"],
                  [["a", "受理", "2024-03-01T09:00:00+08:00"], ["a", "审查", "soon"]])
    with pytest.raises(LogError, match=r"log\.csv:3:3: column `timestamp`: `soon` is not a "
                                       "timestamp"):
        read_csv(path, OPTIONS)
