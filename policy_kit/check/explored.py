"""One applicant class's state space with the sets every behavioural check asks about.

Part of load → **check**. Each set is computed once, when first needed: breadth-first
levels from the start (for shortest counterexamples), the configurations that can still
finish, those that are stuck, and the blocks where a cycle is possible at all (so that
acyclic spaces, the usual case, never pay for cycle detection).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

from ..expr import Value
from ..structure import Move
from .findings import Counterexample, Step
from .sets import ConfigSet, Edge, backward, levels, minus, path, pick, within
from .space import Block, Space

__all__ = ["Explored", "Found"]

T = TypeVar("T")
Found = tuple[list[Edge], int, int]
"""A shortest path and the block and position it ends at."""


@dataclass
class Explored:
    applicant: Mapping[str, Value]
    space: Space

    @cached_property
    def frontiers(self) -> list[ConfigSet]:
        return levels(self.space, {0: 1})

    @cached_property
    def reach(self) -> ConfigSet:
        return {n: b.reach for n, b in enumerate(self.space.blocks)}

    @cached_property
    def finished(self) -> ConfigSet:
        """Case-final configurations, and truncated blocks, which are given the benefit."""
        return {n: b.reach for n, b in enumerate(self.space.blocks) if b.final or b.truncated}

    @cached_property
    def stuck(self) -> ConfigSet:
        found: ConfigSet = {}
        for number, block in enumerate(self.space.blocks):
            if not (block.final or block.truncated):
                bits = block.reach & ~block.enabled
                if bits:
                    found[number] = bits
        return found

    @cached_property
    def can_finish(self) -> ConfigSet:
        return backward(self.space, self.finished, self.reach)

    @cached_property
    def doomed(self) -> ConfigSet:
        return minus(self.reach, self.can_finish)

    @cached_property
    def cyclic(self) -> ConfigSet:
        """The configurations of blocks where some cycle may exist."""
        blocks = _cyclic_blocks(self.space)
        return {n: self.space.blocks[n].reach for n in blocks}

    def shortest(self, goal: ConfigSet) -> Found | None:
        for frontier in self.frontiers:
            hit = within(frontier, goal)
            if hit:
                found = pick(hit)
                assert found is not None
                block, position = found
                return path(self.space, self.frontiers, block, position), block, position
        return None

    def leaves(self, block: int, position: int) -> tuple[str, ...]:
        return self.space.blocks[block].leaves(position)

    def steps(self, edges: list[Edge]) -> tuple[Step, ...]:
        return tuple(Step(move.trigger, move.event, move.source, self.leaves(b, p))
                     for move, b, p in edges)

    def counterexample(self, edges: list[Edge], extra: tuple[Step, ...] = ()) -> Counterexample:
        return Counterexample(dict(self.applicant), self.leaves(0, 0),
                              self.steps(edges) + extra)

    def step(self, move: Move, block: int, position: int) -> Step:
        return Step(move.trigger, move.event, move.source, self.leaves(block, position))

    def active(self, leaf: str) -> ConfigSet:
        """The configurations in which ``leaf`` is one of the active states."""
        found: ConfigSet = {}
        for number, block in enumerate(self.space.blocks):
            mask = leaf_mask(block, leaf) & block.reach
            if mask:
                found[number] = mask
        return found

    def same_leaves(self, leaves: tuple[str, ...]) -> ConfigSet:
        """The configurations whose active states are exactly ``leaves``."""
        found: ConfigSet = {}
        for number, block in enumerate(self.space.blocks):
            mask = block.reach
            for leaf in leaves:
                mask &= leaf_mask(block, leaf)
                if not mask:
                    break
            if mask:
                found[number] = mask
        return found

    @cached_property
    def reached_leaves(self) -> frozenset[str]:
        found: set[str] = set()
        for block in self.space.blocks:
            product = block.product
            if product is None:
                found.add(block.key[0])
                continue
            found.add(product.stage.id)
            for j, space in enumerate(product.regions):
                for local, leaf in enumerate(space.leaves):
                    if leaf not in found and product.digit(j, local) & block.reach:
                        found.add(leaf)
        return frozenset(found)

    @cached_property
    def live(self) -> frozenset[int]:
        """Transition indices of the moves enabled somewhere reachable."""
        found: set[int] = set()
        for block in self.space.blocks:
            found.update(e.move.index for e in block.exits if e.mask & block.reach)
            found.update(i.move.index for i in block.inner if i.mask & block.reach)
        return frozenset(found)


def leaf_mask(block: Block, leaf: str) -> int:
    product = block.product
    if product is None:
        return block.reach if block.key[0] == leaf else 0
    j = product.owner.get(leaf)
    if j is None:
        return 0
    space = product.regions[j]
    return product.where(j, lambda local: space.leaves[local] == leaf)


def _cyclic_blocks(space: Space) -> set[int]:
    """Blocks on a cycle of the block graph, and blocks whose regions can loop locally."""
    found = {n for n, b in enumerate(space.blocks) if b.product and _local_cycle(b)}
    found |= _block_cycles(space)
    return found


def _local_cycle(block: Block) -> bool:
    graph: dict[tuple[int, int], set[tuple[int, int]]] = {}
    for inner in block.inner:
        lm = inner.local
        graph.setdefault((lm.region, lm.source), set()).add((lm.region, lm.target))
    return bool(_strong(graph))


def _block_cycles(space: Space) -> set[int]:
    graph = {n: {e.target for e in b.exits} for n, b in enumerate(space.blocks)}
    return {node for component in _strong(graph) for node in component}


def _strong(graph: dict[T, set[T]]) -> list[set[T]]:
    """Strongly connected components with a cycle (Tarjan's algorithm, iteratively)."""
    index: dict[T, int] = {}
    low: dict[T, int] = {}
    stack: list[T] = []
    on_stack: set[T] = set()
    result: list[set[T]] = []
    counter = 0
    for root in list(graph):
        if root in index:
            continue
        work: list[tuple[T, list[T]]] = [(root, list(graph.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, todo = work[-1]
            if todo:
                nxt = todo.pop()
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, list(graph.get(nxt, ()))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: set[T] = set()
                while True:
                    item = stack.pop()
                    on_stack.discard(item)
                    component.add(item)
                    if item == node:
                        break
                if len(component) > 1 or node in graph.get(node, ()):
                    result.append(component)
    return result
