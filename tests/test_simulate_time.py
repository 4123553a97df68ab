"""Office time as numbers (``timeaxis``) against the calendar; distributions; statistics."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from policy_kit.calendar import ChineseCalendar, WeeklyCalendar
from policy_kit.model import Limit
from policy_kit.simulate.distributions import Distribution, sampler
from policy_kit.simulate.stats import mean_interval, percentile, t975
from policy_kit.simulate.streams import Stream
from policy_kit.simulate.timeaxis import Axis, DayTable, day_of, divides_exactly

ORIGIN = date(2023, 9, 1)
CALENDAR = ChineseCalendar("strict")
DAYS = DayTable(CALENDAR, ORIGIN)
AXIS = Axis(DAYS, 9.0, 17.0)


@settings(max_examples=200, deadline=None)
@given(start=st.floats(0, 24 * 500), hours=st.floats(0.001, 200))
def test_adding_office_hours_agrees_with_the_calendar(start: float, hours: float) -> None:
    moment = datetime.combine(ORIGIN, datetime.min.time()) + timedelta(hours=start)
    expected = CALENDAR.add_working_hours(moment, hours)
    got = datetime.combine(ORIGIN, datetime.min.time()) + timedelta(
        hours=AXIS.add(start, hours))
    assert abs((got - expected).total_seconds()) < 0.01


@settings(max_examples=200, deadline=None)
@given(day=st.integers(0, 600), n=st.integers(0, 40), first=st.booleans(),
       natural=st.booleans())
def test_deadlines_agree_with_the_calendar(day: int, n: int, first: bool,
                                           natural: bool) -> None:
    start = ORIGIN + timedelta(days=day)
    if natural:
        limit = Limit(natural_days=n, counts_first_day=first)
        expected = CALENDAR.add_natural_days(start, n, count_first_day=first)
    else:
        limit = Limit(working_days=n, counts_first_day=first)
        expected = CALENDAR.add_working_days(start, n, count_first_day=first)
    assert ORIGIN + timedelta(days=DAYS.deadline(day, limit)) == expected


def test_national_day_notice_ends_on_the_calendars_day() -> None:
    # A 5-working-day notice from 2023-09-28, first day counted, ends 2023-10-10.
    limit = Limit(working_days=5, counts_first_day=True)
    assert DAYS.deadline((date(2023, 9, 28) - ORIGIN).days, limit) == (
        date(2023, 10, 10) - ORIGIN).days


def test_work_that_fills_a_day_ends_at_closing_time() -> None:
    axis = Axis(DayTable(WeeklyCalendar(), date(2025, 1, 6)), 9.0, 17.0)
    assert axis.add(9.0, 8.0) == 17.0            # Monday 09:00 + 8 h = Monday 17:00
    assert axis.add(17.0, 1.0) == 24.0 + 10.0    # then Tuesday 10:00
    assert axis.add(24 * 4 + 16.0, 2.0) == 24 * 7 + 10.0   # Friday 16:00 → Monday 10:00


DISTRIBUTIONS = {
    "fixed": ({"dist": "fixed", "value": 2}, 2, 2),
    "uniform": ({"dist": "uniform", "low": 1, "high": 3}, 1, 3),
    "triangular": ({"dist": "triangular", "low": 1, "mode": 2, "high": 4}, 1, 4),
    "normal": ({"dist": "normal", "mean": 2, "sd": 1, "low": 1, "high": 3}, 1, 3),
    "lognormal": ({"dist": "lognormal", "mean": 2, "sd": 1, "high": 5}, 0, 5),
    "exponential": ({"dist": "exponential", "mean": 2, "low": 0.5, "high": 6}, 0.5, 6),
    "gamma": ({"dist": "gamma", "mean": 2, "sd": 0.5}, 0, 100),
    "empirical": ({"dist": "empirical", "samples": [1, 1.5, 4]}, 1, 4),
}
ADAPTER: TypeAdapter[Distribution] = TypeAdapter(Distribution)


@pytest.mark.parametrize("spec, low, high", list(DISTRIBUTIONS.values()),
                         ids=list(DISTRIBUTIONS))
def test_draws_stay_in_bounds_and_scale_by_unit(spec: dict[str, object], low: float,
                                                high: float) -> None:
    draw = sampler(ADAPTER.validate_python(spec), 8.0)
    rng = Stream.seeded(4)
    values = [draw(rng) for _ in range(2000)]
    assert all(8 * low <= v <= 8 * high for v in values)
    assert len(set(values)) > (1 if spec["dist"] != "fixed" else 0)


@pytest.mark.parametrize("spec, message", [
    ({"dist": "normal", "mean": 2, "sd": 0}, r"greater than 0"),
    ({"dist": "triangular", "low": 1, "mode": 5, "high": 4}, r"`low` ≤ `mode` ≤ `high`"),
    ({"dist": "exponential", "mean": 1, "low": 2}, r"mean.*between `low` and `high`"),
    ({"dist": "uniform", "low": 3, "high": 1}, r"`high` \(1.0\) is below `low`"),
    ({"dist": "empirical", "samples": []}, r"at least 1 item"),
    ({"dist": "weibull", "mean": 1}, r"does not match any of the expected tags"),
    ({"dist": "fixed", "value": -1}, r"greater than or equal to 0"),
], ids=["sd-zero", "mode-outside", "mean-below-shift", "reversed", "no-samples",
        "unknown-kind", "negative"])
def test_bad_parameters_are_refused_when_loaded(spec: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ADAPTER.validate_python(spec)


def test_percentiles_by_hand() -> None:
    values = [1.0, 2.0, 3.0, 4.0]
    assert percentile(values, 50) == 2.5
    assert percentile(values, 90) == pytest.approx(3.7)
    assert percentile(values, 0) == 1.0 and percentile(values, 100) == 4.0
    assert percentile([], 50) is None


def test_confidence_interval_by_hand() -> None:
    mean, low, high = mean_interval([1.0, 2.0, 3.0])   # s = 1, n = 3, t(2) = 4.3027
    assert mean == 2.0
    assert low == pytest.approx(2 - 4.3027 / 3 ** 0.5)
    assert high == pytest.approx(2 + 4.3027 / 3 ** 0.5)
    assert mean_interval([5.0]) == (5.0, None, None)
    assert t975(60) == pytest.approx(2.0003, abs=1e-3)
    with pytest.raises(ValueError, match="no values"):
        mean_interval([])


def test_normal_and_exponential_draws_are_the_streams_own() -> None:
    # Written out for speed, the two commonest samplers give Stream.gauss' and
    # Stream.expovariate's numbers from the same stream.
    from policy_kit.simulate.streams import Stream

    normal = sampler(ADAPTER.validate_python({"dist": "normal", "mean": 10, "sd": 1}), 1.0)
    exponential = sampler(ADAPTER.validate_python({"dist": "exponential", "mean": 3}), 1.0)
    ours, theirs = Stream.seeded(5), Stream.seeded(5)
    for _ in range(500):
        assert normal(ours) == theirs.gauss(10, 1)
        assert exponential(ours) == theirs.expovariate(1 / 3)


@pytest.mark.parametrize("draw, mean, variance", [
    (lambda s: s.triangular(1.0, 7.0, 2.0), 10 / 3, (1 + 49 + 4 - 7 - 2 - 14) / 18),
    (lambda s: s.gauss(5.0, 2.0), 5.0, 4.0),
    (lambda s: s.expovariate(0.5), 2.0, 4.0),
    (lambda s: s.gammavariate(3.0, 2.0), 6.0, 12.0),
    (lambda s: s.gammavariate(0.5, 2.0), 1.0, 2.0),
    (lambda s: s.lognormvariate(0.0, 0.5), 2.718281828 ** 0.125,
     (2.718281828 ** 0.25 - 1) * 2.718281828 ** 0.25),
], ids=["triangular", "normal", "exponential", "gamma", "gamma-below-1", "lognormal"])
def test_each_distribution_has_its_textbook_mean_and_variance(
        draw: Callable[[Any], float], mean: float, variance: float) -> None:
    """Drawn from uniforms by formula (no private ``random.Random`` method): 40,000 draws
    put the mean within 4 standard errors and the variance within 10%."""
    from policy_kit.simulate.streams import Stream

    stream = Stream.seeded(11)
    values = [draw(stream) for _ in range(40_000)]
    m = sum(values) / len(values)
    v = sum((x - m) ** 2 for x in values) / (len(values) - 1)
    assert abs(m - mean) < 4 * (variance / len(values)) ** 0.5
    assert v == pytest.approx(variance, rel=0.1)


def test_a_cases_numbers_do_not_depend_on_the_cases_before_it() -> None:
    from policy_kit.simulate.streams import BLOCK, Streams

    def numbers_of_case_two(drawn_before: int) -> list[float]:
        streams = Streams(7 << 64)
        first, second = streams.case(0), streams.case(1)
        for _ in range(drawn_before):   # earlier cases draw more or less, later or sooner
            first.random()
            second.random()
        third = streams.case(2)
        return [third.random() for _ in range(3 * BLOCK)]   # past its block, too

    assert numbers_of_case_two(0) == numbers_of_case_two(5 * BLOCK)
    assert numbers_of_case_two(0)[0] != Streams(8 << 64).case(2).random()   # another seed
    values = numbers_of_case_two(0)
    assert len(set(values)) == len(values) and all(0.0 <= v < 1.0 for v in values)


@pytest.mark.parametrize("spec, low, high", list(DISTRIBUTIONS.values()),
                         ids=list(DISTRIBUTIONS))
def test_a_cases_stream_draws_every_distribution(spec: dict[str, object], low: float,
                                                 high: float) -> None:
    from policy_kit.simulate.streams import Streams

    draw = sampler(ADAPTER.validate_python(spec), 1.0)
    streams = Streams(3 << 64)
    values = [draw(streams.case(n)) for n in range(300)]
    assert all(low <= v <= high for v in values)
    if spec["dist"] != "fixed":
        assert len(set(values)) > 2


@settings(max_examples=2000, deadline=None)
@given(st.one_of(st.floats(-1e12, 1e12, allow_nan=False),
                 st.integers(-10**9, 10**9).map(lambda d: 24.0 * d),
                 st.integers(-10**9, 10**9).map(lambda d: math.nextafter(24.0 * d, -math.inf)),
                 st.integers(-10**9, 10**9).map(lambda d: math.nextafter(24.0 * d, math.inf))))
def test_day_of_is_the_floor_division_by_a_day(t: float) -> None:
    # The engine writes ``day_of`` out as ``floor(t / 24.0)`` (cheaper than ``//``): the
    # same day for every moment, the ones a hair either side of midnight included (but a
    # negative one so close to 0 that its quotient underflows to -0.0, as documented).
    if -6e-323 < t < 0.0:
        assert day_of(t) == 0 and int(t // 24.0) == -1
    else:
        assert day_of(t) == int(t // 24.0)


LENGTHS = st.one_of(st.sampled_from([8.0, 7.5, 7.25, 8.5, 6.75, 24.0, 0.25, 10.0, 9.0]),
                    st.builds(lambda a, k: a * 2.0 ** -k,
                              st.integers(1, (1 << 20) - 1), st.integers(0, 16)))


@settings(max_examples=2000, deadline=None)
@given(LENGTHS, st.integers(-10**7, 10**7), st.sampled_from([-2, -1, 0, 1, 2]),
       st.floats(-1e8, 1e8, allow_nan=False))
def test_a_day_of_office_time_is_found_by_one_division(length: float, n: int, step: int,
                                                       anywhere: float) -> None:
    # ``Axis.finish`` takes floor(w / length) for a length that ``divides_exactly``: the
    # same day as w // length, at the multiples of a day, a few doubles either side, and
    # anywhere (a negative one too close to 0 to be a quotient aside, as for ``day_of``).
    assert divides_exactly(length)
    w = length * n
    for _ in range(abs(step)):
        w = math.nextafter(w, math.inf if step > 0 else -math.inf)
    for x in (w, anywhere):
        if not -1e-300 < x < 0.0:
            assert math.floor(x / length) == int(x // length)


def test_office_hours_no_double_holds_take_the_floor_division() -> None:
    assert not divides_exactly(7 + 40 / 60) and not divides_exactly(7.6)
    assert divides_exactly(8.0) and divides_exactly(7.75) and not divides_exactly(0.0)
