"""Every state of a process as a diagram: stages as clusters, regions inside, ways as arrows.

Part of render (``--detail states``, the default): reads only the ``Structure``, so the
picture shows exactly the moves the engines run. A way out of a whole stage or region
is drawn once, from the cluster's border, rather than once per state; a concurrent stage
gets a fork bar where its regions start and a join bar where they meet again, which the
``transitions`` library's own diagrams leave out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ..expr import to_text
from ..model import Region, Stage, State, Transition
from ..semantics import initial_state, initial_target
from ..structure import Move, Structure
from .labels import DiagramLang, Words
from .model import Cluster, Diagram, Edge, Node

__all__ = ["START", "extract", "fork_id", "join_id"]

START = "start."


def fork_id(stage: str) -> str:
    """Synthetic ids contain a dot, which no state id can, so they never collide."""
    return f"fork.{stage}"


def join_id(stage: str) -> str:
    return f"join.{stage}"


def extract(structure: Structure, lang: DiagramLang = "zh") -> Diagram:
    """The state-level diagram of ``structure``, labelled in ``lang``."""
    return _Extractor(structure, Words(lang)).diagram()


class _Extractor:
    def __init__(self, structure: Structure, words: Words) -> None:
        self.structure = structure
        self.process = structure.process
        self.words = words
        self.departments = {d.id: words.flat(d.name, d.id) for d in self.process.departments}
        self.nodes: dict[str, Node] = {}

    def diagram(self) -> Diagram:
        clusters = tuple(self._stage(number, stage)
                         for number, stage in enumerate(self.process.stages, start=1))
        self.nodes[START] = Node(START, "start", tooltip="start")
        free = [START]
        for state in self.process.states:
            self.nodes[state.id] = self._node(state)
            free.append(state.id)
        edges = _merge_parallel([self._start_edge(), *self._bars(), *self._moves()])
        edges = _stage_exits(clusters, edges)
        edges, free = _split_ends(self.nodes, clusters, edges, free)
        used = {n.department for n in self.nodes.values()}
        legend = tuple((d, name) for d, name in self.departments.items() if d in used)
        title = self.words.flat(self.process.title, self.process.id)
        return Diagram(self.process.id, title, dict(self.nodes), clusters, tuple(free),
                       tuple(edges), legend, self.words.lang, "states")

    # -- nodes and clusters ------------------------------------------------------------

    def _node(self, state: State) -> Node:
        place = self.structure.places[state.id]
        kind = "region_final" if place.region_final else state.kind
        title, subtitle = self.words.name(state.name, state.id)
        department = place.department
        tooltip = [f"{title} [{state.id}]"]
        if department:
            tooltip.append(self.departments.get(department, department))
        tooltip += self._documents("requires", state.requires)
        tooltip += self._documents("provides", state.provides)
        clock = state.effective_clock if state.kind in ("task", "wait") else None
        return Node(state.id, kind, title, subtitle, self.words.state_details(state),
                    " · ".join(tooltip), department, clock, state.outcome, (state.id,))

    def _documents(self, key: str, ids: tuple[str, ...]) -> list[str]:
        if not ids:
            return []
        names = {d.id: self.words.flat(d.name, d.id) for d in self.process.documents}
        verb = self.words.pair("需要" if key == "requires" else "产出", key)
        return [f"{verb}: {', '.join(names.get(i, i) for i in ids)}"]

    def _stage(self, number: int, stage: Stage) -> Cluster:
        title, subtitle = self.words.name(stage.name, stage.id)
        lead = self.departments.get(stage.department or "")
        details = self.words.stage_details(stage.limit, lead)
        if not stage.concurrent:
            for state in stage.states:
                self.nodes[state.id] = self._node(state)
            return Cluster(stage.id, f"{number}. {title}", subtitle, details,
                           department=stage.department,
                           nodes=tuple(s.id for s in stage.states))
        fork, join = fork_id(stage.id), join_id(stage.id)
        self.nodes[fork] = Node(fork, "fork", tooltip=f"{title}: {self.words.phrase('fork_join')}")
        self.nodes[join] = Node(join, "join", tooltip=f"{title}: {self.words.phrase('fork_join')}")
        regions = tuple(self._region(stage, region) for region in stage.regions)
        return Cluster(stage.id, f"{number}. {title}", subtitle, details, concurrent=True,
                       department=stage.department, nodes=(fork, join), clusters=regions)

    def _region(self, stage: Stage, region: Region) -> Cluster:
        for state in region.states:
            self.nodes[state.id] = self._node(state)
        department = region.department or stage.department
        fallback = self.departments.get(department or "", region.id)
        title, subtitle = self.words.name(region.name, fallback)
        details = ((self.departments[department],)
                   if department in self.departments and region.name else ())
        return Cluster(region.id, title, subtitle, details, region=True, department=department,
                       nodes=tuple(s.id for s in region.states))

    # -- edges -------------------------------------------------------------------------

    def _start_edge(self) -> Edge:
        first = initial_target(self.process)
        target, head = self._head(first)
        return Edge("start", START, target, "start", head_cluster=head)

    def _bars(self) -> Iterator[Edge]:
        """Fork → each region's first state; each region's final states → join."""
        for stage in self.process.stages:
            for region in stage.regions:
                first = initial_state(region)
                yield Edge(f"fork.{region.id}", fork_id(stage.id), first, "fork")
                for final in self.structure.region_finals(region):
                    yield Edge(f"join.{final}", final, join_id(stage.id), "join")

    def _moves(self) -> Iterator[Edge]:
        by_index: dict[int, list[Move]] = {}
        for move in self.structure.moves:
            by_index.setdefault(move.index, []).append(move)
        for index, moves in sorted(by_index.items()):
            transition = self.process.transitions[index]
            target, head = self._head(transition.to)
            tail = self._tail(transition.from_, target)
            if tail is None:
                for n, move in enumerate(moves):
                    yield self._edge(f"t{index}.{n}", move.source, target, None, head,
                                     transition, [move])
                continue
            yield self._edge(f"t{index}", tail[0], target, tail[1], head, transition, moves)

    def _edge(self, edge_id: str, source: str, target: str, tail: str | None,
              head: str | None, transition: Transition, moves: list[Move]) -> Edge:
        guard = moves[0].guard
        trigger = self.words.flat(transition.name, transition.on)
        names = {c.id: self.words.flat(c.name, c.id) for c in self.process.certificates}
        place = self.structure.places.get(transition.to)
        minor = (not transition.default and place is not None and place.case_final)
        return Edge(edge_id, source, target, "move", trigger,
                    to_text(guard.tree) if guard is not None else None,
                    tuple(names.get(c, c) for c in transition.issues), tail, head,
                    (moves[0].index,), frozenset((m.source, m.target, m.trigger) for m in moves),
                    transition.default, minor)

    def _head(self, name: str) -> tuple[str, str | None]:
        """Where an arrow into ``name`` ends: a state, a fork bar, or a stage's border."""
        if name in self.structure.places:
            return name, None
        stage = self.structure.stages[name]
        if stage.concurrent:
            return fork_id(name), None
        return initial_state(stage), name

    def _tail(self, name: str, target: str) -> tuple[str, str | None] | None:
        """Where an arrow out of ``name`` starts; None: draw one arrow per state instead."""
        if name in self.structure.places:
            return name, None
        stage = self.structure.stages.get(name)
        if stage is not None and stage.concurrent:
            return join_id(name), None
        container: Stage | Region = stage if stage is not None else (
            self.structure.regions[name][1])
        inside = {s.id for s in container.states}
        if target in inside or (stage is not None and target == name):
            return None
        first = next(s.id for s in container.states if s.kind != "final")
        return first, name


def _split_ends(nodes: dict[str, Node], clusters: tuple[Cluster, ...], edges: list[Edge],
                free: list[str]) -> tuple[list[Edge], list[str]]:
    """Give each stage its own copy of an end that side ways from several stages reach.

    Rejection and withdrawal can happen in every stage; one shared "rejected" box drags
    arrows from all over the page into one corner. A copy next to each stage (same name,
    same state, id ``rejected@stage``) keeps those arrows short, as flowcharts do.
    """
    stage_of = {n: c.id for c in clusters for inner in c.walk() for n in inner.nodes}
    by_end: dict[str, dict[str, list[int]]] = {}
    for i, edge in enumerate(edges):
        target = nodes.get(edge.target)
        if edge.minor and target is not None and target.kind == "final" and (
                edge.source in stage_of):
            by_end.setdefault(edge.target, {}).setdefault(stage_of[edge.source], []).append(i)
    for end, stages in by_end.items():
        if len(stages) < 2:
            continue
        for stage, indexes in stages.items():
            copy = f"{end}@{stage}"
            nodes[copy] = replace(nodes[end], id=copy)
            free.append(copy)
            for i in indexes:
                edges[i] = replace(edges[i], target=copy)
        if not any(e.target == end for e in edges):
            del nodes[end]
            free.remove(end)
    return edges, free


def _stage_exits(clusters: tuple[Cluster, ...], edges: list[Edge]) -> list[Edge]:
    """A side way that several regions of a concurrent stage take to the same end (each
    review can ``reject``, each correction can ``withdraw``) drawn once, from the stage.

    Drawn once per region, seven arrows run sideways through the other reviews' boxes to
    one end; one labelled arrow from the stage's frame says the same: whichever review
    refuses, the case ends there. It starts at the join bar, clipped at the frame
    (``tail_cluster``), and still stands for every move it replaces.
    """
    region_of = {node: (stage.id, region.id) for stage in clusters if stage.concurrent
                 for region in stage.clusters for node in region.nodes}
    groups: dict[tuple[str, str, str], list[int]] = {}
    for i, edge in enumerate(edges):
        side = (edge.kind == "move" and edge.minor and not edge.guard
                and not edge.certificates and edge.tail_cluster is None)
        if side and edge.source in region_of:
            stage = region_of[edge.source][0]
            groups.setdefault((stage, edge.trigger, edge.target), []).append(i)
    replaced: dict[int, Edge | None] = {}
    for (stage, trigger, target), indexes in groups.items():
        if len({region_of[edges[i].source][1] for i in indexes}) < 2:
            continue
        parts = [edges[i] for i in indexes]
        moves: frozenset[tuple[str, str, str]] = frozenset().union(*(p.moves for p in parts))
        replaced[indexes[0]] = Edge(
            f"{parts[0].id}@{stage}", join_id(stage), target, "move", trigger,
            tail_cluster=stage, transitions=tuple(sorted({t for p in parts
                                                          for t in p.transitions})),
            moves=moves, minor=True)
        replaced.update({i: None for i in indexes[1:]})
    result = [replaced.get(i, edge) for i, edge in enumerate(edges)]
    return [edge for edge in result if edge is not None]


def _merge_parallel(edges: list[Edge]) -> list[Edge]:
    """One arrow for plain ways between the same two states ("withdraw, expire").

    Only ways without a guard or a certificate are merged: those carry nothing but their
    trigger, and two arrows side by side would only crowd their labels.
    """
    merged: list[Edge] = []
    seen: dict[tuple[str, str, str | None, str | None], int] = {}
    for edge in edges:
        key = (edge.source, edge.target, edge.tail_cluster, edge.head_cluster)
        plain = edge.kind == "move" and not edge.guard and not edge.certificates
        if plain and key in seen:
            i = seen[key]
            old = merged[i]
            merged[i] = replace(old, trigger=f"{old.trigger}, {edge.trigger}",
                                transitions=old.transitions + edge.transitions,
                                moves=old.moves | edge.moves, default=old.default or edge.default,
                                minor=old.minor and edge.minor)
            continue
        if plain:
            seen[key] = len(merged)
        merged.append(edge)
    return merged
