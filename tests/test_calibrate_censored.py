"""Steps a log shows only in part are kept, censored: calibrating a log cut short (or one
whose steps wait for a guard) recovers the true durations instead of the short ones, and
officers the log never shows binding are not made a limit."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from policy_kit.calibrate.calibrate import calibrate
from policy_kit.calibrate.fit import TooFewSamples, fit_durations
from policy_kit.cli.logflags import LOG_FLAGS, read_case_log
from policy_kit.conform import conform, replayer_for
from policy_kit.forecast.cut import as_of_moment, cut
from policy_kit.loader import load
from tests.calibrate_fixtures import PROCESS, lognormal_median_days, scenario, simulate_log


def flags(log: Path) -> dict[str, object]:
    given: dict[str, object] = {name: None for name in LOG_FLAGS}
    given.update(log_path=log, pseudonymize=False)
    return given


def medians_at(process: Path, log: Path, as_of: date | None, censored: bool = True
               ) -> dict[str, float]:
    """Step medians calibrated from ``log`` as it stood on ``as_of`` (None: all of it)."""
    definition = load(str(process))
    case_log = read_case_log(definition, flags(log))
    clock = replayer_for(definition, case_log.activities, case_log.log,
                         case_log.settings).clock
    known, moment = case_log.log, None
    if as_of is not None:
        moment = as_of_moment(as_of, clock.zone)
        known = cut(case_log.log, moment)
    replay = conform(definition, known, case_log.activities, case_log.settings)
    if not censored:  # the log's end taken as far in the future: nothing is still running
        moment = as_of_moment(date(1990, 1, 1), clock.zone)
    result = calibrate(definition, replay, clock, True, None, None, "log.csv", moment)
    return {s.state: s.fit.median for s in result.steps if s.fit is not None}


def test_right_censored_durations_recover_the_median_the_complete_ones_miss() -> None:
    rng = np.random.default_rng(3)
    truth = rng.lognormal(1.0, 0.6, 400)
    seen_until = rng.uniform(0, 6, 400)
    ended = truth <= seen_until
    fit = fit_durations(list(truth[ended]), running=list(seen_until[~ended]))
    naive = fit_durations(list(truth[ended]))
    assert fit.median == pytest.approx(math.e, rel=0.10)
    assert naive.median < 0.85 * math.e  # what leaving them out does
    assert fit.running == int((~ended).sum()) and "right-censored" in fit.reason()


def test_durations_censored_from_above_are_upper_bounds_not_values() -> None:
    rng = np.random.default_rng(5)
    work = rng.gamma(4.0, 0.5, 500)  # median ≈ 1.84
    guard = rng.uniform(0, 4, 500)
    held = work <= guard  # the step's recorded end waited for the guard
    fit = fit_durations(list(work[~held]), held=list(guard[held]))
    assert fit.median == pytest.approx(float(np.median(work)), rel=0.15)
    # tested like right-censored data, on the durations read backwards
    assert fit.held == int(held.sum()) and fit.test == "kaplan-meier"
    assert fit.ks_statistic is not None and "within the 95% DKW band" in fit.reason()
    spans = np.where(held, guard, work)  # what reading the spans as work would give
    assert float(np.median(spans)) > 1.2 * fit.median


def test_durations_censored_from_above_are_tested_and_a_wrong_family_is_refused() -> None:
    # two kinds of work, an hour or a week: no single family fits, and the test says so
    rng = np.random.default_rng(8)
    work = np.concatenate([rng.lognormal(0.0, 0.1, 300), rng.lognormal(2.0, 0.1, 300)])
    guard = rng.uniform(0, 12, 600)
    held = work <= guard
    fit = fit_durations(list(work[~held]), held=list(guard[held]))
    assert fit.family == "empirical" and fit.test == "kaplan-meier"
    assert all(not c.kept for c in fit.candidates)
    assert "shortest observation (an upper bound)" in fit.reason()
    table = fit.distribution.samples  # type: ignore[union-attr]
    assert table[25] == pytest.approx(1.0, rel=0.3) and table[75] == pytest.approx(
        math.exp(2.0), rel=0.3)


def test_too_few_complete_observations_say_how_many_were_censored() -> None:
    with pytest.raises(TooFewSamples, match="2 complete observations and 9 censored"):
        fit_durations([1.0, 2.0], running=[3.0] * 9)


def test_a_log_cut_short_is_calibrated_to_its_true_step_durations(tmp_path: Path) -> None:
    # plan_check is long (about 30 working days) against a log cut after six weeks
    shares = {"accept": 0.8, "request_fix": 0.1, "refuse": 0.1}
    process, log = simulate_log(tmp_path, scenario(3, 10, 240, shares, staff=4, cases=300))
    truth = lognormal_median_days(240)
    censored = medians_at(process, log, date(2025, 2, 17))
    naive = medians_at(process, log, date(2025, 2, 17), censored=False)
    assert censored["plan_check"] == pytest.approx(truth, rel=0.15)
    assert naive["plan_check"] < 0.8 * truth


GUARDED = PROCESS.replace("  - {from: plan_check, to: plan_done, on: approve}",
                          "  - {from: plan_check, to: plan_done, on: approve, "
                          "when: done(fire_check)}")


def test_a_step_waiting_for_a_guard_is_not_fitted_as_its_span(tmp_path: Path) -> None:
    shares = {"accept": 0.8, "request_fix": 0.1, "refuse": 0.1}
    process, log = simulate_log(tmp_path, scenario(3, 16, 8, shares, staff=4, cases=600))
    process.write_text(GUARDED, encoding="utf-8")  # the truth did not wait; the log now does
    guarded = tmp_path / "guarded.csv"
    _simulate(process, tmp_path / "truth.scenario.yaml", guarded)
    medians = medians_at(process, guarded, None)
    # read as work, the spans would give about twice the truth (1.8 working days here);
    # ends within an office hour after the guard, all read as upper bounds, gave 19 % short
    assert medians["plan_check"] == pytest.approx(lognormal_median_days(8), rel=0.10)
    from click.testing import CliRunner

    from policy_kit.cli import main

    for lang, said in (("en", "whose end waited for a guard"), ("zh", "结束受条件所限")):
        ran = CliRunner().invoke(main, ["calibrate", str(process), "--log", str(guarded),
                                        "-o", str(tmp_path / "out.yaml"), "--lang", lang])
        assert ran.exit_code == 0, ran.output
        line = next(x for x in ran.stdout.splitlines() if x.strip().startswith("plan_check"))
        assert said in line


def _simulate(process: Path, truth: Path, out: Path) -> None:
    from click.testing import CliRunner

    from policy_kit.cli import main

    ran = CliRunner().invoke(main, ["simulate", str(process), "--scenario", str(truth),
                                    "--event-log", str(out), "--json"])
    assert ran.exit_code == 0, ran.output


def test_officers_never_seen_binding_do_not_become_a_limit(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from policy_kit.cli import main

    shares = {"accept": 0.8, "request_fix": 0.1, "refuse": 0.1}
    process, log = simulate_log(tmp_path, scenario(3, 10, 6, shares, staff=12, cases=300))
    out = tmp_path / "calibrated.yaml"
    ran = CliRunner().invoke(main, ["calibrate", str(process), "--log", str(log), "-o",
                                    str(out), "--lang", "en"])
    assert ran.exit_code == 0, ran.output
    import yaml

    written = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert "desk" not in written.get("staff", {})
    assert any("not limited" in note for note in written["notes"])
    assert "no queue seen: not limited" in ran.stdout
