"""Counting what happens in one replication, as it happens, in flat memory.

Part of **simulate**: the engine counts arrivals, moves, waits, stays and endings here
(the commonest counters it bumps directly); only counters, sums and streamed summaries
of the cycle times (``policy_kit.simulate.sketch``: moments and a quantile sketch, overall
and per outcome) are kept, never the cases, so memory stays flat however many finish.
Warm-up cases are not counted. Department figures are integrated over office time
between the first measured arrival and the end of the run. ``policy_kit.simulate.results``
turns the tallies of the replications into figures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from itertools import compress
from typing import TYPE_CHECKING, Any, Protocol

from .build import Model
from .compiled import CompiledMove
from .sketch import Summary
from .timeaxis import day_of, rule_of

if TYPE_CHECKING:
    from .cases import Case
    from .engine import _Run

__all__ = ["CaseWriter", "Tally"]


class CaseWriter(Protocol):
    """Where finished cases' activities go (the event log)."""

    def write(self, case: Case) -> None: ...


class Tally:
    """The counters of one replication."""

    def __init__(self, model: Model, writer: CaseWriter | None = None,
                 summary: Callable[[], Summary] = Summary) -> None:
        """``summary`` makes the streamed summaries (a test passes one that also keeps
        every value, to compare with the exact figures)."""
        self.model = model
        self.writer = writer
        n, m = len(model.process.names), len(model.process.moves)
        self.cases = 0
        self.outcomes: Counter[str] = Counter()
        self.unfinished: Counter[str] = Counter()
        self.certificates: Counter[str] = Counter()
        self.reached = [0] * n
        self.moves = [0] * m
        self.visits = [0] * n
        self.hours = [0.0] * n
        self.limited = [0] * n
        self.breached = [0] * n
        self.waits = [0] * n
        self.wait_hours = [0.0] * n
        stages = len(model.stage_ids)
        self.stage_limited = [0] * stages
        self.stage_breached = [0] * stages
        self.process_limited = 0
        self.process_breached = 0
        self.summary = summary
        self.government = summary()
        """Finished cases' working days on the government clock."""
        self.elapsed = summary()
        """Finished cases' working days from arrival to the end."""
        self.by_outcome: dict[str, tuple[Summary, Summary]] = {}
        """The same two, per outcome reached."""
        self.day_length = model.axis.length
        limit = model.definition.process.limit
        self.process_rule = rule_of(limit) if limit is not None else None
        """The process limit as ``DayTable.last_day`` takes it (worked out once, not per case)."""
        self.stage_rules = [rule_of(limit) if limit is not None else None
                            for limit in model.stage_limit]
        k = len(model.departments)
        self.busy_area = [0.0] * k
        self.wait_area = [0.0] * k
        self.window = [(0.0, 0.0)] * k
        self.end = 0.0
        """The moment the replication ended (its last event, or the horizon)."""
        self.estimated_years: frozenset[int] = frozenset()
        """The calendar's estimated years when it ended (in the process that ran it)."""

    # -- departments -------------------------------------------------------------------

    def open_window(self, run: _Run, t: float) -> None:
        """Start measuring the departments at ``t`` (the first measured arrival)."""
        for d, dept in enumerate(run.depts):
            since = dept.open(t)
            self.window[d] = (since, since)

    def close_window(self, run: _Run, t: float) -> None:
        """Stop measuring at ``t`` (the end of the run): services and waits still going
        count up to it."""
        self.end = t
        going = [a for case in run.open.values() for a in case.acts.values() if a.dept >= 0]
        for d, dept in enumerate(run.depts):
            w = dept.close(t, (a for a in going if a.dept == d))
            self.busy_area[d] = dept.busy_area
            self.wait_area[d] = dept.wait_area
            start = self.window[d][0]
            self.window[d] = (start, max(w, start))

    # -- cases -------------------------------------------------------------------------

    def arrived(self, case: Case) -> None:
        self.cases += 1

    def ended_case(self, case: Case) -> None:
        """Count the states a measured case reached, once it is over (finished, abandoned,
        or still open at the end): those its stepper entered at least once."""
        reached = self.reached
        visits = case.state.visits
        for i in compress(range(len(visits)), visits):
            reached[i] += 1

    def moved(self, case: Case, move: CompiledMove) -> None:
        """Count the certificates a move issues (the engine counts the move itself)."""
        for certificate in move.issues:
            self.certificates[certificate] += 1
            case.certificates += 1

    def limit_kept(self, leaf: int, deadline: int, t: float) -> None:
        """Count a completed stay in state ``leaf``, which has a limit whose last day is
        ``deadline``, and whether its work, done at ``t``, ran past it."""
        self.limited[leaf] += 1
        if day_of(t) > deadline:
            self.breached[leaf] += 1

    def stage_done(self, case: Case, t: float) -> None:
        rule = self.stage_rules[case.stage]
        if rule is None:
            return
        self.stage_limited[case.stage] += 1
        if self._over(rule, case.stage_entered, t, case.stage_gov, case):
            self.stage_breached[case.stage] += 1

    def finished(self, case: Case, t: float, w: float) -> None:
        """Count a case that ended at ``t`` (office time ``w`` on the calendar's hours)."""
        outcome = case.outcome
        assert outcome is not None
        self.outcomes[outcome] += 1
        pair = self.by_outcome.get(outcome)
        if pair is None:
            pair = self.by_outcome[outcome] = (self.summary(), self.summary())
        length = self.day_length
        government = case.government(w) / length
        elapsed = (w - case.arrived_w) / length
        self.government.add(government)
        self.elapsed.add(elapsed)
        pair[0].add(government)
        pair[1].add(elapsed)
        rule = self.process_rule
        if rule is not None:
            self.process_limited += 1
            if self._over(rule, case.arrived, t, 0.0, case):
                self.process_breached += 1

    def _over(self, rule: tuple[int, int], entered: float, t: float, gov_at_entry: float,
              case: Case) -> bool:
        """Whether the government clock ran past a limit (as ``rule_of`` gives it) between
        ``entered`` and ``t``.

        The allowance is the office time from entry to the close of the deadline day (the
        day of receipt not counted); time on other clocks does not use it up.
        """
        axis = self.model.axis
        deadline = self.model.days.last_day(day_of(entered), *rule)
        allowance = axis.to_w(axis.close_of(deadline)) - axis.to_w(entered)
        used = case.government(axis.to_w(t)) - gov_at_entry
        return used > allowance + 1e-9

    def write(self, case: Case) -> None:
        if self.writer is not None and case.log is not None:
            self.writer.write(case)

    # -- crossing to another process ---------------------------------------------------

    def __getstate__(self) -> dict[str, Any]:
        """What a worker sends back: the counts, without the model or the log (the
        receiver has the model: ``attach``)."""
        state = dict(self.__dict__)
        state["model"] = state["writer"] = None
        return state

    def attach(self, model: Model) -> Tally:
        """Give a tally received from a worker its model again."""
        self.model = model
        return self
