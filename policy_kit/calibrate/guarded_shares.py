"""Shares where guards over the applicant decide: the likelihood taken case by case.

Part of **calibrate** (``shares``). A guard over the applicant's attributes is not in
the log, so its chance of holding comes from drawn applicants (the scenario's applicant
distributions). One applicant answers every visit of a case, so a case's likelihood is
the average, over drawn applicants, of the product of its visits' chances
(p_t / Σ_{w open} p_w); weighing each visit as a fresh applicant gave 0.38/0.41 for a
truth of 0.5/0.3. Its bootstrap resamples the cases *and* the drawn applicants, since a
guard's chance read off a finite sample of applicants is itself uncertain (holding the
sample fixed gave intervals too narrow). The share a guarded way is predicted to have is
per case, too: the chance that a case's first visit of the state takes the way, over
drawn applicants, beside the share of cases whose first visit did (later visits are
selected by how the same applicant answered before, so holding them against the
applicant distributions would mislead).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from ..expr import Value
from ..model import Frozen
from ..semantics import Semantics
from .observe import Decision

__all__ = ["CASE_APPLICANTS", "CASE_BOOTSTRAP", "GuardCheck", "by_case", "open_mass",
           "open_row"]


class GuardCheck(Frozen):
    """A way decided by a guard the log cannot see: how often the log shows it taken,
    and how often the applicant distributions (with the estimated shares) predict."""

    trigger: str
    observed: float
    predicted: float
    basis: Literal["visits", "cases"] = "visits"
    """``cases``: shares of cases whose first visit of the state took the way."""


CASE_APPLICANTS = 1000
"""Applicants drawn per case pattern when guards decide: one applicant answers every
guard of a case, so a case's visits are weighed together."""

CASE_BOOTSTRAP = 40


def by_case(semantics: Semantics, visits: Sequence[Decision],
             sample: Sequence[Mapping[str, Value]], triggers: Sequence[str]
             ) -> tuple[Any, list[tuple[float, float]], tuple[GuardCheck, ...]]:
    """Shares by maximum likelihood over whole cases: a case's applicant is unknown but
    the same at each of its visits, so its likelihood is the average, over drawn
    applicants, of the product of its visits' chances (p_t / Σ_{w open} p_w). The 95 %
    interval resamples both the cases and the drawn applicants."""
    import numpy as np

    index = {t: i for i, t in enumerate(triggers)}
    drawn = sample[:CASE_APPLICANTS]
    by_case: dict[int, list[Decision]] = {}
    for visit in visits:
        by_case.setdefault(visit.case, []).append(visit)
    patterns: Counter[tuple[Any, ...]] = Counter()
    example: dict[tuple[Any, ...], list[Decision]] = {}
    for case_visits in by_case.values():
        key = tuple((v.config, v.certain, tuple(m.key for m in v.guarded), v.taken)
                    for v in case_visits)
        patterns[key] += 1
        example.setdefault(key, case_visits)
    keys = list(patterns)
    arrays = []
    rows: dict[tuple[Any, ...], Any] = {}
    for key in keys:
        for v, alike in zip(example[key], key, strict=True):
            if alike[:3] not in rows:  # one configuration opens the same ways
                rows[alike[:3]] = np.array([open_row(semantics, v, values, index)
                                            for values in drawn], dtype=float)
        masks = np.stack([rows[alike[:3]] for alike in key])  # visits × applicants × ways
        taken = np.array([index[v.taken] for v in example[key]])
        arrays.append((masks, taken))
    weights = np.array([patterns[k] for k in keys], dtype=float)
    masks, taken, real = padded = _padded(arrays)
    p = _maximise_cases(arrays, weights, len(triggers), padded)
    rng = np.random.default_rng(20240219)
    total, applicants = int(weights.sum()), len(drawn)
    draws = []
    for _ in range(CASE_BOOTSTRAP):
        cases = rng.multinomial(total, weights / total).astype(float)
        pick = rng.integers(0, applicants, applicants)
        draws.append(_maximise_cases(arrays, cases, len(triggers),
                                     (masks[:, :, pick, :], taken, real)))
    table = np.array(draws)
    bounds = [(float(np.quantile(table[:, i], 0.025)), float(np.quantile(table[:, i], 0.975)))
              for i in range(len(triggers))]
    guarded = sorted({m.trigger for v in visits for m in v.guarded})
    return p, bounds, _case_guard_checks(arrays, weights, p, triggers, guarded)


def _case_guard_checks(arrays: Sequence[tuple[Any, Any]], weights: Any, p: Any,
                       triggers: Sequence[str], guarded: Sequence[str]
                       ) -> tuple[GuardCheck, ...]:
    """Per guarded way: the share of cases whose first visit took it, and the chance a
    case's first visit takes it, over drawn applicants. A case's first visit, unlike its
    later ones, is not chosen by how its own applicant answered before (an applicant
    whose guards keep sending the case round the loop visits more often), so the
    applicant distributions can be held against it as they are."""
    import numpy as np

    index = {t: i for i, t in enumerate(triggers)}
    total = float(weights.sum())
    checks = []
    for trigger in guarded:
        i = index[trigger]
        observed = predicted = 0.0
        for (masks, taken), count in zip(arrays, weights, strict=True):
            first = masks[0]  # applicants × ways
            mass = open_mass(first, p)
            with np.errstate(divide="ignore", invalid="ignore"):
                chance = np.where(mass > 0, first[:, i] * p[i] / mass, 0.0)
            predicted += count * float(chance.mean())
            observed += count * float(taken[0] == i)
        checks.append(GuardCheck(trigger=trigger, observed=observed / total,
                                 predicted=predicted / total, basis="cases"))
    return tuple(checks)


def _padded(arrays: Sequence[tuple[Any, Any]]) -> tuple[Any, Any, Any]:
    """The case patterns as one array, padded to the most visits of a pattern:
    patterns × visits × applicants × ways, the way taken at each visit, and which
    visits are real (a padding visit counts for nothing)."""
    import numpy as np

    most = max(len(taken) for _, taken in arrays)
    applicants, k = arrays[0][0].shape[1], arrays[0][0].shape[2]
    masks = np.ones((len(arrays), most, applicants, k))
    taken = np.zeros((len(arrays), most), dtype=int)
    real = np.zeros((len(arrays), most), dtype=bool)
    for i, (m, t) in enumerate(arrays):
        masks[i, :len(t)] = m
        taken[i, :len(t)] = t
        real[i, :len(t)] = True
    return masks, taken, real


def _maximise_cases(arrays: Sequence[tuple[Any, Any]], counts: Any, k: int,
                    padded: tuple[Any, Any, Any] | None = None) -> Any:
    import numpy as np
    from scipy.optimize import minimize
    from scipy.special import logsumexp

    masks, taken, real = padded if padded is not None else _padded(arrays)
    chosen_open = np.take_along_axis(masks, taken[:, :, None, None], axis=3)[..., 0]
    log_applicants = math.log(masks.shape[2])

    def negative(theta: Any) -> float:
        p = np.exp(theta - theta.max())
        p /= p.sum()
        chosen = chosen_open * p[taken][:, :, None]  # patterns × visits × applicants
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.log(np.where(chosen > 0, chosen / open_mass(masks, p), 0.0))
        per_applicant = np.where(real[:, :, None], logs, 0.0).sum(axis=1)
        # a pattern no drawn applicant explains says nothing here
        explained = np.isfinite(per_applicant).any(axis=1) & (counts > 0)
        if not explained.any():
            return 0.0
        case = logsumexp(per_applicant[explained], axis=1) - log_applicants
        return float(-(counts[explained] * case).sum())

    found = minimize(negative, np.zeros(k), method="BFGS")
    p = np.exp(found.x - found.x.max())
    return p / p.sum()


def open_row(semantics: Semantics, visit: Decision, values: Mapping[str, Value],
              index: Mapping[str, int]) -> list[bool]:
    """Which ways were open at ``visit`` for an applicant with ``values``."""
    config = visit.config
    done = semantics.done(config)
    counts = dict(config.visits)
    row = [False] * len(index)
    for trigger in visit.certain:
        row[index[trigger]] = True
    for move in visit.guarded:
        try:
            holds = semantics.condition(move, config.active, lambda s: counts.get(s, 0),
                                        values, done)
        except Exception:  # noqa: BLE001 - an attribute the sample lacks: could hold
            holds = True
        if holds:
            row[index[move.trigger]] = True
    return row


def open_mass(masks: Any, p: Any) -> Any:
    """The shares' sum over the open ways (``masks @ p``), by ``einsum``: a matrix
    product would go through BLAS, whose threads spin between the optimiser's many small
    calls and took four fifths of the time on a busy two-core machine."""
    import numpy as np

    return np.einsum("...k,k->...", masks, p)
