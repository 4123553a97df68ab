"""Benchmark: simulation at scale. Not a test: it prints figures.

    python benchmarks/scale.py --quick            # about a minute
    python benchmarks/scale.py                    # 10^4 .. 10^6 cases, several minutes
    python benchmarks/scale.py --max-cases 10000000   # adds the 10^7 run (about 10 min)

For the approval model (``approval.yaml`` beside this file) and Jining's bundled
process: cases per CPU second and peak memory (maximum resident set of a fresh process)
at 10^4, 10^5, ... cases, without and with a CSV event log; then ``--workers`` 1 against
2 on 20 replications (wall time: that is what workers save), and the points per second
of a ``policy-kit sweep`` on a local Dask cluster. Ten million approval cases run as ten
replications of a million: at 3.2 applications a working day, one replication of ten
million would run past the calendar's last year (9999); memory does not depend on how
cases are split, since nothing per case is kept. The load average is printed beside the
figures: on a shared machine, wall times (and so the workers' speed-up) are noisy.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
APPROVAL = str(HERE / "approval.yaml")
JINING = "jining-construction-start"


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def fresh(spec: str, cases: int, replications: int = 1, log: str | None = None,
          workers: int = 1) -> tuple[float, float, float]:
    """(CPU seconds, wall seconds, peak MB) of a fresh process simulating."""
    code = ("import resource, time\n"
            "from pathlib import Path\n"
            "from policy_kit import load\n"
            "from policy_kit.simulate import prepare, simulate\n"
            f"m = prepare(load({spec!r}))\n"
            "t, w = time.process_time(), time.perf_counter()\n"
            f"simulate(m, cases={cases}, replications={replications}, seed=1, "
            f"workers={workers}, event_log={'Path(' + repr(log) + ')' if log else None})\n"
            "print(time.process_time() - t, time.perf_counter() - w,\n"
            "      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout.split()
    return float(out[0]), float(out[1]), float(out[2]) / 1024


def throughput(name: str, spec: str, sizes: list[int], log_up_to: int) -> None:
    print(f"\n{name}: cases/s (CPU) and peak memory, fresh process each")
    print(f"  {'cases':>12} {'no log':>22} {'CSV event log':>22} {'log adds':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            replications = max(1, n // 1_000_000)
            per = n // replications
            cpu, _, mb = fresh(spec, per, replications)
            cells = f"{n / cpu:>10,.0f}/s {mb:>7.0f} MB"
            if n <= log_up_to:
                log = str(Path(folder) / "log.csv")
                cpu_log, _, mb_log = fresh(spec, per, replications, log)
                logged = f"{n / cpu_log:>10,.0f}/s {mb_log:>7.0f} MB"
                adds = f"{cpu_log / cpu - 1:>8.0%}"
            else:
                logged, adds = f"{'(not run)':>22}", ""
            split = f"  ({replications} x {per:,})" if replications > 1 else ""
            print(f"  {n:>12,} {cells:>22} {logged:>22} {adds:>9}{split}", flush=True)


def workers(cases: int) -> None:
    print(f"\nworkers: approval model, 20 replications of {cases:,} cases (wall time)")
    one = fresh(APPROVAL, cases, 20, workers=1)
    two = fresh(APPROVAL, cases, 20, workers=2)
    print(f"  --workers 1: {one[1]:.2f} s;  --workers 2: {two[1]:.2f} s;  "
          f"speed-up {one[1] / two[1]:.2f}x  ({load_average()})")


def sweep(replications: int) -> None:
    """Points per second of a 3x3 sweep of Xianyang on a local Dask cluster of 2."""
    from policy_kit import load
    from policy_kit.simulate import cluster, load_scenario, scenario_path
    from policy_kit.simulate.parallel import Replications
    from policy_kit.simulate.sweep import parse_vary, plan_points, scenario_at

    definition = load("xianyang-culture-subsidy")
    base = load_scenario(scenario_path(definition), definition)
    parameters = [parse_vary("staff.culture_office=1..3"),
                  parse_vary("duration.preliminary_review=0.8..1.2:3")]
    points = plan_points(parameters, None, 0)
    scenarios = [scenario_at(base, definition, parameters, p) for p in points]
    plan = Replications(seed=1, cases=base.cases, warmup=0, horizon=float("inf"))
    tasks = [(i, r) for i in range(len(points)) for r in range(replications)]
    print(f"\nsweep: Xianyang, 3x3 grid, {replications} replications of {base.cases} cases "
          "per point")
    for name, runner in (("in this process", cluster.in_process),
                         ("local Dask cluster, 2 workers", cluster.local(2))):
        began = time.perf_counter()
        runner(definition, scenarios, plan, tasks)
        wall = time.perf_counter() - began
        print(f"  {name}: {wall:.2f} s, {len(points) / wall:.2f} points/s "
              "(cluster start-up included)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small runs, about a minute")
    parser.add_argument("--max-cases", type=int, default=1_000_000,
                        help="largest approval run (10000000 adds the 10^7 run)")
    args = parser.parse_args()
    print(f"before: {load_average()}")
    top = 100_000 if args.quick else args.max_cases
    sizes = [n for n in (10_000, 100_000, 1_000_000, 10_000_000) if n <= top]
    throughput("approval model", APPROVAL, sizes, 1_000_000)
    throughput("Jining", JINING, [10_000] if args.quick else [10_000, 100_000], 10_000)
    workers(1_000 if args.quick else 5_000)
    sweep(3 if args.quick else 10)
    print(f"\nafter: {load_average()}")


if __name__ == "__main__":
    main()
