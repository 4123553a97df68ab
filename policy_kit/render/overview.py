"""A one-page overview of a process (``--detail stages``): one box per stage, regions side by side.

Part of render: the reform-report picture. A sequential stage becomes one box with its
time limit, lead department and items; a concurrent stage keeps its regions as parallel
boxes between a fork and a join, because "these departments review at the same time" is
the point of 并联审批. Moves inside a box disappear; moves between boxes are merged, one
arrow per pair, and the same way out of several regions of a stage is drawn once, from
the stage's border.
"""

from __future__ import annotations

from ..structure import Structure
from .extract import extract
from .labels import DiagramLang, Words
from .model import Cluster, Diagram, Edge, Move, Node, NodeKind
from .style import REGIONS_PER_ROW

__all__ = ["overview"]

ITEMS_SHOWN = 4


def overview(structure: Structure, lang: DiagramLang = "zh") -> Diagram:
    """The stage-level diagram of ``structure``, built from the state-level one."""
    full = extract(structure, lang)
    words = Words(lang)
    nodes: dict[str, Node] = {}
    clusters: list[Cluster] = []
    free = list(full.free)
    for cluster in full.clusters:
        if cluster.concurrent:
            inner = tuple(_box(full, region, words) for region in cluster.clusters)
            nodes.update({n.id: n for n in inner})
            clusters.append(Cluster(cluster.id, cluster.title, cluster.subtitle,
                                    cluster.details, True, department=cluster.department,
                                    nodes=tuple(n.id for n in inner)))
        else:
            nodes[cluster.id] = _box(full, cluster, words)
            free.append(cluster.id)
    nodes.update({i: full.nodes[i] for i in full.free})
    edges = _merged(full, _groups(full), {c.id: c for c in clusters})
    return Diagram(full.process, full.title, nodes, tuple(clusters), tuple(free), edges,
                   full.departments, full.lang, "stages")


def _box(full: Diagram, cluster: Cluster, words: Words) -> Node:
    """A stage or region as one box: its name, limit, and the items done in it."""
    states = tuple(i for i in cluster.nodes if i in full.nodes)
    items = [full.nodes[i].title for i in states if full.nodes[i].kind == "task"]
    if cluster.region:  # brief: a page holds thirty of these; the items are in the tooltip
        count = words.pair(f"{len(items)}个事项", f"{len(items)} items")
        lines = (*cluster.details, *([count] if len(items) > 1 else []))
    else:
        shown = items[:ITEMS_SHOWN] + (["…"] if len(items) > ITEMS_SHOWN else [])
        lines = (*cluster.details, *shown)
    kind: NodeKind = "region" if cluster.region else "stage"
    return Node(cluster.id, kind, cluster.title, cluster.subtitle, lines,
                f"{cluster.title}: {'、'.join(items)}", cluster.department, states=states)


def _groups(full: Diagram) -> dict[str, str]:
    """Node of the full diagram → the box that stands for it in the overview.

    A concurrent stage's fork and join bars stand for the stage itself (``stage@``): the
    overview draws no bars, and arrows meet the stage's border instead, which saves two
    ranks a stage and keeps seven stages on one page.
    """
    group = {i: i for i in full.free}
    for cluster in full.clusters:
        if cluster.concurrent:
            group.update({i: f"{cluster.id}@" for i in cluster.nodes})
            for region in cluster.clusters:
                group.update({i: region.id for i in region.nodes})
        else:
            group.update({i: cluster.id for i in cluster.nodes})
    return group


def _merged(full: Diagram, group: dict[str, str],
            concurrent: dict[str, Cluster]) -> tuple[Edge, ...]:
    """Arrows between boxes: one per (from, to); ways out of a concurrent stage's regions,
    or out of its join, are drawn once from the stage's border, ways in end at it."""
    region_stage = {r: c.id for c in concurrent.values() for r in c.nodes}
    merged: dict[tuple[str, str], list[Edge]] = {}
    for edge in full.edges:
        if edge.kind in ("fork", "join"):
            continue
        source, target = group[edge.source], group[edge.target]
        stage = region_stage.get(source)
        if stage is not None and target not in concurrent[stage].nodes:
            source = f"{stage}@"
        if source != target:
            merged.setdefault((source, target), []).append(edge)
    ways_out: dict[str, int] = {}
    for key, _ in merged:
        ways_out[key] = ways_out.get(key, 0) + 1
    return tuple(_edge(source, target, parts, ways_out[source] > 1, concurrent)
                 for (source, target), parts in merged.items())


def _edge(source: str, target: str, parts: list[Edge], labelled: bool,
          concurrent: dict[str, Cluster]) -> Edge:
    """One merged arrow. A label tells ways apart; the only way out of a box needs none
    (its trigger, usually "complete", is in the state-level picture)."""
    first = parts[0]
    tail = head = None
    if source.endswith("@"):
        tail = source[:-1]
        source = _middle(concurrent[tail], last=True)
    if target.endswith("@"):
        head = target[:-1]
        target = _middle(concurrent[head], last=False)
    triggers = list(dict.fromkeys(p.trigger for p in parts if p.trigger)) if labelled else []
    certificates = tuple(dict.fromkeys(c for p in parts for c in p.certificates))
    moves: frozenset[Move] = frozenset().union(*(p.moves for p in parts))
    transitions = tuple(sorted({t for p in parts for t in p.transitions}))
    edge_id = first.id if len(parts) == 1 else f"{first.id}+{len(parts) - 1}"
    return Edge(edge_id, source, target, first.kind, ", ".join(triggers), None, certificates,
                tail, head, transitions, moves, any(p.default for p in parts),
                all(p.minor for p in parts))


def _middle(cluster: Cluster, last: bool) -> str:
    """The region box an arrow to or from a whole stage is aimed at: the middle column
    of the first row (arrows in), and the same column of the last row (arrows out), so
    that the way through the stages runs straight down."""
    boxes = cluster.nodes
    rows = [boxes[i:i + REGIONS_PER_ROW] for i in range(0, len(boxes), REGIONS_PER_ROW)]
    column = (len(rows[0]) - 1) // 2
    row = rows[-1] if last else rows[0]
    return row[min(column, len(row) - 1)]
