"""How often each way out of a state is taken: shares estimated from the visits a log shows.

Part of **calibrate**. The simulator draws a way among the ways *open* at a visit, in
proportion to the scenario's shares (``policy_kit.simulate.choice``), so the shares are
estimated under that same rule, by maximum likelihood: a visit that took way *t* while
the ways *S* were open has probability p_t / Σ_{w∈S} p_w. Which ways were open comes from
the replay: ``max_rounds`` and ``done(...)`` are known from where the case stood; a guard
over the applicant's attributes is not (a log does not carry them), so its chance of
holding is taken from the scenario's applicant distributions, by drawing applicants.

When every visit had every way open and no guard was involved, the estimate is the
plain share of visits and its 95 % interval is Wilson's; otherwise the interval is a
bootstrap over visits (percentiles of 200 re-estimates), and the text says which.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from ..expr import Value
from ..model import Frozen
from ..semantics import Semantics
from .observe import Decision

__all__ = ["GuardCheck", "MIN_VISITS", "Share", "StateShares", "estimate_shares"]

MIN_VISITS = 5
"""Visits below which a state's shares are too few to estimate (kept or defaulted)."""

APPLICANTS = 400
"""Applicants drawn to estimate how often a guard over their attributes holds."""

BOOTSTRAP = 200

Interval = Literal["wilson", "bootstrap"]


class Share(Frozen):
    trigger: str
    taken: int
    share: float
    low: float
    high: float


class GuardCheck(Frozen):
    """A way decided by a guard the log cannot see: how often the log shows it taken,
    and how often the applicant distributions (with the estimated shares) predict."""

    trigger: str
    observed: float
    predicted: float


class StateShares(Frozen):
    state: str
    visits: int
    forced: int
    interval: Interval
    shares: tuple[Share, ...]
    guards: tuple[GuardCheck, ...] = ()
    unexpected: tuple[str, ...] = ()
    """Ways the log shows taken although the applicant distributions never open them."""


Cell = tuple[tuple[tuple[frozenset[str], float], ...], str]
"""A visit's open sets with their chances, and the way taken; visits alike share a cell."""


def estimate_shares(semantics: Semantics, decisions: Sequence[Decision],
                    forced: Mapping[str, int],
                    applicants: Callable[[int], Mapping[str, Value]] | None
                    ) -> dict[str, StateShares]:
    """Shares per state with at least ``MIN_VISITS`` visits that had a choice.

    ``applicants(i)`` draws the i-th sample applicant (from the scenario's applicant
    distributions); None when there is no scenario, in which case a guarded way is
    taken to be open whenever the log shows it could be (its guard "could hold").
    """
    by_state: dict[str, list[Decision]] = {}
    for decision in decisions:
        by_state.setdefault(decision.source, []).append(decision)
    sample = [applicants(i) for i in range(APPLICANTS)] if applicants else []
    result = {}
    for state, visits in by_state.items():
        if len(visits) < MIN_VISITS:
            continue
        result[state] = _estimate(semantics, state, visits, forced.get(state, 0), sample)
    return result


def _estimate(semantics: Semantics, state: str, visits: Sequence[Decision], forced: int,
              sample: Sequence[Mapping[str, Value]]) -> StateShares:
    import numpy as np

    unexpected: list[str] = []
    cells: Counter[Cell] = Counter()
    for visit in visits:
        sets = _open_sets(semantics, visit, sample)
        if not any(visit.taken in s for s, _ in sets):
            unexpected.append(visit.taken)
            sets = tuple((s | {visit.taken}, w) for s, w in sets)
        cells[(sets, visit.taken)] += 1
    triggers = sorted({t for (sets, taken) in cells for s, _ in sets for t in s}
                      | {taken for _, taken in cells})
    counts = np.array(list(cells.values()), dtype=float)
    keys = list(cells)
    simple = all(len(sets) == 1 and sets[0][0] == frozenset(triggers) for sets, _ in keys)
    if sample and any(v.guarded for v in visits):
        p, bounds = _by_case(semantics, visits, sample, triggers)
        return _result(state, visits, forced, cells, keys, counts, triggers, p, bounds,
                       "bootstrap", unexpected)
    p = _maximise(keys, counts, triggers)
    n = int(counts.sum())
    if simple:
        bounds = [_wilson(int(sum(c for (_, t), c in cells.items() if t == x)), n)
                  for x in triggers]
        interval: Interval = "wilson"
    else:
        bounds = _bootstrap(keys, counts, triggers)
        interval = "bootstrap"
    return _result(state, visits, forced, cells, keys, counts, triggers, p, bounds, interval,
                   unexpected)


def _result(state: str, visits: Sequence[Decision], forced: int, cells: Counter[Cell],
            keys: Sequence[Cell], counts: Any, triggers: Sequence[str], p: Any,
            bounds: Sequence[tuple[float, float]], interval: Interval,
            unexpected: Sequence[str]) -> StateShares:
    n = int(counts.sum())
    taken = Counter[str]()
    for (_, t), c in cells.items():
        taken[t] += int(c)
    shares = tuple(Share(trigger=t, taken=taken[t], share=float(p[i]),
                         low=min(bounds[i][0], float(p[i])),
                         high=max(bounds[i][1], float(p[i])))
                   for i, t in enumerate(triggers))
    guards = _guard_checks(keys, counts, triggers, p, visits, taken, n)
    return StateShares(state=state, visits=n, forced=forced, interval=interval,
                       shares=shares, guards=guards,
                       unexpected=tuple(dict.fromkeys(unexpected)))


def _open_sets(semantics: Semantics, visit: Decision,
               sample: Sequence[Mapping[str, Value]]
               ) -> tuple[tuple[frozenset[str], float], ...]:
    """The sets of ways open at ``visit``, with their chances over the sample applicants."""
    if not visit.guarded:
        return ((visit.certain, 1.0),)
    if not sample:
        return ((visit.certain | {m.trigger for m in visit.guarded}, 1.0),)
    index = {t: i for i, t in enumerate(sorted(visit.certain | {m.trigger for m in
                                                                    visit.guarded}))}
    names = list(index)
    seen: Counter[frozenset[str]] = Counter()
    for values in sample:
        row = _open_row(semantics, visit, values, index)
        seen[frozenset(t for t, is_open in zip(names, row, strict=True) if is_open)] += 1
    total = sum(seen.values())
    return tuple(sorted(((s, c / total) for s, c in seen.items() if s),
                        key=lambda item: sorted(item[0])))


def _likelihood_terms(keys: Sequence[Cell], triggers: Sequence[str]) -> list[Any]:
    """Per cell: (index of the way taken, [(mask of open ways, chance), …])."""
    import numpy as np

    index = {t: i for i, t in enumerate(triggers)}
    terms = []
    for sets, taken in keys:
        masks = [(np.array([t in s for t in triggers], dtype=float), w) for s, w in sets
                 if taken in s]
        terms.append((index[taken], masks))
    return terms


def _maximise(keys: Sequence[Cell], counts: Any, triggers: Sequence[str]) -> Any:
    """The shares of greatest likelihood (softmax parameters, L-BFGS)."""
    import numpy as np
    from scipy.optimize import minimize

    terms = _likelihood_terms(keys, triggers)
    k = len(triggers)
    taken = np.zeros(k)
    for (i, _), c in zip(terms, counts, strict=True):
        taken[i] += c
    start = np.log(np.maximum(taken, 0.5) / taken.sum())

    def negative(theta: Any) -> float:
        p = np.exp(theta - theta.max())
        p /= p.sum()
        total = 0.0
        for (i, masks), c in zip(terms, counts, strict=True):
            chance = sum(w * p[i] / float(mask @ p) for mask, w in masks)
            total -= c * math.log(max(chance, 1e-300))
        return total

    if all(len(m) == 1 and m[0][0].all() for _, m in terms):
        return taken / taken.sum()  # every way always open: the plain shares
    found = minimize(negative, start, method="L-BFGS-B")
    p = np.exp(found.x - found.x.max())
    return p / p.sum()


def _bootstrap(keys: Sequence[Cell], counts: Any, triggers: Sequence[str]
               ) -> list[tuple[float, float]]:
    import numpy as np

    rng = np.random.default_rng(20240219)
    n = int(counts.sum())
    draws = []
    for _ in range(BOOTSTRAP):
        again = rng.multinomial(n, counts / counts.sum()).astype(float)
        kept = again > 0
        draws.append(_maximise([k for k, keep in zip(keys, kept, strict=True) if keep],
                               again[kept], triggers))
    table = np.array(draws)
    return [(float(np.quantile(table[:, i], 0.025)), float(np.quantile(table[:, i], 0.975)))
            for i in range(len(triggers))]


def _wilson(k: int, n: int) -> tuple[float, float]:
    """Wilson's score interval for k of n (stays within 0–1, unlike the normal one)."""
    from scipy.stats import binomtest

    ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    return (float(ci.low), float(ci.high))


def _guard_checks(keys: Sequence[Cell], counts: Any, triggers: Sequence[str], p: Any,
                  visits: Sequence[Decision], taken: Counter[str], n: int
                  ) -> tuple[GuardCheck, ...]:
    guarded = sorted({m.trigger for v in visits for m in v.guarded})
    if not guarded:
        return ()
    index = {t: i for i, t in enumerate(triggers)}
    predicted = Counter[str]()
    for (sets, _), c in zip(keys, counts, strict=True):
        for s, w in sets:
            total = sum(p[index[t]] for t in s)
            for t in s:
                predicted[t] += c * w * p[index[t]] / total
    return tuple(GuardCheck(trigger=t, observed=taken[t] / n, predicted=predicted[t] / n)
                 for t in guarded)


CASE_APPLICANTS = 200
"""Applicants drawn per case pattern when guards decide: one applicant answers every
guard of a case, so a case's visits are weighed together."""

CASE_BOOTSTRAP = 40


def _by_case(semantics: Semantics, visits: Sequence[Decision],
             sample: Sequence[Mapping[str, Value]], triggers: Sequence[str]
             ) -> tuple[Any, list[tuple[float, float]]]:
    """Shares by maximum likelihood over whole cases: a case's applicant is unknown but
    the same at each of its visits, so its likelihood is the average, over drawn
    applicants, of the product of its visits' chances (p_t / Σ_{w open} p_w)."""
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
    for key in keys:
        masks = np.array([[_open_row(semantics, v, values, index) for values in drawn]
                          for v in example[key]], dtype=float)  # visits × applicants × ways
        taken = np.array([index[v.taken] for v in example[key]])
        arrays.append((masks, taken))
    weights = np.array([patterns[k] for k in keys], dtype=float)

    def fit(counts: Any) -> Any:
        return _maximise_cases(arrays, counts, len(triggers))

    p = fit(weights)
    rng = np.random.default_rng(20240219)
    draws = [fit(rng.multinomial(int(weights.sum()), weights / weights.sum()).astype(float))
             for _ in range(CASE_BOOTSTRAP)]
    table = np.array(draws)
    bounds = [(float(np.quantile(table[:, i], 0.025)), float(np.quantile(table[:, i], 0.975)))
              for i in range(len(triggers))]
    return p, bounds


def _open_row(semantics: Semantics, visit: Decision, values: Mapping[str, Value],
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


def _maximise_cases(arrays: Sequence[tuple[Any, Any]], counts: Any, k: int) -> Any:
    import numpy as np
    from scipy.optimize import minimize
    from scipy.special import logsumexp

    def negative(theta: Any) -> float:
        p = np.exp(theta - theta.max())
        p /= p.sum()
        total = 0.0
        for (masks, taken), count in zip(arrays, counts, strict=True):
            if count == 0:
                continue
            chosen = masks[np.arange(len(taken)), :, taken] * p[taken][:, None]
            open_mass = masks @ p  # visits × applicants
            with np.errstate(divide="ignore", invalid="ignore"):
                logs = np.log(np.where(chosen > 0, chosen / open_mass, 0.0))
            per_applicant = logs.sum(axis=0)
            if not np.isfinite(per_applicant).any():
                continue  # no drawn applicant explains this case: it says nothing here
            total -= count * (float(logsumexp(per_applicant)) - math.log(masks.shape[1]))
        return total

    found = minimize(negative, np.zeros(k), method="L-BFGS-B")
    p = np.exp(found.x - found.x.max())
    return p / p.sum()
