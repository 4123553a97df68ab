"""An empirical table's long tail (a generalized Pareto beyond a threshold): its format,
its draws, what is left of a step deep in it, and calibrate finding a planted one."""

from __future__ import annotations

import math
from pathlib import Path
from random import Random

import numpy as np
import pytest
from click.testing import CliRunner
from pydantic import ValidationError
from scipy import stats

from policy_kit.calibrate.fit import fit_durations
from policy_kit.calibrate.tail import MAX_SHAPE, MIN_EXCESSES, fit_tail
from policy_kit.cli import main
from policy_kit.forecast.residual import residual_sampler
from policy_kit.simulate.distributions import Empirical, Tail, mean_of, sampler
from policy_kit.simulate.shared_delay import distribution_function, quantile_function
from policy_kit.simulate.streams import Stream

BODY = tuple(i / 10 for i in range(11))  # 0, 0.1, …, 1.0 working days
TAIL = Tail(above=1.0, share=0.2, shape=0.4, scale=2.0)


def _stream(seed: int) -> Stream:
    return Stream(Random(seed).random)


def _tailed() -> Empirical:
    return Empirical(dist="empirical", samples=BODY, tail=TAIL, unit="working_days")


def _planted(n: int, seed: int) -> np.ndarray:
    """90 % of the durations in [0, 1] (a tenth of them exactly 0, so neither lognormal
    nor gamma applies), 10 % beyond 1 as 1 + a generalized Pareto (ξ 0.4, σ 3)."""
    rng = np.random.default_rng(seed)
    body = rng.uniform(0, 1, int(n * 0.9))
    body[: len(body) // 10] = 0.0
    tail = 1.0 + stats.genpareto(0.4, scale=3.0).rvs(n - len(body), random_state=rng)
    return np.concatenate([body, tail])


def test_draws_beyond_the_threshold_follow_the_tail() -> None:
    draw, rng = sampler(_tailed(), 1.0), _stream(1)
    values = np.array([draw(rng) for _ in range(20000)])
    beyond = values[values > TAIL.above] - TAIL.above
    assert len(beyond) / len(values) == pytest.approx(TAIL.share, abs=0.01)
    assert stats.kstest(beyond, stats.genpareto(0.4, scale=2.0).cdf).pvalue > 0.01
    assert set(np.round(values[values <= TAIL.above], 6)) <= set(BODY)


def test_the_mean_counts_the_tail() -> None:
    expected = 0.8 * sum(BODY) / len(BODY) + 0.2 * (1.0 + 2.0 / (1 - 0.4))
    assert mean_of(_tailed()) == pytest.approx(expected)


def test_quantile_and_level_are_inverse_beyond_the_threshold() -> None:
    quantile, level = quantile_function(_tailed()), distribution_function(_tailed())
    for u in (0.85, 0.9, 0.99, 0.999):
        assert level(quantile(u)) == pytest.approx(u, abs=1e-9)
    assert quantile(0.5) <= TAIL.above < quantile(0.81)


@pytest.mark.parametrize("ran", [2.0, 10.0, 40.0], ids=lambda r: f"ran-{r:g}")
def test_a_step_deep_in_the_tail_waits_longer_the_longer_it_has_waited(ran: float) -> None:
    # beyond `above`, the excess over the time run is generalized Pareto with the same
    # shape and scale σ + ξ·(ran - above): its median grows with the time run
    draw, rng = residual_sampler(_tailed(), 8.0), _stream(7)
    left = sorted(draw(rng, ran * 8.0) / 8.0 for _ in range(6000))
    scale = 2.0 + 0.4 * (ran - 1.0)
    assert left[len(left) // 2] == pytest.approx(scale / 0.4 * (2 ** 0.4 - 1), rel=0.08)


def test_a_step_short_of_the_threshold_may_end_in_the_body_or_the_tail() -> None:
    draw, rng = residual_sampler(_tailed(), 1.0), _stream(9)
    left = np.array([draw(rng, 0.5) for _ in range(20000)])
    # P(T > 1 | T > 0.5) = 0.2 / (0.2 + 0.8 * P(body row > 0.5 on its quantile lines))
    assert np.mean(left > 0.5) == pytest.approx(0.2 / (0.2 + 0.8 * 0.5), abs=0.02)


def test_a_threshold_below_every_row_is_refused() -> None:
    with pytest.raises(ValidationError, match="below every sample"):
        Empirical(dist="empirical", samples=(2.0, 3.0),
                  tail=Tail(above=1.0, share=0.1, shape=0.2, scale=1.0))


@pytest.mark.parametrize("shape", [1.0, -1.5, math.nan], ids=str)
def test_a_shape_without_a_finite_mean_is_refused(shape: float) -> None:
    with pytest.raises(ValidationError, match="shape"):
        Tail(above=1.0, share=0.1, shape=shape, scale=1.0)


def test_calibrate_finds_a_planted_tail() -> None:
    fit = fit_durations(_planted(4000, seed=3))
    assert fit.family == "empirical"
    assert fit.tail is not None
    tail = fit.tail.tail
    assert tail.above == pytest.approx(1.0, abs=0.05)
    assert tail.share == pytest.approx(0.1, abs=0.01)
    assert tail.shape == pytest.approx(0.4, abs=0.15)
    assert tail.scale == pytest.approx(3.0, rel=0.25)
    assert "generalized Pareto tail, shape" in fit.reason()


def test_too_few_excesses_give_no_tail() -> None:
    assert fit_tail(_planted(10 * MIN_EXCESSES - 20, seed=4)) is None


def test_a_tail_the_test_rejects_is_not_kept() -> None:
    # the excesses are two spikes: no generalized Pareto passes the KS test
    data = np.concatenate([np.zeros(900), np.full(50, 5.0), np.full(50, 50.0)])
    assert fit_tail(data) is None


def test_a_scenario_with_a_tail_simulates(tmp_path: Path) -> None:
    bundled = Path(__file__).parent.parent / "processes" / "jining-construction-start.scenario.yaml"
    line = "  consultation: {dist: triangular, low: 0.1, mode: 0.25, high: 1, assumption: "
    text = bundled.read_text(encoding="utf-8")
    assert line in text
    text = text.replace(line, "  consultation: {dist: empirical, samples: [0.1, 0.2, 0.5], "
                        "tail: {above: 0.5, share: 0.2, shape: 0.3, scale: 2}, assumption: ")
    path = tmp_path / "tailed.scenario.yaml"
    path.write_text(text, encoding="utf-8")
    ran = CliRunner().invoke(main, ["simulate", "jining-construction-start", "--scenario",
                                    str(path), "--cases", "30", "--replications", "1",
                                    "--json"])
    assert ran.exit_code == 0, ran.output


def _cut(durations: np.ndarray, seed: int, longest: float) -> tuple[np.ndarray, np.ndarray]:
    """The durations as a log taken at a random moment of each case's wait shows them:
    those shorter than it complete, the others still open at it."""
    cut = np.random.default_rng(seed + 1000).uniform(0, longest, durations.size)
    return durations[durations <= cut], cut[durations > cut]


def _heavy(n: int, seed: int) -> np.ndarray:
    """Half the durations within 0.1 working days, half 0.1 + a generalized Pareto
    (ξ 0.3, σ 1): the longest tenth lies well inside the tail."""
    rng = np.random.default_rng(seed)
    return np.where(rng.random(n) < 0.5, rng.uniform(0, 0.1, n),
                    0.1 + stats.genpareto(0.3, scale=1.0).rvs(n, random_state=rng))


@pytest.mark.parametrize("seed", [0, 2, 4])
def test_waits_still_open_correct_the_tails_share(seed: int) -> None:
    # A log taken mid-way sees the long waits only where they ended: the complete ones
    # put a tenth beyond their own 90 % quantile, while more than that truly lies there.
    # The open waits, as right-censored excesses, bring the share back to the truth.
    durations = _heavy(1500, seed)
    complete, open_waits = _cut(durations, seed, 15.0)
    alone = fit_durations(complete)
    censored = fit_durations(complete, open_waits=open_waits)
    assert alone.tail is not None and censored.tail is not None
    above = censored.tail.tail.above
    truth = float(np.mean(durations > above))
    assert alone.tail.tail.share < truth - 0.01
    assert censored.tail.tail.share == pytest.approx(truth, abs=0.01)
    assert censored.tail.running > 0
    assert "waits still open" in censored.reason()
    # the body is fitted as before: open waits are evidence for the tail only
    assert censored.distribution.samples == alone.distribution.samples  # type: ignore[union-attr]


def test_open_waits_longer_than_every_complete_one_are_left_out() -> None:
    # a case dropped, not closed, waits for ever; beyond the longest complete wait the
    # data say nothing of it, and it would make any tail's shape infinite
    complete = _planted(3000, seed=5)
    fit = fit_durations(complete, open_waits=np.full(40, complete.max() * 10))
    assert fit.tail is not None and fit.tail.running == 0


def test_a_tail_heavier_than_the_rule_keeps_is_fitted_at_its_heaviest() -> None:
    # excesses of shape 1.3 (no finite mean): the maximum likelihood says ξ > 1; the
    # tail kept is the most likely one of shape MAX_SHAPE, not none at all (which drew
    # the table's top tenth without memory: the lightest tail for the heaviest data)
    rng = np.random.default_rng(1)
    body = rng.uniform(0, 1, 450)
    body[:45] = 0.0
    data = np.concatenate([body, 1.0 + stats.genpareto(1.3, scale=1.0).rvs(
        50, random_state=rng)])
    fit = fit_durations(data)
    assert fit.tail is not None
    assert fit.tail.tail.shape == MAX_SHAPE
    assert fit.tail.ks_pvalue is not None and fit.tail.ks_pvalue >= 0.05
