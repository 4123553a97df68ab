"""What is left of a step that has already run so long: its duration drawn on condition.

Part of **forecast** (``run``). A step under way at the forecast's moment has run ``ran``
hours; what is left of it is a draw of its duration on condition that it is longer,
less ``ran``. Drawing again until a draw is longer works while that is likely; for the
long tail a case idle for weeks sits in, it is not (a step of minutes with a tail of
days: one draw in a hundred is longer than a week), and giving up there said "due
now" for exactly the cases most likely to be late. So after a few draws the
distribution's own tail is used: the inverse of its survival function over the part
beyond ``ran`` (``scipy.stats``), or, for an empirical table, its values beyond ``ran``;
a table with a generalized Pareto ``tail`` (``policy_kit.simulate.tails``) gives a step
that has run past the tail's threshold the tail's own excess beyond the time run, which
grows with it where the tail is heavy (a case that has waited longer waits longer).

*Assumption:* a step that has run longer than every value of an empirical table without
a ``tail`` (the data never saw one so long) is given what the table's top tenth runs
beyond its own start: the excess of its longest tenth, as a tail without memory would.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from ..simulate.distributions import (
    Distribution,
    Empirical,
    Exponential,
    Fixed,
    Gamma,
    LogNormal,
    Normal,
    Sampler,
    Tail,
    Triangular,
    Uniform,
    sampler,
)
from ..simulate.streams import Draws

__all__ = ["Residual", "residual_sampler", "top_tenth"]

Residual = Callable[[Draws, float], float]
"""``draw(rng, ran)``: hours left of a step that has run ``ran`` hours."""

_QUICK_TRIES = 20
"""Plain draws tried before the tail is drawn from directly."""


def residual_sampler(dist: Distribution, hours_per_unit: float) -> Residual:
    """Draws of what is left of a ``dist`` step (in hours, a unit being
    ``hours_per_unit`` of them) that has run so many hours."""
    k = hours_per_unit
    if isinstance(dist, Fixed):
        value = dist.value * k
        return lambda rng, ran: max(0.0, value - ran)
    if isinstance(dist, Empirical):
        if dist.tail is not None:
            return _tailed(dist, dist.tail, k)
        return _Table(tuple(sorted(s * k for s in dist.samples))).left
    return _tail(sampler(dist, k), dist, k)


def top_tenth(values: Sequence[float]) -> Sequence[float]:
    """The longest tenth of sorted ``values``: what a step past every row runs beyond,
    read both by the residual draw and by ``ways``' survival."""
    return values[int(0.9 * (len(values) - 1)):]


class _Table:
    """A table read as a quantile function (its sorted values at equally spaced levels,
    straight lines between): a step that has outrun most of a 101-row table would
    otherwise have two or three values left to draw from, and its range would be far
    too sure of itself."""

    def __init__(self, values: tuple[float, ...]) -> None:
        self.values = values
        top = top_tenth(values)
        self.excess = tuple(v - top[0] for v in top if v > top[0]) or (0.0,)

    def quantile(self, level: float) -> float:
        values = self.values
        at = level * (len(values) - 1)
        i = min(int(at), len(values) - 2)
        return values[i] + (at - i) * (values[i + 1] - values[i])

    def reached(self, ran: float) -> float:
        """The level ``ran`` reaches on the lines between the values (1 past the last)."""
        import bisect

        values = self.values
        if len(values) == 1 or ran >= values[-1]:
            return 1.0
        i = bisect.bisect_right(values, ran) - 1
        if i < 0:
            return 0.0
        span = values[i + 1] - values[i]
        return (i + ((ran - values[i]) / span if span > 0 else 1.0)) / (len(values) - 1)

    def left(self, rng: Draws, ran: float) -> float:
        reached = self.reached(ran)
        if reached >= 1.0:
            if len(self.values) == 1:
                return 0.0
            return self.excess[int(rng.random() * len(self.excess))]
        level = reached + rng.random() * (1.0 - reached)
        return max(0.0, self.quantile(level) - ran)


def _tailed(dist: Empirical, tail: Tail, k: float) -> Residual:
    """What is left of a step whose table has a generalized Pareto tail (``tails``):
    beyond the tail's ``above``, the tail's own excess beyond the time run (its scale
    grown by ξ times the time run past ``above``); below it, the tail or what is left
    of the body, in proportion to the chance of each given the time run."""
    body = _Table(tuple(v * k for v in dist.body()))
    above = tail.above * k
    share = tail.share

    def draw(rng: Draws, ran: float) -> float:
        if ran >= above:
            return tail.excess(rng.random(), (ran - above) / k) * k
        in_body = (1.0 - share) * (1.0 - body.reached(ran))
        if rng.random() * (share + in_body) < share:
            return above + tail.excess(rng.random()) * k - ran
        return body.left(rng, ran)

    return draw


def _tail(plain: Sampler, dist: Distribution, k: float) -> Residual:
    tail: list[Any] = []  # the scipy distribution and its bounds, made when first needed

    def draw(rng: Draws, ran: float) -> float:
        for _ in range(_QUICK_TRIES):
            value = plain(rng)
            if value > ran:
                return value - ran
        if not tail:
            tail.extend(_scipy(dist))
        frozen, low, high = tail
        if ran >= high * k:
            return 0.0  # it has run longer than the distribution allows: due now
        lower = float(frozen.sf(high)) if math.isfinite(high) else 0.0
        upper = float(frozen.sf(max(low, ran / k)))
        if upper <= lower:
            return 0.0
        value = float(frozen.isf(lower + rng.random() * (upper - lower))) * k
        return max(0.0, value - ran)

    return draw


def _scipy(dist: Distribution) -> tuple[Any, float, float]:
    """The scipy distribution ``dist`` draws from (in its own unit), and its bounds."""
    from scipy import stats

    if isinstance(dist, Uniform):
        return stats.uniform(loc=dist.low, scale=dist.high - dist.low), dist.low, dist.high
    if isinstance(dist, Triangular):
        a, m, b = dist.low, dist.mode, dist.high
        return stats.triang((m - a) / (b - a), loc=a, scale=b - a), a, b
    if not isinstance(dist, (Normal, Exponential, LogNormal, Gamma)):
        raise ValueError(f"{dist.dist} has no scipy counterpart here")
    low = dist.low
    high = math.inf if dist.high is None else dist.high
    if isinstance(dist, Normal):
        return stats.norm(loc=dist.mean, scale=dist.sd), low, high
    if isinstance(dist, Exponential):
        return stats.expon(loc=low, scale=dist.mean - low), low, high
    if isinstance(dist, LogNormal):
        sigma2 = math.log(1 + (dist.sd / dist.mean) ** 2)
        return stats.lognorm(math.sqrt(sigma2),
                             scale=math.exp(math.log(dist.mean) - sigma2 / 2)), low, high
    return stats.gamma((dist.mean / dist.sd) ** 2, scale=dist.sd ** 2 / dist.mean), low, high
