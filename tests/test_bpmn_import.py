"""`policy-kit import`: BPMN 2.0 files from modellers → checked definitions.

A hand-written fixture covers each mapping rule; the OMG MIWG reference models (from
../shared/data, skipped in a user's clone, failing in CI when absent) must all import, and
the same model written by another modeller must import to the same shape.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policy_kit.bpmn import import_bpmn
from policy_kit.bpmn.graph import candidates
from policy_kit.bpmn.xml import BPMN_MODEL, read_bpmn
from policy_kit.check import check
from policy_kit.cli import main
from policy_kit.errors import DefinitionError, UsageError
from policy_kit.loader import Definition
from policy_kit.semantics import Semantics
from policy_kit.source import read_yaml
from policy_kit.values import attribute_values
from tests.bpmn_shape import shape

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "bpmn" / "review.bpmn"
SHARED = HERE.parent.parent / "shared" / "data" / "bpmn-miwg"
BENCH = HERE.parent.parent / "shared" / "bench"
REFERENCE = sorted((SHARED / "Reference").glob("[AB].*.bpmn")) if SHARED.is_dir() else []
BPMN_IO = SHARED / "bpmn.io (Camunda Modeler) 18.6.1"
NEEDS_LENIENT = {"B.2.0": "non-interrupting boundary events whose branches meet the "
                          "activity's path, multi-instance activities, inclusive gateways, "
                          "a looping activity"}


def _needs_shared() -> None:
    if not SHARED.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SHARED} is missing; CI always has ../shared/data")
        pytest.skip("../shared/data/bpmn-miwg is not here (a user's clone)")


def _write(tmp_path: Path, body: str, name: str = "x.bpmn") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<definitions xmlns='
         '"http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="urn:t">\n')


# -- the mapping, rule by rule ------------------------------------------------------------

def test_fixture_maps_lanes_tasks_gateways_events_and_data() -> None:
    result = import_bpmn(FIXTURE)
    process = result.definition.process
    states = {s.id: s for s in process.states}
    assert {d.id: d.name.pick("zh") for d in process.departments} == {
        "window_lane": "综合窗口", "bureau": "规划局"}
    assert states["big"].kind == "decision"
    assert states["supplement"].kind == "wait"
    assert states["supplement"].limit is not None and states["supplement"].limit.days == 30
    assert states["review_task"].limit is not None and states["review_task"].limit.days == 10
    assert states["review_task"].requires == ("plan_doc",)
    assert states["approved"].outcome == "approved"
    assert states["rejected"].outcome == "rejected"
    assert states["intake"].name is not None and states["intake"].name.pick("en") == "受理"
    ways = {(t.from_, t.on): t for t in process.transitions}
    assert ways[("big", "large")].when == "investment >= 100"
    assert ways[("big", "small")].default and ways[("big", "small")].when == \
        "not (investment >= 100)"
    assert ways[("review_task", "timeout")].to == "rejected"
    assert ways[("supplement", "expire")].to == "rejected"
    assert process.attributes["investment"].type == "number"
    assert any("一次性告知" in note for note in process.notes)
    assert "review-task → review_task" in result.text


def test_imported_text_loads_as_it_is_written(tmp_path: Path) -> None:
    from policy_kit.loader import load

    result = import_bpmn(FIXTURE)
    path = _write(tmp_path, result.text, "review.yaml")
    assert load(path).process == result.definition.process


def test_parallel_block_becomes_a_concurrent_stage() -> None:
    _needs_shared()
    result = import_bpmn(BENCH / "approval.bpmn")
    stage = result.definition.structure.stages["AS"]
    assert [r.states[0].id for r in stage.regions] == ["T3a", "T3b", "T3c", "T3d"]
    joins = [m for m in result.definition.structure.moves if m.join]
    assert [(m.source, m.target) for m in joins] == [("AS", "T4")]


def test_sub_process_becomes_a_stage_and_its_end_leaves_it(tmp_path: Path) -> None:
    path = _write(tmp_path, _HEAD + """<process id="p">
      <startEvent id="s"/><subProcess id="sp" name="阶段">
        <startEvent id="s2"/><task id="a"/><endEvent id="e2"/>
        <sequenceFlow id="g1" sourceRef="s2" targetRef="a"/>
        <sequenceFlow id="g2" sourceRef="a" targetRef="e2"/>
      </subProcess><boundaryEvent id="b" attachedToRef="sp"><errorEventDefinition/>
      </boundaryEvent><task id="c"/><endEvent id="e"/><endEvent id="f" name="rejected"/>
      <sequenceFlow id="f1" sourceRef="s" targetRef="sp"/>
      <sequenceFlow id="f2" sourceRef="sp" targetRef="c"/>
      <sequenceFlow id="f3" sourceRef="c" targetRef="e"/>
      <sequenceFlow id="f4" sourceRef="b" targetRef="f"/>
    </process></definitions>""")
    definition = import_bpmn(path).definition
    assert [s.id for s in definition.process.stages[0].states] == ["a"]
    ways = {(m.source, m.trigger, m.target) for m in definition.structure.moves}
    assert ("a", "complete", "c") in ways and ("a", "error", "f") in ways


def test_several_start_events_begin_at_a_decision(tmp_path: Path) -> None:
    path = _write(tmp_path, _HEAD + """<process id="p">
      <startEvent id="s1" name="online"/><startEvent id="s2" name="counter"/>
      <task id="a"/><endEvent id="e"/>
      <sequenceFlow id="f1" sourceRef="s1" targetRef="a"/>
      <sequenceFlow id="f2" sourceRef="s2" targetRef="e"/>
      <sequenceFlow id="f3" sourceRef="a" targetRef="e"/>
    </process></definitions>""")
    definition = import_bpmn(path).definition
    assert definition.process.initial == "start"
    assert {m.trigger for m in definition.structure.moves_from["start"]} == {"online",
                                                                           "counter"}


def test_untranslatable_condition_becomes_a_trigger_with_a_note(tmp_path: Path) -> None:
    path = _write(tmp_path, _HEAD + """<process id="p">
      <startEvent id="s"/><exclusiveGateway id="g"/><task id="a"/><endEvent id="e"/>
      <sequenceFlow id="f1" sourceRef="s" targetRef="g"/>
      <sequenceFlow id="f2" name="vip" sourceRef="g" targetRef="a">
        <conditionExpression>${execution.getVariable("vip")}</conditionExpression>
      </sequenceFlow>
      <sequenceFlow id="f3" sourceRef="g" targetRef="e"/>
      <sequenceFlow id="f4" sourceRef="a" targetRef="e"/>
    </process></definitions>""")
    process = import_bpmn(path, lang="en").definition.process
    assert {t.on for t in process.transitions if t.from_ == "g"} == {"vip", "to_e"}
    assert any("not simple enough" in n and "`vip`" in n for n in process.notes)


_REMINDER = _HEAD + """<process id="p">
      <startEvent id="s"/><userTask id="review" name="审查"/>
      <boundaryEvent id="remind" name="催办" attachedToRef="review" cancelActivity="false">
        <timerEventDefinition><timeDuration>P3D</timeDuration></timerEventDefinition>
      </boundaryEvent>
      <boundaryEvent id="recall" name="withdraw" attachedToRef="review"><messageEventDefinition/>
      </boundaryEvent>
      <task id="send_reminder" name="发催办函"/>
      <endEvent id="approved" name="批准"/><endEvent id="reminded"/>
      <endEvent id="withdrawn" name="撤回"/>
      <sequenceFlow id="f1" sourceRef="s" targetRef="review"/>
      <sequenceFlow id="f2" sourceRef="review" targetRef="approved"/>
      <sequenceFlow id="f3" sourceRef="remind" targetRef="send_reminder"/>
      <sequenceFlow id="f4" sourceRef="send_reminder" targetRef="{back}"/>
      <sequenceFlow id="f5" sourceRef="recall" targetRef="withdrawn"/>
    </process></definitions>"""


def test_a_non_interrupting_boundary_event_runs_a_branch_beside_its_activity(
        tmp_path: Path) -> None:
    """The activity and the event's branch are two regions of one stage; the event can
    happen only while the activity runs, and the case ends as the activity's path does."""
    definition = import_bpmn(_write(tmp_path, _REMINDER.format(back="reminded"))).definition
    (stage,) = definition.process.stages
    assert [r.states[0].id for r in stage.regions] == ["review", "remind"]
    assert definition.process.initial == stage.id
    remind = next(s for s in stage.regions[1].states if s.id == "remind")
    assert remind.kind == "wait" and remind.limit is not None and \
        remind.limit.natural_days == 3
    ways = {(t.from_, t.on, t.when) for t in definition.process.transitions}
    assert any(f == "remind" and w == "not done(review)" for f, _, w in ways)
    assert ("remind", "review_finished", "done(review)") in ways
    semantics = Semantics(definition.structure)
    values = attribute_values(definition.process, {})

    def outcomes(choose: Callable[[list[Any]], Any]) -> tuple[list[str], str | None]:
        config, taken = semantics.initial(), []
        while not semantics.is_final(config):
            step = choose(semantics.successors(config, values))
            taken.append(step.move.trigger)
            config = step.target
        return taken, semantics.outcome(config)

    # the reminder goes out while the review runs; the review's end decides the outcome
    taken, outcome = outcomes(lambda s: next((x for x in s if x.move.source == "remind"),
                                             s[0]))
    assert outcome == "approved" and taken[0] != "complete"
    # the review done first: the reminder is no longer possible, the wait just ends
    taken, outcome = outcomes(lambda s: next((x for x in s if x.move.trigger == "complete"
                                              and x.move.source == "review"), s[0]))
    assert outcome == "approved" and "review_finished" in taken
    # the interrupting `withdraw` leaves the review: the branch's wait ends too
    taken, outcome = outcomes(lambda s: next((x for x in s if x.move.trigger == "withdraw"),
                                             s[0]))
    assert outcome == "withdrawn"
    assert [f.code for f in check(definition) if f.severity != "info"] == []


def test_a_non_interrupting_branch_that_meets_the_activitys_path_is_refused(
        tmp_path: Path) -> None:
    path = _write(tmp_path, _REMINDER.format(back="review"))
    with pytest.raises(DefinitionError, match=r"x\.bpmn:5:7: `remind`: a non-interrupting "
                                              r".* meet at `review`"):
        import_bpmn(path)
    notes = import_bpmn(path, lenient=True, lang="en").definition.process.notes
    assert any("`remind`" in n and "approximated: an alternative way out" in n for n in notes)


# -- refusals and bad input: one located message each ----------------------------------

_BAD = {
    "not-xml": ("this is not xml <", "not well-formed XML"),
    "not-bpmn": ('<?xml version="1.0"?><html><body/></html>', "not BPMN 2.0"),
    "bomb": ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
             '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
             '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">&lol2;'
             '</definitions>', "document type"),
    "dangling": (_HEAD + '<process id="p"><startEvent id="s"/><endEvent id="e"/>'
                 '<sequenceFlow id="f" sourceRef="s" targetRef="nowhere"/></process>'
                 '</definitions>', "targetRef names `nowhere`"),
    "missing-ref": (_HEAD + '<process id="p"><startEvent id="s"/><endEvent id="e"/>'
                    '<sequenceFlow id="f" targetRef="e"/></process></definitions>',
                    "sourceRef is missing"),
    "no-start": (_HEAD + '<process id="p"><task id="a"/><endEvent id="e"/>'
                 '<sequenceFlow id="f" sourceRef="a" targetRef="e"/></process>'
                 '</definitions>', "has no start event"),
    "across-pools": (_HEAD + '<collaboration id="c"><participant id="P1" processRef="p"/>'
                     '</collaboration><process id="p"><startEvent id="s"/>'
                     '<sequenceFlow id="f" sourceRef="s" targetRef="q_task"/></process>'
                     '<process id="q"><task id="q_task"/></process></definitions>',
                     "cannot cross pools"),
    "multi-instance": (_HEAD + '<process id="p"><startEvent id="s"/><task id="a">'
                       '<multiInstanceLoopCharacteristics/></task><endEvent id="e"/>'
                       '<sequenceFlow id="f" sourceRef="s" targetRef="a"/>'
                       '<sequenceFlow id="g" sourceRef="a" targetRef="e"/></process>'
                       '</definitions>', "`a`: a multi-instance activity"),
    "unstructured-split": (_HEAD + '<process id="p"><startEvent id="s"/>'
                           '<parallelGateway id="fork"/><task id="a"/><task id="b"/>'
                           '<exclusiveGateway id="x"/><endEvent id="e"/>'
                           '<parallelGateway id="j"/>'
                           '<sequenceFlow id="f1" sourceRef="s" targetRef="fork"/>'
                           '<sequenceFlow id="f2" sourceRef="fork" targetRef="a"/>'
                           '<sequenceFlow id="f3" sourceRef="fork" targetRef="b"/>'
                           '<sequenceFlow id="f4" sourceRef="a" targetRef="j"/>'
                           '<sequenceFlow id="f5" sourceRef="b" targetRef="x"/>'
                           '<sequenceFlow id="f6" sourceRef="x" targetRef="j"/>'
                           '<sequenceFlow id="f7" sourceRef="x" targetRef="e"/>'
                           '<sequenceFlow id="f8" sourceRef="j" targetRef="e"/>'
                           '</process></definitions>', "not block-structured"),
}


@pytest.mark.parametrize("case", sorted(_BAD), ids=str)
def test_bad_input_is_one_located_message(case: str, runner: CliRunner,
                                          tmp_path: Path) -> None:
    body, expected = _BAD[case]
    path = _write(tmp_path, body)
    out = tmp_path / "out.yaml"
    out.write_text("keep me", encoding="utf-8")
    choice = ["--process", "P1"] if case == "across-pools" else []
    result = runner.invoke(main, ["import", str(path), "-o", str(out), *choice, "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert expected in result.output
    assert "Traceback" not in result.output
    assert f"{path}:" in result.output  # located in the file
    assert out.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("case", sorted(_BAD), ids=str)
@pytest.mark.parametrize("lenient", [False, True], ids=["strict", "lenient"])
def test_import_speaks_chinese_when_asked(case: str, lenient: bool, runner: CliRunner,
                                          tmp_path: Path) -> None:
    """In Chinese, a refusal, its hint, a --lenient warning and the notes written are
    Chinese: nothing English but the file's ids, BPMN's element and attribute names, and
    code (an XML parser's own diagnostic is the parser's, quoted)."""
    from tests.test_chinese_output import english

    body, _ = _BAD[case]
    path = _write(tmp_path, body)
    out = tmp_path / "out.yaml"
    choice = ["--process", "P1"] if case == "across-pools" else []
    result = runner.invoke(main, ["import", str(path), "-o", str(out), *choice,
                                  *(["--lenient"] if lenient else []), "--lang", "zh"])
    assert result.exit_code in (0, 1), result.output
    said = result.output.replace(str(path), "FILE").replace(str(out), "OUT")
    if out.exists():
        said += "\n".join(read_yaml(out)[0].get("notes", []))
    ids = frozenset(re.findall(r'(?:id|Ref)="([^"]+)"', body)) | {
        "sourceRef", "targetRef", "attachedToRef", "notes", "policy", "kit", "lenient",
        "FILE", "OUT", "definitions", "DOCTYPE", "DTD", "XML",
        "wrote"}  # `wrote PATH`: the one line every command writes a file with (issue 20)
    said = said.replace(BPMN_MODEL, "")
    if case == "not-xml":  # libxml2's own words, quoted after ours
        said = said.split("XML：")[0]
    found = [w for line in said.splitlines() for w in english(line, ids)]
    assert not found, said


def test_refusal_carries_line_and_column(tmp_path: Path) -> None:
    body, _ = _BAD["multi-instance"]
    path = _write(tmp_path, body.replace('<task id="a">', '\n   <task id="a">'))
    with pytest.raises(DefinitionError, match=r"x\.bpmn:4:4: `a`: a multi-instance"):
        import_bpmn(path)


def test_lenient_approximates_and_says_so(tmp_path: Path) -> None:
    body, _ = _BAD["multi-instance"]
    process = import_bpmn(_write(tmp_path, body), lenient=True, lang="en").definition.process
    assert any(n.startswith("warning:") and "multi-instance" in n and "approximated: one "
               "instance" in n for n in process.notes)


def test_several_processes_need_a_choice(tmp_path: Path, runner: CliRunner) -> None:
    body = _HEAD + ''.join(
        f'<process id="{p}"><startEvent id="s{p}"/><endEvent id="e{p}"/>'
        f'<sequenceFlow id="f{p}" sourceRef="s{p}" targetRef="e{p}"/></process>'
        for p in ("one", "two")) + '<process id="empty"/></definitions>'
    path = _write(tmp_path, body)
    result = runner.invoke(main, ["import", str(path)])
    assert result.exit_code == 2
    assert "one" in result.output and "two" in result.output and "empty" not in result.output
    assert runner.invoke(main, ["import", str(path), "--process", "two"]).exit_code == 0
    with pytest.raises(UsageError, match="--process three"):
        import_bpmn(path, process="three")


def test_cli_writes_a_file_that_validates(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "review.yaml"
    result = runner.invoke(main, ["import", str(FIXTURE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["validate", str(out)]).exit_code in (0,)
    assert "审查" in out.read_text(encoding="utf-8")


def test_outcome_option_names_the_outcome(runner: CliRunner) -> None:
    result = runner.invoke(main, ["import", str(FIXTURE), "--outcome", "approved=granted"])
    assert result.exit_code == 0, result.output
    assert "outcome: granted" in result.output
    bad = runner.invoke(main, ["import", str(FIXTURE), "--outcome", "approved"])
    assert bad.exit_code == 2


# -- real files: the MIWG reference models and another modeller's copies -----------------

def _imports(path: Path, lenient: bool) -> list[Definition]:
    return [import_bpmn(path, process=c.process.id, lenient=lenient).definition
            for c in candidates(read_bpmn(path))]


@pytest.mark.parametrize("path", REFERENCE or [None], ids=lambda p: p.name if p else "none")
def test_every_miwg_reference_model_imports(path: Path | None) -> None:
    _needs_shared()
    assert path is not None
    if path.stem in NEEDS_LENIENT:
        with pytest.raises(DefinitionError):
            _imports(path, lenient=False)
    definitions = _imports(path, lenient=path.stem in NEEDS_LENIENT)
    assert definitions
    for definition in definitions:
        check(definition)  # the checker reads it like any definition


def test_miwg_b10_wfp_6_2_is_never_joined_as_the_model_says() -> None:
    """B.1.0's pool `WFP-6-2` splits in two with no join; Lane 2's branch ends, on every
    path, at a terminate end event, which ends the whole instance. So no case ever finishes
    with both branches done: PK110 (the stage is never joined) is a finding about the
    model, not the import (docs/bpmn.md#the-miwg-reference-models), and PK203 says the
    other side of it (Lane 1 is cut short whenever it is slower)."""
    _needs_shared()
    imported = import_bpmn(SHARED / "Reference" / "B.1.0.bpmn", process="WFP-6-2", lang="en")
    definition = imported.definition
    findings = check(definition)
    errors = [f for f in findings if f.severity == "error"]
    assert [f.code for f in errors] == ["PK110"]
    lane_2 = definition.structure.places["_7706e700_2aed_4b94_8070_961f118aab8f"].region
    assert lane_2 is not None and errors[0].ids[0] == lane_2.id
    assert "PK203" in {f.code for f in findings}
    assert any("always ends the case" in note for note in definition.process.notes)


def _pairs() -> list[tuple[Path, Path]]:
    return [(ref, other) for ref in REFERENCE
            for other in sorted(BPMN_IO.glob(f"{ref.stem}-*.bpmn"))]


_CHANGED_BY_TOOL = {
    "B.2.0-export.bpmn": "bpmn.io's export is a different model: the conditional start "
                         "event became an intermediate catch event and a task got a loop",
}


@pytest.mark.parametrize("pair", _pairs() or [None],
                         ids=lambda p: p[1].name if p else "none")
def test_same_model_by_another_modeller_imports_the_same(
        pair: tuple[Path, Path] | None) -> None:
    _needs_shared()
    assert pair is not None
    reference, other = pair
    if other.name in _CHANGED_BY_TOOL:
        pytest.xfail(_CHANGED_BY_TOOL[other.name])
    ours = sorted((shape(d) for d in _imports(reference, True)), key=repr)
    theirs = sorted((shape(d) for d in _imports(other, True)), key=repr)
    assert ours == theirs


# -- simulation parameters: Prosimos' approval model agrees with the hand-written one -----

def _simulate(runner: CliRunner, *args: str) -> dict[str, Any]:
    result = runner.invoke(main, ["simulate", *args, "--cases", "400", "--replications", "3",
                                  "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_prosimos_parameters_simulate_like_the_benchmark(runner: CliRunner,
                                                         tmp_path: Path) -> None:
    _needs_shared()
    out = tmp_path / "approval.yaml"
    result = runner.invoke(main, ["import", str(BENCH / "approval.bpmn"), "--simulation",
                                  str(BENCH / "approval.json"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    scenario = tmp_path / "approval.scenario.yaml"
    assert scenario.exists()
    ours = _simulate(runner, str(out), "--scenario", str(scenario))
    bench = HERE.parent / "benchmarks"
    theirs = _simulate(runner, str(bench / "approval.yaml"), "--scenario",
                       str(bench / "approval.scenario.yaml"))
    low, high = ours["cycle_time"]["elapsed"]["ci95"]
    their_low, their_high = theirs["cycle_time"]["elapsed"]["ci95"]
    assert low <= their_high and their_low <= high  # the intervals overlap
    assert ours["cycle_time"]["elapsed"]["mean"] == pytest.approx(
        theirs["cycle_time"]["elapsed"]["mean"], rel=0.1)
    for state in ("T1", "T2", "T3a", "T3b", "T3c", "T3d", "T4", "T5", "T6", "T7"):
        assert ours["states"][state]["mean_time"] == pytest.approx(
            theirs["states"][state]["mean_time"], rel=0.15, abs=0.01), state
    for department in ("window", "plan", "fire", "joint"):
        assert ours["departments"][department]["utilization"] == pytest.approx(
            theirs["departments"][department]["utilization"], rel=0.15)


def test_bad_simulation_parameters_are_one_located_message(runner: CliRunner,
                                                           tmp_path: Path) -> None:
    params = _write(tmp_path, '{"task_resource_distribution": [\n  oops]', "p.json")
    out = tmp_path / "out.yaml"
    result = runner.invoke(main, ["import", str(FIXTURE), "--simulation", str(params),
                                  "-o", str(out), "--lang", "en"])
    assert result.exit_code == 1
    assert f"{params}:2:3: not JSON" in result.output
    assert not out.exists()
    assert runner.invoke(main, ["import", str(FIXTURE), "--simulation",
                                str(params)]).exit_code == 2


@pytest.mark.parametrize("value", ["on", "no", "yes", "true", "False", "1", "1.5", "1_000",
                                   "2024-01-01", "null", "~", "", "x: y", "审查", "- a",
                                   "#c"], ids=repr)
def test_written_yaml_reads_back_as_the_same_text(value: str) -> None:
    from policy_kit.source import read_yaml_text, write_yaml

    data, _ = read_yaml_text(write_yaml({"v": [value]}, "a header"), "x.yaml")
    assert data == {"v": [value]}


@pytest.mark.parametrize(("name", "expected"), [
    ("Approval Process.bpmn", "approval-process"),
    ("审批流程.bpmn", "shen-pi-liu-cheng"),
    ("v2.0_final.bpmn", "v2"),
    ("---.bpmn", "imported"),
    ("a" * 120 + ".bpmn", "a" * 80),
    ("-".join(["process-engine-plugin"] * 6) + ".bpmn",
     "-".join(["process-engine-plugin"] * 3) + "-process-engine"),
])
def test_a_file_name_of_any_length_or_script_gives_a_valid_process_id(
        name: str, expected: str, runner: CliRunner, tmp_path: Path) -> None:
    """The id comes from the output's file name, which is the user's to choose: a long
    one is cut at a word break to the 80-character limit, a Chinese one spelled in
    pinyin, instead of an import that fails on the id (found on Camunda's examples)."""
    from policy_kit.bpmn import process_id_for

    assert process_id_for(Path(name)) == expected
    body = (_HEAD + '<process id="p"><startEvent id="s"/><task id="a"/><endEvent id="e"/>'
            '<sequenceFlow id="f" sourceRef="s" targetRef="a"/>'
            '<sequenceFlow id="g" sourceRef="a" targetRef="e"/></process></definitions>')
    out = tmp_path / name
    result = runner.invoke(main, ["import", str(_write(tmp_path, body)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert read_yaml(out)[0]["id"] == expected
