"""Calibration recovers a scenario it did not see: logs simulated from known scenarios (not
the bundled ones) are calibrated back, and the bad inputs get one clear message."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_kit.cli import main
from tests.calibrate_fixtures import lognormal_median_days, scenario, simulate_log


def calibrate(process: Path, log: Path, out: Path, *extra: str) -> dict[str, Any]:
    ran = CliRunner().invoke(main, ["calibrate", str(process), "--log", str(log), "-o",
                                    str(out), "--json", *extra])
    assert ran.exit_code == 0, ran.output
    data: dict[str, Any] = json.loads(ran.stdout)
    return data


def shares_of(data: dict[str, Any], state: str) -> dict[str, dict[str, Any]]:
    found = next(s for s in data["shares"] if s["state"] == state)
    return {s["trigger"]: s for s in found["shares"]}


def test_a_simulated_log_is_calibrated_back_to_its_truth(tmp_path: Path) -> None:
    truth = {"accept": 0.6, "request_fix": 0.3, "refuse": 0.1}
    process, log = simulate_log(tmp_path, scenario(3, 10, 6, truth, staff=2, cases=1200))
    out = tmp_path / "calibrated.yaml"
    data = calibrate(process, log, out, "--report", "--lang", "en")
    assert data["used"] == data["cases"] == 1200 and data["left_out"] == 0
    assert not data["whole_span"]  # the project's own logs record starts
    shares = shares_of(data, "check")
    for trigger, share in truth.items():
        assert shares[trigger]["low"] <= share <= shares[trigger]["high"], shares[trigger]
    medians = {s["state"]: s["fit"]["median"] for s in data["steps"] if s["fit"]}
    for state, mean in (("check", 3), ("fire_check", 10), ("plan_check", 6)):
        assert medians[state] == pytest.approx(lognormal_median_days(mean), rel=0.10)
    staff = {s["department"]: s["count"] for s in data["staff"]}
    assert staff["desk"] == 2  # the queue kept both officers busy at once
    report = data["report"]
    assert report["cycle_time"]["emd_normalised"] < 0.25
    assert {o["outcome"]: o["log"] for o in report["outcomes"]}["approved"] > 0.8
    written = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert written["process"] == "permit-fixture"
    assert "n=" in written["durations"]["check"]["source"]
    assert written["branches"]["check"]["probabilities"].keys() == truth.keys()
    again = CliRunner().invoke(main, ["simulate", str(process), "--scenario", str(out),
                                      "--json", "--cases", "50"])
    assert again.exit_code == 0, again.output  # simulate reads it unchanged


@settings(max_examples=3, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(check=st.sampled_from([1.5, 3.0, 5.0]), fire=st.sampled_from([6.0, 12.0]),
       accept=st.sampled_from([0.5, 0.7]), fix=st.sampled_from([0.1, 0.25]))
def test_random_scenarios_are_recovered(tmp_path_factory: pytest.TempPathFactory,
                                        check: float, fire: float, accept: float,
                                        fix: float) -> None:
    tmp_path = tmp_path_factory.mktemp("recovery")
    truth = {"accept": accept, "request_fix": fix, "refuse": round(1 - accept - fix, 2)}
    process, log = simulate_log(tmp_path, scenario(check, fire, 5, truth, staff=3, cases=800))
    data = calibrate(process, log, tmp_path / "out.yaml")
    shares = shares_of(data, "check")
    n = sum(s["taken"] for s in shares.values())
    for trigger, share in truth.items():
        spread = 3 * math.sqrt(share * (1 - share) / n)  # three standard errors
        assert abs(shares[trigger]["share"] - share) <= spread, (trigger, shares[trigger])
    medians = {s["state"]: s["fit"]["median"] for s in data["steps"] if s["fit"]}
    assert medians["check"] == pytest.approx(lognormal_median_days(check), rel=0.15)
    assert medians["fire_check"] == pytest.approx(lognormal_median_days(fire), rel=0.15)


def test_a_log_of_completions_gives_whole_spans_and_no_officer_limits(tmp_path: Path) -> None:
    process, log = simulate_log(tmp_path, scenario(3, 10, 6, {"accept": 0.7, "request_fix": 0.2,
                                                              "refuse": 0.1}, 2, 300))
    rows = log.read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    end = header.index("end")
    start = header.index("start")
    completions = [",".join(c for i, c in enumerate(r.split(",")) if i != start) for r in rows]
    only = tmp_path / "completions.csv"
    only.write_text("\n".join(completions) + "\n", encoding="utf-8")
    assert end > start
    data = calibrate(process, only, tmp_path / "out.yaml", "--time-column", "end")
    assert data["whole_span"]
    assert "staff" not in data["scenario"]
    assert any("waiting for an officer included" in n for n in data["scenario"]["notes"])


def test_the_base_scenario_keeps_what_the_log_cannot_say(tmp_path: Path) -> None:
    process, log = simulate_log(tmp_path, scenario(3, 10, 6, {"accept": 0.7, "request_fix": 0.2,
                                                              "refuse": 0.1}, 2, 40))
    base = tmp_path / "truth.scenario.yaml"
    data = calibrate(process, log, tmp_path / "out.yaml", "--scenario", str(base))
    fix = data["scenario"]["durations"]["fix"]  # the applicant's corrections: rare in 40 cases
    assert "kept from truth.scenario.yaml" in fix.get("source", "") or "n=" in fix.get(
        "source", "")
    assert data["base_scenario"] == "truth.scenario.yaml"


def test_chinese_report_names_no_english_sentence(tmp_path: Path) -> None:
    process, log = simulate_log(tmp_path, scenario(3, 10, 6, {"accept": 0.7, "request_fix": 0.2,
                                                              "refuse": 0.1}, 2, 200))
    ran = CliRunner().invoke(main, ["calibrate", str(process), "--log", str(log), "-o",
                                    str(tmp_path / "o.yaml"), "--lang", "zh"])
    assert ran.exit_code == 0, ran.output
    assert "符合流程并用于估计" in ran.stdout and "分支比例" in ran.stdout
    for english in ("cases", "observations", "shares of ways", "kept from", "note:"):
        assert english not in ran.stdout


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--scenario", "missing.yaml"], 2, "no such file"),
    (["--calendar", "lunar"], 2, "choose cn, weekly"),
], ids=["missing-base", "bad-calendar"])
@pytest.mark.usefixtures("english")  # its messages are pinned in English
def test_usage_errors(tmp_path: Path, args: list[str], code: int, message: str) -> None:
    process, log = simulate_log(tmp_path, scenario(3, 10, 6, {"accept": 0.7, "request_fix": 0.2,
                                                              "refuse": 0.1}, 2, 20))
    out = tmp_path / "out.yaml"
    ran = CliRunner().invoke(main, ["calibrate", str(process), "--log", str(log), "-o",
                                    str(out), *args])
    assert ran.exit_code == code, ran.output
    assert message in ran.output
    assert "Traceback" not in ran.output
    assert not out.exists()


def test_a_log_of_another_process_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    process, _ = simulate_log(tmp_path, scenario(3, 10, 6, {"accept": 0.7, "request_fix": 0.2,
                                                            "refuse": 0.1}, 2, 5))
    log = tmp_path / "other.csv"
    log.write_text("case_id,activity,end\nc1,lunch,2025-01-06T10:00:00\n"
                   "c1,coffee,2025-01-06T11:00:00\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    out.write_text("keep me", encoding="utf-8")
    ran = CliRunner().invoke(main, ["calibrate", str(process), "--log", str(log), "-o",
                                    str(out)])
    assert ran.exit_code == 1, ran.output
    assert "日志中的 1 件案件没有一件符合流程" in ran.output  # the default language
    assert out.read_text(encoding="utf-8") == "keep me"


GATED = """\
format: 1
id: gated
title: Gated
source: test fixture
calendar: weekly
attributes:
  amount: {type: number, min: 0, max: 200, example: 50, assumption: test}
departments:
  - {id: desk, name: Desk}
states:
  - {id: check, kind: task, department: desk}
  - {id: fix, kind: wait, clock: applicant, max_rounds: 3, assumption: test}
  - {id: big, kind: final, outcome: approved}
  - {id: small, kind: final, outcome: refused}
transitions:
  - {from: check, to: big, on: accept, when: 'amount >= 100', assumption: test}
  - {from: check, to: small, on: reject, when: 'amount < 100', assumption: test}
  - {from: check, to: fix, on: request_fix}
  - {from: fix, to: check, on: resubmit}
"""

GATED_TRUTH = """\
format: 1
process: gated
assumption: truth
start: 2025-01-06
arrivals: {per_working_day: 4, assumption: truth}
durations:
  check: {dist: fixed, value: 1, unit: working_hours, assumption: truth}
  fix: {dist: fixed, value: 4, unit: working_hours, assumption: truth}
branches:
  check: {probabilities: {accept: 0.5, reject: 0.3, request_fix: 0.2}, assumption: truth}
applicants:
  amount: {distribution: {dist: uniform, low: 0, high: 200}, assumption: truth}
cases: 1500
replications: 1
"""


def test_shares_of_ways_a_guard_opens_are_recovered_case_by_case(tmp_path: Path) -> None:
    """A log does not carry `amount`; the base scenario's applicants say how often each
    guard holds, and one applicant answers every visit of a case."""
    process = tmp_path / "gated.yaml"
    process.write_text(GATED, encoding="utf-8")
    truth = tmp_path / "truth.yaml"
    truth.write_text(GATED_TRUTH, encoding="utf-8")
    log = tmp_path / "log.csv"
    ran = CliRunner().invoke(main, ["simulate", str(process), "--scenario", str(truth),
                                    "--event-log", str(log), "--json"])
    assert ran.exit_code == 0, ran.output
    data = calibrate(process, log, tmp_path / "out.yaml", "--scenario", str(truth))
    shares = shares_of(data, "check")
    # Weighing each visit as a fresh applicant gave 0.38 / 0.41 / 0.21 here.
    for trigger, share in {"accept": 0.5, "reject": 0.3, "request_fix": 0.2}.items():
        assert abs(shares[trigger]["share"] - share) <= 0.05, shares[trigger]
    found = next(s for s in data["shares"] if s["state"] == "check")
    assert found["interval"] == "bootstrap"
    assert {g["trigger"] for g in found["guards"]} == {"accept", "reject"}


def test_counts_of_one_are_singular_in_every_text(tmp_path: Path) -> None:
    """A log of one case: the summary, the file's header and every `source:` of the
    calibrated scenario say "1 case", "1 observation", never "1 cases"."""
    process, log = simulate_log(tmp_path, scenario(3, 10, 6, {"accept": 1.0, "request_fix": 0.0,
                                                              "refuse": 0.0}, 2, 1))
    base = tmp_path / "truth.scenario.yaml"
    out = tmp_path / "out.scenario.yaml"
    ran = CliRunner().invoke(main, ["calibrate", str(process), "--log", str(log), "--scenario",
                                    str(base), "-o", str(out), "--lang", "en"])
    assert ran.exit_code == 0, ran.output
    written = out.read_text(encoding="utf-8")
    assert "1 case " in ran.output + written
    plural = re.compile(r"(?<![\d.,])1 (cases|observations|events|officers|working days|"
                        r"deviating cases|simulations)\b")
    assert not plural.findall(ran.output + written), ran.output + written
