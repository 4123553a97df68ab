"""Properties of one step's span and of limit accounting, for any date and any limit."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from policy_kit.calendar import ChineseCalendar
from policy_kit.model import Limit
from policy_kit.schedule import Length, span_for
from policy_kit.schedule.usage import clock_used, task_usage

CN = ChineseCalendar()
days_in_data = st.dates(min_value=date(2004, 1, 1), max_value=date(2025, 6, 30))
limits = st.integers(min_value=0, max_value=60)


@settings(max_examples=200, deadline=None)
@given(received=days_in_data, days=limits, first=st.booleans(), government=st.booleans())
def test_working_day_span_counts_exactly_its_limit(received: date, days: int, first: bool,
                                                   government: bool) -> None:
    span = span_for(CN, received, Length(days, "working_days", first), government=government)
    assert CN.is_working_day(span.start) and CN.is_working_day(span.end)
    assert received <= span.start <= span.end
    assert span.start == CN.next_working_day(received)
    counted = 0 if span.counted is None else CN.working_days_between(*span.counted)
    assert counted == days
    if days == 0:
        assert span.end == span.start


@settings(max_examples=200, deadline=None)
@given(received=days_in_data, days=limits, first=st.booleans(), government=st.booleans())
def test_natural_day_span_ends_on_a_working_day_no_earlier_than_its_limit(
        received: date, days: int, first: bool, government: bool) -> None:
    span = span_for(CN, received, Length(days, "natural_days", first), government=government)
    assert CN.is_working_day(span.end)
    assert span.start == (CN.next_working_day(received) if government else received)
    earliest = span.start + timedelta(days=days - 1 if first and days else days)
    assert span.end == CN.next_working_day(earliest)


@settings(max_examples=200, deadline=None)
@given(received=days_in_data, days=limits, unit=st.sampled_from(["working_days",
                                                                  "natural_days"]),
       first=st.booleans())
def test_a_step_that_takes_its_limit_uses_all_of_it(received: date, days: int, unit: str,
                                                    first: bool) -> None:
    limit = Limit.model_validate({unit: days, "counts_first_day": first})
    span = span_for(CN, received, Length.of(limit), government=True)
    result = task_usage(CN, "s", limit, span.start, span.end)
    assert (result.used, result.remaining, result.over) == (days, 0, False)


@settings(max_examples=200, deadline=None)
@given(start=days_in_data, days=st.integers(min_value=1, max_value=40),
       late=st.integers(min_value=1, max_value=20))
def test_a_step_past_its_deadline_is_over_by_the_days_beyond_it(start: date, days: int,
                                                                late: int) -> None:
    limit = Limit(working_days=days)
    end = CN.add_working_days(start, days + late)
    result = task_usage(CN, "s", limit, start, end)
    assert result.remaining == -late
    assert result.used == days + late
    assert result.over


intervals = st.lists(st.tuples(days_in_data, st.integers(min_value=0, max_value=30)),
                     max_size=6)


@settings(max_examples=200, deadline=None)
@given(raw=intervals, until=days_in_data, unit=st.sampled_from(["working_days",
                                                                 "natural_days"]))
def test_clock_use_counts_each_day_once(raw: list[tuple[date, int]], until: date,
                                        unit: str) -> None:
    counted = [(first, first + timedelta(days=length)) for first, length in raw]
    days = {first + timedelta(days=i) for first, last in counted
            for i in range((last - first).days + 1)}
    days = {d for d in days if d <= until}
    if unit == "working_days":
        days = {d for d in days if CN.is_working_day(d)}
    assert clock_used(CN, counted, unit, until) == len(days)
