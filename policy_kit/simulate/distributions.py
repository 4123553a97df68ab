"""Duration distributions of a scenario: their file format, checks, and samplers.

Part of **simulate**: a scenario names a distribution and its parameters for each task;
the model checks the parameters when the file loads (a standard deviation of 0, a mode
outside its range, a mean below the shift are errors with file:line:col, not a surprise
at run time), and ``sampler`` turns it into a function of a stream of numbers that
gives hours on the axis of the state's clock. Bounded distributions (``low``/``high``
on normal, lognormal, exponential, gamma) are truncated by drawing again, as Prosimos
does, so a model written for it means the same here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from math import cos as _cos
from math import log as _log
from math import sin as _sin
from math import sqrt as _sqrt
from math import tau as _TWOPI
from typing import Annotated, Literal, Union

from pydantic import Field, model_validator

from ..errors import Invalid
from ..model import Number, Provenance
from .streams import Draws, triangular
from .tails import Tail

__all__ = ["Distribution", "Sampler", "Tail", "Unit", "UntilDeadline", "empirical_quantile",
           "mean_of", "sampler"]

Unit = Literal["working_hours", "working_days", "natural_hours", "natural_days"]
Sampler = Callable[[Draws], float]

_TRIES = 100
"""Draws before a truncated distribution gives up and returns its clamped mean."""

NonNegative = Annotated[Number, Field(ge=0, allow_inf_nan=False)]
Positive = Annotated[Number, Field(gt=0, allow_inf_nan=False)]


class _Base(Provenance):
    unit: Unit = Field(default="working_days",
                       description="working_hours or working_days (on the office hours of "
                                   "the department), or natural_hours or natural_days "
                                   "(round the clock).")


class _Bounded(_Base):
    low: NonNegative = Field(default=0, description="Draws below are drawn again.")
    high: NonNegative | None = Field(default=None, description="Draws above are drawn again.")

    def _check_bounds(self, mean: float) -> None:
        if self.high is not None and self.high <= self.low:
            raise Invalid(f"`high` ({self.high}) must be greater than `low` ({self.low})",
                          f"`high`({self.high})必须大于 `low`({self.low})")
        if not self.low <= mean <= (math.inf if self.high is None else self.high):
            raise Invalid(f"`mean` ({mean}) must lie between `low` and `high`",
                          f"`mean`({mean})必须在 `low` 与 `high` 之间")


class Fixed(_Base):
    dist: Literal["fixed"]
    value: NonNegative


class Uniform(_Base):
    dist: Literal["uniform"]
    low: NonNegative
    high: NonNegative

    @model_validator(mode="after")
    def _order(self) -> Uniform:
        if self.high < self.low:
            raise Invalid(f"`high` ({self.high}) is below `low` ({self.low})",
                          f"`high`({self.high})小于 `low`({self.low})")
        return self


class Triangular(_Base):
    dist: Literal["triangular"]
    low: NonNegative
    mode: NonNegative
    high: NonNegative

    @model_validator(mode="after")
    def _order(self) -> Triangular:
        if not self.low <= self.mode <= self.high or self.low == self.high:
            raise Invalid("give `low` ≤ `mode` ≤ `high`, with `low` < `high`",
                          "应满足 `low` ≤ `mode` ≤ `high`，且 `low` < `high`")
        return self


class Normal(_Bounded):
    """A normal distribution cut to [low, high] (low defaults to 0: no negative durations)."""

    dist: Literal["normal"]
    mean: NonNegative
    sd: Positive

    @model_validator(mode="after")
    def _bounds(self) -> Normal:
        self._check_bounds(self.mean)
        return self


class LogNormal(_Bounded):
    """Given by the mean and standard deviation of the durations, not of their logarithm."""

    dist: Literal["lognormal"]
    mean: Positive
    sd: Positive

    @model_validator(mode="after")
    def _bounds(self) -> LogNormal:
        self._check_bounds(self.mean)
        return self


class Exponential(_Bounded):
    """``low`` plus an exponential draw with mean ``mean - low`` (Prosimos' ``expon``)."""

    dist: Literal["exponential"]
    mean: Positive

    @model_validator(mode="after")
    def _bounds(self) -> Exponential:
        self._check_bounds(self.mean)
        if self.mean <= self.low:
            raise Invalid(f"`mean` ({self.mean}) must be greater than `low` ({self.low})",
                          f"`mean`({self.mean})必须大于 `low`({self.low})")
        return self


class Gamma(_Bounded):
    dist: Literal["gamma"]
    mean: Positive
    sd: Positive

    @model_validator(mode="after")
    def _bounds(self) -> Gamma:
        self._check_bounds(self.mean)
        return self


class UntilDeadline(_Base):
    """A statutory period that runs to the end of the state's own limit (a public notice
    of 5 working days ends when its fifth day closes, whenever on the first it began)."""

    dist: Literal["until_deadline"]


class Empirical(_Base):
    """Observed durations, drawn with equal weight; with a ``tail``, only the rows at or
    below its ``above``, and a share of the draws beyond it."""

    dist: Literal["empirical"]
    samples: tuple[NonNegative, ...] = Field(min_length=1)
    tail: Tail | None = Field(default=None, description=(
        "The durations beyond `above`: a `share` of them, as `above` plus a generalized "
        "Pareto excess (`shape`, `scale`); the rows at or below `above` are the rest."))

    @model_validator(mode="after")
    def _body(self) -> Empirical:
        if self.tail is not None and min(self.samples) > self.tail.above:
            raise Invalid(f"the tail's `above` ({self.tail.above}) is below every sample: "
                          "the table must keep at least one row at or below it",
                          f"尾部的 `above`（{self.tail.above}）低于所有样本：表中至少要保留一个"
                          "不高于它的值")
        return self

    def body(self) -> tuple[float, ...]:
        """The rows drawn from (sorted): all of them, or those at or below the tail's
        ``above``."""
        rows = sorted(self.samples)
        if self.tail is None:
            return tuple(rows)
        return tuple(r for r in rows if r <= self.tail.above)


def empirical_quantile(dist: Empirical) -> Callable[[float], float]:
    """``dist``'s value at a level in [0, 1), in its own unit: a row of the body (each
    equally likely), or, with a tail, beyond its ``above`` from the level ``1 - share``
    up. The samplers, the shared delay's quantiles and the forecast read a table so."""
    body = dist.body()
    n = len(body)
    tail = dist.tail
    if tail is None:
        return lambda level: body[min(int(level * n), n - 1)]
    below = 1.0 - tail.share

    def at(level: float) -> float:
        if level < below:
            return body[min(int(level / below * n), n - 1)]
        return tail.above + tail.excess((level - below) / tail.share)

    return at


Distribution = Annotated[
    Union[Fixed, Uniform, Triangular, Normal, LogNormal, Exponential,  # noqa: UP007
          Gamma, Empirical, UntilDeadline],
    Field(discriminator="dist"),
]


def mean_of(dist: Distribution) -> float:
    """The distribution's mean in its own unit (before truncation)."""
    if isinstance(dist, UntilDeadline):
        raise ValueError("a period until the deadline has no mean of its own")
    if isinstance(dist, Fixed):
        return dist.value
    if isinstance(dist, Uniform):
        return (dist.low + dist.high) / 2
    if isinstance(dist, Triangular):
        return (dist.low + dist.mode + dist.high) / 3
    if isinstance(dist, Empirical):
        body = dist.body()
        if dist.tail is None:
            return sum(body) / len(body)
        tail = dist.tail
        return ((1.0 - tail.share) * sum(body) / len(body)
                + tail.share * (tail.above + tail.mean_excess()))
    return dist.mean


def sampler(dist: Distribution, hours_per_unit: float) -> Sampler:
    """A function drawing one value of ``dist``, multiplied by ``hours_per_unit``."""
    k = hours_per_unit
    if isinstance(dist, UntilDeadline):
        raise ValueError("a period until the deadline depends on when it starts; the "
                         "engine times it")
    if isinstance(dist, Fixed):
        value = dist.value * k
        return lambda rng: value
    if isinstance(dist, Uniform):
        low, high = dist.low * k, dist.high * k
        return lambda rng: rng.uniform(low, high)
    if isinstance(dist, Triangular):
        a, m, b = dist.low * k, dist.mode * k, dist.high * k
        return triangular(a, b, m)
    if isinstance(dist, Empirical):
        if dist.tail is not None:
            quantile = empirical_quantile(dist)
            return lambda rng: quantile(rng.random()) * k
        samples = tuple(s * k for s in dist.samples)
        return lambda rng: rng.choice(samples)
    low = dist.low
    high = math.inf if dist.high is None else dist.high
    fallback = min(max(mean_of(dist), low), high) * k
    if isinstance(dist, Normal):
        return _truncated_normal(dist.mean, dist.sd, low, high, k, fallback)
    if isinstance(dist, Exponential):
        return _truncated_exponential(dist.low, 1.0 / (dist.mean - dist.low), high, k,
                                      fallback)
    return _truncated(_raw(dist), low, high, k, fallback)


def _raw(dist: LogNormal | Gamma) -> Sampler:
    if isinstance(dist, LogNormal):
        sigma2 = math.log(1 + (dist.sd / dist.mean) ** 2)
        mu, sigma = math.log(dist.mean) - sigma2 / 2, math.sqrt(sigma2)
        return lambda rng: rng.lognormvariate(mu, sigma)
    shape = (dist.mean / dist.sd) ** 2
    scale = dist.sd ** 2 / dist.mean
    return lambda rng: rng.gammavariate(shape, scale)


def _truncated(raw: Sampler, low: float, high: float, k: float, fallback: float) -> Sampler:
    """Draws of ``raw`` outside [low, high] are drawn again (at most ``_TRIES`` times)."""
    def draw(rng: Draws) -> float:
        for _ in range(_TRIES):
            x = raw(rng)
            if low <= x <= high:
                return x * k
        return fallback

    return draw


# The two commonest distributions draw with the arithmetic of ``Stream.gauss`` and
# ``Stream.expovariate`` written out (the same numbers from the same stream): a call
# fewer per draw in the engine's hottest path.

def _truncated_normal(mean: float, sd: float, low: float, high: float, k: float,
                      fallback: float) -> Sampler:
    def draw_normal(rng: Draws) -> float:
        random = rng.random
        tries = _TRIES
        while tries:
            tries -= 1
            z = rng.gauss_next
            rng.gauss_next = None
            if z is None:
                x2pi = random() * _TWOPI
                g2rad = _sqrt(-2.0 * _log(1.0 - random()))
                z = _cos(x2pi) * g2rad
                rng.gauss_next = _sin(x2pi) * g2rad
            x = mean + z * sd
            if low <= x <= high:
                return x * k
        return fallback

    return draw_normal


def _truncated_exponential(shift: float, rate: float, high: float, k: float,
                           fallback: float) -> Sampler:
    def draw_exponential(rng: Draws) -> float:
        random = rng.random
        tries = _TRIES
        while tries:
            tries -= 1
            x = shift - _log(1.0 - random()) / rate
            if x <= high:  # never below ``shift``, the lower bound
                return x * k
        return fallback

    return draw_exponential
