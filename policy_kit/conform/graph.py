"""The configurations an alignment search has met, numbered, with their ways on listed once.

Part of **conform**. ``Configurations`` answers in terms of the semantics' own records (a
``Configuration`` and the states still owed a step), which are slow to hash and compare;
the search asks the same questions of the same configurations for every variant of a
log. Here each configuration gets a number the first time it is met, and what the search
reads about it (the step a recorded state takes, the missing steps and silent moves on,
its outcome) is worked out once per process and kept under that number. Nothing here
decides a move: every answer is ``Configurations``' (and so ``policy_kit.semantics``').
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..structure import Move

if TYPE_CHECKING:  # configurations builds the graph
    from .configurations import Configurations, Replayed

__all__ = ["Edge", "Graph"]

Edge = tuple[int, int, str, str, tuple[Move, ...]]
"""A way on without a recorded event: the configuration it leads to, its cost (1 for a
missing step, 0 for a silent move), ``model`` or ``tau``, the state whose step is
missing (else ""), and the moves taken."""
Op = tuple[str, str, tuple[Move, ...], str]
"""An alignment step but for its position: kind, state, moves, deviation (``align.Op``)."""
Way = tuple[int, int, int, Op]
"""A way on from a configuration at some event: where it leads, how many events it
consumes (0 or 1), its cost, and the step it is."""

class Graph:
    """Numbered configurations of one process (``Configurations.graph``)."""

    def __init__(self, confs: Configurations) -> None:
        self.confs = confs
        self.ids: dict[Replayed, int] = {}
        self.nodes: list[Replayed] = []
        self.active: list[tuple[str, ...]] = []
        self.pending: list[frozenset[str]] = []
        self.outcomes: list[str | None] = []
        self.final: list[bool] = []
        self.located: list[tuple[int, ...]] = []
        """Each configuration's node in every part (``Projection.locate``)."""
        self._steps: list[dict[str, tuple[int, tuple[Move, ...]] | None]] = []
        self._out: list[list[Edge] | None] = []
        self._ways: list[dict[str | None, list[Way]]] = []

    def number(self, replayed: Replayed) -> int:
        found = self.ids.get(replayed)
        if found is None:
            found = self.ids[replayed] = len(self.nodes)
            confs = self.confs
            self.nodes.append(replayed)
            self.active.append(replayed[0].active)
            self.pending.append(replayed[1])
            self.outcomes.append(confs.outcome(replayed))
            self.final.append(confs.is_final(replayed))
            self.located.append(confs.projection.locate(replayed[0].active, replayed[1]))
            self._steps.append({})
            self._out.append(None)
            self._ways.append({})
        return found

    def step(self, node: int, state: str) -> tuple[int, tuple[Move, ...]] | None:
        """Where the log showing ``state``'s step leads, with the moves taken; None when
        ``state`` owes no step here."""
        steps = self._steps[node]
        if state in steps:
            return steps[state]
        observed = self.confs.observe(self.nodes[node], state)
        found = steps[state] = None if observed is None else (
            self.number(observed[1]), observed[0])
        return found

    def out(self, node: int) -> list[Edge]:
        """Every way on from ``node`` that shows no event: a missing step of each pending
        state, then each silent move."""
        found = self._out[node]
        if found is None:
            replayed = self.nodes[node]
            found = []
            for state in self.confs.pending(replayed):
                observed = self.step(node, state)
                assert observed is not None
                found.append((observed[0], 1, "model", state, observed[1]))
            for taken, after in self.confs.moves(replayed):
                found.append((self.number(after), 0, "tau", "", taken))
            self._out[node] = found
        return found

    def ways(self, node: int, label: str | None, unknown: str) -> list[Way]:
        """Every way on from ``node`` when the next event is of ``label`` (None: the log
        has ended; ``unknown``: an activity mapped to no state): its step, then the event
        as a deviation, then each way that shows no event. In this order the search
        breaks ties as it always has."""
        table = self._ways[node]
        found = table.get(label)
        if found is None:
            found = table[label] = []
            if label is not None:
                if label != unknown:
                    stepped = self.step(node, label)
                    if stepped is not None:
                        found.append((stepped[0], 1, 0, ("sync", label, stepped[1], "")))
                kind = "unknown_activity" if label == unknown else (
                    "after_end" if self.outcomes[node] is not None else "unexpected")
                found.append((node, 1, 1, ("log", label, (), kind)))
            for after, cost, what, state, moves in self.out(node):
                found.append((after, 0, cost, (what, state, moves, "missing" if cost else "")))
        return found
