"""BPMN export: valid against the BPMN 2.0 XSD, every element laid out by dot, and each part of
a definition mapped as docs/bpmn.md says."""

from __future__ import annotations

import json
import shlex
import subprocess
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import XSD_PATH

from policy_kit.errors import RenderError, UsageError
from policy_kit.export.bpmn import to_bpmn_xml
from policy_kit.export.graph import BpmnGraph
from policy_kit.export.layout import Bounds, Layout, dot_source, layout, read_layout
from policy_kit.export.mapping import to_graph
from policy_kit.export.writer import GUARD_LANGUAGE, NAMESPACES
from policy_kit.loader import Definition, bundled, load

FIXTURES = Path(__file__).parent / "fixtures"
PROCESSES = [*bundled(), str(FIXTURES / "parallel.yaml")]
FLOW_NODES = ("startEvent", "endEvent", "userTask", "receiveTask", "exclusiveGateway",
              "parallelGateway", "eventBasedGateway", "intermediateCatchEvent",
              "intermediateThrowEvent", "boundaryEvent")


def _id(spec: str) -> str:
    return Path(spec).stem


@cache
def _definition(spec: str) -> Definition:
    return load(spec)


@cache
def _export(spec: str, lang: str = "zh") -> etree._Element:
    return etree.fromstring(to_bpmn_xml(_definition(spec), lang=lang))


@cache
def _laid(spec: str, splines: str = "") -> tuple[BpmnGraph, Layout]:
    """The layout the export uses, or the one dot gives with ``splines`` (the fallback)."""
    graph = to_graph(_definition(spec))
    if not splines:
        return graph, layout(graph)
    output = subprocess.run(["dot", "-Tjson"], input=dot_source(graph, splines).encode(),
                            capture_output=True, check=True).stdout
    return graph, read_layout(graph, json.loads(output))


@cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(XSD_PATH))


def _all(root: etree._Element, path: str) -> list[etree._Element]:
    found: list[etree._Element] = root.findall(path, NAMESPACES)
    return found


def _one(root: etree._Element, path: str) -> etree._Element:
    found = _all(root, path)
    assert len(found) == 1, f"{path}: {len(found)} elements"
    return found[0]


def _flow_nodes(root: etree._Element) -> list[etree._Element]:
    return [e for tag in FLOW_NODES for e in _all(root, f"bpmn:process/bpmn:{tag}")]


def _outgoing(root: etree._Element, node_id: str) -> list[etree._Element]:
    return _all(root, f"bpmn:process/bpmn:sequenceFlow[@sourceRef='{node_id}']")


def _condition(flow: etree._Element) -> str | None:
    element = flow.find("bpmn:conditionExpression", NAMESPACES)
    return None if element is None else str(element.text)


# -- every bundled process ------------------------------------------------------------------

@pytest.mark.parametrize("spec", PROCESSES, ids=_id)
def test_the_export_validates_against_the_bpmn_xsd(spec: str) -> None:
    schema = _schema()
    assert schema.validate(_export(spec).getroottree()), schema.error_log


@pytest.mark.parametrize("spec", PROCESSES, ids=_id)
def test_every_flow_node_has_a_shape_and_every_flow_an_edge(spec: str) -> None:
    root = _export(spec)
    shapes = {s.get("bpmnElement"): s for s in _all(root, ".//bpmndi:BPMNShape")}
    edges = {e.get("bpmnElement"): e for e in _all(root, ".//bpmndi:BPMNEdge")}
    nodes = _flow_nodes(root)
    assert nodes
    for node in nodes:
        bounds = _one(shapes[node.get("id")], "dc:Bounds")
        assert float(bounds.get("width", "0")) > 0 and float(bounds.get("height", "0")) > 0
    for flow in _all(root, "bpmn:process/bpmn:sequenceFlow"):
        assert len(_all(edges[flow.get("id")], "di:waypoint")) >= 2, flow.get("id")
    for element in (*_all(root, ".//bpmn:lane"), *_all(root, ".//bpmn:group"),
                    *_all(root, ".//bpmn:participant")):
        assert element.get("id") in shapes


SPLINES = [pytest.param("", id="as-exported"), pytest.param("polyline", id="polyline-fallback")]


@pytest.mark.parametrize("splines", SPLINES)
@pytest.mark.parametrize("spec", PROCESSES, ids=_id)
def test_each_node_sits_in_exactly_one_lane_and_inside_it(spec: str, splines: str) -> None:
    graph, laid = _laid(spec, splines)
    for node in graph.nodes:
        lanes = [lane for lane in graph.lanes if node.id in lane.nodes]
        assert len(lanes) == 1, node.id
        assert laid.shapes[lanes[0].id].contains(laid.shapes[node.id]), node.id
        assert laid.pool.contains(laid.shapes[lanes[0].id])
    for i, a in enumerate(graph.nodes):
        for b in graph.nodes[i + 1:]:
            if a.id in (b.attached_to, None) or b.id == a.attached_to:
                continue  # a boundary event sits on its activity's border
            assert _apart(laid.shapes[a.id], laid.shapes[b.id]), (a.id, b.id)


def _apart(a: Bounds, b: Bounds) -> bool:
    return (a.x + a.width <= b.x or b.x + b.width <= a.x
            or a.y + a.height <= b.y or b.y + b.height <= a.y)


@pytest.mark.parametrize("splines", SPLINES)
@pytest.mark.parametrize("spec", PROCESSES, ids=_id)
def test_stage_groups_do_not_overlap(spec: str, splines: str) -> None:
    """Each stage's group holds its nodes, and no two groups share a point: dot ranks each
    stage after the one before (Jining's `intake` and `project_land` used to overlap)."""
    graph, laid = _laid(spec, splines)
    groups = [g for g in graph.groups if g.nodes]
    for group in groups:
        assert all(laid.shapes[group.id].contains(laid.shapes[n]) for n in group.nodes)
    for i, a in enumerate(groups):
        for b in groups[i + 1:]:
            assert _apart(laid.shapes[a.id], laid.shapes[b.id]), (a.stage, b.stage)


@pytest.mark.parametrize("splines", SPLINES)
@pytest.mark.parametrize("spec", PROCESSES, ids=_id)
def test_edges_run_from_their_source_shape_to_their_target_shape(spec: str,
                                                                 splines: str) -> None:
    graph, laid = _laid(spec, splines)
    for flow in graph.flows:
        points = laid.edges[flow.id]
        assert _near(laid, flow.source, points[0]), (flow.id, points)
        assert _near(laid, flow.target, points[-1]), (flow.id, points)


def _near(laid: Layout, node_id: str, point: tuple[float, float], slack: float = 3) -> bool:
    box = laid.shapes[node_id]
    x, y = point
    return (box.x - slack <= x <= box.x + box.width + slack
            and box.y - slack <= y <= box.y + box.height + slack)


@pytest.mark.parametrize("spec", PROCESSES, ids=_id)
def test_the_coordinates_are_dots_own(spec: str) -> None:
    """Read dot's plain-text output of the same graph: every shape is where dot put it."""
    graph, laid = _laid(spec)
    plain = subprocess.run(["dot", "-Tplain"], input=dot_source(graph).encode(),
                           capture_output=True, check=True).stdout.decode()
    centres = {}
    for line in plain.splitlines():
        parts = shlex.split(line)
        if parts[0] == "node":
            centres[parts[1]] = (float(parts[2]) * 72, float(parts[3]) * 72)
    first = graph.nodes[0].id
    for node in graph.nodes:
        box, anchor = laid.shapes[node.id], laid.shapes[first]
        if node.attached_to is not None:  # drawn on its activity's lower border
            host = laid.shapes[node.attached_to]
            assert box.y + box.height / 2 == pytest.approx(host.y + host.height)
            assert host.x <= box.x + box.width / 2 <= host.x + host.width
            continue
        dx = (box.x + box.width / 2) - (anchor.x + anchor.width / 2)
        dy = (box.y + box.height / 2) - (anchor.y + anchor.height / 2)
        assert dx == pytest.approx(centres[node.id][0] - centres[first][0], abs=1.5)
        assert dy == pytest.approx(centres[first][1] - centres[node.id][1], abs=1.5)


# -- how each part of a definition maps -----------------------------------------------------

XIANYANG = "xianyang-culture-subsidy"
PARALLEL = str(FIXTURES / "parallel.yaml")


def _node(root: etree._Element, node_id: str) -> etree._Element:
    found = [n for n in _flow_nodes(root) if n.get("id") == node_id]
    assert len(found) == 1, node_id
    return found[0]


def _tag(element: etree._Element) -> str:
    return str(etree.QName(element).localname)


def test_department_work_is_a_user_task_in_its_departments_lane() -> None:
    root = _export(XIANYANG)
    assert _tag(_node(root, "preliminary_review")) == "userTask"
    lane = _one(root, ".//bpmn:lane[bpmn:flowNodeRef='preliminary_review']")
    assert lane.get("name") == "高新区文化产业主管部门"


def test_an_applicant_wait_with_several_ways_on_is_an_event_based_gateway() -> None:
    root = _export(XIANYANG)
    gateway = _node(root, "submission")
    assert _tag(gateway) == "eventBasedGateway"
    catches = [_node(root, f.get("targetRef", "")) for f in _outgoing(root, "submission")]
    assert {_tag(c) for c in catches} == {"intermediateCatchEvent"}
    messages = {m.get("id"): m.get("name") for m in _all(root, "bpmn:message")}
    caught = {messages[_one(c, "bpmn:messageEventDefinition").get("messageRef")]
              for c in catches}
    assert caught == {"submit", "withdraw"}
    lane = _one(root, ".//bpmn:lane[bpmn:flowNodeRef='submission']")
    assert lane.get("name") == "申请人"


def test_a_guarded_way_after_a_caught_event_waits_again_when_its_guard_fails() -> None:
    """Zhaoqing's listing: `sell` and `close_unsold` are caught, then their guards read.
    BPMN puts no condition on a flow leaving an event, so a gateway reads it; when it does
    not hold the event moves nothing (as in the state machine) and the default flow leads
    back to the wait. No one-way gateway is left (bpmnlint's superfluous-gateway)."""
    root = _export("zhaoqing-land-supply")
    for trigger in ("sell", "close_unsold"):
        gate = _node(root, f"listing-on-{trigger}-guard")
        flows = _outgoing(root, f"listing-on-{trigger}-guard")
        assert len(flows) == 2
        (back,) = [f for f in flows if f.get("id") == gate.get("default")]
        assert back.find("bpmn:extensionElements/pk:waitAgain", NAMESPACES) is not None
        (into,) = _outgoing(root, back.get("targetRef", ""))
        assert into.get("targetRef") == "listing"
        (on,) = [f for f in flows if f is not back]
        assert _condition(on) is not None


def test_a_deadline_way_is_a_timer_boundary_event_on_the_wait() -> None:
    """`expire` after the 5-working-day supplement limit: an interrupting timer on the
    receive task that waits for `resubmit`; `withdraw` a message boundary event beside it."""
    root = _export(XIANYANG)
    task = _node(root, "supplement")
    assert _tag(task) == "receiveTask"
    messages = {m.get("id"): m.get("name") for m in _all(root, "bpmn:message")}
    assert messages[task.get("messageRef")] == "resubmit"
    borders = {b.get("id"): b for b in _all(root, "bpmn:process/bpmn:boundaryEvent")
               if b.get("attachedToRef") == "supplement"}
    assert set(borders) == {"supplement-on-expire", "supplement-on-withdraw"}
    assert all(b.get("cancelActivity") == "true" for b in borders.values())
    timer = _one(borders["supplement-on-expire"], "bpmn:timerEventDefinition/bpmn:timeDuration")
    assert timer.text == "P7D"  # 5 working days at 7 for 5: BPMN has no working days
    withdraw = _one(borders["supplement-on-withdraw"], "bpmn:messageEventDefinition")
    assert messages[withdraw.get("messageRef")] == "withdraw"
    for boundary_id in borders:
        (flow,) = _outgoing(root, boundary_id)
        assert _node(root, flow.get("targetRef", "")).get("name", "").startswith("汇合")
    lane = _one(root, ".//bpmn:lane[bpmn:flowNodeRef='supplement-on-expire']")
    assert lane.get("name") == "申请人"


def test_a_deadline_way_without_a_limit_or_other_ways_stays_a_message(
        write: Callable[[str, str], Path]) -> None:
    definition = _load(write, """
states:
  - {id: wait_reply, kind: wait}
  - {id: timed, kind: wait, limit: {natural_days: 3}}
  - {id: done, kind: final, outcome: approved}
  - {id: lapsed, kind: final, outcome: withdrawn}
transitions:
  - {from: wait_reply, to: timed, on: reply}
  - {from: wait_reply, to: lapsed, on: expire}
  - {from: timed, to: lapsed, on: lapse}
""")
    root = etree.fromstring(to_bpmn_xml(definition))
    assert _tag(_node(root, "wait_reply")) == "eventBasedGateway"  # no limit to wait for
    assert _tag(_node(root, "timed")) == "receiveTask"  # nothing else ends it
    assert not _all(root, "bpmn:process/bpmn:boundaryEvent")


def test_a_wait_with_one_way_on_is_a_receive_task() -> None:
    root = _export(PARALLEL)
    task = _node(root, "plan_wait")
    assert _tag(task) == "receiveTask"
    message = _one(root, f"bpmn:message[@id='{task.get('messageRef')}']")
    assert message.get("name") == "plan_review.resubmit"


def test_a_decision_is_an_exclusive_gateway_with_the_guards_as_conditions() -> None:
    root = _export(PARALLEL)
    assert _tag(_node(root, "decide")) == "exclusiveGateway"
    flows = {f.get("name"): f for f in _outgoing(root, "decide")}
    assert _condition(flows["grant"]) == "not risky"
    assert _condition(flows["refuse"]) == "risky"
    expression = _one(flows["grant"], "bpmn:conditionExpression")
    assert expression.get("language") == GUARD_LANGUAGE
    assert expression.get(f"{{{NAMESPACES['xsi']}}}type") == "bpmn:tFormalExpression"


def test_a_task_with_several_outcomes_reads_the_outcome_and_the_guard() -> None:
    root = _export(XIANYANG)
    (after,) = _outgoing(root, "preliminary_review")
    gateway = _node(root, after.get("targetRef", ""))
    assert _tag(gateway) == "exclusiveGateway"
    conditions = {f.get("name"): _condition(f) for f in _outgoing(root, gateway.get("id", ""))}
    assert conditions == {  # flows named by the triggers' names (triggers:)
        "初审通过": 'trigger == "pass" and registered_in_zone and sector != "other"',
        "要求补正":
            'trigger == "request_supplement" and registered_in_zone and sector != "other"',
        "初审不通过": 'trigger == "reject" and (not registered_in_zone or sector == "other")',
    }


def test_a_concurrent_stage_is_a_parallel_fork_and_join() -> None:
    root = _export(PARALLEL)
    fork, join = _node(root, "Fork-reviews"), _node(root, "Join-reviews")
    assert _tag(fork) == _tag(join) == "parallelGateway"
    # plan_check is also entered by a correction loop: the flows meet at a merge first
    assert {f.get("targetRef") for f in _outgoing(root, "Fork-reviews")} == {
        "fire_check", "Into-plan_check"}
    into = _all(root, "bpmn:process/bpmn:sequenceFlow[@targetRef='Join-reviews']")
    assert {f.get("sourceRef") for f in into} == {"fire_done", "plan_done"}
    assert _tag(_node(root, "fire_done")) == "intermediateThrowEvent"


def test_each_outcome_is_its_own_end_event_and_leaving_a_region_terminates() -> None:
    root = _export(PARALLEL)
    ends = {e.get("id"): e for e in _all(root, "bpmn:process/bpmn:endEvent")}
    assert set(ends) == {"approved", "rejected"}
    assert ends["rejected"].find("bpmn:terminateEventDefinition", NAMESPACES) is not None
    assert ends["approved"].find("bpmn:terminateEventDefinition", NAMESPACES) is None
    assert set(_all(_export(XIANYANG), "bpmn:process/bpmn:endEvent")) != set()


def test_certificates_and_time_limits_travel_as_documentation_and_extensions() -> None:
    root = _export(PARALLEL)
    (grant,) = [f for f in _outgoing(root, "decide") if f.get("name") == "grant"]
    assert "许可证" in _one(grant, "bpmn:documentation").text
    assert _one(grant, "bpmn:extensionElements/pk:issues").get("certificate") == "permit"
    task = _node(_export(XIANYANG), "preliminary_review")
    assert "时限:10个工作日" in str(_one(task, "bpmn:documentation").text)
    limit = _one(task, "bpmn:extensionElements/pk:limit")
    assert (limit.get("workingDays"), limit.get("countsFirstDay")) == ("10", "false")


def test_stages_are_groups_named_by_their_stage() -> None:
    root = _export(XIANYANG)
    values = {v.get("id"): v.get("value") for v in _all(root, "bpmn:category/bpmn:categoryValue")}
    groups = _all(root, "bpmn:process/bpmn:group")
    assert [values[g.get("categoryValueRef")] for g in groups] == [
        "企业申报", "初审", "专家联评", "公示", "奖励决定", "资金兑现"]


def test_names_follow_the_language_asked_for() -> None:
    root = _export(XIANYANG, "en")
    assert _node(root, "preliminary_review").get("name") == (
        "Preliminary review of eligibility and materials")
    assert _one(root, ".//bpmn:lane[bpmn:flowNodeRef='supplement']").get("name") == "Applicant"


# -- definitions written for one rule -------------------------------------------------------

BASE = """\
format: 1
id: bpmn-case
title: {zh: 导出测试, en: Export test}
attributes:
  trigger: {type: bool, example: true}
departments:
  - {id: office, name: 办公室}
"""


def _load(write: Callable[[str, str], Path], body: str) -> Definition:
    return load(write(BASE + body, "case.yaml"))


def test_the_outcome_variable_avoids_an_attribute_of_the_same_name(
        write: Callable[[str, str], Path]) -> None:
    definition = _load(write, """\
states:
  - {id: check, kind: task, department: office}
  - {id: approved, kind: final, outcome: approved}
  - {id: rejected, kind: final, outcome: rejected}
transitions:
  - {from: check, to: approved, on: approve, when: trigger}
  - {from: check, to: rejected, on: reject}
""")
    root = etree.fromstring(to_bpmn_xml(definition))
    conditions = {_condition(f) for f in _all(root, "bpmn:process/bpmn:sequenceFlow")}
    assert 'trigger_ == "approve" and trigger' in conditions
    assert _one(root, ".//pk:process").get("choiceVariable") == "trigger_"


def test_an_unguarded_way_out_of_a_decision_is_the_default_flow(
        write: Callable[[str, str], Path]) -> None:
    definition = _load(write, """\
states:
  - {id: pick, kind: decision}
  - {id: approved, kind: final, outcome: approved}
  - {id: rejected, kind: final, outcome: rejected}
transitions:
  - {from: pick, to: rejected, on: refuse, when: not trigger}
  - {from: pick, to: approved, on: grant, default: true}
""")
    root = etree.fromstring(to_bpmn_xml(definition))
    gateway = _node(root, "pick")
    (default,) = [f for f in _outgoing(root, "pick") if f.get("id") == gateway.get("default")]
    assert default.get("targetRef") == "approved" and _condition(default) is None


def test_a_region_with_two_final_states_merges_before_the_join(
        write: Callable[[str, str], Path]) -> None:
    definition = _load(write, """\
stages:
  - id: both
    regions:
      - id: left
        states:
          - {id: look, kind: task}
          - {id: fine, kind: final}
          - {id: noted, kind: final}
      - id: right
        states:
          - {id: other, kind: task}
          - {id: right_done, kind: final}
states:
  - {id: approved, kind: final, outcome: approved}
transitions:
  - {from: look, to: fine, on: pass}
  - {from: look, to: noted, on: note}
  - {from: other, to: right_done, on: pass}
  - {from: both, to: approved, on: join}
""")
    root = etree.fromstring(to_bpmn_xml(definition))
    assert {f.get("targetRef") for f in _outgoing(root, "fine")} == {"Merge-left"}
    assert {f.get("targetRef") for f in _outgoing(root, "noted")} == {"Merge-left"}
    into = _all(root, "bpmn:process/bpmn:sequenceFlow[@targetRef='Join-both']")
    assert {f.get("sourceRef") for f in into} == {"Merge-left", "right_done"}
    assert _schema().validate(root.getroottree())


def test_a_stage_entered_from_two_places_is_entered_through_one_merge(
        write: Callable[[str, str], Path]) -> None:
    definition = _load(write, """\
stages:
  - id: both
    regions:
      - id: left
        states:
          - {id: look, kind: task}
          - {id: left_done, kind: final}
      - id: right
        states:
          - {id: other, kind: task}
          - {id: right_done, kind: final}
states:
  - {id: again, kind: task}
  - {id: approved, kind: final, outcome: approved}
transitions:
  - {from: look, to: left_done, on: pass}
  - {from: other, to: right_done, on: pass}
  - {from: both, to: again, on: join}
  - {from: again, to: both, on: retry}
  - {from: again, to: approved, on: finish}
""")
    root = etree.fromstring(to_bpmn_xml(definition))
    into = _all(root, "bpmn:process/bpmn:sequenceFlow[@targetRef='Fork-both']")
    assert [f.get("sourceRef") for f in into] == ["Enter-both"]
    merged = _all(root, "bpmn:process/bpmn:sequenceFlow[@targetRef='Enter-both']")
    assert {f.get("sourceRef") for f in merged} == {"StartEvent", "again-choice"}
    assert _tag(_node(root, "Enter-both")) == "exclusiveGateway"


def test_leaving_a_region_for_a_state_that_goes_on_is_refused_with_its_place(
        write: Callable[[str, str], Path]) -> None:
    definition = _load(write, """\
stages:
  - id: both
    regions:
      - id: left
        states:
          - {id: look, kind: task}
          - {id: left_done, kind: final}
      - id: right
        states:
          - {id: other, kind: task}
          - {id: right_done, kind: final}
states:
  - {id: redo, kind: task}
  - {id: approved, kind: final, outcome: approved}
transitions:
  - {from: look, to: left_done, on: pass}
  - {from: look, to: redo, on: send_back}
  - {from: other, to: right_done, on: pass}
  - {from: both, to: approved, on: join}
  - {from: redo, to: approved, on: finish}
""")
    with pytest.raises(RenderError, match=r"case\.yaml:\d+:\d+: .*`look` leaves region `left` "
                                          r"for `redo`"):
        to_bpmn_xml(definition)


def test_a_missing_dot_is_one_line_with_an_install_hint(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RenderError, match=r"^Graphviz's `dot` program was not found: .*apt-get "
                                          r"install graphviz[^\n]*$"):
        to_bpmn_xml(_definition(PARALLEL))


def test_chinese_survives_as_characters() -> None:
    text = to_bpmn_xml(_definition(XIANYANG)).decode("utf-8")
    assert 'name="初审(资格与材料)"' in text and "&#" not in text


def test_a_language_without_labels_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no labels in `fr`; use zh, en or both"):
        to_bpmn_xml(_definition(PARALLEL), lang="fr")


def test_both_languages_name_each_element_twice() -> None:
    root = _export(XIANYANG, "both")
    task = _node(root, "preliminary_review")
    assert task.get("name") == "初审(资格与材料) / Preliminary review of eligibility and materials"
    documentation = str(_one(task, "bpmn:documentation").text)
    assert "时限:10个工作日" in documentation and "Limit: 10 working days" in documentation
    assert _one(root, ".//bpmn:lane[bpmn:flowNodeRef='supplement']").get("name") == (
        "申请人 / Applicant")


# -- what bpmnlint's recommended rules ask of every export --------------------------------

@pytest.mark.parametrize("spec", PROCESSES, ids=_id)
def test_export_meets_the_linters_rules(spec: str) -> None:
    root = _export(spec)
    process = root.find("bpmn:process", NAMESPACES)
    assert process is not None
    flows = process.findall("bpmn:sequenceFlow", NAMESPACES)
    incoming: dict[str, int] = {}
    outgoing: dict[str, int] = {}
    for flow in flows:
        incoming[flow.get("targetRef", "")] = incoming.get(flow.get("targetRef", ""), 0) + 1
        outgoing[flow.get("sourceRef", "")] = outgoing.get(flow.get("sourceRef", ""), 0) + 1
    nodes = {e.get("id"): e for e in process if e.get("id") and _tag(e) not in (
        "sequenceFlow", "laneSet", "group")}
    for node_id, element in nodes.items():
        kind = _tag(element)
        if kind.endswith("Gateway"):
            assert element.get("name"), f"gateway {node_id} has no name"  # label-required
            assert not (incoming.get(node_id, 0) > 1 and outgoing.get(node_id, 0) > 1), \
                f"gateway {node_id} forks and joins"  # no-gateway-join-fork
        else:
            assert incoming.get(node_id, 0) <= 1, f"{node_id}: flows meet without a merge"
    for flow in flows:  # superfluous-label
        source = nodes[flow.get("sourceRef")]
        labelled = flow.get("name")
        allowed = flow.find("bpmn:conditionExpression", NAMESPACES) is not None or \
            source.get("default") == flow.get("id") or (
                _tag(source) == "exclusiveGateway" and outgoing[flow.get("sourceRef")] > 1)
        assert not labelled or allowed, f"{flow.get('id')} is labelled for nothing"
