"""Which process state each activity of a log stands for: the ``--activities`` file, or
names matched to state ids and labels when there is none.

Part of **conform**. A mapping file is YAML::

    activities:                       # log activity → state id (many to one allowed)
      Confirmation of receipt: confirmation
      T02 Check confirmation of receipt: check
    ignore: [Send reminder]           # activities that are no step of the process
    columns:                          # optional: the log's columns, as the flags name them
      deadline: case:deadline
      finished: case:enddate          # a non-empty cell says the case has ended

An activity mapped to no state and not ignored is *unknown*: it is counted, listed, and
costs fitness where it occurs, but never stops the replay.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from ..errors import DefinitionError, Problem
from ..loader import Definition
from ..model.common import Frozen
from ..source import SourceMap, read_yaml
from ..validation import validate

__all__ = ["ActivityFile", "ActivityMap", "LogColumns", "load_activities", "match_names"]


class LogColumns(Frozen):
    """Column names of the log, as ``--case-column`` and the other flags name them."""

    case: str | None = None
    activity: str | None = None
    time: str | None = None
    start: str | None = None
    resource: str | None = None
    outcome: str | None = None
    deadline: str | None = None
    finished: str | None = Field(
        default=None, description="A column whose non-empty cell says the case has ended "
                                  "(an end date, a closing code).")


class ActivityFile(Frozen):
    """The ``--activities`` file."""

    format: Literal[1] = Field(default=1, description=(
        "Version of the activity mapping format (docs/format.md); without it, format 1."))
    activities: dict[str, str] = Field(description="Log activity → state id.")
    ignore: tuple[str, ...] = Field(default=(), description="Activities that are no step.")
    columns: LogColumns = LogColumns()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActivityMap:
    """Log activity → state id, the activities to leave out, and where it came from."""

    states: Mapping[str, str]
    ignore: frozenset[str]
    columns: LogColumns
    explicit: bool
    """True for a mapping file: then only the states it names are recorded in the log."""

    def state(self, activity: str) -> str | None:
        return self.states.get(activity)

    def observed(self) -> frozenset[str]:
        return frozenset(self.states.values())


def load_activities(path: Path, definition: Definition) -> ActivityMap:
    """Read and check a mapping file: every state it names must exist in the process."""
    data, source = read_yaml(path)
    parsed = validate(ActivityFile, data, source, kind="activities")
    places = definition.structure.places
    problems = [_unknown(source, activity, state, definition.id, places)
                for activity, state in parsed.activities.items() if state not in places]
    if problems:
        raise DefinitionError(problems)
    return ActivityMap(dict(parsed.activities), frozenset(parsed.ignore), parsed.columns,
                       True)


def _unknown(source: SourceMap, activity: str, state: str, process: str,
             places: Mapping[str, object]) -> Problem:
    """An activity mapped to no state of the process, with the closest state id."""
    import difflib
    close = difflib.get_close_matches(state, list(places), n=1)
    return Problem(source.locate(("activities", activity)),
                   f"`{activity}` maps to `{state}`, which is no state of `{process}`",
                   f"did you mean `{close[0]}`?" if close else
                   "map it to a state id of the process",
                   message_zh=f"`{activity}` 对应到 `{state}`，但 `{process}` 没有这个状态",
                   hint_zh=f"是不是 `{close[0]}`？" if close else "请对应到流程中某个状态的 `id`")


def match_names(activities: set[str], definition: Definition) -> ActivityMap:
    """Without a file: an activity whose name is a state's id or its zh/en label maps to
    that state (case and surrounding spaces ignored)."""
    names: dict[str, str] = {}
    for state_id, place in definition.structure.places.items():
        names.setdefault(state_id.strip().lower(), state_id)
        label = place.state.name
        for text in (label.zh, label.en) if label is not None else ():
            if text:
                names.setdefault(text.strip().lower(), state_id)
    found = {a: names[a.strip().lower()] for a in activities if a.strip().lower() in names}
    return ActivityMap(found, frozenset(), LogColumns(), False)
