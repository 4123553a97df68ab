"""Choosing a distribution for observed durations: the stated rule, on samples of known law."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_kit.calibrate.distance import distance
from policy_kit.calibrate.fit import MIN_SAMPLES, QUANTILES, TooFewSamples, fit_durations
from policy_kit.simulate.distributions import mean_of


@pytest.mark.parametrize(("family", "draw"), [
    ("lognormal", lambda rng: rng.lognormal(1.0, 0.6, 800)),
    ("gamma", lambda rng: rng.gamma(4.0, 1.5, 800)),
    ("exponential", lambda rng: rng.exponential(3.0, 800)),
    ("triangular", lambda rng: rng.triangular(2.0, 3.0, 12.0, 800)),
], ids=["lognormal", "gamma", "exponential", "triangular"])
def test_a_sample_of_a_known_family_is_fitted_to_it(family, draw) -> None:
    data = draw(np.random.default_rng(7))
    fit = fit_durations(data)
    assert fit.family == family
    assert fit.ks_pvalue is not None and fit.ks_pvalue >= 0.05
    assert mean_of(fit.distribution) == pytest.approx(data.mean(), rel=0.05)
    assert family in fit.reason()


def test_no_family_fits_two_humps_so_the_data_are_used() -> None:
    rng = np.random.default_rng(3)
    data = np.r_[rng.normal(2, 0.1, 300), rng.normal(10, 0.1, 300)]
    fit = fit_durations(data, unit="working_hours")
    assert fit.family == "empirical"
    assert len(fit.distribution.samples) == QUANTILES  # type: ignore[union-attr]
    assert fit.distribution.unit == "working_hours"
    assert "no family passed" in fit.reason()


def test_equal_observations_are_a_fixed_duration() -> None:
    fit = fit_durations([2.0] * 20)
    assert fit.family == "fixed"
    assert mean_of(fit.distribution) == 2.0


def test_too_few_observations_say_how_many() -> None:
    with pytest.raises(TooFewSamples, match=r"^3 observations; at least 8") as caught:
        fit_durations([1.0, 2.0, 3.0])
    assert caught.value.count == 3


@pytest.mark.parametrize("bad", [[-1.0] * MIN_SAMPLES, [float("nan")] * MIN_SAMPLES],
                         ids=["negative", "nan"])
def test_impossible_durations_are_refused(bad) -> None:
    with pytest.raises(ValueError, match="finite and not negative"):
        fit_durations(bad)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1e4, allow_nan=False), min_size=MIN_SAMPLES,
                max_size=60))
def test_any_sample_gets_a_distribution_with_a_sensible_mean(values) -> None:
    fit = fit_durations(values)
    assert fit.count == len(values)
    assert min(values) - 1e-6 <= fit.median <= max(values) + 1e-6
    mean = mean_of(fit.distribution)
    assert np.isfinite(mean) and mean >= 0


def test_distance_of_a_sample_to_itself_is_nothing_and_grows_with_a_shift() -> None:
    rng = np.random.default_rng(5)
    data = list(rng.gamma(3, 2, 400))
    same = distance(data, data)
    assert same.emd == 0 and same.ks_statistic == 0
    shifted = distance(data, [x + 6 for x in data])
    assert shifted.emd == pytest.approx(6)
    assert shifted.emd_normalised == pytest.approx(6 / np.mean(data))
    assert shifted.simulated_median == pytest.approx(same.observed_median + 6)


def test_distance_needs_both_samples() -> None:
    with pytest.raises(ValueError, match="at least one value"):
        distance([], [1.0])
