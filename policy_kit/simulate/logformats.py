"""How each event-log format spells a case's steps: CSV, XES and Parquet writers.

Part of **simulate** → output, beside ``policy_kit.simulate.eventlog``, which decides what
a log holds (each case's steps in time order, one resource scheme, the outcome) and keeps
the file; a writer here only turns a batch of ended cases' steps into its format's bytes,
streamed, as the cases end. Formats, by the file's suffix:

- ``.csv``: UTF-8 without BOM; ``case_id, activity, resource, start, end, stage, clock,
  group, outcome`` (the first seven as before, the last two added).
- ``.xes``: XES 1.0 with the standard concept, time, org and lifecycle extensions, so
  pm4py, Disco and ProM read it without renaming (``ate_abort`` ends a step another
  region's decision cut short).
- ``.parquet``: the CSV's columns, times as timestamps in the calendar's zone, written in
  row groups as cases finish (pyarrow, imported only for this format).

Each format's writer has a module of its own (``logcsv``, ``logxes``, ``logparquet``);
what they share is in ``policy_kit.simulate.logwriter``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .build import Model
from .logcsv import CsvWriter
from .logparquet import ParquetWriter
from .logwriter import COLUMNS, Writer
from .logxes import XesWriter

if TYPE_CHECKING:
    from .eventlog import EventLog

__all__ = ["COLUMNS", "WRITERS", "Writer"]

WRITERS: dict[str, Callable[[Path, Model, EventLog], Writer]] = {
    ".csv": CsvWriter, ".xes": XesWriter, ".parquet": ParquetWriter}
"""Each format's writer, by the file's suffix (lower case)."""
