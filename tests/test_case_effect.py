"""A delay shared by a case's steps (``case_effect``): each step keeps its distribution,
the steps of one case go together as much as the correlation says, and calibrate finds
the correlation back from a simulated log."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from random import Random

import pytest
from click.testing import CliRunner
from scipy import stats

from policy_kit.calibrate.dependence import case_dependence
from policy_kit.cli import main
from policy_kit.simulate.distributions import (
    Empirical,
    Exponential,
    Gamma,
    LogNormal,
    Normal,
    Triangular,
)
from policy_kit.simulate.shared_delay import quantile_function, shared_sampler
from policy_kit.simulate.streams import Stream
from tests.calibrate_fixtures import scenario, simulate_log

LEVELS = (0.01, 0.1, 0.5, 0.9, 0.99)


@pytest.mark.parametrize(("dist", "frozen"), [
    (LogNormal(dist="lognormal", mean=2.0, sd=3.0),
     stats.lognorm(math.sqrt(math.log(1 + 2.25)), scale=2.0 / math.sqrt(1 + 2.25))),
    (Gamma(dist="gamma", mean=2.0, sd=1.0), stats.gamma(4.0, scale=0.5)),
    (Exponential(dist="exponential", mean=3.0, low=1.0), stats.expon(loc=1.0, scale=2.0)),
    (Normal(dist="normal", mean=5.0, sd=1.0), stats.norm(loc=5.0, scale=1.0)),
    (Triangular(dist="triangular", low=1.0, mode=2.0, high=5.0),
     stats.triang(0.25, loc=1.0, scale=4.0)),
])
def test_each_family_is_drawn_at_its_own_quantiles(dist: object, frozen: object) -> None:
    at = quantile_function(dist)  # type: ignore[arg-type]
    for level in LEVELS:
        expected = float(frozen.ppf(level))  # type: ignore[attr-defined]
        assert at(level) == pytest.approx(expected, rel=1e-4)  # (normal: kept above 0)


def test_bounds_are_kept_and_tables_read_as_drawn() -> None:
    bounded = quantile_function(LogNormal(dist="lognormal", mean=2.0, sd=3.0, low=1.0,
                                          high=4.0))
    assert 1.0 <= bounded(0.001) < bounded(0.999) <= 4.0
    table = quantile_function(Empirical(dist="empirical", samples=(3.0, 1.0, 2.0)))
    assert [table(u) for u in (0.1, 0.5, 0.9)] == [1.0, 2.0, 3.0]


def test_a_cases_draws_go_together_and_each_keeps_its_distribution() -> None:
    rho = 0.6
    fast = shared_sampler(LogNormal(dist="lognormal", mean=1.0, sd=1.0), 8.0, rho)
    slow = shared_sampler(Gamma(dist="gamma", mean=20.0, sd=10.0), 8.0, rho)
    pairs = []
    for case in range(3000):
        rng = Stream(Random(case).random)  # one stream per case, as the engine's
        pairs.append((fast(rng), slow(rng)))
    first, second = zip(*pairs, strict=True)
    assert stats.spearmanr(first, second).statistic == pytest.approx(
        6 / math.pi * math.asin(rho / 2), abs=0.05)  # a Gaussian copula's rank correlation
    assert stats.kstest([x / 8 for x in second], stats.gamma(4.0, scale=5.0).cdf).pvalue > 0.01


def test_calibrate_finds_the_correlation_a_simulation_was_given(tmp_path: Path) -> None:
    shares = {"accept": 0.8, "request_fix": 0.1, "refuse": 0.1}
    text = scenario(3, 10, 6, shares, staff=12, cases=500)
    text = text.replace("branches:", "case_effect: {correlation: 0.5, assumption: truth}\n"
                                     "branches:")
    process, log = simulate_log(tmp_path, text)
    out = tmp_path / "calibrated.yaml"
    ran = CliRunner().invoke(main, ["calibrate", str(process), "--log", str(log), "-o",
                                    str(out), "--json", "--lang", "en"])
    assert ran.exit_code == 0, ran.output
    data = json.loads(ran.stdout)
    found = data["dependence"]
    assert found["low"] <= 0.5 <= found["high"] and found["p_value"] < 0.001
    effect = data["scenario"]["case_effect"]
    assert effect["correlation"] == pytest.approx(found["intraclass"], abs=1e-3)
    assert "normal scores" in effect["source"] and "copula" in effect["assumption"]
    # the written scenario runs as it is
    ran = CliRunner().invoke(main, ["simulate", str(process), "--scenario", str(out),
                                    "--cases", "50", "--replications", "1", "--json"])
    assert ran.exit_code == 0, ran.output


def test_a_correlation_of_one_is_refused(tmp_path: Path) -> None:
    shares = {"accept": 0.8, "request_fix": 0.1, "refuse": 0.1}
    process, _ = simulate_log(tmp_path, scenario(3, 10, 6, shares, staff=12, cases=20))
    bad = tmp_path / "bad.scenario.yaml"
    bad.write_text(scenario(3, 10, 6, shares, staff=12, cases=20).replace(
        "branches:", "case_effect: {correlation: 1, assumption: test}\nbranches:"),
        encoding="utf-8")
    ran = CliRunner().invoke(main, ["simulate", str(process), "--scenario", str(bad)])
    assert ran.exit_code == 1
    assert "bad.scenario.yaml:12:28" in ran.output and "`correlation`" in ran.output
    assert "Traceback" not in ran.output


def test_dependence_test_and_copula_agree() -> None:
    # the test's intraclass correlation estimates the copula's correlation itself
    rho = 0.3
    draw = shared_sampler(LogNormal(dist="lognormal", mean=1.0, sd=2.0), 1.0, rho)
    observed = []
    for case in range(800):
        rng = Stream(Random(10_000 + case).random)
        observed += [(case, s, draw(rng)) for s in ("a", "b", "c")]
    found = case_dependence(observed)
    assert found is not None and abs(found.intraclass - rho) < 0.06


SHARED = """\
format: 1
process: permit-fixture
assumption: test
start: 2025-01-06
arrivals: {per_working_day: 1, assumption: test}
durations:
  check: {dist: lognormal, mean: 4, sd: 4, unit: working_hours, assumption: test}
  fix: {dist: fixed, value: 8, unit: working_hours, assumption: test}
  fire_check: {dist: lognormal, mean: 4, sd: 4, unit: working_hours, assumption: test}
  plan_check: {dist: lognormal, mean: 40, sd: 40, unit: working_hours, assumption: test}
branches:
  check: {probabilities: {accept: 1, request_fix: 0, refuse: 0}, assumption: test}
case_effect: {correlation: %s, assumption: test}
cases: 5
replications: 1
seed: 7
"""


@pytest.mark.parametrize("rho", ["0.8", "0"])
def test_a_case_slow_so_far_is_forecast_slow_from_here(tmp_path: Path, rho: str) -> None:
    # A's check and fire check took days where they take hours, B's minutes: with a
    # shared delay A's plan check (not begun) is forecast later; without one, alike
    shares = {"accept": 1.0, "request_fix": 0.0, "refuse": 0.0}
    process, _ = simulate_log(tmp_path, scenario(3, 10, 6, shares, staff=12, cases=5))
    scenario_file = tmp_path / "shared.scenario.yaml"
    scenario_file.write_text(SHARED % rho, encoding="utf-8")
    log = tmp_path / "log.csv"
    log.write_text("case_id,activity,start,end\n"
                   "A,check,2025-01-06T09:00:00+00:00,2025-01-08T17:00:00+00:00\n"
                   "A,fire_check,2025-01-09T09:00:00+00:00,2025-01-10T16:00:00+00:00\n"
                   "B,check,2025-01-06T09:00:00+00:00,2025-01-06T09:10:00+00:00\n"
                   "B,fire_check,2025-01-06T09:10:00+00:00,2025-01-06T09:20:00+00:00\n"
                   "C,check,2025-01-20T09:00:00+00:00,2025-01-20T10:00:00+00:00\n",
                   encoding="utf-8")
    ran = CliRunner().invoke(main, ["forecast", str(process), "--log", str(log), "--as-of",
                                    "2025-01-13", "--scenario", str(scenario_file),
                                    "--replications", "200", "--json"])
    assert ran.exit_code == 0, ran.output
    cases = {c["case"]: c for c in json.loads(ran.stdout)["cases"]}
    slow, fast = (date.fromisoformat(cases[c]["p50"]) for c in "AB")
    if rho == "0":
        assert abs((slow - fast).days) <= 1
    else:
        assert (slow - fast).days >= 2
