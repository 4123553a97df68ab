"""The typed API's results are the commands' JSON: for each command, ``--json`` prints
exactly ``model_dump(mode="json")`` of the function the command calls (same keys, same
order, same values), and the models are frozen and typed."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import BaseModel, ValidationError

from policy_kit.api import (
    AwardResult,
    CheckResult,
    CompareResult,
    PathResult,
    SimulateResult,
    award,
    check,
    compare,
    explain_award,
    path,
    simulate,
)
from policy_kit.cli import main
from policy_kit.errors import DefinitionError, UsageError
from policy_kit.jsontext import to_json

CHECKS = Path(__file__).parent / "checks"
PROCESSES = Path(__file__).parent.parent / "processes"


def _printed(runner: CliRunner, args: list[str], code: int = 0) -> str:
    result = runner.invoke(main, args)
    assert result.exit_code == code, result.output
    return result.stdout


def _same(printed: str, model: BaseModel) -> None:
    """Key for key and in the same order: the printed text is the dump's text."""
    assert printed == to_json(model.model_dump(mode="json")) + "\n"


@pytest.mark.parametrize(("spec", "lang"), [
    pytest.param("jining-construction-start", "zh", id="jining-zh"),
    pytest.param(str(CHECKS / "pk302-guard-overlap.yaml"), "en", id="overlap-en"),
    pytest.param(str(CHECKS / "pk301-guard-gap.yaml"), "zh", id="gap-counterexample"),
    pytest.param(str(PROCESSES / "xianyang-culture-subsidy.policy.yaml"), "en", id="policy"),
])
def test_check_is_validate_json(runner: CliRunner, spec: str, lang: str) -> None:
    result = check(spec, lang=lang)
    _same(_printed(runner, ["validate", spec, "--json", "--lang", lang],
                   1 if result.errors else 0), result)
    assert isinstance(result, CheckResult)


def test_check_reports_a_broken_file_instead_of_raising(write: Callable[..., Path]) -> None:
    result = check(write("format: 1\nid: x\n"), lang="en")
    assert not result.ok and result.errors[0].code == "PK002"
    assert result.errors[0].line >= 1


def test_check_results_are_typed() -> None:
    findings = check(CHECKS / "pk301-guard-gap.yaml", lang="en").findings
    [finding] = [f for f in findings if f.code == "PK301"]
    assert finding.code == "PK301" and finding.counts and finding.line == 9
    assert finding.counterexample is not None and finding.counterexample.start == ("check",)


@pytest.mark.parametrize(("args", "kwargs"), [
    pytest.param(["xianyang-culture-subsidy"], {}, id="undated-with-award"),
    pytest.param(["xianyang-culture-subsidy", "--start", "2024-02-19"],
                 {"start": dt.date(2024, 2, 19)}, id="dated"),
    pytest.param(["jining-construction-start", "--start", "2024-02-19", "--explain"],
                 {"start": dt.date(2024, 2, 19), "explain": True}, id="dated-explained"),
    pytest.param(["xianyang-culture-subsidy", "--start", "2024-02-19", "--expected"],
                 {"start": dt.date(2024, 2, 19), "expected": True}, id="expected"),
    pytest.param(["xianyang-culture-subsidy", "--start", "2031-02-19"],
                 {"start": dt.date(2031, 2, 19)}, id="award-year-not-covered"),
    pytest.param(["xianyang-culture-subsidy", "--choose", "request_supplement", "--set",
                  "sector=animation_games"],
                 {"choose": ["request_supplement"], "attributes": {"sector": "animation_games"}},
                 id="chosen"),
])
def test_path_is_path_json(runner: CliRunner, args: list[str],
                           kwargs: dict[str, object]) -> None:
    result = path(args[0], **kwargs)  # type: ignore[arg-type]
    _same(_printed(runner, ["path", *args, "--json"]), result)


def test_a_stuck_walk_is_a_result(runner: CliRunner) -> None:
    spec = str(CHECKS / "pk301-guard-gap.yaml")
    result = path(spec, attributes={"amount": 7})
    assert result.stuck and result.stuck_at == ("check",) and result.outcome is None
    _same(_printed(runner, ["path", spec, "--set", "amount=7", "--json"], 1), result)


def test_path_results_are_typed() -> None:
    result = path("xianyang-culture-subsidy", start=dt.date(2024, 2, 19))
    assert result.start == dt.date(2024, 2, 19) and isinstance(result.finish, dt.date)
    assert result.award is not None and result.award.amount == Decimal("500000.00")
    step = result.steps[0]
    assert step.duration is not None and step.duration.unit == "natural_days"
    assert step.guards is None and "guards" not in step.model_dump(mode="json")
    undated = path("xianyang-culture-subsidy").model_dump(mode="json")
    assert "start" not in undated and "start" not in undated["steps"][0]


def test_simulate_is_simulate_json(runner: CliRunner) -> None:
    result = simulate("xianyang-culture-subsidy", cases=60, replications=2, seed=3)
    _same(_printed(runner, ["simulate", "xianyang-culture-subsidy", "--cases", "60",
                            "--replications", "2", "--seed", "3", "--json"]), result)
    assert isinstance(result, SimulateResult) and result.arrived == 120
    assert result.transitions[0].source == "submission"
    assert result.model_dump(mode="json")["transitions"][0]["from"] == "submission"
    assert sum(v or 0 for v in result.outcomes.values()) == pytest.approx(1)


def test_simulate_reports_progress() -> None:
    seen: list[tuple[int, int]] = []
    simulate("xianyang-culture-subsidy", cases=1000, replications=1, warmup=0,
             progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1000, 1000)]  # told every thousand cases


def test_compare_is_compare_json(runner: CliRunner) -> None:
    result = compare("xianyang-culture-subsidy", staff={"culture_office": 3}, cases=30,
                     replications=2, seed=2, lang="en")
    _same(_printed(runner, ["compare", "xianyang-culture-subsidy", "--staff",
                            "culture_office=3", "--cases", "30", "--replications", "2",
                            "--seed", "2", "--json", "--lang", "en"]), result)
    assert isinstance(result, CompareResult)
    row = result.difference["cycle_time.government.mean"]
    assert row.verdict in (None, "B higher", "B lower") and row.a is not None


def test_compare_takes_durations_as_mappings() -> None:
    result = compare("xianyang-culture-subsidy", cases=20, replications=2,
                     durations={"preliminary_review": {"dist": "fixed", "value": 1}})
    assert result.b.scenario.endswith("(changed)")


def test_compare_without_b_or_a_change_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="give B, or a change for B"):
        compare("xianyang-culture-subsidy")


def test_award_is_award_json(runner: CliRunner) -> None:
    result = award("xianyang-culture-subsidy")
    _same(_printed(runner, ["award", "xianyang-culture-subsidy", "--json"]), result)
    assert isinstance(result, AwardResult)
    assert sum(a.amount for a in result.awards) == result.total
    assert all(isinstance(a.amount, Decimal) for a in result.awards)


def test_award_of_a_process_without_policy_is_a_definition_error() -> None:
    with pytest.raises(DefinitionError, match="policy"):
        award("jining-construction-start")


def test_results_are_frozen_and_refuse_unknown_keys() -> None:
    result = path("xianyang-culture-subsidy")
    with pytest.raises(ValidationError, match="frozen"):
        result.outcome = "rejected"  # type: ignore[misc]
    data = result.model_dump(mode="json") | {"surprise": 1}
    with pytest.raises(ValidationError, match="surprise"):
        PathResult.model_validate(data)


def test_a_dump_reads_back_as_the_same_result() -> None:
    result = simulate("xianyang-culture-subsidy", cases=20, replications=1)
    again = SimulateResult.model_validate(json.loads(to_json(result.model_dump(mode="json"))))
    assert again == result


@pytest.mark.parametrize("firm", ["陕西西创互娱科技有限公司", "陕西聚影光年影视文化传媒有限公司"])
def test_explain_award_is_award_explain_json(runner: CliRunner, firm: str) -> None:
    result = explain_award("xianyang-culture-subsidy", firm)
    _same(_printed(runner, ["award", "xianyang-culture-subsidy", "--explain", firm, "--json"]),
          result)
    assert result.applicant.name == firm and result.trace_format == 1
    paid = [r for r in result.rewards if r.applies]
    assert all(r.amount is not None for r in paid)
    assert all(r.amount is None and "amount" not in r.model_dump(mode="json")
               for r in result.rewards if not r.applies)
    assert result.amount == award("xianyang-culture-subsidy").awards[
        [a.applicant for a in award("xianyang-culture-subsidy").awards].index(firm)].amount


def test_explaining_an_unknown_firm_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        explain_award("xianyang-culture-subsidy", "no such firm")


def test_award_json_of_many_varied_applicants_is_the_models_dump(
        runner: CliRunner, tmp_path: Path) -> None:
    """``award --json`` writes its report without building the models (200,000 of them
    cost 8 s and 1 GB): every kind of row (eligible or not, capped, illustrative, noted,
    scaled by the budget) must still print exactly the model's dump."""
    bundled = (PROCESSES / "xianyang-culture-subsidy.applicants-2023.csv").read_text(
        encoding="utf-8").splitlines()
    header, rows = bundled[0], bundled[1:]
    copies = [f"{name}-{copy},{rest}" for copy in range(40)
              for name, rest in (row.split(",", 1) for row in rows)]
    copies.append(copies[0].replace("-0,", "-plain,", 1).replace(",true,", ",false,", 1))
    path = tmp_path / "many.csv"
    path.write_text("\n".join([header, *copies]) + "\n", encoding="utf-8")
    result = award("xianyang-culture-subsidy", year=2023, applicants=path)
    _same(_printed(runner, ["award", "xianyang-culture-subsidy", "--year", "2023",
                            "--applicants", str(path), "--json"]), result)
    assert result.allocation.budget_binds
    assert {a.eligible for a in result.awards} == {True, False}
    assert {a.illustrative for a in result.awards} == {True, False}
