"""Forecasting open cases: a simulated log cut at a date is forecast, and the real finish
dates fall in the forecast's 10–90 % intervals about as often as they should."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit.cli import main
from policy_kit.cli.logflags import LOG_FLAGS, read_case_log
from policy_kit.forecast.backtest import backtest
from policy_kit.loader import load
from tests.calibrate_fixtures import LIMITED, scenario, simulate_log

SHARES = {"accept": 0.7, "request_fix": 0.2, "refuse": 0.1}


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("forecast")
    process, log = simulate_log(folder, scenario(3, 10, 6, SHARES, staff=2, cases=400))
    return process, log, folder / "truth.scenario.yaml"


def flags(log: Path) -> dict[str, object]:
    given: dict[str, object] = {name: None for name in LOG_FLAGS}
    given.update(log_path=log, pseudonymize=False)
    return given


def test_the_forecast_covers_the_real_finish_dates(simulated: tuple[Path, Path, Path]) -> None:
    process, log, truth = simulated
    case_log = read_case_log(load(str(process)), flags(log))
    result = backtest(case_log, date(2025, 4, 1), truth, replications=60)
    assert result.open >= 5 and result.compared >= 5
    assert result.coverage is not None and 0.6 <= result.coverage <= 1.0
    assert result.median_absolute_error is not None and result.median_absolute_error <= 3


def test_json_names_each_open_case_with_its_dates(simulated: tuple[Path, Path, Path]) -> None:
    process, log, truth = simulated
    ran = CliRunner().invoke(main, ["forecast", str(process), "--log", str(log), "--as-of",
                                    "2025-04-01", "--scenario", str(truth),
                                    "--replications", "20", "--json"])
    assert ran.exit_code == 0, ran.output
    data = json.loads(ran.stdout)
    assert data["as_of"] == "2025-04-01"
    assert data["summary"]["open"] == len(data["cases"]) > 0
    assert "expected_breaches" in data["summary"]
    case = data["cases"][0]
    assert {"case", "states", "p10", "p50", "p90", "breach_probability"} <= set(case)
    assert case["p10"] <= case["p50"] <= case["p90"]
    assert case["p10"] >= "2025-04-01"


def test_one_case_reads_as_a_helper_would_say_it(simulated: tuple[Path, Path, Path]) -> None:
    process, log, truth = simulated
    first = json.loads(CliRunner().invoke(main, [
        "forecast", str(process), "--log", str(log), "--as-of", "2025-04-01", "--scenario",
        str(truth), "--replications", "10", "--json"]).stdout)["cases"][0]["case"]
    ran = CliRunner().invoke(main, ["forecast", str(process), "--log", str(log), "--as-of",
                                    "2025-04-01", "--scenario", str(truth), "--replications",
                                    "10", "--case", first, "--lang", "zh"])
    assert ran.exit_code == 0, ran.output
    assert f"案件 {first}" in ran.stdout and "最可能办结日期" in ran.stdout


def test_without_a_scenario_it_calibrates_first_and_says_so(
        simulated: tuple[Path, Path, Path]) -> None:
    process, log, _ = simulated
    ran = CliRunner().invoke(main, ["forecast", str(process), "--log", str(log), "--as-of",
                                    "2025-04-01", "--replications", "10", "--lang", "en"])
    assert ran.exit_code == 0, ran.output
    assert "calibrated from the log first" in ran.stdout


@pytest.mark.parametrize(("as_of", "message"), [
    ("2020-01-01", "before the log's first event"),
    ("2030-01-01", "after the log's last event"),
], ids=["before", "after"])
@pytest.mark.usefixtures("english")  # its messages are pinned in English
def test_as_of_outside_the_log_is_a_usage_error(simulated: tuple[Path, Path, Path],
                                               as_of: str, message: str) -> None:
    process, log, truth = simulated
    ran = CliRunner().invoke(main, ["forecast", str(process), "--log", str(log), "--as-of",
                                    as_of, "--scenario", str(truth)])
    assert ran.exit_code == 2, ran.output
    assert message in ran.output


def test_a_scenario_of_another_process_is_refused(simulated: tuple[Path, Path, Path],
                                                  tmp_path: Path) -> None:
    process, log, truth = simulated
    other = tmp_path / "other.scenario.yaml"
    other.write_text(truth.read_text(encoding="utf-8").replace(
        "process: permit-fixture", "process: someone-else"), encoding="utf-8")
    ran = CliRunner().invoke(main, ["forecast", str(process), "--log", str(log), "--as-of",
                                    "2025-04-01", "--scenario", str(other)])
    assert ran.exit_code == 1, ran.output
    assert "someone-else" in ran.output and "Traceback" not in ran.output


def test_an_unknown_case_is_a_usage_error(simulated: tuple[Path, Path, Path]) -> None:
    process, log, truth = simulated
    ran = CliRunner().invoke(main, ["forecast", str(process), "--log", str(log), "--as-of",
                                    "2025-04-01", "--scenario", str(truth), "--replications",
                                    "5", "--case", "nobody"])
    assert ran.exit_code == 2 and "--case nobody" in ran.output


def test_a_case_the_log_later_marks_ended_is_open_at_the_cut(
        simulated: tuple[Path, Path, Path], tmp_path: Path) -> None:
    # a log of completions whose `case:closed` column says (from the future) that a case ended
    process, _, truth = simulated
    log = tmp_path / "closed.csv"
    log.write_text(
        "case_id,activity,end,case:closed\n"
        "A,check,2025-01-06T10:00:00+08:00,2025-01-13\n"
        "A,fire_check,2025-01-08T10:00:00+08:00,2025-01-13\n"
        "A,plan_check,2025-01-10T10:00:00+08:00,2025-01-13\n"
        "B,check,2025-01-06T11:00:00+08:00,2025-01-07\n"
        "B,fire_check,2025-01-06T14:00:00+08:00,2025-01-07\n"
        "B,plan_check,2025-01-06T15:00:00+08:00,2025-01-07\n", encoding="utf-8")
    ran = CliRunner().invoke(main, ["forecast", str(process), "--log", str(log),
                                    "--finished-column", "case:closed", "--as-of", "2025-01-08",
                                    "--scenario", str(truth), "--replications", "5",
                                    "--json"])
    assert ran.exit_code == 0, ran.output
    cases = {c["case"]: c for c in json.loads(ran.stdout)["cases"]}
    assert set(cases) == {"A"}  # B ended before the cut; A's end is not known yet


FIXED = """\
format: 1
process: limit-fixture
assumption: test
start: 2025-01-06
arrivals: {per_working_day: 1, assumption: test}
durations:
  check: {dist: fixed, value: 8, unit: working_hours, assumption: test}
  fix: {dist: fixed, value: 160, unit: working_hours, assumption: test}
  decide: {dist: fixed, value: 8, unit: working_hours, assumption: test}
cases: 5
replications: 1
seed: 7
"""


@pytest.mark.parametrize(("clock", "breach"), [("applicant", 0.0), ("statutory", 0.0),
                                               ("government", 1.0)])
def test_the_process_limit_counts_the_government_clock_only(
        tmp_path: Path, clock: str, breach: float) -> None:
    # 2 working days of office work around 20 of the applicant's (or a statutory period):
    # a 5-working-day limit on the government clock holds, as conform counts a finished
    # case; only when the 20 days are the office's own is it broken
    process = tmp_path / "limit-fixture.yaml"
    process.write_text(LIMITED % clock, encoding="utf-8")
    scenario_file = tmp_path / "fixed.scenario.yaml"
    scenario_file.write_text(FIXED, encoding="utf-8")
    log = tmp_path / "log.csv"
    log.write_text("case_id,activity,start,end\n"
                   "A,check,2025-01-06T09:00:00+08:00,2025-01-06T17:00:00+08:00\n"
                   "A,fix,2025-01-06T17:00:00+08:00,\n"
                   "B,check,2025-01-14T09:00:00+08:00,2025-01-14T17:00:00+08:00\n",
                   encoding="utf-8")
    ran = CliRunner().invoke(main, ["forecast", str(process), "--log", str(log), "--as-of",
                                    "2025-01-13", "--scenario", str(scenario_file),
                                    "--replications", "3", "--json"])
    assert ran.exit_code == 0, ran.output
    data = json.loads(ran.stdout)
    (case,) = data["cases"]
    assert case["p50"] == "2025-02-03"
    assert case["breach_probability"] == breach
    assert data["summary"]["expected_breaches"] == breach
    # the days off the government clock before the cut move the due day on
    assert case["due"] == ("2025-01-13" if clock == "government" else "2025-01-20")


@pytest.mark.parametrize("name", ["case:closed", "closed"])
def test_a_finished_column_of_any_name_ends_a_case(simulated: tuple[Path, Path, Path],
                                                   tmp_path: Path, name: str) -> None:
    # a `closed` column is read like `case:closed`: before, a name without the `case:`
    # prefix was silently ignored and every case counted as open
    process, _, _ = simulated
    log = tmp_path / "closed.csv"
    log.write_text(
        f"case_id,activity,end,{name}\n"
        "A,check,2025-01-06T10:00:00+08:00,\n"
        "A,fire_check,2025-01-08T10:00:00+08:00,\n"
        "B,check,2025-01-06T11:00:00+08:00,2025-01-07\n"
        "B,fire_check,2025-01-06T14:00:00+08:00,2025-01-07\n"
        "B,plan_check,2025-01-06T15:00:00+08:00,2025-01-07\n", encoding="utf-8")
    ran = CliRunner().invoke(main, ["conform", str(process), "--log", str(log),
                                    "--finished-column", name, "--json"])
    assert ran.exit_code == 0, ran.output
    ended = {c["case"]: c["finished"] for c in json.loads(ran.stdout)["cases"]}
    assert ended == {"A": False, "B": True}


WAITED = """\
format: 1
process: permit-fixture
assumption: test
start: 2025-01-06
arrivals: {per_working_day: 1, assumption: test}
durations:
  check: {dist: fixed, value: 8, unit: working_hours, assumption: test}
  fix: {dist: fixed, value: 8, unit: working_hours, assumption: test}
  fire_check: {dist: fixed, value: 8, unit: working_hours, assumption: test}
  plan_check: {dist: fixed, value: 160, unit: working_hours, assumption: test}
branches:
  check: {probabilities: {accept: 1, request_fix: 0, refuse: 0}, assumption: test}
cases: 5
replications: 1
seed: 7
"""


def test_in_a_log_of_completions_a_step_waited_in_has_run_since_it_was_ready(
        simulated: tuple[Path, Path, Path], tmp_path: Path) -> None:
    # plan_check takes 20 working days. A was accepted on 6 January and its plan_check
    # has not ended by the 13th: it has run since the 6th (ends 3 February), not since
    # the forecast's day (10 February). B's check ended on 8 January and the log does
    # not say yet which way it went: the check takes no more time, and the reviews it
    # led to have run since the 8th (ends 5 February, not 11 February).
    process, _, _ = simulated
    scenario_file = tmp_path / "waited.scenario.yaml"
    scenario_file.write_text(WAITED, encoding="utf-8")
    log = tmp_path / "completions.csv"
    log.write_text("case_id,activity,end\n"
                   "A,check,2025-01-06T10:00:00+00:00\n"
                   "A,fire_check,2025-01-07T10:00:00+00:00\n"
                   "B,check,2025-01-08T10:00:00+00:00\n"
                   "C,check,2025-01-20T10:00:00+00:00\n", encoding="utf-8")
    ran = CliRunner().invoke(main, ["forecast", str(process), "--log", str(log), "--as-of",
                                    "2025-01-13", "--scenario", str(scenario_file),
                                    "--replications", "3", "--json"])
    assert ran.exit_code == 0, ran.output
    cases = {c["case"]: c for c in json.loads(ran.stdout)["cases"]}
    assert cases["A"]["p50"] == "2025-02-03"
    assert cases["B"]["p50"] == "2025-02-05"
    assert cases["A"]["in_progress"] == ["plan_check"] and cases["B"]["in_progress"] == []


def test_a_step_whose_end_waited_for_a_guard_does_not_set_the_cases_pace(
        tmp_path: Path) -> None:
    # plan_check may end only once fire_check has (done(fire_check)): its span, 1 to 20
    # January, says how long the fire review took, not how slow the case was, so the
    # case's factor (case_effect) reads check and fire_check only
    from policy_kit.conform import conform, replayer_for
    from policy_kit.forecast.position import positions
    from tests.calibrate_fixtures import PROCESS

    text = (PROCESS
            .replace("  - {from: plan_check, to: plan_done, on: approve}",
                     "  - {from: plan_check, to: plan_done, on: approve, "
                     "when: done(fire_check)}")
            .replace("  - {from: reviews, to: approved, on: join}",
                     "  - {from: reviews, to: decide, on: join}\n"
                     "  - {from: decide, to: approved, on: sign}")
            .replace("  - {id: approved, kind: final, outcome: approved}",
                     "  - {id: decide, kind: task, department: desk}\n"
                     "  - {id: approved, kind: final, outcome: approved}"))
    process = tmp_path / "guarded.yaml"
    process.write_text(text, encoding="utf-8")
    log = tmp_path / "guarded.csv"
    log.write_text("case_id,activity,start,end\n"
                   "A,check,2025-01-01T09:00:00+00:00,2025-01-01T10:00:00+00:00\n"
                   "A,plan_check,2025-01-01T10:00:00+00:00,2025-01-20T10:00:00+00:00\n"
                   "A,fire_check,2025-01-01T10:00:00+00:00,2025-01-20T10:00:00+00:00\n"
                   "A,decide,2025-01-21T09:00:00+00:00,\n",
                   encoding="utf-8")
    case_log = read_case_log(load(str(process)), flags(log))
    replay = conform(case_log.definition, case_log.log, case_log.activities,
                     case_log.settings)
    clock = replayer_for(case_log.definition, case_log.activities, case_log.log,
                         case_log.settings).clock
    (placed,) = positions(case_log.definition, replay.cases, {}, clock=clock)
    assert [state for state, _, _ in placed.completed] == ["check", "fire_check"]
    (unaware,) = positions(case_log.definition, replay.cases, {})
    assert "plan_check" in [state for state, _, _ in unaware.completed]
