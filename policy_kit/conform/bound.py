"""A lower bound on the deviations still to come, so the alignment search is an A*.

Part of **conform**. From a configuration and a position in the trace, some deviations
are certain whatever the case does next:

- each remaining event whose activity maps to no state;
- each remaining event of a state beyond what the case can still take: a state it can
  never enter again (not reachable along the process's moves from any active state)
  takes no more events than it is owed now; one that is not on a cycle takes at most
  one more;
- for a case that must end: each state owed a step that no remaining event shows, when
  nothing can abandon it (no move leaves its concurrent stage from another region).

Each move of the search lowers the bound by at most its own cost, so the bound is
consistent and the first alignment the A* search finishes is optimal, as with Dijkstra.
The bound is about the static move graph of the ``Structure`` (which state can follow
which), not a second copy of when a move is open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..model import Region
from ..semantics import Semantics
from ..structure import Structure

__all__ = ["Bound", "Shape"]

_MANY = 1 << 30


@dataclass(frozen=True)
class Shape:
    """The static move graph of one process, as the bound reads it: worked out once per
    process (``Shape.of``), not once per variant."""

    reach: dict[str, frozenset[str]]
    """For each state, the states some sequence of one or more moves enters."""
    abandonable: frozenset[str]
    """States a move from another region of their concurrent stage can leave behind."""
    suffixes: dict[tuple[tuple[str, int], ...], int] = field(default_factory=dict)
    """Each distinct multiset of events still to come (as sorted counts), numbered: the
    variants of a log share many endings."""
    bases: dict[tuple[tuple[str, ...], int], tuple[int, frozenset[str]]] = field(
        default_factory=dict)
    """``Bound``'s part that reads only the active states and the events to come, by
    (active states, numbered events to come), for every variant."""

    @classmethod
    def of(cls, structure: Structure) -> Shape:
        return cls(_reach(structure), _abandonable(structure))


def _reach(structure: Structure) -> dict[str, frozenset[str]]:
    places = structure.places
    local = Semantics(structure).local
    step: dict[str, set[str]] = {name: set() for name in places}
    for move in structure.moves:
        if move.join:
            stage = structure.stages[move.source]
            for region in stage.regions:
                for state in region.states:
                    step[state.id].update(move.entry)
        else:
            step[move.source].update(move.entry)
            around = places[move.source].stage
            if around is not None and around.concurrent and not local(move):
                # a move out of the stage from one region leaves every other region
                # wherever it stands: its entry can follow any state of the stage
                for region in around.regions:
                    for state in region.states:
                        step[state.id].update(move.entry)
    reach: dict[str, frozenset[str]] = {}
    for name in places:
        seen: set[str] = set()
        todo = list(step[name])
        while todo:
            entered = todo.pop()
            if entered not in seen:
                seen.add(entered)
                todo.extend(step[entered])
        reach[name] = frozenset(seen)
    return reach


def _abandonable(structure: Structure) -> frozenset[str]:
    places = structure.places
    found: set[str] = set()
    for move in structure.moves:
        if move.join:
            continue
        source = places[move.source]
        stage = source.stage
        if stage is None or not stage.concurrent:
            continue
        inside = {s.id for r in stage.regions for s in r.states}
        region = source.region
        if not set(move.entry) <= inside or (
                region is not None
                and not {_region_id(places[e].region) for e in move.entry} <= {region.id}):
            found.update(inside - {s.id for s in region.states}
                         if region is not None else inside)
    return frozenset(found)


def _region_id(region: Region | None) -> str | None:
    """Regions compared by id: hashing the definition's models is slow."""
    return None if region is None else region.id


@dataclass
class Bound:
    """The bound for one trace, called with a configuration's active states and the
    states it still owes a step. The part that reads only the active states and the
    events to come is kept per process (``Shape.bases``): the search meets the same
    ones again, in this variant and in others."""

    shape: Shape
    labels: tuple[str, ...]
    unknown: str
    finished: bool
    _future: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)

    @cached_property
    def _remaining(self) -> list[dict[str, int]]:
        """For each position, the count of each label from there to the end (plain
        dicts: a ``Counter`` copy is a Python loop, and a long trace makes one a step)."""
        counts: list[dict[str, int]] = [{}]
        for label in reversed(self.labels):
            following = dict(counts[-1])
            following[label] = following.get(label, 0) + 1
            counts.append(following)
        counts.reverse()
        return counts

    @cached_property
    def _keys(self) -> list[int]:
        """For each position, the number of its events to come (``Shape.suffixes``)."""
        numbers = self.shape.suffixes
        return [numbers.setdefault(key, len(numbers)) for key in
                (tuple(sorted(r.items())) for r in self._remaining)]

    def future(self, active: tuple[str, ...]) -> frozenset[str]:
        found = self._future.get(active)
        if found is None:
            reach = self.shape.reach
            found = self._future[active] = frozenset().union(*(reach[a] for a in active))
        return found

    def _without_pending(self, active: tuple[str, ...], position: int,
                         ) -> tuple[int, frozenset[str]]:
        """The bound as if nothing were owed a step, and the labels one more allowed
        event would lower it for (a pending state may take one more)."""
        remaining = self._remaining[position]
        future = self.future(active)
        reach = self.shape.reach
        total = 0
        tight: list[str] = []
        for label, count in remaining.items():
            if label == self.unknown:
                total += count
                continue
            if label in future:
                if label in reach[label]:
                    continue
                can = 1
            else:
                can = 0
            if count > can:
                total += count - can
                tight.append(label)
        return total, frozenset(tight)

    def __call__(self, active: tuple[str, ...], pending: frozenset[str], position: int) -> int:
        key = (active, self._keys[position])
        bases = self.shape.bases
        found = bases.get(key)
        if found is None:
            found = bases[key] = self._without_pending(active, position)
        total, tight = found
        if pending:
            remaining = self._remaining[position]
            abandonable = self.shape.abandonable
            for state in pending:
                if state in tight:
                    total -= 1
                elif self.finished and state not in remaining and state not in abandonable:
                    total += 1
        return total
