"""Calibrate tests whether one case's steps take their time together: a log simulated
with independent steps shows none, steps sharing a case's slowness are found, with the
share of their variance between cases recovered within its interval."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
from click.testing import CliRunner

from policy_kit.calibrate.dependence import case_dependence
from policy_kit.cli import main
from tests.calibrate_fixtures import scenario, simulate_log


def test_steps_sharing_a_cases_slowness_are_found() -> None:
    rng = np.random.default_rng(4)
    rho = 0.3
    observed = []
    for case in range(400):
        shared = rng.normal()
        for state, scale in (("check", 0.01), ("review", 3.0), ("decide", 40.0)):
            z = math.sqrt(rho) * shared + math.sqrt(1 - rho) * rng.normal()
            observed.append((case, state, scale * math.exp(1.5 * z)))  # any marginal
    found = case_dependence(observed)
    assert found is not None and found.dependent
    assert found.low <= rho <= found.high and found.cases == 400


def test_independent_steps_are_not_flagged(tmp_path: Path) -> None:
    shares = {"accept": 0.8, "request_fix": 0.1, "refuse": 0.1}
    process, log = simulate_log(tmp_path, scenario(3, 10, 6, shares, staff=12, cases=400))
    ran = CliRunner().invoke(main, ["calibrate", str(process), "--log", str(log), "-o",
                                    str(tmp_path / "out.yaml"), "--json", "--lang", "en"])
    assert ran.exit_code == 0, ran.output
    data = json.loads(ran.stdout)
    found = data["dependence"]
    assert found["cases"] > 100 and found["low"] <= 0 <= found["high"]
    assert found["p_value"] >= 0.05
    assert not any("independently" in w["en"] for w in data["warnings"])


def test_too_few_cases_say_nothing() -> None:
    assert case_dependence([(c, s, 1.0 + c) for c in range(5) for s in "ab"]) is None


def test_steps_of_fixed_length_say_nothing() -> None:
    # every step always as long (a scenario of fixed durations): no ranks to compare;
    # before, the test read the ties as a perfect correlation (1.00, p=0)
    observed = [(c, s, {"a": 1.0, "b": 4.0}[s]) for c in range(50) for s in "ab"]
    assert case_dependence(observed) is None
    varied = observed + [(c, "c", float(c % 7)) for c in range(50)]
    assert case_dependence(varied) is None  # one varying step per case: no pairs
