"""Tests for policy_kit.schedule.explain: why each guard held or failed, and what it read."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from policy_kit.loader import load
from policy_kit.machine import compile
from policy_kit.schedule import GuardCheck, explain_walk
from policy_kit.walker import walk
from tests.conftest import MINIMAL

FIXTURES = Path(__file__).parent / "fixtures"


def explained(spec: str | Path, choose: tuple[str, ...] = (),
              **attributes: object) -> list[dict[str, GuardCheck]]:
    machine = compile(load(spec))
    result = walk(machine, attributes, choose)
    return [{c.move.trigger: c for c in checks} for checks in explain_walk(machine, result)]


def test_each_way_out_is_explained_with_the_values_read() -> None:
    steps = explained("xianyang-culture-subsidy")
    review = steps[1]
    assert set(review) == {"pass", "request_supplement", "reject"}
    passed, other, reject = review["pass"], review["request_supplement"], review["reject"]
    assert (passed.taken, passed.enabled, passed.holds) == (True, True, True)
    assert passed.reason == "taken: its guard holds"
    assert (other.taken, other.enabled) == (False, True)
    assert "the walk took another way" in other.reason
    assert (reject.taken, reject.enabled, reject.holds) == (False, False, False)
    assert reject.reason == "not taken: its guard is false"
    assert dict(reject.read) == {"registered_in_zone": True, "sector": "film_tv_media"}


def test_sub_expressions_carry_their_own_values() -> None:
    reject = explained("xianyang-culture-subsidy")[1]["reject"]
    tree = reject.tree
    assert tree is not None
    assert tree.text == 'not registered_in_zone or sector == "other"'
    assert (tree.value, tree.logic) == (False, "or")
    negation, comparison = tree.parts
    assert (negation.text, negation.value, negation.logic) == ("not registered_in_zone",
                                                               False, "not")
    assert negation.parts[0].value is True
    assert (comparison.text, comparison.value, comparison.logic) == ('sector == "other"',
                                                                     False, None)
    assert [p.value for p in comparison.parts] == ["film_tv_media"]


def test_a_failed_numeric_guard_shows_the_number_it_read() -> None:
    decline = explained("xianyang-culture-subsidy", expert_score=40)[2]["decline"]
    assert decline.taken
    assert dict(decline.read) == {"expert_score": Decimal(40)}
    assert decline.tree is not None and decline.tree.parts[0].value == Decimal(40)


def test_no_guard_is_no_condition() -> None:
    submit = explained("xianyang-culture-subsidy")[0]["submit"]
    assert submit.tree is None and submit.holds
    assert submit.reason == "taken: no condition"
    assert dict(submit.read) == {}


def test_exhausted_rounds_are_named() -> None:
    steps = explained(FIXTURES / "dated.yaml", choose=("request_correction",))
    again = steps[2]["request_correction"]
    assert again.holds and not again.enabled and not again.taken
    assert "`correction` was entered 1 time(s) and allows 1 (max_rounds)" in again.reason


def test_done_answers_are_reported() -> None:
    steps = explained(FIXTURES / "parallel.yaml")
    plan = next(s for s in steps if "approve" in s and s["approve"].move.region ==
                "plan_review")["approve"]
    assert dict(plan.done) == {"fire_check": True}
    assert plan.tree is not None and plan.tree.value is True


def test_a_sub_expression_that_cannot_be_computed_is_reported(
        write: Callable[[str, str], Path]) -> None:
    text = MINIMAL.replace("when: amount >= 5", "when: amount > 0 and 100 / amount > 1") \
        .replace("when: amount < 5", "when: amount == 0")
    approve = explained(write(text, "div.yaml"), amount=0)[0]["approve"]
    assert approve.tree is not None
    assert approve.tree.value is False  # `and` stops at `amount > 0`
    division = approve.tree.parts[1]
    assert division.value is None
    assert division.error == "division by zero"
