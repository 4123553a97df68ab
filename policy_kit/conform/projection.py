"""A second lower bound for the alignment search: the process seen one region at a time.

Part of **conform**. ``Bound`` counts events no state can take any more; on a cycle it
says nothing (every state on it can still take any number of events), and a case that
goes round a loop of advice steps in the wrong order made the search visit every
configuration at every position. Here the process is cut into *parts*: each region of a
concurrent stage, and the top level (every state outside a region, a concurrent stage
standing as one state). Each part, on its own, is a small automaton over the static move
graph (``Structure.moves``, guards and round limits left out: they only forbid), whose
states are the part's states, owing their step or not, plus *outside* for a region whose
stage is not active. A move of the process moves each part along one of its edges; a
move from another region of the stage may leave a region from anywhere (it is abandoned,
as replay allows), and a region may be entered whenever some move enters it.

Every deviation of an alignment belongs to one part (the part of its event's or missing
step's state; an event of no state to none), so the cost of aligning each part's own
events with its automaton, summed over the parts, with one for each event of no state,
is at most the alignment's cost: a lower bound. Each part's cost is exact for that part,
worked out backwards over its events (``layer``), and kept by the events still to come,
so variants that end alike share it. A move of the search lowers the sum by at most its
own cost, so the bound is consistent, like ``Bound``, and their maximum is too.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from ..semantics import Semantics
from ..structure import Move

__all__ = ["INFINITE", "Projection"]

INFINITE = 1 << 30
"""The cost from a part's state that cannot reach its end at all."""

Node = tuple[str, bool]
"""A part's state: a state id (or a concurrent stage's id, at the top level; "" for
outside its stage) and whether it still owes its step."""

_OUTSIDE: Node = ("", False)


@dataclass
class _Part:
    nodes: list[Node] = field(default_factory=list)
    index: dict[Node, int] = field(default_factory=dict)
    into: list[list[tuple[int, int]]] = field(default_factory=list)
    """For each node, the edges into it: (from node, cost)."""

    def node(self, key: Node) -> int:
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.nodes)
            self.nodes.append(key)
            self.into.append([])
        return found

    def edge(self, source: Node, target: Node, cost: int) -> None:
        if source != target:
            self.into[self.node(target)].append((self.node(source), cost))

    def relax(self, cost: list[int], queue: list[tuple[int, int]] | None = None,
              ) -> list[int]:
        """The cheapest way to the end from each node, given what ending at each node
        costs (``cost``): Dijkstra backwards along the part's edges, from every node, or
        from the nodes in ``queue`` (a heap of (cost, node)) when only theirs changed."""
        if queue is None:
            queue = [(c, v) for v, c in enumerate(cost) if c < INFINITE]
            heapq.heapify(queue)
        into = self.into
        while queue:
            c, v = heapq.heappop(queue)
            if c > cost[v]:
                continue
            for u, step in into[v]:
                total = c + step
                if total < cost[u]:
                    cost[u] = total
                    heapq.heappush(queue, (total, u))
        return cost


class Projection:
    """The parts of one process and, per way of ending, each part's cost for the events
    still to come: worked out once per process and shared by every variant."""

    def __init__(self, semantics: Semantics, observed: frozenset[str]) -> None:
        structure = semantics.structure
        places = structure.places
        self.observed = observed
        self.regions = [r.id for s in structure.process.stages for r in s.regions]
        region_part = {r: i + 1 for i, r in enumerate(self.regions)}
        self.parts = [_Part() for _ in range(len(self.regions) + 1)]
        self.part_of: dict[str, int] = {
            name: region_part[p.region.id] if p.region is not None else 0
            for name, p in places.items()}
        """Each state's part (0: the top level)."""
        self._stage_of = {r.id: s.id for s in structure.process.stages for r in s.regions}
        for name in places:
            part = self.parts[self.part_of[name]]
            if name in observed:
                part.edge((name, True), (name, False), 1)  # its step, missing
            part.node((name, False))
        for part in self.parts[1:]:
            part.node(_OUTSIDE)
        for stage in structure.process.stages:
            if stage.concurrent:
                self.parts[0].node((stage.id, False))
        for move in structure.moves:
            self._add(semantics, move)
        finals = semantics.case_finals
        self._finals = {name: outcome for name, outcome in finals.items()}
        self._layers: dict[tuple[int, bool, str | None, int], list[int]] = {}
        self._suffixes: dict[tuple[int, bool, str | None, str, int], int] = {}

    def _locate(self, part: int, leaves: tuple[str, ...], pending: frozenset[str]) -> Node:
        """Where ``part`` stands when ``leaves`` are active."""
        part_of = self.part_of
        for leaf in leaves:
            if part_of[leaf] == part:
                return (leaf, leaf in pending)
        if part == 0:
            return (self._stage_of[self.regions[part_of[leaves[0]] - 1]], False)
        return _OUTSIDE

    def _add(self, semantics: Semantics, move: Move) -> None:
        """Each part's edges for ``move``: a move inside a region moves that region
        only; any other move takes every part to where its entry puts it, from where
        the part can stand when the move is open."""
        structure = semantics.structure
        source, entry = move.source, move.entry
        pending = self.observed.intersection(entry)
        if semantics.local(move):
            number = self.part_of[source]
            self.parts[number].edge((source, False), self._locate(number, entry, pending), 0)
            return
        # the concurrent stage the move leaves (a join's source is the stage itself)
        stage = source if move.join else self._stage_of.get(
            self.regions[self.part_of[source] - 1]) if self.part_of[source] else None
        for number, part in enumerate(self.parts):
            sources: list[Node]
            if number == 0:
                sources = [(stage, False) if stage is not None else (source, False)]
            elif self._stage_of[self.regions[number - 1]] != stage:
                sources = [_OUTSIDE]
            elif move.join:
                sources = [(f, False) for f in structure.region_finals(
                    structure.regions[self.regions[number - 1]][1])]
            elif self.part_of[source] == number:
                sources = [(source, False)]
            else:  # another region's move leaves this one wherever it stands
                sources = [key for key in list(part.nodes) if key != _OUTSIDE]
            target = self._locate(number, entry, pending)
            for node in sources:
                part.edge(node, target, 0)

    def locate(self, leaves: tuple[str, ...], pending: frozenset[str]) -> tuple[int, ...]:
        """Each part's node when ``leaves`` are active and ``pending`` owe their step."""
        return tuple(part.index[self._locate(i, leaves, pending)]
                     for i, part in enumerate(self.parts))

    def _end(self, part: int, finished: bool, outcome: str | None) -> list[int]:
        """Each node's cost with no event left: to the part's end for a case that must
        end (a case-final state at the top, outside for a region), else nothing."""
        key = (part, finished, outcome, -1)
        found = self._layers.get(key)
        if found is None:
            nodes = self.parts[part].nodes
            if not finished:
                found = [0] * len(nodes)
            else:
                found = [0 if (node == _OUTSIDE if part else (
                    not node[1] and node[0] in self._finals and (
                        outcome is None or self._finals[node[0]] == outcome)))
                    else INFINITE for node in nodes]
                found = self.parts[part].relax(found)
            self._layers[key] = found
        return found

    def layers(self, labels: tuple[str, ...], finished: bool, outcome: str | None,
               ) -> list[tuple[int, tuple[list[int], ...]]]:
        """For each position in ``labels`` (and the end): the events of no state from
        there on, and each part's cost, by node, to align its events from there on."""
        count = len(self.parts)
        current = [-1] * count
        tables = [self._end(p, finished, outcome) for p in range(count)]
        unknown = 0
        result = [(0, tuple(tables))]
        part_of = self.part_of
        layers, suffixes = self._layers, self._suffixes
        for label in reversed(labels):
            part = part_of.get(label)
            if part is None:
                unknown += 1
            else:
                key = (part, finished, outcome, label, current[part])
                number = suffixes.get(key)
                if number is None:
                    number = suffixes[key] = len(suffixes)
                    layers[(part, finished, outcome, number)] = self._step(
                        part, label, tables[part])
                current[part] = number
                tables[part] = layers[(part, finished, outcome, number)]
            result.append((unknown, tuple(tables)))
        result.reverse()
        return result

    def _step(self, part: int, label: str, after: list[int]) -> list[int]:
        """A part's costs before its event ``label``, from its costs after it: the event
        skipped (1 more from every node), or taken by the state that owes it, whose
        lower cost then spreads back along the part's edges. (``after`` is already
        settled along them, and one more everywhere keeps it so: only the spread from
        that one node is left to do.)"""
        cost = [c + 1 if c < INFINITE else c for c in after]
        owes = self.parts[part].index.get((label, True))
        if owes is None:
            return cost
        done = after[self.parts[part].index[(label, False)]]
        if done >= cost[owes]:
            return cost
        cost[owes] = done
        return self.parts[part].relax(cost, [(done, owes)])
