"""Where each move of a stage pass is enabled, as a mask over the product's configurations.

Part of load → **check**. A move needs its guard, the round limits of the states it
enters, and for a join every region resting in a final state. On top of that, of the
moves of one group (``policy_kit.semantics``: one source, one event) the *first* declared
whose condition holds fires (docs/semantics.md); a later one is only taken where every
earlier one is closed. The masks here subtract the earlier ones group by group, so the
checker never takes a way the machine would not.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..structure import Move
from .product import LocalMove, Product

__all__ = ["Enabling", "enabling", "entry_mask"]


@dataclass(frozen=True)
class Enabling:
    """Masks for one stage pass: each local move inside a region, each way out."""

    inner: list[tuple[LocalMove, int]]
    exits: list[tuple[Move, int]]


def enabling(product: Product) -> Enabling:
    groups = product.layout.semantics.groups
    exits: list[tuple[Move, int]] = []
    inner: list[tuple[LocalMove, int]] = []
    for group in groups.get(product.stage.id, ()):
        shadow = 0
        for move in group:
            raw = _join_mask(product, move)
            exits.append((move, raw & ~shadow))
            shadow |= raw
    by_move: dict[tuple[int, str, tuple[int, str]], list[LocalMove]] = {}
    for lm in product.moves:
        key = (lm.region, product.regions[lm.region].leaves[lm.source], lm.move.key)
        by_move.setdefault(key, []).append(lm)
    for j, space in enumerate(product.regions):
        own = {s.id for s in space.region.states}
        for leaf in dict.fromkeys(space.leaves):
            for group in groups.get(leaf, ()):
                shadow = 0
                for move in group:
                    if set(move.entry) <= own:
                        raw = 0
                        for lm in by_move.get((j, leaf, move.key), ()):
                            mask = product.digit(j, lm.source) & product.guard_mask(
                                move, product.fixed(j, lm.source))
                            raw |= mask
                            inner.append((lm, mask & ~shadow))
                    else:
                        raw = _early_mask(product, j, move)
                        exits.append((move, raw & ~shadow))
                    shadow |= raw
    return Enabling([(lm, m) for lm, m in inner if m], [(mv, m) for mv, m in exits if m])


def _join_mask(product: Product, move: Move) -> int:
    mask = entry_mask(product, move)
    for j in range(len(product.regions)):
        if not mask:
            return 0
        mask &= product.final_mask(j)
    return mask & product.guard_mask(move, product.fixed(None, None)) if mask else 0


def _early_mask(product: Product, j: int, move: Move) -> int:
    space = product.regions[j]
    entry = entry_mask(product, move)
    mask = 0
    for local, leaf in enumerate(space.leaves):
        if leaf == move.source and entry:
            here = product.digit(j, local) & entry
            if here:
                mask |= here & product.guard_mask(move, product.fixed(j, local))
    return mask


def entry_mask(product: Product, move: Move) -> int:
    """Where the round limits of the states ``move`` enters still allow it."""
    layout = product.layout
    mask = product.full
    for state in move.entry:
        index = layout.bounded.get(state)
        if index is None:
            continue
        owner = product.owner.get(state)
        if owner is None:
            if product.key[2][index] >= layout.rounds[index]:
                return 0
            continue
        mask &= _below_limit(product, owner, index)
    return mask


def _below_limit(product: Product, j: int, counter: int) -> int:
    """The configurations where region ``j`` has entered the state fewer times than allowed."""
    space = product.regions[j]
    k = space.counters.index(counter)
    limit = product.layout.rounds[counter]
    return product.where(j, lambda local: space.visits[local][k] < limit)
