"""Policy files: loading, the mistakes they can hold (with file:line:col), and the award
computation at its boundaries — thresholds, caps, budgets, ties, years."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_kit import Definition, load
from policy_kit.errors import DefinitionError
from policy_kit.policy import (
    Applicant,
    Policy,
    PolicyYearError,
    award_with,
    award_year,
    load_policy,
    read_policy,
)
from tests.policy_fixtures import tiny_policy, write_tiny


def firm(name: str, sales: str, kind: str = "a", score: int = 50,
         arrived: str = "2023-02-01") -> Applicant:
    return Applicant(name, {"sales": Decimal(sales), "kind": kind, "score": Decimal(score),
                            "arrived": dt.date.fromisoformat(arrived)})


def tiny(tmp_path: Path, **pieces: object) -> Policy:
    return read_policy(write_tiny(tmp_path, tiny_policy(**pieces)))  # type: ignore[arg-type]


# -- thresholds and caps ---------------------------------------------------------------


@pytest.mark.parametrize(("sales", "amount", "binds"), [
    ("99.99", "0.00", None),
    ("100", "50.00", False),          # exactly at the threshold: the rule applies
    ("800", "400.00", False),         # exactly at the cap: paid in full, the cap does not bind
    ("800.02", "400.00", True),       # one fen over: the cap binds
    ("333.33", "166.66", False),      # 166.665 rounded down to the fen
], ids=["below-threshold", "at-threshold", "at-cap", "over-cap", "sub-fen"])
def test_threshold_and_cap(tmp_path: Path, sales: str, amount: str,
                           binds: bool | None) -> None:
    result = award_year(tiny(tmp_path), [firm("甲公司", sales)], 2023)
    award = result.awards[0]
    assert award.amount == Decimal(amount)
    lines = award.entitlement.lines
    assert (lines[0].cap_binds if lines else None) is binds


def test_half_up_rounding_is_declared_in_the_file(tmp_path: Path) -> None:
    result = award_year(tiny(tmp_path, rounding="half_up"), [firm("甲公司", "333.33")], 2023)
    assert result.awards[0].amount == Decimal("166.67")


def test_firm_cap_binds(tmp_path: Path) -> None:
    result = award_year(tiny(tmp_path, firm_cap=True), [firm("甲公司", "700")], 2023)
    item = result.awards[0].entitlement
    assert item.lines[0].amount == Decimal("350.00")
    assert item.amount == Decimal("300.00") and item.firm_cap_binds


def test_no_eligible_applicant(tmp_path: Path) -> None:
    result = award_year(tiny(tmp_path), [firm("乙公司", "500", "b"), firm("丙公司", "600", "b")],
                        2023)
    assert result.total == 0 and result.left == Decimal(1000)
    assert [a.entitlement.failed for a in result.awards] == [("kind_a",), ("kind_a",)]
    assert all(a.share is None for a in result.awards)


def test_no_applicant_at_all(tmp_path: Path) -> None:
    result = award_year(tiny(tmp_path), [], 2023)
    assert result.total == 0 and result.awards == ()


# -- the budget ------------------------------------------------------------------------


def test_budget_exhausted_exactly_pays_in_full(tmp_path: Path) -> None:
    applicants = [firm("甲", "800"), firm("乙", "800"), firm("丙", "400")]  # 400 + 400 + 200
    result = award_year(tiny(tmp_path), applicants, 2023)
    assert result.demand == result.budget == result.total == Decimal(1000)
    assert result.left == 0 and not result.scaled
    assert [a.amount for a in result.awards] == [400, 400, 200]


def test_budget_one_fen_short_scales_and_still_adds_up(tmp_path: Path) -> None:
    applicants = [firm("甲", "800"), firm("乙", "800"), firm("丙", "400")]
    result = award_year(tiny(tmp_path, budget="999.99"), applicants, 2023)
    assert result.scaled and result.total == Decimal("999.99")
    assert sum(a.amount for a in result.awards) == result.total
    assert [a.amount for a in result.awards] == [Decimal("400.00"), Decimal("399.99"),
                                                 Decimal("200.00")]
    assert [a.share.extra_fen for a in result.awards if a.share] == [True, False, True]


def test_ties_in_rank_share_what_is_left(tmp_path: Path) -> None:
    applicants = [firm("甲", "800", score=90), firm("乙", "800", score=80),
                  firm("丙", "400", score=80), firm("丁", "800", score=70)]
    result = award_year(tiny(tmp_path, budget="700", method="rank", by="score"), applicants,
                        2023)
    assert [a.amount for a in result.awards] == [400, 200, 100, 0]
    assert [a.share.group for a in result.awards if a.share] == [0, 1, 1, 2]


def test_first_come_pays_the_earliest(tmp_path: Path) -> None:
    applicants = [firm("晚", "800", arrived="2023-03-01"), firm("早", "800",
                                                               arrived="2023-02-01")]
    result = award_year(tiny(tmp_path, budget="500", method="first_come", by="arrived"),
                        applicants, 2023)
    assert [a.amount for a in result.awards] == [100, 400]


def test_parameters_are_versioned_by_year(tmp_path: Path) -> None:
    policy = tiny(tmp_path)
    result = award_year(policy, [firm("甲", "800"), firm("乙", "800")], 2024)
    assert result.budget == 300 and result.total == 300
    assert result.parameters.periods["budget"].reference.clause == "第一条(修订)"


def test_year_without_parameters_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyYearError, match=r"no parameters for 2022:\n.*tiny.policy.yaml:"
                                              r"10:5: `budget` is set for 2023, 2024– only\n"
                                              r".*tiny.policy.yaml:15:5: `rate`, `cap`, "
                                              r"`threshold` are set for 2023– only"):
        award_year(tiny(tmp_path), [firm("甲", "800")], 2022)


@pytest.fixture(scope="module")
def capped(tmp_path_factory: pytest.TempPathFactory) -> Policy:
    return tiny(tmp_path_factory.mktemp("capped"), firm_cap=True)


@settings(max_examples=60, deadline=None)
@given(sales=st.lists(st.decimals(min_value=0, max_value=2000, places=2), max_size=12),
       budget=st.decimals(min_value=0, max_value=3000, places=2))
def test_no_award_exceeds_its_caps(capped: Policy, sales: list[Decimal],
                                   budget: Decimal) -> None:
    parameters = replace(capped.parameters(2023), budget=budget)
    applicants = [firm(f"firm{i}", str(s)) for i, s in enumerate(sales)]
    result = award_with(capped, parameters, applicants)
    assert result.total <= result.budget
    for award in result.awards:
        item = award.entitlement
        for line in item.lines:
            assert line.cap is not None
            assert line.amount <= min(line.raw, line.cap)
        assert item.firm_cap is not None and item.amount <= item.firm_cap
        assert award.amount <= item.amount


# -- mistakes in a policy file ---------------------------------------------------------


@pytest.mark.parametrize(("pieces", "message"), [
    ({"when": "salse >= threshold"}, r"tiny.policy.yaml:30:11: unknown name `salse`.*"
                                     r"did you mean `sales`"),
    ({"amount": '__import__("os")'}, r"tiny.policy.yaml:31:13: calls are limited to min, max, "
                                     r"abs, done"),
    ({"amount": "sales if kind else 0"}, r"tiny.policy.yaml:31:19: conditional expressions"),
    ({"amount": "sales.real"}, r"tiny.policy.yaml:31:18: attribute access is not allowed"),
    ({"amount": "sales * 0.5"}, r"tiny.policy.yaml:31:21: bare number 0.5 in a rule.*"
                                r"declare it under `parameters`"),
    ({"when": "sales"}, r"tiny.policy.yaml:30:11: a guard must be true or false"),
    ({"amount": 'kind == "a"'}, r"tiny.policy.yaml:31:13: expected a number"),
    ({"method": "rank"}, r"tiny.policy.yaml:34:13: .*`rank` needs `by`"),
    ({"method": "rank", "by": "kind"}, r"`kind` is a choice of .*orders applicants by a number"),
    ({"method": "rank", "by": "arrived"}, r"`arrived` is a date"),
], ids=["unknown-name", "unsafe-call", "if-else", "attribute-access", "bare-number",
        "guard-not-bool", "formula-not-number", "rank-without-by", "rank-by-enum",
        "rank-by-date"])
def test_bad_rules_are_located(tmp_path: Path, pieces: dict[str, str], message: str) -> None:
    with pytest.raises(DefinitionError, match="(?s)" + message):
        tiny(tmp_path, **pieces)


@pytest.mark.parametrize(("edit", "message"), [
    (("doc: rules, clause: 第二条}}]\n  cap", "doc: rulez, clause: 第二条}}]\n  cap"),
     r"unknown document `rulez`.*did you mean `rules`"),
    (("  threshold:\n", "  sales:\n"), r"parameter `sales` has the name of an attribute"),
    (("{from: 2024, value: 300", "{from: 2023, value: 300"),
     r"`budget`: the period from 2023 overlaps"),
    (("process: tiny", "process: other"), r"this policy is for `other`, not `tiny`"),
    (("    cap: cap\n", "    cap: cap\n    bonus: 1\n"), r"unknown key `bonus`"),
    (("budget: budget\neligibility", "budget: budgte\neligibility"),
     r"unknown parameter `budgte`"),
    (("until: 2023,", "until: 2021,"), r"`until` \(2021\) is before `from` \(2023\)"),
], ids=["unknown-doc", "parameter-shadows-attribute", "overlapping-periods",
        "wrong-process", "unknown-key", "unknown-budget", "until-before-from"])
def test_bad_files_are_located(tmp_path: Path, edit: tuple[str, str], message: str) -> None:
    text = tiny_policy()
    assert edit[0] in text
    path = write_tiny(tmp_path, text.replace(edit[0], edit[1], 1))
    with pytest.raises(DefinitionError, match=r"(?s)tiny.policy.yaml:\d+:\d+: .*" + message):
        read_policy(path, _tiny_definition(tmp_path))


def _tiny_definition(folder: Path) -> Definition:
    return load(folder / "tiny.yaml")


def test_a_process_without_a_policy(tmp_path: Path) -> None:
    write_tiny(tmp_path).unlink()
    with pytest.raises(DefinitionError, match=r"process `tiny` has no policy file"):
        load_policy(tmp_path / "tiny.yaml")


def test_policy_file_as_spec_finds_its_process(tmp_path: Path) -> None:
    policy = load_policy(write_tiny(tmp_path))
    assert policy.definition.id == "tiny" and len(policy.digest) == 64


def test_plain_int_values_count_as_numbers(tmp_path: Path) -> None:
    applicant = Applicant("甲", {"sales": 800, "kind": "a"})  # type: ignore[dict-item]
    assert award_year(tiny(tmp_path), [applicant], 2023).total == Decimal("400.00")
