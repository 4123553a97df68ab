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
3. the tail is kept when a one-sample KS test of the excesses against the fit does not
   reject it at ``ALPHA`` and its shape is below 1 (a finite mean: a shape of 1 or more
   is a tail the data cannot pin down, and the simulated means would not exist); the
   shape is kept at or above −1 (the fit's own bound for a tail that ends).

The KS p-value uses the fitted parameters (optimistic, as in ``fit``). Censored
observations (a Kaplan–Meier table) get no tail: the excesses would mix complete and
censored values, which this rule does not fit.
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

ALPHA = 0.05


class TailFit(Frozen):
    """The tail kept, with the evidence for it."""

    tail: Tail
    excesses: int
    ks_pvalue: float

    def reason(self, unit: str) -> str:
        return (f"beyond {self.tail.above:.3g} {unit.replace('_', ' ')} (the top "
                f"{self.tail.share:.1%}, {self.excesses} observations) a generalized Pareto "
                f"tail, shape {self.tail.shape:.2f}, scale {self.tail.scale:.3g}, KS "
                f"p={self.ks_pvalue:.2g}")


def fit_tail(data: Any) -> TailFit | None:
    """The tail of ``data`` (a numpy array of durations), or None where the rule above
    keeps none."""
    import numpy as np
    from scipy import stats

    above = float(np.quantile(data, TAIL_LEVEL))
    excesses = data[data > above] - above
    if excesses.size < MIN_EXCESSES:
        return None
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            shape, _, scale = stats.genpareto.fit(excesses, floc=0)
        except (ValueError, RuntimeError, FloatingPointError, OverflowError):
            return None
        if not (math.isfinite(shape) and math.isfinite(scale) and scale > 0):
            return None
        shape = max(float(shape), -1.0)
        pvalue = float(stats.kstest(excesses, stats.genpareto(shape, scale=scale).cdf).pvalue)
    if pvalue < ALPHA or shape >= 1.0:
        return None
    tail = Tail(above=above, share=float(excesses.size / data.size), shape=shape,
                scale=float(scale))
    return TailFit(tail=tail, excesses=int(excesses.size), ks_pvalue=pvalue)
