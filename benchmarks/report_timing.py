"""Benchmark (not a test): how long ``policy-kit report`` takes on Jining, with and without
a case log, and where the time goes.

Issue 21 names no time target for the report; this prints the figures so that a change
that slows it down is seen. A Jining case log is first simulated from the bundled
scenario (``--log-cases`` applications, one replication, seed 7); then the report is run
as a user runs it (a fresh process, start-up included, best of ``--repeat``):

- ``plain``: ``report jining-construction-start -o … --start 2024-02-19`` (the bundled
  scenario: 300 cases × 5 replications);
- ``log``: the same with ``--log`` (the conformance section);
- ``forecast``: the same with ``--log … --as-of DAY --scenario <bundled>`` (DAY the middle
  of the log's span; the forecast's 200 simulations of the open cases);
- ``calibrated`` (only with ``--calibrated``; minutes): ``--as-of`` without ``--scenario``,
  so the forecast calibrates a scenario from the cut log first, as ``forecast`` does.

Then, in one process, the seconds of each part of the ``forecast`` run (the checker, the
dated path, the simulation, conformance, forecast, the states picture, the HTML), the
page's size, and the machine's load average (the figures are only comparable at a
similar load).

    .venv/bin/python benchmarks/report_timing.py [--log-cases 60] [--repeat 1] [--calibrated]
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
JINING = "jining-construction-start"
SCENARIO = ROOT / "processes" / f"{JINING}.scenario.yaml"
START = "2024-02-19"


def simulate_log(folder: Path, cases: int) -> tuple[Path, str]:
    """A Jining log of ``cases`` applications, and the day in the middle of its span."""
    log = folder / "jining.csv"
    subprocess.run([sys.executable, str(ROOT / "cli.py"), "simulate", JINING, "--cases",
                    str(cases), "--replications", "1", "--seed", "7", "--event-log",
                    str(log)], check=True, capture_output=True)
    with log.open(encoding="utf-8") as rows:
        moments = [datetime.fromisoformat(row[key]) for row in csv.DictReader(rows)
                   for key in ("start", "end") if row[key]]
    first, last = min(moments), max(moments)
    return log, (first + (last - first) / 2).date().isoformat()


def run(args: list[str], repeat: int) -> float:
    """Best wall-clock seconds of ``policy-kit ARGS`` in a fresh process."""
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        done = subprocess.run([sys.executable, str(ROOT / "cli.py"), *args],
                              capture_output=True, text=True, check=False,
                              env={**os.environ, "POLICY_KIT_LANG": "zh"})
        best = min(best, time.perf_counter() - began)
        if done.returncode != 0:
            raise SystemExit(f"report failed:\n{done.stdout}{done.stderr}")
    return best


def parts(folder: Path, log: Path, as_of: str) -> dict[str, float]:
    """Seconds of each part of one report with a log and a forecast, in this process:
    the assembling module's steps timed where it calls them."""
    from datetime import date
    from unittest import mock

    from policy_kit.cli.logflags import LOG_FLAGS, read_case_log
    from policy_kit.loader import load
    from policy_kit.report import CaseLog, ReportRequest, assemble, build_report, to_html

    spent: dict[str, float] = {}

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - began
        return call

    flags: dict[str, Any] = dict.fromkeys(LOG_FLAGS)
    flags.update(log_path=log, pseudonymize=False)
    began = time.perf_counter()
    read = read_case_log(load(JINING), flags)
    spent["read the log"] = time.perf_counter() - began
    request = ReportRequest(JINING, SCENARIO, start=date.fromisoformat(START),
                            case_log=CaseLog(read.log, read.activities, read.settings),
                            as_of=date.fromisoformat(as_of))
    steps = {"check": "check_file", "dated path": "_path", "simulate": "_simulate",
             "simulation section": "simulation_section", "conformance": "_conformance",
             "forecast": "_forecast", "states picture": "states_section"}
    with ExitStack() as patches:
        for name, attribute in steps.items():
            patches.enter_context(mock.patch.object(assemble, attribute,
                                                    timed(name, getattr(assemble, attribute))))
        began = time.perf_counter()
        report = build_report(request)
        spent["the whole report"] = time.perf_counter() - began
    began = time.perf_counter()
    page = to_html(report)
    spent["HTML"] = time.perf_counter() - began
    (folder / "page.html").write_text(page, encoding="utf-8")
    spent["page MB"] = len(page.encode("utf-8")) / 1e6
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log-cases", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--calibrated", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        log, as_of = simulate_log(folder, args.log_cases)
        events = sum(1 for _ in log.open(encoding="utf-8")) - 1
        base = ["report", JINING, "-o", str(folder / "r.html"), "--start", START]
        runs = {"plain": base, "log": [*base, "--log", str(log)],
                "forecast": [*base, "--log", str(log), "--as-of", as_of, "--scenario",
                             str(SCENARIO)]}
        if args.calibrated:
            runs["calibrated"] = [*base, "--log", str(log), "--as-of", as_of]
        print(f"policy-kit report {JINING}: log of {args.log_cases} cases ({events:,} "
              f"events), --as-of {as_of}; load average {os.getloadavg()[0]:.1f}")
        print(f"{'run':<11} {'seconds':>8}")
        for label, arguments in runs.items():
            print(f"{label:<11} {run(arguments, args.repeat):8.1f}", flush=True)
        print("\none report with --log and --as-of, in this process (seconds):")
        for label, value in parts(folder, log, as_of).items():
            print(f"  {label:<20} {value:8.2f}")


if __name__ == "__main__":
    main()
