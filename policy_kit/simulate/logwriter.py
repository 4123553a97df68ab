"""A writer of an event-log format: what each does, and the parts the formats share.

Part of **simulate** → output, under ``policy_kit.simulate.logformats`` (which picks the
format by the file's suffix). Writing a log must cost at most half the simulation, so a
writer takes a batch of ended cases' steps as columns (``policy_kit.simulate.logsteps``)
and makes each row or event from parts made once (per state and officer, per state and
outcome, per day, per second of the day) picked out by array indexing; the pieces are
joined a few thousand at a time and written into a 1 MB buffer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from .build import Model
    from .eventlog import EventLog
    from .logsteps import Steps

__all__ = ["BUFFER", "COLUMNS", "Writer", "by_officer", "write_rows"]

COLUMNS = ("case_id", "activity", "resource", "start", "end", "stage", "clock", "group",
           "outcome")
"""The columns of a CSV or Parquet log, in order (the first seven are the original ones)."""

BUFFER = 1 << 20
"""Bytes a writer gathers before it writes to the file."""


class Writer(Protocol):
    """What each format's writer does: write a batch of ended cases' steps, and close."""

    def write(self, steps: Steps) -> None: ...

    def close(self, complete: bool) -> None: ...


def by_officer(log: EventLog, model: Model,
                spell: Callable[[str, str, str, str, str], Any]) -> NDArray[np.object_]:
    """Per state (row) and officer (column, as ``Steps.server``: from 0, and -1 for the
    engine's last officer), ``spell(activity, resource, stage, clock, group)``; the same
    for any officer of work nobody queues for."""
    width = max((d.staff for d in model.departments), default=0) + 1
    table = np.empty((len(log.leaves), width), dtype=object)
    for row, ((activity, stage, clock, group, begin, officer), d) in enumerate(zip(
            log.leaves, model.department, strict=True)):
        if begin is None:
            table[row, :] = spell(activity, "", stage, clock, group)
        else:
            staff = model.departments[d].staff
            for n in range(staff):
                table[row, n] = spell(activity, f"{officer}{n + 1}", stage, clock, group)
            table[row, -1] = table[row, staff - 1]
    return table


def write_rows(stream: IO[Any], *columns: NDArray[Any]) -> None:
    """Write rows whose pieces are the columns' items, side by side (all ``str`` for a
    text stream, all ``bytes`` for a binary one): joined a few thousand pieces at a time
    (a string of megabytes costs several times as much to encode and write, page by page,
    as the same text in pieces the buffer holds)."""
    pieces = np.empty((len(columns[0]), len(columns)), dtype=object)
    for number, column in enumerate(columns):
        pieces[:, number] = column
    text = pieces.ravel().tolist()
    join = (b"" if text and isinstance(text[0], bytes) else "").join
    for first in range(0, len(text), _PIECES):
        stream.write(join(text[first:first + _PIECES]))


_PIECES = 4096
"""Pieces joined into one write (about 100 KB of a log)."""
