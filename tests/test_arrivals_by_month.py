"""Seasonal arrivals: a scenario can give a Poisson rate per calendar month
(``arrivals.by_month``), the simulator draws by it, and calibrate writes it back from a log
that spans a year."""

from __future__ import annotations

import json
import math
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pydantic import ValidationError

from policy_kit.cli import main
from policy_kit.simulate.scenario import Arrivals
from tests.calibrate_fixtures import scenario, simulate_log

SHARES = {"accept": 0.8, "request_fix": 0.1, "refuse": 0.1}
TRUTH = {3: 0.5, 6: 4.0, 12: 0.2}
OTHERWISE = 1.5


def seasonal(cases: int) -> str:
    months = ", ".join(f"{m}: {r}" for m, r in TRUTH.items())
    return scenario(3, 10, 6, SHARES, staff=3, cases=cases).replace(
        "arrivals: {per_working_day: 3, assumption: truth}",
        f"arrivals: {{per_working_day: {OTHERWISE}, by_month: {{{months}}}, "
        "assumption: truth}")


def test_a_simulated_log_recovers_the_monthly_rates(tmp_path: Path) -> None:
    process, log = simulate_log(tmp_path, seasonal(900))  # about two years and a half
    out = tmp_path / "calibrated.yaml"
    ran = CliRunner().invoke(main, ["calibrate", str(process), "--log", str(log), "-o",
                                    str(out), "--json"])
    assert ran.exit_code == 0, ran.output
    arrivals: dict[str, Any] = json.loads(ran.stdout)["arrivals"]
    found = {int(m): r for m, r in arrivals["by_calendar_month"].items()}
    assert set(found) == set(range(1, 13))
    years = (date.fromisoformat(arrivals["last"]) - date.fromisoformat(arrivals["first"])
             ).days / 365
    for month in range(1, 13):
        truth = TRUTH.get(month, OTHERWISE)
        error = math.sqrt(truth / (21 * max(1.0, years - 1)))  # a Poisson count's sd
        assert abs(found[month] - truth) <= 3.5 * error + 0.05, (month, found[month], truth)
    written = yaml.safe_load(out.read_text(encoding="utf-8"))["arrivals"]
    assert written["by_month"] == {m: pytest.approx(found[m], rel=1e-3) for m in found}
    assert "by_month" in written["source"]


def test_the_simulator_draws_each_month_at_its_rate(tmp_path: Path) -> None:
    _, log = simulate_log(tmp_path, seasonal(700))
    per_month: Counter[int] = Counter()
    with log.open(encoding="utf-8") as rows:
        seen: set[str] = set()
        for line in list(rows)[1:]:
            case, _, _, start = line.split(",")[:4]
            if case not in seen:
                seen.add(case)
                per_month[int(start[5:7])] += 1
    # June (4 a day) far above March (0.5) and December (0.2)
    assert per_month[6] > 4 * max(per_month[3], per_month[12])
    assert per_month[6] > 1.5 * per_month[5]


@pytest.mark.parametrize(("given", "message"), [
    ({"by_month": {1: 2.0}}, "give `per_working_day`"),
    ({"per_working_day": 1, "by_month": {13: 2.0}}, "less than or equal to 12"),
    ({"per_working_day": 1, "by_month": {2: -1}}, "greater than or equal to 0"),
    ({"per_working_day": 1, "by_month": dict.fromkeys(range(1, 13), 0)}, "rate of 0"),
], ids=["no-base-rate", "month-13", "negative", "all-zero"])
def test_bad_monthly_rates_are_refused(given: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Arrivals(**given)


def test_a_bad_month_in_a_file_is_one_located_message(tmp_path: Path) -> None:
    process, _ = simulate_log(tmp_path, seasonal(20))
    bad = tmp_path / "bad.scenario.yaml"
    bad.write_text(seasonal(20).replace("by_month: {3: 0.5", "by_month: {13: 0.5"),
                   encoding="utf-8")
    ran = CliRunner().invoke(main, ["simulate", str(process), "--scenario", str(bad)])
    assert ran.exit_code == 1, ran.output
    assert "bad.scenario.yaml:" in ran.output and "Traceback" not in ran.output


def test_scenarios_without_months_are_unchanged() -> None:
    plain = Arrivals(per_working_day=2.0)
    assert plain.by_month is None and plain.rate_in(7) == 2.0


def test_scaling_arrivals_scales_every_month(tmp_path: Path) -> None:
    from policy_kit.loader import load
    from policy_kit.simulate import load_scenario
    from policy_kit.simulate.compare import scale

    process, _ = simulate_log(tmp_path, seasonal(20))
    definition = load(str(process))
    base = load_scenario(tmp_path / "truth.scenario.yaml", definition)
    doubled = scale(base, definition, arrivals=2.0).arrivals
    assert doubled.per_working_day == 2 * OTHERWISE
    assert doubled.by_month == {m: 2 * r for m, r in TRUTH.items()}
