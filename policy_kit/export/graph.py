"""The BPMN elements of one exported process, before layout and XML: plain frozen data.

Part of render (load → … → **render**): ``mapping`` builds a ``BpmnGraph`` from a definition,
``layout`` gives it coordinates, ``xml`` writes both. Keeping the elements as data between
the steps lets tests read what the export means without parsing XML.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

__all__ = ["BpmnGraph", "Draft", "Extension", "Flow", "Group", "Lane", "Node", "NodeKind"]

NodeKind = Literal[
    "startEvent", "endEvent", "userTask", "receiveTask", "exclusiveGateway",
    "parallelGateway", "eventBasedGateway", "intermediateCatchEvent", "intermediateThrowEvent",
    "boundaryEvent", "subProcess",
]

Extension = tuple[str, tuple[tuple[str, str], ...]]
"""One ``pk:`` extension element: its local name and its attributes, in order."""


@dataclass(frozen=True)
class Node:
    """A flow node; ``state`` names the policy-kit state it stands for, if any. A boundary
    event sits on the activity ``attached_to``; it waits for ``message``, or, with
    ``timer`` (an ISO 8601 duration), for the time to run out; an end or boundary event
    with ``error`` throws or catches that error; a boundary event that is not
    ``interrupting`` lets its activity go on (a stage's time limit). ``scope`` is the
    sub-process the node sits in (``--bpmn-stages subprocess``), None at the process's
    top level."""

    id: str
    kind: NodeKind
    name: str
    state: str | None = None
    stage: str | None = None
    message: str | None = None
    terminate: bool = False
    default: str | None = None
    attached_to: str | None = None
    timer: str | None = None
    documentation: str = ""
    extensions: tuple[Extension, ...] = ()
    scope: str | None = None
    error: str | None = None
    interrupting: bool = True


@dataclass(frozen=True)
class Flow:
    """A sequence flow; ``condition`` is guard-language text, read by the gateway before it."""

    id: str
    source: str
    target: str
    name: str = ""
    condition: str | None = None
    documentation: str = ""
    extensions: tuple[Extension, ...] = ()


@dataclass(frozen=True)
class Lane:
    """A department (or the applicant) and the flow nodes that belong to it."""

    id: str
    name: str
    nodes: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    """A stage, drawn as a BPMN ``group`` around its nodes across the lanes."""

    id: str
    stage: str
    name: str
    nodes: tuple[str, ...]
    documentation: str = ""
    extensions: tuple[Extension, ...] = ()


@dataclass(frozen=True)
class BpmnGraph:
    """Every element of the exported process, in a stable order."""

    process_id: str
    name: str
    nodes: tuple[Node, ...]
    flows: tuple[Flow, ...]
    lanes: tuple[Lane, ...]
    groups: tuple[Group, ...]
    messages: tuple[str, ...]
    documentation: str = ""
    extensions: tuple[Extension, ...] = ()
    choice_variable: str = "trigger"
    errors: tuple[tuple[str, str], ...] = ()
    """The errors a stage's sub-process throws to leave it: (id, name)."""
    node_index: dict[str, Node] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.node_index.update({node.id: node for node in self.nodes})

    def node(self, node_id: str) -> Node:
        return self.node_index[node_id]

    def lane_of(self, node_id: str) -> Lane:
        return next(lane for lane in self.lanes if node_id in lane.nodes)

    @property
    def subprocesses(self) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes if n.kind == "subProcess")

    def view(self, scope: str | None) -> BpmnGraph:
        """The nodes and flows drawn on one plane: the process's top level (with its lanes
        and groups), or the inside of the sub-process ``scope`` (no lanes: they belong to
        the process)."""
        nodes = tuple(n for n in self.nodes if n.scope == scope)
        inside = {n.id for n in nodes}
        flows = tuple(f for f in self.flows if f.source in inside)
        lanes = tuple(lane for lane in self.lanes if scope is None)
        return replace(self, nodes=nodes, flows=flows, lanes=lanes,
                       groups=self.groups if scope is None else (), node_index={})


@dataclass
class Draft:
    """The nodes and flows while the mapping makes them, and the passes after it rewrite
    them in place (``subprocesses``, ``tidy``); ``follows`` says, for a node the export
    adds, the node it belongs beside (its lane, its place in the layout)."""

    nodes: dict[str, Node] = field(default_factory=dict)
    flows: list[Flow] = field(default_factory=list)
    follows: dict[str, str] = field(default_factory=dict)

    def add(self, node: Node, follows: str | None = None) -> str:
        self.nodes[node.id] = node
        if follows is not None:
            self.follows[node.id] = follows
        return node.id

    def flow(self, source: str, target: str, name: str = "", condition: str | None = None,
             documentation: str = "", extensions: tuple[Extension, ...] = ()) -> str:
        """A new sequence flow, numbered in the order made."""
        flow_id = f"Flow-{len(self.flows) + 1}"
        self.flows.append(Flow(flow_id, source, target, name, condition, documentation,
                               extensions))
        return flow_id
