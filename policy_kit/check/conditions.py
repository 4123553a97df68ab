"""Where a declared property's condition holds: a set of configurations of the state space.

Part of load → **check**. A condition reads the applicant's attributes (fixed for a
class), ``done(state)``, ``issued(certificate)`` and ``ended()``. In a configuration
outside concurrent stages all of these are known from its key; in a stage pass each
history atom is a mask over the product (``done`` of a region's state, a certificate
issued by a region's move, or by an earlier step for every configuration), so the
condition is evaluated once per combination of atoms that some configuration has, as
guards are.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..expr import Guard
from .applicants import done_order, truth
from .explored import Explored
from .layout import Layout
from .product import Product
from .sets import ConfigSet
from .space import Block

__all__ = ["Holding", "holding"]


@dataclass(frozen=True)
class Holding:
    """The reachable configurations where a condition holds; ``failed`` if it could not be
    evaluated somewhere (counted as false there)."""

    configs: ConfigSet
    failed: bool


def holding(explored: Explored, condition: Guard) -> Holding:
    layout = explored.space.layout
    found: ConfigSet = {}
    failed = False
    for number, block in enumerate(explored.space.blocks):
        masks = _atom_masks(layout, block, condition)
        mask = 0
        for assignment, where in _combinations(masks, block.reach):
            result = truth(condition, explored.applicant, assignment)
            failed |= result is None
            if result:
                mask |= where
        if mask:
            found[number] = mask
    return Holding(found, failed)


def _atom_masks(layout: Layout, block: Block, condition: Guard) -> list[int]:
    """One mask per atom, in ``truth``'s order: the configurations where it is true."""
    product = block.product
    if product is None:
        return _leaf_atoms(layout, block, condition)
    full = product.full
    masks = []
    for state in done_order(condition):
        if state in product.owner:
            masks.append(product.done_mask(state))
        else:
            masks.append(full if product.outer_bits & layout.bit(state) else 0)
    for certificate in sorted(condition.certificates):
        masks.append(_issued_mask(product, 1 << layout.issued[certificate]))
    if condition.ends:
        masks.append(0)  # a case inside a stage pass has not ended
    return masks


def _leaf_atoms(layout: Layout, block: Block, condition: Guard) -> list[int]:
    leaf, bits, _ = block.key
    final = leaf in layout.finals
    masks = [1 if bits & layout.bit(s) or (final and s == leaf) else 0
             for s in done_order(condition)]
    masks += [1 if bits >> layout.issued[c] & 1 else 0 for c in sorted(condition.certificates)]
    if condition.ends:
        masks.append(1 if block.final else 0)
    return masks


def _issued_mask(product: Product, bit: int) -> int:
    if product.outer_bits & bit:
        return product.full
    mask = 0
    for j, space in enumerate(product.regions):
        issued = {local for local, bits in enumerate(space.bits) if bits & bit}
        if issued:
            mask |= product.where(j, issued.__contains__)
    return mask


def _combinations(masks: list[int], reach: int) -> list[tuple[int, int]]:
    """Each assignment of the atoms that some reachable configuration has, with those
    configurations; combinations are narrowed atom by atom and empty ones dropped."""
    found = [(0, reach)]
    for k, mask in enumerate(masks):
        narrowed = []
        for assignment, where in found:
            yes, no = where & mask, where & ~mask
            if yes:
                narrowed.append((assignment | 1 << k, yes))
            if no:
                narrowed.append((assignment, no))
        found = narrowed
    return found
