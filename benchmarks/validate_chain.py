"""Benchmark (not a test): ``validate`` on a chain of N states, to show it is near-linear.

Target (issue 20): a chain of 10,000 states (about 1.3 MB, under the 2 MiB limit) validated
in under 2 s, start-up included; before, 1,000 states took 0.5 s, 5,000 5.4 s and 10,000
22 s (quadratic). Prints, for each size, the seconds of ``policy-kit validate`` as a user
runs it (a fresh process, best of ``--repeat``), the seconds per 1,000 states (flat when
linear) and the ratio to the target (below 1.0 meets it).

    .venv/bin/python benchmarks/validate_chain.py [--sizes 1000,5000,10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 2.0
TARGET_SIZE = 10_000


def chain(n: int) -> str:
    """A process of ``n`` tasks one after another, each with a sourced limit."""
    lines = ["format: 1", "id: chain", "title: {zh: 链, en: Chain}", "source: benchmark",
             "departments:", "  - {id: office, name: 办公室}", "states:"]
    lines += [f"  - {{id: s{i}, kind: task, department: office, "
              f"limit: {{working_days: 1, reference: benchmark}}}}" for i in range(n)]
    lines += ["  - {id: done, kind: final, outcome: approved}", "transitions:"]
    lines += [f"  - {{from: s{i}, to: {f's{i + 1}' if i + 1 < n else 'done'}, on: next}}"
              for i in range(n)]
    return "\n".join(lines) + "\n"


def seconds(path: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run([sys.executable, str(ROOT / "cli.py"), "validate", str(path)],
                                capture_output=True, text=True, check=False,
                                env={"POLICY_KIT_LANG": "en", "PATH": ""})
        best = min(best, time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit(f"validate failed on {path}:\n{result.stdout}{result.stderr}")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'states':>8} {'bytes':>10} {'seconds':>8} {'s/1000':>8} {'vs 2 s':>7}")
        for n in (int(x) for x in args.sizes.split(",")):
            path = Path(folder) / f"chain-{n}.yaml"
            path.write_text(chain(n), encoding="utf-8")
            taken = seconds(path, args.repeat)
            ratio = f"{taken / TARGET_SECONDS:7.2f}" if n == TARGET_SIZE else ""
            print(f"{n:>8} {path.stat().st_size:>10,} {taken:>8.2f} "
                  f"{1000 * taken / n:>8.3f} {ratio}")


if __name__ == "__main__":
    main()
