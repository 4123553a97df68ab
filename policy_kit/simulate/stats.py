"""Small, exact statistics for simulation results: percentiles and 95% confidence intervals.

Part of **simulate** (results): kept dependency-free so start-up stays fast. Percentiles
interpolate linearly between order statistics (the common "type 7" definition, as
numpy's default); a confidence interval for a mean over replications uses Student's t with
``R - 1`` degrees of freedom, since replications are few; one for a share of cases is
Wilson's score interval over the cases of every replication, which stays within 0–100%.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["Interval", "mean_interval", "percentile", "t975", "wilson_interval"]

_T975 = (12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
         2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
         2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423)
_Z975 = 1.959963984540054

Interval = tuple[float, float, float] | tuple[float, None, None]


def t975(df: int) -> float:
    """The 97.5% quantile of Student's t with ``df`` degrees of freedom."""
    if df < 1:
        raise ValueError("a t quantile needs at least one degree of freedom")
    if df <= len(_T975):
        return _T975[df - 1]
    z = _Z975
    return (z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2)
            + (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3))


def percentile(ordered: Sequence[float], p: float) -> float | None:
    """The ``p``-th percentile (0–100) of already sorted values; None when there are none."""
    n = len(ordered)
    if n == 0:
        return None
    h = (n - 1) * p / 100.0
    low = math.floor(h)
    high = min(low + 1, n - 1)
    return ordered[low] + (h - low) * (ordered[high] - ordered[low])


def wilson_interval(successes: int, n: int) -> tuple[float, float] | None:
    """A 95% Wilson score interval for a proportion ``successes / n``; None when ``n`` is 0.

    Unlike the normal approximation (mean ± t·s/√R over replications), it never leaves
    0–100%, and it is sound for shares near 0 or 1 and for a single replication: a share
    of 2.2% no longer gets the interval [-0.8%, 5.2%].
    """
    if n <= 0:
        return None
    p = successes / n
    z2 = _Z975 * _Z975
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = _Z975 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def mean_interval(values: Sequence[float]) -> Interval:
    """(mean, low, high) of a 95% interval for the mean; no interval from one value."""
    n = len(values)
    if n == 0:
        raise ValueError("no values")
    mean = math.fsum(values) / n
    if n < 2:
        return mean, None, None
    variance = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
    half = t975(n - 1) * math.sqrt(variance / n)
    return mean, mean - half, mean + half
