"""Answers of guards, remembered: a guard's verdict depends only on what it reads.

Part of compile → **simulate**: the table form (``policy_kit.simulate.compiled``) asks
whether a move's guard holds many times a second, for applicants alike in everything the
guard reads. A guard reads the applicant's attributes and ``done(...)`` of some states;
an attribute it only compares with numbers it can tell apart only by the interval
between those numbers that a value falls in (``expr.nodes.thresholds``). So its answer
is kept by (move, the states passed, what it reads), and computed once.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from math import isfinite
from typing import TYPE_CHECKING

from ..expr import Value

if TYPE_CHECKING:
    from .compiled import CompiledMove, CompiledProcess

__all__ = ["MAX_VERDICTS", "Bounds", "read", "read_as", "reading", "verdict"]

Bounds = tuple[Decimal, ...]
"""The numbers a guard compares an attribute with, sorted."""

MAX_VERDICTS = 65_536
"""Answers of guards over attributes kept at most: memory stays flat over millions of
applicants whose attributes are drawn from a continuous distribution."""

def verdict(process: CompiledProcess, move: CompiledMove, values: Mapping[str, Value],
            passed: int, reader: Callable[[], Callable[[str], bool]]) -> bool:
    """Whether ``move``'s guard holds, for an applicant with ``values`` who has passed
    the states of ``move.waits`` whose bits are set in ``passed`` (``reader()`` says the
    same by name, for the guard to read; made only when the answer is not known).

    A guard reads only the applicant's attributes (``reads``) and ``done(...)`` of its
    ``waits``: the answer is the same for every case alike in those, so it is worked out
    once and kept (Jining's parallel reviews ask the same few questions a hundred
    thousand times; evaluating the expression each time was a third of its run). An
    amount the guard only compares with numbers is kept by where it falls among them
    (``read``): a drawn investment makes every applicant new, not every answer."""
    key = (move.number, passed, *read(move, values)) if move.reads else (move.number, passed)
    verdicts = process.verdicts
    known = verdicts.get(key)
    if known is None:
        known = move.guard.holds(values, reader()) if move.guard is not None else True
        if len(verdicts) < MAX_VERDICTS:  # a drawn amount makes every applicant new
            verdicts[key] = known
    return known


def read(move: CompiledMove, values: Mapping[str, Value]) -> list[object]:
    """What ``move``'s guard can tell apart in the applicant's ``values``: each attribute
    it reads, or, for one it only compares with numbers, the interval between them that
    the number falls in (an answer for one amount is the answer for all of its interval)."""
    return read_as(move.reads, move.bounds, values)


def read_as(reads: Sequence[str], bounds: Sequence[Bounds | None],
            values: Mapping[str, Value]) -> list[object]:
    """``read`` for guards reading the attributes ``reads``, the numbers compared with
    them ``bounds`` (by position; () when there are none)."""
    if not bounds:
        return [values.get(name) for name in reads]
    return [values.get(name) if numbers is None else _interval(values.get(name), numbers)
            for name, numbers in zip(reads, bounds, strict=True)]


def reading(moves: Sequence[CompiledMove]) -> tuple[tuple[str, ...], tuple[Bounds | None, ...]]:
    """What the guards of ``moves`` together can tell apart, as ``read_as`` takes it: the
    attributes any of them reads, and for each, the numbers they compare it with (all of
    them: an interval between those is inside one interval of every guard's), or None
    if one of them reads it otherwise."""
    names = sorted({name for move in moves for name in move.reads})
    merged: list[Bounds | None] = []
    for name in names:
        numbers: set[Decimal] | None = set()
        for move in moves:
            if name not in move.reads:
                continue
            own = move.bounds[move.reads.index(name)] if move.bounds else None
            if own is None or numbers is None:
                numbers = None
            else:
                numbers.update(own)
        merged.append(tuple(sorted(numbers)) if numbers is not None else None)
    return tuple(names), (tuple(merged) if any(b is not None for b in merged) else ())


_INTERVAL = object()
"""Marks an interval in a key, apart from any attribute value."""


def _interval(raw: object, bounds: Bounds) -> object:
    """``(_INTERVAL, n)``: ``raw`` is below ``bounds[n // 2]``, or equal to it when ``n`` is
    odd; the number as the guard's evaluator reads it (``expr.evaluate._normal``: a float
    by its shortest decimal text). Anything else is kept as it is (the evaluator decides
    what it means, or refuses it)."""
    kind = type(raw)
    if kind is float:
        if not isfinite(raw):  # type: ignore[arg-type]
            return raw
        number = Decimal(repr(raw))
    elif kind is int:
        number = Decimal(raw)  # type: ignore[arg-type]
    elif kind is Decimal and raw.is_finite():  # type: ignore[attr-defined]
        number = raw  # type: ignore[assignment]
    else:
        return raw
    n = bisect_left(bounds, number)
    return _INTERVAL, 2 * n + (n < len(bounds) and bounds[n] == number)
