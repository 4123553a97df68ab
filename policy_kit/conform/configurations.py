"""The process as replay sees it: configurations of active leaf states, and which of
them still owe the log a step.

Part of **conform**, on the engines' side of the ladder. The moves are the simulator's
table form of ``Structure.moves`` (``compile_structure``): the same moves every engine
reads, so replay cannot allow what the process does not. What is replay's own is only
what a log adds: a state the log records is *pending* from the moment the case enters
it until the log shows its step, and a case may not leave a pending state by a move
from that state. Leaving it by a move from elsewhere (another region's withdrawal) is
allowed: the process cut that work short.

Guards read the applicant's attributes, which a log does not carry, so every guard
"could hold"; what is still decided here is what the machine decides without them:
round limits (``max_rounds``), joins waiting for every region, and first-declared-wins
(a later move on the same trigger from the same state is shadowed by an earlier one
that is always open).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from ..simulate.compiled import CompiledMove, CompiledProcess, compile_structure
from ..structure import Structure

__all__ = ["Configuration", "Configurations"]

Configuration = tuple[tuple[int, ...], int, tuple[int, ...]]
"""(active leaves, pending leaves as a bit mask, visits of the round-bounded leaves)."""


@dataclass(frozen=True)
class Configurations:
    """The moves of one process over configurations, for a set of recorded states."""

    process: CompiledProcess
    observed: int
    """Bit mask of the leaves the log records (a step of theirs is an event)."""
    runs: dict[str | None, int] = field(default_factory=dict, compare=False)
    """The shortest model run to each outcome, once worked out (``align.shortest_run``)."""

    @classmethod
    def of(cls, structure: Structure, observed: frozenset[str]) -> Configurations:
        process = compile_structure(structure)
        mask = 0
        for name in observed:
            mask |= 1 << process.number[name]
        return cls(process, mask)

    @cached_property
    def bounded(self) -> tuple[int, ...]:
        """The leaves whose visits are counted (they have ``max_rounds``)."""
        found = {leaf for move in self.process.moves for leaf, _ in move.rounds}
        return tuple(sorted(found))

    @cached_property
    def _slot(self) -> dict[int, int]:
        return {leaf: i for i, leaf in enumerate(self.bounded)}

    def initial(self) -> Configuration:
        active = self.process.initial
        visits = [0] * len(self.bounded)
        for leaf in active:
            slot = self._slot.get(leaf)
            if slot is not None:
                visits[slot] += 1
        return active, self._pending_of(active), tuple(visits)

    def _pending_of(self, leaves: tuple[int, ...]) -> int:
        mask = 0
        for leaf in leaves:
            mask |= 1 << leaf
        return mask & self.observed

    def outcome(self, configuration: Configuration) -> str | None:
        """The outcome when the case rests in a case-final state, else None."""
        active = configuration[0]
        return self.process.outcome[active[0]] if len(active) == 1 else None

    def is_final(self, configuration: Configuration) -> bool:
        return self.outcome(configuration) is not None and not configuration[1]

    def _open(self, move: CompiledMove, configuration: Configuration) -> bool:
        active, pending, visits = configuration
        if move.join:
            final = self.process.final
            if pending or not all(final[leaf] for leaf in active):
                return False
        slot = self._slot
        return all(visits[slot[leaf]] < rounds for leaf, rounds in move.rounds)

    def _candidates(self, configuration: Configuration) -> Iterator[CompiledMove]:
        """Moves whose source allows them, in ``FastCase.enabled``'s order, with the moves
        that an earlier, always-open move on the same event shadows left out."""
        active, pending, _ = configuration
        process = self.process
        joins_seen: set[str] = set()
        for leaf in active:
            if not (pending >> leaf) & 1:
                shadowed: set[str] = set()
                for move in process.moves_from[leaf]:
                    if move.move.event in shadowed or not self._open(move, configuration):
                        continue
                    if move.guard is None:
                        shadowed.add(move.move.event)
                    yield move
            joins = process.joins_of[leaf]
            if joins and joins[0].move.source not in joins_seen:
                joins_seen.add(joins[0].move.source)
                shadowed = set()
                for move in joins:
                    if move.move.event in shadowed or not self._open(move, configuration):
                        continue
                    if move.guard is None:
                        shadowed.add(move.move.event)
                    yield move

    def moves(self, configuration: Configuration) -> Iterator[tuple[CompiledMove,
                                                                    Configuration]]:
        """Every move the case can take from ``configuration`` and where it leads."""
        active, pending, visits = configuration
        for move in self._candidates(configuration):
            if move.local:
                i = active.index(move.source)
                after = active[:i] + move.entry + active[i + 1:]
                new_pending = (pending & ~(1 << move.source)) | self._pending_of(move.entry)
            else:
                after = move.entry
                new_pending = self._pending_of(after)
            if self.bounded:
                counts = list(visits)
                for leaf in move.entry:
                    slot = self._slot.get(leaf)
                    if slot is not None:
                        counts[slot] += 1
                yield move, (after, new_pending, tuple(counts))
            else:
                yield move, (after, new_pending, visits)

    def observe(self, configuration: Configuration, leaf: int) -> Configuration | None:
        """The configuration after the log shows ``leaf``'s step, if it is pending."""
        active, pending, visits = configuration
        if (pending >> leaf) & 1:
            return active, pending & ~(1 << leaf), visits
        return None

    def pending(self, configuration: Configuration) -> Iterator[int]:
        pending = configuration[1]
        for leaf in configuration[0]:
            if (pending >> leaf) & 1:
                yield leaf
