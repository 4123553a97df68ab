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
4. when none is kept, use the data themselves: an empirical table of 101 quantiles,
   with a generalized Pareto tail over its top tenth where one fits (``tail``: the
   table alone says nothing beyond its longest observation).

The KS p-value is computed with the fitted parameters, so it is optimistic (Lilliefors'
point): a family it rejects does not fit; one it keeps may still fit only roughly. The
choice and its figures travel with the distribution as its ``source``.

Censored observations (``policy_kit.calibrate.censored``): a step still in progress when
the log ends (or at a forecast's cut) ran *at least* so long, and a step whose end waited
for a ``done(...)`` guard was worked *at most* so long. Leaving them out would keep the
short steps and drop the long ones (right censoring), so they enter the likelihood as
survival (``sf``) and distribution (``cdf``) terms (``scipy.stats.CensoredData``). The
rule then reads: fit each family by maximum likelihood on all observations; keep a
family when its largest distance from the Kaplan–Meier estimate is within the 95 %
Dvoretzky–Kiefer–Wolfowitz band for the complete observations (in place of the KS test,
which censored data do not support) — for steps censored from above only, the estimate
of the durations read backwards, where they are right-censored; with both kinds in one
step no such test is at hand, so every family that fits is kept; take the lowest AIC;
when none is kept, the Kaplan–Meier quantiles, whose tail beyond the longest observation
(if the estimate never reaches 1) sits at that observation — a lower bound, said so (read
backwards: the shortest rows sit at the shortest observation, an upper bound).

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
from .tail import TailFit, fit_tail

__all__ = ["ALPHA", "MIN_COMPLETE", "MIN_SAMPLES", "Family", "Fit", "TooFewSamples",
           "fit_durations"]

Family = Literal["lognormal", "gamma", "exponential", "triangular", "empirical", "fixed"]
Test = Literal["ks", "kaplan-meier", "none"]

ALPHA = 0.05
"""The test's level: a family the test rejects at it is not used."""

MIN_SAMPLES = 8
"""Fewer observations than this are too few to choose a family from (or to test one)."""

MIN_COMPLETE = 3
"""With censored observations, the fewest complete ones a fit rests on."""

QUANTILES = 101
"""Rows of the empirical table used when no family fits (0 %, 1 %, …, 100 %)."""

_CANDIDATES: tuple[Family, ...] = ("lognormal", "gamma", "exponential", "triangular")


class TooFewSamples(ValueError):
    """Raised with the count, so the caller can name the step and what it did instead."""

    def __init__(self, count: int, censored: int = 0) -> None:
        if censored:
            text = (f"{count} complete observation{'s' if count != 1 else ''} and "
                    f"{censored} censored; at least {MIN_COMPLETE} complete and "
                    f"{MIN_SAMPLES} in all are needed to fit a distribution")
        else:
            text = (f"{count} observation{'s' if count != 1 else ''}; at least "
                    f"{MIN_SAMPLES} are needed to fit a distribution")
        super().__init__(text)
        self.count = count
        self.censored = censored


class Candidate(Frozen):
    """One family as fitted: its parameters' figures and how well it fits."""

    family: Family
    aic: float
    ks_statistic: float | None = Field(
        description="KS statistic; with right-censored data, the largest distance from "
                    "the Kaplan–Meier estimate; none when no test applies.")
    ks_pvalue: float | None = Field(description="Of the KS test; none with censored data.")
    bound: float | None = Field(default=None, description="With right-censored data: the "
                                "95 % DKW band the distance must stay within.")
    parameters: int

    @property
    def kept(self) -> bool:
        if self.ks_pvalue is not None:
            return self.ks_pvalue >= ALPHA
        if self.bound is not None and self.ks_statistic is not None:
            return self.ks_statistic <= self.bound
        return True

    def figure(self) -> str:
        if self.ks_pvalue is not None:
            return f"{self.family} KS p={self.ks_pvalue:.2g}"
        if self.bound is not None and self.ks_statistic is not None:
            return f"{self.family} KM distance {self.ks_statistic:.2g} (band {self.bound:.2g})"
        return f"{self.family} AIC {self.aic:.4g}"


class Fit(Frozen):
    """The distribution chosen for one step, with the evidence for the choice."""

    family: Family
    distribution: Distribution
    count: int = Field(description="Observations fitted (censored ones included).")
    mean: float
    median: float
    ks_statistic: float | None = Field(
        default=None, description="Of the chosen family; none for the empirical table.")
    ks_pvalue: float | None = None
    candidates: tuple[Candidate, ...] = ()
    running: int = Field(default=0, description="Right-censored: steps still in progress "
                                                "when the log ends (ran at least so long).")
    held: int = Field(default=0, description="Censored from above: steps whose end waited "
                                             "for a guard (worked at most so long).")
    test: Test = "ks"
    tail: TailFit | None = Field(default=None, description="The empirical table's long "
                                 "tail, where one was fitted (``tail``).")

    def reason(self) -> str:
        """The choice in a few words, as a scenario's ``source`` carries it."""
        censored = self._censored()
        if self.family == "fixed":
            return "every observation equal"
        if self.family == "empirical":
            tried = ", ".join(c.figure() for c in self.candidates)
            if self.test == "kaplan-meier":
                edge = ("the shortest rows sit at the shortest observation (an upper bound)"
                        if self.held and not self.running else "the tail sits at the longest "
                        "observation (a lower bound)")
                return (f"Kaplan–Meier table of {QUANTILES} quantiles{censored}: no family "
                        f"stayed within the 95% DKW band ({tried}); where the estimate "
                        f"never reaches 1, {edge}")
            tail = ("" if self.tail is None
                    else f"; {self.tail.reason(self.distribution.unit)}")
            return (f"empirical table of {QUANTILES} quantiles: no family passed the KS test "
                    f"at {ALPHA:g} ({tried}){tail}")
        if self.test == "kaplan-meier":
            return (f"{self.family} fit{censored}, Kaplan–Meier distance "
                    f"{self.ks_statistic:.2g} within the 95% DKW band, lowest AIC of the "
                    "families kept")
        if self.test == "none":
            return (f"{self.family} fit{censored}, lowest AIC (no goodness-of-fit test "
                    "applies to data censored from both sides)")
        return f"{self.family} fit, KS p={self.ks_pvalue:.2g}, lowest AIC of the families kept"

    def _censored(self) -> str:
        parts = []
        if self.running:
            parts.append(f"{self.running} still in progress (right-censored)")
        if self.held:
            parts.append(f"{self.held} whose end waited for a guard (censored from above)")
        return f" with {' and '.join(parts)}" if parts else ""


def fit_durations(samples: Sequence[float], unit: Unit = "working_days", *,
                  running: Sequence[float] = (), held: Sequence[float] = (),
                  open_waits: Sequence[float] = ()) -> Fit:
    """Choose and fit a distribution for ``samples`` (durations ≥ 0, in ``unit``).

    ``running``: durations known only to be at least so long (a step in progress when
    the log ends); ``held``: known only to be at most so long (a step whose recorded end
    waited for a guard); ``open_waits``: at least so long too, but evidence for an
    empirical table's tail only (``tail``: in a log of completions only, a wait may be a
    case that was dropped, which would swamp a family's fit). Raises ``TooFewSamples``
    below ``MIN_SAMPLES`` observations (and, with censored ones, below ``MIN_COMPLETE``
    complete ones), and ``ValueError`` for a negative, infinite or missing value (a
    replay never produces one; a caller's bug does).
    """
    import numpy as np

    data, right, left = (np.asarray(x, dtype=float) for x in (samples, running, held))
    for values in (data, right, left):
        if values.size and (not np.all(np.isfinite(values)) or np.any(values < 0)):
            raise ValueError("durations must be finite and not negative")
    # at most 0 is exactly 0; at least 0 says nothing
    data = np.concatenate([data, left[left == 0]])
    right, left = right[right > 0], left[left > 0]
    if right.size == 0 and left.size == 0:
        return _complete(data, unit, np.asarray(open_waits, dtype=float))
    total = int(data.size + right.size + left.size)
    if data.size < MIN_COMPLETE or total < MIN_SAMPLES:
        raise TooFewSamples(int(data.size), int(right.size + left.size))
    return _censored(data, right, left, unit)


def _complete(data: Any, unit: Unit, open_waits: Any = None) -> Fit:
    import numpy as np

    if data.size < MIN_SAMPLES:
        raise TooFewSamples(int(data.size))
    mean, median = float(data.mean()), float(np.median(data))
    if float(data.max()) == float(data.min()):
        return Fit(family="fixed", distribution=Fixed(dist="fixed", value=mean, unit=unit),
                   count=int(data.size), mean=mean, median=median)
    fitted = {family: result for family in _CANDIDATES
              if (result := _candidate(family, data)) is not None}
    candidates = tuple(candidate for _, candidate in fitted.values())
    kept = [c for c in candidates if c.kept]
    if not kept:
        table = tuple(float(q) for q in np.quantile(data, np.linspace(0, 1, QUANTILES)))
        tail = fit_tail(data, open_waits)
        return Fit(family="empirical",
                   distribution=Empirical(dist="empirical", samples=table, unit=unit,
                                          tail=None if tail is None else tail.tail),
                   count=int(data.size), mean=mean, median=median, candidates=candidates,
                   tail=tail)
    best = min(kept, key=lambda c: (c.aic, c.parameters))
    return Fit(family=best.family,
               distribution=_distribution(best.family, fitted[best.family][0], unit),
               count=int(data.size), mean=mean, median=median,
               ks_statistic=best.ks_statistic, ks_pvalue=best.ks_pvalue,
               candidates=candidates)


def _censored(data: Any, right: Any, left: Any, unit: Unit) -> Fit:
    import numpy as np

    from .censored import Observed, kaplan_meier_table

    observed = Observed(data, right, left)
    test: Test = "kaplan-meier" if left.size == 0 or right.size == 0 else "none"
    fitted = {family: result for family in _CANDIDATES
              if (result := _candidate(family, observed)) is not None}
    candidates = tuple(candidate for _, candidate in fitted.values())
    kept = [c for c in candidates if c.kept]
    count = int(data.size + right.size + left.size)
    figures = dict(count=count, running=int(right.size), held=int(left.size), test=test,
                   candidates=candidates)
    if not kept:
        if test == "none":  # no family could be fitted at all
            raise TooFewSamples(int(data.size), int(right.size + left.size))
        table = kaplan_meier_table(observed, QUANTILES)
        return Fit(family="empirical",
                   distribution=Empirical(dist="empirical", samples=table, unit=unit),
                   mean=float(np.mean(table)), median=float(table[len(table) // 2]),
                   **figures)
    best = min(kept, key=lambda c: (c.aic, c.parameters))
    frozen = fitted[best.family][0]
    return Fit(family=best.family, distribution=_distribution(best.family, frozen, unit),
               mean=float(frozen.mean()), median=float(frozen.median()),
               ks_statistic=best.ks_statistic, **figures)


def _frozen(family: Family, data: object) -> Any:
    """The family's scipy distribution fitted to ``data`` (an array, or a
    ``CensoredData``), or None where it cannot be."""
    import numpy as np
    from scipy import stats

    from .censored import Observed

    if isinstance(data, Observed):
        positive = bool(np.all(data.exact > 0))
        values: Any = data.scipy()
    else:
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
    data (zeros for lognormal and gamma; a censored value outside a triangle's range) or
    the optimiser fails. scipy's warnings about its optimiser are the reason a family is
    dropped, not news for the user."""
    import numpy as np
    from scipy import stats

    from .censored import Observed, kaplan_meier_distance

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            fitted: Any = _frozen(family, data)
        except (ValueError, RuntimeError, FloatingPointError, OverflowError):
            return None
        if fitted is None:
            return None
        if isinstance(data, Observed):
            loglik = data.loglik(fitted)
        else:
            loglik = float(np.sum(fitted.logpdf(data)))
        mean, sd = float(fitted.mean()), float(fitted.std())
        if not all(math.isfinite(x) for x in (loglik, mean, sd)) or mean <= 0 or sd <= 0:
            return None
        k = _PARAMETERS[family]
        aic = 2 * k - 2 * loglik
        if not isinstance(data, Observed):
            test = stats.kstest(data, fitted.cdf)
            return fitted, Candidate(family=family, aic=aic,
                                     ks_statistic=float(test.statistic),
                                     ks_pvalue=float(test.pvalue), parameters=k)
        if data.held.size and data.running.size:
            return fitted, Candidate(family=family, aic=aic, ks_statistic=None,
                                     ks_pvalue=None, parameters=k)
        distance, bound = kaplan_meier_distance(data, fitted.cdf, ALPHA)
        return fitted, Candidate(family=family, aic=aic, ks_statistic=distance,
                                 ks_pvalue=None, bound=bound, parameters=k)


def _distribution(family: Family, fitted: Any, unit: Unit) -> Distribution:
    """The fitted family in the scenario format (which gives mean and sd, not shape).
    The candidate was kept with a finite mean and sd; scipy may still warn on the way
    to them (a lognormal of a huge shape overflows in a term it does not need)."""
    import numpy as np

    if family == "triangular":
        c, loc, scale = fitted.args[0], fitted.kwds["loc"], fitted.kwds["scale"]
        return Triangular(dist="triangular", low=float(loc), mode=float(loc + c * scale),
                          high=float(loc + scale), unit=unit)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        mean, sd = float(fitted.mean()), float(fitted.std())
    if family == "exponential":
        return Exponential(dist="exponential", mean=mean, unit=unit)
    if family == "gamma":
        return Gamma(dist="gamma", mean=mean, sd=sd, unit=unit)
    return LogNormal(dist="lognormal", mean=mean, sd=sd, unit=unit)
