"""The reachable state space of one applicant class, as blocks of configurations.

Part of load → **check**. A *block* is either one top-level configuration (a case resting
in a leaf state outside any region) or one pass through a concurrent stage (the product
of its regions, see ``product``). Inside a block, configurations are bit positions and
moves are masks with shifts; between blocks, exits lead from a mask of configurations to
the entry (position 0) of another block. Blocks are discovered breadth first from the
start, so everything in the space is reachable.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from ..structure import Move
from .enabling import enabling
from .exits import ExitEdge, leaf_exits, product_exits
from .layout import Key, Layout, Oracle
from .product import LocalMove, Product, TooLarge

__all__ = ["MAX_BLOCKS", "Block", "Exit", "Inner", "Space", "explore"]

MAX_BLOCKS = 200_000


@dataclass(frozen=True)
class Inner:
    """A move inside a block: from ``mask``, add ``delta`` to the position."""

    move: Move
    mask: int
    delta: int
    local: LocalMove


@dataclass(frozen=True)
class Exit:
    """A move out of a block: from ``mask``, to the entry of block ``target``."""

    move: Move
    mask: int
    target: int


@dataclass
class Block:
    key: Key
    size: int = 1
    reach: int = 1
    inner: list[Inner] = field(default_factory=list)
    exits: list[Exit] = field(default_factory=list)
    final: bool = False
    truncated: bool = False
    product: Product | None = None

    def leaves(self, index: int) -> tuple[str, ...]:
        if self.product is None:
            return (self.key[0],)
        return self.product.leaves(index)

    @property
    def enabled(self) -> int:
        """The configurations of the block in which some move is enabled."""
        mask = 0
        for inner in self.inner:
            mask |= inner.mask
        for exit_ in self.exits:
            mask |= exit_.mask
        return mask & self.reach


@dataclass
class Space:
    """Every block reachable from the start for one applicant class."""

    layout: Layout
    oracle: Oracle
    blocks: list[Block]
    incoming: list[list[tuple[int, Exit]]]
    truncated: list[tuple[str, str]]
    """Why the space is incomplete, each reason in Chinese and English."""

    @property
    def configurations(self) -> int:
        return sum(b.reach.bit_count() for b in self.blocks)


def explore(layout: Layout, oracle: Oracle, max_blocks: int = MAX_BLOCKS) -> Space:
    """Discover the blocks reachable from the start."""
    index: dict[Key, int] = {}
    blocks: list[Block] = []
    truncated: list[tuple[str, str]] = []
    queue: deque[int] = deque()

    def block_of(key: Key) -> int:
        found = index.get(key)
        if found is None:
            found = len(blocks)
            index[key] = found
            blocks.append(Block(key))
            queue.append(found)
        return found

    block_of(layout.initial_key())
    while queue:
        number = queue.popleft()
        block = blocks[number]
        if len(blocks) > max_blocks:
            block.truncated = True
            truncated.append((f"顶层组合超过 {max_blocks:,} 种",
                              f"more than {max_blocks:,} top-level configurations"))
            continue
        edges = _build(layout, oracle, block, truncated)
        block.exits = [Exit(e.move, e.mask, block_of(e.target)) for e in edges]
    incoming: list[list[tuple[int, Exit]]] = [[] for _ in blocks]
    for number, block in enumerate(blocks):
        for exit_ in block.exits:
            incoming[exit_.target].append((number, exit_))
    return Space(layout, oracle, blocks, incoming, truncated)


def _build(layout: Layout, oracle: Oracle, block: Block, truncated: list[tuple[str, str]],
           ) -> list[ExitEdge]:
    position = block.key[0]
    stage = layout.structure.stages.get(position)
    if stage is None or not stage.concurrent:
        block.final = position in layout.case_finals
        return list(leaf_exits(layout, block.key, oracle))
    try:
        product = Product(layout, stage, block.key, oracle)
    except TooLarge as error:
        block.truncated = True
        truncated.append((str(error.args[0]), str(error.args[1])))
        return []
    block.product = product
    block.size = product.size
    masks = enabling(product)
    block.inner = [Inner(lm.move, mask, (lm.target - lm.source) * product.weights[lm.region], lm)
                   for lm, mask in masks.inner]
    block.reach = _reach(block)
    return list(product_exits(product, block.reach, masks.exits))


def _reach(block: Block) -> int:
    reach = frontier = 1
    while frontier:
        new = 0
        for inner in block.inner:
            moved = frontier & inner.mask
            if moved:
                new |= moved << inner.delta if inner.delta >= 0 else moved >> -inner.delta
        frontier = new & ~reach
        reach |= frontier
    return reach
