"""BPMN export, executed: SpiffWorkflow parses each export and runs cases through it, and the
steps it completes are the steps ``policy_kit.walker`` takes through the same definition.

The engine reads conditions through a small script engine that evaluates policy-kit's guard
language (docs/bpmn.md: what an engine needs to run an export). A user task is completed
with the walk's trigger as its outcome; a wait receives the walk's event as a message; a
boundary event (a deadline's timer, a message the wait does not wait for) is fired by
sending the engine its own event definition, as if its time had come.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser, BpmnValidator
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.util import BpmnEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.task import TaskState

from policy_kit.export.bpmn import to_bpmn_xml
from policy_kit.export.writer import NAMESPACES
from policy_kit.expr import evaluate, parse
from policy_kit.loader import Definition, bundled, load
from policy_kit.machine import Step, compile
from policy_kit.model import Attribute
from policy_kit.walker import walk

FIXTURES = Path(__file__).parent / "fixtures"
PROCESSES = [*bundled(), str(FIXTURES / "parallel.yaml"), str(FIXTURES / "stage-entries.yaml")]
WAITS = ("receiveTask", "eventBasedGateway")
DURATION = re.compile(r"^P(\d+[YMWD])*(T(\d+[HMS])+)?$")


class GuardEngine(PythonScriptEngine):  # type: ignore[misc]
    """Conditions in policy-kit's guard language: names are the case's data, ``done(s)`` is
    true once the engine has completed the node of state ``s``."""

    def evaluate(self, task: Any, expression: str, external_context: Any = None) -> Any:
        if DURATION.match(expression):  # a timer's timeDuration, as BPMN writes it
            return expression

        def done(state: str) -> bool:
            return any(t.task_spec.name == state for t in
                       task.workflow.get_tasks(state=TaskState.COMPLETED))

        return evaluate(parse(expression), task.data, done)


@dataclass(frozen=True)
class Export:
    spec: BpmnProcessSpec
    kinds: Mapping[str, str]
    waits_of: Mapping[str, str]
    variable: str
    ends: frozenset[str] = frozenset()
    """The case's end events (a sub-process's own end events end only the stage)."""
    entry: str | None = None
    """The variable a stage sub-process's routing gateway reads (``--bpmn-stages
    subprocess``): the replay sets it to the state each step enters, as an engine's
    integration would from the entering flow's ``pk:enter``."""
    subprocesses: Mapping[str, BpmnProcessSpec] | None = None


@cache
def _definition(spec: str) -> Definition:
    return load(spec)


STAGE_STYLES = pytest.mark.parametrize("stages", ["groups", "subprocess"])
"""Stages as groups, and as collapsed sub-processes: the engine takes the same steps."""


@cache
def _export(spec: str, stages: str = "groups") -> Export:
    return export_of(_definition(spec), stages)


def export_of(definition: Definition, stages: str = "groups") -> Export:
    """``definition`` exported and parsed by SpiffWorkflow, with what a replay needs."""
    xml = to_bpmn_xml(definition, stages=stages)
    parser = BpmnParser(validator=BpmnValidator())
    parser.add_bpmn_str(xml)
    (process_id,) = parser.get_process_ids()
    root = etree.fromstring(xml)
    process = root.find("bpmn:process", NAMESPACES)
    assert process is not None
    kinds = {str(e.get("id")): etree.QName(e).localname for e in process.iter()
             if e.get("id") and etree.QName(e).namespace == NAMESPACES["bpmn"]}
    # which wait a catch event belongs to: the event-based gateway its one flow comes from,
    # or the activity a boundary event sits on
    waits_of = {str(f.get("targetRef")): str(f.get("sourceRef"))
                for f in process.iterfind(".//bpmn:sequenceFlow", NAMESPACES)
                if kinds.get(str(f.get("sourceRef"))) == "eventBasedGateway"}
    waits_of.update({str(b.get("id")): str(b.get("attachedToRef"))
                     for b in process.iterfind(".//bpmn:boundaryEvent", NAMESPACES)
                     if kinds.get(str(b.get("attachedToRef"))) != "subProcess"})
    variable = root.find(".//pk:process", NAMESPACES)
    assert variable is not None
    ends = frozenset(str(e.get("id")) for e in process.findall("bpmn:endEvent", NAMESPACES))
    return Export(parser.get_spec(process_id), kinds, waits_of,
                  str(variable.get("choiceVariable")), ends, variable.get("entryVariable"),
                  parser.get_subprocess_specs(process_id))


@dataclass(frozen=True)
class Run:
    completed: tuple[str, ...]
    finished: bool
    end_events: tuple[str, ...]


def _replay(export: Export, attributes: Mapping[str, object], steps: Sequence[Step]) -> Run:
    """Drive the engine through the walk's steps; record the states the engine completes."""
    workflow = BpmnWorkflow(export.spec, export.subprocesses, script_engine=GuardEngine())
    for task in workflow.get_tasks(state=TaskState.READY):
        task.data.update(attributes)
        if export.entry is not None and steps:  # the case enters its first state
            task.data[export.entry] = steps[0].source
    workflow.do_engine_steps()
    completed: list[str] = []
    for step in steps:
        kind = export.kinds.get(step.source)
        before = _completed_ids(workflow)
        if export.entry is not None:
            for task in workflow.get_tasks(state=TaskState.READY | TaskState.WAITING):
                task.data[export.entry] = step.entered[0] if step.entered else ""
        border = [t for t in workflow.get_tasks(state=TaskState.WAITING)
                  if t.task_spec.name == f"{step.source}-on-{step.trigger}"]
        if border:
            workflow.send_event(BpmnEvent(border[0].task_spec.event_definition))
        elif kind == "userTask":
            ready = [t for t in workflow.get_tasks(state=TaskState.READY, manual=True)
                     if t.task_spec.name == step.source]
            assert ready, f"{step.source} is not ready in the engine"
            ready[0].data[export.variable] = step.trigger
            ready[0].run()
        elif kind in WAITS:
            workflow.send_event(BpmnEvent(MessageEventDefinition(step.event)))
        workflow.do_engine_steps()
        completed.extend(_states(export, workflow, before))
    ends = tuple(t.task_spec.name for t in workflow.get_tasks(state=TaskState.COMPLETED)
                 if t.task_spec.name in export.ends)
    return Run(tuple(completed), workflow.completed, ends)


def _completed_ids(workflow: BpmnWorkflow) -> set[Any]:
    return {t.id for t in workflow.get_tasks(state=TaskState.COMPLETED)}


def _states(export: Export, workflow: BpmnWorkflow, before: set[Any]) -> list[str]:
    """States whose user task or wait the engine completed since ``before``."""
    states = []
    for task in workflow.get_tasks(state=TaskState.COMPLETED):
        name = task.task_spec.name
        if task.id in before:
            continue
        if export.kinds.get(name) in ("userTask", "receiveTask"):
            states.append(name)
        elif name in export.waits_of:
            states.append(export.waits_of[name])
    return states


def _expected(export: Export, steps: Sequence[Step]) -> tuple[str, ...]:
    return tuple(s.source for s in steps if export.kinds.get(s.source) in ("userTask", *WAITS))


@STAGE_STYLES
@pytest.mark.parametrize("spec", PROCESSES, ids=lambda s: Path(s).stem)
def test_the_default_walk_runs_in_the_engine_to_its_end_event(spec: str, stages: str) -> None:
    definition = _definition(spec)
    path = walk(compile(definition))
    export = _export(spec, stages)
    run = _replay(export, path.attributes, path.steps)
    assert run.completed == _expected(export, path.steps)
    assert run.finished and run.end_events == path.states


CHOSEN = [
    pytest.param("xianyang-culture-subsidy", ["request_supplement", "resubmit",
                                               "request_supplement", "resubmit"], {},
                 id="xianyang-two-supplement-rounds"),
    pytest.param("xianyang-culture-subsidy", ["objection", "dismiss_objection"], {},
                 id="xianyang-objection-dismissed"),
    pytest.param("xianyang-culture-subsidy", ["request_supplement", "expire"], {},
                 id="xianyang-supplement-expires"),
    pytest.param("xianyang-culture-subsidy", [], {"expert_score": 40}, id="xianyang-low-score"),
    pytest.param(str(FIXTURES / "parallel.yaml"), ["request_correction", "resubmit"], {},
                 id="parallel-correction-first"),
    pytest.param(str(FIXTURES / "parallel.yaml"), ["reject"], {},
                 id="parallel-rejected-inside-a-region"),
    pytest.param(str(FIXTURES / "parallel.yaml"), [], {"risky": True},
                 id="parallel-refused-after-the-join"),
    pytest.param(str(FIXTURES / "stage-entries.yaml"), ["recheck", "restart", "withdraw"], {},
                 id="stage-entered-at-its-second-step-then-first-then-left"),
    pytest.param(str(FIXTURES / "stage-entries.yaml"), ["reject"], {},
                 id="stage-left-for-an-end-from-inside"),
]


@STAGE_STYLES
@pytest.mark.parametrize(("spec", "choose", "attributes"), CHOSEN)
def test_chosen_walks_run_in_the_engine_to_the_same_end(
        spec: str, choose: list[str], attributes: dict[str, object], stages: str) -> None:
    path = walk(compile(_definition(spec)), attributes, choose)
    export = _export(spec, stages)
    run = _replay(export, path.attributes, path.steps)
    assert run.completed == _expected(export, path.steps)
    assert run.finished and run.end_events == path.states


LOOPS = """\
format: 1
id: loops
title: {zh: 循环与选择, en: Loops and choices}
attributes:
  big: {type: bool, example: true}
stages:
  - id: both
    regions:
      - id: left
        states:
          - {id: look, kind: task}
          - {id: left_done, kind: final}
      - id: right
        states:
          - {id: other, kind: wait}
          - {id: right_done, kind: final}
states:
  - {id: pick, kind: decision}
  - {id: again, kind: task}
  - {id: approved, kind: final, outcome: approved}
  - {id: rejected, kind: final, outcome: rejected}
transitions:
  - {from: look, to: left_done, on: pass}
  - {from: look, to: look, on: remind}
  - {from: other, to: right_done, on: arrive}
  - {from: other, to: other, on: nudge}
  - {from: both, to: pick, on: join}
  - {from: pick, to: approved, on: grant, when: big}
  - {from: pick, to: again, on: later}
  - {from: pick, to: rejected, on: refuse}
  - {from: again, to: both, on: retry}
  - {from: again, to: again, on: wait_more, when: big}
  - {from: again, to: rejected, on: give_up, when: not big}
"""


@pytest.mark.parametrize(("choose", "attributes"), [
    pytest.param([], {}, id="default"),
    pytest.param(["remind", "nudge", "later", "wait_more", "retry"], {}, id="every-loop"),
    pytest.param(["later", "give_up"], {"big": False}, id="given-up"),
    pytest.param(["refuse"], {}, id="refused-by-choice"),
])
def test_loops_a_first_concurrent_stage_and_an_open_decision_run_in_the_engine(
        write: Callable[[str, str], Path], choose: list[str],
        attributes: dict[str, object]) -> None:
    """Self-loops, re-entering a fork, a process that starts concurrently, and a decision
    with two unguarded ways (an event-based gateway) take the same steps in the engine."""
    spec = str(write(LOOPS, "loops.yaml"))
    path = walk(compile(_definition(spec)), attributes, choose)
    export = _export(spec)
    assert export.kinds["pick"] == "eventBasedGateway"
    run = _replay(export, path.attributes, path.steps)
    assert run.completed == _expected(export, path.steps)
    assert run.finished and run.end_events == path.states


def _value(attribute: Attribute) -> st.SearchStrategy[object]:
    """Any value in the attribute's domain (strings stay at their example)."""
    if attribute.type == "bool":
        return st.booleans()
    if attribute.type == "enum":
        return st.sampled_from(attribute.values)
    if attribute.type == "integer":
        return st.integers(attribute.min, attribute.max)
    if attribute.type == "number":
        return st.decimals(attribute.min, attribute.max, places=2, allow_nan=False,
                           allow_infinity=False)
    if attribute.type == "date":
        return st.dates(attribute.min or date(2000, 1, 1), attribute.max or date(2040, 12, 31))
    return st.just(attribute.example)


@pytest.fixture(scope="module")
def loops_spec(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("bpmn") / "loops.yaml"
    path.write_text(LOOPS, encoding="utf-8")
    return str(path)


@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_random_cases_take_the_same_steps_in_the_engine(loops_spec: str,
                                                       data: st.DataObject) -> None:
    """Random attributes, a random enabled move at each step: the engine follows them all."""
    spec = data.draw(st.sampled_from([*PROCESSES, loops_spec]), label="process")
    definition = _definition(spec)
    attributes = {name: data.draw(_value(a), label=name)
                  for name, a in definition.process.attributes.items()}
    application = compile(definition).start(attributes)
    while not application.finished and len(application.history) < 30:
        enabled = application.enabled()
        if not enabled:
            break
        application.fire(data.draw(st.sampled_from(enabled), label="move").event)
    export = _export(spec, data.draw(st.sampled_from(["groups", "subprocess"]),
                                     label="stages"))
    run = _replay(export, application.attributes, application.history)
    assert run.completed == _expected(export, application.history)
    if application.finished:
        assert run.finished and run.end_events == application.states


def test_a_task_completed_before_its_guard_holds_finds_no_way_on() -> None:
    """``approve when done(fire_check)``: approving the plan first leaves the gateway with no
    true condition, and the engine refuses, as the state machine would not enable it."""
    export = _export(str(FIXTURES / "parallel.yaml"))
    workflow = BpmnWorkflow(export.spec, script_engine=GuardEngine())
    for task in workflow.get_tasks(state=TaskState.READY):
        task.data.update({"risky": False})
    workflow.do_engine_steps()
    (receive,) = workflow.get_tasks(state=TaskState.READY, manual=True)
    receive.data[export.variable] = "accept"
    receive.run()
    workflow.do_engine_steps()
    (plan,) = [t for t in workflow.get_tasks(state=TaskState.READY, manual=True)
               if t.task_spec.name == "plan_check"]
    plan.data[export.variable] = "approve"
    plan.run()
    with pytest.raises(WorkflowException, match="No conditions satisfied"):
        workflow.do_engine_steps()
