"""One pass through a concurrent stage, explored as the product of its regions, in bit sets.

Part of load → **check**. Each region is first explored alone (its *local*
configurations: leaf, its own done bits, its round counters), treating other regions'
``done(...)`` as unknown. A product configuration is then a mixed-radix number, one digit
per region, and a *set* of product configurations is one Python integer with a bit per
configuration. A region's move from local ``a`` to ``b`` adds ``(b - a) * weight`` to the
number, so taking it for a whole set is one ``&`` with the move's enabling mask and one
shift. Masks for "region j is at local l" are periodic bit patterns built by doubling;
a cross-region ``done(s)`` guard becomes the union of the digit masks where ``s`` is done.
Where regions do not interact their masks are simply full, so independent regions cost
nothing extra per move.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..model import Region, Stage
from ..semantics import initial_state
from ..structure import Move
from .applicants import done_order
from .layout import Key, Layout, Oracle

__all__ = ["MAX_PRODUCT", "LocalMove", "Product", "RegionSpace", "TooLarge"]

MAX_PRODUCT = 1 << 24
"""Configurations of one stage pass held as one bit set (2 MiB per set)."""


class TooLarge(Exception):
    """The product of a stage's regions exceeds ``MAX_PRODUCT``."""


@dataclass(frozen=True)
class LocalMove:
    move: Move
    region: int
    source: int
    target: int

    @property
    def key(self) -> tuple[int, int, int, tuple[int, str]]:
        """Its own key: region, local source and target, and the move's key."""
        return (self.region, self.source, self.target, self.move.key)


@dataclass
class RegionSpace:
    """The local configurations of one region: (leaf, own done bits, own round counters)."""

    region: Region
    counters: tuple[int, ...]
    leaves: list[str] = field(default_factory=list)
    bits: list[int] = field(default_factory=list)
    visits: list[tuple[int, ...]] = field(default_factory=list)
    index: dict[tuple[str, int, tuple[int, ...]], int] = field(default_factory=dict)

    def add(self, leaf: str, bits: int, visits: tuple[int, ...]) -> int:
        key = (leaf, bits, visits)
        found = self.index.get(key)
        if found is None:
            found = len(self.leaves)
            self.index[key] = found
            self.leaves.append(leaf)
            self.bits.append(bits)
            self.visits.append(visits)
        return found

    def __len__(self) -> int:
        return len(self.leaves)


class Product:
    """A concurrent stage entered with a given history (``key``), as bit-set operations."""

    def __init__(self, layout: Layout, stage: Stage, key: Key, oracle: Oracle) -> None:
        self.layout = layout
        self.stage = stage
        self.key = key
        self.oracle = oracle
        self.owner = {s.id: j for j, r in enumerate(stage.regions) for s in r.states}
        self.outer_bits = key[1] & ~layout.stage_bits[stage.id]
        self.regions = [self._region_space(r) for r in stage.regions]
        self.moves: list[LocalMove] = []
        for j in range(len(self.regions)):
            self._explore(j)
        self.sizes = [len(r) for r in self.regions]
        self.weights: list[int] = []
        total = 1
        for n in self.sizes:
            self.weights.append(total)
            total *= n
        if total > MAX_PRODUCT:
            raise TooLarge(f"{stage.id}:{total:,} 种组合", f"{stage.id}: {total:,} configurations")
        self.size = total
        self.full = (1 << total) - 1
        self._digits: dict[tuple[int, int], int] = {}
        self._done: dict[str, int] = {}

    # -- local exploration ---------------------------------------------------------------

    def _region_space(self, region: Region) -> RegionSpace:
        layout = self.layout
        counters = tuple(layout.bounded[s.id] for s in region.states if s.id in layout.bounded)
        space = RegionSpace(region, counters)
        bits = self.key[1] & layout.bits_of(s.id for s in region.states)
        space.add(initial_state(region), bits,
                  tuple(self.key[2][c] for c in counters))
        return space

    def _explore(self, j: int) -> None:
        space = self.regions[j]
        own = {s.id for s in space.region.states}
        todo = [0]
        while todo:
            a = todo.pop()
            leaf = space.leaves[a]
            for move in self.layout.structure.moves_from.get(leaf, ()):
                if move.join or not set(move.entry) <= own:
                    continue
                visits = self._enter_local(space, space.visits[a], move.entry[0])
                if visits is None or not self._satisfiable(move, self.fixed(j, a)):
                    continue
                before = len(space)
                bits = space.bits[a] | self.layout.bit(leaf) | self.layout.issue_bits(move)
                b = space.add(move.entry[0], bits, visits)
                self.moves.append(LocalMove(move, j, a, b))
                if len(space) > before:
                    todo.append(b)

    def _enter_local(self, space: RegionSpace, visits: tuple[int, ...],
                     state: str) -> tuple[int, ...] | None:
        index = self.layout.bounded.get(state)
        if index is None:
            return visits
        k = space.counters.index(index)
        if visits[k] >= self.layout.rounds[index]:
            return None
        return (*visits[:k], visits[k] + 1, *visits[k + 1:])

    def fixed(self, j: int | None, local: int | None) -> Callable[[str], bool | None]:
        """``done`` for states decided without looking at other regions (None: cross)."""
        layout = self.layout
        space = self.regions[j] if j is not None else None

        def done(state: str) -> bool | None:
            owner = self.owner.get(state)
            if owner is None:
                return bool(self.outer_bits & layout.bit(state))
            if owner != j or space is None or local is None:
                return None
            return bool(space.bits[local] & layout.bit(state)) or (
                space.leaves[local] == state and state in layout.finals)

        return done

    def _satisfiable(self, move: Move, fixed: Callable[[str], bool | None]) -> bool:
        if move.guard is None:
            return True
        base, cross = self._split(move, fixed)
        return any(self.oracle.holds_bits(move, base | extra)
                   for extra in _subsets([1 << k for k, _ in cross]))

    def _split(self, move: Move, fixed: Callable[[str], bool | None],
               ) -> tuple[int, list[tuple[int, str]]]:
        assert move.guard is not None
        base = 0
        cross: list[tuple[int, str]] = []
        for k, state in enumerate(done_order(move.guard)):
            value = fixed(state)
            if value is None:
                cross.append((k, state))
            elif value:
                base |= 1 << k
        return base, cross

    # -- masks ----------------------------------------------------------------------------

    def digit(self, j: int, local: int) -> int:
        """The configurations whose region ``j`` is at ``local``."""
        key = (j, local)
        mask = self._digits.get(key)
        if mask is None:
            weight, period = self.weights[j], self.weights[j] * self.sizes[j]
            mask = ((1 << weight) - 1) << (local * weight)
            length = period
            while length < self.size:
                mask |= mask << length
                length <<= 1
            mask &= self.full
            self._digits[key] = mask
        return mask

    def where(self, j: int, test: Callable[[int], bool]) -> int:
        """The configurations whose region ``j`` is at a local satisfying ``test``."""
        mask = 0
        for local in range(self.sizes[j]):
            if test(local):
                mask |= self.digit(j, local)
        return mask

    def done_mask(self, state: str) -> int:
        mask = self._done.get(state)
        if mask is None:
            j = self.owner[state]
            space = self.regions[j]
            bit = self.layout.bit(state)
            final = state in self.layout.finals
            mask = self.where(j, lambda local: bool(space.bits[local] & bit) or (
                final and space.leaves[local] == state))
            self._done[state] = mask
        return mask

    def final_mask(self, j: int) -> int:
        space = self.regions[j]
        return self.where(j, lambda local: space.leaves[local] in self.layout.finals)

    def guard_mask(self, move: Move, fixed: Callable[[str], bool | None]) -> int:
        """The configurations in which ``move``'s guard holds (other atoms fixed)."""
        if move.guard is None:
            return self.full
        base, cross = self._split(move, fixed)
        result = 0
        for combo in range(1 << len(cross)):
            assignment = base
            mask = self.full
            for t, (k, state) in enumerate(cross):
                if combo >> t & 1:
                    assignment |= 1 << k
                    mask &= self.done_mask(state)
                else:
                    mask &= ~self.done_mask(state)
                if not mask:
                    break
            if mask and self.oracle.holds_bits(move, assignment):
                result |= mask
        return result

    def locals_of(self, index: int) -> list[int]:
        return [(index // w) % n for w, n in zip(self.weights, self.sizes, strict=True)]

    def leaves(self, index: int) -> tuple[str, ...]:
        return tuple(self.regions[j].leaves[local]
                     for j, local in enumerate(self.locals_of(index)))


def _subsets(bits: list[int]) -> Iterator[int]:
    for combo in range(1 << len(bits)):
        yield sum(b for t, b in enumerate(bits) if combo >> t & 1)
