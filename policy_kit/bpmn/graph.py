"""The flow graph of one BPMN process: flow nodes, sequence flows, boundary events, lanes,
data and annotations, whichever tool wrote the file.

Part of load (**load** → check → …): from ``XmlElement``s (``xml``) to plain data that
``translate`` reads. Embedded sub-processes are kept as scopes (a node's ``scope`` is the
sub-process it sits in); the content of a process called from the same file is read the
same way. Participants name the candidate processes; a participant whose process is
missing or holds no flow node is not one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import DefinitionError, Location, Problem, UsageError
from .xml import XmlElement

__all__ = ["ACTIVITIES", "Candidate", "Flow", "FlowGraph", "Node", "TASKS", "candidates",
           "flow_graph", "title"]

TASKS = frozenset({"task", "userTask", "manualTask", "serviceTask", "sendTask", "receiveTask",
                   "scriptTask", "businessRuleTask"})
SUBPROCESSES = frozenset({"subProcess", "transaction", "adHocSubProcess"})
ACTIVITIES = TASKS | SUBPROCESSES | {"callActivity"}
GATEWAYS = frozenset({"exclusiveGateway", "parallelGateway", "inclusiveGateway",
                      "eventBasedGateway", "complexGateway"})
EVENTS = frozenset({"startEvent", "endEvent", "intermediateCatchEvent",
                    "intermediateThrowEvent", "boundaryEvent"})
FLOW_NODES = ACTIVITIES | GATEWAYS | EVENTS


@dataclass
class Node:
    """A flow node: ``kind`` is its BPMN local name, ``events`` its event definitions."""

    element: XmlElement
    scope: str | None
    lane: str | None = None
    events: tuple[str, ...] = ()
    incoming: list[str] = field(default_factory=list)
    outgoing: list[str] = field(default_factory=list)
    boundaries: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.element.id

    @property
    def kind(self) -> str:
        return self.element.tag

    @property
    def name(self) -> str:
        return " ".join(self.element.attributes.get("name", "").split())

    @property
    def location(self) -> Location:
        return self.element.location

    @property
    def event(self) -> str:
        """The event definition (``timer``, ``message``, …), ``none`` without one."""
        return self.events[0] if self.events else "none"

    @property
    def error(self) -> str | None:
        """The error an error end event throws or an error boundary event catches (``""``:
        any error); None for other events."""
        definition = next((c for c in self.element.children
                           if c.bpmn and c.tag == "errorEventDefinition"), None)
        return None if definition is None else definition.attributes.get("errorRef", "")

    def attribute(self, name: str, default: str = "") -> str:
        return self.element.attributes.get(name, default)

    @property
    def expanded(self) -> bool:
        """A sub-process with flow nodes inside (a stage); empty ones are tasks."""
        return bool(self.children)


@dataclass(frozen=True)
class Flow:
    id: str
    source: str
    target: str
    name: str
    condition: XmlElement | None
    element: XmlElement

    @property
    def location(self) -> Location:
        return self.element.location


@dataclass
class FlowGraph:
    """One process: its nodes and flows by id, lanes, documents and annotations."""

    process: XmlElement
    name: str
    nodes: dict[str, Node]
    flows: dict[str, Flow]
    lanes: dict[str, str]
    documents: dict[str, tuple[str, Location]]
    requires: dict[str, list[str]]
    provides: dict[str, list[str]]
    annotations: list[tuple[str, str]]
    root: XmlElement


@dataclass(frozen=True)
class Candidate:
    """A process that can be imported: its id, the participant naming it, its name."""

    process: XmlElement
    participant: XmlElement | None

    @property
    def label(self) -> str:
        name = (self.participant or self.process).attributes.get("name") or \
            self.process.attributes.get("name", "")
        ids = self.process.id if self.participant is None else \
            f"{self.participant.id} (process {self.process.id})"
        return f"{ids}{': ' + ' '.join(name.split()) if name else ''}"


def candidates(root: XmlElement) -> list[Candidate]:
    """Processes with at least one flow node, each with its participant if it has one."""
    processes = {p.id: p for p in root.findall("process")}
    found: list[Candidate] = []
    named: set[str] = set()
    for collaboration in root.findall("collaboration"):
        for participant in collaboration.findall("participant"):
            process = processes.get(participant.attributes.get("processRef", ""))
            if process is not None and _has_flow_nodes(process):
                found.append(Candidate(process, participant))
                named.add(process.id)
    called = {called_element(e) for e in root.iter() if e.bpmn and e.tag == "callActivity"}
    for process in processes.values():
        if process.id not in named and _has_flow_nodes(process) and (
                process.id not in called or not found):
            found.append(Candidate(process, None))
    return found


def choose(root: XmlElement, wanted: str | None) -> Candidate:
    """The process to import: the only candidate, or the one ``--process`` names."""
    found = candidates(root)
    if wanted is not None:
        for candidate in found:
            if wanted in (candidate.process.id, candidate.participant.id
                          if candidate.participant else None):
                return candidate
        listing = "; ".join(c.label for c in found) or "none"
        raise UsageError(f"--process {wanted}: no participant or process with flow nodes has "
                         f"that id; candidates: {listing}",
                         zh=(f"--process {wanted}：没有带流程节点、编号为此的参与者或流程；候选："
                             f"{listing}"))
    if not found:
        raise DefinitionError.single(root.location, "the file holds no process with a flow "
                                     "node (start event, task, gateway, …)",
                                     zh=("文件中没有含流程节点（开始事件、任务、网关……）"
                                         "的流程", ""))
    if len(found) > 1:
        lines = "\n".join(f"  {c.label}" for c in found)
        raise UsageError(f"the file holds {len(found)} processes; choose one with "
                         f"--process ID:\n{lines}",
                         zh=f"文件中有 {len(found)} 个流程；用 --process ID 选一个：\n{lines}")
    return found[0]


def called_element(call: XmlElement) -> str:
    """The process a call activity calls: its ``calledElement``, or where Camunda 8 writes
    it, ``<zeebe:calledElement processId=…>`` in its extension elements."""
    called = call.attributes.get("calledElement", "")
    holder = call.find("extensionElements")
    if not called and holder is not None:
        called = next((e.attributes.get("processId", "") for e in holder.children
                       if e.tag == "calledElement"), "")
    return called.removeprefix("=")


def title(candidate: Candidate) -> str:
    """What the process is called: its own ``name``, else its pool's (the participant's),
    which names who runs it (高新区管委会) more often than what is run (文化产业奖补申报).
    A name a tool made up from the pool's (Trisotech's ``defaultName="true"``, "Bank -
    Process") gives way to the pool's."""
    own = candidate.process.attributes
    pool = candidate.participant.attributes if candidate.participant is not None else {}
    made_up = own.get("defaultName", "").strip() == "true"
    chosen = (None if made_up else own.get("name", "").strip()) or pool.get("name", "") \
        or own.get("name", "")
    return " ".join(chosen.split())


def _has_flow_nodes(process: XmlElement) -> bool:
    return any(c.bpmn and c.tag in FLOW_NODES for c in process.children)


def flow_graph(root: XmlElement, candidate: Candidate) -> FlowGraph:
    """Read ``candidate``'s process; ``DefinitionError`` for dangling or crossing flows."""
    process = candidate.process
    graph = FlowGraph(process, title(candidate), {}, {}, {}, {}, {}, {}, [], root)
    problems: list[Problem] = []
    _read_scope(graph, process, None, problems)
    _read_lanes(graph, process)
    _connect(graph, problems)
    if problems:
        raise DefinitionError(problems)
    return graph


def _read_scope(graph: FlowGraph, scope: XmlElement, scope_id: str | None,
                problems: list[Problem]) -> None:
    for element in scope.children:
        if not element.bpmn:
            continue
        if element.tag in FLOW_NODES:
            _read_node(graph, element, scope_id, problems)
        elif element.tag == "sequenceFlow":
            attributes = element.attributes
            graph.flows[element.id] = Flow(
                element.id, attributes.get("sourceRef", ""), attributes.get("targetRef", ""),
                " ".join(attributes.get("name", "").split()),
                element.find("conditionExpression"), element)
        elif element.tag in ("dataObject", "dataObjectReference", "dataStoreReference"):
            if element.tag == "dataObject" and any(
                    c.attributes.get("dataObjectRef") == element.id for c in scope.children):
                continue  # its references stand for it
            name = " ".join(element.attributes.get("name", "").split())
            graph.documents[element.id] = (name, element.location)
        elif element.tag == "textAnnotation":
            body = element.find("text")
            text = " ".join((body.text if body is not None else "").split())
            if text:
                graph.annotations.append((element.id, text))


def _read_node(graph: FlowGraph, element: XmlElement, scope_id: str | None,
               problems: list[Problem]) -> None:
    if not element.id:
        problems.append(Problem(element.location, f"a `{element.tag}` without an id",
                                message_zh=f"`{element.tag}` 没有 id"))
        return
    events = tuple(c.tag.removesuffix("EventDefinition") for c in element.children
                   if c.bpmn and c.tag.endswith("EventDefinition"))
    graph.nodes[element.id] = Node(element, scope_id, events=events)
    if scope_id is not None:
        graph.nodes[scope_id].children.append(element.id)
    if element.tag in SUBPROCESSES:
        _read_scope(graph, element, element.id, problems)
    elif element.tag == "callActivity":
        _read_called(graph, element, problems)
    _read_data(graph, element)


def _read_called(graph: FlowGraph, call: XmlElement, problems: list[Problem]) -> None:
    """A process called from the same file is read as the call activity's content (a
    stage), once: a second call of the same process stays one task."""
    called = next((p for p in graph.root.findall("process")
                   if p.id == called_element(call)), None)
    if called is None or called is graph.process or not _has_flow_nodes(called) or any(
            c.id in graph.nodes for c in called.children if c.tag in FLOW_NODES):
        return
    _read_scope(graph, called, call.id, problems)


def _read_data(graph: FlowGraph, element: XmlElement) -> None:
    for association in element.findall("dataInputAssociation"):
        for ref in association.findall("sourceRef"):
            graph.requires.setdefault(element.id, []).append(ref.text)
    for association in element.findall("dataOutputAssociation"):
        for ref in association.findall("targetRef"):
            graph.provides.setdefault(element.id, []).append(ref.text)


def _read_lanes(graph: FlowGraph, scope: XmlElement) -> None:
    for lane_set in scope.findall("laneSet"):
        for lane in lane_set.findall("lane"):
            for ref in lane.findall("flowNodeRef"):
                graph.lanes.setdefault(ref.text, lane.id)
            child = lane.find("childLaneSet")
            if child is not None:
                _read_lanes_in(graph, child)


def _read_lanes_in(graph: FlowGraph, lane_set: XmlElement) -> None:
    for lane in lane_set.findall("lane"):
        for ref in lane.findall("flowNodeRef"):
            graph.lanes[ref.text] = lane.id  # the innermost lane wins
        child = lane.find("childLaneSet")
        if child is not None:
            _read_lanes_in(graph, child)


def _connect(graph: FlowGraph, problems: list[Problem]) -> None:
    elsewhere = _other_pools(graph)
    for flow in graph.flows.values():
        missing = [(role, ref) for role, ref in (("sourceRef", flow.source),
                                                  ("targetRef", flow.target))
                   if ref not in graph.nodes]
        for role, ref in missing:
            problems.append(_dangling(flow, role, ref, elsewhere))
        if missing:
            continue
        source, target = graph.nodes[flow.source], graph.nodes[flow.target]
        if source.scope != target.scope:
            border = source.scope or target.scope
            problems.append(Problem(flow.location, f"sequence flow `{flow.id}` crosses the "
                                    f"border of sub-process `{border}`",
                                    "BPMN forbids it; connect the sub-process itself",
                                    message_zh=f"顺序流 `{flow.id}` 穿过子流程 `{border}` 的边界",
                                    hint_zh="BPMN 不允许这样；请连接子流程本身"))
            continue
        source.outgoing.append(flow.id)
        target.incoming.append(flow.id)
    for node in graph.nodes.values():
        if node.kind == "boundaryEvent":
            host = node.attribute("attachedToRef")
            if host not in graph.nodes:
                problems.append(Problem(node.location, f"boundary event `{node.id}`: "
                                        f"attachedToRef `{host}` is no activity here",
                                        message_zh=f"边界事件 `{node.id}`：attachedToRef "
                                                   f"`{host}` 不是本流程中的活动"))
            else:
                graph.nodes[host].boundaries.append(node.id)
        if node.id in graph.lanes:
            node.lane = graph.lanes[node.id]


def _dangling(flow: Flow, role: str, ref: str, elsewhere: dict[str, str]) -> Problem:
    """A flow's end that names nothing, or a node of another pool."""
    joins = "every sequence flow joins two flow nodes of one process"
    joins_zh = "每条顺序流连接同一流程中的两个流程节点"
    if not ref:
        return Problem(flow.location, f"sequence flow `{flow.id}`: {role} is missing", joins,
                       message_zh=f"顺序流 `{flow.id}`：缺少 {role}", hint_zh=joins_zh)
    if ref in elsewhere:
        return Problem(flow.location, f"sequence flow `{flow.id}`: {role} names `{ref}`, a "
                       f"node of process `{elsewhere[ref]}`: a sequence flow cannot cross "
                       "pools", "between pools, use a message flow",
                       message_zh=f"顺序流 `{flow.id}`：{role} 指向 `{ref}`，那是流程 "
                                  f"`{elsewhere[ref]}` 的节点：顺序流不能跨越泳池",
                       hint_zh="泳池之间请用消息流")
    return Problem(flow.location, f"sequence flow `{flow.id}`: {role} names `{ref}`, which "
                   "is no flow node here", joins,
                   message_zh=f"顺序流 `{flow.id}`：{role} 指向 `{ref}`，本流程中没有这个流程节点",
                   hint_zh=joins_zh)


def _other_pools(graph: FlowGraph) -> dict[str, str]:
    """Flow nodes of the file's other processes, by id, with their process."""
    return {e.id: p.id for p in graph.root.findall("process") if p is not graph.process
            for e in p.iter() if e.bpmn and e.tag in FLOW_NODES}
