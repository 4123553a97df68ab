"""Case columns named as the process's attributes decide its guards during replay;
without them a guard could hold. Zhaoqing's land review meeting approves when
`conforms_to_plan` and rejects when not; its listing sells when `bidders >= 1 and
bid_meets_reserve`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit.cli import main

PROCESS = "zhaoqing-land-supply"
APPROVED = ["draft_plan", "land_review_meeting", "issue_minutes"]


def _log(tmp_path: Path, header: str, cases: dict[str, tuple[str, list[str]]]) -> Path:
    rows = [f"case_id,activity,end,{header}"]
    for case, (value, steps) in cases.items():
        rows += [f"{case},{step},2024-03-0{i + 1}T10:00:00+08:00,{value}"
                 for i, step in enumerate(steps)]
    path = tmp_path / "guarded.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _cases(log: Path) -> tuple[dict[str, dict[str, object]], dict[str, object]]:
    result = CliRunner().invoke(main, ["conform", PROCESS, "--log", str(log), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    return {c["case"]: c for c in data["cases"]}, data["summary"]


@pytest.mark.parametrize("header", ["conforms_to_plan", "case:conforms_to_plan"])
def test_a_case_column_decides_the_guard(tmp_path: Path, header: str) -> None:
    cases, _ = _cases(_log(tmp_path, header, {
        "conforming": ("true", APPROVED), "not-conforming": ("false", APPROVED),
        "unknown": ("", APPROVED), "rejected": ("false", APPROVED[:2])}))
    assert cases["conforming"]["deviations"] == []
    assert cases["unknown"]["deviations"] == []  # no value: the guard could hold
    assert cases["rejected"]["deviations"] == []
    assert cases["rejected"]["outcome"] == "not_approved" and cases["rejected"]["finished"]
    # the meeting could not approve a plan that does not conform: the minutes are extra
    deviations = cases["not-conforming"]["deviations"]
    assert [(d["activity"], d["position"]) for d in deviations] == [("issue_minutes", 2)]
    assert deviations[0]["kind"] in ("unexpected", "after_end")


def test_without_the_column_every_guard_could_hold(tmp_path: Path) -> None:
    cases, _ = _cases(_log(tmp_path, "other", {"a": ("false", APPROVED)}))
    assert cases["a"]["deviations"] == []


def test_a_value_outside_the_domain_is_unknown_and_counted(tmp_path: Path) -> None:
    cases, summary = _cases(_log(tmp_path, "conforms_to_plan",
                                 {"a": ("perhaps", APPROVED), "b": ("false", APPROVED)}))
    assert cases["a"]["deviations"] == [] and cases["b"]["deviations"] != []
    warnings = [w["en"] for w in summary["warnings"]]  # type: ignore[union-attr]
    assert any("1 case has a `conforms_to_plan` value outside" in w for w in warnings)


def test_guards_over_two_attributes_need_both(tmp_path: Path) -> None:
    sold = ["draft_plan", "land_review_meeting", "issue_minutes", "sale_announcement",
            "listing", "confirm_deal"]
    header = "conforms_to_plan,bidders"
    cases, _ = _cases(_log(tmp_path, header, {
        "no-bidder": ("true,0", sold), "one-bidder": ("true,1", sold)}))
    # bid_meets_reserve is not in the log: `bidders >= 1 and bid_meets_reserve` is not
    # decided, so even no bidder could have bought; `bidders` alone decides nothing
    assert cases["no-bidder"]["deviations"] == []
    assert cases["one-bidder"]["deviations"] == []
    cases, _ = _cases(_log(tmp_path, header + ",bid_meets_reserve", {
        "no-bidder": ("true,0,true", sold), "one-bidder": ("true,1,true", sold)}))
    assert [d["activity"] for d in cases["no-bidder"]["deviations"]] == ["confirm_deal"]
    assert cases["one-bidder"]["deviations"] == []
