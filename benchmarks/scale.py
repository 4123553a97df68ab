"""Benchmark: simulation at scale. Not a test: it prints figures.

    python benchmarks/scale.py --quick            # about a minute
    python benchmarks/scale.py                    # 10^4 .. 10^6 cases, several minutes
    python benchmarks/scale.py --max-cases 10000000   # adds the 10^7 run (about 10 min)

For the approval model (``approval.yaml`` beside this file) and Jining's bundled
process: cases per CPU second and peak memory (maximum resident set of a fresh process)
at 10^4, 10^5, ... cases, without and with a CSV event log; then ``--workers`` 1 against
2 on 20 replications (wall time: that is what workers save), and the points per second
of a ``policy-kit sweep`` in process, on a local Dask cluster started for it, and on a
running one (``--cluster ADDRESS``). Times are the least of three runs (fresh processes for
the simulations): the machine is shared, and the least is the least disturbed. Ten million
approval cases run as ten replications of a million: at 3.2 applications a working day, one
replication of ten million would run past the calendar's last year (9999); memory does not
depend on how cases are split, since nothing per case is kept. The load average is printed
beside the figures: on a shared machine, wall times (and so the workers' speed-up) are
noisy.
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
          workers: int = 1, repeats: int = 1) -> tuple[float, float, float]:
    """(CPU seconds, its workers' included; wall seconds; peak MB) of a fresh process
    simulating: the least of
    ``repeats`` fresh processes for each (the machine is shared: the least is the run
    that other jobs disturbed least)."""
    runs = [_fresh(spec, cases, replications, log, workers) for _ in range(repeats)]
    return (min(r[0] for r in runs), min(r[1] for r in runs), min(r[2] for r in runs))


def _fresh(spec: str, cases: int, replications: int, log: str | None,
           workers: int) -> tuple[float, float, float]:
    code = ("import resource, time\n"
            "from pathlib import Path\n"
            "from policy_kit import load\n"
            "from policy_kit.simulate import prepare, simulate\n"
            f"m = prepare(load({spec!r}))\n"
            "t, w = time.process_time(), time.perf_counter()\n"
            f"simulate(m, cases={cases}, replications={replications}, seed=1, "
            f"workers={workers}, event_log={'Path(' + repr(log) + ')' if log else None})\n"
            "c = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "print(time.process_time() - t + c.ru_utime + c.ru_stime,\n"
            "      time.perf_counter() - w, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout.split()
    return float(out[0]), float(out[1]), float(out[2]) / 1024


def throughput(name: str, spec: str, sizes: list[int], log_up_to: int) -> None:
    print(f"\n{name}: cases/s (CPU) and peak memory, fresh process each, best of 3 up to "
          "10^5 cases")
    print(f"  {'cases':>12} {'no log':>22} {'CSV event log':>22} {'log adds':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            replications = max(1, n // 1_000_000)
            per = n // replications
            repeats = 3 if n <= 100_000 else 1
            cpu, _, mb = fresh(spec, per, replications, repeats=repeats)
            cells = f"{n / cpu:>10,.0f}/s {mb:>7.0f} MB"
            if n <= log_up_to:
                log = str(Path(folder) / "log.csv")
                cpu_log, _, mb_log = fresh(spec, per, replications, log, repeats=repeats)
                logged = f"{n / cpu_log:>10,.0f}/s {mb_log:>7.0f} MB"
                adds = f"{cpu_log / cpu - 1:>8.0%}"
            else:
                logged, adds = f"{'(not run)':>22}", ""
            split = f"  ({replications} x {per:,})" if replications > 1 else ""
            print(f"  {n:>12,} {cells:>22} {logged:>22} {adds:>9}{split}", flush=True)


def workers(cases: int, rounds: int) -> None:
    print(f"\nworkers: approval model, 20 replications of {cases:,} cases (wall time, "
          f"best of {rounds}, 1 and 2 alternating)")
    print(f"  before: {load_average()}")
    ones = [fresh(APPROVAL, cases, 20, workers=1) for _ in range(rounds)]
    twos = [fresh(APPROVAL, cases, 20, workers=2) for _ in range(rounds)]
    one, two = min(r[1] for r in ones), min(r[1] for r in twos)
    cpu_one, cpu_two = min(r[0] for r in ones), min(r[0] for r in twos)
    print(f"  --workers 1: {one:.2f} s;  --workers 2: {two:.2f} s;  speed-up {one / two:.2f}x "
          f"(target ≥ 1.7x; after: {load_average()})")
    # What the pool costs in CPU (forking, sending tallies back) does not depend on the
    # load; on two idle cores the wall time would be half the CPU of both workers.
    print(f"  CPU, workers included: {cpu_one:.2f} s against {cpu_two:.2f} s: the pool adds "
          f"{cpu_two / cpu_one - 1:.1%}; on two idle cores the speed-up would be "
          f"{2 * cpu_one / cpu_two:.2f}x at most")
    print(f"  control: two busy loops in 2 processes instead of 1 ran {cores_free():.2f}x "
          "sooner just now (2x when two cores are free; what this machine can give)")


def _burn(_: int) -> None:
    total = 0
    for i in range(5_000_000):
        total += i


def cores_free() -> float:
    """How much sooner two busy loops finish in two processes than in one: how many cores
    the machine could give this benchmark at the moment (the other jobs decide)."""
    import multiprocessing

    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    walls = []
    for processes in (1, 2):
        began = time.perf_counter()
        with context.Pool(processes) as pool:
            pool.map(_burn, range(2))
        walls.append(time.perf_counter() - began)
    return walls[0] / walls[1]


def sweep(replications: int, rounds: int) -> None:
    """Points per second of a 3x3 sweep of Xianyang: in this process, on a local Dask
    cluster of 2 started for it (what ``sweep`` does by default on a big sweep), and
    on that cluster once running (what ``--cluster ADDRESS`` does)."""
    from distributed import LocalCluster

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
          f"per point (wall time, best of {rounds}; {load_average()})")

    def best(runner: cluster.Runner, times: int) -> float:
        walls = []
        for _ in range(times):
            began = time.perf_counter()
            runner(definition, scenarios, plan, tasks)
            walls.append(time.perf_counter() - began)
        return min(walls)

    here = best(cluster.in_process, rounds)
    print(f"  in this process: {here:.2f} s, {len(points) / here:.2f} points/s")
    started = best(cluster.local(2), 1)
    print(f"  local Dask cluster of 2 started for it: {started:.2f} s, "
          f"{len(points) / started:.2f} points/s (start-up included)")
    with LocalCluster(n_workers=2, threads_per_worker=1,  # type: ignore[no-untyped-call]
                      processes=True, dashboard_address=None) as running:
        address = running.scheduler_address
        best(cluster.remote(address), 1)  # the workers import policy-kit once
        warm = best(cluster.remote(address), rounds)
    print(f"  a running Dask cluster of 2 (--cluster ADDRESS): {warm:.2f} s, "
          f"{len(points) / warm:.2f} points/s")


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
    workers(1_000 if args.quick else 5_000, 1 if args.quick else 3)
    sweep(3 if args.quick else 10, 1 if args.quick else 3)
    print(f"\nafter: {load_average()}")


if __name__ == "__main__":
    main()
