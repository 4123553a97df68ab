"""Writing a laid-out ``BpmnGraph`` as BPMN 2.0 XML: the semantic model, then its diagram.

Part of render (load → … → **render**), pure: elements in the order the BPMN 2.0 XSD asks
for (documentation, extensionElements, then each element's own children), one pool whose
lanes are the departments, stages as ``group``s, and a BPMNDI plane with a shape for every
flow node, lane and group and an edge for every sequence flow. Uses only the standard
library: lxml and SpiffWorkflow are what the tests check the output with.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from importlib import metadata

from .graph import BpmnGraph, Extension, Flow, Node
from .layout import Bounds, Layout
from .notes import NAMESPACE

__all__ = ["BPMN", "GUARD_LANGUAGE", "NAMESPACES", "write"]

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NAMESPACES = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI, "xsi": XSI, "pk": NAMESPACE}
GUARD_LANGUAGE = "urn:policy-kit:guard:1"
"""The ``language`` of every condition: policy-kit's guard language (see docs/bpmn.md)."""

for _prefix, _uri in NAMESPACES.items():
    ET.register_namespace(_prefix, _uri)


def _q(namespace: str, tag: str) -> str:
    return f"{{{namespace}}}{tag}"


def _sub(parent: ET.Element, tag: str, namespace: str = BPMN, **attributes: str) -> ET.Element:
    return ET.SubElement(parent, _q(namespace, tag), attributes)


def write(graph: BpmnGraph, layout: Layout, planes: Mapping[str, Layout] | None = None) -> bytes:
    """The whole ``definitions`` document, UTF-8, indented; ``planes`` lays out the inside
    of each sub-process, drawn on a diagram of its own (bpmn.io drills into it)."""
    process_key = graph.process_id.removeprefix("Process-")
    root = ET.Element(_q(BPMN, "definitions"), {
        "id": f"Definitions-{process_key}",
        "targetNamespace": f"urn:policy-kit:process:{process_key}",
        "exporter": "policy-kit", "exporterVersion": _version()})
    collaboration = _sub(root, "collaboration", id="Collaboration")
    _sub(collaboration, "participant", id="Participant", name=graph.name,
         processRef=graph.process_id)
    for event in graph.messages:
        _sub(root, "message", id=message_id(event), name=event)
    for error, name in graph.errors:
        _sub(root, "error", id=error, name=name, errorCode=error)
    if graph.groups:
        category = _sub(root, "category", id="Category-stages")
        for group in graph.groups:
            _sub(category, "categoryValue", id=f"CategoryValue-{group.stage}", value=group.name)
    _process(root, graph)
    _diagram(root, graph.view(None), layout)
    for sub, plane in (planes or {}).items():
        _diagram(root, graph.view(sub), plane, sub)
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def message_id(event: str) -> str:
    return f"Message-{event}"


def _version() -> str:
    try:
        return metadata.version("policy-kit")
    except metadata.PackageNotFoundError:  # pragma: no cover - a checkout without install
        return "0"


def _annotate(element: ET.Element, documentation: str,
              extensions: Iterable[Extension]) -> None:
    if documentation:
        _sub(element, "documentation").text = documentation
    extensions = tuple(extensions)
    if extensions:
        holder = _sub(element, "extensionElements")
        for tag, attributes in extensions:
            _sub(holder, tag, NAMESPACE, **dict(attributes))


def _process(root: ET.Element, graph: BpmnGraph) -> None:
    process = _sub(root, "process", id=graph.process_id, name=graph.name, isExecutable="true")
    _annotate(process, graph.documentation, graph.extensions)
    lane_set = _sub(process, "laneSet", id="LaneSet")
    for lane in graph.lanes:
        element = _sub(lane_set, "lane", id=lane.id, name=lane.name)
        for node_id in lane.nodes:
            _sub(element, "flowNodeRef").text = node_id
    _content(process, graph, None)
    for group in graph.groups:
        element = _sub(process, "group", id=group.id,
                       categoryValueRef=f"CategoryValue-{group.stage}")
        _annotate(element, group.documentation, group.extensions)


def _content(parent: ET.Element, graph: BpmnGraph, scope: str | None) -> None:
    """The flow nodes and sequence flows of the process (``scope`` None) or of one of its
    sub-processes, each sub-process's own content inside it."""
    view = graph.view(scope)
    incoming: dict[str, list[str]] = {}
    outgoing: dict[str, list[str]] = {}
    for flow in view.flows:
        outgoing.setdefault(flow.source, []).append(flow.id)
        incoming.setdefault(flow.target, []).append(flow.id)
    for node in view.nodes:
        element = _node(parent, node, incoming.get(node.id, []), outgoing.get(node.id, []))
        if node.kind == "subProcess":
            _content(element, graph, node.id)
    for flow in view.flows:
        _flow(parent, flow)


def _node(process: ET.Element, node: Node, incoming: list[str],
          outgoing: list[str]) -> ET.Element:
    attributes = {"id": node.id}
    if node.name:
        attributes["name"] = node.name
    if node.kind == "receiveTask" and node.message is not None:
        attributes["messageRef"] = message_id(node.message)
    if node.attached_to is not None:
        attributes["attachedToRef"] = node.attached_to
        attributes["cancelActivity"] = "true" if node.interrupting else "false"
    if node.default is not None:
        attributes["default"] = node.default
    if node.kind in ("exclusiveGateway", "parallelGateway", "eventBasedGateway"):
        attributes["gatewayDirection"] = _direction(len(incoming), len(outgoing))
    element = _sub(process, node.kind, **attributes)
    _annotate(element, node.documentation, node.extensions)
    for flow_id in incoming:
        _sub(element, "incoming").text = flow_id
    for flow_id in outgoing:
        _sub(element, "outgoing").text = flow_id
    if node.kind in ("intermediateCatchEvent", "boundaryEvent") and node.message is not None:
        _sub(element, "messageEventDefinition", id=f"{node.id}-message",
             messageRef=message_id(node.message))
    if node.timer is not None:
        timer = _sub(element, "timerEventDefinition", id=f"{node.id}-timer")
        duration = _sub(timer, "timeDuration")
        duration.set(_q(XSI, "type"), "bpmn:tFormalExpression")
        duration.text = node.timer
    if node.error is not None:
        _sub(element, "errorEventDefinition", id=f"{node.id}-error", errorRef=node.error)
    if node.terminate:
        _sub(element, "terminateEventDefinition", id=f"{node.id}-terminate")
    return element


def _direction(incoming: int, outgoing: int) -> str:
    if incoming > 1 and outgoing > 1:
        return "Mixed"
    if outgoing > 1:
        return "Diverging"
    if incoming > 1:
        return "Converging"
    return "Unspecified"


def _flow(process: ET.Element, flow: Flow) -> None:
    attributes = {"id": flow.id, "sourceRef": flow.source, "targetRef": flow.target}
    if flow.name:
        attributes["name"] = flow.name
    element = _sub(process, "sequenceFlow", **attributes)
    _annotate(element, flow.documentation, flow.extensions)
    if flow.condition is not None:
        condition = _sub(element, "conditionExpression", language=GUARD_LANGUAGE)
        condition.set(_q(XSI, "type"), "bpmn:tFormalExpression")
        condition.text = flow.condition


def _diagram(root: ET.Element, graph: BpmnGraph, layout: Layout,
             sub: str | None = None) -> None:
    """One diagram: the pool with its lanes, or (``sub``) the inside of a sub-process."""
    suffix = "" if sub is None else f"-{sub}"
    diagram = _sub(root, "BPMNDiagram", BPMNDI, id=f"Diagram{suffix}")
    plane = _sub(diagram, "BPMNPlane", BPMNDI, id=f"Plane{suffix}",
                 bpmnElement=sub or "Collaboration")
    if sub is None:
        _shape(plane, "Participant", layout.pool, isHorizontal="true")
    for lane in graph.lanes:
        _shape(plane, lane.id, layout.shapes[lane.id], isHorizontal="true")
    for group in graph.groups:
        if group.id in layout.shapes:
            _shape(plane, group.id, layout.shapes[group.id])
    for node in graph.nodes:
        extra = {"isMarkerVisible": "true"} if node.kind == "exclusiveGateway" else \
            {"isExpanded": "false"} if node.kind == "subProcess" else {}
        _shape(plane, node.id, layout.shapes[node.id], **extra)
    for flow in graph.flows:
        edge = _sub(plane, "BPMNEdge", BPMNDI, id=f"{flow.id}-edge", bpmnElement=flow.id)
        for x, y in layout.edges[flow.id]:
            _sub(edge, "waypoint", DI, x=_number(x), y=_number(y))


def _shape(plane: ET.Element, element: str, bounds: Bounds, **extra: str) -> None:
    shape = _sub(plane, "BPMNShape", BPMNDI, id=f"{element}-shape", bpmnElement=element,
                 **extra)
    _sub(shape, "Bounds", DC, x=_number(bounds.x), y=_number(bounds.y),
         width=_number(bounds.width), height=_number(bounds.height))


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")
