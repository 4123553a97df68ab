"""What a case log holds once read: cases of time-ordered steps, whatever file it came from.

Part of **load**, beside the definition loader: the readers (``table`` for CSV and XLSX,
``xes`` for XES) all produce these records, so the replay never knows the file format.
Plain dataclasses rather than pydantic models, and a step a named tuple: a million steps
are built here (the quick CSV reader makes them from columns without a Python call per
step), and validation happens once, in the reader, where the row and column of a bad
cell are known.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from ..model.common import Text

__all__ = ["Columns", "Log", "Step", "Trace"]


class Step(NamedTuple):
    """One step of a case as the log records it.

    ``start`` is None in a complete-only log; ``end`` is None for a step still in
    progress (a start without its end). ``row`` is where the step stood in the file
    (1-based line of a table, or the event's number in XES), for messages.
    """

    activity: str
    start: datetime | None
    end: datetime | None
    resource: str | None
    row: int

    @property
    def moment(self) -> datetime:
        """The time the step is ordered by: its start when known, else its end."""
        moment = self.start if self.start is not None else self.end
        assert moment is not None  # the readers drop a step with neither
        return moment


@dataclass(frozen=True, slots=True)
class Trace:
    """One case: its steps in time order and what the log says about the case as a whole.

    ``reordered`` counts the steps that stood out of time order in the file (they are
    sorted here, and counted in the report). ``outcome`` is how the log says the case
    ended (an outcome column or XES trace attribute), or None when it does not say.
    """

    case: str
    steps: tuple[Step, ...]
    outcome: str | None = None
    deadline: datetime | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)
    reordered: int = 0


@dataclass(frozen=True)
class Columns:
    """Which column (or XES attribute) holds what; None where the log has none."""

    case: str
    activity: str
    end: str | None
    start: str | None = None
    resource: str | None = None
    lifecycle: str | None = None
    outcome: str | None = None
    deadline: str | None = None


@dataclass(frozen=True)
class Log:
    """A whole log: its cases in the order they first appear, and what reading it noticed.

    ``warnings`` are counted oddities that did not stop the reading (duplicate events,
    steps out of order, rows without a case id), each said once with its count.
    """

    path: str
    format: str
    traces: tuple[Trace, ...]
    columns: Columns
    events: int
    warnings: tuple[Text, ...] = ()
    headers: tuple[str, ...] = ()
