"""The process as replay sees it: the semantics' configurations, plus which recorded
states still owe the log a step.

Part of **conform**, on the engines' side of the ladder. Every move, its condition and
where it leads come from ``policy_kit.semantics`` (``docs/semantics.md``): replay cannot
allow what the process does not. The applicant's attributes are unknown to a log, so
a guard "could hold" (``Semantics.possible``: of each group, every move up to the first
one without a guard). What replay adds is only what a log adds: a state the log records
is *pending* from the moment the case enters it until the log shows its step, and a case
may not leave a pending state by a move from that state. Leaving it by a move from
elsewhere (another region's withdrawal, a join is never one) is allowed: the process
cut that work short.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..semantics import Configuration, Semantics
from ..structure import Move, Structure

__all__ = ["Configurations", "Replayed"]

Replayed = tuple[Configuration, frozenset[str]]
"""A configuration of the process, and the recorded states still waiting for their step."""


@dataclass(frozen=True)
class Configurations:
    """The moves of one process over configurations, for a set of recorded states."""

    semantics: Semantics
    observed: frozenset[str]
    """The states the log records (a step of theirs is an event)."""
    runs: dict[str | None, int] = field(default_factory=dict, compare=False)
    """The shortest model run to each outcome, once worked out (``align.shortest_run``)."""
    _moves: dict[Replayed, list[tuple[Move, Replayed]]] = field(
        default_factory=dict, compare=False)

    @classmethod
    def of(cls, structure: Structure, observed: frozenset[str]) -> Configurations:
        return cls(Semantics(structure), observed)

    def initial(self) -> Replayed:
        config = self.semantics.initial()
        return config, self.observed.intersection(config.active)

    def outcome(self, replayed: Replayed) -> str | None:
        """The outcome when the case rests in a case-final state, else None."""
        return self.semantics.outcome(replayed[0])

    def is_final(self, replayed: Replayed) -> bool:
        return self.semantics.is_final(replayed[0]) and not replayed[1]

    def moves(self, replayed: Replayed) -> list[tuple[Move, Replayed]]:
        """Every move the case can take from ``replayed`` and where it leads (memoised:
        an alignment asks about the same configurations again and again)."""
        found = self._moves.get(replayed)
        if found is not None:
            return found
        config, pending = replayed
        semantics = self.semantics
        result = []
        for move in semantics.possible(config):
            if move.source in pending or (move.join and pending):
                continue  # a step it needs is not in the log yet
            after = semantics.fire(config, move)
            if semantics.local(move):
                still = (pending - {move.source}) | self.observed.intersection(move.entry)
            else:
                still = self.observed.intersection(after.active)
            result.append((move, (after, frozenset(still))))
        self._moves[replayed] = result
        return result

    def observe(self, replayed: Replayed, state: str) -> Replayed | None:
        """The configuration after the log shows ``state``'s step, if it is pending."""
        config, pending = replayed
        if state in pending:
            return config, pending - {state}
        return None

    def pending(self, replayed: Replayed) -> Iterator[str]:
        config, pending = replayed
        for state in config.active:
            if state in pending:
                yield state
