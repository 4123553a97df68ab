"""The checker's compact view of a process: what a configuration must remember, and how.

Part of load → **check**. A configuration of a case is its active states plus just the
history guards and round limits can see: one bit per state that some ``done(...)`` asks
about (set once the case has left it) and one counter per state with ``max_rounds``.
Everything else about the history is forgotten, which keeps the state space small
without changing what the ``transitions`` machine would do. Declared properties add
*watched* bits, kept everywhere: the states their conditions ask ``done(...)`` about and
the certificates they ask ``issued(...)`` about (set by the move that issues one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from ..expr import Value
from ..model import Region, Stage
from ..semantics import Semantics
from ..structure import Move, Structure
from .applicants import done_order, truth

__all__ = ["Key", "Layout", "Oracle"]

Key = tuple[str, int, tuple[int, ...]]
"""A top-level configuration: (leaf state or concurrent stage, done bits, round counters)."""


@dataclass(frozen=True)
class Layout:
    """Class-independent facts the explorer reads many times, computed once."""

    structure: Structure
    tracked: Mapping[str, int]
    bounded: Mapping[str, int]
    rounds: tuple[int, ...]
    issued: Mapping[str, int] = field(default_factory=dict)
    """Watched certificates and their bit numbers (after the states')."""
    watched: int = 0
    """Bits kept in every configuration, whatever later moves read: a property's."""

    @classmethod
    def of(cls, structure: Structure, states: Iterable[str] = (),
           certificates: Iterable[str] = ()) -> Layout:
        """The layout of ``structure``, also watching ``states`` and ``certificates``."""
        watched_states = set(states)
        guarded = {s for m in structure.moves if m.guard for s in m.guard.states}
        ordered = sorted(guarded | watched_states)
        bounded = [p.id for p in structure.places.values() if p.state.max_rounds]
        rounds = tuple(structure.places[s].state.max_rounds or 0 for s in bounded)
        tracked = {s: i for i, s in enumerate(ordered)}
        issued = {c: len(ordered) + i for i, c in enumerate(sorted(set(certificates)))}
        watched = sum(1 << tracked[s] for s in watched_states) + sum(
            1 << i for i in issued.values())
        return cls(structure, tracked, {s: i for i, s in enumerate(bounded)}, rounds, issued,
                   watched)

    @cached_property
    def semantics(self) -> Semantics:
        """The rules every engine reads (docs/semantics.md)."""
        return Semantics(self.structure)

    @cached_property
    def finals(self) -> frozenset[str]:
        return self.semantics.finals

    @cached_property
    def case_finals(self) -> frozenset[str]:
        return frozenset(self.semantics.case_finals)

    def bit(self, state: str) -> int:
        index = self.tracked.get(state)
        return 0 if index is None else 1 << index

    def issue_bits(self, move: Move) -> int:
        """The watched certificates ``move`` issues, as bits."""
        result = 0
        for certificate in move.issues:
            index = self.issued.get(certificate)
            if index is not None:
                result |= 1 << index
        return result

    def bits_of(self, states: Iterable[str]) -> int:
        result = 0
        for state in states:
            result |= self.bit(state)
        return result

    def region_of(self, state: str) -> Region | None:
        place = self.structure.places.get(state)
        return place.region if place else None

    def stage_of(self, state: str) -> Stage | None:
        place = self.structure.places.get(state)
        return place.stage if place else None

    def position(self, entry: tuple[str, ...]) -> str:
        """Where a set of entered leaves puts the case: a leaf, or a concurrent stage."""
        place = self.structure.places[entry[0]]
        if place.region is not None and place.stage is not None:
            return place.stage.id
        return entry[0]

    def enter(self, visits: tuple[int, ...], entry: tuple[str, ...]) -> tuple[int, ...] | None:
        """Round counters after entering ``entry``; ``None`` if a limit forbids it."""
        counts = list(visits)
        for state in entry:
            index = self.bounded.get(state)
            if index is None:
                continue
            if counts[index] >= self.rounds[index]:
                return None
            counts[index] += 1
        return tuple(counts)

    @cached_property
    def stage_bits(self) -> Mapping[str, int]:
        """Per concurrent stage, the done bits of its states."""
        return {stage.id: self.bits_of(s.id for r in stage.regions for s in r.states)
                for stage in self.structure.process.stages if stage.concurrent}

    def initial_key(self) -> Key:
        entry = self.structure.initial
        visits = self.enter((0,) * len(self.rounds), entry)
        assert visits is not None, "max_rounds is at least 1"
        return self.key(self.position(entry), 0, visits)

    def key(self, position: str, bits: int, visits: tuple[int, ...]) -> Key:
        """A configuration, forgetting the history no later move can read.

        A done bit matters only while some move whose guard asks about it may still
        fire; a round counter only while its state may still be entered. Forgetting
        the rest merges configurations that behave alike (a correction round used up
        in an earlier stage no longer splits every later one).
        """
        bits_kept, counters_kept = self._live[position]
        return (position, bits & (bits_kept | self.watched),
                tuple(v if counters_kept >> k & 1 else 0 for k, v in enumerate(visits)))

    @cached_property
    def _live(self) -> Mapping[str, tuple[int, int]]:
        """Per position: the done bits and round counters that a later move may read."""
        structure = self.structure
        graph: dict[str, set[str]] = {}
        for move in structure.moves:
            graph.setdefault(move.source, set()).update(move.entry)
        for stage in structure.process.stages:
            leaves = {s.id for r in stage.regions for s in r.states}
            graph.setdefault(stage.id, set()).update(leaves)
            for leaf in leaves:
                graph.setdefault(leaf, set()).add(stage.id)
        guards: dict[str, int] = {}
        for move in structure.moves:
            if move.guard is not None:
                guards[move.source] = guards.get(move.source, 0) | self.bits_of(
                    move.guard.states)
        read_from = _reach_or(graph, guards)  # the moves from here on, this one included
        entered_from = _reach_or(graph, {s: 1 << k for s, k in self.bounded.items()})
        live: dict[str, tuple[int, int]] = {}
        positions = [p for p in structure.places if self.region_of(p) is None]
        positions += [s.id for s in structure.process.stages if s.concurrent]
        for position in positions:
            counters = 0  # states entered one or more steps later
            for successor in graph.get(position, ()):
                counters |= entered_from.get(successor, 0)
            live[position] = (read_from.get(position, 0), counters)
        return live


@dataclass
class Oracle:
    """Guards for one representative applicant, memoised by ``done`` assignment.

    A guard that fails to evaluate (a division by zero for this applicant) counts as
    false, as if the way were closed, and is remembered for PK207.
    """

    values: Mapping[str, Value]
    memo: dict[tuple[int, int], bool] = field(default_factory=dict)
    failures: dict[int, Move] = field(default_factory=dict)

    def holds(self, move: Move, done: Callable[[str], bool]) -> bool:
        if move.guard is None:
            return True
        order = done_order(move.guard)
        assignment = 0
        for k, state in enumerate(order):
            if done(state):
                assignment |= 1 << k
        return self.holds_bits(move, assignment)

    def holds_bits(self, move: Move, assignment: int) -> bool:
        if move.guard is None:
            return True
        key = (move.index, assignment)
        found = self.memo.get(key)
        if found is None:
            result = truth(move.guard, self.values, assignment)
            if result is None:
                self.failures.setdefault(move.index, move)
            found = bool(result)
            self.memo[key] = found
        return found


def _reach_or(graph: Mapping[str, set[str]], own: Mapping[str, int]) -> dict[str, int]:
    """Per node, the OR of ``own`` over every node reachable from it, itself included.

    Strongly connected components first (Tarjan's, iterative), each component's value the
    OR of its members' and of the components it leads to: linear in nodes and moves, where
    a search from every node was quadratic (a chain of 10,000 states took seconds).
    """
    nodes = sorted(set(graph) | {n for targets in graph.values() for n in targets} | set(own))
    component, components = _components(graph, nodes)
    value = [0] * len(components)
    for number, members in enumerate(components):  # successors' components come first
        found = 0
        for member in members:
            found |= own.get(member, 0)
            for target in graph.get(member, ()):
                if component[target] != number:
                    found |= value[component[target]]
        value[number] = found
    return {node: value[component[node]] for node in nodes}


def _pop_component(stack: list[str], on_stack: set[str], root: str) -> list[str]:
    members = []
    while True:
        member = stack.pop()
        on_stack.discard(member)
        members.append(member)
        if member == root:
            return members


def _components(graph: Mapping[str, set[str]], nodes: list[str]
                ) -> tuple[dict[str, int], list[list[str]]]:
    """Tarjan's strongly connected components, iterative; each component is numbered
    after every component it leads to (reverse topological order)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    component: dict[str, int] = {}
    components: list[list[str]] = []
    for root in nodes:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(sorted(graph.get(root, ()))))]
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph.get(target, ())))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    members = _pop_component(stack, on_stack, node)
                    for member in members:
                        component[member] = len(components)
                    components.append(members)
    return component, components
