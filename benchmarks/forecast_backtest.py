"""Benchmark (not a test): how well `policy-kit forecast` predicts when open cases finish.

A log whose future is known is cut at a date; the cases open then are forecast; their real
finish dates are held against the forecast (``policy_kit.forecast.backtest``):

- coverage: the share of real finish dates inside the forecast's 10-90 % interval (about
  0.8 for a well-calibrated forecast);
- error: the median absolute error of the forecast's median, in working days;
- width: the median width of the 10-90 % interval, in working days (p10 to p90, the way
  the error is counted): a wider interval covers more, so coverage is read beside it.

Two logs, as issue 17 asks:

- Jining's seven-stage process, simulated here from its bundled scenario (``--cases``),
  cut a quarter, half and three quarters of the way through its arrivals and forecast
  twice at each cut: with the same scenario (the truth: this measures the forecast
  itself, not a calibration), and with a scenario calibrated from the log as it stood at
  the cut (steps under way then censored, as ``policy-kit forecast`` does without
  ``--scenario``); each cut is printed, then the three pooled;
- the WABO receipt log (``../shared/data/wabo-receipt/receipt.csv``, a real Dutch
  municipality's), cut on the first of every month inside it (its midpoint alone leaves
  five open cases, none of which finishes in the log) and forecast each time with a
  scenario calibrated from the log as it stood then (nothing later is used); the cuts are
  printed one by one and pooled (coverage over every compared case, median of every
  error).

    .venv/bin/python benchmarks/forecast_backtest.py [--cases N] [--replications R]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from policy_kit.cli import main
from policy_kit.cli.logflags import LOG_FLAGS, read_case_log
from policy_kit.forecast.backtest import (
    Backtest,
    Pooled,
    backtests,
    monthly_cuts,
    pool,
)
from policy_kit.loader import load

ROOT = Path(__file__).resolve().parent.parent
WABO = ROOT.parent / "shared" / "data" / "wabo-receipt" / "receipt.csv"


def flags(log: Path, **given: Any) -> dict[str, Any]:
    result: dict[str, Any] = {name: None for name in LOG_FLAGS}
    result.update(log_path=log, pseudonymize=False, **given)
    return result


def span(log: Path, **given: Any) -> tuple[date, date]:
    case_log = read_case_log(load(given.pop("spec")), flags(log, **given))
    moments = sorted(s.moment for t in case_log.log.traces for s in t.steps)
    return moments[0].date(), moments[-1].date()


def show(name: str, result: Backtest, seconds: float | None = None) -> None:
    took = f" ({seconds:.1f} s)" if seconds else ""
    print(f"{name}: as of {result.as_of}, {result.open} open, {result.compared} compared; "
          f"coverage of the 10-90% interval {result.coverage}, median absolute error "
          f"{result.median_absolute_error} working days, median width of the interval "
          f"{result.median_width} working days{took}")


def jining(cases: int, replications: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "jining.csv"
        ran = CliRunner().invoke(main, ["simulate", "jining-construction-start", "--cases",
                                        str(cases), "--replications", "1", "--json",
                                        "--event-log", str(log)])
        assert ran.exit_code == 0, ran.output
        definition = load("jining-construction-start")
        case_log = read_case_log(definition, flags(log))
        starts = sorted(min(s.moment for s in t.steps) for t in case_log.log.traces)
        # a quarter, half and three quarters of the way through the arrivals
        cuts = [starts[len(starts) * k // 4].date() + timedelta(days=1) for k in (1, 2, 3)]
        truth = ROOT / "processes" / "jining-construction-start.scenario.yaml"
        for name, scenario in (("true scenario", truth),  # the scenario it came from
                               ("calibrated from the cut log", None)):
            begun = time.perf_counter()
            results = backtests(case_log, cuts, scenario, replications)
            for result in results:
                show(f"  jining cut, {name}", result, 0.0)
            show_pooled(f"jining (simulated), {name}, pooled", pool(results),
                        time.perf_counter() - begun)


def show_pooled(name: str, result: Pooled, seconds: float) -> None:
    print(f"{name}: {result.cuts} cuts ({result.first} to {result.last}), {result.open} "
          f"open, {result.compared} compared; coverage of the 10-90% interval "
          f"{result.coverage}, median absolute error {result.median_absolute_error} working "
          f"days, median width of the interval {result.median_width} working days "
          f"({seconds:.1f} s)")


def wabo(replications: int) -> None:
    if not WABO.exists():
        print(f"wabo: {WABO} is absent; skipped")
        return
    spec = str(ROOT / "examples" / "wabo-receipt" / "wabo-receipt.yaml")
    activities = ROOT / "examples" / "wabo-receipt" / "activities.yaml"
    first, last = span(WABO, spec=spec, activities=activities)
    definition = load(spec)
    case_log = read_case_log(definition, flags(WABO, activities=activities,
                                               deadline_column="case:deadline"))
    begun = time.perf_counter()
    results = backtests(case_log, monthly_cuts(first, last), None, replications)
    for result in results:
        show("  wabo cut", result, 0.0)
    show_pooled("wabo (real, calibrated up to each cut), pooled", pool(results),
                time.perf_counter() - begun)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=600)
    parser.add_argument("--replications", type=int, default=100)
    parser.add_argument("--only", choices=("jining", "wabo"))
    args = parser.parse_args()
    if args.only != "wabo":
        jining(args.cases, args.replications)
    if args.only != "jining":
        wabo(args.replications)
