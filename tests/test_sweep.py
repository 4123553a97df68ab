"""``policy-kit sweep``: grids of what-ifs on common random numbers, the cheapest point
meeting a target, the same table from Dask workers as from this process, bad input."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit import load
from policy_kit.cli import main
from policy_kit.simulate import load_scenario, scenario_path
from policy_kit.simulate.parallel import Replications
from policy_kit.simulate.sweep import parse_vary, plan_points, scenario_at

# Xianyang's process on a deterministic scenario: one application every working hour,
# fixed durations, every case paid. By hand: the culture office's preliminary review takes
# 2.5 h, so it keeps up with one case an hour only with ceil(2.5 / 1) = 3 officers; the
# finance bureau's payment takes 1.5 h, so it needs ceil(1.5 / 1) = 2. With both, nobody
# queues and a case's government clock is review + award decision + payment = 2.5 h + 1
# working day + 1.5 h = 12 h = 1.5 working days (the submission is the applicant's, the
# expert review and the public notice statutory); with fewer, the queue grows all run
# long. Base: one officer each, so (3, 2) costs 2 + 1 = 3 added officers.
DETERMINISTIC = """\
format: 1
process: xianyang-culture-subsidy
calendar: {kind: cn, mode: lenient, office_hours: "09:00-17:00"}
start: 2025-03-03
arrivals: {interarrival: {dist: fixed, value: 1, unit: working_hours}}
staff:
  culture_office: {count: 1}
  finance_bureau: {count: 1}
durations:
  submission: {dist: fixed, value: 1, unit: working_days}
  preliminary_review: {dist: fixed, value: 2.5, unit: working_hours}
  supplement: {dist: fixed, value: 1, unit: working_days}
  expert_review: {dist: fixed, value: 5, unit: working_days}
  public_notice: {dist: fixed, value: 5, unit: working_days}
  re_examination: {dist: fixed, value: 1, unit: working_hours}
  award_decision: {dist: fixed, value: 1, unit: working_days}
  payment: {dist: fixed, value: 1.5, unit: working_hours}
branches:
  submission: {probabilities: {submit: 1, withdraw: 0}}
  preliminary_review: {probabilities: {pass: 1, request_supplement: 0}}
  public_notice: {probabilities: {no_objection: 1, objection: 0}}
cases: 80
replications: 2
"""


def _sweep(runner: CliRunner, *args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(main, ["sweep", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_a_3x3_grid_on_xianyang_finds_the_staffing_a_hand_calculation_gives(
        runner: CliRunner, tmp_path: Path) -> None:
    scenario = tmp_path / "deterministic.scenario.yaml"
    scenario.write_text(DETERMINISTIC, encoding="utf-8")
    out = tmp_path / "sweep.csv"
    data = _sweep(runner, "xianyang-culture-subsidy", "--scenario", str(scenario),
                  "--vary", "staff.culture_office=1..3", "--vary", "staff.finance_bureau=1,2,3",
                  "--target", "government.p90 <= 1.6", "--workers", "0", "-o", str(out))
    assert len(data["points"]) == 9
    cheapest = data["cheapest"]
    assert cheapest["values"] == {"staff.culture_office": 3, "staff.finance_bureau": 2}
    assert cheapest["cost"] == 3
    assert cheapest["kpis"]["government.p90"]["mean"] == pytest.approx(1.5)
    meeting = [p["values"] for p in data["points"] if p["meets_target"]]
    assert meeting == [{"staff.culture_office": 3, "staff.finance_bureau": 2},
                       {"staff.culture_office": 3, "staff.finance_bureau": 3}]
    for point in data["points"]:   # fewer officers than by hand: a queue, a longer clock
        if point not in (cheapest,) and not point["meets_target"]:
            assert point["kpis"]["government.p90"]["mean"] > 1.6
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["cheapest"] for r in rows].count("True") == 1
    assert {"government.p90.low", "government.p90.high", "utilization.finance_bureau",
            "outcome.paid", "breach.process"} <= set(rows[0])
    svg = out.with_suffix(".svg").read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "government.p90" in svg


def test_a_local_dask_cluster_gives_the_in_process_table() -> None:
    from policy_kit.simulate import cluster

    definition = load("xianyang-culture-subsidy")
    base = load_scenario(scenario_path(definition), definition)
    parameters = [parse_vary("staff.culture_office=1,3"), parse_vary("duration.payment=0.5,1")]
    points = plan_points(parameters, None, 0)
    scenarios = [scenario_at(base, definition, parameters, p) for p in points]
    plan = Replications(seed=4, cases=25, warmup=0, horizon=float("inf"))
    tasks = [(i, r) for i in range(len(points)) for r in range(2)]
    here = cluster.in_process(definition, scenarios, plan, tasks)
    there = cluster.local(2)(definition, scenarios, plan, tasks)
    assert there == here
    assert len({json.dumps(row, sort_keys=True) for row in here}) > 1


def test_one_parameter_draws_a_line_and_samples_are_reproducible(runner: CliRunner,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "arrivals.csv"
    data = _sweep(runner, "xianyang-culture-subsidy", "--vary", "arrivals=0.5..1.5:3",
                  "--cases", "20", "--replications", "2", "--workers", "0", "-o", str(out))
    assert [p["values"]["arrivals"] for p in data["points"]] == [0.5, 1.0, 1.5]
    assert "<svg" in out.with_suffix(".svg").read_text(encoding="utf-8")
    args = ["xianyang-culture-subsidy", "--vary", "prob.preliminary_review.pass=0.5..0.9:5",
            "--vary", "staff.culture_office=1..4", "--samples", "3", "--cases", "15",
            "--replications", "2", "--workers", "0"]
    first, second = _sweep(runner, *args), _sweep(runner, *args)
    assert first == second and first["design"] == "sample" and len(first["points"]) == 3


@pytest.mark.parametrize("args, message", [
    (["--vary", "staff.culture_office=0..2"], r"whole numbers ≥ 1"),
    (["--vary", "staff.culture_office=1.5..3"], r"A\.\.B counts whole numbers"),
    (["--vary", "speed=1,2"], r"NAME is staff\.DEPARTMENT"),
    (["--vary", "prob.preliminary_review.pass=0.5..1.5:3"], r"between 0 and 1"),
    (["--vary", "duration.preliminary_review=a,b"], r"VALUES is A\.\.B"),
    (["--vary", "duration.public_notice=1,2"], r"no length to scale"),
    (["--vary", "staff.nobody=1,2"], r"nobody"),
    (["--vary", "staff.culture_office=1,2", "--target", "speed <= 3"],
     r"no KPI `speed`; the KPIs are .*government\.p90"),
    (["--vary", "staff.culture_office=1,2", "--target", "government.p90 ~ 3"],
     r"KPI OP NUMBER"),
    (["--vary", "staff.culture_office=1,2", "--cluster", "localhost:8786"], r"tcp://HOST"),
    (["--vary", "staff.culture_office=1,2", "-o", "out.svg"], r"name a \.csv file"),
], ids=["staff-zero", "staff-fraction", "unknown-kind", "prob-range", "not-numbers",
        "until-deadline", "unknown-department", "unknown-kpi", "bad-operator",
        "cluster-address", "output-suffix"])
def test_bad_sweeps_are_one_message(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(main, ["sweep", "xianyang-culture-subsidy", *args, "--cases", "5",
                                  "--replications", "2", "--workers", "0", "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert re.search(message, result.output, re.S), result.output
