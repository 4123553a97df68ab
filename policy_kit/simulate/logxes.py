"""The XES event log: XES 1.0 with the standard concept, time, org and lifecycle
extensions, so pm4py, Disco and ProM read it without renaming.

Part of **simulate** → output, one of ``policy_kit.simulate.logformats``' writers. Each
step is a ``start`` and a ``complete`` event (``ate_abort`` ends a step another region's
decision cut short). A name is escaped as an XML attribute once, and only when it holds a
character that needs it.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING

import numpy as np

from .build import Model
from .logsteps import Steps, order_by
from .logwriter import BUFFER, by_officer, write_rows

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from .eventlog import EventLog

__all__ = ["XesWriter"]

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


class XesWriter:
    """A trace per case, its events made from parts made once: per state and officer the
    text before the timestamp, per lifecycle the text after it, as UTF-8, each event's
    moment as ``Moments.stamps`` gives it (ASCII bytes)."""

    def __init__(self, path: Path, model: Model, log: EventLog) -> None:
        # only for this format: xml.sax imports urllib, 0.1 s of a CSV log's start-up
        from xml.sax.saxutils import quoteattr

        self.quoteattr = quoteattr
        self.moments = log.moments
        self.stream: IO[bytes] = path.open("wb", buffering=BUFFER)
        self.stream.write(_XES_HEAD.encode())
        self.stream.write(f'  <string key="concept:name" value={quoteattr(model.definition.id)}'
                          "/>\n".encode())
        self.quoted: dict[str, str] = {}
        texts = by_officer(log, model, self.head)
        self.heads = _encoded(texts)
        """Per state and officer, an event's text up to its timestamp (UTF-8)."""
        tails = [_XES_TAIL["ate_abort"], _XES_TAIL["complete"], _XES_TAIL["start"]]
        heads = texts.ravel().tolist()
        self.leads = _encoded(np.array([[tail + head if head is not None else None
                                         for head in heads] + [tail] for tail in tails],
                                       dtype=object))
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
        openings = [self.trace(name, outcome, measured).encode() for name, outcome, measured
                    in zip(cases.names, cases.outcomes, cases.measured, strict=True)]
        if events.all():  # every trace has events: its opening goes before its first
            firsts = np.cumsum(events) - events
            firsts_lead = np.array(openings, dtype=object) + heads[head[firsts]]
            # from the second trace on, the previous one's last event and closing first
            firsts_lead[1:] = tails[lifecycle[firsts[1:] - 1]] + _CLOSE + firsts_lead[1:]
            lead[firsts] = firsts_lead
            pending = tails[lifecycle[-1]] + _CLOSE if len(step) else b""
        else:
            pending = self.around(lead, lifecycle, head, openings, events.tolist())
        write_rows(self.stream, lead, self.moments.stamps(moment[order]))
        self.stream.write(pending)

    def around(self, lead: NDArray[np.object_], lifecycle: NDArray[np.int64],
               head: NDArray[np.int64], openings: list[bytes], events: list[int]) -> bytes:
        """Put each trace's opening (and the previous one's closing) before its first
        event, a trace without events whole before the next one's; return what follows
        the last event."""
        tails = self.leads[:, -1]
        heads = self.heads.ravel()
        pending = b""
        first = 0
        for trace, count in zip(openings, events, strict=True):
            if count:
                if first:
                    pending = tails[lifecycle[first - 1]] + _CLOSE + pending
                lead[first] = pending + trace + heads[head[first]]
                pending = b""
                first += count
            else:
                pending += trace + _CLOSE
        if first:
            pending = tails[lifecycle[first - 1]] + _CLOSE + pending
        return pending

    def close(self, complete: bool) -> None:
        if complete:
            self.stream.write(b"</log>\n")
        self.stream.close()


_CLOSE = b"  </trace>\n"


def _encoded(texts: NDArray[np.object_]) -> NDArray[np.object_]:
    """A table of texts as UTF-8 (``None`` where a table has no text)."""
    return np.array([[text.encode() if text is not None else None for text in row]
                     for row in texts.tolist()], dtype=object)
