"""How far a simulated sample lies from an observed one: the figures Simod reports.

Part of **calibrate**'s report. The earth mover's distance (the first Wasserstein
distance) says by how much, on average, the simulated durations would have to move to
become the observed ones, in the data's own unit; divided by the observed mean it is a
share that reads the same for a 3-day step and a 300-day case. The two-sample
Kolmogorov–Smirnov statistic is the largest gap between the two cumulative shares.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Frozen

__all__ = ["Distance", "distance"]


class Distance(Frozen):
    """Observed against simulated: their sizes, medians, and how far apart they are."""

    observed: int
    simulated: int
    observed_median: float
    simulated_median: float
    emd: float
    emd_normalised: float
    ks_statistic: float


def distance(observed: Sequence[float], simulated: Sequence[float]) -> Distance:
    """Both samples must be non-empty; the normalised EMD of an observed mean of 0 is the
    EMD itself (there is nothing to divide by)."""
    import numpy as np
    from scipy import stats

    if not observed or not simulated:
        raise ValueError("both samples need at least one value")
    log = np.asarray(observed, dtype=float)
    sim = np.asarray(simulated, dtype=float)
    emd = float(stats.wasserstein_distance(log, sim))
    mean = float(log.mean())
    return Distance(observed=int(log.size), simulated=int(sim.size),
                    observed_median=float(np.median(log)),
                    simulated_median=float(np.median(sim)), emd=emd,
                    emd_normalised=emd / mean if mean > 0 else emd,
                    ks_statistic=float(stats.ks_2samp(log, sim, method="asymp").statistic))
