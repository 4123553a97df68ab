"""Which distribution a step's observed durations follow: fitted, tested, and said why.

Part of log → replay → **calibrate** → scenario. A calibrated scenario is only as
honest as the reason each of its distributions was chosen, so the choice is one stated
rule, applied the same way to every step:

1. fit each candidate family — lognormal, gamma, exponential, triangular — by maximum
   likelihood (``scipy.stats``; lognormal, gamma and exponential start at 0, since a
   duration cannot be negative);
2. keep the families that a one-sample Kolmogorov–Smirnov test against the fitted
   distribution does not reject at the 5 % level;
3. of those, take the one with the lowest AIC (fewest parameters break ties);
4. when none is kept, use the data themselves: an empirical table of 101 quantiles.

The KS p-value is computed with the fitted parameters, so it is optimistic (Lilliefors'
point): a family it rejects does not fit; one it keeps may still fit only roughly. The
choice and its figures travel with the distribution as its ``source``.

scipy is imported inside the functions: the calibrate command pays for it, nothing else.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field

from ..model import Frozen
from ..simulate.distributions import (
    Distribution,
    Empirical,
    Exponential,
    Fixed,
    Gamma,
    LogNormal,
    Triangular,
    Unit,
)

__all__ = ["ALPHA", "MIN_SAMPLES", "Family", "Fit", "TooFewSamples", "fit_durations"]

Family = Literal["lognormal", "gamma", "exponential", "triangular", "empirical", "fixed"]

ALPHA = 0.05
"""The KS test's level: a family whose p-value falls below it is not used."""

MIN_SAMPLES = 8
"""Fewer observations than this are too few to choose a family from (or to test one)."""

QUANTILES = 101
"""Rows of the empirical table used when no family fits (0 %, 1 %, …, 100 %)."""

_CANDIDATES: tuple[Family, ...] = ("lognormal", "gamma", "exponential", "triangular")


class TooFewSamples(ValueError):
    """Raised with the count, so the caller can name the step and what it did instead."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} observation{'s' if count != 1 else ''}; at least "
                         f"{MIN_SAMPLES} are needed to fit a distribution")
        self.count = count


class Candidate(Frozen):
    """One family as fitted: its parameters' figures and how well it fits."""

    family: Family
    aic: float
    ks_statistic: float
    ks_pvalue: float
    parameters: int


class Fit(Frozen):
    """The distribution chosen for one step, with the evidence for the choice."""

    family: Family
    distribution: Distribution
    count: int = Field(description="Observations fitted.")
    mean: float
    median: float
    ks_statistic: float | None = Field(
        default=None, description="Of the chosen family; none for the empirical table.")
    ks_pvalue: float | None = None
    candidates: tuple[Candidate, ...] = ()

    def reason(self) -> str:
        """The choice in a few words, as a scenario's ``source`` carries it."""
        if self.family == "fixed":
            return "every observation equal"
        if self.family == "empirical":
            tried = ", ".join(f"{c.family} KS p={c.ks_pvalue:.2g}" for c in self.candidates)
            return (f"empirical table of {QUANTILES} quantiles: no family passed the KS test "
                    f"at {ALPHA:g} ({tried})")
        return f"{self.family} fit, KS p={self.ks_pvalue:.2g}, lowest AIC of the families kept"


def fit_durations(samples: Sequence[float], unit: Unit = "working_days") -> Fit:
    """Choose and fit a distribution for ``samples`` (durations ≥ 0, in ``unit``).

    Raises ``TooFewSamples`` below ``MIN_SAMPLES`` observations, and ``ValueError`` for a
    negative, infinite or missing value (a replay never produces one; a caller's bug does).
    """
    import numpy as np

    data = np.asarray(samples, dtype=float)
    if data.size and (not np.all(np.isfinite(data)) or np.any(data < 0)):
        raise ValueError("durations must be finite and not negative")
    if data.size < MIN_SAMPLES:
        raise TooFewSamples(int(data.size))
    mean, median = float(data.mean()), float(np.median(data))
    if float(data.max()) == float(data.min()):
        return Fit(family="fixed", distribution=Fixed(dist="fixed", value=mean, unit=unit),
                   count=int(data.size), mean=mean, median=median)
    fitted = {family: result for family in _CANDIDATES
              if (result := _candidate(family, data)) is not None}
    candidates = tuple(candidate for _, candidate in fitted.values())
    kept = [c for c in candidates if c.ks_pvalue >= ALPHA]
    if not kept:
        table = tuple(float(q) for q in np.quantile(data, np.linspace(0, 1, QUANTILES)))
        return Fit(family="empirical",
                   distribution=Empirical(dist="empirical", samples=table, unit=unit),
                   count=int(data.size), mean=mean, median=median, candidates=candidates)
    best = min(kept, key=lambda c: (c.aic, c.parameters))
    return Fit(family=best.family,
               distribution=_distribution(best.family, fitted[best.family][0], unit),
               count=int(data.size), mean=mean, median=median,
               ks_statistic=best.ks_statistic, ks_pvalue=best.ks_pvalue,
               candidates=candidates)


def _frozen(family: Family, data: object) -> Any:
    """The family's scipy distribution fitted to ``data``, or None where it cannot be."""
    import numpy as np
    from scipy import stats

    values = np.asarray(data)
    positive = bool(np.all(values > 0))
    if family == "lognormal":
        if not positive:
            return None
        s, loc, scale = stats.lognorm.fit(values, floc=0)
        return stats.lognorm(s, loc=loc, scale=scale)
    if family == "gamma":
        if not positive:
            return None
        a, loc, scale = stats.gamma.fit(values, floc=0)
        return stats.gamma(a, loc=loc, scale=scale)
    if family == "exponential":
        loc, scale = stats.expon.fit(values, floc=0)
        return stats.expon(loc=loc, scale=scale)
    c, loc, scale = stats.triang.fit(values)
    if not (scale > 0 and loc >= 0 and 0 <= c <= 1):
        return None
    return stats.triang(c, loc=loc, scale=scale)


_PARAMETERS: dict[Family, int] = {"lognormal": 2, "gamma": 2, "exponential": 1,
                                  "triangular": 3}


def _candidate(family: Family, data: object) -> tuple[Any, Candidate] | None:
    """The fitted distribution and its figures; None where the family cannot describe the
    data (zeros for lognormal and gamma) or the optimiser fails. scipy's warnings about
    its optimiser are the reason a family is dropped, not news for the user."""
    import numpy as np
    from scipy import stats

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            fitted: Any = _frozen(family, data)
        except (ValueError, RuntimeError, FloatingPointError, OverflowError):
            return None
        if fitted is None:
            return None
        loglik = float(np.sum(fitted.logpdf(data)))
        mean, sd = float(fitted.mean()), float(fitted.std())
        if not all(math.isfinite(x) for x in (loglik, mean, sd)) or mean <= 0 or sd <= 0:
            return None
        test = stats.kstest(data, fitted.cdf)
    k = _PARAMETERS[family]
    return fitted, Candidate(family=family, aic=2 * k - 2 * loglik,
                             ks_statistic=float(test.statistic),
                             ks_pvalue=float(test.pvalue), parameters=k)


def _distribution(family: Family, fitted: Any, unit: Unit) -> Distribution:
    """The fitted family in the scenario format (which gives mean and sd, not shape)."""
    if family == "triangular":
        c, loc, scale = fitted.args[0], fitted.kwds["loc"], fitted.kwds["scale"]
        return Triangular(dist="triangular", low=float(loc), mode=float(loc + c * scale),
                          high=float(loc + scale), unit=unit)
    mean, sd = float(fitted.mean()), float(fitted.std())
    if family == "exponential":
        return Exponential(dist="exponential", mean=mean, unit=unit)
    if family == "gamma":
        return Gamma(dist="gamma", mean=mean, sd=sd, unit=unit)
    return LogNormal(dist="lognormal", mean=mean, sd=sd, unit=unit)
