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

Writing a log must cost at most half the simulation, so a writer takes a batch of ended
cases' steps as columns (``policy_kit.simulate.logsteps``) and makes each row or event
from parts made once (per state and officer, per state and outcome, per day, per second
of the day) picked out by array indexing; the pieces are joined a few thousand at a time
and written into a 1 MB buffer. A name is escaped (CSV quoting, XML attribute) once, and
only when it holds a character that needs it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

import numpy as np

from ..calendar import zone_of
from ..errors import UsageError
from .build import Model
from .logsteps import Steps, order_by

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from .eventlog import EventLog

__all__ = ["COLUMNS", "WRITERS", "Writer"]

COLUMNS = ("case_id", "activity", "resource", "start", "end", "stage", "clock", "group",
           "outcome")
"""The columns of a CSV or Parquet log, in order (the first seven are the original ones)."""

_BUFFER = 1 << 20
"""Bytes a writer gathers before it writes to the file."""


class Writer(Protocol):
    """What each format's writer does: write a batch of ended cases' steps, and close."""

    def write(self, steps: Steps) -> None: ...

    def close(self, complete: bool) -> None: ...


def _by_officer(log: EventLog, model: Model,
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


def _write_rows(stream: IO[str], *columns: NDArray[np.object_]) -> None:
    """Write rows of text whose pieces are the columns' items, side by side: joined a
    few thousand pieces at a time (a string of megabytes costs several times as much to
    encode and write, page by page, as the same text in pieces the buffer holds)."""
    pieces = np.empty((len(columns[0]), len(columns)), dtype=object)
    for number, column in enumerate(columns):
        pieces[:, number] = column
    text = pieces.ravel().tolist()
    for first in range(0, len(text), _PIECES):
        stream.write("".join(text[first:first + _PIECES]))


_PIECES = 4096
"""Pieces joined into one write (about 100 KB of a log)."""


class _CsvWriter:
    """Rows as joined pieces: each distinct name quoted (where it must be) once, with
    ``csv``'s own rule; per state and officer the text before the times, per state and
    outcome the text after them."""

    def __init__(self, path: Path, model: Model, log: EventLog) -> None:
        self.moments = log.moments
        self.log = log
        self.stream: IO[str] = path.open("w", encoding="utf-8", newline="",
                                         buffering=_BUFFER)
        csv.writer(self.stream, lineterminator="\n").writerow(COLUMNS)
        self.quoted: dict[str, str] = {}
        q = self.field
        self.heads = _by_officer(log, model, lambda activity, resource, *_: (
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
        _write_rows(self.stream, names[steps.case], heads, start_day, start_clock, end_day,
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

_XML_SPECIAL = frozenset('&<>"\'\n\r\t')
"""What ``quoteattr`` would escape."""

_XES_TAIL = {lifecycle: f'"/>\n      <string key="lifecycle:transition" value="{lifecycle}"/>'
             "\n    </event>\n" for lifecycle in ("start", "complete", "ate_abort")}
"""What follows an event's timestamp, by its lifecycle transition."""


class _XesWriter:
    """A trace per case, its events made from parts made once: per state and officer the
    text before the timestamp, per lifecycle the text after it."""

    def __init__(self, path: Path, model: Model, log: EventLog) -> None:
        # only for this format: xml.sax imports urllib, 0.1 s of a CSV log's start-up
        from xml.sax.saxutils import quoteattr

        self.quoteattr = quoteattr
        self.moments = log.moments
        self.stream: IO[str] = path.open("w", encoding="utf-8", newline="",
                                         buffering=_BUFFER)
        self.stream.write(_XES_HEAD)
        self.stream.write(f'  <string key="concept:name" value={quoteattr(model.definition.id)}'
                          "/>\n")
        self.quoted: dict[str, str] = {}
        self.heads = _by_officer(log, model, self.head)
        """Per state and officer, an event's text up to its timestamp."""
        tails = [_XES_TAIL["ate_abort"], _XES_TAIL["complete"], _XES_TAIL["start"]]
        heads = self.heads.ravel().tolist()
        self.leads = np.array([[tail + head if head is not None else None for head in heads]
                               + [tail] for tail in tails], dtype=object)
        """Per lifecycle of an event (``ate_abort``, ``complete``, ``start``) and head of
        the next (``heads`` flattened), the text between their timestamps; the last
        column, the tail alone."""
        self.traces: dict[tuple[str | None, bool], str] = {}
        """A trace's opening after its name, by outcome and whether it is measured."""

    def q(self, value: str) -> str:
        """``value`` as an XML attribute value (the few distinct names, quoted once)."""
        quoted = self.quoted.get(value)
        if quoted is None:
            quoted = self.quoted[value] = self.quoteattr(value)
        return quoted

    def head(self, activity: str, resource: str, stage: str, clock: str, group: str) -> str:
        """An event's text before its timestamp."""
        q = self.q
        return (f"    <event>\n      <string key=\"concept:name\" value={q(activity)}/>\n"
                + (f"      <string key=\"org:resource\" value={q(resource)}/>\n"
                   if resource else "")
                + (f"      <string key=\"org:group\" value={q(group)}/>\n" if group else "")
                + f"      <string key=\"stage\" value={q(stage)}/>\n"
                  f"      <string key=\"clock\" value={q(clock)}/>\n"
                  "      <date key=\"time:timestamp\" value=\"")

    def trace(self, name: str, outcome: str | None, measured: bool) -> str:
        """A trace's text before its events (a case's name needs no escaping unless it
        holds a character XML gives a meaning; the rest is made once per outcome)."""
        rest = self.traces.get((outcome, measured))
        if rest is None:
            rest = self.traces[outcome, measured] = (
                (f"    <string key=\"outcome\" value={self.q(outcome)}/>\n" if outcome else "")
                + f"    <boolean key=\"warmup\" value=\"{'false' if measured else 'true'}\"/>\n")
        quoted = f'"{name}"' if _XML_SPECIAL.isdisjoint(name) else self.quoteattr(name)
        return f"  <trace>\n    <string key=\"concept:name\" value={quoted}/>\n{rest}"

    def write(self, steps: Steps) -> None:
        """Each step a start event and, unless still going, an end event; a trace's
        events by moment: at one moment, ends of earlier steps, then starts, then the
        ends of steps that took no time (after their own start)."""
        n = len(steps.leaf)
        ends = np.flatnonzero(~steps.open)
        step = np.concatenate([np.arange(n), ends])
        moment = np.concatenate([steps.start, steps.end[ends]])
        rank = np.concatenate([np.ones(n, np.int64),
                               np.where(steps.end[ends] > steps.start[ends], 0, 2)])
        order = order_by(steps.case[step], moment, rank, step)
        step = step[order]
        lifecycle = np.concatenate([np.full(n, 2), steps.completed[ends].astype(np.int64)])
        lifecycle = lifecycle[order]
        head = steps.leaf[step] * self.heads.shape[1] + steps.server[step] % self.heads.shape[1]
        # An event's text before its timestamp: the previous event's tail with its own
        # head, one piece (a table per pair of lifecycle and head), but for a trace's first
        # event, which follows the previous trace's closing and its own opening.
        lead = self.leads[np.roll(lifecycle, 1), head]
        events = 2 * steps.lengths - np.bincount(steps.case[steps.open],
                                                 minlength=len(steps.cases))
        tails = self.leads[:, -1]
        heads = self.heads.ravel()
        cases = steps.cases
        openings = [self.trace(name, outcome, measured) for name, outcome, measured
                    in zip(cases.names, cases.outcomes, cases.measured, strict=True)]
        if events.all():  # every trace has events: its opening goes before its first
            firsts = np.cumsum(events) - events
            firsts_lead = np.array(openings, dtype=object) + heads[head[firsts]]
            # from the second trace on, the previous one's last event and closing first
            firsts_lead[1:] = tails[lifecycle[firsts[1:] - 1]] + "  </trace>\n" + \
                firsts_lead[1:]
            lead[firsts] = firsts_lead
            pending = tails[lifecycle[-1]] + "  </trace>\n" if len(step) else ""
        else:
            pending = self.around(lead, lifecycle, head, openings, events.tolist())
        day, clock = self.moments.texts(moment[order])
        _write_rows(self.stream, lead, day, clock)
        self.stream.write(pending)

    def around(self, lead: NDArray[np.object_], lifecycle: NDArray[np.int64],
               head: NDArray[np.int64], openings: list[str], events: list[int]) -> str:
        """Put each trace's opening (and the previous one's closing) before its first
        event, a trace without events whole before the next one's; return what follows
        the last event."""
        tails = self.leads[:, -1]
        heads = self.heads.ravel()
        pending = ""
        first = 0
        for trace, count in zip(openings, events, strict=True):
            if count:
                if first:
                    pending = tails[lifecycle[first - 1]] + "  </trace>\n" + pending
                lead[first] = pending + trace + heads[head[first]]
                pending = ""
                first += count
            else:
                pending += trace + "  </trace>\n"
        if first:
            pending = tails[lifecycle[first - 1]] + "  </trace>\n" + pending
        return pending

    def close(self, complete: bool) -> None:
        if complete:
            self.stream.write("</log>\n")
        self.stream.close()


_BATCH = 65_536
"""Rows per Parquet row group: big enough to compress well, small enough to stream."""


class _ParquetWriter:
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
        self.resources = _by_officer(log, model, lambda _, resource, *rest: resource or None)
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


WRITERS: dict[str, Callable[[Path, Model, EventLog], Writer]] = {
    ".csv": _CsvWriter, ".xes": _XesWriter, ".parquet": _ParquetWriter}
"""Each format's writer, by the file's suffix (lower case)."""
