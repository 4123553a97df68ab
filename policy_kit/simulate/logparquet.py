"""The Parquet event log: the CSV's columns, times as timestamps in the calendar's zone,
written in row groups as cases finish (pyarrow, imported only for this format: what
process miners load at scale).

Part of **simulate** → output, one of ``policy_kit.simulate.logformats``' writers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..calendar import zone_of
from ..errors import UsageError
from .build import Model
from .logsteps import Steps
from .logwriter import COLUMNS, by_officer

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from .eventlog import EventLog

__all__ = ["ParquetWriter"]


_BATCH = 65_536
"""Rows per Parquet row group: big enough to compress well, small enough to stream."""


class ParquetWriter:
    def __init__(self, path: Path, model: Model, log: EventLog) -> None:
        try:
            import pyarrow as pa  # only for this format: it costs start-up
            import pyarrow.parquet as pq
        except ImportError:  # pragma: no cover - pyarrow is a dependency
            raise UsageError("--event-log FILE.parquet needs pyarrow (pip install pyarrow)",
                             zh="--event-log FILE.parquet 需要 pyarrow（pip install pyarrow）"
                             ) from None
        self.moments = log.moments
        self.pa = pa
        self.activity, self.stage, self.clock, self.group = (np.array(
            column, dtype=object) for column in zip(
                *((activity, stage, clock, group or None)
                  for activity, stage, clock, group, _, _ in log.leaves), strict=True))
        self.resources = by_officer(log, model, lambda _, resource, *rest: resource or None)
        self.rows = 0
        zone = zone_of(model.scenario.calendar.kind or model.definition.process.calendar)
        stamp = pa.timestamp("s", tz=str(zone))
        self.schema = pa.schema([
            ("case_id", pa.string()), ("activity", pa.string()), ("resource", pa.string()),
            ("start", stamp), ("end", stamp), ("stage", pa.string()), ("clock", pa.string()),
            ("group", pa.string()), ("outcome", pa.string())])
        self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self.columns: list[list[NDArray[Any]]] = [[] for _ in COLUMNS]

    def write(self, steps: Steps) -> None:
        """Add the steps to the row group being made; a group is written when it holds
        ``_BATCH`` rows or more, at the end of a case (as one case at a time would)."""
        leaf, lengths = steps.leaf, steps.lengths
        ends: Any = self.moments.epochs(steps.end).astype(object)
        ends[steps.open] = None
        names = np.array(steps.cases.names, dtype=object)
        outcomes = np.array([o or None for o in steps.cases.outcomes], dtype=object)
        batch = (names[steps.case], self.activity[leaf],
                 self.resources[leaf, steps.server], self.moments.epochs(steps.start), ends,
                 self.stage[leaf], self.clock[leaf], self.group[leaf], outcomes[steps.case])
        first = 0
        for last in np.cumsum(lengths).tolist():
            if self.rows + last - first >= _BATCH:
                self.take(batch, first, last)
                self.flush()
                first = last
        self.take(batch, first, len(leaf))

    def take(self, batch: tuple[NDArray[Any], ...], first: int, last: int) -> None:
        for column, values in zip(self.columns, batch, strict=True):
            column.append(values[first:last])
        self.rows += last - first

    def flush(self) -> None:
        if self.rows:
            self.writer.write_table(self.pa.Table.from_arrays(
                [self.pa.array(np.concatenate(c), type=f.type)
                 for c, f in zip(self.columns, self.schema, strict=True)],
                schema=self.schema))
        self.columns = [[] for _ in COLUMNS]
        self.rows = 0

    def close(self, complete: bool) -> None:
        if complete:
            self.flush()
        self.writer.close()
