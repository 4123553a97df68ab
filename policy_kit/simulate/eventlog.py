"""Event logs of simulated cases, for process-mining tools: CSV, XES or Parquet, streamed.

Part of **simulate** → output. Each case's steps are written as one trace when the case
ends (or when the run does), so memory holds only the cases in flight and a small write
buffer, however many cases are simulated. The file is written beside its destination and
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

Formats, by the file's suffix:

- ``.csv``: UTF-8 without BOM; ``case_id, activity, resource, start, end, stage, clock,
  group, outcome`` (the first seven as before, the last two added).
- ``.xes``: XES 1.0 with the standard concept, time, org and lifecycle extensions, so
  pm4py, Disco and ProM read it without renaming (``ate_abort`` ends a step another
  region's decision cut short).
- ``.parquet``: the CSV's columns, times as timestamps in the calendar's zone, written in
  row groups as cases finish (pyarrow, imported only for this format).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import timedelta, timezone
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, Protocol
from xml.sax.saxutils import quoteattr

from ..calendar import zone_of
from ..errors import UsageError
from ..outfile import PendingFile
from .build import QUEUED, Model
from .moments import Moments

if TYPE_CHECKING:
    from .cases import Case

__all__ = ["COLUMNS", "CST", "EventLog", "FORMATS", "Step", "open_event_log"]

CST = timezone(timedelta(hours=8), "CST")

COLUMNS = ("case_id", "activity", "resource", "start", "end", "stage", "clock", "group",
           "outcome")
"""The columns of a CSV or Parquet log, in order (the first seven are the original ones)."""

FORMATS = (".csv", ".xes", ".parquet")

Step = tuple[int, int | None, str, str, str, str, str, bool]
"""One stay of a case: start and end (seconds from the origin; no end for work still going
when the run ended), activity, resource, stage, clock, group, and whether its work was
completed (not cut short)."""

_NEVER = 1 << 62


class EventLog:
    """An event log being written; use as a context manager, ``write`` each ended case.

    The format's writer (``_CsvWriter``, ``_XesWriter``, ``_ParquetWriter``) turns each
    case's time-ordered steps into its bytes; this class keeps the file and the steps."""

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
        self.csv_leaves = [
            (f"{activity},", f",{stage},{clock},{group},",
             tuple(f"{officer}{n}" for n in range(1, model.departments[d].staff + 1))
             if begin is not None else (),
             model.departments[d].axis if begin is not None else None)
            for (activity, stage, clock, group, begin, officer), d
            in zip(self.leaves, model.department, strict=True)]
        """The same for the CSV fast path: the text before and after a row's resource
        and times, and for a task officers work the names of the department's officers
        (by number from 0) and its office hours."""
        try:
            self.writer: _Writer = _WRITERS[suffix](self.temporary, model)
        except BaseException:
            self.file.discard()
            raise

    def __enter__(self) -> EventLog:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        try:
            self.writer.close(complete=kind is None)
        finally:
            if kind is None:
                self.file.commit()
            else:
                self.file.discard()

    def steps(self, case: Case) -> list[Step]:
        """The case's stays, by start time, then end time (then the order they ended)."""
        leaves = self.leaves
        result: list[Step] = []
        for leaf, server, started_w, entered, end, completed in case.log or ():
            activity, stage, clock, group, begin, officer = leaves[leaf]
            resource, start = _who_and_when(begin, officer, server, started_w, entered)
            if end is None:  # still at work when the run ended
                result.append((round(start * 3600), None, activity, resource, stage, clock,
                               group, completed))
            else:
                result.append((round((start if start < end else end) * 3600),
                               round(end * 3600), activity, resource, stage, clock, group,
                               completed))
        if len(result) > 1:
            result.sort(key=_by_time)
        return result

    def write(self, case: Case) -> None:
        writer = self.writer
        if isinstance(writer, _CsvWriter) and writer.plain:
            writer.stream.write(self.csv_rows(case))
            return
        writer.write(case.name, case.outcome or "", not case.measured, self.steps(case),
                     self.moments)

    def csv_rows(self, case: Case) -> str:
        """The case's CSV rows in one pass (``steps`` and ``_CsvWriter.write`` fused: the
        commonest log is CSV, and this is its whole cost per row, so ``Moments.text`` is
        written out in it, and each row is one string from parts made before the run)."""
        text, days = self.moments.text, self.moments.days
        leaves = self.csv_leaves
        name, outcome = case.name + ",", (case.outcome or "") + "\n"
        rows = []
        ordered, before_s, before_e = True, -1, -1
        last, last_day, last_clock = -1, "", ""  # a step mostly starts as the one before ended
        for leaf, server, started_w, entered, end, _ in case.log or ():
            head, tail, officers, axis = leaves[leaf]
            if axis is not None:  # ``Axis.begin``, written out
                resource = officers[server]
                length = axis.length
                k = int(started_w // length)
                try:
                    start = 24.0 * axis.days.working[k] + axis.start + (started_w - k * length)
                except IndexError:  # a day the table has not reached yet
                    start = axis.begin(started_w)
            else:
                resource, start = "", entered
            if end is None:  # still at work when the run ended
                s, e = round(start * 3600), _NEVER
                row = f"{name}{head}{resource},{text(s)},{tail}{outcome}"
            else:
                s = round((start if start < end else end) * 3600)
                e = round(end * 3600)
                if s == last:
                    start_day, start_clock = last_day, last_clock
                else:
                    day, rest = divmod(s, 86400)
                    try:  # ``Moments.text``, written out
                        start_day, clock, _, _ = days[day]  # type: ignore[misc]
                        start_clock = clock[rest] or _missing()
                    except (KeyError, TypeError):  # see ``Moments``
                        start_day, start_clock = "", text(s)
                day, rest = divmod(e, 86400)
                try:
                    last_day, clock, _, _ = days[day]  # type: ignore[misc]
                    last_clock = clock[rest] or _missing()
                except (KeyError, TypeError):
                    last_day, last_clock = "", text(e)
                last = e
                row = (f"{name}{head}{resource},{start_day}{start_clock},{last_day}{last_clock}"
                       f"{tail}{outcome}")
            if ordered and (s < before_s or (s == before_s and e <= before_e)):
                ordered = False
            before_s, before_e = s, e
            rows.append((s, e, row))
        if not ordered:  # by start, then end (then the text: ties are rare)
            rows.sort()
        return "".join([row[2] for row in rows])


def _missing() -> str:
    """A second whose clock text is not made yet: ``Moments.text`` makes its hour."""
    raise TypeError


def _who_and_when(begin: Callable[[float], float] | None, officer: str, server: int,
                  started_w: float, entered: float) -> tuple[str, float]:
    """A stay's resource and start: the officer and when they took it up, or (work
    nobody queues for) no one and the moment it was entered."""
    if begin is not None:
        return officer + str(server + 1), begin(started_w)
    return "", entered


def _by_time(step: Step) -> tuple[int, float]:
    end = step[1]
    return step[0], end if end is not None else float("inf")


class _Writer(Protocol):
    """What each format's writer does: take a finished case's steps, and close."""

    def write(self, name: str, outcome: str, warmup: bool, steps: list[Step],
              moments: Moments) -> None: ...

    def close(self, complete: bool) -> None: ...


_SPECIAL = frozenset(',"\r\n')


class _CsvWriter(_Writer):
    """Rows joined by hand when no name needs quoting (ids rarely do), else ``csv``."""

    def __init__(self, path: Path, model: Model) -> None:
        self.stream: IO[str] = path.open("w", encoding="utf-8", newline="",
                                         buffering=1 << 20)
        self.csv = csv.writer(self.stream, lineterminator="\n")
        self.csv.writerow(COLUMNS)
        names = [*model.process.names, *model.stage_ids, *model.clock, *model.actor,
                 *(d.id for d in model.departments),
                 *(o for o in model.process.outcome if o)]
        self.plain = not any(_SPECIAL.intersection(name) for name in names)

    def write(self, name: str, outcome: str, warmup: bool, steps: list[Step],
              moments: Moments) -> None:
        text = moments.text
        if self.plain:
            head, tail = name + ",", "," + outcome + "\n"
            self.stream.write("".join([
                f"{head}{activity},{resource},{text(s)},{'' if e is None else text(e)},"
                f"{stage},{clock},{group}{tail}"
                for s, e, activity, resource, stage, clock, group, _ in steps]))
            return
        self.csv.writerows([(name, activity, resource, text(s),
                             "" if e is None else text(e), stage, clock, group, outcome)
                            for s, e, activity, resource, stage, clock, group, _ in steps])

    def close(self, complete: bool) -> None:
        self.stream.close()


_XES_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
  <global scope="trace">
    <string key="concept:name" value="UNKNOWN"/>
  </global>
  <global scope="event">
    <string key="concept:name" value="UNKNOWN"/>
    <date key="time:timestamp" value="1970-01-01T00:00:00+00:00"/>
    <string key="lifecycle:transition" value="complete"/>
  </global>
  <classifier name="Activity" keys="concept:name"/>
  <classifier name="Activity and lifecycle" keys="concept:name lifecycle:transition"/>
"""


class _XesWriter(_Writer):
    def __init__(self, path: Path, model: Model) -> None:
        self.stream: IO[str] = path.open("w", encoding="utf-8", newline="",
                                         buffering=1 << 20)
        self.stream.write(_XES_HEAD)
        self.stream.write(f'  <string key="concept:name" value={quoteattr(model.definition.id)}'
                          "/>\n")
        self.quoted: dict[str, str] = {}

    def q(self, value: str) -> str:
        """``value`` as an XML attribute value (the few distinct names, quoted once)."""
        quoted = self.quoted.get(value)
        if quoted is None:
            quoted = self.quoted[value] = quoteattr(value)
        return quoted

    def write(self, name: str, outcome: str, warmup: bool, steps: list[Step],
              moments: Moments) -> None:
        text = moments.text
        q = self.q
        out = [f"  <trace>\n    <string key=\"concept:name\" value={quoteattr(name)}/>\n"]
        if outcome:
            out.append(f"    <string key=\"outcome\" value={q(outcome)}/>\n")
        out.append(f"    <boolean key=\"warmup\" value=\"{'true' if warmup else 'false'}\"/>\n")
        events: list[tuple[int, int, int, str, str]] = []
        for i, (s, e, activity, resource, stage, clock, group, completed) in enumerate(steps):
            common = (f"      <string key=\"concept:name\" value={q(activity)}/>\n"
                      + (f"      <string key=\"org:resource\" value={q(resource)}/>\n"
                         if resource else "")
                      + (f"      <string key=\"org:group\" value={q(group)}/>\n"
                         if group else "")
                      + f"      <string key=\"stage\" value={q(stage)}/>\n"
                        f"      <string key=\"clock\" value={q(clock)}/>\n")
            # At one moment: ends of earlier steps, then starts, then the ends of steps
            # that took no time (after their own start).
            events.append((s, 1, i, common, "start"))
            if e is not None:  # else still at work when the run ended: no complete yet
                events.append((e, 0 if e > s else 2, i, common,
                               "complete" if completed else "ate_abort"))
        events.sort(key=_event_order)
        for moment, _, _, common, lifecycle in events:
            out.append(f"    <event>\n{common}"
                       f"      <date key=\"time:timestamp\" value=\"{text(moment)}\"/>\n"
                       f"      <string key=\"lifecycle:transition\" value=\"{lifecycle}\"/>\n"
                       "    </event>\n")
        out.append("  </trace>\n")
        self.stream.write("".join(out))

    def close(self, complete: bool) -> None:
        if complete:
            self.stream.write("</log>\n")
        self.stream.close()


def _event_order(event: tuple[int, int, int, str, str]) -> tuple[int, int, int]:
    return event[0], event[1], event[2]


_BATCH = 65_536
"""Rows per Parquet row group: big enough to compress well, small enough to stream."""


class _ParquetWriter(_Writer):
    def __init__(self, path: Path, model: Model) -> None:
        try:
            import pyarrow as pa  # only for this format: it costs start-up
            import pyarrow.parquet as pq
        except ImportError:  # pragma: no cover - pyarrow is a dependency
            raise UsageError("--event-log FILE.parquet needs pyarrow (pip install pyarrow)"
                             ) from None
        self.pa = pa
        zone = zone_of(model.scenario.calendar.kind or model.definition.process.calendar)
        stamp = pa.timestamp("s", tz=str(zone))
        self.schema = pa.schema([
            ("case_id", pa.string()), ("activity", pa.string()), ("resource", pa.string()),
            ("start", stamp), ("end", stamp), ("stage", pa.string()), ("clock", pa.string()),
            ("group", pa.string()), ("outcome", pa.string())])
        self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self.columns: list[list[Any]] = [[] for _ in COLUMNS]

    def write(self, name: str, outcome: str, warmup: bool, steps: list[Step],
              moments: Moments) -> None:
        (case_ids, activities, resources, starts, ends, stages, clocks, groups,
         outcomes) = self.columns
        epoch = moments.epoch
        for s, e, activity, resource, stage, clock, group, _ in steps:
            case_ids.append(name)
            activities.append(activity)
            resources.append(resource or None)
            starts.append(epoch(s))
            ends.append(None if e is None else epoch(e))
            stages.append(stage)
            clocks.append(clock)
            groups.append(group or None)
            outcomes.append(outcome or None)
        if len(case_ids) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        if self.columns[0]:
            self.writer.write_table(self.pa.Table.from_arrays(
                [self.pa.array(c, type=f.type) for c, f in zip(self.columns, self.schema,
                                                               strict=True)],
                schema=self.schema))
            self.columns = [[] for _ in COLUMNS]

    def close(self, complete: bool) -> None:
        if complete:
            self.flush()
        self.writer.close()


_WRITERS: dict[str, Callable[[Path, Model], _Writer]] = {
    ".csv": _CsvWriter, ".xes": _XesWriter, ".parquet": _ParquetWriter}


def open_event_log(path: Path, model: Model) -> EventLog:
    """Start writing an event log; the suffix (``.csv``, ``.xes``, ``.parquet``) picks
    the format."""
    if path.suffix.lower() not in FORMATS:
        raise UsageError(f"--event-log {path}: name a .csv, .xes or .parquet file")
    return EventLog(path, model)
