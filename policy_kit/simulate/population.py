"""Who applies and when: arrival moments and the applicants' attributes, drawn per case.

Part of **simulate**: the engine asks for arrival moments (hours from the scenario's
start, ascending) and for each case's attributes; both are functions of a
stream of its own (``policy_kit.simulate.streams``) so that a replication's draws
depend on its seed alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from ..errors import UsageError
from ..expr import Value
from ..loader import Definition
from ..values import attribute_values
from .distributions import Distribution, Sampler, UntilDeadline, sampler
from .loading import attribute_value, fixed_value
from .scenario import Arrivals, Scenario
from .streams import Draws
from .timeaxis import Axis

__all__ = ["applicant_sampler", "arrival_times", "hours_per_unit"]


def hours_per_unit(distribution: Distribution, day_length: float) -> float:
    """Hours in one unit of ``distribution`` (a working day lasts ``day_length`` hours)."""
    return {"working_hours": 1.0, "natural_hours": 1.0, "working_days": day_length,
            "natural_days": 24.0}[distribution.unit]


def arrival_times(arrivals: Arrivals, axis: Axis, start: date, rng: Draws,
                  count: int) -> Iterator[float]:
    """``count`` arrival moments (hours from ``start``), ascending."""
    if arrivals.batches:
        return _batches(arrivals, axis, start, rng, count)
    if arrivals.by_month:
        return _seasonal(arrivals, axis, start, rng, count)
    if arrivals.per_working_day is not None:
        gap = _exponential(axis.length / arrivals.per_working_day)
    else:
        gap_dist = arrivals.interarrival
        assert gap_dist is not None
        if isinstance(gap_dist, UntilDeadline):
            raise UsageError("arrivals.interarrival: `until_deadline` is for durations",
                             zh="arrivals.interarrival：`until_deadline` 只用于办理时长")
        gap = sampler(gap_dist, hours_per_unit(gap_dist, axis.length))
        if gap_dist.unit.startswith("natural"):
            return _clock_stream(axis, gap, rng, count)
    return _stream(axis, gap, rng, count)


def _exponential(mean: float) -> Sampler:
    rate = 1.0 / mean
    return lambda rng: rng.expovariate(rate)


def _seasonal(arrivals: Arrivals, axis: Axis, start: date, rng: Draws,
              count: int) -> Iterator[float]:
    """A Poisson process in office time whose rate is the month's (``by_month``), drawn
    by thinning (Lewis and Shedler, 1979): candidates come at the highest monthly rate
    and each is kept with the chance its month's rate bears to that one."""
    top = max(arrivals.rate_in(m) for m in range(1, 13))
    rates = [arrivals.rate_in(m) / top for m in range(1, 13)]
    candidate = _exponential(axis.length / top)
    w = axis.to_w(0.0)
    made = 0
    while made < count:
        t = axis.begin(w)
        month = (start + timedelta(hours=t)).month
        if rates[month - 1] >= 1.0 or rng.random() < rates[month - 1]:
            yield t
            made += 1
        w += candidate(rng)


def _stream(axis: Axis, gap: Sampler, rng: Draws, count: int) -> Iterator[float]:
    """Gaps counted in office time: applications come only while offices are open."""
    w = axis.to_w(0.0)
    for _ in range(count):
        yield axis.begin(w)
        w += gap(rng)


def _clock_stream(axis: Axis, gap: Sampler, rng: Draws, count: int) -> Iterator[float]:
    """Gaps counted on the clock; one that ends while offices are closed arrives at the
    next opening, and the next gap counts from there (Prosimos' arrival calendar)."""
    t = axis.begin(axis.to_w(0.0))
    for _ in range(count):
        yield t
        t = axis.begin(axis.to_w(t + gap(rng)))


def _batches(arrivals: Arrivals, axis: Axis, start: date, rng: Draws,
             count: int) -> Iterator[float]:
    total = sum(b.cases for b in arrivals.batches)
    if not arrivals.yearly and total < count:
        raise UsageError(f"the scenario's batches hold {total} cases; ask for no more "
                         "(--cases, warm-up included) or make them `yearly: true`",
                         zh=(f"情景的各批申请共有 {total} 件；请求的件数不能更多（--cases，含预热"
                             "），或把它们设为 `yearly: true`"))
    if any(b.date < start for b in arrivals.batches):
        raise UsageError(f"a batch is dated before the scenario's start ({start})",
                         zh=f"有一批申请的日期早于情景的开始日期（{start}）")
    year = 0
    while count > 0:
        for batch in sorted(arrivals.batches, key=lambda b: b.date):
            day = (_shift_year(batch.date, year) - start).days
            w0 = axis.to_w(24.0 * day)
            span = batch.spread_working_days * axis.length
            n = min(batch.cases, count)
            for u in sorted(rng.random() for _ in range(n)):
                yield axis.begin(w0 + u * span)
            count -= n
            if count <= 0:
                return
        year += 1


def _shift_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def applicant_sampler(definition: Definition,
                scenario: Scenario) -> Callable[[Draws], Mapping[str, Value]]:
    """A function drawing one applicant's attributes; examples for those not drawn."""
    base = attribute_values(definition.process, {})
    if not scenario.applicants:
        return lambda rng: base
    draws: list[Callable[[Draws], Value]] = []
    names: list[str] = []
    attributes = definition.process.attributes
    for name in attributes:
        spec = scenario.applicants.get(name)
        if spec is None:
            continue
        attribute = attributes[name]
        names.append(name)
        if spec.value is not None:
            draws.append(_constant(fixed_value(attribute, spec.value)))
        elif spec.distribution is not None:
            if isinstance(spec.distribution, UntilDeadline):
                raise UsageError(f"applicants.{name}: `until_deadline` is for durations",
                                 zh=f"applicants.{name}：`until_deadline` 只用于办理时长")
            draws.append(_number_draw(sampler(spec.distribution, 1.0), attribute))
        else:
            values = [attribute_value(attribute, k) for k in spec.shares]
            cumulative = list(_accumulate(spec.shares.values()))
            draws.append(_share_draw(values, cumulative))

    def draw(rng: Draws) -> Mapping[str, Value]:
        values = dict(base)
        for name, one in zip(names, draws, strict=True):
            values[name] = one(rng)
        return values

    return draw


def _constant(value: Any) -> Callable[[Draws], Value]:
    return lambda rng: value


def _accumulate(shares: Any) -> Iterator[float]:
    total = 0.0
    for share in shares:
        total += share
        yield total


def _share_draw(values: list[Any], cumulative: list[float]) -> Callable[[Draws], Value]:
    last = len(values) - 1

    def draw(rng: Draws) -> Value:
        u = rng.random() * cumulative[-1]
        for i, bound in enumerate(cumulative):
            if u < bound:
                return values[i]  # type: ignore[no-any-return]
        return values[last]  # type: ignore[no-any-return]

    return draw


def _number_draw(draw_float: Sampler, attribute: Any) -> Callable[[Draws], Value]:
    low = -math.inf if attribute.min is None else float(attribute.min)
    high = math.inf if attribute.max is None else float(attribute.max)
    integer = attribute.type == "integer"

    def draw(rng: Draws) -> Value:
        x = min(max(draw_float(rng), low), high)
        return Decimal(round(x)) if integer else Decimal(repr(round(x, 6)))

    return draw
