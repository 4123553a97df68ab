"""Where a token goes from one state of the imported process to the next: the BPMN paths
between states, through the elements that take no time.

Part of load (**load** → …), used by ``translate``. A policy-kit move is one BPMN path
from a state's node to the next state's node: through merging gateways, throw events,
links, the start and end events of embedded sub-processes and, in a policy-kit export,
the routing gateways that carry no ``pk:state``. Each path ends at a state, a parallel
fork (a concurrent stage), a parallel join, or an end event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..errors import Problem
from .graph import Flow, FlowGraph, Node

__all__ = ["Arrival", "Follower"]

MAX_PATH = 200

Reached = Literal["state", "fork", "join", "end"]


@dataclass(frozen=True)
class Arrival:
    """A path's end: what it reached, and the flows (and throw events) it went through."""

    node: str
    reached: Reached
    flows: tuple[Flow, ...]
    through: tuple[str, ...] = ()


class Follower:
    """Follows flows through what takes no time; ``is_state`` and ``is_routing`` say which
    nodes stop a path and which let it fan out."""

    def __init__(self, graph: FlowGraph, is_state: Callable[[Node], bool],
                 is_parallel: Callable[[Node], bool], problems: list[Problem],
                 entered: Callable[[Flow], str | None] = lambda flow: None) -> None:
        self.graph = graph
        self.is_state = is_state
        self.is_parallel = is_parallel
        self.problems = problems
        self.entered = entered
        """The state a flow says it enters (policy-kit's ``pk:enter``): a routing
        gateway's flow is followed only by the path that entered the sub-process for it."""

    def follow(self, flow: Flow, scope: str | None = None) -> list[Arrival]:
        """Every arrival of a token sent along ``flow``; ``scope`` is the (sub-)process
        whose end events end a branch rather than leave a sub-process."""
        return self._follow(flow, (), (), scope)

    def _follow(self, flow: Flow, flows: tuple[Flow, ...], through: tuple[str, ...],
                scope: str | None) -> list[Arrival]:
        enters = self.entered(flow)
        if enters is not None:
            earlier = next((e for e in map(self.entered, reversed(flows)) if e is not None),
                           None)
            if earlier is not None and earlier != enters:
                return []  # the routing gateway's way for another entry
        flows = (*flows, flow)
        if len(flows) > MAX_PATH:
            self.problems.append(Problem(flow.location, f"sequence flow `{flow.id}` is part "
                                         "of a loop through gateways that never reaches an "
                                         "activity or event",
                                         message_zh=f"顺序流 `{flow.id}` 处在一个只经过网关、"
                                                    "永远到不了活动或事件的循环中"))
            return []
        node = self.graph.nodes[flow.target]
        if self.is_state(node):
            return [Arrival(node.id, "state", flows, through)]
        if self.is_parallel(node):
            if len(node.incoming) >= 2:
                return [Arrival(node.id, "join", flows, through)]
            if len(node.outgoing) >= 2:
                return [Arrival(node.id, "fork", flows, through)]
        if node.kind == "endEvent":
            return self._end(node, flows, through, scope)
        if node.expanded:
            starts = [self.graph.nodes[c] for c in node.children
                      if self.graph.nodes[c].kind == "startEvent"]
            return self._fan(starts, flows, (*through, node.id), scope)
        if node.kind == "intermediateThrowEvent" and node.event == "link":
            return self._fan(self._link_targets(node), flows, (*through, node.id), scope)
        return self._fan([node], flows, (*through, node.id), scope)

    def _fan(self, nodes: list[Node], flows: tuple[Flow, ...], through: tuple[str, ...],
             scope: str | None) -> list[Arrival]:
        found: list[Arrival] = []
        for node in nodes:
            for flow_id in node.outgoing:
                found.extend(self._follow(self.graph.flows[flow_id], flows, through, scope))
        return found

    def _end(self, node: Node, flows: tuple[Flow, ...], through: tuple[str, ...],
             scope: str | None) -> list[Arrival]:
        """An end event ends the case (or the branch) in ``scope``; inside a sub-process it
        ends the sub-process, and the token goes on along the sub-process's flows, or, for
        an error end event, along the flows of the boundary event that catches its error."""
        catcher = self.catcher(node)
        if catcher is not None:
            return self._fan([catcher], flows, (*through, node.id), scope)
        if node.scope is None or node.scope == scope:
            return [Arrival(node.id, "end", flows, through)]
        host = self.graph.nodes[node.scope]
        if not host.outgoing:
            return [Arrival(node.id, "end", flows, through)] if host.scope in (None, scope) \
                else self._end(host, flows, through, scope)
        return self._fan([host], flows, (*through, node.id), scope)

    def catcher(self, end: Node) -> Node | None:
        """The error boundary event that catches what the error end event ``end`` throws:
        on the innermost sub-process around it with one for that error (or for any)."""
        error = end.error if end.kind == "endEvent" else None
        host = self.graph.nodes[end.scope] if error is not None and end.scope else None
        while host is not None:
            caught = [b for b in (self.graph.nodes[i] for i in host.boundaries)
                      if b.error is not None]
            found = next((b for b in caught if b.error == error), None) or next(
                (b for b in caught if b.error == ""), None)
            if found is not None:
                return found
            host = self.graph.nodes[host.scope] if host.scope is not None else None
        return None

    def _link_targets(self, throw: Node) -> list[Node]:
        name = next((d.attributes.get("name", "") for d in throw.element.children
                     if d.tag == "linkEventDefinition"), "") or throw.name
        return [n for n in self.graph.nodes.values()
                if n.kind == "intermediateCatchEvent" and n.event == "link"
                and n.scope == throw.scope and name in (n.name, next(
                    (d.attributes.get("name", "") for d in n.element.children
                     if d.tag == "linkEventDefinition"), ""))]
