"""Benchmark (not a test): ``validate`` on a chain of N states, to show it is near-linear.

Target (issue 20): a chain of 10,000 states (about 1.3 MB, under the 2 MiB limit) validated
in under 2 s, start-up included; before, 1,000 states took 0.5 s, 5,000 5.4 s and 10,000
22 s (quadratic). Prints, for each size, the seconds of ``policy-kit validate`` as a user
runs it (a fresh process, best of ``--repeat``), the CPU seconds of that process (user +
system: the figure to read on a busy machine, where the wall clock also counts waiting
for a core), the seconds per 1,000 states (flat when linear) and the ratio to the target
(below 1.0 meets it).

The cause of the quadratic growth was CPython's cyclic collector: full collections kept
walking the growing heap of YAML nodes, data and positions while the file was read and
checked (2.1 s of 2.9 s CPU at 10,000 states); ``policy_kit.heap`` pauses it there.

    .venv/bin/python benchmarks/validate_chain.py [--sizes 1000,5000,10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import resource
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


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def seconds(path: Path, repeat: int) -> tuple[float, float]:
    """The best wall-clock and the best CPU seconds of ``repeat`` runs."""
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeat):
        start, cpu = time.perf_counter(), _children_cpu()
        result = subprocess.run([sys.executable, str(ROOT / "cli.py"), "validate", str(path)],
                                capture_output=True, text=True, check=False,
                                env={"POLICY_KIT_LANG": "en", "PATH": ""})
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, _children_cpu() - cpu)
        if result.returncode != 0:
            raise SystemExit(f"validate failed on {path}:\n{result.stdout}{result.stderr}")
    return best, best_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'states':>8} {'bytes':>10} {'seconds':>8} {'cpu s':>6} {'s/1000':>8} "
              f"{'vs 2 s':>7}")
        for n in (int(x) for x in args.sizes.split(",")):
            path = Path(folder) / f"chain-{n}.yaml"
            path.write_text(chain(n), encoding="utf-8")
            taken, cpu = seconds(path, args.repeat)
            ratio = f"{taken / TARGET_SECONDS:7.2f}" if n == TARGET_SIZE else ""
            print(f"{n:>8} {path.stat().st_size:>10,} {taken:>8.2f} {cpu:>6.2f} "
                  f"{1000 * taken / n:>8.3f} {ratio}")


if __name__ == "__main__":
    main()
