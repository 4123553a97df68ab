"""Hints that steer ``dot``'s layout: rows of parallel regions, stacked states, one main line.

Part of render, used only by ``graphviz``. Each hint answers something seen when the
pictures were looked at: regions two boxes wide, eight reviews in one row too wide for a
page, a stage's name crossed by the arrow into its state, the usual way zig-zagging.
"""

from __future__ import annotations

from .dot import Digraph
from .model import Cluster, Diagram, Edge
from .style import REGIONS_PER_ROW

__all__ = ["label_beside", "main_line", "rows", "stack"]


def rows(graph: Digraph, diagram: Diagram, cluster: Cluster) -> None:
    """Regions start side by side: their first states (or, in the overview, their
    boxes) share a rank, in declared order; in the overview, rows of at most
    ``REGIONS_PER_ROW`` keep eight parallel reviews across one page, stacked by
    invisible edges."""
    if diagram.detail == "stages":
        firsts = [n for n in cluster.nodes if diagram.nodes[n].kind == "region"]
        grid = [firsts[i:i + REGIONS_PER_ROW]
                for i in range(0, len(firsts), REGIONS_PER_ROW)]
    else:
        grid = [[r.nodes[0] for r in cluster.clusters if r.nodes]]
    for row in grid:
        with graph.subgraph() as same:
            same.attr(rank="same")
            for node_id in row:
                same.node(node_id)
            for left, right in zip(row, row[1:], strict=False):  # in declared order
                same.edge(left, right, style="invis")
    for upper, lower in zip(grid, grid[1:], strict=False):
        for top, bottom in zip(upper, lower, strict=False):
            graph.edge(top, bottom, style="invis")


def label_beside(graph: Digraph, cluster: Cluster, label: str) -> None:
    """A narrow stage's name to the left of its first state, not above it.

    Above, the name is as wide as the stage, and the arrow into the state's top runs
    straight through it; beside the state, no vertical arrow can cross it. An invisible
    twin of the name on the other side keeps the states centred in their frame, not
    pushed against its right edge.
    """
    name, twin = f"label.{cluster.id}", f"balance.{cluster.id}"
    graph.node(name, label, shape="plain", style="", id=f"label-{cluster.id}",
               tooltip=cluster.title, **{"class": "stage-label"})
    graph.node(twin, label, shape="plain", style="invis", id=f"balance-{cluster.id}")
    with graph.subgraph() as row:
        row.attr(rank="same")
        row.node(name)
        row.node(cluster.nodes[0])
        row.node(twin)
    graph.edge(name, cluster.nodes[0], style="invis")
    graph.edge(cluster.nodes[0], twin, style="invis")


def stack(graph: Digraph, nodes: tuple[str, ...]) -> None:
    """Keep a region's states one under another, in the order the file declares them.

    Otherwise a correction loop puts the waiting state beside its task and every region
    is two boxes wide; stacked, five parallel reviews fit across a portrait page.
    """
    for upper, lower in zip(nodes, nodes[1:], strict=False):
        graph.edge(upper, lower, style="invis", weight="4")


def main_line(diagram: Diagram) -> frozenset[str]:
    """Nodes on the usual way outside concurrent regions, kept in one straight line
    (Graphviz ``group``) so that the usual course of a case reads top to bottom.

    The usual way is a default way, or the only way out of a state that is not a side
    way to an end such as a rejection.
    """
    in_regions = {n for c in diagram.all_clusters() if c.region for n in c.nodes}
    onward: dict[str, list[Edge]] = {}
    for edge in diagram.edges:
        if edge.kind == "move" and not edge.minor:
            onward.setdefault(edge.source, []).append(edge)
    usual = [e for e in diagram.edges if e.default or e.kind == "start"
             or onward.get(e.source) == [e]]
    ends = {n for e in usual for n in (e.source, e.target)}
    ends |= {n.id for n in diagram.nodes.values() if n.kind in ("fork", "join")}
    return frozenset(ends - in_regions)
