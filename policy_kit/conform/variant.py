"""What every case of one variant shares: its alignment, deviations, moves and timing plan.

Part of **conform**. Cases with the same activities in the same order and the same
ending differ only in their timestamps and names, so everything that does not read a
timestamp is worked out once per variant (``Variant.of``) and shared by its cases: a
million-event log of a few hundred variants runs the alignment search a few hundred
times, and its cases keep references to one tuple of deviations instead of copies.

The timing plan says, for each step the log shows where the process expected it, which
earlier events' ends make the moment the step became *ready* (the latest of them: a
join waits for every region). It follows the alignment's moves once, with sets of event
indices in place of moments; a case then takes the latest end among its own events.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

from ..semantics import Semantics
from .align import Alignment
from .result import Deviation, DeviationKind

__all__ = ["Planned", "Variant"]

Planned = tuple[str, int, tuple[int, ...]]
"""One synchronous step: its state, the index of its event in the case, and the indices
of the events whose latest end is when it became ready (none: the case's first step)."""


@dataclass(frozen=True, slots=True)
class Variant:
    alignment: Alignment
    deviations: tuple[Deviation, ...]
    plan: tuple[Planned, ...]
    moves: tuple[tuple[int, str], ...]
    fitness: float
    total: int
    """Events that count plus, for a finished case, the shortest model run: the
    denominator of pm4py's alignment fitness."""
    kinds: tuple[tuple[DeviationKind, str], ...]
    """The distinct (kind, activity) of its deviations, for the most frequent list."""

    @classmethod
    def of(cls, alignment: Alignment, activities: tuple[str, ...], kept: tuple[int, ...],
           shortest: int, semantics: Semantics, shown: Mapping[str, str]) -> Variant:
        """``kept``: the indices of the events that count (the others are ignored);
        ``shortest``: the fewest recorded steps from start to end."""
        deviations = tuple(_deviations(alignment, activities, kept, shown))
        total = len(kept) + (shortest if alignment.finished else 0)
        fitness = round(1.0 - alignment.cost / total, 6) if total else 1.0
        moves = tuple(move.key for op in alignment.ops for move in op.moves)
        kinds = tuple(dict.fromkeys((d.kind, d.activity) for d in deviations))
        return cls(alignment, deviations, _plan(alignment, kept, semantics), moves,
                   fitness, total, kinds)


def _deviations(alignment: Alignment, activities: tuple[str, ...], kept: tuple[int, ...],
                shown: Mapping[str, str]) -> list[Deviation]:
    found = []
    for op in alignment.ops:
        if op.kind == "log":
            index = kept[op.position]
            found.append(Deviation(kind=cast(DeviationKind, op.deviation),
                                   activity=activities[index], position=index,
                                   state=op.state or None))
        elif op.kind == "model":
            index = kept[op.position] if op.position < len(kept) else len(activities)
            found.append(Deviation(kind="missing", activity=shown.get(op.state, op.state),
                                   position=index, state=op.state))
    return found


def _plan(alignment: Alignment, kept: tuple[int, ...],
          semantics: Semantics) -> tuple[Planned, ...]:
    """Follow when each state was entered, as sets of the events whose ends it waited
    for: a step's own event once it is done, what made it ready for a step the log
    lacks, the union over every region for a join."""
    none: frozenset[int] = frozenset()
    ready: dict[str, frozenset[int]] = {}
    done: dict[str, frozenset[int]] = {}
    plan: list[Planned] = []
    for op in alignment.ops:
        if op.kind == "sync":
            index = kept[op.position]
            plan.append((op.state, index, tuple(sorted(ready.get(op.state, none)))))
            done[op.state] = frozenset((index,))
        elif op.kind == "model":
            done[op.state] = ready.get(op.state, none)
        for move in op.moves:
            if not semantics.local(move):
                sources = list(ready) if move.join else [move.source]
                moment = none.union(*(done.get(x, ready.get(x, none)) for x in sources))
                ready.clear()
            else:
                moment = done.get(move.source, ready.get(move.source, none))
            for leaf in move.entry:
                ready[leaf] = moment
                done.pop(leaf, None)
    return tuple(plan)
