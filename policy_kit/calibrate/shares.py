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

Where guards over the applicant decide, the likelihood is taken case by case instead
(``guarded_shares``: one applicant answers every visit of a case).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from ..expr import Value
from ..model import Frozen
from ..semantics import Semantics
from .guarded_shares import GuardCheck, by_case, open_mass, open_row
from .observe import Decision

__all__ = ["GuardCheck", "MIN_VISITS", "Share", "StateShares", "estimate_shares"]

MIN_VISITS = 5
"""Visits below which a state's shares are too few to estimate (kept or defaulted)."""

APPLICANTS = 1000
"""Applicants drawn to estimate how often a guard over their attributes holds."""

BOOTSTRAP = 200

Interval = Literal["wilson", "bootstrap"]


class Share(Frozen):
    trigger: str
    taken: int
    share: float
    low: float
    high: float


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
    known: dict[tuple[Any, ...], tuple[tuple[frozenset[str], float], ...]] = {}
    for visit in visits:
        alike = (visit.config, visit.certain, tuple(m.key for m in visit.guarded))
        if alike not in known:  # visits in one configuration open the same ways
            known[alike] = _open_sets(semantics, visit, sample)
        sets = known[alike]
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
        p, bounds, guards = by_case(semantics, visits, sample, triggers)
        return _result(state, visits, forced, cells, keys, counts, triggers, p, bounds,
                       "bootstrap", unexpected, guards)
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
            unexpected: Sequence[str],
            guards: tuple[GuardCheck, ...] | None = None) -> StateShares:
    n = int(counts.sum())
    taken = Counter[str]()
    for (_, t), c in cells.items():
        taken[t] += int(c)
    shares = tuple(Share(trigger=t, taken=taken[t], share=float(p[i]),
                         low=min(bounds[i][0], float(p[i])),
                         high=max(bounds[i][1], float(p[i])))
                   for i, t in enumerate(triggers))
    if guards is None:
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
        row = open_row(semantics, visit, values, index)
        seen[frozenset(t for t, is_open in zip(names, row, strict=True) if is_open)] += 1
    total = sum(seen.values())
    return tuple(sorted(((s, c / total) for s, c in seen.items() if s),
                        key=lambda item: sorted(item[0])))


def _likelihood_terms(keys: Sequence[Cell], triggers: Sequence[str]) -> tuple[Any, ...]:
    """The cells as arrays, padded to the most open sets of a cell: the open ways' masks
    (cells × sets × ways; a padding set has every way open), each set's chance (0 for
    padding) and the index of the way taken."""
    import numpy as np

    index = {t: i for i, t in enumerate(triggers)}
    widest = max((sum(1 for s, _ in sets if taken in s) for sets, taken in keys), default=1)
    masks = np.ones((len(keys), max(1, widest), len(triggers)))
    chances = np.zeros((len(keys), max(1, widest)))
    taken = np.zeros(len(keys), dtype=int)
    for c, (sets, way) in enumerate(keys):
        taken[c] = index[way]
        for j, (s, w) in enumerate((s, w) for s, w in sets if way in s):
            masks[c, j] = [t in s for t in triggers]
            chances[c, j] = w
    return masks, chances, taken


def _maximise(keys: Sequence[Cell], counts: Any, triggers: Sequence[str],
              terms: tuple[Any, ...] | None = None) -> Any:
    """The shares of greatest likelihood (softmax parameters, BFGS: scipy's L-BFGS-B
    spent most of its time in BLAS threads spinning between its many small calls)."""
    import numpy as np
    from scipy.optimize import minimize

    masks, chances, way = terms if terms is not None else _likelihood_terms(keys, triggers)
    k = len(triggers)
    taken = np.bincount(way, weights=counts, minlength=k).astype(float)
    start = np.log(np.maximum(taken, 0.5) / taken.sum())
    if bool(np.all(masks[chances > 0] == 1)) and bool(np.all(
            (chances > 0).sum(axis=1) == 1)):
        return taken / taken.sum()  # every way always open: the plain shares

    def negative(theta: Any) -> float:
        p = np.exp(theta - theta.max())
        p /= p.sum()
        chance = (chances * p[way][:, None] / open_mass(masks, p)).sum(axis=1)
        return float(-(counts * np.log(np.maximum(chance, 1e-300))).sum())

    found = minimize(negative, start, method="BFGS")
    p = np.exp(found.x - found.x.max())
    return p / p.sum()


def _bootstrap(keys: Sequence[Cell], counts: Any, triggers: Sequence[str]
               ) -> list[tuple[float, float]]:
    import numpy as np

    rng = np.random.default_rng(20240219)
    n = int(counts.sum())
    terms = _likelihood_terms(keys, triggers)
    draws = [_maximise(keys, rng.multinomial(n, counts / counts.sum()).astype(float),
                       triggers, terms) for _ in range(BOOTSTRAP)]
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
