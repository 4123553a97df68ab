"""How each event-log format spells a case's steps: CSV, XES and Parquet writers.

Part of **simulate** → output, beside ``policy_kit.simulate.eventlog``, which decides what
a log holds (each case's steps in time order, one resource scheme, the outcome) and keeps
the file; a writer here only turns a finished case into its format's bytes, streamed, as
the case ends. Formats, by the file's suffix:

- ``.csv``: UTF-8 without BOM; ``case_id, activity, resource, start, end, stage, clock,
  group, outcome`` (the first seven as before, the last two added).
- ``.xes``: XES 1.0 with the standard concept, time, org and lifecycle extensions, so
  pm4py, Disco and ProM read it without renaming (``ate_abort`` ends a step another
  region's decision cut short).
- ``.parquet``: the CSV's columns, times as timestamps in the calendar's zone, written in
  row groups as cases finish (pyarrow, imported only for this format).

Writing a log must cost at most half the simulation, so the CSV and XES writers make each
row or event from parts made once (per state, per officer, per moment of the day), and
write a case's text in one call into a 1 MB buffer.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from ..calendar import zone_of
from ..errors import UsageError
from .build import Model
from .moments import Moments

if TYPE_CHECKING:
    from .cases import Case
    from .eventlog import EventLog

__all__ = ["COLUMNS", "WRITERS", "Step", "Writer"]

COLUMNS = ("case_id", "activity", "resource", "start", "end", "stage", "clock", "group",
           "outcome")
"""The columns of a CSV or Parquet log, in order (the first seven are the original ones)."""

Step = tuple[int, int | None, str, str, str, str, str, bool]
"""One stay of a case: start and end (seconds from the origin; no end for work still going
when the run ended), activity, resource, stage, clock, group, and whether its work was
completed (not cut short)."""

_NEVER = 1 << 62
_BUFFER = 1 << 20
"""Bytes a writer gathers before it writes to the file."""


class Writer(Protocol):
    """What each format's writer does: write a finished case, and close."""

    def write(self, case: Case) -> None: ...

    def close(self, complete: bool) -> None: ...


_SPECIAL = frozenset(',"\r\n')


class _CsvWriter:
    """Rows joined by hand when no name needs quoting (ids rarely do), else ``csv``."""

    def __init__(self, path: Path, model: Model, log: EventLog) -> None:
        self.log = log
        self.moments = log.moments
        self.stream: IO[str] = path.open("w", encoding="utf-8", newline="",
                                         buffering=_BUFFER)
        self.csv = csv.writer(self.stream, lineterminator="\n")
        self.csv.writerow(COLUMNS)
        names = [*model.process.names, *model.stage_ids, *model.clock, *model.actor,
                 *(d.id for d in model.departments),
                 *(o for o in model.process.outcome if o)]
        self.plain = not any(_SPECIAL.intersection(name) for name in names)
        self.leaves = [
            (f"{activity},", f",{stage},{clock},{group},",
             tuple(f"{officer}{n}" for n in range(1, model.departments[d].staff + 1))
             if begin is not None else (),
             model.departments[d].axis if begin is not None else None)
            for (activity, stage, clock, group, begin, officer), d
            in zip(log.leaves, model.department, strict=True)]
        """Per state, the text before and after a row's resource and times, and for a
        task officers work the names of the department's officers (by number from 0)
        and its office hours."""

    def write(self, case: Case) -> None:
        if self.plain:
            self.stream.write(self.rows(case))
            return
        text = self.moments.text
        outcome = case.outcome or ""
        self.csv.writerows([(case.name, activity, resource, text(s),
                             "" if e is None else text(e), stage, clock, group, outcome)
                            for s, e, activity, resource, stage, clock, group, _
                            in self.log.steps(case)])

    def rows(self, case: Case) -> str:
        """The case's CSV rows in one pass (``EventLog.steps`` and the rows fused: the
        commonest log is CSV, and this is its whole cost per row, so ``Moments.text`` is
        written out in it, and each row is one string from parts made before the run)."""
        text, days = self.moments.text, self.moments.days
        leaves = self.leaves
        name, outcome = case.name + ",", (case.outcome or "") + "\n"
        rows = []
        ordered, before_s, before_e = True, -1, -1
        last, last_day, last_clock = -1, "", ""  # a step mostly starts as the one before ended
        for leaf, server, started_w, entered, end, _ in case.log or ():
            head, tail, officers, axis = leaves[leaf]
            if axis is not None:  # taken up by an officer when the officer's hours say
                resource = officers[server]
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

    def close(self, complete: bool) -> None:
        self.stream.close()


def _missing() -> str:
    """A second whose clock text is not made yet: ``Moments.text`` makes its hour."""
    raise TypeError


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
        self.log = log
        self.moments = log.moments
        self.stream: IO[str] = path.open("w", encoding="utf-8", newline="",
                                         buffering=_BUFFER)
        self.stream.write(_XES_HEAD)
        self.stream.write(f'  <string key="concept:name" value={quoteattr(model.definition.id)}'
                          "/>\n")
        self.quoted: dict[str, str] = {}
        self.heads = [
            tuple(self.head(activity, f"{officer}{n}", stage, clock, group)
                  for n in range(1, model.departments[d].staff + 1))
            if begin is not None else (self.head(activity, "", stage, clock, group),)
            for (activity, stage, clock, group, begin, officer), d
            in zip(log.leaves, model.department, strict=True)]
        """Per state, an event's text up to its timestamp, by officer (from 0) for a task
        officers work, else one."""
        self.axes = [model.departments[d].axis if begin is not None else None
                     for (_, _, _, _, begin, _), d
                     in zip(log.leaves, model.department, strict=True)]
        """Per state, the office hours of the officers who work it (None: nobody)."""

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

    def write(self, case: Case) -> None:
        """The case's trace (``EventLog.steps`` and the events fused, as the CSV's rows
        are: the steps in time order, each a start and, unless still going, an end)."""
        text, days = self.moments.text, self.moments.days
        heads, axes = self.heads, self.axes
        outcome = case.outcome
        out = [f"  <trace>\n    <string key=\"concept:name\" "
               f"value={self.quoteattr(case.name)}/>\n"]
        if outcome:
            out.append(f"    <string key=\"outcome\" value={self.q(outcome)}/>\n")
        out.append("    <boolean key=\"warmup\" value=\""
                   f"{'false' if case.measured else 'true'}\"/>\n")
        steps = []
        for number, (leaf, server, started_w, entered, end, completed) in enumerate(
                case.log or ()):
            axis = axes[leaf]
            if axis is not None:  # taken up by an officer when the officer's hours say
                head = heads[leaf][server]
                start = axis.begin(started_w)
            else:
                head, start = heads[leaf][0], entered
            if end is None:  # still at work when the run ended: no end event
                steps.append((round(start * 3600), _NEVER, number, head, completed))
            else:
                steps.append((round((start if start < end else end) * 3600),
                              round(end * 3600), number, head, completed))
        steps.sort()  # by start, then end, then the order they ended (``EventLog.steps``)
        start_tail, complete, abort = (_XES_TAIL["start"], _XES_TAIL["complete"],
                                       _XES_TAIL["ate_abort"])
        events: list[tuple[int, int, int, str, str]] = []
        for i, (s, e, _, head, completed) in enumerate(steps):
            # At one moment: ends of earlier steps, then starts, then the ends of steps
            # that took no time (after their own start). (moment, rank, step) is unique.
            events.append((s, 1, i, head, start_tail))
            if e != _NEVER:
                events.append((e, 0 if e > s else 2, i, head, complete if completed else abort))
        events.sort()
        for moment, _, _, head, tail in events:
            day, rest = divmod(moment, 86400)
            try:  # ``Moments.text``, written out
                prefix, clock, _, _ = days[day]  # type: ignore[misc]
                stamp = prefix + (clock[rest] or _missing())
            except (KeyError, TypeError):  # see ``Moments``
                stamp = text(moment)
            out.append(head + stamp + tail)
        out.append("  </trace>\n")
        self.stream.write("".join(out))

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
            raise UsageError("--event-log FILE.parquet needs pyarrow (pip install pyarrow)"
                             ) from None
        self.log = log
        self.moments: Moments = log.moments
        self.pa = pa
        zone = zone_of(model.scenario.calendar.kind or model.definition.process.calendar)
        stamp = pa.timestamp("s", tz=str(zone))
        self.schema = pa.schema([
            ("case_id", pa.string()), ("activity", pa.string()), ("resource", pa.string()),
            ("start", stamp), ("end", stamp), ("stage", pa.string()), ("clock", pa.string()),
            ("group", pa.string()), ("outcome", pa.string())])
        self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")
        self.columns: list[list[Any]] = [[] for _ in COLUMNS]

    def write(self, case: Case) -> None:
        (case_ids, activities, resources, starts, ends, stages, clocks, groups,
         outcomes) = self.columns
        epoch = self.moments.epoch
        name, outcome = case.name, case.outcome or None
        for s, e, activity, resource, stage, clock, group, _ in self.log.steps(case):
            case_ids.append(name)
            activities.append(activity)
            resources.append(resource or None)
            starts.append(epoch(s))
            ends.append(None if e is None else epoch(e))
            stages.append(stage)
            clocks.append(clock)
            groups.append(group or None)
            outcomes.append(outcome)
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


WRITERS: dict[str, Callable[[Path, Model, EventLog], Writer]] = {
    ".csv": _CsvWriter, ".xes": _XesWriter, ".parquet": _ParquetWriter}
"""Each format's writer, by the file's suffix (lower case)."""
