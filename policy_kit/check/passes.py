"""The time of one pass through a concurrent stage: the regions side by side, the stage as
long as its slowest region.

Part of load → **check** (time limits). Each region keeps its own clock: a step adds its
span (``durations``), and a step whose way out reads ``done(x)`` of another region's
state ``x`` starts no earlier than ``x`` was left (the dated path's rule). The pass ends
at the join, when the slowest region has finished; a region's move out of the stage (a
refusal) ends it once the other regions have got as far as they had.

Three measures are computed per region over its local configurations: ``upper``, the
most the upper ends of the spans can add up to (waits included: a sound upper bound);
``slow``, the most the lower ends can add up to (waits included), which picks the
witness of a slow path; and ``fast``, the least the lower ends can add up to, with the
waits the guards make unavoidable: a step whose way out needs ``done(x)`` (the whole
guard, or a part of its outermost ``and``) starts no earlier than ``x`` can first be left
(a sound lower bound; a wait that ``or`` or ``not`` may avoid is not counted). In all three
a waiting step *starts* when it may, then takes its span, as ``measure`` and the dated
path count it. Where regions do not wait for each other all three are exact. A witness
is then scheduled in the product (an interleaving the machine can take) and measured
exactly by ``measure``.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from ..expr.nodes import required_done
from ..structure import Move
from .durations import Span
from .product import LocalMove, Product
from .space import Block, Exit, Inner

__all__ = ["MAX_SCHEDULE", "Measure", "Pass", "PassValue"]

Measure = Literal["upper", "slow", "fast"]
Value = int | None
"""Days; None: no bound (a loop, or a step without a limit, for ``upper``)."""
MAX_SCHEDULE = 20_000
"""Interleavings tried when scheduling a witness through one pass."""


@dataclass(frozen=True)
class PassValue:
    """A pass's measure for one exit, and the product configuration that realises it."""

    value: Value
    position: int | None


@dataclass
class _Region:
    arrival: dict[int, Value] = field(default_factory=dict)
    via: dict[int, LocalMove] = field(default_factory=dict)


class Pass:
    """One stage pass (a block with a product), measured with ``span`` per state."""

    def __init__(self, block: Block, span: Callable[[str], Span]) -> None:
        assert block.product is not None
        self.block = block
        self.product: Product = block.product
        self.span = span
        self.inners: dict[tuple[int, int, int, tuple[int, str]], Inner] = {
            i.local.key: i for i in block.inner if i.mask & block.reach}
        self._moves: list[list[LocalMove]] = [[] for _ in self.product.regions]
        for inner in self.inners.values():
            self._moves[inner.local.region].append(inner.local)
        self._tables: dict[Measure, list[_Region]] = {}

    # -- per region ------------------------------------------------------------------------

    def table(self, measure: Measure) -> list[_Region]:
        found = self._tables.get(measure)
        if found is None:
            found = self._fast() if measure == "fast" else self._slowest(measure)
            self._tables[measure] = found
        return found

    def _weight(self, leaf: str, measure: Measure) -> Value:
        span = self.span(leaf)
        return span.hi if measure == "upper" else span.lo

    def _fast(self) -> list[_Region]:
        """Least arrivals with the unavoidable waits, regions recomputed until the waits
        settle (each round is a sound lower bound, so stopping early stays sound)."""
        tables = [self._least_arrivals(j, {}) for j in range(len(self._moves))]
        for _ in range(len(tables) + 2):
            leave = self._first_leaves(tables)
            updated = [self._least_arrivals(j, leave) for j in range(len(tables))]
            if all(a.arrival == b.arrival for a, b in zip(updated, tables, strict=True)):
                break
            tables = updated
        return tables

    def _least_arrivals(self, j: int, leave: dict[str, int]) -> _Region:
        """Dijkstra over region ``j`` (loops cost nothing here); a step whose way out
        needs ``done(x)`` starts once ``x`` can first have been left (``leave``)."""
        leaves = self.product.regions[j].leaves
        out: dict[int, list[LocalMove]] = {}
        for lm in self._moves[j]:
            out.setdefault(lm.source, []).append(lm)
        best: dict[int, int] = {0: 0}
        region = _Region()
        heap = [(0, 0)]
        while heap:
            time, local = heapq.heappop(heap)
            if time > best[local]:
                continue
            span = self._weight(leaves[local], "fast") or 0
            for lm in out.get(local, ()):
                later = max(time, self._needed(lm.move, j, leave)) + span
                if lm.target not in best or later < best[lm.target]:
                    best[lm.target] = later
                    region.via[lm.target] = lm
                    heapq.heappush(heap, (later, lm.target))
        region.arrival.update(best)
        return region

    def _needed(self, move: Move, j: int, leave: dict[str, int]) -> int:
        """The earliest a move can fire for the ``done(...)`` its guard cannot do without."""
        if move.guard is None:
            return 0
        owner = self.product.owner
        return max((leave[s] for s in required_done(move.guard.tree)
                    if owner.get(s, j) != j and s in leave), default=0)

    def _first_leaves(self, tables: list[_Region]) -> dict[str, int]:
        """When each region state can first be left (for the waits of others)."""
        found: dict[str, int] = {}
        for j, region in enumerate(tables):
            leaves = self.product.regions[j].leaves
            for local, arrival in region.arrival.items():
                if arrival is None:
                    continue
                leaf = leaves[local]
                left = arrival + (self._weight(leaf, "fast") or 0)
                found[leaf] = min(found[leaf], left) if leaf in found else left
        return found

    def _slowest(self, measure: Measure) -> list[_Region]:
        """Longest arrivals with waits, regions recomputed until their waits settle."""
        tables = [_Region({0: 0}) for _ in self._moves]
        for _ in range(len(tables) + 2):
            leave = self._leave_times(tables, measure)
            updated = [self._longest(j, measure, leave) for j in range(len(tables))]
            if all(a.arrival == b.arrival for a, b in zip(updated, tables, strict=True)):
                return updated
            tables = updated
        return [_Region(dict.fromkeys(t.arrival, None), t.via) for t in tables]

    def _longest(self, j: int, measure: Measure, leave: dict[str, Value]) -> _Region:
        leaves = self.product.regions[j].leaves
        out: dict[int, list[LocalMove]] = {}
        indegree: dict[int, int] = {}
        for lm in self._moves[j]:
            out.setdefault(lm.source, []).append(lm)
            indegree[lm.target] = indegree.get(lm.target, 0) + 1
        region = _Region({0: 0})
        ready = [local for local in {0, *out} if indegree.get(local, 0) == 0]
        done: set[int] = set()
        while ready:
            local = ready.pop()
            done.add(local)
            for lm in out.get(local, ()):
                if local in region.arrival:
                    later = _plus(_later(region.arrival[local], self._waits(lm.move, j, leave)),
                                  self._weight(leaves[local], measure))
                    if lm.target not in region.arrival or _more(later,
                                                                region.arrival[lm.target]):
                        region.arrival[lm.target] = later
                        region.via[lm.target] = lm
                indegree[lm.target] -= 1
                if indegree[lm.target] == 0:
                    ready.append(lm.target)
        looping = [local for local in indegree if local not in done]
        for local in _downstream(out, looping):
            region.arrival[local] = None  # on or after a loop without a bound
        return region

    def _waits(self, move: Move, j: int, leave: dict[str, Value]) -> Value:
        if move.guard is None:
            return 0
        owner = self.product.owner
        result: Value = 0
        for state in move.guard.states:
            if owner.get(state, j) != j and state in leave:
                result = _later(result, leave[state])
        return result

    def _leave_times(self, tables: list[_Region], measure: Measure) -> dict[str, Value]:
        """When each region state is left, at the latest (for the waits of others)."""
        found: dict[str, Value] = {}
        for j, region in enumerate(tables):
            leaves = self.product.regions[j].leaves
            for local, arrival in region.arrival.items():
                leaf = leaves[local]
                left = _plus(arrival, self._weight(leaf, measure))
                found[leaf] = _later(found[leaf], left) if leaf in found else left
        return found

    # -- per exit --------------------------------------------------------------------------

    def value(self, exit_: Exit, measure: Measure) -> PassValue:
        """The pass's measure when it ends by ``exit_``."""
        mask = exit_.mask & self.block.reach
        values = self._values(exit_.move, measure)
        if measure == "fast":
            return self._least(mask, values)
        best: tuple[int, int] | None = None
        result = 0
        for j, region in enumerate(values):
            for local, value in region.items():
                if not mask & self.product.digit(j, local):
                    continue
                if value is None:
                    return PassValue(None, None)
                if best is None or value > result:
                    best, result = (j, local), value
        if best is None:
            return PassValue(0, None)
        chosen = mask & self.product.digit(*best)
        return PassValue(result, (chosen & -chosen).bit_length() - 1)

    def _values(self, move: Move, measure: Measure) -> list[dict[int, Value]]:
        tables = self.table(measure)
        values = [dict(t.arrival) for t in tables]
        if move.join:
            return values
        j = self.product.owner[move.source]
        leaves = self.product.regions[j].leaves
        if measure == "fast":
            waits: Value = self._needed(move, j, self._first_leaves(tables))
        else:
            waits = self._waits(move, j, self._leave_times(tables, measure))
        values[j] = {local: _plus(_later(arrival, waits), self._weight(leaves[local], measure))
                     for local, arrival in values[j].items() if leaves[local] == move.source}
        return values

    def _least(self, mask: int, values: list[dict[int, Value]]) -> PassValue:
        """The least, over the configurations in ``mask``, of the slowest region's value."""
        candidates = sorted({v for region in values for v in region.values() if v is not None})
        low, high = 0, len(candidates) - 1
        found: tuple[int, int] | None = None
        while low <= high:
            middle = (low + high) // 2
            within = mask
            for j, region in enumerate(values):
                allowed = [local for local, v in region.items()
                           if v is not None and v <= candidates[middle]]
                part = 0
                for local in allowed:
                    part |= self.product.digit(j, local)
                within &= part
                if not within:
                    break
            if within:
                found = (candidates[middle], (within & -within).bit_length() - 1)
                high = middle - 1
            else:
                low = middle + 1
        if found is None:
            return PassValue(0, None)
        return PassValue(*found)

    # -- witnesses -------------------------------------------------------------------------

    def schedule(self, position: int, measure: Measure) -> list[Inner] | None:
        """Moves the machine can take from the stage's entry to ``position``, each region
        along its ``measure``-chosen way; None if no interleaving of them is found."""
        tables = self.table(measure)
        paths = []
        for j, local in enumerate(self.product.locals_of(position)):
            path: list[LocalMove] = []
            while local != 0:
                lm = tables[j].via.get(local)
                if lm is None or len(path) > len(tables[j].arrival):
                    return None
                path.append(lm)
                local = lm.source
            paths.append(path[::-1])
        return self._interleave(paths)

    def _interleave(self, paths: list[list[LocalMove]]) -> list[Inner] | None:
        start = tuple(0 for _ in paths)
        goal = tuple(len(p) for p in paths)
        stack: list[tuple[tuple[int, ...], int, list[Inner]]] = [(start, 0, [])]
        seen = {start}
        while stack and len(seen) < MAX_SCHEDULE:
            progress, position, taken = stack.pop()
            if progress == goal:
                return taken
            for j in reversed(range(len(paths))):
                if progress[j] == len(paths[j]):
                    continue
                inner = self.inners.get(paths[j][progress[j]].key)
                if inner is None or not inner.mask >> position & 1:
                    continue
                after = (*progress[:j], progress[j] + 1, *progress[j + 1:])
                if after not in seen:
                    seen.add(after)
                    stack.append((after, position + inner.delta, [*taken, inner]))
        return None


def _plus(a: Value, b: Value) -> Value:
    return None if a is None or b is None else a + b


def _later(a: Value, b: Value) -> Value:
    return None if a is None or b is None else max(a, b)


def _more(a: Value, b: Value) -> bool:
    """Whether ``a`` is later than ``b`` (no bound is later than any)."""
    if b is None:
        return False
    return a is None or a > b


def _downstream(out: dict[int, list[LocalMove]], starts: list[int]) -> set[int]:
    found = set(starts)
    todo = list(starts)
    while todo:
        for lm in out.get(todo.pop(), ()):
            if lm.target not in found:
                found.add(lm.target)
                todo.append(lm.target)
    return found
