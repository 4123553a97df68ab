"""Time limits (PK401–PK405) and declared properties (PK601–PK605) through the public API
and the CLI: what each rule counts, how units are compared, and the bad inputs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit import compile, load
from policy_kit.check import CATALOGUE, Finding, check, check_file
from policy_kit.check.durations import Span, convert
from policy_kit.cli import main
from policy_kit.errors import DefinitionError
from policy_kit.loader import bundled
from policy_kit.model import Limit

Write = Callable[..., Path]
CORPUS = Path(__file__).parent / "checks"

PARALLEL = """\
format: 1
id: parallel-limits
title: {{zh: 并联时限, en: Parallel limits}}
stages:
  - id: reviews
    limit: {{working_days: {limit}}}
    regions:
      - id: fire
        states:
          - {{id: fire_check, kind: task, limit: {{working_days: 5}}}}
          - {{id: fire_done, kind: final}}
      - id: planning
        states:
          - {{id: plan_check, kind: task, limit: {{working_days: {plan}}}}}
          - {{id: plan_done, kind: final}}
states:
  - {{id: approved, kind: final, outcome: approved}}
transitions:
  - {{from: fire_check, to: fire_done, on: approve}}
  - {{from: plan_check, to: plan_done, on: approve{wait}}}
  - {{from: reviews, to: approved, on: join}}
"""


def _codes(findings: tuple[Finding, ...]) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.code, f.ids) for f in findings]


def _parallel(write: Write, limit: int, plan: int, wait: str = "") -> tuple[Finding, ...]:
    return check(load(write(PARALLEL.format(limit=limit, plan=plan, wait=wait))))


# -- what a limit counts -------------------------------------------------------------------


@pytest.mark.parametrize(("limit", "plan", "codes"), [
    pytest.param(8, 8, [], id="slowest-region-fits"),
    pytest.param(8, 3, [], id="regions-do-not-add-up"),
    pytest.param(7, 8, [("PK402", ("reviews", "approved"))], id="slowest-region-over"),
])
def test_concurrent_regions_count_as_the_slowest(write: Write, limit: int, plan: int,
                                                 codes: list[object]) -> None:
    assert _codes(_parallel(write, limit, plan)) == codes


def test_a_region_that_waits_for_another_takes_longer(write: Write) -> None:
    """Planning (3) waits with done(...) for the fire check (5): it starts when the fire
    check is done, so every way takes 8 days, though each region alone fits in 7. The
    fastest way's bound honours the wait: no way keeps the limit (PK402, not PK401)."""
    [finding] = _parallel(write, 7, 3, ", when: done(fire_check)")
    assert finding.code == "PK402" and "at least 8 working days" in finding.text("en")
    example = finding.counterexample
    assert example is not None
    assert [s.event for s in example] == ["fire.approve", "planning.approve", "join"]
    application = compile(load(write(PARALLEL.format(limit=7, plan=3, wait=", when: "
                                                     "done(fire_check)"), "b.yaml"))).start()
    for step in example:
        application.fire(step.event)
    assert application.finished


def test_a_wait_that_or_can_avoid_does_not_lengthen_the_bound(write: Write) -> None:
    """``done(x) or …`` may hold without x: the lower bound does not wait for it, so the
    limit is not declared broken on every way (the slowest way still breaks it)."""
    findings = _parallel(write, 7, 3, ", when: done(fire_check) or not done(fire_check)")
    assert [f.code for f in findings if f.code.startswith("PK4")] == ["PK401"]


def test_statutory_and_applicant_time_are_left_out() -> None:
    [finding] = check(load(CORPUS / "pk402-no-way-keeps.yaml"))
    assert "at least 13 working days" in finding.text("en")  # the 20-day notice is not in it
    assert "13个工作日" in finding.text("zh")
    assert finding.severity == "warning" and finding.hint is not None


def test_correction_rounds_are_taken_as_often_as_they_may_be() -> None:
    [finding] = check(load(CORPUS / "pk401-slowest-over.yaml"))
    assert "10 working days" in finding.text("en") and "8 working days" in finding.text("en")
    assert finding.counterexample is not None
    assert [s.trigger for s in finding.counterexample] == [
        "request_correction", "resubmit", "approve"]


@pytest.mark.parametrize(("stage", "task", "codes"), [
    pytest.param("{working_days: 0}", "{working_days: 0}", [], id="same-day-kept"),
    pytest.param("{working_days: 0}", "{working_days: 1}",
                 [("PK402", ("day", "approved"))], id="same-day-broken"),
    pytest.param("{natural_days: 0}", "{working_days: 0}", [], id="same-day-natural"),
    pytest.param("{working_days: 5}", "{natural_days: 3}", [], id="natural-fits-by-bound"),
    pytest.param("{working_days: 1}", "{natural_days: 30}",
                 [("PK402", ("day", "approved"))], id="natural-over-by-bound"),
    pytest.param("{natural_days: 30}", "{working_days: 18}", [("PK404", ("day",))],
                 id="working-in-natural-undecided"),
    pytest.param("{natural_days: 60}", "{working_days: 20}", [], id="working-in-natural-fits"),
])
def test_same_day_and_units(write: Write, stage: str, task: str, codes: list[object]) -> None:
    text = f"""\
format: 1
id: units
title: units
stages:
  - id: day
    limit: {stage}
    states:
      - {{id: check, kind: task, limit: {task}}}
states:
  - {{id: approved, kind: final, outcome: approved}}
transitions:
  - {{from: check, to: approved, on: approve}}
"""
    assert _codes(check(load(write(text)))) == codes


@pytest.mark.parametrize(("limit", "unit", "calendar", "span"), [
    pytest.param(Limit(working_days=5), "natural_days", "weekly", Span(7, 7), id="weekly-week"),
    pytest.param(Limit(natural_days=7), "working_days", "weekly", Span(5, 5), id="weekly-back"),
    pytest.param(Limit(working_days=5), "working_days", "cn", Span(5, 5), id="same-unit"),
    pytest.param(Limit(working_days=0), "natural_days", "cn", Span(0, 0), id="same-day"),
])
def test_conversions(limit: Limit, unit: str, calendar: str, span: Span) -> None:
    assert convert(limit, unit, calendar) == span  # type: ignore[arg-type]


def test_chinese_conversion_contains_the_national_day_week() -> None:
    """Five working days from Thursday 2023-09-28 end on 2023-10-11: 13 natural days."""
    span = convert(Limit(working_days=5), "natural_days", "cn")
    assert span.lo <= 5 and span.hi is not None and span.hi >= 13
    back = convert(Limit(natural_days=13), "working_days", "cn")
    assert back.lo <= 5 <= (back.hi or 0) <= 13


def test_a_loop_without_a_bound_leaves_the_limit_undecided(write: Write) -> None:
    text = (CORPUS / "pk401-slowest-over.yaml").read_text(encoding="utf-8").replace(
        "max_rounds: 1, ", "")
    findings = check(load(write(text)))
    assert _codes(findings) == [("PK206", ("check", "correction")), ("PK404", ("review",))]
    assert "PK206" in findings[1].text("en") and "5–∞" in findings[1].text("en")


@pytest.mark.parametrize("name", bundled())
def test_bundled_timing_findings_are_warnings_that_replay(name: str) -> None:
    """Timing findings on the bundled processes are never errors, and every slow or fast
    way they show is a run the machine can take to an outcome."""
    definition = load(name)
    timing = [f for f in check(definition) if f.code.startswith("PK4")]
    assert all(f.severity != "error" for f in timing)
    machine = compile(definition)
    for finding in timing:
        if finding.counterexample is None:
            continue
        application = machine.start(finding.counterexample.applicant)
        for step in finding.counterexample:
            application.fire(step.event)
        assert application.finished and application.states[0] in finding.ids


# -- declared properties -------------------------------------------------------------------

RULES = """\
format: 1
id: rules
title: rules
attributes:
  amount: {type: number, min: 0, max: 100, example: 10}
certificates:
  - {id: permit, name: 许可证}
states:
  - {id: check, kind: task, limit: {working_days: 5}}
  - {id: review, kind: task, limit: {working_days: 10}}
  - {id: approved, kind: final, outcome: approved}
  - {id: rejected, kind: final, outcome: rejected}
transitions:
  - {from: check, to: review, on: accept, when: amount >= 10}
  - {from: check, to: rejected, on: reject, when: amount < 10}
  - {from: review, to: approved, on: approve, issues: [permit]}
properties:
"""


@pytest.mark.parametrize(("prop", "codes"), [
    pytest.param("{id: p, never: issued(permit) and not done(review)}", [], id="never-holds"),
    pytest.param("{id: p, never: issued(permit) and amount < 20}",
                 [("PK601", ("p", "approved"))], id="never-by-attribute"),
    pytest.param("{id: p, eventually: ended()}", [], id="every-case-ends"),
    pytest.param("{id: p, eventually: issued(permit)}", [("PK602", ("p", "rejected"))],
                 id="ends-without"),
    pytest.param("{id: p, within: {from: check, to: [approved, rejected], working_days: 15}}",
                 [], id="within-holds"),
    pytest.param("{id: p, within: {from: check, to: approved, working_days: 14}}",
                 [("PK603", ("p", "check", "approved"))], id="within-over"),
    pytest.param("{id: p, within: {from: review, to: approved, natural_days: 9}}",
                 [("PK603", ("p", "review", "approved"))], id="within-natural-over"),
    pytest.param("{id: p, never: done(review) and amount * 2 > 150}",
                 [("PK601", ("p", "approved"))], id="solved-and-refuted"),
    pytest.param("{id: p, never: done(review) and amount * 2 > 250}", [], id="solved-proved"),
    pytest.param("{id: p, never: done(review) and amount * amount == 2}", [("PK604", ("p",))],
                 id="sampled-undecided"),
])
def test_properties(write: Write, prop: str, codes: list[object]) -> None:
    assert _codes(check(load(write(RULES + f"  - {prop}\n")))) == codes


def test_never_counterexample_names_the_applicant(write: Write) -> None:
    [finding] = check(load(write(RULES + "  - {id: p, never: issued(permit) and "
                                         "amount < 20}\n")))
    example = finding.counterexample
    assert example is not None and 10 <= example.applicant["amount"] < 20  # type: ignore[operator]
    assert [s.trigger for s in example] == ["accept", "approve"]
    assert finding.location.line == 18 and finding.severity == "error"


def test_eventually_reports_a_deadlock(write: Write) -> None:
    text = RULES.replace("  - {from: review, to: approved, on: approve, issues: [permit]}\n",
                         "  - {from: review, to: approved, on: approve, when: amount > 200}\n")
    findings = check(load(write(text + "  - {id: ends, eventually: ended()}\n")))
    [finding] = [f for f in findings if f.code == "PK602"]
    assert finding.ids == ("ends", "review") and "stuck" in finding.text("en")


def test_issued_is_for_properties_not_guards(write: Write) -> None:
    text = RULES.replace("on: approve, issues", "on: approve, when: issued(permit), issues")
    text += "  - {id: p, eventually: ended()}\n"
    with pytest.raises(DefinitionError, match=r"issued\(\) describes a whole case"):
        load(write(text))


def test_properties_are_located_and_labelled(write: Write) -> None:
    text = RULES + "  - {id: p, name: {zh: 先审后证, en: Review first}, never: issued(permit)}\n"
    [finding] = check(load(write(text)))
    assert finding.labels[0].zh == "先审后证" and finding.location.line == 18
    assert finding.location.column == 56  # where the condition starts


# -- the CLI ---------------------------------------------------------------------------------


def test_json_carries_the_new_codes(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(CORPUS / "pk603-within.yaml"), "--json"])
    assert result.exit_code == 1
    [found] = [f for f in json.loads(result.output) if f["code"] != "PK701"]
    assert found["code"] == "PK603" and found["line"] == 21
    assert [s["trigger"] for s in found["counterexample"]["steps"]] == [
        "accept", "request_correction", "resubmit", "approve"]
    assert "25个工作日" in found["message"]


def test_timing_warnings_pass_unless_strict(runner: CliRunner) -> None:
    path = str(CORPUS / "pk401-slowest-over.yaml")
    assert runner.invoke(main, ["validate", path]).exit_code == 0
    assert runner.invoke(main, ["validate", path, "--strict"]).exit_code == 1


def test_catalogue_lists_timing_properties_and_scenarios(runner: CliRunner) -> None:
    result = runner.invoke(main, ["checks", "--lang", "en"])
    assert result.exit_code == 0
    for code in ("PK401", "PK405", "PK501", "PK502", "PK601", "PK605"):
        assert code in result.output and code in CATALOGUE
    data = json.loads(runner.invoke(main, ["checks", "--json"]).output)
    groups = {d["code"]: d["group"] for d in data}
    assert groups["PK501"] == "scenario" and groups["PK603"] == "properties"
    assert groups["PK404"] == "timing"


@pytest.mark.parametrize(("prop", "message"), [
    pytest.param("{id: p, never: ended(), eventually: ended()}",
                 "give exactly one of `never`, `eventually` and `within`", id="two-forms"),
    pytest.param("{id: p}", "give exactly one of `never`", id="no-form"),
    pytest.param("{id: p, within: {from: check, to: approved, working_days: 1, natural_days: 1}}",
                 "give exactly one of `working_days` and `natural_days`", id="two-units"),
    pytest.param("{id: p, within: {from: check, to: [], working_days: 1}}",
                 "`to` needs at least one state or stage", id="no-target"),
    pytest.param("{id: p, never: ended(), when: ended()}", "unknown key `when`", id="unknown-key"),
])
def test_malformed_properties_are_schema_errors(write: Write, prop: str, message: str) -> None:
    findings, definition = check_file(write(RULES + f"  - {prop}\n"))
    assert definition is None
    assert [(f.code, f.location.line) for f in findings][0] == ("PK002", 18)
    assert any(message in f.text("en") for f in findings)
