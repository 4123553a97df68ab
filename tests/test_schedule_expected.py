"""Tests for expected dates: a scenario's median durations as the lengths of a dated path."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from policy_kit.calendar import ChineseCalendar
from policy_kit.errors import DefinitionError, UsageError
from policy_kit.loader import load
from policy_kit.machine import compile
from policy_kit.schedule import Length, date_walk
from policy_kit.schedule.expected import expected_lengths, median
from policy_kit.simulate.distributions import Distribution
from policy_kit.walker import walk

EXPECTED = Path(__file__).parent / "fixtures" / "expected" / "dated-expected.yaml"
DISTRIBUTION: TypeAdapter[Any] = TypeAdapter(Distribution)


def dist(**fields: object) -> Any:
    return DISTRIBUTION.validate_python(fields)


@pytest.mark.parametrize(("fields", "expected"), [
    ({"dist": "fixed", "value": 3}, 3.0),
    ({"dist": "uniform", "low": 2, "high": 6}, 4.0),
    ({"dist": "triangular", "low": 0, "mode": 10, "high": 10}, 50 ** 0.5),
    ({"dist": "triangular", "low": 0, "mode": 0, "high": 10}, 10 - 50 ** 0.5),
    ({"dist": "empirical", "samples": [9, 1, 2]}, 2.0),
    ({"dist": "empirical", "samples": [1, 2, 3, 10]}, 2.5),
], ids=["fixed", "uniform", "triangular-right", "triangular-left", "empirical-odd",
        "empirical-even"])
def test_exact_medians(fields: dict[str, object], expected: float) -> None:
    assert median(dist(**fields)) == pytest.approx(expected)


@settings(max_examples=100, deadline=None)
@given(low=st.floats(0, 20), width=st.floats(0.5, 30), at=st.floats(0, 1))
def test_triangular_median_halves_the_probability(low: float, width: float, at: float) -> None:
    high, mode = low + width, low + at * width
    m = median(dist(dist="triangular", low=low, mode=mode, high=high))
    # The triangular CDF at m.
    if m <= mode:
        below = (m - low) ** 2 / ((high - low) * (mode - low)) if mode > low else 0.0
    else:
        below = 1 - (high - m) ** 2 / ((high - low) * (high - mode))
    assert below == pytest.approx(0.5, abs=1e-9)


def test_sampled_medians_are_repeatable_and_truncated() -> None:
    normal = dist(dist="normal", mean=2, sd=0.5)
    assert median(normal) == median(normal)
    assert median(normal) == pytest.approx(2, abs=0.05)
    cut = dist(dist="normal", mean=1, sd=2, low=0, high=2)
    assert 0.9 < median(cut) < 1.1  # symmetric around the mean within [0, 2]
    exponential = dist(dist="exponential", mean=3, low=1)
    assert median(exponential) == pytest.approx(1 + 2 * 0.6931, abs=0.15)


def test_until_deadline_has_no_median_of_its_own() -> None:
    with pytest.raises(ValueError, match="no median of its own"):
        median(dist(dist="until_deadline"))


def test_lengths_from_the_fixture_scenario() -> None:
    expected = expected_lengths(load(EXPECTED))
    assert expected.scenario == EXPECTED.with_name("dated-expected.scenario.yaml")
    assert dict(expected.lengths) == {
        "review": Length(3, "working_days"),  # triangular 1/2/6: 6 - √10 ≈ 2.84
        "correction": Length(4, "natural_days"),
        "notice": Length(5, "working_days", counts_first_day=True),  # its limit
        "sign": Length(0, "working_days"),  # 3 of 8 office hours: the same day
        "check": Length(2, "working_days"),
        "archive": Length(2, "working_days"),
    }


def test_expected_dates() -> None:
    definition = load(EXPECTED)
    rule = expected_lengths(definition)
    result = walk(compile(definition))
    dated = date_walk(definition.structure, result, ChineseCalendar(), date(2024, 3, 4), rule,
                      "expected")
    assert dated.basis == "expected"
    ends = {s.state: s.end for s in dated.steps}
    assert ends == {"review": date(2024, 3, 7), "notice": date(2024, 3, 13),
                    "sign": date(2024, 3, 13), "check": date(2024, 3, 15),
                    "archive": date(2024, 3, 19)}
    review = dated.steps[0]
    assert [(u.scope, u.used, u.remaining) for u in review.usage] == [("task", 3, 2),
                                                                     ("process", 3, 7)]
    archive = dated.steps[-1]
    assert archive.no_limit and archive.length == Length(2, "working_days")


def test_a_process_without_a_scenario_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="--expected needs a scenario; none is available "
                                         "for this process"):
        expected_lengths(load("tests/fixtures/dated.yaml"))


def test_a_broken_scenario_points_at_its_line(tmp_path: Path) -> None:
    process = tmp_path / "p.yaml"
    process.write_text(EXPECTED.read_text(encoding="utf-8"), encoding="utf-8")
    scenario = EXPECTED.with_name("dated-expected.scenario.yaml").read_text(encoding="utf-8")
    (tmp_path / "p.scenario.yaml").write_text(scenario.replace("check:", "chek:"),
                                              encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"p\.scenario\.yaml:\d+:\d+: unknown task or "
                                              r"wait state `chek`"):
        expected_lengths(load(process))
