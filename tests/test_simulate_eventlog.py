"""Event logs as process miners read them: time order, one resource scheme with the
department as ``group``, the case's ``outcome`` on every row, and the three formats
saying the same thing."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_simulate_fixtures import DEADLOCK, DEADLOCK_SCENARIO, pair

from policy_kit.cli import main

NS = {"x": "http://www.xes-standard.org/"}


def _simulate(runner: CliRunner, log: Path, *args: str) -> None:
    result = runner.invoke(main, ["simulate", *args, "--event-log", str(log), "--json"])
    assert result.exit_code == 0, result.output


def _csv(path: Path) -> dict[str, list[dict[str, str]]]:
    cases: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            cases[row["case_id"]].append(row)
    return cases


def _xes(path: Path) -> dict[str, tuple[dict[str, str], list[dict[str, str]]]]:
    traces = {}
    for trace in ET.parse(path).getroot().findall("x:trace", NS):
        attributes = {a.get("key", ""): a.get("value", "") for a in trace
                      if a.tag != f"{{{NS['x']}}}event"}
        events = [{a.get("key", ""): a.get("value", "") for a in e}
                  for e in trace.findall("x:event", NS)]
        traces[attributes["concept:name"]] = (attributes, events)
    return traces


def test_jining_csv_rows_are_in_time_order_with_one_resource_scheme(
        runner: CliRunner, tmp_path: Path) -> None:
    """Jining's parallel reviews used to be written region after region (416 of 500
    traces out of order); rows now follow start times, and every officer is DEPT#N with
    the department beside it."""
    log = tmp_path / "jining.csv"
    _simulate(runner, log, "jining-construction-start", "--cases", "150",
              "--replications", "1")
    cases = _csv(log)
    assert len(cases) == 150
    parallel = 0
    for rows in cases.values():
        starts = [(r["start"], r["end"]) for r in rows]
        assert starts == sorted(starts)
        ends = [r["end"] for r in rows]
        parallel += ends != sorted(ends)   # overlapping steps: parallel regions interleave
        outcome = {r["outcome"] for r in rows}
        assert len(outcome) == 1 and outcome != {""}   # every case of Jining finishes
    assert parallel > 0
    for rows in cases.values():
        for r in rows:
            if r["resource"]:
                department, _, number = r["resource"].partition("#")
                assert department == r["group"] and number.isdigit() and int(number) >= 1
            else:
                assert r["group"]   # whose work it is, even without a person


def test_xes_events_are_in_time_order_and_carry_org_group(runner: CliRunner,
                                                           tmp_path: Path) -> None:
    log = tmp_path / "jining.xes"
    _simulate(runner, log, "jining-construction-start", "--cases", "60",
              "--replications", "1")
    traces = _xes(log)
    assert len(traces) == 60
    for attributes, events in traces.values():
        assert attributes["outcome"]
        times = [e["time:timestamp"] for e in events]
        assert times == sorted(times)
        open_steps: dict[str, int] = defaultdict(int)
        for event in events:
            assert event.get("org:group")
            if "org:resource" in event:
                assert event["org:resource"].startswith(event["org:group"] + "#")
            name = event["concept:name"]
            if event["lifecycle:transition"] == "start":
                open_steps[name] += 1
            else:   # a step's complete comes after its own start
                assert open_steps[name] > 0
                open_steps[name] -= 1


def test_csv_and_xes_and_parquet_say_the_same(runner: CliRunner, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    logs = {suffix: tmp_path / f"log.{suffix}" for suffix in ("csv", "xes", "parquet")}
    for log in logs.values():
        _simulate(runner, log, "xianyang-culture-subsidy", "--cases", "40",
                  "--replications", "1", "--seed", "3")
    rows = [r for case in _csv(logs["csv"]).values() for r in case]
    table = pq.read_table(logs["parquet"]).to_pylist()
    assert len(table) == len(rows)
    for theirs, ours in zip(table, rows, strict=True):
        assert theirs["start"].isoformat() == ours["start"]
        assert theirs["end"].isoformat() == ours["end"]
        for key in ("case_id", "activity", "stage", "clock"):
            assert theirs[key] == ours[key]
        for key in ("resource", "group", "outcome"):
            assert (theirs[key] or "") == ours[key]
    traces = _xes(logs["xes"])
    by_case = _csv(logs["csv"])
    assert set(traces) == set(by_case)
    for name, (attributes, events) in traces.items():
        assert attributes.get("outcome", "") == by_case[name][0]["outcome"]
        starts = [e["concept:name"] for e in events if e["lifecycle:transition"] == "start"]
        assert starts == [r["activity"] for r in by_case[name]]


def test_an_unfinished_case_has_an_empty_outcome_and_its_open_work(
        runner: CliRunner, tmp_path: Path) -> None:
    """Each review waits for the other: every case deadlocks. Its rows carry no outcome;
    the reviews' work is logged with the end of the work (they wait after it)."""
    path = pair(tmp_path, DEADLOCK, DEADLOCK_SCENARIO, "deadlock")
    log = tmp_path / "deadlock.csv"
    _simulate(runner, log, str(path), "--allow-unsound")
    cases = _csv(log)
    assert len(cases) == 5
    for rows in cases.values():
        assert {r["outcome"] for r in rows} == {""}
        assert {r["activity"] for r in rows} == {"fire_check", "plan_check"}
    xes = tmp_path / "deadlock.xes"
    _simulate(runner, xes, str(path), "--allow-unsound")
    for attributes, _ in _xes(xes).values():
        assert "outcome" not in attributes


def test_work_still_going_at_the_horizon_has_a_start_and_no_end(
        runner: CliRunner, tmp_path: Path) -> None:
    path = pair(tmp_path, DEADLOCK.replace(", when: done(plan_check)", "").replace(
        ", when: done(fire_check)", ""), DEADLOCK_SCENARIO.replace("cases: 5",
                                                                   "cases: 5\nhorizon_days: 2"),
                "horizon")
    log = tmp_path / "horizon.csv"
    _simulate(runner, log, str(path))
    rows = [r for case in _csv(log).values() for r in case]
    going = [r for r in rows if not r["end"]]
    assert going and all(r["start"] and not r["outcome"] for r in going)


@pytest.mark.parametrize("process", ["jining", "deadlock"])
@pytest.mark.parametrize("suffix", [".csv", ".xes", ".parquet"])
def test_a_log_is_the_same_to_the_byte_however_its_cases_are_batched(
        tmp_path: Path, suffix: str, process: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cases are written a batch at a time; the bytes do not depend on where a batch
    ends (Jining: parallel regions, ties in time order; some cases left open; the
    deadlock: every case in flight until the run ends, its stays carried from batch to
    batch)."""
    from policy_kit import load
    from policy_kit.simulate import eventlog, prepare, simulate

    spec = ("jining-construction-start" if process == "jining"
            else str(pair(tmp_path, DEADLOCK, DEADLOCK_SCENARIO.replace("cases: 5", "cases: 30"),
                          "deadlock")))
    model = prepare(load(spec))
    logs = []
    for batch in (1, 7, 1 << 14):
        monkeypatch.setattr(eventlog, "_BATCH", batch)
        path = tmp_path / f"{batch}{suffix}"
        simulate(model, cases=40 if process == "jining" else None, replications=1, seed=3,
                 workers=1, event_log=path)
        logs.append(path.read_bytes())
    assert logs[0] == logs[1] == logs[2]
    assert logs[0].count(b"case-") >= (30 if suffix != ".parquet" else 1)


TRIAGE = """\
format: 1
id: triage-fixture
title: {zh: 分流示例, en: Triage fixture}
source: test
calendar: weekly
departments:
  - {id: office, name: 办公室}
states:
  - {id: triage, kind: decision}
  - {id: review, kind: task, department: office}
  - {id: refused, kind: final, outcome: refused}
  - {id: approved, kind: final, outcome: approved}
transitions:
  - {from: triage, to: refused, on: refuse}
  - {from: triage, to: review, on: accept}
  - {from: review, to: approved, on: approve}
"""

TRIAGE_SCENARIO = """\
format: 1
process: triage-fixture
start: 2025-01-06
arrivals: {per_working_day: 3}
durations:
  review: {dist: fixed, value: 2}
branches:
  triage: {probabilities: {refuse: 0.5, accept: 0.5}}
cases: 30
replications: 1
"""


@pytest.mark.parametrize("batch", [1, 2, 5])
def test_a_case_without_logged_steps_is_an_empty_trace_wherever_a_batch_ends(
        tmp_path: Path, batch: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A case refused at triage (a decision: no step to log) is a trace without events,
    in its place among the others, whatever the batches hold (a batch with an empty
    trace and one without are spelled by different code)."""
    from policy_kit import load
    from policy_kit.simulate import eventlog, prepare, simulate

    model = prepare(load(pair(tmp_path, TRIAGE, TRIAGE_SCENARIO, "triage")))
    whole = tmp_path / "whole.xes"
    simulate(model, replications=1, seed=2, workers=1, event_log=whole)
    monkeypatch.setattr(eventlog, "_BATCH", batch)
    cut = tmp_path / "cut.xes"
    simulate(model, replications=1, seed=2, workers=1, event_log=cut)
    assert cut.read_bytes() == whole.read_bytes()
    ns = {"x": "http://www.xes-standard.org/"}
    traces = ET.parse(whole).getroot().findall("x:trace", ns)
    assert len(traces) == 30
    empty = [t for t in traces if not t.findall("x:event", ns)]
    outcomes = {a.get("value") for t in empty for a in t if a.get("key") == "outcome"}
    assert empty and len(empty) < 30 and outcomes == {"refused"}
