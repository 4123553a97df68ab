"""Benchmark (not a test): ``policy-kit award`` for 200,000 applicants, time and peak memory.

Target (issue 20): 200,000 applicants of the Xianyang policy awarded in under 5 s and
500 MB, as a user runs it: a fresh ``policy-kit award`` process reading a 200,000-row CSV
and printing the table (to /dev/null here) or, with ``--json``, the JSON report. Before,
it took 11.5 s and 984 MB; then the table 7.7 s of CPU and 461 MB, ``--json`` 18.6 s and
1,484 MB; then the table 5.8-6.1 s and ``--json`` 6.4-6.6 s of CPU, 429 MB (load 4-5);
then the table 4.8 s and ``--json`` 6.1 s of CPU, 430 MB (load 4-5); now the table 4.4-4.7 s
and ``--json`` 4.6-4.8 s of CPU, 460 MB (load 3.4-3.9; wall 7.8-8.6 s there).
Prints, for each output, the best wall-clock seconds of
``--repeat`` runs, the CPU seconds of that process (user + system: the figure to read on
a busy machine, where the wall clock also counts waiting for a core), its peak resident
memory, and the ratios to the targets (below 1.0 meets them).

The applicants are ``award_allocation.applicant_rows`` (seeded; their demand exceeds the
budget, so the pro-rata rule scales every share).

    .venv/bin/python benchmarks/award_scale.py [--applicants 200000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from award_allocation import applicant_rows

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 5.0
TARGET_MB = 500.0


def write_csv(path: Path, count: int, seed: int) -> None:
    rows = applicant_rows(count, seed)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def measure(arguments: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MB of one fresh ``policy-kit`` process."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), *arguments],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={"POLICY_KIT_LANG": "en", "PATH": ""})
    error = process.stderr.read().decode() if process.stderr else ""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"award failed ({process.returncode}): {error}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "applicants.csv"
        write_csv(path, args.applicants, args.seed)
        print(f"{args.applicants:,} applicants, {path.stat().st_size / 1e6:.1f} MB of CSV")
        print(f"{'output':<8} {'seconds':>8} {'cpu s':>6} {'peak MB':>8} {'vs 5 s':>7} "
              f"{'vs 500 MB':>9}")
        for label, extra in (("table", []), ("json", ["--json"])):
            runs = [measure(["award", "xianyang-culture-subsidy", "--year", "2023",
                             "--applicants", str(path), *extra]) for _ in range(args.repeat)]
            wall, cpu, peak = min(r[0] for r in runs), min(r[1] for r in runs), max(
                r[2] for r in runs)
            print(f"{label:<8} {wall:>8.2f} {cpu:>6.2f} {peak:>8.0f} "
                  f"{wall / TARGET_SECONDS:>7.2f} {peak / TARGET_MB:>9.2f}")


if __name__ == "__main__":
    main()
