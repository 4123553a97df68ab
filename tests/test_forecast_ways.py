"""The way on from a step the log shows done: drawn knowing the case is still open and
that nothing has happened since (``policy_kit.forecast.ways``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit.cli import main
from policy_kit.forecast.ways import survival_function
from policy_kit.simulate.distributions import Empirical, Exponential
from policy_kit.simulate.tails import Tail
from tests.calibrate_fixtures import PROCESS

SCENARIO = """\
format: 1
process: permit-fixture
assumption: test
start: 2025-01-06
arrivals: {per_working_day: 1, assumption: test}
durations:
  check: {dist: fixed, value: 8, unit: working_hours, assumption: test}
  fix: {dist: fixed, value: 8, unit: working_hours, assumption: test}
  fire_check: {dist: fixed, value: 40, unit: working_hours, assumption: test}
  plan_check: {dist: fixed, value: 160, unit: working_hours, assumption: test}
branches:
  check: {probabilities: {accept: %s, request_fix: %s, refuse: %s}, assumption: test}
cases: 5
replications: 1
seed: 7
"""

# B's check ended on 8 January; the log says nothing more about B by the 13th
LOG = ("case_id,activity,end\n"
       "A,check,2025-01-06T10:00:00+00:00\n"
       "A,fire_check,2025-01-07T10:00:00+00:00\n"
       "B,check,2025-01-08T10:00:00+00:00\n"
       "C,check,2025-01-20T10:00:00+00:00\n")


def forecast_b(tmp_path: Path, shares: tuple[float, float, float]) -> dict[str, object]:
    process = tmp_path / "permit-fixture.yaml"
    process.write_text(PROCESS, encoding="utf-8")
    scenario = tmp_path / "ways.scenario.yaml"
    scenario.write_text(SCENARIO % shares, encoding="utf-8")
    log = tmp_path / "completions.csv"
    log.write_text(LOG, encoding="utf-8")
    ran = CliRunner().invoke(main, ["forecast", str(process), "--log", str(log), "--as-of",
                                    "2025-01-13", "--scenario", str(scenario),
                                    "--replications", "40", "--json"])
    assert ran.exit_code == 0, ran.output
    case: dict[str, object] = {c["case"]: c for c in json.loads(ran.stdout)["cases"]}["B"]
    return case


def test_a_way_that_would_have_ended_the_case_is_not_taken_while_it_is_open(
        tmp_path: Path) -> None:
    # nine in ten checks refuse, which ends the case at once; B is still open five days
    # after its check, so it was not refused: it is in its reviews, since the 8th
    case = forecast_b(tmp_path, (0.1, 0, 0.9))
    assert case["outcomes"] == {"approved": 1.0}
    assert case["p10"] == case["p90"] == "2025-02-05"  # plan_check's 20 days from the 8th


def test_a_way_whose_next_step_would_have_ended_by_now_is_unlikely(tmp_path: Path) -> None:
    # half the checks ask for a fix, which takes one working day and would show in
    # the log by the 13th; nothing shows, so B went on to its reviews
    case = forecast_b(tmp_path, (0.5, 0.5, 0))
    assert case["p10"] == case["p90"] == "2025-02-05"


def test_every_way_past_what_it_can_last_falls_back_to_the_shares(tmp_path: Path) -> None:
    # only the fix is open and it would have ended: the log is at odds with the
    # scenario, and the way is drawn by its share as before, not refused
    case = forecast_b(tmp_path, (0, 1, 0))
    assert case["finish_probability"] == 1.0


def test_the_survival_of_a_table_and_its_tail() -> None:
    table = Empirical(dist="empirical", samples=(0.0, 0.0, 1.0, 2.0, 4.0),
                      unit="working_days")
    survival = survival_function(table)
    assert survival(0.0) == pytest.approx(0.6)  # the rows of 0 are done at once
    assert survival(2.0) == pytest.approx(0.2)
    assert 0.0 < survival(5.0) < survival(4.0) <= 0.2  # past the rows: no memory
    tailed = table.model_copy(update={"tail": Tail(above=2.0, share=0.25, shape=0.5,
                                                   scale=1.0)})
    tail_survival = survival_function(tailed)
    assert tail_survival(3.0) == pytest.approx(0.25 * (1 + 0.5 * 1.0) ** -2)
    exponential = survival_function(Exponential(dist="exponential", mean=2.0,
                                                unit="working_days"))
    assert exponential(2.0) == pytest.approx(0.3679, abs=1e-3)
