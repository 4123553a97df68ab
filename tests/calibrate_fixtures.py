"""A permit process and scenarios with a known truth, for calibration and forecasting tests."""

from __future__ import annotations

import math
from pathlib import Path

from click.testing import CliRunner

from policy_kit.cli import main

PROCESS = """\
format: 1
id: permit-fixture
title: {zh: 许可示例, en: Permit fixture}
source: test fixture
calendar: weekly
departments:
  - {id: desk, name: {zh: 窗口, en: Desk}}
  - {id: fire, name: {zh: 消防, en: Fire}}
  - {id: plan, name: {zh: 规划, en: Planning}}
stages:
  - id: intake
    department: desk
    states:
      - {id: check, kind: task}
      - {id: fix, kind: wait, clock: applicant, max_rounds: 2, assumption: test}
  - id: reviews
    regions:
      - id: fire_review
        department: fire
        states: [{id: fire_check, kind: task}, {id: fire_done, kind: final}]
      - id: plan_review
        department: plan
        states: [{id: plan_check, kind: task}, {id: plan_done, kind: final}]
states:
  - {id: approved, kind: final, outcome: approved}
  - {id: refused, kind: final, outcome: refused}
transitions:
  - {from: check, to: reviews, on: accept}
  - {from: check, to: fix, on: request_fix}
  - {from: check, to: refused, on: refuse}
  - {from: fix, to: check, on: resubmit}
  - {from: fire_check, to: fire_done, on: approve}
  - {from: plan_check, to: plan_done, on: approve}
  - {from: reviews, to: approved, on: join}
"""


def scenario(check: float, fire: float, plan: float, shares: dict[str, float],
             staff: int, cases: int) -> str:
    """A scenario with known truth: lognormal steps of the given means (sd = mean / 2)."""
    def lognormal(mean: float) -> str:
        return (f"{{dist: lognormal, mean: {mean}, sd: {mean / 2}, unit: working_hours, "
                "assumption: truth}")
    probabilities = ", ".join(f"{k}: {v}" for k, v in shares.items())
    return f"""\
format: 1
process: permit-fixture
assumption: test truth
start: 2025-01-06
arrivals: {{per_working_day: 3, assumption: truth}}
staff: {{desk: {{count: {staff}, assumption: truth}}}}
durations:
  check: {lognormal(check)}
  fix: {lognormal(8)}
  fire_check: {lognormal(fire)}
  plan_check: {lognormal(plan)}
branches:
  check: {{probabilities: {{{probabilities}}}, assumption: truth}}
cases: {cases}
replications: 1
seed: 7
"""


def lognormal_median_days(mean_hours: float) -> float:
    """A lognormal's median from its mean and sd (sd = mean / 2), in 8-hour working days."""
    return mean_hours / math.sqrt(1 + 0.25) / 8


def simulate_log(tmp_path: Path, text: str) -> tuple[Path, Path]:
    process = tmp_path / "permit-fixture.yaml"
    process.write_text(PROCESS, encoding="utf-8")
    truth = tmp_path / "truth.scenario.yaml"
    truth.write_text(text, encoding="utf-8")
    log = tmp_path / "log.csv"
    ran = CliRunner().invoke(main, ["simulate", str(process), "--scenario", str(truth),
                                    "--event-log", str(log), "--json"])
    assert ran.exit_code == 0, ran.output
    return process, log


LIMITED = """\
format: 1
id: limit-fixture
title: {zh: 时限示例, en: Limit fixture}
source: test fixture
calendar: weekly
limit: {working_days: 5, assumption: test}
departments:
  - {id: desk, name: {zh: 窗口, en: Desk}}
states:
  - {id: check, kind: task, department: desk, limit: {working_days: 2, assumption: test}}
  - {id: fix, kind: wait, clock: %s, assumption: test}
  - {id: decide, kind: task, department: desk, limit: {working_days: 2, assumption: test}}
  - {id: approved, kind: final, outcome: approved}
transitions:
  - {from: check, to: fix, on: request_fix}
  - {from: fix, to: decide, on: resubmit}
  - {from: decide, to: approved, on: approve}
"""
