"""Coordinates for BPMN diagram interchange, read from Graphviz's own layout of the elements.

Part of render (load → … → **render**). The BPMN elements go to the real ``dot`` as a graph
(left to right, one cluster per lane, each node at its BPMN size) and come back as JSON;
every shape, lane and waypoint below is dot's, moved so that y grows downwards. Two
small additions make dot's clusters into BPMN lanes: an invisible node in each lane on the
first rank (tied to the lane's first node, to keep it level with the lane's work), so that
every cluster spans the first rank and dot must stack them (lanes never share a height);
and the lanes stretched to the diagram's full width, meeting halfway across the gaps
between clusters.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import RenderError
from ..render.dot import Digraph, GraphvizMissing, run_dot
from .graph import BpmnGraph, Node, NodeKind

__all__ = ["Bounds", "Layout", "Point", "dot_source", "layout", "read_layout"]

Point = tuple[float, float]

SIZES: dict[NodeKind, tuple[float, float]] = {
    "userTask": (100, 80), "receiveTask": (100, 80), "subProcess": (100, 80),
    "startEvent": (36, 36), "endEvent": (36, 36), "intermediateCatchEvent": (36, 36),
    "intermediateThrowEvent": (36, 36), "boundaryEvent": (36, 36),
    "exclusiveGateway": (50, 50), "parallelGateway": (50, 50), "eventBasedGateway": (50, 50),
}
_SHAPES: dict[NodeKind, str] = {
    "userTask": "box", "receiveTask": "box", "subProcess": "box", "exclusiveGateway": "diamond",
    "parallelGateway": "diamond", "eventBasedGateway": "diamond",
}
HEADER = 30.0
"""Width of the name band at the left of a pool and of each lane, as bpmn.io draws them."""
PAD = 20.0
GROUP_PAD = 12.0


@dataclass(frozen=True)
class Bounds:
    x: float
    y: float
    width: float
    height: float

    def contains(self, other: Bounds) -> bool:
        return (self.x <= other.x and self.y <= other.y
                and other.x + other.width <= self.x + self.width
                and other.y + other.height <= self.y + self.height)


@dataclass(frozen=True)
class Layout:
    """Bounds of every node, lane, group and the pool; waypoints of every flow."""

    shapes: Mapping[str, Bounds]
    edges: Mapping[str, tuple[Point, ...]]
    pool: Bounds


def layout(graph: BpmnGraph) -> Layout:
    """Run ``dot`` on ``graph`` and read its coordinates; ``RenderError`` if it cannot run."""
    try:
        data = _run_dot(dot_source(graph, "ortho"))
        if all(flow.id in _routed(data) for flow in graph.flows):
            return read_layout(graph, data)
    except GraphvizMissing:
        raise
    except RenderError:
        pass
    # dot's orthogonal router gives up on some graphs; its polyline router does not.
    return read_layout(graph, _run_dot(dot_source(graph, "polyline")))


def _routed(data: Mapping[str, Any]) -> set[str]:
    return {str(e["id"]) for e in data.get("edges", []) if "pos" in e and "id" in e}


def _anchor(lane_id: str) -> str:
    return f"anchor {lane_id}"


def dot_source(graph: BpmnGraph, splines: str = "ortho") -> str:
    """The DOT text of ``graph``: nodes at their BPMN sizes (72 points = 72 pixels)."""
    dot = Digraph("bpmn")
    dot.attr("graph", rankdir="LR", newrank="true", splines=splines, nodesep="0.5",
             ranksep="0.6", margin="0", pad="0")
    dot.attr("node", label="", fixedsize="true")
    order = _from_start(graph)
    hosts = {n.attached_to for n in graph.nodes if n.attached_to is not None}
    for lane in graph.lanes:
        with dot.subgraph(name=f"cluster {lane.id}") as cluster:
            cluster.node(_anchor(lane.id), shape="point", width="0.01", height="0.01",
                         style="invis")
            members = sorted((n for n in lane.nodes if graph.node(n).attached_to is None),
                             key=order.__getitem__)
            for node_id in members:
                _node(cluster, graph, graph.node(node_id), node_id in hosts)
            cluster.edge(_anchor(lane.id), members[0], style="invis", weight="10")
    if not graph.lanes:  # a sub-process's plane
        for node_id in sorted((n.id for n in graph.nodes if n.attached_to is None),
                              key=order.__getitem__):
            _node(dot, graph, graph.node(node_id), node_id in hosts)
    with dot.subgraph() as first:
        first.attr(rank="min")
        for lane in graph.lanes:
            first.node(_anchor(lane.id))
        for node in graph.nodes:
            if node.kind == "startEvent":
                first.node(node.id)
    for flow in graph.flows:
        dot.edge(_placed(graph, flow.source), flow.target, id=flow.id)
    _stages_in_turn(dot, graph, order)
    source: str = dot.source
    return source


def _stages_in_turn(dot: Digraph, graph: BpmnGraph, order: Mapping[str, int]) -> None:
    """Each stage's nodes on ranks after the previous stage's, so that the groups drawn
    around them never overlap (a stage spans several lanes, so it cannot be a cluster of
    its own). Stages go in the order the case first reaches them; an invisible edge runs
    from each last node of one stage to each first node of the next. The edges weigh
    nothing: they order ranks and pull nothing. They are few, for dot's orthogonal router
    routes invisible edges too and slows with every one (an invisible point between the
    stages, tied to every member, made Jining's layout ten times slower)."""
    stages = sorted((members for members in (group.nodes for group in graph.groups)
                     if members), key=lambda members: min(order[n] for n in members))
    for before, after in zip(stages, stages[1:], strict=False):
        for last in dict.fromkeys(_placed(graph, n) for n in _ends(graph, before, "source")):
            for first in _ends(graph, after, "target"):
                dot.edge(last, first, style="invis", weight="0")


def _placed(graph: BpmnGraph, node_id: str) -> str:
    """The node dot places for ``node_id``: a boundary event's activity (the event is
    drawn on its border afterwards, and its flows leave from there)."""
    return graph.node(node_id).attached_to or node_id


def _ends(graph: BpmnGraph, members: tuple[str, ...], side: str) -> list[str]:
    """A stage's last nodes (``side="source"``: no flow from them to another member) or
    its first ones; in a stage that is one loop, every member."""
    inside = set(members)
    linked = {getattr(flow, side) for flow in graph.flows
              if flow.source in inside and flow.target in inside}
    return [n for n in members if n not in linked] or list(members)


def _from_start(graph: BpmnGraph) -> dict[str, int]:
    """Nodes numbered breadth-first from the start event, the rest after them.

    dot breaks cycles (correction loops) by reversing the edges its depth-first search
    finds going back, searching from the nodes in the order they are written: written from
    the start, the loops point backwards and the main path runs left to right.
    """
    after: dict[str, list[str]] = {}
    for flow in graph.flows:
        after.setdefault(_placed(graph, flow.source), []).append(flow.target)
    order: dict[str, int] = {}
    queue = deque(n.id for n in graph.nodes if n.kind == "startEvent")
    while queue:
        current = queue.popleft()
        if current not in order:
            order[current] = len(order)
            queue.extend(after.get(current, ()))
    for node in graph.nodes:
        order.setdefault(node.id, len(order))
    return order


LABEL_WIDTH = 95.0
"""Room for one boundary event's label on a sub-process's border (bpmn.io wraps at 90)."""


def size(graph: BpmnGraph, node: Node) -> tuple[float, float]:
    """A node's drawn size: its kind's, and a stage's sub-process wide enough for the
    labels of the error events on its border (each names where the way out leads)."""
    width, height = SIZES[node.kind]
    if node.kind == "subProcess":
        events = sum(n.attached_to == node.id for n in graph.nodes)
        width = max(width, LABEL_WIDTH * events)
    return width, height


def _node(dot: Digraph, graph: BpmnGraph, node: Node, carries_events: bool) -> None:
    """``node`` at its BPMN size; an activity with boundary events taller by one event,
    half above and half below, so that dot leaves room for the events on its border."""
    width, height = size(graph, node)
    if carries_events:
        height += SIZES["boundaryEvent"][1]
    dot.node(node.id, shape=_SHAPES.get(node.kind, "circle"), width=f"{width / 72:.4f}",
             height=f"{height / 72:.4f}")


def _run_dot(source: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run_dot(source, ["-Tjson"], what="the BPMN diagram"))
    return data


def read_layout(graph: BpmnGraph, data: Mapping[str, Any]) -> Layout:
    """Turn dot's JSON into BPMN bounds: y flipped, lanes banded, all inside one pool."""
    height = float(data["bb"].split(",")[3])
    objects = data.get("objects", [])
    centres = {o["name"]: _point(o["pos"], height) for o in objects if "pos" in o}
    clusters = {o["name"].removeprefix("cluster "): _box(o["bb"], height)
                for o in objects if "bb" in o and o["name"].startswith("cluster ")}
    shapes: dict[str, Bounds] = {}
    for node in graph.nodes:
        if node.attached_to is None:
            width, tall = size(graph, node)
            x, y = centres[node.id]
            shapes[node.id] = Bounds(x - width / 2, y - tall / 2, width, tall)
    edges = {str(e["id"]): _waypoints(e["pos"], height)
             for e in data.get("edges", []) if "pos" in e and "id" in e}
    _on_borders(graph, shapes, edges)

    left = min(b.x for b in shapes.values()) - PAD
    right = max(b.x + b.width for b in shapes.values()) + PAD
    bands = _bands([(lane.id, clusters[lane.id]) for lane in graph.lanes])
    for lane_id, (top, bottom) in bands.items():
        shapes[lane_id] = Bounds(left - HEADER, top, right - left + HEADER, bottom - top)
    for group in graph.groups:
        members = [shapes[n] for n in group.nodes]
        if members:
            shapes[group.id] = _around(members, GROUP_PAD)
    if bands:
        top = min(t for t, _ in bands.values())
        bottom = max(b for _, b in bands.values())
    else:  # a sub-process's plane: no lanes, the pool only frames what is drawn
        top = min(b.y for b in shapes.values()) - PAD
        bottom = max(b.y + b.height for b in shapes.values()) + PAD
    pool = Bounds(left - 2 * HEADER, top, right - left + 2 * HEADER, bottom - top)
    return _shifted(Layout(shapes, edges, pool), PAD - pool.x, PAD - pool.y)


def _on_borders(graph: BpmnGraph, shapes: dict[str, Bounds],
                edges: dict[str, tuple[Point, ...]]) -> None:
    """Boundary events on their activity's lower border, spread along it as bpmn.io draws
    them; each of their flows leaves the event downwards, then runs on as dot routed it
    from the activity."""
    diameter = SIZES["boundaryEvent"][0]
    hosts: dict[str, list[Node]] = {}
    for node in graph.nodes:
        if node.attached_to is not None:
            hosts.setdefault(node.attached_to, []).append(node)
    for flow_id, points in list(edges.items()):  # dot saw the activities taller
        flow = next(f for f in graph.flows if f.id == flow_id)
        start, end = points[0], points[-1]
        if flow.source in hosts:
            start = _clamp(start, shapes[flow.source])
        if flow.target in hosts:
            end = _clamp(end, shapes[flow.target])
        edges[flow_id] = (start, *points[1:-1], end) if len(points) > 1 else points
    for host_id, events in hosts.items():
        host = shapes[host_id]
        spacing = host.width / len(events) if graph.node(host_id).kind == "subProcess" \
            else min(diameter + 8, host.width / len(events))
        for index, event in enumerate(events):
            x = host.x + host.width - spacing * (index + 0.5)
            y = host.y + host.height
            shapes[event.id] = Bounds(x - diameter / 2, y - diameter / 2, diameter, diameter)
            for flow in graph.flows:
                if flow.source == event.id and flow.id in edges:
                    edges[flow.id] = _from_border((x, y + diameter / 2), edges[flow.id])


def _clamp(point: Point, box: Bounds) -> Point:
    """An edge's end moved onto the drawn activity: dot's box was taller by one event."""
    return point[0], min(max(point[1], box.y), box.y + box.height)


def _from_border(start: Point, points: tuple[Point, ...]) -> tuple[Point, ...]:
    """``points`` with the first (on the activity) replaced by the event's lowest point:
    the flow leaves the event straight down, turns, and joins dot's route at its next
    corner."""
    rest = points[1:] or points[-1:]
    below = start[1] + 12
    return _simplified([start, (start[0], below), (rest[0][0], below), *rest])


def _point(text: str, height: float) -> Point:
    x, y = text.split(",")[:2]
    return float(x), height - float(y)


def _box(text: str, height: float) -> tuple[float, float]:
    _, y1, _, y2 = (float(v) for v in text.split(","))
    return height - y2, height - y1


def _waypoints(pos: str, height: float) -> tuple[Point, ...]:
    """The corners of dot's edge: every third control point, then the arrow's tip."""
    start: list[Point] = []
    end: list[Point] = []
    controls: list[Point] = []
    for token in pos.split():
        if token.startswith("e,"):
            end.append(_point(token[2:], height))
        elif token.startswith("s,"):
            start.append(_point(token[2:], height))
        else:
            controls.append(_point(token, height))
    corners = controls[::3]
    if (len(controls) - 1) % 3 != 0:
        corners.append(controls[-1])
    return _simplified([*start, *corners, *end])


def _simplified(points: list[Point]) -> tuple[Point, ...]:
    """Without repeated points, and without middle points on a straight line."""
    kept: list[Point] = []
    for point in points:
        if kept and _close(kept[-1], point):
            continue
        if len(kept) >= 2 and _collinear(kept[-2], kept[-1], point):
            kept[-1] = point
            continue
        kept.append(point)
    return tuple(kept)


def _close(a: Point, b: Point) -> bool:
    return abs(a[0] - b[0]) < 0.5 and abs(a[1] - b[1]) < 0.5


def _collinear(a: Point, b: Point, c: Point) -> bool:
    return abs((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])) < 0.5


def _bands(clusters: list[tuple[str, tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    """Each lane's top and bottom: its cluster's, widened to meet its neighbours halfway."""
    ordered = sorted(clusters, key=lambda item: item[1][0])
    for (name, (_, bottom)), (after, (top, _)) in zip(ordered, ordered[1:], strict=False):
        if top < bottom - 0.5:
            raise RenderError(f"dot placed lanes {name} and {after} on top of each other; "
                              "please report this process",
                              zh=f"dot 把泳道 {name} 和 {after} 叠在了一起；请报告这个流程")
    bands: dict[str, tuple[float, float]] = {}
    for index, (name, (top, bottom)) in enumerate(ordered):
        upper = top - PAD if index == 0 else (ordered[index - 1][1][1] + top) / 2
        lower = bottom + PAD if index == len(ordered) - 1 else (
            bottom + ordered[index + 1][1][0]) / 2
        bands[name] = (upper, lower)
    return bands


def _around(boxes: list[Bounds], pad: float) -> Bounds:
    x = min(b.x for b in boxes) - pad
    y = min(b.y for b in boxes) - pad
    right = max(b.x + b.width for b in boxes) + pad
    bottom = max(b.y + b.height for b in boxes) + pad
    return Bounds(x, y, right - x, bottom - y)


def _shifted(result: Layout, dx: float, dy: float) -> Layout:
    def move(b: Bounds) -> Bounds:
        return Bounds(round(b.x + dx, 1), round(b.y + dy, 1), b.width, b.height)

    return Layout({key: move(b) for key, b in result.shapes.items()},
                  {key: tuple((round(x + dx, 1), round(y + dy, 1)) for x, y in points)
                   for key, points in result.edges.items()},
                  move(result.pool))
