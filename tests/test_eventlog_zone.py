"""Event logs are written in the process calendar's own zone, so a replay reads them back
at the hours they were simulated: summer time included."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_kit.cli import main
from policy_kit.simulate.moments import Moments

PROCESS = """\
format: 1
id: dutch-permit
title: Dutch permit
source: test fixture
calendar: "weekly:NL"
departments:
  - {id: desk, name: Desk}
states:
  - {id: check, kind: task, department: desk}
  - {id: done, kind: final, outcome: granted}
transitions:
  - {from: check, to: done, on: grant}
"""

SCENARIO = """\
format: 1
process: dutch-permit
assumption: test fixture
start: 2011-03-21
arrivals:
  batches:
    - {date: 2011-03-21, cases: 1, assumption: winter time}
    - {date: 2011-04-04, cases: 1, assumption: summer time}
durations:
  check: {dist: fixed, value: 2, unit: working_hours, assumption: fixed}
cases: 2
replications: 1
"""


def test_a_dutch_process_logs_amsterdam_time_and_replays_with_fitness_one(
        tmp_path: Path) -> None:
    process = tmp_path / "dutch-permit.yaml"
    process.write_text(PROCESS, encoding="utf-8")
    (tmp_path / "dutch-permit.scenario.yaml").write_text(SCENARIO, encoding="utf-8")
    log = tmp_path / "log.csv"
    runner = CliRunner()
    ran = runner.invoke(main, ["simulate", str(process), "--json", "--event-log", str(log)])
    assert ran.exit_code == 0, ran.output
    rows = list(csv.DictReader(log.read_text(encoding="utf-8").splitlines()))
    # a batch spreads its cases over its day; the offsets say winter and summer time
    assert [(r["start"][:10], r["start"][-6:], r["end"][-6:]) for r in rows] == [
        ("2011-03-21", "+01:00", "+01:00"), ("2011-04-04", "+02:00", "+02:00")]
    conformed = runner.invoke(main, ["conform", str(process), "--log", str(log), "--json"])
    assert conformed.exit_code == 0, conformed.output
    data = json.loads(conformed.stdout)
    assert data["summary"]["fitness"] == 1.0
    assert [c["working_days"] for c in data["cases"]] == [0.25, 0.25]


@settings(max_examples=300, deadline=None)
@given(seconds=st.lists(st.integers(0, 3 * 366 * 86400), min_size=1, max_size=40),
       zone=st.sampled_from(["Europe/Amsterdam", "Asia/Shanghai", "UTC",
                             "America/St_Johns"]))
def test_each_moment_is_written_as_datetime_writes_it(seconds: list[int], zone: str) -> None:
    """The memos (days, offsets, clocks made an hour at a time) give what ``datetime``
    gives, on the days summer time starts and ends too (2011: 27 March, 30 October)."""
    origin = date(2011, 1, 1)
    tz = ZoneInfo(zone)
    moments = Moments(origin, tz)
    switch = (date(2011, 3, 27) - origin).days * 86400
    for second in [*seconds, switch + 3600, switch + 3 * 3600, switch + 86399]:
        day, rest = divmod(second, 86400)
        local = (datetime.combine(origin + timedelta(days=day), time(0))
                 + timedelta(seconds=rest)).replace(tzinfo=tz)
        assert moments.text(second) == local.isoformat()
        assert moments.epoch(second) == round(local.timestamp())


@settings(max_examples=200, deadline=None)
@given(seconds=st.lists(st.integers(-400 * 86400, 3 * 366 * 86400), min_size=0, max_size=60),
       zone=st.sampled_from(["Europe/Amsterdam", "Asia/Shanghai", "UTC",
                             "America/St_Johns"]),
       origin=st.sampled_from([date(2011, 1, 1), date(1900, 6, 1)]))
def test_a_batch_of_moments_is_written_as_one_at_a_time(seconds: list[int], zone: str,
                                                         origin: date) -> None:
    """``stamps`` and ``epochs`` (a writer's batch) say what ``text`` and ``epoch`` say,
    on switch days too, whatever else the batch holds; before 1901 a zone's local mean
    time has an offset with seconds (``+08:05:43``), so a batch's texts differ in
    length."""
    import numpy as np

    switch = (date(2011, 3, 27) - origin).days * 86400
    seconds = [*seconds, switch + 3600, switch + 3 * 3600, switch + 86399]
    one, batch = Moments(origin, ZoneInfo(zone)), Moments(origin, ZoneInfo(zone))
    stamps = batch.stamps(np.array(seconds, dtype=np.int64))
    assert [stamp.decode() for stamp in stamps.tolist()] == [one.text(s) for s in seconds]
    assert batch.epochs(np.array(seconds, dtype=np.int64)).tolist() == [
        one.epoch(s) for s in seconds]


@settings(max_examples=200, deadline=None)
@given(keys=st.lists(st.tuples(st.integers(0, 5), st.integers(-2**40, 2**40),
                               st.integers(0, 3)), max_size=50),
       wide=st.booleans())
def test_order_by_packs_keys_or_falls_back_with_the_same_stable_order(
        keys: list[tuple[int, int, int]], wide: bool) -> None:
    import numpy as np

    from policy_kit.simulate.logsteps import order_by

    columns = [np.array([k[i] for k in keys], dtype=np.int64) for i in range(3)]
    if not wide:  # small enough to pack into one integer
        columns[1] = columns[1] % 1000
    expected = sorted(range(len(keys)), key=lambda i: tuple(int(c[i]) for c in columns))
    assert order_by(*columns).tolist() == expected
