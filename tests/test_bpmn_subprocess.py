"""``--bpmn-stages subprocess``: each stage a collapsed sub-process, its inside on a plane of
its own, every way across its border a start, routing gateway, error end or boundary event.

What it means is held elsewhere: tests/test_bpmn_roundtrip.py imports it back to the same
moves, tests/test_bpmn_engine.py and tests/test_semantics_differential.py run it in
SpiffWorkflow, tests/test_bpmn_lint.py lints it. Here: its form.
"""

from __future__ import annotations

import re
import shutil
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import XSD_PATH

from policy_kit.bpmn import import_bpmn
from policy_kit.cli import main
from policy_kit.export.bpmn import to_bpmn_xml
from policy_kit.export.deadlines import timer_duration
from policy_kit.export.writer import NAMESPACES
from policy_kit.loader import bundled, load

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="the export needs dot")

FIXTURES = Path(__file__).parent / "fixtures"
ENTRIES = str(FIXTURES / "stage-entries.yaml")
PROCESSES = [*bundled(), str(FIXTURES / "parallel.yaml"), ENTRIES]


@cache
def _export(spec: str) -> etree._Element:
    return etree.fromstring(to_bpmn_xml(load(spec), stages="subprocess"))


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _all(root: etree._Element, path: str) -> list[etree._Element]:
    return list(root.iterfind(path, NAMESPACES))


def _stem(spec: str) -> str:
    return Path(spec).stem


@pytest.mark.parametrize("spec", PROCESSES, ids=_stem)
def test_the_export_validates_against_the_bpmn_xsd(spec: str) -> None:
    schema = etree.XMLSchema(etree.parse(XSD_PATH))
    assert schema.validate(_export(spec).getroottree()), schema.error_log


@pytest.mark.parametrize("spec", PROCESSES, ids=_stem)
def test_each_stage_is_a_sub_process_and_no_flow_crosses_its_border(spec: str) -> None:
    root = _export(spec)
    definition = load(spec)
    subs = _all(root, ".//bpmn:subProcess")
    assert sorted(s.get("id") for s in subs) == sorted(
        f"Stage-{stage.id}" for stage in definition.process.stages)
    ids = {e.get("id"): e.getparent() for e in root.iter() if e.get("id")}
    for flow in _all(root, ".//bpmn:sequenceFlow"):
        assert ids[flow.get("sourceRef")] is flow.getparent(), flow.get("id")
        assert ids[flow.get("targetRef")] is flow.getparent(), flow.get("id")
    for sub in subs:
        starts = [e for e in sub if _local(e) == "startEvent"]
        assert len(starts) == 1 and _all(sub, "bpmn:endEvent"), sub.get("id")
    for stage in definition.process.stages:  # a stage's states sit inside its sub-process
        for place in definition.structure.places.values():
            if place.stage is stage and not place.case_final:
                assert ids[place.id].get("id") == f"Stage-{stage.id}", place.id
    lanes = {ref.text for ref in _all(root, ".//bpmn:flowNodeRef")}
    process = root.find("bpmn:process", NAMESPACES)
    assert lanes == {e.get("id") for e in process if _local(e) in _FLOW_NODES}


_FLOW_NODES = {"startEvent", "endEvent", "userTask", "receiveTask", "exclusiveGateway",
               "parallelGateway", "eventBasedGateway", "intermediateCatchEvent",
               "intermediateThrowEvent", "boundaryEvent", "subProcess"}


def test_a_concurrent_stage_has_its_parallel_gateways_inside() -> None:
    root = _export("jining-construction-start")
    process = root.find("bpmn:process", NAMESPACES)
    assert not [e for e in process if _local(e) == "parallelGateway"]
    for gateway in _all(root, ".//bpmn:parallelGateway"):
        stage = gateway.get("id").split("-", 1)[1]
        assert gateway.getparent().get("id") == f"Stage-{stage}"


@pytest.mark.parametrize("spec", PROCESSES, ids=_stem)
def test_every_error_thrown_inside_is_caught_on_its_sub_process(spec: str) -> None:
    root = _export(spec)
    errors = {e.get("id") for e in _all(root, "bpmn:error")}
    for sub in _all(root, ".//bpmn:subProcess"):
        thrown = {d.get("errorRef") for end in _all(sub, "bpmn:endEvent")
                  for d in _all(end, "bpmn:errorEventDefinition")}
        caught = {d.get("errorRef") for b in _all(root, ".//bpmn:boundaryEvent")
                  if b.get("attachedToRef") == sub.get("id")
                  for d in _all(b, "bpmn:errorEventDefinition")}
        assert thrown == caught and thrown <= errors, sub.get("id")
    boundaries = [b for b in _all(root, ".//bpmn:boundaryEvent")
                  if b.get("attachedToRef", "").startswith("Stage-")
                  and _all(b, "bpmn:errorEventDefinition")]
    assert all(b.get("cancelActivity") == "true" for b in boundaries)


@pytest.mark.parametrize("spec", ["zhaoqing-land-supply"])
def test_a_stage_limit_is_a_non_interrupting_timer_on_its_sub_process(spec: str) -> None:
    """A stage's limit is a promise: when it passes the work goes on (non-interrupting),
    and the token the timer starts ends at once; the exact limit stays in pk:limit."""
    root = _export(spec)
    definition = load(spec)
    limited = {s.id: s.limit for s in definition.process.stages if s.limit is not None}
    timers = {b.get("attachedToRef", "").removeprefix("Stage-"): b
              for b in _all(root, ".//bpmn:boundaryEvent")
              if _all(b, "bpmn:timerEventDefinition")
              and b.get("attachedToRef", "").startswith("Stage-")}
    assert set(timers) == set(limited)
    for stage, timer in timers.items():
        assert timer.get("cancelActivity") == "false"
        duration = timer.find(".//bpmn:timeDuration", NAMESPACES)
        limit = limited[stage]
        assert duration is not None and duration.text == (
            timer_duration(limit) if limit.days else "P1D")  # same day: by the day's end
        ends = [f.get("targetRef") for f in _all(root, ".//bpmn:sequenceFlow")
                if f.get("sourceRef") == timer.get("id")]
        assert len(ends) == 1
        end = next(e for e in _all(root, ".//bpmn:endEvent") if e.get("id") == ends[0])
        assert not _all(end, "bpmn:terminateEventDefinition")  # the case goes on
        sub = next(s for s in _all(root, ".//bpmn:subProcess")
                   if s.get("id") == f"Stage-{stage}")
        assert _all(sub, "bpmn:extensionElements/pk:limit")


def test_jinings_rejection_from_inside_a_region_is_an_error_that_leaves_the_stage() -> None:
    """A rejection inside a region ends every token of the stage (as a terminating end did
    in the flat export) and reaches the case's `rejected` end."""
    root = _export("jining-construction-start")
    throws = [end for end in _all(root, ".//bpmn:subProcess/bpmn:endEvent")
              if end.get("id").endswith("-exit-rejected")]
    assert throws
    boundary = root.find(".//bpmn:boundaryEvent[@id='Stage-project_land-on-rejected']",
                         NAMESPACES)
    assert boundary is not None
    (flow,) = [f for f in _all(root, "bpmn:process/bpmn:sequenceFlow")
               if f.get("sourceRef") == boundary.get("id")]
    assert flow.get("targetRef") in ("rejected", "Into-rejected")


def test_a_stage_entered_at_two_states_routes_by_the_flow_that_entered() -> None:
    root = _export(ENTRIES)
    intake = root.find(".//bpmn:subProcess[@id='Stage-intake']", NAMESPACES)
    route = intake.find("bpmn:exclusiveGateway[@id='Stage-intake-route']", NAMESPACES)
    assert route is not None and route.get("name")
    routes = {f.get("targetRef"): f for f in _all(intake, "bpmn:sequenceFlow")
              if f.get("sourceRef") == route.get("id")}
    conditions = {f.findtext("bpmn:conditionExpression", namespaces=NAMESPACES)
                  for f in routes.values()}
    assert conditions == {'entry == "receive"', 'entry == "check"'}
    entering = [e.get("state") for f in _all(root, ".//bpmn:sequenceFlow")
                for e in _all(f, "bpmn:extensionElements/pk:enter")
                if f.getparent() is not intake]
    assert set(entering) == {"receive", "check"}
    variable = root.find(".//pk:process", NAMESPACES)
    assert variable is not None and variable.get("entryVariable") == "entry"


@pytest.mark.parametrize("spec", PROCESSES, ids=_stem)
def test_each_sub_process_is_drawn_collapsed_and_inside_on_a_plane_of_its_own(
        spec: str) -> None:
    root = _export(spec)
    planes = {p.get("bpmnElement"): p for p in _all(root, ".//bpmndi:BPMNPlane")}
    main = planes["Collaboration"]
    for sub in _all(root, ".//bpmn:subProcess"):
        sub_id = sub.get("id")
        (shape,) = [s for s in _all(main, "bpmndi:BPMNShape") if s.get("bpmnElement") == sub_id]
        assert shape.get("isExpanded") == "false"
        plane = planes[sub_id]
        shapes = {s.get("bpmnElement"): s.find("dc:Bounds", NAMESPACES)
                  for s in _all(plane, "bpmndi:BPMNShape")}
        edges = {e.get("bpmnElement") for e in _all(plane, "bpmndi:BPMNEdge")}
        inner = [e for e in sub if _local(e) in _FLOW_NODES]
        assert {e.get("id") for e in inner} == set(shapes), sub_id
        assert {f.get("id") for f in _all(sub, "bpmn:sequenceFlow")} == edges
        boxes = [(e.get("id"), e.get("attachedToRef"), _box(shapes[e.get("id")]))
                 for e in inner]
        for i, (a, a_host, box_a) in enumerate(boxes):
            for b, b_host, box_b in boxes[i + 1:]:
                if a in (b_host,) or b == a_host:
                    continue
                assert _apart(box_a, box_b), (a, b)
    top = {s.get("bpmnElement") for s in _all(main, "bpmndi:BPMNShape")}
    assert not top & {e.get("id") for sub in _all(root, ".//bpmn:subProcess")
                      for e in sub if _local(e) in _FLOW_NODES}


def _box(bounds: etree._Element) -> tuple[float, float, float, float]:
    x, y = float(bounds.get("x")), float(bounds.get("y"))
    return x, y, x + float(bounds.get("width")), y + float(bounds.get("height"))


def _apart(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_a_modellers_error_end_event_is_a_way_out_of_its_own_state_only(
        tmp_path: Path) -> None:
    """Without policy-kit's extensions, as any modeller's file: an error end event inside
    a sub-process leads where the boundary event catching its error leads, from the states
    that reach it, not from every state of the sub-process."""
    text = to_bpmn_xml(load(ENTRIES), lang="en", stages="subprocess").decode()
    plain = tmp_path / "plain.bpmn"
    plain.write_text(re.sub(r"<bpmn:extensionElements>.*?</bpmn:extensionElements>", "", text,
                            flags=re.S), encoding="utf-8")
    moves = import_bpmn(plain).definition.structure.moves
    # (a task's outcome gateway is a decision of its own in a modeller's file)
    into_rejected = {m.source for m in moves if m.target == "rejected"}
    assert into_rejected == {"check_choice"}
    into_withdrawn = {m.source for m in moves if m.target == "withdrawn"}
    assert into_withdrawn == {"receive_choice", "check_choice"}


@pytest.mark.usefixtures("english")  # its messages are pinned in English
def test_render_writes_it_and_refuses_it_for_process_mining(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "x.bpmn"
    result = runner.invoke(main, ["render", "xianyang-culture-subsidy", "-o", str(out),
                                  "--bpmn-stages", "subprocess"])
    assert result.exit_code == 0, result.output
    assert b"<bpmn:subProcess" in out.read_bytes()
    other = tmp_path / "y.bpmn"
    result = runner.invoke(main, ["render", "xianyang-culture-subsidy", "-o", str(other),
                                  "--bpmn-stages", "subprocess",
                                  "--bpmn-profile", "workflow-net"])
    assert result.exit_code == 2
    assert "process-mining tools do not read sub-processes" in result.output
    assert not other.exists()
