"""Where each open case stands: its configuration, as the replay of its events left it.

Part of **forecast**. The replay (``policy_kit.conform``) aligned the case with the
process; stepping ``policy_kit.semantics`` along the moves of that alignment from the
initial configuration gives its active states, the ``done(...)`` history its guards read
and the correction rounds it has used — the same facts the simulator's cases carry.

Each active step is one of three things at the forecast's moment, and the simulation
treats them differently (``run``):

- *under way*: started and not ended, so only what is left of it is drawn (on condition
  that it runs longer than it has so far). In a log of completions only a step's start
  is the moment it was ready (the end of the step that led to it, as ``conform`` times
  it), so every step the case is waiting in is under way since then: the log would show
  it had it ended. Leaving that out drew each such step afresh from the moment of the
  forecast, and a case idle for weeks was forecast to end that day (the WABO backtest's
  misses were almost all late, its cases idle a median 8.7 working days at the cut);
- *done, way unknown*: its step ended but the log does not yet say which way the case
  went on (the next event tells), so the step takes no more time: the way is drawn
  knowing the case is still open and nothing has happened since (``ways``), and in a
  log of completions only, the step the case went on to is under way since that end;
- *waiting for its start*: where the log records starts, a step not begun has been
  queueing for an officer, which the simulation's queue models.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ..conform import AlignedStep, CaseResult
from ..conform.worktime import WorkClock
from ..loader import Definition
from ..semantics import Configuration, Semantics

__all__ = ["Position", "positions"]


@dataclass(frozen=True)
class Position:
    """An open case at the forecast's moment."""

    case: str
    config: Configuration
    in_progress: tuple[tuple[str, datetime | None], ...]
    """States whose step is under way, with when it started (in a log of completions
    only: when it was ready)."""
    first: datetime | None
    deadline: datetime | None
    stopped: float = 0.0
    """Working days the process's limit stood still before the forecast's moment: steps on
    the applicant's or a statutory clock (the limit counts the government clock), as
    ``conform`` counts them when it checks the process limit."""
    done: tuple[tuple[str, datetime], ...] = ()
    """States whose step ended while the way on is not known yet, with when it ended."""
    whole_span: bool = False
    """The log records only completions: the step a done one leads to is under way since
    the done one ended."""
    completed: tuple[tuple[str, datetime, datetime], ...] = ()
    """Each step the log shows done, from its start (or when it was ready) to its end:
    how slow the case has been so far, where a scenario's ``case_effect`` asks. A step
    whose end waited for a ``done(...)`` guard is left out: it was worked at most so
    long (``calibrate`` censors it from above), so its span says how long the guard took,
    not how slow the case was."""


def positions(definition: Definition, cases: tuple[CaseResult, ...],
              deadlines: dict[str, datetime | None],
              days: Callable[[datetime, datetime], float] | None = None,
              moment: datetime | None = None, has_starts: bool = True,
              clock: WorkClock | None = None) -> list[Position]:
    """The open cases of a replay (finished ones have nothing left to forecast).

    ``days(start, end)``: working days between two moments on the office calendar; with
    ``moment`` (the cut), it measures the time each case has spent off the government
    clock. ``has_starts``: the log records when steps started (otherwise a step waited
    in is under way since it was ready). ``clock``: the replay's, to tell the steps whose
    end waited for a guard (without it every step done counts as the case's pace)."""
    from ..calibrate.censored_steps import held_steps

    semantics = Semantics(definition.structure)
    by_key = {move.key: move for move in definition.structure.moves}
    timed = frozenset(p.id for p in definition.structure.places.values()
                      if p.state.kind in ("task", "wait"))
    found = []
    for case in cases:
        if case.finished:
            continue
        stays: dict[str, list[AlignedStep]] = defaultdict(list)
        for step in sorted(case.steps, key=lambda s: s.position):
            stays[step.state].append(step)
        going_on = {s.state for s in case.steps if s.end is None}
        config = semantics.initial()
        entered: dict[str, datetime | None] = dict.fromkeys(config.active, case.start)
        left: Counter[str] = Counter()
        for key in case.moves:
            move = by_key[key]
            # An alignment of an open case may run on past its last event; a step still
            # in progress has not been left, and a move that leaves it did not happen yet.
            if move.source in going_on or move not in semantics.possible(config):
                continue
            after = semantics.fire(config, move)
            moment_of = _moment(move.source, stays, left, entered,
                                set(config.active) - set(after.active))
            left[move.source] += 1
            for leaf in move.entry:
                entered[leaf] = moment_of
            config = after
        if semantics.is_final(config):
            continue
        going, done = _standing(config, stays, left, entered, timed, has_starts)
        stopped = 0.0
        if days is not None:
            for step in case.steps:
                if step.clock == "government" or step.start is None:
                    continue
                end = step.end if step.end is not None else moment
                if end is not None and end > step.start:
                    stopped += days(step.start, end)
        held = (held_steps(semantics, case, [by_key[k] for k in case.moves], clock)
                if clock is not None else frozenset())
        completed = tuple((s.state, s.start, s.end) for s in case.steps
                          if s.start is not None and s.end is not None
                          and s.position not in held)
        found.append(Position(case.case, config, tuple(going), case.start,
                              deadlines.get(case.case), stopped, tuple(done),
                              not has_starts, completed))
    return found


def _moment(source: str, stays: dict[str, list[AlignedStep]], left: Counter[str],
            entered: dict[str, datetime | None], exited: set[str]) -> datetime | None:
    """When a move out of ``source`` happened: the end of the stay it leaves (the k-th
    move out of a state leaves its k-th recorded stay), or, for a state the log does not
    record, when it was entered; a join waits for the latest of the regions it ends."""
    recorded = stays.get(source, [])
    k = left[source]
    own = recorded[k].end if k < len(recorded) else entered.get(source)
    moments = [own] + [entered.get(x) for x in exited if x != source]
    known = [m for m in moments if m is not None]
    return max(known) if known else None


def _standing(config: Configuration, stays: dict[str, list[AlignedStep]],
              left: Counter[str], entered: dict[str, datetime | None],
              timed: frozenset[str], has_starts: bool
              ) -> tuple[list[tuple[str, datetime | None]], list[tuple[str, datetime]]]:
    """The active steps under way (since when) and those done with their way on unknown
    (when they ended); see the module's docstring."""
    going: list[tuple[str, datetime | None]] = []
    done: list[tuple[str, datetime]] = []
    for state in config.active:
        recorded = stays.get(state, [])
        current = recorded[left[state]] if left[state] < len(recorded) else None
        if current is not None and current.end is None:
            going.append((state, current.start))
        elif current is not None and current.end is not None:
            done.append((state, current.end))
        elif not has_starts and state in timed and entered.get(state) is not None:
            going.append((state, entered[state]))
    return going, done
