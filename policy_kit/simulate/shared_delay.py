"""A case's steps that take their time together: one shared factor per case.

Part of **simulate**. A scenario draws each step's duration on its own; in an office
where a case's steps are done in one sitting, or wait together, they are fast together
or slow together (WABO's log: calibrate measures an intraclass correlation of 0.26
between a case's steps). ``case_effect`` carries that: each case draws one standard
normal factor *Z* (at its first timed step), and every duration of the case is drawn
as the quantile of its own distribution at Φ(√ρ·Z + √(1−ρ)·E), with *E* a fresh
standard normal per step (a Gaussian copula with one factor). Each step keeps exactly
the distribution the scenario gives it — only which draws go together changes — and
two steps of one case have normal scores correlated ρ, the ``correlation``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from statistics import NormalDist

from pydantic import Field

from ..model import Number, Provenance
from .distributions import (
    Distribution,
    Empirical,
    Exponential,
    Fixed,
    Gamma,
    LogNormal,
    Normal,
    Sampler,
    Triangular,
    Uniform,
    empirical_quantile,
)
from .streams import Draws

__all__ = ["CaseEffect", "distribution_function", "quantile_function", "shared_sampler"]

_UNIT = NormalDist()
_EDGE = 1e-12
"""Levels are kept this far inside (0, 1): the normal's quantile function needs it."""


class CaseEffect(Provenance):
    """A delay each case's steps share: one factor per case in all its durations."""

    correlation: Number = Field(ge=0, lt=1, description=(
        "ρ: the correlation of the normal scores of two steps of one case (0: steps "
        "independent, as without this entry)."))


def shared_sampler(dist: Distribution, hours_per_unit: float, correlation: float
                   ) -> Sampler:
    """Draws of ``dist`` (in hours) that share the case's factor, kept on its stream."""
    quantile = quantile_function(dist)
    k = hours_per_unit
    shared, own = math.sqrt(correlation), math.sqrt(1.0 - correlation)

    def draw(rng: Draws) -> float:
        factor = rng.shared
        if factor is None:
            factor = rng.shared = rng.gauss(0.0, 1.0)
        level = _UNIT.cdf(shared * factor + own * rng.gauss(0.0, 1.0))
        return quantile(min(max(level, _EDGE), 1.0 - _EDGE)) * k

    return draw


def quantile_function(dist: Distribution) -> Callable[[float], float]:
    """``dist``'s value at a level in (0, 1), in its own unit, bounds (``low``/``high``)
    kept as the scenario's samplers keep them (the distribution within them)."""
    if isinstance(dist, Fixed):
        value = dist.value
        return lambda u: value
    if isinstance(dist, Uniform):
        a, b = dist.low, dist.high
        return lambda u: a + (b - a) * u
    if isinstance(dist, Triangular):
        return _triangular(dist.low, dist.mode, dist.high)
    if isinstance(dist, Empirical):
        return empirical_quantile(dist)
    if isinstance(dist, (Normal, LogNormal)):
        return _normal(dist)
    if isinstance(dist, Exponential):
        return _exponential(dist)
    if isinstance(dist, Gamma):
        return _gamma(dist)
    raise ValueError(f"{dist.dist} is timed by the engine, not drawn")


def _triangular(a: float, m: float, b: float) -> Callable[[float], float]:
    if b == a:
        return lambda u: a
    c = (m - a) / (b - a)

    def at(u: float) -> float:
        if u < c:
            return a + math.sqrt(u * (b - a) * (m - a))
        return b - math.sqrt((1.0 - u) * (b - a) * (b - m))

    return at


def _standard(dist: Normal | LogNormal
              ) -> tuple[Callable[[float], float], Callable[[float], float], float, float]:
    """A (log)normal as the standard normal: a value's score, a score's value, and the
    levels of its ``low`` and ``high`` bounds."""
    if isinstance(dist, LogNormal):
        sigma2 = math.log(1 + (dist.sd / dist.mean) ** 2)
        mu, sigma = math.log(dist.mean) - sigma2 / 2, math.sqrt(sigma2)

        def score(x: float) -> float:
            return (math.log(x) - mu) / sigma if x > 0 else -math.inf

        def value(z: float) -> float:
            return math.exp(mu + sigma * z)
    else:
        mean, sd = dist.mean, dist.sd

        def score(x: float) -> float:
            return (x - mean) / sd

        def value(z: float) -> float:
            return mean + sd * z
    high = math.inf if dist.high is None else dist.high
    lo = _UNIT.cdf(score(dist.low)) if dist.low > 0 or isinstance(dist, Normal) else 0.0
    hi = _UNIT.cdf(score(high)) if math.isfinite(high) else 1.0
    return score, value, lo, hi


def _normal(dist: Normal | LogNormal) -> Callable[[float], float]:
    _, value, lo, hi = _standard(dist)
    return lambda u: value(_inverse(lo + u * (hi - lo)))


def _exponential(dist: Exponential) -> Callable[[float], float]:
    rate = 1.0 / (dist.mean - dist.low)
    hi = 1.0 - math.exp(-(dist.high - dist.low) * rate) if dist.high is not None else 1.0
    low = dist.low
    return lambda u: low - math.log(1.0 - u * hi) / rate


def _gamma(dist: Gamma) -> Callable[[float], float]:
    from scipy.special import gammainc, gammaincinv

    shape, scale = (dist.mean / dist.sd) ** 2, dist.sd ** 2 / dist.mean
    lo = float(gammainc(shape, dist.low / scale)) if dist.low > 0 else 0.0
    hi = float(gammainc(shape, dist.high / scale)) if dist.high is not None else 1.0
    return lambda u: scale * float(gammaincinv(shape, lo + u * (hi - lo)))


def _inverse(level: float) -> float:
    return _UNIT.inv_cdf(min(max(level, _EDGE), 1.0 - _EDGE))


def distribution_function(dist: Distribution) -> Callable[[float], float]:
    """The level of a value of ``dist`` (in its own unit): the inverse of
    ``quantile_function``, so that a duration a log shows can be read as a normal score
    (a forecast reads how slow a case has been so far). A table's value is placed in the
    middle of the rows equal to it."""
    import bisect

    if isinstance(dist, Fixed):
        value = dist.value
        return lambda x: 0.0 if x < value else 1.0 if x > value else 0.5
    if isinstance(dist, Uniform):
        a, b = dist.low, dist.high
        return lambda x: min(max((x - a) / (b - a), 0.0), 1.0)
    if isinstance(dist, Triangular):
        return _triangular_level(dist.low, dist.mode, dist.high)
    if isinstance(dist, Empirical):
        table = dist.body()
        n = len(table)
        tail = dist.tail
        below = 1.0 if tail is None else 1.0 - tail.share

        def level(x: float) -> float:
            if tail is not None and x > tail.above:
                return below + tail.share * (1.0 - tail.survival(x - tail.above))
            middle = (bisect.bisect_left(table, x) + bisect.bisect_right(table, x)) / (2 * n)
            return below * middle

        return level
    if isinstance(dist, (Normal, LogNormal)):
        return _normal_level(dist)
    if isinstance(dist, Exponential):
        rate = 1.0 / (dist.mean - dist.low)
        low = dist.low
        hi = 1.0 - math.exp(-(dist.high - low) * rate) if dist.high is not None else 1.0
        return lambda x: min(max((1.0 - math.exp(-max(x - low, 0.0) * rate)) / hi, 0.0), 1.0)
    if isinstance(dist, Gamma):
        from scipy.special import gammainc

        shape, scale = (dist.mean / dist.sd) ** 2, dist.sd ** 2 / dist.mean
        lo = float(gammainc(shape, dist.low / scale)) if dist.low > 0 else 0.0
        hi = float(gammainc(shape, dist.high / scale)) if dist.high is not None else 1.0
        return lambda x: min(max((float(gammainc(shape, max(x, 0.0) / scale)) - lo)
                                 / (hi - lo), 0.0), 1.0)
    raise ValueError(f"{dist.dist} is timed by the engine, not drawn")


def _triangular_level(a: float, m: float, b: float) -> Callable[[float], float]:
    def level(x: float) -> float:
        if x <= a:
            return 0.0
        if x >= b:
            return 1.0
        if x < m:
            return (x - a) ** 2 / ((b - a) * (m - a))
        return 1.0 - (b - x) ** 2 / ((b - a) * (b - m))

    return level


def _normal_level(dist: Normal | LogNormal) -> Callable[[float], float]:
    score, _, lo, hi = _standard(dist)

    def level(x: float) -> float:
        at = score(x)
        value = 0.0 if at == -math.inf else _UNIT.cdf(at)
        return min(max((value - lo) / (hi - lo), 0.0), 1.0)

    return level
