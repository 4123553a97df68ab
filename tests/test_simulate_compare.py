"""``policy-kit compare``: common random numbers, a change that must help, and the Jining
reform's two definitions and their mapping table."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit import load
from policy_kit.cli import main
from policy_kit.simulate import build, prepare
from policy_kit.simulate.compare import vary
from policy_kit.source import read_yaml

ROOT = Path(__file__).parent.parent
BENCH = str(ROOT / "benchmarks" / "approval.yaml")
PROCESSES = ROOT / "processes"
PRE, POST = "jining-construction-start-pre-reform", "jining-construction-start"


def compare_json(runner: CliRunner, *args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(main, ["compare", *args, "--json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_identical_variants_differ_by_exactly_zero(runner: CliRunner) -> None:
    data = compare_json(runner, BENCH, BENCH, "--cases", "200", "--replications", "3")
    assert set(data) >= {"a", "b", "difference"}
    assert data["a"] == data["b"]
    assert data["difference"]
    for row in data["difference"].values():
        assert row["difference"] == 0.0
        assert row["ci95"] == [0.0, 0.0]
        assert row["verdict"] is None


def test_one_more_officer_at_the_bottleneck_helps(runner: CliRunner) -> None:
    # The fire bureau's officers are 95% busy: its queue swings widely from one
    # replication to the next, and four pairs leave the verdict to the seed's luck.
    data = compare_json(runner, BENCH, "--staff", "fire=4", "--cases", "1500",
                        "--replications", "6")
    assert data["a"]["bottlenecks"][0]["department"] == "fire"
    assert data["b"]["departments"]["fire"]["staff"] == 4
    row = data["difference"]["cycle_time.elapsed.mean"]
    assert row["verdict"] == "B lower"
    assert row["ci95"][1] < 0
    fire = data["difference"]["departments.fire.mean_queue_wait"]
    assert fire["verdict"] == "B lower"
    assert "saves" in data["summary"]


def test_the_same_applicants_arrive_in_both_variants(runner: CliRunner) -> None:
    # Slower planning reviews cannot change who applies, or when.
    data = compare_json(runner, BENCH, "--duration", "T3a={dist: fixed, value: 9, "
                        "unit: working_hours}", "--cases", "300", "--replications", "2")
    assert data["a"]["arrived"] == data["b"]["arrived"] == 600
    assert data["difference"]["cycle_time.elapsed.mean"]["difference"] > 0


@pytest.mark.parametrize("args, message", [
    (["--staff", "fire"], r"--staff takes DEPT=N, not `fire`"),
    (["--staff", "fire=0"], r"whole number of officers ≥ 1"),
    (["--staff", "firemen=2"], r"unknown department `firemen`.*did you mean `fire`"),
    (["--duration", "T3a={dist: normal, mean: 2}"], r"--duration T3a=.*sd"),
    (["--duration", "T9=2"], r"--duration T9=2"),
    (["--prob", "T2.incomplete=1.5"], r"STATE.TRIGGER=P with 0 ≤ P ≤ 1"),
    (["--prob", "T2.reject=0.1"], r"`T2` has no way out called `reject`.*complete, incomplete"),
    (["--arrivals", "0"], r"rate > 0"),
    ([], r"give B, or a change for B"),
], ids=["no-count", "zero-staff", "unknown-department", "bad-distribution",
        "not-a-distribution", "bad-probability", "unknown-trigger", "zero-rate", "nothing"])
@pytest.mark.usefixtures("english")  # its messages are pinned in English
def test_bad_changes_are_usage_errors(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(main, ["compare", BENCH, *args])
    assert result.exit_code == 2, result.output
    assert re.search(message, result.output, re.S), result.output


def test_a_probability_change_keeps_the_others_in_proportion() -> None:
    definition = load(BENCH)
    model = prepare(definition)
    varied = vary(model.scenario, definition, probabilities=["T2.incomplete=0.5"])
    assert varied.branches["T2"].probabilities == {"complete": 0.5, "incomplete": 0.5}
    assert build(definition, varied).weights[model.process.number["T2"]]["incomplete"] == 0.5


def test_scenario_files_name_their_process(runner: CliRunner, tmp_path: Path) -> None:
    text = (ROOT / "benchmarks" / "approval.scenario.yaml").read_text(encoding="utf-8")
    faster = tmp_path / "approval.scenario.yaml"
    faster.write_text(text.replace("  leader: {count: 1", "  leader: {count: 2"),
                      encoding="utf-8")
    (tmp_path / "approval.yaml").write_text(
        (ROOT / "benchmarks" / "approval.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    data = compare_json(runner, str(ROOT / "benchmarks" / "approval.scenario.yaml"),
                        str(faster), "--cases", "200", "--replications", "2")
    assert data["b"]["departments"]["leader"]["staff"] == 2
    assert str(faster) in data["summary"]
    assert data["summary"].count("approval.scenario.yaml") == 2


def test_pre_and_post_reform_agree_on_departments_and_certificates() -> None:
    pre, post = load(PRE).process, load(POST).process
    assert [d.id for d in pre.departments] == [d.id for d in post.departments]
    assert len(pre.departments) == 13
    assert [c.id for c in pre.certificates] == [c.id for c in post.certificates]
    assert len(pre.certificates) == 7
    assert list(pre.attributes) == list(post.attributes)   # the same applicants


def test_pre_reform_issues_certificates_one_by_one() -> None:
    structure = load(PRE).structure
    issuing = [m for m in structure.moves if m.issues]
    assert len(issuing) == 7 and all(len(m.issues) == 1 for m in issuing)


def test_mapping_table_covers_all_34_and_all_28_items() -> None:
    data, _ = read_yaml(PROCESSES / f"{PRE}.mapping.yaml")
    before = [p for p in load(PRE).structure.places if p.startswith("item_")]
    after = {p for p in load(POST).structure.places if p.startswith("item_")}
    assert (len(before), len(after)) == (34, 28)
    rows = data["items"]
    assert [r["before"] for r in rows] == before
    assert {a for r in rows for a in r["after"]} == after
    merged = [r for r in rows if r["after"] != [r["before"]]]
    assert len(merged) == 34 - 28
    assert all(len(r["merged"]) > 20 for r in merged)
    assert all("merged" not in r for r in rows if r not in merged)


K = 4.5
"""The calibration parameter of the pre-reform scenario (its header states the rule)."""


def test_pre_reform_scenario_follows_its_calibration_rule() -> None:
    """Offices' steps and staff × k (capped at the legal limit), everything else shared."""
    definition = load(PRE)
    pre, post = prepare(definition), prepare(load(POST))
    assert pre.scenario.staff.keys() == post.scenario.staff.keys()
    assert all(pre.scenario.staff[d].count == math.ceil(K * post.scenario.staff[d].count)
               for d in post.scenario.staff)
    shared = set(pre.scenario.durations) & set(post.scenario.durations)
    assert len(shared) >= 28
    for name in shared:
        a = pre.scenario.durations[name].model_dump(exclude={"source", "assumption"})
        b = post.scenario.durations[name].model_dump(exclude={"source", "assumption"})
        state = definition.structure.places[name].state
        if state.kind == "task" and state.effective_clock == "government":
            assert state.limit is not None and state.limit.unit == "working_days"
            cap = state.limit.days
            scaled = [min(K * float(b[key]), cap) for key in ("low", "mode", "high")]
            if scaled[0] >= scaled[2]:
                scaled[0] = scaled[2] / 2
            assert [float(a[key]) for key in ("low", "mode", "high")] == pytest.approx(
                scaled, abs=1e-3), name
        else:
            assert a == b, name
    assert pre.scenario.arrivals.per_working_day == post.scenario.arrivals.per_working_day


def test_the_calibrated_baseline_and_the_reform(runner: CliRunner) -> None:
    """docs/jining.md's figures: 200+ working days before (国办发〔2018〕33号), ≤120 after."""
    data = compare_json(runner, PRE, POST)
    before = data["a"]["cycle_time"]["government"]["by_outcome"]["approved"]["mean"]
    after = data["b"]["cycle_time"]["government"]["by_outcome"]["approved"]["mean"]
    assert 180 <= before <= 300 and round(before) == 205
    assert after <= 120 and round(after) == 37


def test_the_reform_saves_working_days(runner: CliRunner) -> None:
    data = compare_json(runner, PRE, POST, "--cases", "60", "--replications", "3",
                        "--allow-unsound")
    row = data["difference"]["cycle_time.government.approved.mean"]
    assert row["verdict"] == "B lower"
    assert re.match(r"For an approved case, jining-construction-start saves \d+\.\d working "
                    r"days on the government clock", data["summary"])


def test_two_scenarios_of_one_process_are_told_apart(runner: CliRunner, tmp_path: Path) -> None:
    text = (ROOT / "benchmarks" / "approval.scenario.yaml").read_text(encoding="utf-8")
    (tmp_path / "approval.yaml").write_text(
        (ROOT / "benchmarks" / "approval.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "today.scenario.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "more-staff.scenario.yaml").write_text(
        text.replace("  leader: {count: 1", "  leader: {count: 3"), encoding="utf-8")
    data = compare_json(runner, str(tmp_path / "today.scenario.yaml"),
                        str(tmp_path / "more-staff.scenario.yaml"), "--cases", "200",
                        "--replications", "2")
    assert "more-staff.scenario.yaml" in data["summary"]
    assert "against today.scenario.yaml" in data["summary"] or (
        "Against today.scenario.yaml" in data["summary"])


def test_compare_speaks_chinese_and_explains_its_medians(runner: CliRunner) -> None:
    result = runner.invoke(main, ["compare", BENCH, "--staff", "fire=4", "--cases", "100",
                                  "--replications", "3", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "指标" in result.output and "结论" in result.output
    assert "verdict" not in result.output and "saves" not in result.output
    assert "`simulate` 先合并" in result.output
    english = runner.invoke(main, ["compare", BENCH, "--staff", "fire=4", "--cases", "100",
                                   "--replications", "3", "--lang", "en"])
    assert "simulate pools the cases" in english.output
