"""The bundled policy: every bundled policy file loads, every rule is cited, and the 2023
example reproduces the published outcome (3 firms paid, 1,100,000 yuan in total)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from policy_kit import load
from policy_kit.policy import (
    Policy,
    applicant_files,
    award_for,
    award_year,
    load_policy,
    needed_columns,
    read_applicants,
    read_policy,
)

PROCESSES = Path(__file__).parent.parent / "processes"
POLICIES = sorted(PROCESSES.glob("*.policy.yaml"))


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.name)
def test_bundled_policy_loads_and_cites_every_rule(path: Path) -> None:
    policy = read_policy(path)
    assert policy.id == path.name.removesuffix(".policy.yaml")
    assert policy.file.allocation.reference or policy.file.allocation.assumption
    for reward in policy.file.rewards:
        assert reward.reference.doc in policy.file.references, reward.id


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.name)
def test_bundled_applicants_load(path: Path) -> None:
    policy = read_policy(path)
    for year, file in applicant_files(policy).items():
        applicants = read_applicants(file, policy.definition.process, needed_columns(policy))
        assert award_year(policy, applicants.rows, year, applicants).total <= policy.parameters(
            year).budget


@pytest.fixture(scope="module")
def xianyang() -> Policy:
    return load_policy("xianyang-culture-subsidy")


def test_every_xianyang_reward_comes_from_the_notice(xianyang: Policy) -> None:
    assert {r.reference.doc for r in xianyang.file.rewards} == {"notice"}
    assert xianyang.file.references["notice"].url
    assert xianyang.parameters(2023).budget == Decimal(20_000_000)


def test_2023_reproduces_the_published_outcome(xianyang: Policy) -> None:
    file = applicant_files(xianyang)[2023]
    applicants = read_applicants(file, xianyang.definition.process, needed_columns(xianyang))
    result = award_year(xianyang, applicants.rows, 2023, applicants)
    paid = [a for a in result.awards if a.amount > 0]
    assert len(paid) == 3 and result.total == Decimal("1100000.00")
    assert {a.name for a in paid} == {"陕西聚影光年影视文化传媒有限公司",
                                      "陕西西创互娱科技有限公司", "陕西三木成林传媒有限公司"}
    assert all("illustrative" in a.entitlement.applicant.note for a in paid)
    unpaid = [a.entitlement for a in result.awards if a.amount == 0]
    reasons = [item.failed or ("no reward applies",) for item in unpaid]
    assert len(unpaid) >= 3 and len(set(reasons)) == len(reasons), "each for a different reason"
    assert ("no reward applies",) in reasons


def test_award_for_one_application() -> None:
    definition = load("xianyang-culture-subsidy")
    award = award_for(definition, {}, 2023)   # the process's examples
    assert award is not None and award.amount == Decimal("500000.00")
    assert [line.reward.spec.id for line in award.entitlement.lines] == ["capital_medium"]
    none = award_for(definition, {"sector": "other"}, 2023)
    assert none is not None and none.amount == 0 and none.entitlement.failed == ("sector",)


def test_award_for_a_process_without_policy(tmp_path: Path) -> None:
    from tests.policy_fixtures import write_tiny

    write_tiny(tmp_path).unlink()
    assert award_for(load(tmp_path / "tiny.yaml"), {}, 2023) is None
