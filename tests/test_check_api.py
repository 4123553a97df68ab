"""The checker through its public API: findings, counterexamples, guard abstraction,
suppressions, and the bundled processes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from policy_kit import compile, load
from policy_kit.check import CATALOGUE, Finding, Words, check, check_file, from_problems
from policy_kit.errors import DefinitionError, Location, Problem
from tests.conftest import FIXTURES, MINIMAL

Write = Callable[..., Path]
PROCESSES = Path(__file__).parent.parent / "processes"
CORPUS = Path(__file__).parent / "checks"

GAP = """\
format: 1
id: gap
title: {{zh: 缺口, en: Gap}}
attributes:
  {attribute}
states:
  - {{id: check, kind: task}}
  - {{id: approved, kind: final, outcome: approved}}
  - {{id: rejected, kind: final, outcome: rejected}}
transitions:
  - {{from: check, to: approved, on: approve, when: '{high}'}}
  - {{from: check, to: rejected, on: reject, when: '{low}'}}
"""


def _stuck(write: Write, attribute: str, high: str, low: str) -> list[Finding]:
    path = write(GAP.format(attribute=attribute, high=high, low=low))
    findings = check(load(path))
    assert "PK201" not in {f.code for f in findings}, "a guard gap explains the deadlock"
    return [f for f in findings if f.code == "PK301"]


def test_minimal_definition_has_no_findings(write: Write) -> None:
    assert check(load(write(MINIMAL))) == ()


def test_findings_are_sorted_and_complete() -> None:
    findings = check(load(CORPUS / "pk003-suppression.yaml"))
    assert [f.code for f in findings] == ["PK107", "PK206", "PK003", "PK003"]
    first = findings[0]
    assert first.severity == "error" and first.location.line == 13
    assert first.ids == ("review",) and first.labels == (Words("review", "review"),)
    assert "no way out" in first.text("en") and "出路" in first.text("zh")
    assert first.hint is not None and "kind: final" in first.hint.en


@pytest.mark.parametrize(("attribute", "high", "low", "witness"), [
    pytest.param("amount: {type: number, min: 0, max: 100, example: 20}", "amount >= 10",
                  "amount < 5", {"amount"}, id="number-interval"),
    pytest.param("amount: {type: integer, min: 0, max: 100, example: 20}", "amount >= 10",
                  "amount <= 8", {"amount": Decimal(9)}, id="integer-single-value"),
    pytest.param("day: {type: date, example: 2024-03-01}", "day > 2024-01-31",
                  "day < 2024-01-31", {"day": dt.date(2024, 1, 31)}, id="date-equal"),
    pytest.param("sector: {type: enum, values: [film, games, other], example: film}",
                 'sector == "film"', 'sector == "other"', {"sector": "games"}, id="enum"),
    pytest.param("name: {type: string, example: a}", 'name == "a"', 'name == "b"',
                 {"name"}, id="string-other"),
    pytest.param("member: {type: bool, example: true}", "member", "member and member",
                 {"member": False}, id="bool"),
])
def test_guard_gaps_are_found_with_a_witness(write: Write, attribute: str, high: str,
                                                    low: str, witness: object) -> None:
    [finding] = _stuck(write, attribute, high, low)
    assert finding.counterexample is not None
    applicant = finding.counterexample.applicant
    if isinstance(witness, dict):
        assert {k: applicant[k] for k in witness} == witness
    else:
        name = next(iter(witness))  # type: ignore[call-overload]
        assert name in applicant
    if "amount" in applicant and "number" in attribute:
        assert Decimal(5) <= applicant["amount"] < Decimal(10)  # type: ignore[operator]
    if "name" in applicant:
        assert applicant["name"] not in ("a", "b")


def test_covered_guards_give_no_deadlock(write: Write) -> None:
    assert _stuck(write, "amount: {type: integer, min: 0, max: 100, example: 20}",
                  "amount >= 10", "amount <= 9") == []


def test_gap_witness_is_stuck_on_the_machine() -> None:
    path = CORPUS / "pk301-guard-gap.yaml"
    [finding] = check(load(path))
    example = finding.counterexample
    assert example is not None and example.start == ("check",) and len(example) == 0
    assert Decimal(5) <= example.applicant["amount"] < Decimal(10)  # type: ignore[operator]
    application = compile(load(path)).start(example.applicant)
    assert application.triggers() == () and not application.finished


def test_race_deadlock_replays_on_the_machine() -> None:
    path = CORPUS / "pk201-deadlock.yaml"
    [finding] = check(load(path))
    example = finding.counterexample
    assert example is not None
    assert [s.event for s in example] == ["fire.approve"]
    application = compile(load(path)).start(example.applicant)
    application.fire("fire.approve")
    assert application.states == ("fire_done", "plan_check") == example.end
    assert application.triggers() == ()


def test_overlap_witness_has_two_ways_on_the_machine() -> None:
    path = CORPUS / "pk302-guard-overlap.yaml"
    [finding] = check(load(path))
    assert finding.severity == "warning"
    example = finding.counterexample
    assert example is not None
    assert example.applicant["amount"] >= 50 and example.applicant["employees"] >= 100  # type: ignore[operator]
    application = compile(load(path)).start(example.applicant)
    assert {m.target for m in application.enabled()} == {"committee", "approved"}


def test_counterexample_is_the_shortest_path() -> None:
    [finding] = [f for f in check(load(FIXTURES / "parallel.yaml")) if f.code == "PK203"]
    example = finding.counterexample
    assert example is not None
    assert [s.event for s in example] == ["accept", "fire_review.reject"]
    assert example.end == ("rejected",)
    assert finding.severity == "warning" and finding.ids[:2] == ("reviews", "fire_check")


def test_priority_of_the_first_open_way(write: Write) -> None:
    """Two ways with one trigger: the machine takes the first open one, and so does the
    checker, so the second is dead where the first always holds; the overlap is reported."""
    text = MINIMAL.replace(
        "  - {from: check, to: rejected, on: reject, when: amount < 5}",
        "  - {from: check, to: rejected, on: reject, when: amount < 5}\n"
        "  - {from: check, to: rejected, on: approve, when: amount >= 5}")
    findings = check(load(write(text)))
    assert [(f.code, f.ids) for f in findings] == [("PK204", ("check", "rejected")),
                                                   ("PK302", ("check", "approved", "rejected"))]


def test_cross_region_done_guards_order_documents(write: Write) -> None:
    text = (FIXTURES / "parallel.yaml").read_text(encoding="utf-8")
    text = text.replace("certificates:", "documents:\n  - {id: opinion, name: 意见}\n"
                        "certificates:")
    text = text.replace("{id: fire_check, kind: task}",
                        "{id: fire_check, kind: task, provides: [opinion]}")
    text = text.replace("{id: plan_check, kind: task}",
                        "{id: plan_check, kind: task, requires: [opinion]}")
    unordered = [f.code for f in check(load(write(text)))]
    assert "PK113" in unordered  # request_correction can leave plan_check before the opinion
    ordered = text.replace("{from: plan_check, to: plan_wait, on: request_correction}",
                             "{from: plan_check, to: plan_wait, on: request_correction, "
                             "when: done(fire_check)}")
    assert "PK113" not in [f.code for f in check(load(write(ordered, "b.yaml")))]


def test_errors_are_never_suppressed(write: Write) -> None:
    text = MINIMAL + "  - {from: check, to: check_more, on: escalate}\n" \
        "suppress:\n  - {code: PK107, id: check_more, reason: not finished yet}\n"
    text = text.replace("states:\n  - {id: approved",
                        "states:\n  - {id: check_more, kind: task}\n  - {id: approved")
    findings = check(load(write(text)))
    error = next(f for f in findings if f.code == "PK107")
    assert error.suppressed is None and error.counts
    assert any(f.code == "PK003" and "cannot be suppressed" in f.text("en") for f in findings)


def test_suppressed_warning_keeps_its_reason() -> None:
    finding = next(f for f in check(load(CORPUS / "pk003-suppression.yaml"))
                   if f.code == "PK206")
    assert finding.suppressed == "the law sets no limit on corrections"
    assert not finding.counts


def test_loading_problems_become_located_findings(write: Write) -> None:
    findings, definition = check_file(write(MINIMAL.replace("to: rejected", "to: rejectd")))
    assert definition is None
    [finding] = findings
    assert (finding.code, finding.severity, finding.ids) == ("PK101", "error", ("rejectd",))
    assert finding.location.line == 23 and finding.hint is not None
    assert "rejected" in finding.hint.en


def test_problems_without_a_code_are_unreadable_files() -> None:
    [finding] = from_problems((Problem(Location("x.yaml", 3, 1), "YAML syntax error"),))
    assert finding.code == "PK001" and finding.message.en == "YAML syntax error"


def test_missing_file_is_a_finding_not_an_exception() -> None:
    findings, _ = check_file("no-such-process")
    assert [f.code for f in findings] == ["PK001"]
    with pytest.raises(DefinitionError, match="no bundled process"):
        load("no-such-process")


def test_catalogue_is_complete_and_consistent() -> None:
    assert all(code.startswith("PK") and len(code) == 5 for code in CATALOGUE)
    assert {r.severity for r in CATALOGUE.values()} == {"error", "warning", "info"}
    for rule in CATALOGUE.values():
        assert rule.title.zh and rule.title.en and rule.summary.zh and rule.summary.en


def test_xianyang_is_clean() -> None:
    assert check(load(PROCESSES / "xianyang-culture-subsidy.yaml")) == ()


BUNDLED = sorted(p for p in PROCESSES.glob("*.yaml") if p.stem.count(".") == 0)
KNOWN: dict[str, str] = {}  # bundled files with known errors: none


@pytest.mark.parametrize("path", [
    pytest.param(p, marks=pytest.mark.xfail(reason=KNOWN[p.name], strict=True))
    if p.name in KNOWN else p for p in BUNDLED], ids=lambda p: p.name)
def test_bundled_processes_have_no_errors(path: Path) -> None:
    errors = [f for f in check(load(path)) if f.severity == "error"]
    assert errors == [], "\n".join(f"{f.location}: {f.code} {f.text('en')}" for f in errors)
