"""The compiled transitions machine: walks, parallel joins, scoped triggers, bounded rounds."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_kit import UsageError, WalkError, compile, load, walk

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def parallel():  # type: ignore[no-untyped-def]
    return compile(load(FIXTURES / "parallel.yaml"))


@pytest.fixture(scope="module")
def subsidy():  # type: ignore[no-untyped-def]
    return compile(load("xianyang-culture-subsidy"))


def test_join_waits_for_every_region(parallel) -> None:  # type: ignore[no-untyped-def]
    application = parallel.start()
    application.fire("accept")
    assert application.states == ("fire_check", "plan_check")
    assert "join" not in application.triggers()
    application.fire("fire_review.approve")
    assert application.states == ("fire_done", "plan_check")
    assert "join" not in application.triggers()
    application.fire("plan_review.approve")
    assert application.states == ("fire_done", "plan_done")
    assert application.triggers() == ("join",)
    application.fire("join")
    assert application.states == ("decide",)


def test_trigger_of_one_region_never_moves_another(parallel) -> None:  # type: ignore[no-untyped-def]
    application = parallel.start()
    application.fire("accept")
    application.fire("plan_review.request_correction")
    assert application.states == ("fire_check", "plan_wait")
    application.fire("approve")  # only the fire review can approve now
    assert application.states == ("fire_done", "plan_wait")


def test_ambiguous_trigger_asks_for_a_region(tmp_path: Path) -> None:
    text = (FIXTURES / "parallel.yaml").read_text(encoding="utf-8")
    path = tmp_path / "p.yaml"
    path.write_text(text.replace(", when: done(fire_check)", ""), encoding="utf-8")
    application = compile(load(path)).start()
    application.fire("accept")
    assert application.triggers()[:3] == ("fire_review.approve", "fire_review.reject",
                                          "plan_review.approve")
    with pytest.raises(UsageError, match=r"enabled in several regions: fire_review.approve, "
                                         r"plan_review.approve; name one"):
        application.fire("approve")


def test_done_guard_across_regions(parallel) -> None:  # type: ignore[no-untyped-def]
    application = parallel.start()
    application.fire("accept")
    assert "plan_review.approve" not in application.triggers()
    application.fire("fire_review.approve")
    assert "plan_review.approve" in application.triggers()


def test_correction_rounds_are_bounded(parallel) -> None:  # type: ignore[no-untyped-def]
    application = parallel.start()
    application.fire("accept")
    application.fire("plan_review.request_correction")
    application.fire("plan_review.resubmit")
    assert "plan_review.request_correction" not in application.triggers()


def test_rejection_in_a_region_leaves_the_whole_stage(parallel) -> None:  # type: ignore[no-untyped-def]
    application = parallel.start()
    application.fire("accept")
    application.fire("fire_review.reject")
    assert application.states == ("rejected",)
    assert application.outcome == "rejected"


def test_default_walk_of_the_fixture(parallel) -> None:  # type: ignore[no-untyped-def]
    result = walk(parallel)
    assert result.outcome == "approved"
    assert result.certificates == ("permit",)
    assert [s.trigger for s in result.steps] == ["accept", "approve", "approve", "join", "grant"]


def test_guard_reads_attributes(parallel) -> None:  # type: ignore[no-untyped-def]
    assert walk(parallel, {"risky": True}).outcome == "rejected"


def test_unknown_trigger_is_a_clear_error(parallel) -> None:  # type: ignore[no-untyped-def]
    application = parallel.start()
    with pytest.raises(WalkError, match=r"`approve` is not enabled in receive; enabled: accept"):
        application.fire("approve")


@pytest.mark.parametrize(
    ("attributes", "choices", "outcome", "certificates"),
    [
        ({}, (), "paid", ("award_decision",)),
        ({"sector": "other"}, (), "rejected", ()),
        ({"registered_in_zone": False}, (), "rejected", ()),
        ({"expert_score": 59}, (), "rejected", ()),
        ({}, ("withdraw",), "withdrawn", ()),
        ({}, ("request_supplement", "withdraw"), "withdrawn", ()),
        ({}, ("request_supplement", "expire"), "withdrawn", ()),
        ({}, ("objection", "uphold_objection"), "rejected", ()),
        ({}, ("objection", "dismiss_objection"), "paid", ("award_decision",)),
        ({}, ("request_supplement", "resubmit", "request_supplement", "resubmit"), "paid",
         ("award_decision",)),
    ],
    ids=["default-paid", "ineligible-sector", "not-in-zone", "low-score", "withdraw-early",
         "withdraw-in-supplement", "supplement-expires", "objection-upheld",
         "objection-dismissed", "two-supplement-rounds"],
)
def test_subsidy_outcomes(subsidy, attributes, choices, outcome, certificates) -> None:  # type: ignore[no-untyped-def]
    result = walk(subsidy, attributes, choices)
    assert result.outcome == outcome
    assert result.certificates == certificates


def test_third_supplement_round_is_refused(subsidy) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match="--choose request_supplement was never enabled"):
        walk(subsidy, {}, ("request_supplement", "resubmit") * 3)


def test_attribute_outside_domain(subsidy) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match="outside its domain"):
        walk(subsidy, {"expert_score": 101})


def test_underscored_ids_survive_the_machine(subsidy) -> None:  # type: ignore[no-untyped-def]
    result = walk(subsidy)
    assert result.steps[1].source == "preliminary_review"
    assert result.steps[1].stage == "preliminary"


def test_self_loop_in_a_region_beside_a_finished_region(tmp_path: Path) -> None:
    """transitions 0.9.3 crashed here ('scoped_enter') when region finals were marked final."""
    text = (FIXTURES / "parallel.yaml").read_text(encoding="utf-8").replace(
        "{from: fire_check, to: rejected, on: reject}",
        "{from: fire_check, to: rejected, on: reject}\n  - {from: fire_check, to: fire_check, "
        "on: remind}").replace("when: done(fire_check), ", "")
    path = tmp_path / "loop.yaml"
    path.write_text(text, encoding="utf-8")
    application = compile(load(path)).start()
    application.fire("accept")
    application.fire("plan_review.approve")
    application.fire("fire_review.remind")
    assert application.states == ("fire_check", "plan_done")


def test_shadowed_move_is_not_listed(tmp_path: Path) -> None:
    """Two open ways on one trigger: the first in the file fires, so only it is enabled."""
    text = (FIXTURES / "parallel.yaml").read_text(encoding="utf-8").replace(
        "{from: receive, to: reviews, on: accept}",
        "{from: receive, to: reviews, on: accept}\n  - {from: receive, to: rejected, on: accept}")
    path = tmp_path / "shadow.yaml"
    path.write_text(text, encoding="utf-8")
    application = compile(load(path)).start()
    assert [m.target for m in application.enabled()] == ["reviews"]
    application.fire("accept")
    assert application.states == ("fire_check", "plan_check")
