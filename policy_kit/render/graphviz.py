"""The Graphviz renderer: a ``Diagram`` (and its overlay) → DOT text → SVG, PNG or PDF by ``dot``.

Part of render: it builds the DOT text with ``graphviz``'s ``Digraph`` and has it drawn,
both through ``render/dot.py`` (Graphviz's one home). Graph, nodes and edges all name a CJK font,
or Chinese comes out as empty boxes; PNG is drawn at 150 dpi so that it prints.
"""

from __future__ import annotations

import shutil
from collections import Counter
from typing import Any

from .dot import Digraph, GraphvizMissing, Which
from .dot import run_dot as run_graphviz
from .html_labels import cluster_label, edge_label, legend_label, node_label, title_label
from .labels import DiagramLang, Words
from .layout import label_beside, main_line, rows, stack
from .model import Cluster, Diagram, Edge, Node
from .overlay import EdgeMark, NodeMark, Overlay
from .style import (
    BOTTLENECK_COLOUR,
    CJK_FONT,
    CONCURRENT_COLOUR,
    EDGE_RAMP,
    FILL_RAMP,
    PATH_COLOUR,
    clock_style,
    department_colours,
    fill,
    outcome_colour,
    ramp,
)

__all__ = ["DOT_FORMATS", "PNG_DPI", "GraphvizMissing", "Which", "run_dot", "to_dot",
           "to_graph"]

DOT_FORMATS = ("svg", "png", "pdf")
PNG_DPI = 150
FAINT = "#c8c8c8"

def to_dot(diagram: Diagram, direction: str = "TB", overlay: Overlay | None = None) -> str:
    source: str = to_graph(diagram, direction, overlay).source
    return source


def to_graph(diagram: Diagram, direction: str = "TB",
             overlay: Overlay | None = None) -> Digraph:
    """The whole picture as a ``Digraph``; nothing is run here."""
    return _Builder(diagram, direction, overlay).build()


def run_dot(source: str, fmt: str, which: Which = shutil.which) -> bytes:
    """Lay out and draw DOT text with the real ``dot``; ``which`` finds the program."""
    arguments = [f"-T{fmt}", *([f"-Gdpi={PNG_DPI}"] if fmt == "png" else [])]
    return run_graphviz(source, arguments, which=which)


class _Builder:
    def __init__(self, diagram: Diagram, direction: str, overlay: Overlay | None) -> None:
        self.diagram = diagram
        self.direction = direction
        self.overlay = overlay
        self.words = Words(_lang(diagram.lang))
        self.colours = department_colours(diagram.departments)
        self.main_line = main_line(diagram)
        self.side_labels: set[tuple[str, str]] = set()
        self.side_ways = Counter(e.target for e in diagram.edges if _side(e))
        self.home = {n: c.id for c in diagram.all_clusters() for n in c.nodes}

    def build(self) -> Digraph:
        graph = Digraph(self.diagram.process)
        legend = legend_label(self.diagram, self.words, self.colours, self.overlay)
        graph.attr(rankdir=self.direction, compound="true", newrank="true",
                   fontname=CJK_FONT, label=title_label(self.diagram, legend), labelloc="t",
                   labeljust="l", nodesep="0.25", pad="0.3",
                   ranksep="0.12" if self.diagram.detail == "stages" else "0.4",
                   charset="UTF-8", tooltip=self.diagram.title)
        graph.attr("node", fontname=CJK_FONT, fontsize="11", shape="box",
                   style="rounded,filled", fillcolor="white", color="#4d4d4d",
                   margin="0.1,0.04")
        graph.attr("edge", fontname=CJK_FONT, fontsize="10", color="#4d4d4d",
                   arrowsize="0.7")
        for cluster in self.diagram.clusters:
            self._cluster(graph, cluster)
        for node_id in self.diagram.free:
            self._node(graph, self.diagram.nodes[node_id])
        for edge in self.diagram.edges:
            self._edge(graph, edge)
        return graph

    # -- clusters and nodes ------------------------------------------------------------

    def _cluster(self, parent: Digraph, cluster: Cluster) -> None:
        with parent.subgraph(name=f"cluster_{cluster.id}") as sub:
            label = cluster_label(cluster, self.words)
            beside = (self.direction == "TB" and not cluster.concurrent and not cluster.region
                      and bool(cluster.nodes))
            sub.attr(label="" if beside else label, labeljust="l", margin="10",
                     **_cluster_look(cluster))
            for node_id in cluster.nodes:
                self._node(sub, self.diagram.nodes[node_id])
            if beside:
                label_beside(sub, cluster, label)
            for inner in cluster.clusters:
                self._cluster(sub, inner)
            if cluster.region:
                stack(sub, cluster.nodes)
            elif cluster.concurrent:
                rows(sub, self.diagram, cluster)

    def _node(self, graph: Digraph, node: Node) -> None:
        mark = self.overlay.nodes.get(node.id) if self.overlay else None
        attributes = self._node_look(node, mark)
        if node.id in self.main_line:
            attributes["group"] = "main"
        graph.node(node.id, id=node.id.replace(".", "-"), tooltip=node.tooltip or node.id,
                   **attributes)

    def _node_look(self, node: Node, mark: NodeMark | None) -> dict[str, str]:
        if node.kind in ("fork", "join"):
            size = {"width": "1.4", "height": "0.06"} if self.direction == "TB" else {
                "width": "0.06", "height": "1.0"}
            look = {"shape": "box", "style": "filled", "fillcolor": "#222222", "label": "",
                    "fixedsize": "true", **size, "class": f"bar {node.kind}"}
        elif node.kind == "start":
            look = {"shape": "circle", "style": "filled", "fillcolor": "#222222", "label": "",
                    "width": "0.18", "fixedsize": "true", "class": "start"}
        elif node.kind == "region_final":
            look = {"shape": "doublecircle", "style": "filled", "fillcolor": "#222222",
                    "label": "", "width": "0.12", "fixedsize": "true", "class": "end region-end"}
        else:
            look = self._box_look(node, mark)
        return self._marked(look, mark)

    def _box_look(self, node: Node, mark: NodeMark | None) -> dict[str, str]:
        heat = mark is not None and mark.heat is not None
        usual = node.id in self.main_line
        base = outcome_colour(node.outcome, usual) if node.kind == "final" else fill(
            self.colours, node.department)
        colour = ramp(FILL_RAMP, mark.heat) if mark is not None and mark.heat is not None \
            else base
        stripe = base if heat and node.kind != "final" else None
        shape = "diamond" if node.kind == "decision" else "box"
        style = ["filled", clock_style(node.clock)]
        if node.kind == "wait":
            style.append("diagonals")
        if node.kind in ("task", "final", "stage", "region"):
            style.insert(0, "rounded")
        look = {"shape": shape, "style": ",".join(style), "fillcolor": colour,
                "label": node_label(node, mark, stripe, self.words),
                "class": f"state {node.kind} " + (f"dept-{node.department}"
                                                   if node.department else "no-dept")}
        if node.kind == "final":
            look["peripheries"] = "2"
            look["class"] += f" outcome-{node.outcome}"
        if node.kind == "decision":
            look["margin"] = "0.02"
        return look

    def _marked(self, look: dict[str, str], mark: NodeMark | None) -> dict[str, str]:
        if self.overlay is None:
            return look
        if self.overlay.path:
            if mark is not None and mark.visited:
                look.update(color=PATH_COLOUR, penwidth="2.5")
                look["class"] += " on-path"
            elif look.get("fillcolor", "").startswith("#") and len(look["fillcolor"]) == 7:
                look.update(fillcolor=look["fillcolor"] + "55", color=FAINT, fontcolor="#8c8c8c")
        if mark is not None and mark.bottleneck:
            look.update(color=BOTTLENECK_COLOUR, penwidth="4")
            look["class"] += " bottleneck"
        return look

    # -- edges -------------------------------------------------------------------------

    def _edge(self, graph: Digraph, edge: Edge) -> None:
        mark = self.overlay.edges.get(edge.id) if self.overlay else None
        look: dict[str, Any] = {"id": edge.id.replace(".", "-"), "class": f"way {edge.kind}"}
        if edge.kind == "move":
            look.update(self._move_look(edge, mark))
        elif edge.kind == "join":
            look["arrowhead"] = "none"
        if edge.tail_cluster:
            look["ltail"] = f"cluster_{edge.tail_cluster}"
        head = edge.head_cluster or self._frame_entered(edge)
        if head:
            look["lhead"] = f"cluster_{head}"
        graph.edge(edge.source, edge.target, **self._edge_marked(look, mark))

    def _frame_entered(self, edge: Edge) -> str | None:
        """The frame an arrow stops at so that it does not cross the frame's title.

        A fork's arrows stop at each region's frame (above the region's name); a way into
        a concurrent stage stops at the stage's frame (above the stage's name) rather than
        running through the title to the fork bar under it.
        """
        if edge.kind == "fork":
            return self.home.get(edge.target)
        target = self.diagram.nodes.get(edge.target)
        if edge.kind == "move" and target is not None and target.kind == "fork" and (
                self.home.get(edge.source) != self.home.get(edge.target)):
            return self.home.get(edge.target)
        return None

    def _move_look(self, edge: Edge, mark: EdgeMark | None) -> dict[str, str]:
        """Label, tooltip (the whole guard) and weight of a way between states.

        Several side ways (to a rejection or withdrawal) into one end box, typically a
        "reject" from each parallel region, are labelled once, by the end they reach: the
        label takes no rank of its own and is not repeated five times.
        """
        tip = edge.trigger + (f" when {edge.guard}" if edge.guard else "")
        look = {"tooltip": tip, "labeltooltip": tip}
        side = (_side(edge) and self.side_ways[edge.target] > 1
                and not (mark and (mark.numbers or mark.notes)))
        if not side:
            look["label"] = edge_label(edge, mark)
        elif (edge.target, edge.trigger) not in self.side_labels:
            self.side_labels.add((edge.target, edge.trigger))
            look.update(headlabel=edge_label(edge, mark), labelfontsize="9",
                        labelfontcolor="#595959", labeldistance="2.5", labelangle="35")
        if edge.default:
            look["penwidth"] = "1.6"
        if edge.minor:
            look.update(color="#8c8c8c", fontcolor="#595959")
        return look

    def _edge_marked(self, look: dict[str, Any], mark: EdgeMark | None) -> dict[str, Any]:
        if self.overlay is None:
            return look
        if self.overlay.heat and mark is not None and mark.weight is not None:
            if mark.weight > 0:
                look.update(penwidth=f"{1 + 6 * mark.weight:.1f}",
                            color=ramp(EDGE_RAMP, mark.weight))
            else:
                look.update(color=FAINT, style="dashed")
        if self.overlay.path:
            if mark is not None and mark.on_path:
                look.update(color=PATH_COLOUR, penwidth="2.5", fontcolor=PATH_COLOUR)
                look["class"] += " on-path"
            elif not self.overlay.heat:
                look.update(color=FAINT, fontcolor="#a6a6a6")
        return look


def _side(edge: Edge) -> bool:
    return edge.kind == "move" and edge.minor and not edge.guard and not edge.tail_cluster


def _cluster_look(cluster: Cluster) -> dict[str, str]:
    if cluster.region:
        return {"style": "rounded,dashed,filled", "color": CONCURRENT_COLOUR,
                "fillcolor": "#ffffff", "penwidth": "1.2", "class": "region concurrent",
                "id": f"region-{cluster.id}"}
    if cluster.concurrent:
        return {"style": "rounded,filled,bold", "color": CONCURRENT_COLOUR,
                "fillcolor": "#eaf3f8", "penwidth": "2", "class": "stage concurrent",
                "id": f"stage-{cluster.id}"}
    return {"style": "rounded,filled", "color": "#9e9e9e", "fillcolor": "#f6f6f6",
            "class": "stage", "id": f"stage-{cluster.id}"}


def _lang(lang: str) -> DiagramLang:
    return "en" if lang == "en" else "both" if lang == "both" else "zh"
