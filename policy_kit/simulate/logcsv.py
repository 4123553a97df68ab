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
    from .eventlog import EventLog

__all__ = ["CsvWriter"]


class CsvWriter:
    """Rows as joined pieces: each distinct name quoted (where it must be) once, with
    ``csv``'s own rule; per state and officer the text before the times, per state and
    outcome the text after them."""

    def __init__(self, path: Path, model: Model, log: EventLog) -> None:
        self.moments = log.moments
        self.log = log
        self.stream: IO[str] = path.open("w", encoding="utf-8", newline="",
                                         buffering=BUFFER)
        csv.writer(self.stream, lineterminator="\n").writerow(COLUMNS)
        self.quoted: dict[str, str] = {}
        q = self.field
        self.heads = by_officer(log, model, lambda activity, resource, *_: (
            f"{q(activity)},{q(resource)},"))
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
                               for _, stage, clock, group, _, _ in self.log.leaves],
                              dtype=object)
            self.tails = np.column_stack([self.tails, column])
        return number

    def write(self, steps: Steps) -> None:
        field, outcome = self.field, self.outcome
        names = np.array([field(name) + "," for name in steps.cases.names], dtype=object)
        outcomes = np.array([outcome(o) for o in steps.cases.outcomes], dtype=np.int64)
        heads = self.heads[steps.leaf, steps.server]
        tails = self.tails[steps.leaf, outcomes[steps.case]]
        start_day, start_clock = self.moments.texts(steps.start)
        end_day, end_clock = self.moments.texts(steps.end, ",")
        end_day[steps.open] = ","  # still at work when the run ended: no end
        end_clock[steps.open] = ""
        if steps.ties.size:  # same start and end: by the row's text
            rows = names[steps.case] + heads + start_day + start_clock + end_day + \
                end_clock + tails
            for first, last in _runs(steps.ties.tolist()):
                order = first + np.argsort(rows[first:last + 1], kind="stable")
                heads[first:last + 1] = heads[order]
                tails[first:last + 1] = tails[order]
        write_rows(self.stream, names[steps.case], heads, start_day, start_clock, end_day,
                    end_clock, tails)

    def close(self, complete: bool) -> None:
        self.stream.close()


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
