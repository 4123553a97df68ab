"""Simulation at scale: streamed statistics against the exact ones, sketches that merge,
and the same output for any number of worker processes."""

from __future__ import annotations

import json
import pickle
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_kit import load
from policy_kit.cli import main
from policy_kit.simulate import prepare
from policy_kit.simulate.engine import run_replication
from policy_kit.simulate.results import report
from policy_kit.simulate.sketch import EXACT_UP_TO, RELATIVE_ACCURACY, Summary
from policy_kit.simulate.stats import percentile
from policy_kit.simulate.tally import Tally

BENCH = Path(__file__).parent.parent / "benchmarks" / "approval.yaml"


class Keeping(Summary):
    """A summary that also keeps every value: the exact figures to compare with."""

    __slots__ = ("kept",)

    def __init__(self) -> None:
        super().__init__()
        self.kept: list[float] = []

    def add(self, value: float) -> None:
        self.kept.append(value)
        super().add(value)


def _within(sketched: float, ordered: list[float], p: float) -> bool:
    """Within the stated accuracy of the order statistics around the ``p``-th percentile
    (the exact figure interpolates between them)."""
    rank = (len(ordered) - 1) * p / 100
    low, high = ordered[int(rank)], ordered[min(int(rank) + 1, len(ordered) - 1)]
    slack = 1e-6  # the report rounds to six decimals
    return low * (1 - RELATIVE_ACCURACY) - slack <= sketched <= high * (
        1 + RELATIVE_ACCURACY) + slack


def test_100k_cases_percentiles_are_within_the_stated_accuracy() -> None:
    model = prepare(load(BENCH))
    tally = Tally(model, summary=Keeping)
    run_replication(model, model.process.start, tally, seed=5, replication=0,
                    cases=100_000)
    data = report(model, [tally], cases=100_000, seed=5, warmup=0, scenario="")
    assert data["percentiles"]["relative_accuracy"] == RELATIVE_ACCURACY
    for clock in ("government", "elapsed"):
        block = data["cycle_time"][clock]
        summary = getattr(tally, clock)
        ordered = sorted(summary.kept)
        assert block["percentiles"] == "DDSketch" and block["finished"] == len(ordered)
        for p in (50, 90, 95, 99):
            assert _within(block[f"p{p}"], ordered, p), (clock, p)
            assert abs(block[f"p{p}"] - percentile(ordered, p)) <= (
                RELATIVE_ACCURACY * percentile(ordered, p) + ordered[-1] / len(ordered))
        mean = sum(ordered) / len(ordered)
        assert block["mean"] == pytest.approx(mean, abs=1e-6)   # six decimals
        assert block["sd"] == pytest.approx(
            (sum((x - mean) ** 2 for x in ordered) / (len(ordered) - 1)) ** 0.5, abs=1e-6)
        for outcome, row in block["by_outcome"].items():
            mine = sorted(tally.by_outcome[outcome][0 if clock == "government" else 1].kept)
            assert _within(row["p90"], mine, 90) and row["finished"] == len(mine)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1e4), min_size=1, max_size=30_000),
       st.integers(min_value=1, max_value=4))
def test_merged_summaries_equal_one_summary_of_everything(values: list[float],
                                                          parts: int) -> None:
    whole = Summary()
    pieces = [Summary() for _ in range(parts)]
    for i, value in enumerate(values):
        whole.add(value)
        pieces[i % parts].add(value)
    merged = Summary.merged(pickle.loads(pickle.dumps(p)) for p in pieces)
    assert merged.count == whole.count == len(values)
    assert merged.exact == (len(values) <= EXACT_UP_TO)
    assert merged.average() == pytest.approx(whole.average(), rel=1e-12)
    for p in (0, 50, 90, 99, 100):
        if merged.exact:
            assert merged.percentile(p) == whole.percentile(p) == percentile(sorted(values), p)
        else:
            assert merged.percentile(p) == whole.percentile(p)


def test_a_merged_summary_that_grows_past_exact_counts_each_value_once() -> None:
    # The sketch of an exact summary is fed only when needed: a merged one (whose sketch
    # has seen its values) that then loses exactness must not feed them to it again.
    rng = random.Random(7)
    values = [rng.lognormvariate(2, 1) for _ in range(EXACT_UP_TO + 5_000)]
    whole, first, second = Summary(), Summary(), Summary()
    for value in values[:3_000]:
        (first if len(first.buffer) < 1_500 else second).add(value)
    merged = Summary.merged([first, second])
    assert merged.exact
    for value in values[3_000:]:
        merged.add(value)
    for value in values:
        whole.add(value)
    assert not merged.exact and merged.count == whole.count == len(values)
    assert merged.complete().count == whole.complete().count == len(values)
    for p in (1, 50, 90, 99):
        assert merged.percentile(p) == whole.percentile(p)


def test_percentiles_follow_values_added_after_one_was_asked() -> None:
    summary = Summary()
    for value in (5.0, 1.0, 3.0):
        summary.add(value)
    assert summary.percentile(50) == 3.0
    summary.add(10.0)
    summary.add(20.0)
    assert summary.percentile(50) == 5.0 and summary.percentile(100) == 20.0
    assert pickle.loads(pickle.dumps(summary)).percentile(0) == 1.0


def test_summaries_stay_small_however_many_values() -> None:
    summary = Summary()
    rng = random.Random(1)
    for _ in range(200_000):
        summary.add(rng.lognormvariate(2, 1))
    summary.flush()
    assert not summary.exact and len(summary.buffer) == 0
    assert len(pickle.dumps(summary)) < 60_000


def test_any_number_of_workers_gives_the_same_bytes(runner: CliRunner,
                                                    tmp_path: Path) -> None:
    """Replications run in 1, 2 or 3 processes (explicit --workers always starts the
    pool); the JSON and the event log are byte for byte the same."""
    outputs, logs = set(), set()
    for workers in (1, 2, 3):
        log = tmp_path / f"log-{workers}.csv"
        result = runner.invoke(main, ["simulate", "jining-construction-start", "--cases", "40",
                                      "--replications", "4", "--seed", "9", "--json",
                                      "--workers", str(workers), "--event-log", str(log)])
        assert result.exit_code == 0, result.output
        outputs.add(result.stdout)
        logs.add(log.read_bytes())
    assert len(outputs) == 1 and len(logs) == 1
    assert json.loads(outputs.pop())["replications"] == 4


def test_compare_on_workers_gives_the_same_bytes(runner: CliRunner) -> None:
    outputs = set()
    for workers in ("1", "2"):
        result = runner.invoke(main, ["compare", "xianyang-culture-subsidy", "--staff",
                                      "culture_office=3", "--cases", "30", "--replications",
                                      "3", "--json", "--workers", workers])
        assert result.exit_code == 0, result.output
        outputs.add(result.output)
    assert len(outputs) == 1


def test_an_error_in_a_worker_is_one_message(runner: CliRunner) -> None:
    result = runner.invoke(main, ["compare", "xianyang-culture-subsidy", "--duration",
                                  "preliminary_review={dist: fixed, value: 1e300}",
                                  "--cases", "5", "--replications", "3", "--workers", "2"])
    assert result.exit_code == 1
    assert "仿真越过了日历的尽头" in result.output  # the default language
    assert "Traceback" not in result.output


def test_workers_must_be_at_least_one(runner: CliRunner) -> None:
    result = runner.invoke(main, ["simulate", "xianyang-culture-subsidy", "--workers", "0"])
    assert result.exit_code == 2
    assert "--workers" in result.output
