"""Event logs of simulated cases, for process-mining tools: CSV, XES or Parquet, streamed.

Part of **simulate** → output. Each case's steps are written as one trace when the case
ends (or when the run does), a batch of about 16,000 steps at a time, so memory holds
only the cases in flight, one batch and a small write buffer, however many cases are
simulated. The file is written beside its destination and
renamed into place when complete: a failed run leaves no half file. Times are local times
of the process calendar's zone (``policy_kit.calendar.zone_of``: China Standard Time,
+08:00, for ``cn``; Europe/Amsterdam, with its summer time, for ``weekly:NL``), written
with their UTC offset, to the second.

What a process miner needs, the same in every format:

- **Time order.** A case's steps are written by start time (then end time); in XES each
  step is a ``start`` and a ``complete`` event and a trace's events are in time order, a
  step's start before its complete (parallel regions interleave as they happened).
- **One resource scheme.** ``resource`` names a person: an officer of a staffed
  department is ``DEPARTMENT#N`` (N from 1, per department). Work nobody queues for (a
  statutory wait, the applicant's own step, a department the scenario gives no staff)
  has no resource; its ``group`` says whose it is.
- **group** (XES ``org:group``): the department doing the step, or ``applicant`` /
  ``agent`` for the applicant's side.
- **outcome**: the case-level outcome of the final state a finished case reached, on
  every row of it (XES: the trace's ``outcome`` attribute); empty (absent) for a case
  the simulation did not finish.

Formats, by the file's suffix (``.csv``, ``.xes``, ``.parquet``), and how each spells
the steps: ``policy_kit.simulate.logformats``.
"""

from __future__ import annotations

from datetime import timedelta, timezone
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import numpy as np

from ..calendar import zone_of
from ..errors import UsageError
from ..outfile import PendingFile
from .build import QUEUED, Model
from .logformats import COLUMNS, WRITERS, Writer
from .logsteps import WIDTH, Ended, in_time_order
from .moments import Moments

if TYPE_CHECKING:
    from .cases import Case

__all__ = ["COLUMNS", "CST", "EventLog", "FORMATS", "open_event_log"]

CST = timezone(timedelta(hours=8), "CST")

_BATCH = 1 << 14
"""Stays the journal holds before ended cases are written: enough for the columns'
passes to cost little per step, few enough to keep memory flat (about 150 bytes a
stay)."""

FORMATS = tuple(WRITERS)
"""The suffixes ``--event-log`` takes: ``.csv``, ``.xes``, ``.parquet``."""


class EventLog:
    """An event log being written; use as a context manager, ``write`` each ended case.

    This class keeps the file (written beside its destination, renamed into place when
    complete) and notes ended cases, whose stays the engine keeps in the run's journal
    (``Case.log``); every ``_BATCH`` stays or so it turns those of ended cases into columns
    in time order (``policy_kit.simulate.logsteps``), which every format says the same
    way; the format's writer (``policy_kit.simulate.logformats``) turns them into its
    bytes."""

    def __init__(self, path: Path, model: Model) -> None:
        self.path = path
        self.model = model
        suffix = path.suffix.lower()
        # the one writer of output files: refuses a device or FIFO, umask, atomic rename
        self.file = PendingFile(path, option="--event-log", opened=False)
        self.temporary = self.file.temporary
        self.moments = Moments(model.scenario.start, zone_of(
            model.scenario.calendar.kind or model.definition.process.calendar))
        process = model.process
        places = [model.definition.structure.places[n] for n in process.names]
        self.stage_names = [p.stage.id if p.stage else "" for p in places]
        self.queued = [kind == QUEUED for kind in model.kind]
        self.begin = [model.departments[d].axis.begin if q else None
                      for d, q in zip(model.department, self.queued, strict=True)]
        self.department_ids = [model.departments[d].id if q else ""
                               for d, q in zip(model.department, self.queued, strict=True)]
        self.leaves = [(process.names[i], self.stage_names[i], model.clock[i], model.actor[i],
                        self.begin[i], self.department_ids[i] + "#")
                       for i in range(len(process.names))]
        """Per state what its rows repeat: activity, stage, clock, group, and for a task
        officers work, its department's opening times and the prefix of their names."""
        axes = list(dict.fromkeys(model.departments[d].axis
                                  for d, q in zip(model.department, self.queued, strict=True)
                                  if q))
        self.axes = axes
        """The office hours of the departments whose officers work a task, each once."""
        self.axis_of = np.array([axes.index(model.departments[d].axis) if q else -1
                                 for d, q in zip(model.department, self.queued, strict=True)],
                                dtype=np.int64)
        """Per state, its office hours in ``begins`` (-1: work nobody queues for)."""
        self.pending = Ended()
        self.journal: list[float] | None = None
        """The run's journal of stays (``Case.log``), as the first ended case brings it."""
        self.left = np.empty((0, WIDTH))
        """Stays of cases still going when the last batch was written (a table)."""
        self.due = WIDTH * _BATCH
        """The journal's length at which ended cases are written."""
        try:
            self.writer: Writer = WRITERS[suffix](self.temporary, model, self)
        except BaseException:
            self.file.discard()
            raise

    def __enter__(self) -> EventLog:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        complete = kind is None
        try:
            if complete:
                self.flush()
        except BaseException:
            complete = False
            raise
        finally:
            try:
                self.writer.close(complete=complete)
            finally:
                if complete:
                    self.file.commit()
                else:
                    self.file.discard()

    def write(self, case: Case) -> None:
        """Note an ended case (its stays are in the run's journal, ``case.log``); when the
        journal holds enough, write the ended cases' stays."""
        pending = self.pending
        pending.numbers.append(case.number)
        pending.names.append(case.name)
        pending.outcomes.append(case.outcome)
        pending.measured.append(case.measured)
        journal = self.journal = case.log
        if journal is not None and len(journal) >= self.due:
            self.flush()

    def flush(self) -> None:
        if self.pending and self.journal is not None:
            steps, self.left = in_time_order(self.pending, self.journal, self.left,
                                             self.axes, self.axis_of)
            self.writer.write(steps)
            self.pending = Ended()
            # what is left belongs to cases still going: the next batch waits for as
            # many new stays again, so however many cases are in flight, the stays
            # carried from batch to batch cost at most as much as the new ones
            self.due = WIDTH * _BATCH + self.left.size


def open_event_log(path: Path, model: Model) -> EventLog:
    """Start writing an event log; the suffix (``.csv``, ``.xes``, ``.parquet``) picks
    the format."""
    if path.suffix.lower() not in FORMATS:
        raise UsageError(f"--event-log {path}: name a .csv, .xes or .parquet file",
                         zh=f"--event-log {path}：请给出 .csv、.xes 或 .parquet 文件名")
    return EventLog(path, model)
