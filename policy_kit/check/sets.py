"""Sets of configurations and the few operations every behavioural check is made of.

Part of load → **check**. A set maps a block number to a bit set of its configurations.
Successors, predecessors, breadth-first levels (for shortest counterexamples), backward
closure (what can still reach a goal) and trimming (what lies on a cycle) work a whole
set at a time, so their cost grows with the number of moves and levels, not with the
number of configurations.
"""

from __future__ import annotations

from collections.abc import Callable

from ..structure import Move
from .space import Block, Exit, Inner, Space

__all__ = [
    "ConfigSet", "Edge", "backward", "levels", "minus", "path", "pick", "post", "pre",
    "restrict", "size", "trim", "union", "within",
]

ConfigSet = dict[int, int]
Edge = tuple[Move, int, int]
"""A step of a path: the move taken, and the block and position it arrives at."""


def _shift(bits: int, delta: int) -> int:
    return bits << delta if delta >= 0 else bits >> -delta


def _add(into: ConfigSet, block: int, bits: int) -> None:
    if bits:
        into[block] = into.get(block, 0) | bits


def _merge(into: ConfigSet, part: ConfigSet) -> None:
    """``into |= part`` in place: a loop of levels costs each level's size, not the whole
    set's (copying the set each level made a chain of 10,000 states quadratic)."""
    for block, bits in part.items():
        _add(into, block, bits)


def union(*sets: ConfigSet) -> ConfigSet:
    result: ConfigSet = {}
    for part in sets:
        for block, bits in part.items():
            _add(result, block, bits)
    return result


def within(left: ConfigSet, right: ConfigSet) -> ConfigSet:
    """The intersection."""
    return {b: x & right[b] for b, x in left.items() if b in right and x & right[b]}


def minus(left: ConfigSet, right: ConfigSet) -> ConfigSet:
    return {b: x & ~right.get(b, 0) for b, x in left.items() if x & ~right.get(b, 0)}


def size(configs: ConfigSet) -> int:
    return sum(x.bit_count() for x in configs.values())


def pick(configs: ConfigSet) -> tuple[int, int] | None:
    """The configuration with the lowest block number and position, if any."""
    for block in sorted(configs):
        bits = configs[block]
        if bits:
            return block, (bits & -bits).bit_length() - 1
    return None


def post(space: Space, configs: ConfigSet) -> ConfigSet:
    """Every configuration one move away from ``configs``."""
    result: ConfigSet = {}
    for number, bits in configs.items():
        block = space.blocks[number]
        moved = 0
        for inner in block.inner:
            here = bits & inner.mask
            if here:
                moved |= _shift(here, inner.delta)
        _add(result, number, moved)
        for exit_ in block.exits:
            if bits & exit_.mask:
                _add(result, exit_.target, 1)
    return result


def pre(space: Space, configs: ConfigSet) -> ConfigSet:
    """Every reachable configuration with a move into ``configs``."""
    result: ConfigSet = {}
    for number, bits in configs.items():
        block = space.blocks[number]
        found = 0
        for inner in block.inner:
            found |= _shift(bits, -inner.delta) & inner.mask
        _add(result, number, found & block.reach)
        if bits & 1:
            for source, exit_ in space.incoming[number]:
                _add(result, source, exit_.mask & space.blocks[source].reach)
    return result


def levels(space: Space, start: ConfigSet, goal: ConfigSet | None = None,
           ) -> list[ConfigSet]:
    """Breadth-first frontiers from ``start``; stops at the first that meets ``goal``."""
    frontier = dict(start)
    seen = dict(start)
    found: list[ConfigSet] = []
    while frontier:
        found.append(frontier)
        if goal is not None and within(frontier, goal):
            break
        frontier = minus(post(space, frontier), seen)
        _merge(seen, frontier)
    return found


def backward(space: Space, goal: ConfigSet, among: ConfigSet) -> ConfigSet:
    """The configurations of ``among`` from which ``goal`` can be reached."""
    result = within(goal, among)
    frontier = dict(result)
    while frontier:
        frontier = minus(within(pre(space, frontier), among), result)
        _merge(result, frontier)
    return result


def trim(space: Space, configs: ConfigSet) -> ConfigSet:
    """The part of ``configs`` that lies on or between cycles inside ``configs``."""
    current = dict(configs)
    while True:
        kept = within(within(current, pre(space, current)), post(space, current))
        if size(kept) == size(current):
            return kept
        current = kept


def path(space: Space, frontiers: list[ConfigSet], block: int, position: int) -> list[Edge]:
    """A shortest path from ``frontiers[0]`` to the given configuration, as moves."""
    depth = next(k for k, f in enumerate(frontiers) if f.get(block, 0) >> position & 1)
    steps: list[Edge] = []
    while depth > 0:
        before = frontiers[depth - 1]
        move, block_before, position_before = _predecessor(space, before, block, position)
        steps.append((move, block, position))
        block, position = block_before, position_before
        depth -= 1
    steps.reverse()
    return steps


def _predecessor(space: Space, before: ConfigSet, block: int, position: int,
                 ) -> tuple[Move, int, int]:
    here = space.blocks[block]
    bits = before.get(block, 0)
    for inner in here.inner:
        source = position - inner.delta
        if source >= 0 and bits >> source & 1 and inner.mask >> source & 1:
            return inner.move, block, source
    if position == 0:
        for number, exit_ in space.incoming[block]:
            overlap = before.get(number, 0) & exit_.mask
            if overlap:
                return exit_.move, number, (overlap & -overlap).bit_length() - 1
    raise AssertionError("no predecessor on the previous level")  # pragma: no cover


def restrict(space: Space, inner_keep: Callable[[Block, Inner], int],
             exit_keep: Callable[[Block, Exit], int]) -> Space:
    """The same space with each move's mask narrowed (for "along a path that avoids …")."""
    blocks = [Block(b.key, b.size, b.reach,
                    [_narrow_inner(i, inner_keep(b, i)) for i in b.inner],
                    [_narrow_exit(e, exit_keep(b, e)) for e in b.exits],
                    b.final, b.truncated, b.product) for b in space.blocks]
    incoming: list[list[tuple[int, Exit]]] = [[] for _ in blocks]
    for number, block in enumerate(blocks):
        for exit_ in block.exits:
            incoming[exit_.target].append((number, exit_))
    return Space(space.layout, space.oracle, blocks, incoming, space.truncated)


def _narrow_inner(inner: Inner, keep: int) -> Inner:
    return Inner(inner.move, inner.mask & keep, inner.delta, inner.local)


def _narrow_exit(exit_: Exit, keep: int) -> Exit:
    return Exit(exit_.move, exit_.mask & keep, exit_.target)
