"""The slowest and fastest ways through the state space, by the time their steps count.

Part of load → **check** (time limits and ``within`` properties). The space's blocks form
a graph: a case rests in a leaf state and leaves it by one of its moves, or passes through
a concurrent stage and leaves by its join or an early exit. Each such hop counts the
span of the state it leaves, or the pass's measure (``passes``). The slowest way is a
longest path (the graph is acyclic wherever loops are bounded; a loop without a bound
on the way makes the slowest way unbounded), the fastest a shortest path. A way is
turned into moves the machine can take, so that it can be shown and replayed.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from .durations import Span
from .explored import Explored
from .passes import Measure, Pass, PassValue
from .sets import Edge
from .space import Exit

__all__ = ["UNBOUNDED", "Hop", "Timeline", "Way"]


@dataclass(frozen=True)
class Hop:
    """Leaving ``block`` by ``exit``; in a stage pass, from configuration ``position``."""

    block: int
    exit: Exit
    position: int | None


@dataclass(frozen=True)
class Way:
    """A way from a source block to ``end``, and its measure (None: no bound)."""

    end: int
    value: int | None
    hops: tuple[Hop, ...]


UNBOUNDED = "unbounded"
"""What ``longest`` returns when a loop without a bound lies on some way."""


class Timeline:
    """One applicant class's space, timed with ``span`` per state."""

    def __init__(self, explored: Explored, span: Callable[[str], Span]) -> None:
        self.explored = explored
        self.span = span
        self._passes: dict[int, Pass] = {}
        self._values: dict[tuple[int, int, Measure], PassValue] = {}

    @property
    def blocks(self) -> int:
        return len(self.explored.space.blocks)

    def exits(self, number: int) -> list[Exit]:
        block = self.explored.space.blocks[number]
        return [e for e in block.exits if e.mask & block.reach]

    def weight(self, number: int, index: int, measure: Measure) -> PassValue:
        """The measure of leaving block ``number`` by its ``index``-th reachable exit."""
        key = (number, index, measure)
        found = self._values.get(key)
        if found is None:
            block = self.explored.space.blocks[number]
            if block.product is None:
                span = self.span(block.key[0])
                found = PassValue(span.hi if measure == "upper" else span.lo, None)
            else:
                found = self._pass(number).value(self.exits(number)[index], measure)
            self._values[key] = found
        return found

    def _pass(self, number: int) -> Pass:
        found = self._passes.get(number)
        if found is None:
            found = Pass(self.explored.space.blocks[number], self.span)
            self._passes[number] = found
        return found

    @cached_property
    def _successors(self) -> list[list[tuple[int, Exit]]]:
        return [list(enumerate(self.exits(n))) for n in range(self.blocks)]

    # -- slowest ---------------------------------------------------------------------------

    def longest(self, sources: Iterable[int], ends: frozenset[int],
                measure: Measure) -> list[Way] | str:
        """The longest way from any source to each reachable end (edges out of an end are
        cut), or ``UNBOUNDED`` when a loop lies on some way to an end."""
        nodes = self._between(set(sources), ends)
        order = self._order(nodes, ends)
        if order is None:
            return UNBOUNDED
        best: dict[int, tuple[int | None, Hop | None]] = {s: (0, None) for s in sources
                                                          if s in nodes}
        for node in order:
            if node in ends or node not in best:
                continue
            here = best[node][0]
            for index, exit_ in self._successors[node]:
                if exit_.target not in nodes:
                    continue
                value = self.weight(node, index, measure)
                total = None if here is None or value.value is None else here + value.value
                known = best.get(exit_.target)
                if known is None or _later(total, known[0]):
                    best[exit_.target] = (total, Hop(node, exit_, value.position))
        return [Way(end, best[end][0], self._hops(best, end)) for end in sorted(ends)
                if end in best]

    def _order(self, nodes: set[int], ends: frozenset[int]) -> list[int] | None:
        """``nodes`` in topological order (edges out of ends cut); None if they loop."""
        indegree = dict.fromkeys(nodes, 0)
        for node in nodes - ends:
            for _, exit_ in self._successors[node]:
                if exit_.target in nodes:
                    indegree[exit_.target] += 1
        ready = [n for n, d in indegree.items() if d == 0]
        order: list[int] = []
        while ready:
            node = ready.pop()
            order.append(node)
            if node in ends:
                continue
            for _, exit_ in self._successors[node]:
                if exit_.target in nodes:
                    indegree[exit_.target] -= 1
                    if indegree[exit_.target] == 0:
                        ready.append(exit_.target)
        return order if len(order) == len(nodes) else None

    def _between(self, sources: set[int], ends: frozenset[int]) -> set[int]:
        """Blocks on some way from a source to an end that stops at its first end."""
        forward = set(sources)
        todo = list(sources)
        while todo:
            node = todo.pop()
            if node in ends:
                continue
            for _, exit_ in self._successors[node]:
                if exit_.target not in forward:
                    forward.add(exit_.target)
                    todo.append(exit_.target)
        backward = {n for n in forward if n in ends}
        changed = True
        while changed:
            changed = False
            for node in forward - backward:
                if node not in ends and any(e.target in backward
                                            for _, e in self._successors[node]):
                    backward.add(node)
                    changed = True
        return backward

    @staticmethod
    def _hops(best: dict[int, tuple[int | None, Hop | None]], end: int) -> tuple[Hop, ...]:
        hops: list[Hop] = []
        node = end
        while True:
            hop = best[node][1]
            if hop is None:
                return tuple(reversed(hops))
            hops.append(hop)
            node = hop.block

    # -- fastest ---------------------------------------------------------------------------

    def fastest(self, ends: frozenset[int], scope: frozenset[int] | None) -> list[Way]:
        """The fastest way from the start to each end that passes through a block of
        ``scope`` (None: any way), by the lower ends of the spans."""
        start = (0, scope is None or 0 in scope)
        best: dict[tuple[int, bool], tuple[int, Hop | None, tuple[int, bool] | None]] = {
            start: (0, None, None)}
        heap = [(0, start)]
        while heap:
            time, state = heapq.heappop(heap)
            node, passed = state
            if time > best[state][0] or node in ends:
                continue
            for index, exit_ in self._successors[node]:
                value = self.weight(node, index, "fast")
                later = time + (value.value or 0)
                after = (exit_.target, passed or scope is None or exit_.target in scope)
                if after not in best or later < best[after][0]:
                    best[after] = (later, Hop(node, exit_, value.position), state)
                    heapq.heappush(heap, (later, after))
        ways: list[Way] = []
        for end in sorted(ends):
            if (end, True) not in best:
                continue
            hops: list[Hop] = []
            back: tuple[int, bool] | None = (end, True)
            while back is not None:
                _, hop, back = best[back]
                if hop is not None:
                    hops.append(hop)
            ways.append(Way(end, best[(end, True)][0], tuple(reversed(hops))))
        return ways

    # -- witnesses -------------------------------------------------------------------------

    def edges(self, hops: Iterable[Hop], measure: Measure) -> list[Edge] | None:
        """The moves of a way, stage passes scheduled; None if a pass cannot be."""
        found: list[Edge] = []
        blocks = self.explored.space.blocks
        for hop in hops:
            if blocks[hop.block].product is not None and hop.position is None:
                return None  # a pass without a bound has no way to show
            if hop.position is not None:
                inners = self._pass(hop.block).schedule(hop.position, measure)
                if inners is None:
                    return None
                position = 0
                for inner in inners:
                    position += inner.delta
                    found.append((inner.move, hop.block, position))
            found.append((hop.exit.move, hop.exit.target, 0))
        return found


def _later(a: int | None, b: int | None) -> bool:
    if b is None:
        return False
    return a is None or a > b
