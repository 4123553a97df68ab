"""How slow an open case has been so far, where its scenario says a case's steps share a
delay (``case_effect``): the case's factor drawn given the steps the log shows done.

Part of **forecast** (``run``). Under ``case_effect`` each duration of a case is its
distribution's quantile at Φ(√ρ·Z + √(1−ρ)·E), with one Z per case
(``policy_kit.simulate.shared_delay``). A case placed from the log is not a fresh case:
each of its steps done so far reads as a normal score s = Φ⁻¹(F(duration)), which given
Z is normal with mean √ρ·Z and variance 1 − ρ; so Z given them is normal with
precision 1 + nρ/(1 − ρ) and mean √ρ·Σs/(1 − ρ) over that precision, and the case's
later steps are drawn with a Z from it: a case slow so far is forecast slow from here.

*Assumption:* the step under way at the forecast's moment is left to its own condition
(what is left of it, given how long it has run: ``residual``), and its run so far does
not also move the factor. Measured on WABO's monthly backtest, letting it move the
factor made forecasts too late (coverage 0.60 against 0.69 without, 0.67 with no factor
at all): that office's slowness is a long wait for one sitting in which the rest is
done, which one factor per case describes for whole cases (calibrate's ``--report``)
but not for what follows a wait.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from statistics import NormalDist

from ..simulate.distributions import Fixed, UntilDeadline
from ..simulate.scenario import Scenario
from ..simulate.shared_delay import distribution_function
from ..simulate.streams import Draws
from .position import Position

__all__ = ["CaseFactor"]

_UNIT = NormalDist()
_EDGE = 0.001
"""A step's level is read within 0.1 %–99.9 % (a score within ±3.09): a duration beyond
its distribution's range (past a table's longest row, or a step defaulted to 0) says
"slow", not "infinitely slow" — unbounded, one such step drew the case's later steps
centuries long."""

Elapsed = Callable[..., float]
"""``elapsed(since, natural, end)``: hours from ``since`` to ``end``, office hours or,
when ``natural``, clock hours."""


class CaseFactor:
    """The scenario's ``case_effect`` for cases placed from a log."""

    def __init__(self, scenario: Scenario, hours_per_unit: Callable[[str], float]) -> None:
        effect = scenario.case_effect
        assert effect is not None
        self.shared = math.sqrt(effect.correlation)
        self.own = math.sqrt(1.0 - effect.correlation)
        self.steps: dict[str, tuple[Callable[[float], float], float, bool]] = {
            state: (distribution_function(dist), hours_per_unit(state),
                    dist.unit.startswith("natural"))
            for state, dist in scenario.durations.items()
            if not isinstance(dist, (UntilDeadline, Fixed))}  # a fixed step tells nothing

    def draw(self, position: Position, rng: Draws, elapsed: Elapsed) -> float:
        """A draw of the case's Z given its steps done."""
        a, b = self.shared, self.own
        total, count = 0.0, 0
        for state, start, end in position.completed:
            step = self.steps.get(state)
            if step is not None and step[1] > 0:
                level, k, natural = step
                at = level(elapsed(start, natural, end) / k)
                total += _UNIT.inv_cdf(min(max(at, _EDGE), 1.0 - _EDGE))
                count += 1
        precision = 1.0 + count * a * a / (b * b)
        mean = a * total / (b * b) / precision
        return mean + rng.gauss(0.0, 1.0) / math.sqrt(precision)
