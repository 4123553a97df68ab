"""The process as replay sees it: the semantics' configurations, plus which recorded
states still owe the log a step.

Part of **conform**, on the engines' side of the ladder. Every move, its condition and
where it leads come from ``policy_kit.semantics`` (``docs/semantics.md``): replay cannot
allow what the process does not. The applicant's attributes are unknown to a log, so
a guard "could hold" (``Semantics.possible``: of each group, every move up to the first
one that surely fires), unless the log's case columns carry every attribute it reads
(``known``): then it is decided. What replay adds is only what a log adds: a state the
log records is *pending* from the moment the case enters it until the log shows its step, and a case
may not leave a pending state by a move from that state. Leaving it by a move from
elsewhere (another region's withdrawal, a join is never one) is allowed: the process
cut that work short.

One reduction keeps the search small in wide concurrent stages: a region whose state has
had its step (or records none) and has exactly one way on, inside the region, takes it
at once (``settle``). Taking it early changes no sequence of steps the case can show
(the other regions go on as before, a join only waits less, a move out of the stage from
elsewhere is still open), so only one of the many interleavings of such silent moves is
explored instead of each of them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from ..expr import Value
from ..semantics import Configuration, Semantics
from ..structure import Move, Structure
from .bound import Shape
from .graph import Graph
from .projection import Projection

__all__ = ["Configurations", "Replayed"]

Replayed = tuple[Configuration, frozenset[str]]
"""A configuration of the process, and the recorded states still waiting for their step."""
Way = tuple[tuple[Move, ...], Replayed]
"""The moves taken (a chosen one, then the ones ``settle`` takes) and where they lead."""


@dataclass(frozen=True)
class Configurations:
    """The moves of one process over configurations, for a set of recorded states."""

    semantics: Semantics
    observed: frozenset[str]
    """The states the log records (a step of theirs is an event)."""
    known: Mapping[str, Value] = field(default_factory=dict, compare=False)
    """The applicant's attributes the log carries for the cases replayed here (case
    columns named as the process's attributes): guards reading only these are decided."""
    runs: dict[str | None, int] = field(default_factory=dict, compare=False)
    """The shortest model run to each outcome, once worked out (``align.shortest_run``)."""
    _moves: dict[Replayed, list[Way]] = field(default_factory=dict, compare=False)
    _open: dict[Configuration, list[Move]] = field(default_factory=dict, compare=False)
    _settled: dict[Replayed, Way] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, structure: Structure, observed: frozenset[str],
           known: Mapping[str, Value] | None = None) -> Configurations:
        return cls(Semantics(structure), observed, dict(known or {}))

    @cached_property
    def shape(self) -> Shape:
        """The static move graph the alignment's bound reads, once per process."""
        return Shape.of(self.semantics.structure)

    @cached_property
    def projection(self) -> Projection:
        """The parts the alignment's second bound reads, once per process."""
        return Projection(self.semantics, self.observed)

    @cached_property
    def graph(self) -> Graph:
        """The configurations met so far, numbered, for the alignment search: kept for
        the process, so every variant of a log reuses what the others worked out."""
        return Graph(self)

    def initial(self) -> Way:
        config = self.semantics.initial()
        return self.settle((), (config, self.observed.intersection(config.active)))

    def outcome(self, replayed: Replayed) -> str | None:
        """The outcome when the case rests in a case-final state, else None."""
        return self.semantics.outcome(replayed[0])

    def is_final(self, replayed: Replayed) -> bool:
        return self.semantics.is_final(replayed[0]) and not replayed[1]

    def _possible(self, replayed: Replayed) -> list[Move]:
        config, pending = replayed
        possible = self._open.get(config)
        if possible is None:
            possible = self._open[config] = self.semantics.possible(config, self.known)
        if not pending:
            return possible
        return [move for move in possible
                if move.source not in pending and not move.join]

    def _fire(self, replayed: Replayed, move: Move) -> Replayed:
        config, pending = replayed
        semantics = self.semantics
        after = semantics.fire(config, move)
        if semantics.local(move):
            still = (pending - {move.source}) | self.observed.intersection(move.entry)
        else:
            still = self.observed.intersection(after.active)
        return after, frozenset(still)

    def settle(self, taken: tuple[Move, ...], replayed: Replayed) -> Way:
        """Take every way on that is the only one of its region's state, and local."""
        known = self._settled.get(replayed)
        if known is None:
            known = self._settled[replayed] = self._settle((), replayed)
        return taken + known[0], known[1]

    def _settle(self, taken: tuple[Move, ...], replayed: Replayed) -> Way:
        while True:
            possible = self._possible(replayed)
            by_source: dict[str, list[Move]] = {}
            for move in possible:
                by_source.setdefault(move.source, []).append(move)
            eager = [ways[0] for ways in by_source.values()
                     if len(ways) == 1 and self.semantics.local(ways[0])]
            if not eager:
                return taken, replayed
            for move in eager:
                replayed = self._fire(replayed, move)
            taken += tuple(eager)

    def moves(self, replayed: Replayed) -> list[Way]:
        """Every way the case can go on from ``replayed`` without a recorded step
        (memoised: an alignment asks about the same configurations again and again)."""
        found = self._moves.get(replayed)
        if found is not None:
            return found
        result = [self.settle((move,), self._fire(replayed, move))
                  for move in self._possible(replayed)]
        self._moves[replayed] = result
        return result

    def observe(self, replayed: Replayed, state: str) -> Way | None:
        """The configuration after the log shows ``state``'s step, if it is pending."""
        config, pending = replayed
        if state in pending:
            return self.settle((), (config, pending - {state}))
        return None

    def pending(self, replayed: Replayed) -> Iterator[str]:
        config, pending = replayed
        for state in config.active:
            if state in pending:
                yield state
