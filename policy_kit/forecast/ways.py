"""Which way a case went on from a step the log shows done, given that it is still open.

Part of **forecast** (``run``). A step that ended before the forecast's moment, with
the case's next event not in the log yet, is *done, way unknown* (``position``). Its
ways out are not equally likely any more: at the cut the office knows two things the
scenario's shares do not.

- *The case has not ended.* A way that would have ended it then and there (it leads,
  through decisions and joins that take no time, to the end of the case) cannot be the
  one taken: the case would have been closed at that moment, before the cut. Drawn by
  its share, it said "finishes today" for a case whose next step came months later.
- *Nothing has happened since.* In a log of completions only, the step a way leads to
  is under way since the done one ended (``position``), and it has not ended by the
  cut, or the log would show it. The chance of that is the survival of that step's
  duration at the time elapsed (for several steps begun together: that none has ended,
  each independently). A way whose next step is nearly always done in the same sitting
  is unlikely after a week of silence; one that asks for advice is likely.

So the way is drawn from its share times the chance of what the log shows (Bayes'
rule), per replication, and the case is placed *after* it: the steps the way enters
are under way since the done step ended (completions only) or waiting for an officer
(a log with starts: a step begun before the cut would be in the log), and the done step
itself neither takes time nor queues for an officer again. Where no way is open yet (it
waits for a ``done(...)`` guard) or every way has no chance, the step is left to the
engine as before.

*Assumptions:* in a log with starts, a way's next steps are not weighed by how long
they queued (that depends on the queue, which the simulation models afterwards); the
shared delay of a case (``case_effect``) does not enter the survival; decisions on the
way are drawn by their shares, and weighed with the steps they lead to.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from ..expr import Value
from ..loader import Definition
from ..semantics import Configuration, Semantics, default_way
from ..simulate.distributions import Distribution, Empirical
from ..simulate.scenario import Scenario
from ..simulate.shared_delay import distribution_function
from ..simulate.streams import Draws
from ..structure import Move
from .position import Position
from .residual import top_tenth

__all__ = ["WaysOn", "survival_function"]

_DEPTH = 8
"""Decisions and joins followed from one way before its steps are weighed."""

Elapsed = Callable[..., float]
"""``elapsed(since, natural)``: hours from ``since`` to the forecast's moment."""


def survival_function(dist: Distribution) -> Callable[[float], float]:
    """P(T > x) for a duration of ``dist`` (in its own unit). A table counts its rows
    equal to ``x`` as not longer: a step the table says is often done at once (rows of
    0) has not survived 0."""
    if isinstance(dist, Empirical):
        table = dist.body()
        n = len(table)
        tail = dist.tail
        below = 1.0 if tail is None else 1.0 - tail.share
        longest = table[-1]
        top = top_tenth(table)
        excess = sum(v - top[0] for v in top) / len(top)

        def survival(x: float) -> float:
            if tail is not None and x > tail.above:
                return tail.share * tail.survival(x - tail.above)
            if tail is None and x >= longest:
                # past every row: the excess of the top tenth without memory, as the
                # residual draws it (``residual``)
                last = 1.0 / n
                return last * math.exp(-(x - longest) / excess) if excess > 0 else 0.0
            return 1.0 - below * bisect.bisect_right(table, x) / n

        return survival
    level = distribution_function(dist)
    return lambda x: min(max(1.0 - level(x), 0.0), 1.0)


class WaysOn:
    """Draws the way on from each done step of a placed case (see the module)."""

    def __init__(self, definition: Definition, scenario: Scenario,
                 hours_per_unit: Callable[[str], float], elapsed: Elapsed) -> None:
        self.semantics = Semantics(definition.structure)
        self.places = definition.structure.places
        self.shares: Mapping[str, Mapping[str, float]] = {
            name: dict(branch.probabilities) for name, branch in scenario.branches.items()}
        self.elapsed = elapsed
        self.survivals: dict[str, tuple[Callable[[float], float], float, bool]] = {}
        for state, dist in scenario.durations.items():
            if dist.dist == "until_deadline":
                continue
            k = hours_per_unit(state)
            if k > 0:
                self.survivals[state] = (survival_function(dist), k,
                                         dist.unit.startswith("natural"))

    def place(self, position: Position, values: Mapping[str, Value], rng: Draws
              ) -> Position:
        """``position`` with each done step's way on drawn and taken."""
        if not position.done:
            return position
        config = position.config
        under_way = list(position.in_progress)
        left: list[tuple[str, datetime]] = []
        for state, moment in position.done:
            taken = self._draw(config, state, moment, values, rng, position.whole_span)
            if taken is None:
                left.append((state, moment))
                continue
            before = set(config.active)
            config = taken
            begun = [s for s in config.active if s not in before and self._timed(s)]
            if position.whole_span:
                under_way.extend((s, moment) for s in begun)
        return replace(position, config=config, in_progress=tuple(under_way),
                       done=tuple(left))

    def _timed(self, state: str) -> bool:
        return self.places[state].state.kind in ("task", "wait")

    def _draw(self, config: Configuration, state: str, moment: datetime,
              values: Mapping[str, Value], rng: Draws, whole_span: bool
              ) -> Configuration | None:
        outcomes = self._ways(config, state, values, 0)
        if not outcomes:
            return None
        before = set(config.active)
        # it would have ended then: it is known open
        shares = [0.0 if self.semantics.is_final(after) else chance
                  for chance, after in outcomes]
        weights = shares
        if whole_span:
            weights = [chance * self._quiet(after, before, moment)
                       for chance, (_, after) in zip(shares, outcomes, strict=True)]
            if not sum(weights) > 0.0:  # each way's steps are past what they can last
                weights = shares
        total = sum(weights)
        if not total > 0.0 or not math.isfinite(total):
            return None
        u = rng.random() * total
        for weight, (_, after) in zip(weights, outcomes, strict=True):
            u -= weight
            if u < 0.0:
                return after
        return outcomes[-1][1]

    def _quiet(self, after: Configuration, before: set[str], moment: datetime) -> float:
        """The chance that no step ``after`` begins (its ``before`` did not hold it) has
        ended between ``moment`` and the forecast's: each survives the time elapsed."""
        chance = 1.0
        for s in after.active:
            if s not in before and s in self.survivals:
                survival, k, natural = self.survivals[s]
                chance *= survival(self.elapsed(moment, natural) / k)
        return chance

    def _ways(self, config: Configuration, state: str, values: Mapping[str, Value],
              depth: int) -> list[tuple[float, Configuration]]:
        """Each way out of ``state`` open now, with its chance, and where it leads once
        the decisions and joins it reaches (which take no time) are passed."""
        moves = [m for m in self._enabled(config, values) if m.source == state]
        result: list[tuple[float, Configuration]] = []
        for move, chance in self._chances(state, moves):
            after = self.semantics.fire(config, move)
            result.extend((chance * c, a) for c, a in self._onward(after, values, depth))
        return result

    def _onward(self, config: Configuration, values: Mapping[str, Value], depth: int
                ) -> list[tuple[float, Configuration]]:
        """``config`` once its decisions are drawn and its joins fired."""
        if depth >= _DEPTH:
            return [(1.0, config)]
        enabled = self._enabled(config, values)
        joins = [m for m in enabled if m.join]
        if joins:
            after = self.semantics.fire(config, joins[0])
            return self._onward(after, values, depth + 1)
        for s in config.active:
            if self.places[s].state.kind == "decision":
                ways = self._ways(config, s, values, depth + 1)
                if ways:
                    return ways
        return [(1.0, config)]

    def _enabled(self, config: Configuration, values: Mapping[str, Value]) -> list[Move]:
        from ..errors import ExpressionError

        try:
            return self.semantics.enabled(config, values)
        except ExpressionError:
            return []

    def _chances(self, state: str, moves: Sequence[Move]) -> list[tuple[Move, float]]:
        """The scenario's share of each way (by trigger), or the default way alone."""
        if not moves:
            return []
        shares = self.shares.get(state)
        if shares and len(moves) > 1:
            chances = [(m, shares.get(m.trigger, 0.0)) for m in moves]
            if sum(c for _, c in chances) > 0.0:
                return chances
        return [(default_way(moves, lambda m: m.default), 1.0)]
