"""The slowest and fastest ways over every applicant class, with a measured witness.

Part of load → **check** (time limits and ``within`` properties). For each class the
``timeline`` finds the slowest way (by upper and by lower ends of the spans) and the
fastest ways; here they are merged across classes, and the chosen ways are turned into
moves and measured exactly (``measure``), so that a reported path adds up to what the
finding says, and a path that cannot be scheduled leaves the question undecided.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..structure import Structure
from .durations import Span
from .explored import Explored
from .findings import Counterexample
from .measure import Window, measure
from .passes import Measure
from .sets import Edge
from .timeline import Timeline, Way

__all__ = ["Question", "Timed", "Witness", "timed"]


@dataclass(frozen=True)
class Question:
    """Which ways to time: from the start (or from ``window.sources``) to the ends."""

    span: Callable[[str], Span]
    ends: Callable[[Explored], frozenset[int]]
    window: Window | None = None
    scope: Callable[[Explored], frozenset[int] | None] = lambda _explored: None
    """For the fastest ways: blocks one of which a way must pass (None: any way)."""


@dataclass(frozen=True)
class Witness:
    """A way as the machine takes it, its measured time, and the outcome state it ends in."""

    counterexample: Counterexample
    time: Span
    end: str


@dataclass
class Timed:
    """Across all classes: the most the slowest way can take (``upper``; None: no bound,
    ``looped``: because of a loop), the slowest way found and measured, and the fastest
    ways to each end state with their lower bounds."""

    upper: int | None = 0
    looped: bool = False
    slow: Witness | None = None
    unscheduled: bool = False
    fast: dict[str, tuple[int, Witness | None]] = field(default_factory=dict)


def timed(structure: Structure, explored: Sequence[Explored], question: Question,
          fastest: bool = True) -> Timed:
    result = Timed()
    for each in explored:
        timeline = Timeline(each, question.span)
        ends = question.ends(each)
        sources = _sources(each, question.window)
        upper = timeline.longest(sources, ends, "upper")
        if isinstance(upper, str):
            result.upper, result.looped = None, True
        else:
            for way in upper:
                if result.upper is not None:
                    result.upper = None if way.value is None else max(result.upper, way.value)
        slow = timeline.longest(sources, ends, "slow")
        if not isinstance(slow, str):
            result.looped |= any(w.value is None for w in slow)  # a region's loop
            slow = [w for w in slow if w.value is not None]
        if not isinstance(slow, str) and slow:
            best = max(slow, key=lambda w: w.value or 0)
            witness = _witness(structure, each, timeline, best, "slow", question)
            result.unscheduled |= witness is None
            if witness is not None and (result.slow is None or witness.time.lo >
                                        result.slow.time.lo):
                result.slow = witness
        if fastest and question.window is None:
            _fastest(structure, each, timeline, question, result)
    return result


def _fastest(structure: Structure, each: Explored, timeline: Timeline, question: Question,
             result: Timed) -> None:
    for way in timeline.fastest(question.ends(each), question.scope(each)):
        end = each.space.blocks[way.end].key[0]
        assert way.value is not None
        known = result.fast.get(end)
        if known is None or way.value < known[0]:
            result.fast[end] = (way.value, _witness(structure, each, timeline, way, "fast",
                                                    question))


def _sources(explored: Explored, window: Window | None) -> list[int]:
    if window is None:
        return [0]
    return [n for n, b in enumerate(explored.space.blocks) if b.key[0] in window.sources]


def _witness(structure: Structure, explored: Explored, timeline: Timeline, way: Way,
             chosen: Measure, question: Question) -> Witness | None:
    edges = timeline.edges(way.hops, chosen)
    if edges is None:
        return None
    prefix: list[Edge] = []
    if question.window is not None:
        first = way.hops[0].block if way.hops else way.end
        found = explored.shortest({first: 1})
        assert found is not None
        prefix = found[0]
    moves = [move for move, _, _ in (*prefix, *edges)]
    time = measure(structure, moves, question.span, question.window)
    if time is None:
        return None
    end = explored.space.blocks[way.end].key[0]
    return Witness(explored.counterexample([*prefix, *edges]), time, end)
