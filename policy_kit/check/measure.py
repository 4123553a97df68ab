"""The time one run takes by the steps' limits: how a timing finding's path is measured.

Part of load → **check** (time limits and ``within`` properties). The dated path's rules
without a calendar: each step starts when the case reached it, or later if its way out
reads ``done(x)`` of a state left later (it waits for ``x``), and lasts its span; entering
a concurrent stage starts every region at once, the join happens when the slowest region
has finished, and a region's move out of the stage happens once the other regions have
got as far as they had. The slowest-path search (``timeline``) chooses a path; this
measures it, so that what a finding reports is what its path really adds up to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..structure import Move, Structure
from .durations import ZERO, Span

__all__ = ["Window", "measure"]


@dataclass(frozen=True)
class Window:
    """Measure from first entering one of ``sources`` to first entering one of ``targets``
    after it (positions: top-level states and concurrent stages)."""

    sources: frozenset[str]
    targets: frozenset[str]


def measure(structure: Structure, moves: Sequence[Move], span: Callable[[str], Span],
            window: Window | None = None) -> Span | None:
    """The time of the run that takes ``moves`` from the start, or of its window (None if
    the window never opens and closes)."""
    ready: dict[str, Span] = dict.fromkeys(structure.initial, ZERO)
    passed: dict[str, Span] = {}
    timing = window is None or _position(structure, structure.initial) in window.sources
    for move in moves:
        end = _step(structure, move, ready, passed, span)
        for state in move.entry:
            ready[state] = end
            if structure.places[state].state.kind == "final":
                passed[state] = end
        if window is None:
            continue
        arrived = _position(structure, move.entry)
        if timing and arrived in window.targets:
            return end
        if not timing and arrived in window.sources:
            timing = True
            passed.clear()
            for state in ready:
                ready[state] = ZERO
    if window is not None:
        return None
    result = ZERO
    for value in ready.values():
        result = result.join(value)
    return result


def _step(structure: Structure, move: Move, ready: dict[str, Span], passed: dict[str, Span],
          span: Callable[[str], Span]) -> Span:
    """Take one move: the moment the case arrives where it leads."""
    if move.join:
        members = [s for s in ready if _stage(structure, s) == move.source]
        end = ZERO
        for state in members:
            end = end.join(ready.pop(state))
        passed[move.source] = end
        return end
    start = ready.pop(move.source)
    if move.guard is not None:
        for state in move.guard.states:
            if state in passed:
                start = start.join(passed[state])
    end = start + span(move.source)
    passed[move.source] = end
    stage = _stage(structure, move.source)
    if stage is not None and structure.places[move.source].region is not None and all(
            _stage(structure, s) != stage for s in move.entry):
        for state in [s for s in ready if _stage(structure, s) == stage]:
            end = end.join(ready.pop(state))
    return end


def _stage(structure: Structure, state: str) -> str | None:
    place = structure.places.get(state)
    return place.stage.id if place is not None and place.stage is not None else None


def _position(structure: Structure, entry: Sequence[str]) -> str:
    place = structure.places[entry[0]]
    if place.region is not None and place.stage is not None:
        return place.stage.id
    return entry[0]
