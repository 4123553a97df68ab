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
        self.activity, self.stage, self.clock, self.group = (pa.array(
            column, type=pa.string()) for column in zip(
                *((activity, stage, clock, group or None)
                  for activity, stage, clock, group, _, _ in log.leaves), strict=True))
        """Per state, the text of its column (picked per step by ``take``: in pyarrow,
        not a Python object per row)."""
        resources = by_officer(log, model, lambda _, resource, *rest: resource or None)
        self.officers = resources.shape[1]
        self.resources = pa.array(resources.ravel().tolist(), type=pa.string())
        """Per state and officer (``officers`` a state), the resource."""
        self.rows = 0
        zone = zone_of(model.scenario.calendar.kind or model.definition.process.calendar)
        self.stamp = stamp = pa.timestamp("s", tz=str(zone))
        self.schema = pa.schema([
            ("case_id", pa.string()), ("activity", pa.string()), ("resource", pa.string()),
            ("start", stamp), ("end", stamp), ("stage", pa.string()), ("clock", pa.string()),
            ("group", pa.string()), ("outcome", pa.string())])
        self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self.columns: list[list[Any]] = [[] for _ in COLUMNS]

    def write(self, steps: Steps) -> None:
        """Add the steps to the row group being made; a group is written when it holds
        ``_BATCH`` rows or more, at the end of a case (as one case at a time would)."""
        pa = self.pa
        lengths = steps.lengths
        cases = pa.array(steps.case)
        leaf = pa.array(steps.leaf)
        string = pa.string()
        batch = (pa.array(steps.cases.names, type=string).take(cases),
                 self.activity.take(leaf),
                 self.resources.take(pa.array(
                     steps.leaf * self.officers + steps.server % self.officers)),
                 pa.array(self.moments.epochs(steps.start), type=self.stamp),
                 pa.array(self.moments.epochs(steps.end), type=self.stamp, mask=steps.open),
                 self.stage.take(leaf), self.clock.take(leaf), self.group.take(leaf),
                 pa.array([o or None for o in steps.cases.outcomes], type=string).take(cases))
        first = 0
        for last in np.cumsum(lengths).tolist():
            if self.rows + last - first >= _BATCH:
                self.take(batch, first, last)
                self.flush()
                first = last
        self.take(batch, first, len(steps.leaf))

    def take(self, batch: tuple[Any, ...], first: int, last: int) -> None:
        for column, values in zip(self.columns, batch, strict=True):
            column.append(values.slice(first, last - first))
        self.rows += last - first

    def flush(self) -> None:
        if self.rows:
            self.writer.write_table(self.pa.Table.from_arrays(
                [self.pa.concat_arrays(c) for c in self.columns], schema=self.schema))
        self.columns = [[] for _ in COLUMNS]
        self.rows = 0

    def close(self, complete: bool) -> None:
        if complete:
            self.flush()
        self.writer.close()
