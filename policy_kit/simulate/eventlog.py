"""Event logs of simulated cases, for process-mining tools: CSV or XES, streamed to disk.

Part of **simulate** → output. Each case's activities are written as one trace when the
case ends (or when the run does), so memory holds only the cases in flight, however many
cases are simulated. The file is written beside its destination and renamed into place
when complete: a failed run leaves no half file. Times are China Standard Time (+08:00).

- CSV: UTF-8 without BOM; ``case_id, activity, resource, start, end, stage, clock``.
- XES 1.0 with the standard concept, time, org and lifecycle extensions, so pm4py,
  Disco and ProM read it without renaming: a ``start`` and a ``complete`` event per
  activity (``ate_abort`` when another region's decision cut the work short).
"""

from __future__ import annotations

import csv
import os
import tempfile
from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING
from xml.sax.saxutils import quoteattr

from ..errors import UsageError
from .build import QUEUED, Model

if TYPE_CHECKING:
    from .cases import Case

__all__ = ["CST", "EventLog", "open_event_log"]

CST = timezone(timedelta(hours=8), "CST")

Row = tuple[str, str, str, str, str, str, str, bool]

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


class EventLog:
    """An event log being written; use as a context manager, ``write`` each ended case."""

    def __init__(self, path: Path, model: Model) -> None:
        self.path = path
        self.model = model
        self.xes = path.suffix.lower() == ".xes"
        folder = path.resolve().parent
        try:  # a missing folder is made, as for render's -o
            folder.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
        except OSError as error:
            raise UsageError(f"--event-log {path}: cannot write there ({error.strerror})"
                             ) from None
        self.temporary = Path(name)
        self.stream: IO[str] = os.fdopen(handle, "w", encoding="utf-8", newline="")
        self.origin = datetime.combine(model.scenario.start, time(0), CST)
        names = [model.definition.structure.places[n] for n in model.process.names]
        self.stage_names = [p.stage.id if p.stage else "" for p in names]
        if self.xes:
            self.stream.write(_XES_HEAD)
            name = quoteattr(model.definition.id)
            self.stream.write(f'  <string key="concept:name" value={name}/>\n')
        else:
            self.csv = csv.writer(self.stream, lineterminator="\n")
            self.csv.writerow(("case_id", "activity", "resource", "start", "end", "stage",
                               "clock"))

    def __enter__(self) -> EventLog:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is None:
            if self.xes:
                self.stream.write("</log>\n")
            self.stream.close()
            os.replace(self.temporary, self.path)
        else:
            self.stream.close()
            self.temporary.unlink(missing_ok=True)

    def moment(self, hours: float) -> str:
        return (self.origin + timedelta(seconds=round(hours * 3600))).isoformat()

    def rows(self, case: Case) -> list[Row]:
        model = self.model
        names = model.process.names
        result = []
        for act, end, completed in case.log or ():
            leaf = act.leaf
            if model.kind[leaf] == QUEUED:
                department = model.departments[model.department[leaf]]
                resource = f"{department.id}#{act.server + 1}"
                start = department.axis.begin(act.started_w)
            else:
                resource = model.actor[leaf]
                start = act.entered
            result.append((case.name, names[leaf], resource, self.moment(min(start, end)),
                           self.moment(end), self.stage_names[leaf], model.clock[leaf],
                           completed))
        return result

    def write(self, case: Case) -> None:
        rows = self.rows(case)
        if not self.xes:
            self.csv.writerows(row[:7] for row in rows)
            return
        out = [f"  <trace>\n    <string key=\"concept:name\" value={quoteattr(case.name)}/>\n"
               f"    <string key=\"outcome\" value={quoteattr(case.outcome or 'unfinished')}/>\n"
               f"    <boolean key=\"warmup\" value=\"{str(not case.measured).lower()}\"/>\n"]
        for _, activity, resource, start, end, stage, clock, completed in rows:
            common = (f"      <string key=\"concept:name\" value={quoteattr(activity)}/>\n"
                      f"      <string key=\"org:resource\" value={quoteattr(resource)}/>\n"
                      f"      <string key=\"stage\" value={quoteattr(stage)}/>\n"
                      f"      <string key=\"clock\" value={quoteattr(clock)}/>\n")
            for moment, lifecycle in ((start, "start"),
                                      (end, "complete" if completed else "ate_abort")):
                out.append(f"    <event>\n{common}"
                           f"      <date key=\"time:timestamp\" value=\"{moment}\"/>\n"
                           f"      <string key=\"lifecycle:transition\" value=\"{lifecycle}\"/>\n"
                           "    </event>\n")
        out.append("  </trace>\n")
        self.stream.write("".join(out))


def open_event_log(path: Path, model: Model) -> EventLog:
    """Start writing an event log; the suffix (``.csv`` or ``.xes``) picks the format."""
    if path.suffix.lower() not in (".csv", ".xes"):
        raise UsageError(f"--event-log {path}: name a .csv or .xes file")
    return EventLog(path, model)
