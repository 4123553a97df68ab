"""The ways out of a block of configurations, and the configuration each one leads to.

Part of load → **check**. A leaf state has its enabled moves; a concurrent stage has its
join (every region final) and the early exits of its regions (a refusal that ends the
whole stage). Leaving a stage keeps, of the regions' history, what later guards and round
limits can see, so one exit move may lead to several top-level configurations; the
product's configurations are split by what each region contributes, region by region,
dropping empty combinations as soon as they appear.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..semantics import first_open
from ..structure import Move
from .layout import Key, Layout, Oracle
from .product import Product

__all__ = ["ExitEdge", "leaf_exits", "product_exits"]


@dataclass(frozen=True)
class ExitEdge:
    """``move`` taken from the configurations in ``mask`` leads to ``target``."""

    move: Move
    mask: int
    target: Key


def leaf_exits(layout: Layout, key: Key, oracle: Oracle) -> Iterator[ExitEdge]:
    """The enabled moves of a case resting in one leaf state outside any region."""
    leaf, bits, visits = key
    if leaf in layout.case_finals:
        return
    final = leaf in layout.finals

    def done(state: str) -> bool:
        return bool(bits & layout.bit(state)) or (final and state == leaf)

    def is_open(move: Move) -> bool:
        return layout.enter(visits, move.entry) is not None and oracle.holds(move, done)

    for move in first_open(layout.semantics.groups.get(leaf, ()), is_open):
        after = layout.enter(visits, move.entry)
        assert after is not None
        bits_after = bits | layout.bit(leaf) | layout.issue_bits(move)
        yield ExitEdge(move, 1, layout.key(layout.position(move.entry), bits_after, after))


def product_exits(product: Product, reach: int,
                  masks: list[tuple[Move, int]]) -> Iterator[ExitEdge]:
    """The joins and early exits of a stage pass, each split by the history it leaves."""
    for move, mask in masks:
        if mask & reach:
            yield from _split(product, move, mask & reach)


def _split(product: Product, move: Move, mask: int) -> Iterator[ExitEdge]:
    """Split ``mask`` by the top-level configuration each of its members leads to."""
    layout = product.layout
    contributions: list[list[tuple[int, tuple[int, ...], int]]] = []
    for j, space in enumerate(product.regions):
        groups: dict[tuple[int, tuple[int, ...]], int] = {}
        for local, leaf in enumerate(space.leaves):
            left = move.join or leaf not in move.entry or leaf == move.source
            key = (space.bits[local] | (layout.bit(leaf) if left else 0), space.visits[local])
            groups[key] = groups.get(key, 0) | product.digit(j, local)
        contributions.append([(bits, visits, m) for (bits, visits), m in groups.items()])
    targets: dict[Key, int] = {}
    for bits, visits, part in _combine(product, contributions, mask):
        after = layout.enter(visits, move.entry)
        if after is None:
            continue
        target = layout.key(layout.position(move.entry),
                            product.outer_bits | bits | layout.issue_bits(move), after)
        targets[target] = targets.get(target, 0) | part
    for target, part in targets.items():
        yield ExitEdge(move, part, target)


def _combine(product: Product,
             contributions: list[list[tuple[int, tuple[int, ...], int]]],
             mask: int) -> Iterator[tuple[int, tuple[int, ...], int]]:
    """Depth first over regions, pruning combinations whose configurations are empty."""
    visits = list(product.key[2])
    stack: list[tuple[int, int, int, list[int]]] = [(0, mask, 0, visits)]
    while stack:
        j, here, bits, counts = stack.pop()
        if j == len(contributions):
            yield bits, tuple(counts), here
            continue
        space = product.regions[j]
        for part_bits, part_visits, part in contributions[j]:
            narrowed = here & part
            if not narrowed:
                continue
            updated = list(counts)
            for k, index in enumerate(space.counters):
                updated[index] = part_visits[k]
            stack.append((j + 1, narrowed, bits | part_bits, updated))
