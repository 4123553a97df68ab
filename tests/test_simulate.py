"""``policy-kit simulate`` end to end: figures computed by hand, determinism, queues, joins,
unfinished cases, event logs read back, and every bad input with a readable message."""

from __future__ import annotations

import csv
import json
import re
import sys
import types
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_simulate_fixtures import (
    DEADLOCK,
    DEADLOCK_SCENARIO,
    FORKED,
    FORKED_SCENARIO,
    JOIN,
    JOIN_SCENARIO,
    QUEUE,
    QUEUE_SCENARIO,
    SKIPPED,
    SKIPPED_SCENARIO,
    pair,
)

from policy_kit import load
from policy_kit.cli import main
from policy_kit.simulate import refuse_unsound
from policy_kit.simulate.soundness import UnsoundError

BENCH = Path(__file__).parent.parent / "benchmarks" / "approval.yaml"


def run_json(runner: CliRunner, *args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(main, ["simulate", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_one_officer_two_arrivals_the_second_waits(runner: CliRunner, tmp_path: Path) -> None:
    # 09:00 case 1 starts, ends 11:00; 09:30 case 2 arrives, waits 1.5 h, ends 13:00.
    data = run_json(runner, str(pair(tmp_path, QUEUE, QUEUE_SCENARIO, "queue")))
    office = data["departments"]["office"]
    assert office["mean_queue_wait"] == pytest.approx(0.75 / 8)   # (0 + 1.5 h) / 2, 8-h days
    assert office["utilization"] == pytest.approx(1.0)             # busy 09:00-13:00
    assert office["mean_queue_length"] == pytest.approx(1.5 / 4)
    elapsed = data["cycle_time"]["elapsed"]
    assert elapsed["mean"] == pytest.approx((2 + 3.5) / 2 / 8)
    assert elapsed["p50"] == pytest.approx((2 + 3.5) / 2 / 8)
    assert elapsed["p90"] == pytest.approx((2 + 0.9 * 1.5) / 8)
    assert data["bottlenecks"][0] == {
        "department": "office", "state": "review", "utilization": 1.0,
        "mean_queue_wait": 0.09375, "wait_per_case": 0.09375, "share_of_elapsed": 0.272727}
    assert data["sla_breach_rate"]["states"] == {"review": 0.0}   # same day, both


def test_the_join_waits_for_the_slowest_review(runner: CliRunner, tmp_path: Path) -> None:
    data = run_json(runner, str(pair(tmp_path, JOIN, JOIN_SCENARIO, "join")))
    for clock in ("government", "elapsed"):
        figures = data["cycle_time"][clock]
        assert figures["mean"] == pytest.approx(3.0)
        assert figures["p99"] == pytest.approx(3.0)
        assert figures["ci95"] == [pytest.approx(3.0), pytest.approx(3.0)]
    assert data["outcomes"] == {"approved": 1.0, "unfinished": 0.0}
    # 10 of 10 cases: Wilson's 95% interval is [0.7225, 1], not the degenerate [1, 1]
    wilson = [pytest.approx(0.722467, abs=1e-5), 1.0]
    assert data["states"]["plan_check"] == {"reached": 1.0, "reached_ci95": wilson,
                                            "mean_time": 3.0}
    assert data["states"]["fire_check"] == {"reached": 1.0, "reached_ci95": wilson,
                                            "mean_time": 1.0}
    joins = [t for t in data["transitions"] if t["on"] == "join"]
    assert joins == [{"index": 2, "from": "reviews", "to": "approved", "on": "join",
                      "count": 10, "per_case": 1.0}]


def test_deadlocked_cases_are_unfinished_never_completed(runner: CliRunner,
                                                          tmp_path: Path) -> None:
    path = pair(tmp_path, DEADLOCK, DEADLOCK_SCENARIO, "deadlock")
    data = run_json(runner, str(path), "--allow-unsound")
    assert data["outcomes"] == {"approved": 0.0, "unfinished": 1.0}
    assert data["unfinished"] == {"stuck": 10, "horizon": 0, "step_limit": 0}
    assert data["cycle_time"]["elapsed"]["mean"] is None
    assert data["cycle_time"]["elapsed"]["finished"] == 0


def test_a_join_takes_the_way_its_finals_opened_never_waits(runner: CliRunner,
                                                             tmp_path: Path) -> None:
    # Resting in fire_ok, the default join (done(fire_failed)) can never open: the case
    # must take `join`, not wait for ever.
    data = run_json(runner, str(pair(tmp_path, FORKED, FORKED_SCENARIO, "forked")))
    assert data["unfinished"] == {"stuck": 0, "horizon": 0, "step_limit": 0}
    assert 0.3 < data["outcomes"]["approved"] < 0.7
    assert data["outcomes"]["approved"] + data["outcomes"]["rejected"] == pytest.approx(1.0)
    assert data["states"]["fire_ok"]["reached"] == data["outcomes"]["approved"]


@pytest.mark.parametrize("fire_days, plan_days", [(1, 3), (3, 1)],
                         ids=["fire-decided-first", "planning-waits-first"])
def test_a_way_waiting_for_a_skipped_state_is_never_taken(runner: CliRunner, tmp_path: Path,
                                                          fire_days: int,
                                                          plan_days: int) -> None:
    # Planning's default way waits for done(fire_inspection); once the fire review went
    # straight to fire_done, the inspection can no longer be passed, so planning goes on
    # (drawing again if it was already waiting for it).
    scenario = SKIPPED_SCENARIO.replace(
        "fire_check: {dist: fixed, value: 1}", f"fire_check: {{dist: fixed, value: {fire_days}}}"
    ).replace("plan_check: {dist: fixed, value: 3}",
              f"plan_check: {{dist: fixed, value: {plan_days}}}")
    data = run_json(runner, str(pair(tmp_path, SKIPPED, scenario, "skipped")))
    assert data["outcomes"] == {"approved": 1.0, "unfinished": 0.0}
    taken = {t["on"]: t["count"] for t in data["transitions"] if t["from"] == "plan_check"}
    inspected = next(t["count"] for t in data["transitions"] if t["on"] == "inspect")
    assert taken == {"after_inspection": inspected, "approve": 80 - inspected}
    assert 0 < inspected < 80


def test_reached_shares_carry_a_wilson_interval_over_every_case(tmp_path: Path) -> None:
    from policy_kit.simulate import prepare, simulate
    from policy_kit.simulate.stats import wilson_interval

    model = prepare(load(pair(tmp_path, FORKED, FORKED_SCENARIO, "forked")))
    run = simulate(model, replications=3)
    i = model.process.number["fire_ok"]
    reached = sum(t.reached[i] for t in run.tallies)
    cases = sum(t.cases for t in run.tallies)
    bounds = wilson_interval(reached, cases)
    assert bounds is not None
    state = run.data["states"]["fire_ok"]
    assert state["reached"] == pytest.approx(reached / cases)
    assert state["reached_ci95"] == [pytest.approx(bounds[0], abs=1e-6),
                                     pytest.approx(bounds[1], abs=1e-6)]
    approved = run.data["outcomes_ci95"]["approved"]
    assert approved == state["reached_ci95"]                      # fire_ok → approved
    low, high = run.data["outcomes_ci95"]["unfinished"]
    assert low == 0.0 and 0.0 < high < 0.1                        # none of them, but not "never"
    one = simulate(model, replications=1).data
    assert one["states"]["fire_ok"]["reached_ci95"] is not None   # one replication suffices


def test_the_text_report_keeps_long_outcomes_apart_and_shows_reached(
        runner: CliRunner, tmp_path: Path) -> None:
    long = "rejected_after_the_fire_safety_review"
    path = pair(tmp_path, FORKED.replace("outcome: rejected", f"outcome: {long}"),
                FORKED_SCENARIO, "forked")
    result = runner.invoke(main, ["simulate", str(path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert re.search(rf"    {long} only +government \d", result.output), result.output
    assert re.search(r"\n  fire_check +100\.0% \[9\d\.\d%, 100\.0%\] +1\.000\n",
                     result.output), result.output
    assert re.search(r"outcomes: approved \d+\.\d% \[", result.output), result.output


@pytest.mark.parametrize("start, review_days, years", [
    ("2026-06-01", 1, []), ("2026-12-30", 3, [2027])], ids=["ends-in-2026", "runs-into-2027"])
def test_only_estimated_years_the_run_reached_are_reported(
        runner: CliRunner, tmp_path: Path, start: str, review_days: int,
        years: list[int]) -> None:
    # The calendar looks a year ahead; a run that ends in 2026 used no estimated year.
    scenario = QUEUE_SCENARIO.replace("start: 2025-01-06", f"start: {start}\n"
                                      "calendar: {kind: cn}").replace(
        "{dist: fixed, value: 2, unit: working_hours}",
        f"{{dist: fixed, value: {review_days}, unit: working_days}}")
    path = pair(tmp_path, QUEUE, scenario, "queue")
    assert run_json(runner, str(path))["calendar"]["estimated_years"] == years
    text = runner.invoke(main, ["simulate", str(path), "--lang", "en"]).output
    assert ("estimated years: 2027" in text) == bool(years), text


class _Finding:
    def __init__(self, severity: str, text: str) -> None:
        self.severity = severity
        self.text = text

    def __str__(self) -> str:
        return self.text


def test_an_unsound_process_is_refused_unless_allowed(runner: CliRunner, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = pair(tmp_path, DEADLOCK, DEADLOCK_SCENARIO, "deadlock")
    checker = types.ModuleType("policy_kit.check")
    checker.errors = lambda definition: (  # type: ignore[attr-defined]
        _Finding("warning", "a warning"), _Finding("error", "PK301 reviews can deadlock"))
    monkeypatch.setitem(sys.modules, "policy_kit.check", checker)
    refused = runner.invoke(main, ["simulate", str(path), "--lang", "en"])
    assert refused.exit_code == 1
    assert "PK301 reviews can deadlock" in refused.output
    assert "a warning" not in refused.output
    assert "--allow-unsound" in refused.output
    allowed = runner.invoke(main, ["simulate", str(path), "--allow-unsound", "--json"])
    assert allowed.exit_code == 0, allowed.output


def test_an_unsound_process_is_refused_in_chinese_by_default(runner: CliRunner,
                                                            tmp_path: Path) -> None:
    from tests.test_chinese_output import english

    path = pair(tmp_path, DEADLOCK, DEADLOCK_SCENARIO, "deadlock")
    refused = runner.invoke(main, ["simulate", str(path)])
    assert refused.exit_code == 1
    assert "不健全" in refused.output and "--allow-unsound" in refused.output
    ids = frozenset(load(path).structure.places)  # state ids are code, not English
    assert not english(refused.output, ids), refused.output
    said = runner.invoke(main, ["simulate", str(path), "--lang", "en"])
    assert "is unsound" in said.output and "不健全" not in said.output


def test_refusal_names_the_errors() -> None:
    definition = load(Path(__file__).parent / "fixtures" / "parallel.yaml")
    refuse_unsound(definition, checker=lambda d: [_Finding("warning", "fine")])
    with pytest.raises(UnsoundError, match=r"parallel-fixture is unsound.*\n  PK3 stuck"):
        refuse_unsound(definition, checker=lambda d: [_Finding("error", "PK3 stuck")])


def test_the_same_seed_gives_byte_identical_json(runner: CliRunner) -> None:
    args = ["simulate", "xianyang-culture-subsidy", "--cases", "40", "--replications", "2",
            "--json"]
    first = runner.invoke(main, [*args, "--seed", "5"])
    second = runner.invoke(main, [*args, "--seed", "5"])
    other = runner.invoke(main, [*args, "--seed", "6"])
    assert first.exit_code == 0, first.output
    assert first.output == second.output
    assert first.output != other.output


def test_json_holds_the_promised_keys_and_shares_sum_to_one(runner: CliRunner) -> None:
    data = run_json(runner, "xianyang-culture-subsidy", "--cases", "60", "--replications", "3")
    assert data["cases"] == 60
    assert data["seed"] == 1
    for clock in ("government", "elapsed"):
        assert set(data["cycle_time"][clock]) >= {"mean", "p50", "p90", "p99"}
    assert set(data["outcomes"]) == {"paid", "rejected", "withdrawn", "unfinished"}
    assert sum(data["outcomes"].values()) == pytest.approx(1.0, abs=1e-5)
    assert set(data["departments"]["culture_office"]) >= {"utilization", "mean_queue_wait"}
    assert "sla_breach_rate" in data
    first = data["transitions"][0]
    assert set(first) == {"index", "from", "to", "on", "count", "per_case"}
    assert data["states"]["preliminary_review"]["reached"] > 0.5
    assert set(data["bottlenecks"][0]) >= {"department", "state"}


def test_warmup_cases_are_extra_and_marked(runner: CliRunner, tmp_path: Path) -> None:
    path = pair(tmp_path, QUEUE, QUEUE_SCENARIO, "queue")
    log = tmp_path / "log.csv"
    data = run_json(runner, str(path), "--warmup", "1", "--event-log", str(log))
    assert data["cases"] == 2
    assert data["warmup_cases"] == 1
    rows = list(csv.DictReader(log.read_text(encoding="utf-8").splitlines()))
    assert sorted(r["case_id"] for r in rows) == ["case-1", "case-2", "warmup-1"]


def test_csv_event_log_reads_back(runner: CliRunner, tmp_path: Path) -> None:
    path = pair(tmp_path, QUEUE, QUEUE_SCENARIO, "queue")
    log = tmp_path / "log.csv"
    run_json(runner, str(path), "--event-log", str(log))
    raw = log.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8").splitlines()))
    assert list(rows[0]) == ["case_id", "activity", "resource", "start", "end", "stage",
                             "clock", "group", "outcome"]
    assert [(r["case_id"], r["start"], r["end"]) for r in rows] == [
        # a plain weekly calendar names no country: its times are UTC, as conform reads them
        ("case-1", "2025-01-06T09:00:00+00:00", "2025-01-06T11:00:00+00:00"),
        ("case-2", "2025-01-06T11:00:00+00:00", "2025-01-06T13:00:00+00:00")]
    assert {(r["activity"], r["resource"], r["stage"], r["clock"], r["group"])
            for r in rows} == {("review", "office#1", "handling", "government", "office")}


def test_xes_event_log_has_the_standard_keys(runner: CliRunner, tmp_path: Path) -> None:
    log = tmp_path / "log.xes"
    run_json(runner, str(BENCH), "--cases", "25", "--replications", "2",
             "--event-log", str(log))
    ns = {"x": "http://www.xes-standard.org/"}
    root = ET.parse(log).getroot()
    assert {e.get("prefix") for e in root.findall("x:extension", ns)} == {
        "concept", "time", "org", "lifecycle"}
    traces = root.findall("x:trace", ns)
    assert len(traces) == 25
    for trace in traces:
        events = trace.findall("x:event", ns)
        assert len(events) >= 2 * 10   # start and complete of 10 tasks, and loops
        for event in events:
            keys = {a.get("key"): a.get("value") for a in event}
            assert {"concept:name", "org:group", "time:timestamp",
                    "lifecycle:transition"} <= set(keys)
            assert keys["lifecycle:transition"] in ("start", "complete")
            assert datetime.fromisoformat(keys["time:timestamp"] or "").tzinfo is not None


def test_table_on_a_terminal_shows_chinese(runner: CliRunner) -> None:
    result = runner.invoke(main, ["simulate", "xianyang-culture-subsidy", "--cases", "30",
                                  "--replications", "2"])
    assert result.exit_code == 0, result.output
    assert "高新区文化产业主管部门" in result.output
    assert "办理时间(工作日)" in result.output and "cycle time" not in result.output
    assert "simulating" not in result.output   # no progress bar when not on a terminal


SCENARIO_ERRORS = {
    "zero-sd": ("review: {dist: fixed, value: 2, unit: working_hours}",
                "review: {dist: normal, mean: 2, sd: 0}", r"queue.scenario.yaml:6:\d+: .*sd"),
    "unknown-state": ("review: {dist: fixed", "reveiw: {dist: fixed",
                      r"unknown task or wait state `reveiw`.*did you mean `review`"),
    "bad-unit": ("unit: working_hours}}", "unit: hours}}", r"queue.scenario.yaml:6"),
    "unknown-department": ("{office: {count: 1}}", "{offices: {count: 1}}",
                           r"unknown department `offices`"),
    "other-process": ("process: queue-fixture", "process: jining-x",
                      r"this scenario is for `jining-x`"),
    "bad-hours": ("cases: 2", "calendar: {office_hours: 9-17}\ncases: 2",
                  r"office hours look like"),
    "probabilities": ("cases: 2", "branches: {review: {probabilities: {finish: 0.9}}}\ncases: 2",
                      r"sum to 0.9, not 1"),
    "unknown-key": ("cases: 2", "casez: 2", r"unknown key `casez`"),
}


@pytest.mark.parametrize("case", list(SCENARIO_ERRORS.values()), ids=list(SCENARIO_ERRORS))
def test_a_bad_scenario_is_one_readable_message(runner: CliRunner, tmp_path: Path,
                                                case: tuple[str, str, str]) -> None:
    old, new, message = case
    assert old in QUEUE_SCENARIO
    path = pair(tmp_path, QUEUE, QUEUE_SCENARIO.replace(old, new), "queue")
    result = runner.invoke(main, ["simulate", str(path), "--lang", "en"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert re.search(message, result.output, re.S), result.output


@pytest.mark.parametrize("args, message", [
    (["--event-log", "out.txt"], r"name a .csv, .xes or .parquet file"),
    (["--cases", "0"], r"Invalid value for '--cases'"),
    (["--scenario", "missing.yaml"], r"missing.yaml' does not exist"),
], ids=["log-suffix", "zero-cases", "missing-scenario"])
def test_usage_errors(runner: CliRunner, tmp_path: Path, args: list[str], message: str) -> None:
    path = pair(tmp_path, QUEUE, QUEUE_SCENARIO, "queue")
    result = runner.invoke(main, ["simulate", str(path), *args, "--lang", "en"])
    assert result.exit_code in (1, 2)
    assert re.search(message, result.output, re.S), result.output


def test_a_process_without_a_scenario_says_how_to_give_one(runner: CliRunner,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "alone.yaml"
    path.write_text(QUEUE, encoding="utf-8")
    result = runner.invoke(main, ["simulate", str(path), "--lang", "en"])
    assert result.exit_code == 2
    assert "give one with --scenario FILE" in result.output


# The planning review finishes first and waits for the fire review (its way out needs
# done(fire_check)); the fire review then rejects, which ends the stage under it.
WAITING = JOIN.replace("id: join-fixture", "id: waiting-fixture").replace(
    "{from: plan_check, to: plan_done, on: approve}",
    "{from: plan_check, to: plan_done, on: approve, when: done(fire_check)}").replace(
    "  - {id: approved, kind: final, outcome: approved}",
    "  - {id: approved, kind: final, outcome: approved}\n"
    "  - {id: rejected, kind: final, outcome: rejected}").replace(
    "  - {from: reviews, to: approved, on: join}",
    "  - {from: reviews, to: approved, on: join}\n"
    "  - {from: fire_check, to: rejected, on: reject}")
WAITING_SCENARIO = JOIN_SCENARIO.replace("join-fixture", "waiting-fixture").replace(
    "cases: 5", "staff: {fire: {count: 1}, plan: {count: 1}}\n"
    "branches: {fire_check: {probabilities: {approve: 0.5, reject: 0.5}}}\ncases: 40")


def test_work_cut_short_frees_its_officer_once(runner: CliRunner, tmp_path: Path) -> None:
    data = run_json(runner, str(pair(tmp_path, WAITING, WAITING_SCENARIO, "waiting")))
    assert 0.2 < data["outcomes"]["rejected"] < 0.8
    assert data["outcomes"]["unfinished"] == 0.0
    for department in data["departments"].values():
        assert 0.0 <= department["utilization"] <= 1.0
        assert department["mean_queue_length"] >= 0.0
    # the planning review (1 working day... of 3) waits for the fire review, then moves on
    assert data["states"]["plan_check"]["reached"] == 1.0


SCENARIOS = sorted((Path(__file__).parent.parent / "processes").glob("*.scenario.yaml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_bundled_scenario_runs_and_marks_every_assumption(path: Path) -> None:
    from policy_kit.simulate import prepare, simulate

    definition = load(path.parent / path.name.replace(".scenario.yaml", ".yaml"))
    model = prepare(definition, path)
    scenario = model.scenario
    entries = [*scenario.staff.values(), *scenario.durations.values(),
               *scenario.branches.values(), *scenario.applicants.values(), scenario.arrivals,
               *scenario.arrivals.batches]
    for entry in entries:
        assert entry.source or entry.assumption, entry
    data = simulate(model, cases=30, replications=2).data
    assert sum(data["outcomes"].values()) == pytest.approx(1.0, abs=1e-5)
    for department in data["departments"].values():
        assert department["utilization"] is None or 0.0 <= department["utilization"] <= 1.0


def test_cases_open_at_the_horizon_are_unfinished(runner: CliRunner, tmp_path: Path) -> None:
    # Each case needs 3 working days: a 2-day horizon ends the run with every case that
    # came still under review, and the rest never came.
    scenario = JOIN_SCENARIO.replace("cases: 5", "horizon_days: 2\ncases: 5")
    data = run_json(runner, str(pair(tmp_path, JOIN, scenario, "join")))
    assert data["outcomes"]["unfinished"] == 1.0
    assert 1 <= data["unfinished"]["horizon"] == data["arrived"] < 10
    assert data["unfinished"]["stuck"] == 0


def test_progress_is_reported_per_thousand_cases() -> None:
    from policy_kit.simulate import prepare, simulate

    seen: list[int] = []
    simulate(prepare(load(BENCH)), cases=1500, replications=2, progress=seen.append)
    assert seen == [1000, 2500]


def test_a_failed_run_leaves_no_half_event_log(runner: CliRunner, tmp_path: Path) -> None:
    scenario = QUEUE_SCENARIO.replace("arrivals: {interarrival: {dist: fixed, value: 0.5, "
                                      "unit: working_hours}}",
                                      "arrivals: {batches: [{date: 2025-01-06, cases: 1}]}")
    log = tmp_path / "log.csv"
    result = runner.invoke(main, ["simulate", str(pair(tmp_path, QUEUE, scenario, "queue")),
                                  "--event-log", str(log)])
    assert result.exit_code == 2
    assert "情景的各批申请共有 1 件" in result.output
    assert not log.exists()
    assert not list(tmp_path.glob(".log.csv.*"))


@pytest.mark.parametrize(("successes", "n", "low", "high"), [
    (0, 10, 0.0, 0.2775), (5, 10, 0.2366, 0.7634), (10, 10, 0.7225, 1.0), (2, 90, 0.0061, 0.0774),
], ids=["none", "half", "all", "rare"])
def test_wilson_interval_matches_the_textbook(successes: int, n: int, low: float,
                                              high: float) -> None:
    from policy_kit.simulate.stats import wilson_interval

    bounds = wilson_interval(successes, n)
    assert bounds is not None
    assert bounds[0] == pytest.approx(low, abs=5e-4) and bounds[1] == pytest.approx(high,
                                                                                    abs=5e-4)
    assert wilson_interval(0, 0) is None


def test_share_intervals_stay_within_0_and_100_percent(runner: CliRunner) -> None:
    result = runner.invoke(main, ["simulate", "xianyang-culture-subsidy", "--cases", "45",
                                  "--replications", "3", "--seed", "7", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    intervals = [*data["outcomes_ci95"].values(),
                 *(s["reached_ci95"] for s in data["states"].values())]
    assert intervals and all(i is not None for i in intervals)
    for (low, high), share in zip(data["outcomes_ci95"].values(), data["outcomes"].values(),
                                  strict=True):
        assert 0.0 <= low <= share <= high <= 1.0
    text = runner.invoke(main, ["simulate", "xianyang-culture-subsidy", "--cases", "45",
                                "--replications", "1", "--seed", "7", "--lang", "en"]).output
    assert "-0." not in text and "100.1%" not in text
