"""Ended cases' steps as columns in time order: what every event-log format writes.

Part of **simulate** → output, between ``policy_kit.simulate.eventlog`` (which gathers
ended cases and keeps the file) and ``policy_kit.simulate.logformats`` (which spells the
columns). The rules of a log's order live here, once: a case's steps by start, then end
(a step still going when the run ended last among those starting with it), then the order
they ended in.

Why columns (numpy, imported only when a log is written): a loop in Python over each step
cost 1.7 µs a step, half as much again as simulating it. Here a batch of cases is a few
array operations, and Python's own loop runs per batch, per case where a case needs it,
and per distinct day or office hours, not per step.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from .timeaxis import Axis

__all__ = ["WIDTH", "Ended", "Steps", "in_time_order", "order_by"]

WIDTH = 5
"""Numbers a stay takes in the journal (``policy_kit.simulate.cases.Stay``)."""


class Ended:
    """What a log keeps of ended cases until they are written: per case its number (the
    key of its stays in the run's journal), name, outcome and whether it is measured."""

    __slots__ = ("measured", "names", "numbers", "outcomes")

    def __init__(self) -> None:
        self.numbers: list[int] = []
        self.names: list[str] = []
        self.outcomes: list[str | None] = []
        self.measured: list[bool] = []

    def __len__(self) -> int:
        return len(self.names)


class Steps(NamedTuple):
    """A batch of cases' steps, case after case, each case's in time order. Times are
    whole seconds from local midnight of the scenario's start."""

    cases: Ended
    lengths: NDArray[np.int64]
    """Steps per case, in the order of ``cases``."""
    case: NDArray[np.int64]
    """Per step, its case's place in ``cases``."""
    leaf: NDArray[np.int64]
    server: NDArray[np.int64]
    """The officer (from 0) for a task officers work; else whatever the engine kept."""
    start: NDArray[np.int64]
    end: NDArray[np.int64]
    """The step's end; for a step still going (see ``open``), its start."""
    completed: NDArray[np.bool_]
    open: NDArray[np.bool_]
    """Still going when the run ended (no end)."""
    ties: NDArray[np.int64]
    """Positions whose step starts and ends with the one before it, in the same case."""


def in_time_order(cases: Ended, journal: list[float], left: NDArray[np.float64],
                  axes: Sequence[Axis], axis_of: NDArray[np.int64]
                  ) -> tuple[Steps, NDArray[np.float64]]:
    """The steps of ``cases`` as columns, each case's in time order, taken out of
    ``left`` (stays an earlier batch left, five numbers a row) and ``journal`` (the run's
    stays since, five numbers each: ``policy_kit.simulate.cases.Stay``), which is
    emptied; and the stays of cases still going, in the order they came, as the next
    batch's ``left`` (a table: read once, not again at every batch).

    ``axis_of[leaf]``: for a task officers work, the place in ``axes`` of its
    department's office hours (which turn the office time an officer took it up into the
    moment); -1 for work nobody queues for, which starts when it is entered."""
    table = np.fromiter(journal, np.float64, len(journal)).reshape(-1, WIDTH)
    journal.clear()
    if len(left):
        table = np.concatenate([left, table])
    case = _places(table[:, 0].astype(np.int64), np.array(cases.numbers, dtype=np.int64))
    mine = case >= 0
    left = table[~mine]
    if len(left):  # stays of cases still going: kept for a later batch
        table, case = table[mine], case[mine]
    leaf = table[:, 1].astype(np.int64)
    completed = leaf >= 0
    leaf = np.where(completed, leaf, ~leaf)
    server = table[:, 2].astype(np.int64)
    start = table[:, 3].copy()
    ended = table[:, 4]
    office = np.where(server >= 0, axis_of[leaf], -1)
    for number, axis in enumerate(axes):  # an officer's task starts when taken up
        rows = np.flatnonzero(office == number)
        if rows.size:
            start[rows] = axis.begins(start[rows])
    still = np.isnan(ended)
    begun = np.rint(np.fmin(start, ended) * 3600).astype(np.int64)
    end = np.where(still, begun, np.rint(np.nan_to_num(ended) * 3600)).astype(np.int64)
    # a step with no end sorts after every end; the sort is stable: ties keep the order
    # the steps ended in
    last = np.where(still, end.max(initial=0) + 1, end)
    order = order_by(case, begun)  # half the bits; the end decides only between
    same = _same(case[order], begun[order])  # steps of a case starting together
    if (same & (last[order][1:] < last[order][:-1])).any():
        order = order_by(case, begun, last)
        same = _same(case[order], begun[order])
    case = case[order]
    last = last[order]
    tied = same & (last[1:] == last[:-1])
    return Steps(cases, np.bincount(case, minlength=len(cases)), case, leaf[order],
                 server[order], begun[order], end[order], completed[order], still[order],
                 np.flatnonzero(tied) + 1), left


def _same(case: NDArray[np.int64], begun: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Per position after the first, whether its step is of the same case and starts
    with the one before it."""
    same: NDArray[np.bool_] = (case[1:] == case[:-1]) & (begun[1:] == begun[:-1])
    return same


def _places(numbers: NDArray[np.int64], ended: NDArray[np.int64]) -> NDArray[np.int64]:
    """Per stay (by its case's number), its case's place in ``ended``; -1 for a case
    not among them (still going). By a table over the ended cases' numbers (they end
    near one another: 20x faster than a search), but by search when they spread far
    (a case stuck since the run began would make that table as long as the run)."""
    if not ended.size:
        return np.full(len(numbers), -1, dtype=np.int64)
    low = int(ended.min())
    span = int(ended.max()) - low + 1
    if span <= 4 * len(ended) + 4096:
        table = np.full(span + 1, -1, dtype=np.int64)  # the last: not among them
        table[ended - low] = np.arange(len(ended))
        at = numbers - low
        at[(at < 0) | (at >= span)] = span
        return table[at]
    by_number = np.argsort(ended, kind="stable")
    known = ended[by_number]
    at = np.minimum(np.searchsorted(known, numbers), len(known) - 1)
    return np.where(known[at] == numbers, by_number[at], -1)


def order_by(*keys: NDArray[np.int64]) -> NDArray[np.int64]:
    """Positions in order of ``keys`` (the first the most significant), ties in the order
    they came: one sort of an integer that packs the keys when they fit in 63 bits (they
    do, but for runs spanning centuries: 3x faster than ``lexsort``), else ``lexsort``."""
    if not keys[0].size:
        return np.arange(0, dtype=np.int64)
    lows = [int(key.min()) for key in keys]
    widths = [(int(key.max()) - low).bit_length() for key, low in zip(keys, lows, strict=True)]
    if sum(widths) > 62:
        return np.lexsort(keys[::-1])
    packed = np.zeros(len(keys[0]), dtype=np.int64)
    for key, low, width in zip(keys, lows, widths, strict=True):
        packed <<= width
        packed |= key - low
    return np.argsort(packed, kind="stable")
