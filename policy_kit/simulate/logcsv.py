"""The CSV event log: UTF-8 without BOM, a row per step.

Part of **simulate** → output, one of ``policy_kit.simulate.logformats``' writers. Columns
``case_id, activity, resource, start, end, stage, clock, group, outcome`` (the first seven
as before, the last two added). A name is quoted once, and only when it holds a
character that needs it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

import numpy as np

from .build import Model
from .logsteps import Steps
from .logwriter import BUFFER, COLUMNS, by_officer, write_rows

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from .eventlog import EventLog
    from .moments import Moments

__all__ = ["CsvWriter"]


class CsvWriter:
    """Rows as joined pieces of UTF-8: each distinct name quoted (where it must be) once,
    with ``csv``'s own rule; per case its name, per state and officer the text before the
    times, per step its times (``Moments.stamps``, side by side), per state and outcome
    the text after them."""

    def __init__(self, path: Path, model: Model, log: EventLog) -> None:
        self.moments = log.moments
        self.log = log
        self.stream: IO[bytes] = path.open("wb", buffering=BUFFER)
        header = io.StringIO()
        csv.writer(header, lineterminator="\n").writerow(COLUMNS)
        self.stream.write(header.getvalue().encode())
        self.quoted: dict[str, str] = {}
        q = self.field
        self.heads = by_officer(log, model, lambda activity, resource, *_: (
            f"{q(activity)},{q(resource)},".encode()))
        """Per state and officer, a row's text between the case and the start."""
        self.outcomes: dict[str | None, int] = {}
        self.tails = np.empty((len(log.leaves), 0), dtype=object)
        """Per state and outcome (numbered in ``outcomes``), a row's text after its end."""

    def field(self, value: str) -> str:
        """``value`` as a CSV field, quoted as ``csv`` quotes it where it must be."""
        if _SPECIAL.isdisjoint(value):
            return value
        quoted = self.quoted.get(value)
        if quoted is None:
            line = io.StringIO()
            csv.writer(line, lineterminator="\n").writerow([value, ""])
            quoted = self.quoted[value] = line.getvalue()[:-2]
        return quoted

    def outcome(self, outcome: str | None) -> int:
        """The number of an outcome, its column of ``tails`` made when first seen."""
        number = self.outcomes.get(outcome)
        if number is None:
            number = self.outcomes[outcome] = len(self.outcomes)
            q = self.field
            column = np.array([f",{q(stage)},{q(clock)},{q(group)},{q(outcome or '')}\n"
                               .encode() for _, stage, clock, group, _, _ in self.log.leaves],
                              dtype=object)
            self.tails = np.column_stack([self.tails, column])
        return number

    def names(self, names: list[str]) -> list[bytes]:
        """Each case's name as its rows begin (``NAME,``): when no name needs quoting,
        the batch's names are encoded in one piece and cut apart (``\\n`` is one of the
        characters that make a name need quoting, so it cannot be in one)."""
        text = "\n".join(names)
        if text.count("\n") == len(names) - 1 and not any(c in text for c in ',"\r'):
            return (text.replace("\n", ",\n") + ",").encode().split(b"\n")
        return [f"{self.field(name)},".encode() for name in names]

    def write(self, steps: Steps) -> None:
        cases = steps.cases
        for outcome in set(cases.outcomes):
            self.outcome(outcome)
        outcomes = np.fromiter(map(self.outcomes.__getitem__, cases.outcomes), np.int64,
                               len(cases))
        names = np.array(self.names(cases.names), dtype=object)[steps.case]
        heads = self.heads[steps.leaf, steps.server]
        tails = self.tails[steps.leaf, outcomes[steps.case]]
        times = _times(self.moments, steps)
        if steps.ties.size:  # same start and end: by the row's text
            for first, last in _runs(steps.ties.tolist()):
                rows = np.array([names[i] + heads[i] + times[i] + tails[i]
                                 for i in range(first, last + 1)], dtype=object)
                order = first + np.argsort(rows, kind="stable")
                heads[first:last + 1] = heads[order]
                tails[first:last + 1] = tails[order]
        write_rows(self.stream, names, heads, times, tails)

    def close(self, complete: bool) -> None:
        self.stream.close()


def _times(moments: Moments, steps: Steps) -> NDArray[np.bytes_] | NDArray[np.object_]:
    """Per step ``START,END`` (``START,`` for a step still going when the run ended): the
    two moments' texts side by side in one row of bytes when every text fills the
    width (one offset's length in the batch, as a zone has it since about 1900), else
    joined one by one. Both ends in one ``stamps``: its days' work once."""
    n = len(steps.start)
    stamps = moments.stamps(np.concatenate([steps.start, steps.end]))
    width = stamps.itemsize
    if not stamps.view(np.uint8)[width - 1::width].all():
        texts = stamps.tolist()
        return np.array([start + b"," + (b"" if still else end) for start, end, still in zip(
            texts[:n], texts[n:], steps.open.tolist(), strict=True)], dtype=object)
    rows = stamps.view(np.uint8).reshape(2, n, width)
    both = np.empty((n, 2 * width + 1), dtype=np.uint8)
    both[:, :width] = rows[0]
    both[:, width] = ord(",")
    both[:, width + 1:] = rows[1]
    both[steps.open, width + 1:] = 0  # no end: NULs, which numpy drops with the width's
    return both.view(f"S{2 * width + 1}").reshape(-1)


_SPECIAL = frozenset(',"\r\n')
"""What makes ``csv`` quote a field."""


def _runs(ties: list[int]) -> Iterator[tuple[int, int]]:
    """The (first, last) positions of each run of tied steps (``Steps.ties``)."""
    first = last = -2
    for position in ties:
        if position != last + 1:
            if first >= 0:
                yield first, last
            first = position - 1
        last = position
    if first >= 0:
        yield first, last
