"""Where each open case stands: its configuration, as the replay of its events left it.

Part of **forecast**. The replay (``policy_kit.conform``) aligned the case with the
process; stepping ``policy_kit.semantics`` along the moves of that alignment from the
initial configuration gives its active states, the ``done(...)`` history its guards read
and the correction rounds it has used — the same facts the simulator's cases carry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ..conform import CaseResult
from ..loader import Definition
from ..semantics import Configuration, Semantics

__all__ = ["Position", "positions"]


@dataclass(frozen=True)
class Position:
    """An open case at the forecast's moment."""

    case: str
    config: Configuration
    in_progress: tuple[tuple[str, datetime | None], ...]
    """States whose step had started but not ended, with when it started."""
    first: datetime | None
    deadline: datetime | None
    stopped: float = 0.0
    """Working days the process's limit stood still before the forecast's moment: steps on
    the applicant's or a statutory clock (the limit counts the government clock), as
    ``conform`` counts them when it checks the process limit."""


def positions(definition: Definition, cases: tuple[CaseResult, ...],
              deadlines: dict[str, datetime | None],
              days: Callable[[datetime, datetime], float] | None = None,
              moment: datetime | None = None) -> list[Position]:
    """The open cases of a replay (finished ones have nothing left to forecast).

    ``days(start, end)``: working days between two moments on the office calendar; with
    ``moment`` (the cut), it measures the time each case has spent off the government
    clock."""
    semantics = Semantics(definition.structure)
    by_key = {move.key: move for move in definition.structure.moves}
    found = []
    for case in cases:
        if case.finished:
            continue
        going_on = {s.state for s in case.steps if s.end is None}
        config = semantics.initial()
        for key in case.moves:
            move = by_key[key]
            # An alignment of an open case may run on past its last event; a step still
            # in progress has not been left, and a move that leaves it did not happen yet.
            if move.source not in going_on and move in semantics.possible(config):
                config = semantics.fire(config, move)
        if semantics.is_final(config):
            continue
        going = tuple((s.state, s.start) for s in case.steps
                      if s.end is None and s.state in config.active)
        stopped = 0.0
        if days is not None:
            for step in case.steps:
                if step.clock == "government" or step.start is None:
                    continue
                end = step.end if step.end is not None else moment
                if end is not None and end > step.start:
                    stopped += days(step.start, end)
        found.append(Position(case.case, config, going, case.start,
                              deadlines.get(case.case), stopped))
    return found
