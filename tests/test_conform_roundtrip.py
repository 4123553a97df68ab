"""Simulated logs replay with fitness 1.0; mutated ones deviate exactly as much as planted.

Every bundled process is simulated with ``--event-log`` (CSV and XES) and conformed
against itself: each case must fit, and the outcome replay reaches must be the one the
simulation wrote. Then a property: mutating one fitting trace (an unknown activity
inserted, a step deleted, duplicated, or two neighbours swapped) costs what an optimal
alignment must cost for it.
"""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_kit.calendar import zone_of
from policy_kit.cli import main
from policy_kit.conform import Replayer, replayer_for
from policy_kit.conform.run import Settings
from policy_kit.loader import bundled, load
from policy_kit.logs import Log, ReadOptions, Step, Trace, read_log

CASES = {"dalian-signed-project-pipeline": 40}


def _simulate(process: str, path: Path) -> None:
    result = CliRunner().invoke(main, [
        "simulate", process, "--cases", str(CASES.get(process, 60)), "--replications", "1",
        "--seed", "11", "--event-log", str(path), "--lang", "en"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("suffix", ["csv", "xes"])
@pytest.mark.parametrize("process", bundled(), ids=str)
def test_simulated_log_conforms(tmp_path: Path, process: str, suffix: str) -> None:
    path = tmp_path / f"log.{suffix}"
    _simulate(process, path)
    result = CliRunner().invoke(main, ["conform", process, "--log", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["summary"]["fitness"] == 1.0
    assert all(case["fitness"] == 1.0 and not case["deviations"] for case in data["cases"])
    if suffix == "csv":
        with path.open(encoding="utf-8") as stream:
            written = {row["case_id"]: row["outcome"] or None for row in csv.DictReader(stream)}
        assert {c["case"]: c["outcome"] for c in data["cases"]} == written


@cache
def _fitting() -> tuple[Replayer, list[Trace]]:
    """Finished, fitting cases of a process with wide concurrent stages (made once)."""
    process = "jining-construction-start"
    folder = Path(tempfile.mkdtemp(prefix="conform-mutate-"))
    path = folder / "log.csv"
    _simulate(process, path)
    definition = load(process)
    log = read_log(path, ReadOptions(zone_of(definition.process.calendar)))
    replayer = replayer_for(definition, None, log, Settings())
    traces = [t for t in log.traces if t.outcome is not None]
    assert traces and all(replayer.case(t).cost == 0 for t in traces)
    shutil.rmtree(folder)
    return replayer, traces


def _with_steps(trace: Trace, steps: list[Step]) -> Trace:
    return replace(trace, steps=tuple(steps))


@settings(max_examples=60, deadline=None)
@given(pick=st.integers(0, 10**6), where=st.integers(0, 10**6),
       kind=st.sampled_from(["unknown", "delete", "duplicate", "swap"]))
def test_mutations_cost_what_they_must(pick: int, where: int, kind: str) -> None:
    replayer, traces = _fitting()
    trace = traces[pick % len(traces)]
    steps: list[Step] = list(trace.steps)
    at = where % len(steps)
    if kind == "unknown":
        steps.insert(at, steps[at]._replace(activity="不存在的环节"))
        result = replayer.case(_with_steps(trace, steps))
        assert [(d.kind, d.activity, d.position) for d in result.deviations] == [
            ("unknown_activity", "不存在的环节", at)]
        return
    if kind == "delete":
        del steps[at]
        bound = 1
    elif kind == "duplicate":
        steps.insert(at, steps[at])
        bound = 1
    else:
        if at + 1 >= len(steps):
            return
        steps[at], steps[at + 1] = steps[at + 1], steps[at]
        bound = 2
    result = replayer.case(_with_steps(trace, steps))
    assert result.cost <= bound
    assert result.cost == len(result.deviations)
    assert 0 <= result.fitness <= 1
    assert (result.fitness == 1.0) == (result.cost == 0)


def test_a_log_is_read_the_same_from_csv_xes_and_parquet(tmp_path: Path) -> None:
    process = "zhaoqing-land-supply"
    logs: dict[str, Log] = {}
    for suffix in ("csv", "xes", "parquet"):
        path = tmp_path / f"log.{suffix}"
        _simulate(process, path)
        logs[suffix] = read_log(path, ReadOptions(zone_of("cn")))
    shape = {s: [(t.case, t.outcome, [(x.activity, x.start, x.end) for x in t.steps])
                 for t in log.traces] for s, log in logs.items()}
    assert shape["csv"] == shape["xes"] == shape["parquet"]
    result = CliRunner().invoke(main, ["conform", process, "--log", str(tmp_path / "log.parquet"),
                                       "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["fitness"] == 1.0

