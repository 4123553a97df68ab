"""Whether one case's steps take their time together: a test the scenario's model needs.

Part of **calibrate**. A scenario draws every step's duration on its own; in an office
where one officer handles a case's steps in one sitting, or a case waits as a whole,
a case's steps are fast together or slow together, and a simulation of independent
steps gives cycle times and forecast ranges too narrow (WABO's ``--report`` and its
backtest show both). The test: each complete observation is turned into its normal
score within its step (its mid-rank among the step's observations, through the
normal's quantile function, so steps of minutes and steps of weeks are comparable and
the marginals play no part), and the scores are held against the cases they belong to
in a one-way analysis of variance: the intraclass correlation is the share of the
scores' variance that lies between cases (0 for independent steps; the correlation of
the latent normal scores of two steps of one case), its F test says whether it is more
than chance, and a bootstrap over cases gives its 95 % interval. Only cases with two or
more complete observations count.

*Assumption:* a busy month slows every case then open, which the test counts as a
case's own slowness too; it is a test of independence, not a model of its cause.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from ..model import Frozen

__all__ = ["ALPHA", "Dependence", "case_dependence"]

ALPHA = 0.05
BOOTSTRAP = 200
MIN_CASES = 20
"""Cases with two or more complete observations needed to test at all."""


class Dependence(Frozen):
    cases: int
    observations: int
    intraclass: float
    low: float
    high: float
    f_statistic: float
    p_value: float

    @property
    def dependent(self) -> bool:
        return self.p_value < ALPHA and self.intraclass > 0


def case_dependence(observed: Sequence[tuple[int, str, float]]) -> Dependence | None:
    """The test over ``(case, state, duration)`` triples; None with too few cases (with
    two or more observations of steps whose durations vary)."""
    import numpy as np
    from scipy import stats

    by_state: dict[str, list[int]] = defaultdict(list)
    for k, (_, state, _) in enumerate(observed):
        by_state[state].append(k)
    scores = np.full(len(observed), np.nan)
    for members in by_state.values():
        values = np.array([observed[k][2] for k in members])
        if values.min() < values.max():  # a step always as long says nothing here
            scores[members] = stats.norm.ppf(stats.rankdata(values) / (len(values) + 1))
    by_case: dict[int, list[float]] = defaultdict(list)
    for k, (case, _, _) in enumerate(observed):
        if not np.isnan(scores[k]):
            by_case[case].append(float(scores[k]))
    groups = [np.array(v) for v in by_case.values() if len(v) >= 2]
    if len(groups) < MIN_CASES:
        return None
    icc, f, p = _anova(groups)
    if not math.isfinite(f):
        return None  # every case's steps tied within it: nothing to tell apart
    rng = np.random.default_rng(20240219)
    draws = [_anova([groups[i] for i in rng.integers(0, len(groups), len(groups))])[0]
             for _ in range(BOOTSTRAP)]
    return Dependence(cases=len(groups), observations=int(sum(g.size for g in groups)),
                      intraclass=round(icc, 4), low=round(float(np.quantile(draws, 0.025)), 4),
                      high=round(float(np.quantile(draws, 0.975)), 4),
                      f_statistic=round(f, 4), p_value=float(p))


def _anova(groups: Sequence[object]) -> tuple[float, float, float]:
    """The one-way random-effects intraclass correlation, its F statistic and p-value."""
    import numpy as np
    from scipy import stats

    arrays = [np.asarray(g, dtype=float) for g in groups]
    sizes = np.array([a.size for a in arrays], dtype=float)
    total, count = float(sizes.sum()), len(arrays)
    means = np.array([a.mean() for a in arrays])
    grand = float(np.concatenate(arrays).mean())
    between = float((sizes * (means - grand) ** 2).sum()) / (count - 1)
    within = float(sum(((a - a.mean()) ** 2).sum() for a in arrays)) / (total - count)
    if within <= 0:
        return 0.0, math.inf, 1.0
    n0 = (total - float((sizes ** 2).sum()) / total) / (count - 1)
    icc = (between - within) / (between + (n0 - 1) * within)
    f = between / within
    return float(icc), float(f), float(stats.f.sf(f, count - 1, total - count))
