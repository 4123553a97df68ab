"""The long tail of a step no family fits: a generalized Pareto over its top tenth.

Part of log → replay → **calibrate** → scenario (``fit``). Where no family passes its
test, a step gets an empirical table of its quantiles; the table says nothing beyond
its longest observation and little between its top rows, which is where a forecast of a
case that has already waited long lives (``policy_kit.simulate.tails``). The rule,
applied the same way to every such step (peaks over a threshold):

1. the threshold is the step's 90 % quantile, the excesses are the observations above
   it (at least ``MIN_EXCESSES`` of them, or no tail);
2. a generalized Pareto is fitted to the excesses by maximum likelihood
   (``scipy.stats.genpareto``, located at 0);
3. the shape is kept within [−1, ``MAX_SHAPE``]: −1 is the fit's own bound for a tail
   that ends; above, a finite mean (at 1 or more the simulated means would not exist).
   Where the likelihood's maximum lies beyond ``MAX_SHAPE`` (the data say "at least as
   heavy"), the fit is the most likely tail with that shape (the scale fitted with the
   shape fixed): before, no tail was kept there, and a step whose long waits said
   "heavier still" got the lightest tail of all, the table's top tenth without memory;
4. the tail is kept when a one-sample KS test of the excesses against the fit does not
   reject it at ``ALPHA``. *Assumption:* ``MAX_SHAPE`` 0.9, a mean excess at most ten
   times the scale.

The KS p-value uses the fitted parameters (optimistic, as in ``fit``).

Waits still open when the log was taken (``running``: at least so long) are evidence of
the long durations a tail is about: at a cut early in a log, the long waits that began
lately have not ended, and the complete ones alone make the tail too short and too rare
(right censoring). Where they are given, they enter the same rule: the threshold stays
the complete observations' 90 % quantile; the share beyond it is the Kaplan–Meier
estimate's survival there (``scipy.stats.ecdf``); the open waits beyond it are
right-censored excesses in the maximum-likelihood fit (``scipy.stats.CensoredData``) and
count towards ``MIN_EXCESSES`` (at least ``MIN_COMPLETE_EXCESSES`` must be complete);
the KS test is replaced by the Kaplan–Meier distance within the 95 % DKW band, as
``fit`` tests censored data. *Assumption:* a case that will never go on (dropped, not
closed) is an open wait like any other: it says the wait lasts at least so long, which
is true of it.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

from ..model import Frozen
from ..simulate.tails import Tail

__all__ = ["MIN_EXCESSES", "TAIL_LEVEL", "TailFit", "fit_tail"]

TAIL_LEVEL = 0.9
"""The threshold's level: the tail is the longest tenth of the observations."""

MIN_EXCESSES = 20
"""Fewer excesses than this are too few to fit a tail's shape."""

MAX_SHAPE = 0.9
"""The heaviest shape kept: the mean excess σ/(1 − ξ) at most ten times the scale."""

MIN_COMPLETE_EXCESSES = 10
"""With open waits among the excesses, the fewest complete ones a tail rests on."""

ALPHA = 0.05


class TailFit(Frozen):
    """The tail kept, with the evidence for it."""

    tail: Tail
    excesses: int
    ks_pvalue: float | None
    running: int = 0
    """Open waits among the excesses (right-censored)."""
    distance: float | None = None
    """With open waits: the largest distance from the Kaplan–Meier estimate."""
    bound: float | None = None
    """With open waits: the 95 % DKW band the distance stayed within."""

    def reason(self, unit: str) -> str:
        if self.running:
            evidence = (f"{self.excesses} observations, {self.running} of them waits still "
                        "open)")
            test = (f"Kaplan–Meier distance {self.distance:.2g} within the 95% DKW band "
                    f"{self.bound:.2g}")
        else:
            evidence = f"{self.excesses} observations)"
            test = f"KS p={self.ks_pvalue:.2g}"
        return (f"beyond {self.tail.above:.3g} {unit.replace('_', ' ')} (the top "
                f"{self.tail.share:.1%}, {evidence} a generalized Pareto tail, shape "
                f"{self.tail.shape:.2f}, scale {self.tail.scale:.3g}, {test}")


def fit_tail(data: Any, running: Any = None) -> TailFit | None:
    """The tail of ``data`` (a numpy array of durations), with ``running`` (durations
    still open, at least so long) as censored evidence, or None where the rule above
    keeps none."""
    import numpy as np
    from scipy import stats

    from .censored import Observed, kaplan_meier_distance

    above = float(np.quantile(data, TAIL_LEVEL))
    excesses = data[data > above] - above
    open_waits = (np.asarray([], dtype=float) if running is None
                  else np.asarray(running, dtype=float))
    # a wait longer than every complete one may be a case that was dropped: left out
    open_waits = open_waits[open_waits <= float(np.max(data))]
    censored = open_waits[open_waits > above] - above
    total = excesses.size + censored.size
    if total < MIN_EXCESSES or (censored.size and excesses.size < MIN_COMPLETE_EXCESSES):
        return None
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        values: Any = (stats.CensoredData(uncensored=excesses, right=censored)
                       if censored.size else excesses)
        try:
            shape, _, scale = stats.genpareto.fit(values, floc=0)
        except (ValueError, RuntimeError, FloatingPointError, OverflowError):
            return None
        if not (math.isfinite(shape) and math.isfinite(scale) and scale > 0):
            return None
        shape = max(float(shape), -1.0)
        if shape > MAX_SHAPE:  # the most likely tail with a shape the rule keeps
            shape = MAX_SHAPE
            _, _, scale = stats.genpareto.fit(values, shape, floc=0, f0=shape)
            if not (math.isfinite(scale) and scale > 0):
                return None
        cdf = stats.genpareto(shape, scale=scale).cdf
        distance: float | None = None
        bound: float | None = None
        if censored.size:
            observed = Observed(excesses, censored, np.asarray([], dtype=float))
            distance, bound = kaplan_meier_distance(observed, cdf, ALPHA)
            pvalue = None
            share = float(stats.ecdf(stats.CensoredData(
                uncensored=data, right=open_waits[open_waits > 0])).sf.evaluate(above))
            if distance > bound:
                return None
        else:
            pvalue = float(stats.kstest(excesses, cdf).pvalue)
            share = float(excesses.size / data.size)
            if pvalue < ALPHA:
                return None
    if not 0.0 < share < 1.0:
        return None
    tail = Tail(above=above, share=share, shape=shape, scale=float(scale))
    return TailFit(tail=tail, excesses=int(total), ks_pvalue=pvalue,
                   running=int(censored.size), distance=distance, bound=bound)
