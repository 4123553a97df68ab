"""The seed's four other processes (Zhaoqing, Zhengzhou, Dalian, Kunshan): each file loads,
compiles, checks clean and draws; a walk reaches each outcome; Zhaoqing's same-day steps and its
announcement across National Day are dated right; Kunshan's plan ends in the seed's quarter; and
Dalian's scenario stays calibrated to the seed's 20 of 52 landed."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policy_kit import compile, load, walk
from policy_kit.check import check
from policy_kit.cli import main
from policy_kit.errors import UsageError
from policy_kit.render import build, run_dot, to_dot
from policy_kit.simulate import prepare, simulate
from policy_kit.simulate.stats import mean_interval

PROCESSES = Path(__file__).parent.parent / "processes"
IDS = ("zhaoqing-land-supply", "zhengzhou-quality-benchmark", "dalian-signed-project-pipeline",
       "kunshan-project-delivery")
DEFINITIONS = [PROCESSES / f"{i}.yaml" for i in IDS]
SCENARIOS = [PROCESSES / f"{i}.scenario.yaml" for i in IDS]


def _name(path: Path) -> str:
    return path.name


def json_of(runner: CliRunner, *args: str) -> dict[str, Any]:
    result = runner.invoke(main, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


# --- every file ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", DEFINITIONS, ids=_name)
def test_definition_loads_compiles_and_checks_clean(path: Path) -> None:
    definition = load(path)
    assert definition.id == path.stem
    assert compile(definition).events
    counted = [f"{f.code} {f.ids}: {f.text('en')}" for f in check(definition)
               if f.counts and f.severity in ("error", "warning")]
    assert counted == []


@pytest.mark.parametrize("path", DEFINITIONS, ids=_name)
def test_departments_attributes_and_stages_are_sourced_or_marked(path: Path) -> None:
    process = load(path).process
    assert process.source
    entities: list[Any] = [*process.departments, *process.certificates,
                           *process.attributes.values(), *process.stages]
    unmarked = [getattr(e, "id", "attribute") for e in entities
                if not (e.source or e.assumption)]
    assert unmarked == []


@pytest.mark.parametrize("path", SCENARIOS, ids=_name)
def test_scenario_loads_against_its_process(path: Path) -> None:
    definition = load(PROCESSES / path.name.replace(".scenario.yaml", ".yaml"))
    scenario = prepare(definition, path).scenario
    assert scenario.process == definition.id
    assert scenario.source or scenario.assumption


@pytest.mark.parametrize("path", DEFINITIONS, ids=_name)
def test_dot_draws_every_state_with_its_chinese_title(path: Path) -> None:
    definition = load(path)
    dot = to_dot(build(definition.structure, "zh"))
    assert definition.process.title.zh is not None
    assert definition.process.title.zh.replace('"', '\\"') in dot
    # a final state reached from several stages is drawn once beside each ("id@stage")
    missing = [s for s in definition.structure.places
               if not re.search(rf'(\b{s}|"{s}@\w+") \[', dot)]
    assert missing == []


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")
@pytest.mark.parametrize("path", DEFINITIONS[:1], ids=_name)
def test_real_dot_draws_an_svg(path: Path) -> None:
    svg = run_dot(to_dot(build(load(path).structure, "zh")), "svg").decode("utf-8")
    assert svg.lstrip().startswith("<?xml") and "拟定出让方案" in svg


# --- a walk to each outcome ----------------------------------------------------------------------

WALKS: list[tuple[str, dict[str, object], tuple[str, ...], str]] = [
    ("zhaoqing-land-supply", {}, (), "supplied"),
    ("zhaoqing-land-supply", {"conforms_to_plan": False}, (), "not_approved"),
    ("zhaoqing-land-supply", {"bidders": 0}, (), "unsold"),
    ("zhaoqing-land-supply", {"bid_meets_reserve": False}, (), "unsold"),
    ("zhaoqing-land-supply", {}, ("lapse",), "terminated"),
    ("zhengzhou-quality-benchmark", {}, (), "listed"),
    ("zhengzhou-quality-benchmark", {}, ("request_supplement", "resubmit"), "listed"),
    ("zhengzhou-quality-benchmark", {}, ("withdraw",), "withdrawn"),
    ("zhengzhou-quality-benchmark", {"quality_method": False}, (), "county_declined"),
    ("zhengzhou-quality-benchmark", {"serious_violation": True}, (), "county_declined"),
    ("zhengzhou-quality-benchmark", {}, ("decline",), "city_declined"),
    ("zhengzhou-quality-benchmark", {"expert_score": Decimal(79)}, (), "not_selected"),
    ("zhengzhou-quality-benchmark", {}, ("leave_out",), "not_selected"),
    ("zhengzhou-quality-benchmark", {}, ("objection", "uphold_objection"), "not_selected"),
    ("dalian-signed-project-pipeline", {}, (), "in_production"),
    ("dalian-signed-project-pipeline", {"needs_construction": False}, (), "in_production"),
    ("dalian-signed-project-pipeline", {}, ("stall", "drop_out"), "dropped_out"),
    ("dalian-signed-project-pipeline", {}, ("land", "drop_out"), "dropped_out"),
    ("dalian-signed-project-pipeline", {"investment_yi": Decimal("0.5")}, (), "not_major"),
    ("kunshan-project-delivery", {}, (), "in_production"),
    ("kunshan-project-delivery", {"special_fire_works": False}, (), "in_production"),
    ("kunshan-project-delivery", {}, ("request_rectification", "resubmit"), "in_production"),
    ("kunshan-project-delivery", {}, ("halt",), "halted"),
]


def _walk_id(case: tuple[str, dict[str, object], tuple[str, ...], str]) -> str:
    process, attributes, choose, outcome = case
    how = [f"{k}={v}" for k, v in attributes.items()] + list(choose)
    return f"{process.split('-')[0]}-{outcome}" + (f"[{','.join(how)}]" if how else "")


@pytest.mark.parametrize("case", WALKS, ids=[_walk_id(c) for c in WALKS])
def test_walk_reaches_the_outcome(
        case: tuple[str, dict[str, object], tuple[str, ...], str]) -> None:
    process, attributes, choose, outcome = case
    result = walk(compile(load(process)), attributes, choose)
    assert result.outcome == outcome


@pytest.mark.parametrize("process", IDS)
def test_the_walks_cover_every_outcome(process: str) -> None:
    declared = {p.state.outcome for p in load(process).structure.places.values()
                if p.state.outcome is not None}
    assert {c[3] for c in WALKS if c[0] == process} == declared


def test_dalian_stalls_at_most_twice() -> None:
    machine = compile(load("dalian-signed-project-pipeline"))
    twice = walk(machine, choose=("stall", "resume", "stall", "resume"))
    assert twice.outcome == "in_production"
    with pytest.raises(UsageError, match="--choose stall was never enabled"):
        walk(machine, choose=("stall", "resume", "stall", "resume", "stall"))


# --- Zhaoqing: same day, then natural days across National Day -----------------------------------

def _dates(data: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {s["state"]: (s["start"], s["end"]) for s in data["steps"]}


def test_zhaoqing_same_day_steps_and_the_announcement_across_national_day(
        runner: CliRunner) -> None:
    data = json_of(runner, "path", "zhaoqing-land-supply", "--start", "2023-09-28")
    dates = _dates(data)
    assert [s["state"] for s in data["steps"][:3]] == [
        "draft_plan", "land_review_meeting", "issue_minutes"]
    for state in ("draft_plan", "land_review_meeting", "issue_minutes"):
        assert dates[state] == ("2023-09-28", "2023-09-28")
    assert data["limits"][0] | {"scope": "stage"} == {
        "id": "same_day", "unit": "working_days", "limit": 0, "used": 0, "remaining": 0,
        "over": False, "scope": "stage"}
    # 20 natural days from 28 September, the holiday of 29 September - 6 October counted:
    # 18 October, a Wednesday (20 working days would end on 31 October).
    assert dates["sale_announcement"] == ("2023-09-28", "2023-10-18")
    # the listing's tenth day, Saturday 28 October, moves to Monday 30 October
    assert dates["listing"] == ("2023-10-18", "2023-10-30")
    # the deal is confirmed within a working day (31 October), then 10 working days
    assert dates["confirm_deal"] == ("2023-10-30", "2023-10-31")
    assert data["outcome"] == "supplied" and data["finish"] == "2023-11-14"


def test_zhaoqing_announcement_ending_in_the_holiday_moves_to_the_make_up_day(
        runner: CliRunner) -> None:
    data = json_of(runner, "path", "zhaoqing-land-supply", "--start", "2023-09-12")
    # 12 September + 20 days = 2 October, inside the holiday; the next working day is the
    # make-up Saturday 7 October, and the announcement uses exactly its 20 days
    announcement = next(s for s in data["steps"] if s["state"] == "sale_announcement")
    assert (announcement["start"], announcement["end"]) == ("2023-09-12", "2023-10-07")
    assert announcement["limits"]["task"]["used"] == 20
    assert announcement["limits"]["task"]["over"] is False


# --- Kunshan: groundbreaking December 2023, production in the fourth quarter of 2024 -------------

@pytest.mark.parametrize("basis", [(), ("--expected",)], ids=["promised", "expected"])
def test_kunshan_plan_ends_in_the_fourth_quarter_of_2024(
        runner: CliRunner, basis: tuple[str, ...]) -> None:
    data = json_of(runner, "path", "kunshan-project-delivery", "--start", "2023-12-29", *basis)
    assert _dates(data)["groundbreaking"] == ("2023-12-29", "2023-12-29")
    assert data["outcome"] == "in_production"
    assert "2024-10-01" <= data["finish"] <= "2024-12-31"


# --- Dalian: calibrated to 20 of 52 landed in the half year -------------------------------------

def test_dalian_scenario_tunes_exactly_one_documented_parameter() -> None:
    definition = load("dalian-signed-project-pipeline")
    scenario = prepare(definition).scenario
    marked = [name for name, d in scenario.durations.items()
              if "CALIBRATED" in (d.source or "") + (d.assumption or "")]
    assert marked == ["promote_landing"]
    assert scenario.horizon_days == 182
    assert sum(b.cases for b in scenario.arrivals.batches) == 52


def test_dalian_lands_about_20_of_52_in_the_half_year(runner: CliRunner) -> None:
    """100 replications, seed 1: the mean number landed lies within 20 ± 1.2.

    One replication's count has a standard deviation of about 3.5 landed projects, so the
    mean of 100 has one of about 0.35, and ±1.2 is 3.4 of them: another seed would break the
    bound about once in 2,000 runs, and with the fixed seed the test is deterministic. The
    bound fails if the calibrated mean time to landing (110 days: 20.3 here) moves by 15
    days either way (95 days: 22.3; 125 days: 18.7). The CLI's pooled share must agree with
    the replications' own counts.
    """
    model = prepare(load("dalian-signed-project-pipeline"))
    run = simulate(model, cases=52, replications=100, seed=1)
    landed = model.process.names.index("landed")
    counts = [float(t.reached[landed]) for t in run.tallies]
    mean, low, high = mean_interval(counts)
    assert 18.8 <= mean <= 21.2
    assert low is not None and high is not None and high - low < 2.0
    assert run.data["unfinished"]["horizon"] > 0, "the half-year horizon cuts the pipeline"
    data = json_of(runner, "simulate", "dalian-signed-project-pipeline", "--cases", "52",
                   "--replications", "100", "--seed", "1")
    assert data["states"]["landed"]["reached"] * 52 == pytest.approx(mean, abs=1e-3)
