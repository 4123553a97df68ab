"""Durations a log shows only in part: at least so long, or at most so long.

Part of **calibrate** → ``fit``. A step still in progress when the log ends (or at the
``--as-of`` cut of a forecast) ran *at least* as long as it has so far: right-censored.
A step whose leaving waited for a ``done(...)`` guard (Jining's supervision runs until
the builder's own acceptance) is recorded as ending when the guard opened, so its work
took *at most* that long: censored from above. Both are kept and enter the likelihood
as ``sf`` and ``cdf`` terms, through ``scipy.stats.CensoredData``; the Kaplan–Meier
estimate (``scipy.stats.ecdf``) is the empirical distribution of right-censored data;
durations censored from above only are turned into right-censored ones by reading time
backwards from a moment after the longest (``Observed.reflected``), so the same estimate,
test and table serve them too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

__all__ = ["Observed", "kaplan_meier_distance", "kaplan_meier_table"]


@dataclass(frozen=True)
class Observed:
    """Complete durations, right-censored ones (``running``) and ones censored from
    above (``held``), as numpy arrays."""

    exact: Any
    running: Any
    held: Any

    def scipy(self) -> Any:
        from scipy import stats

        return stats.CensoredData(uncensored=self.exact, right=self.running,
                                  left=self.held)

    @property
    def left_only(self) -> bool:
        """Censored from above and never from below: the estimate reads time backwards."""
        return bool(self.held.size) and not self.running.size

    def reflected(self) -> tuple[Observed, float]:
        """The same durations read backwards from ``m`` (past the longest): a duration of
        at most ``c`` becomes one of at least ``m - c``."""
        import numpy as np

        m = float(max(self.exact.max(initial=0.0), self.held.max(initial=0.0))) + 1.0
        return Observed(m - self.exact, m - self.held, np.asarray([], dtype=float)), m

    def loglik(self, frozen: Any) -> float:
        import numpy as np

        return float(np.sum(frozen.logpdf(self.exact)) + np.sum(frozen.logsf(self.running))
                     + np.sum(frozen.logcdf(self.held)))


def _estimate(observed: Observed) -> Any:
    from scipy import stats

    return stats.ecdf(stats.CensoredData(uncensored=observed.exact,
                                         right=observed.running)).cdf


def kaplan_meier_distance(observed: Observed, cdf: Any, alpha: float
                          ) -> tuple[float, float]:
    """The largest distance between ``cdf`` and the Kaplan–Meier estimate (on both sides
    of each of its steps), and the Dvoretzky–Kiefer–Wolfowitz band at ``alpha`` for as
    many complete observations (censoring only widens the true band, so this is the
    stricter side)."""
    import numpy as np

    if observed.left_only:  # read backwards, T' = m - T: P(T' <= t) = P(T >= m - t)
        backwards, m = observed.reflected()
        return kaplan_meier_distance(backwards, lambda t: 1.0 - cdf(m - t), alpha)
    estimate = _estimate(observed)
    times = np.asarray(estimate.quantiles, dtype=float)
    after = np.asarray(estimate.probabilities, dtype=float)
    before = np.concatenate([[0.0], after[:-1]])
    fitted = np.asarray(cdf(times), dtype=float)
    distance = float(max(np.max(np.abs(fitted - after)), np.max(np.abs(fitted - before))))
    bound = math.sqrt(math.log(2 / alpha) / (2 * max(1, observed.exact.size)))
    return distance, bound


def kaplan_meier_table(observed: Observed, rows: int) -> tuple[float, ...]:
    """``rows`` quantiles (0 %, …, 100 %) of the Kaplan–Meier estimate; where it never
    reaches a level (the longest observation still running), the longest observation.
    Censored from above only: the table of the durations read backwards, turned round
    (where that never reaches a level, the shortest observation, an upper bound)."""
    import numpy as np

    if observed.left_only:
        backwards, m = observed.reflected()
        return tuple(m - x for x in reversed(kaplan_meier_table(backwards, rows)))

    estimate = _estimate(observed)
    times = np.asarray(estimate.quantiles, dtype=float)
    levels = np.asarray(estimate.probabilities, dtype=float)
    longest = float(max(times.max(), observed.running.max(initial=0.0)))
    table = []
    for level in np.linspace(0, 1, rows):
        at = int(np.searchsorted(levels, level - 1e-12, side="left"))
        table.append(float(times[at]) if at < times.size else longest)
    table[0] = float(min(times.min(), table[0]))
    return tuple(table)
