"""The public API: every name in ``policy_kit.__all__`` resolves, and nothing else leaks."""

from __future__ import annotations

import pytest

import policy_kit


@pytest.mark.parametrize("name", policy_kit.__all__)
def test_public_name_resolves(name: str) -> None:
    assert getattr(policy_kit, name) is not None


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        policy_kit.nope  # noqa: B018


def test_api_round_trip() -> None:
    machine = policy_kit.compile(policy_kit.load("xianyang-culture-subsidy"))
    application = machine.start({"sector": "animation_games"})
    application.fire("submit")
    assert application.triggers() == ("pass", "request_supplement")
    result = policy_kit.walk(machine, choose=["objection", "dismiss_objection"])
    assert result.outcome == "paid"
    assert [s.trigger for s in result.steps][3:5] == ["objection", "dismiss_objection"]
