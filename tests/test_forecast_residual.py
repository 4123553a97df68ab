"""What is left of a step that has run so long is drawn on condition that it runs longer:
deep in a long tail too, where drawing again until a draw is longer gave up and said
"due now" for exactly the cases most likely to be late."""

from __future__ import annotations

import math
from random import Random

import pytest
from scipy import integrate, stats

from policy_kit.forecast.residual import residual_sampler
from policy_kit.simulate.distributions import Empirical, Fixed, LogNormal
from policy_kit.simulate.streams import Stream


def _stream(seed: int) -> Stream:
    return Stream(Random(seed).random)


def test_a_step_deep_in_a_lognormal_tail_is_left_its_conditional_excess() -> None:
    # median 0.45 working days, and it has run 5 (40 office hours): P(longer) ≈ 1 %
    dist = LogNormal(dist="lognormal", mean=1.0, sd=2.0, unit="working_days")
    sigma = math.sqrt(math.log(1 + 4.0))
    frozen = stats.lognorm(sigma, scale=math.exp(-sigma ** 2 / 2))
    ran = 5.0
    expected = integrate.quad(frozen.sf, ran, math.inf)[0] / frozen.sf(ran)
    draw, rng = residual_sampler(dist, 8.0), _stream(3)
    left = [draw(rng, ran * 8.0) / 8.0 for _ in range(4000)]
    assert min(left) > 0
    assert sum(left) / len(left) == pytest.approx(expected, rel=0.15)


def test_an_empirical_table_is_read_between_its_rows() -> None:
    table = Empirical(dist="empirical", samples=tuple(float(i) for i in range(11)),
                      unit="working_hours")
    draw, rng = residual_sampler(table, 1.0), _stream(5)
    left = [draw(rng, 2.5) for _ in range(4000)]
    # uniform on [2.5, 10] once read as a quantile function: 3.75 left on average
    assert sum(left) / len(left) == pytest.approx(3.75, rel=0.05)
    assert len({round(x, 6) for x in left}) > 100  # not the 8 rows beyond 2.5
    # beyond the longest row, the excess of the table's top tenth (an assumption)
    assert {draw(rng, 12.0) for _ in range(50)} == {1.0}


def test_a_fixed_step_is_left_what_remains_of_it() -> None:
    draw = residual_sampler(Fixed(dist="fixed", value=2, unit="working_days"), 8.0)
    assert draw(_stream(1), 10.0) == 6.0 and draw(_stream(1), 20.0) == 0.0
