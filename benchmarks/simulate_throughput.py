"""Benchmark: ``policy-kit simulate`` on the approval model, against Prosimos and against
stepping the ``transitions`` machine. Not a test: it prints figures and ratios.

    python benchmarks/simulate_throughput.py --quick          # < 30 s, installs nothing
    PROSIMOS_PYTHON=/path/to/venv/bin/python python benchmarks/simulate_throughput.py
    PROSIMOS_PYTHON=... python benchmarks/simulate_throughput.py --quick --cases 10000

The model is ``../shared/bench/approval.bpmn`` + ``approval.json`` written in policy-kit's
format (``approval.yaml`` + ``approval.scenario.yaml`` beside this file). Prosimos runs
on the BPMN in its own Python (``PROSIMOS_PYTHON``; it is never a dependency). Both tools'
event logs give each case's cycle time (first start to last end, clock hours); their
means get 95% intervals by batch means, and must overlap. Targets: ≥10× Prosimos,
≥30× the transitions machine, 100,000 cases under 300 MB, start-up to the first case
under 0.3 s. Ratios are of CPU time (the machines that run this are shared); wall time
and the load average are printed beside them. Start-up is measured with bytecode cached,
as an installed package has it, and also without (``PYTHONDONTWRITEBYTECODE``, as some
shells run it). The last line printed is ``cases_per_s=… ratio_vs_transitions=…
ratio_vs_prosimos=NO_LOGS/WITH_LOGS``.
"""

from __future__ import annotations

import argparse
import csv
import gc
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policy_kit.simulate import Model

HERE = Path(__file__).resolve().parent
MODEL = HERE / "approval.yaml"
BENCH = HERE.parent.parent / "shared" / "bench"
START = "2025-01-06T09:00:00+08:00"
SEED = 1


def _model() -> Model:
    from policy_kit import load
    from policy_kit.simulate import prepare

    return prepare(load(MODEL))


class Timing:
    """CPU and wall seconds of one measurement (the best of its repeats, by CPU)."""

    def __init__(self, cpu: float, wall: float) -> None:
        self.cpu = cpu
        self.wall = wall

    def __str__(self) -> str:
        return f"{self.cpu:.2f} s CPU, {self.wall:.2f} s wall"


def timed_simulation(cases: int, machine: bool = False, repeats: int = 1,
                     log: str | None = None) -> Timing:
    """Seconds to simulate ``cases`` cases in process (compiled form, or the machine),
    with an event log (``log``: its suffix, ``.csv``, ``.xes`` or ``.parquet``) or
    without; the best of ``repeats`` by CPU time (CI machines are busy; wall time is kept
    too). Libraries a log imports once per process (numpy; pyarrow for Parquet) are
    imported before the clock starts: ``scale.py`` times fresh processes."""
    from policy_kit.simulate import simulate
    from policy_kit.simulate.reference import machine_starter

    model = _model()
    start = machine_starter(model) if machine else None
    best = Timing(math.inf, math.inf)
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeats):
            gc.collect()
            began, wall = time.process_time(), time.perf_counter()
            simulate(model, cases=cases, replications=1, seed=SEED, start=start, workers=1,
                     event_log=Path(folder) / f"log{log}" if log else None)
            cpu, wall = time.process_time() - began, time.perf_counter() - wall
            if cpu < best.cpu:
                best = Timing(cpu, wall)
    return best


def startup_seconds(runs: int, cached: bool) -> tuple[float, float]:
    """(wall, CPU) seconds, the median of ``runs``, of ``policy-kit simulate`` with one case:
    start-up to the first case (one case takes well under a millisecond). ``cached``: with
    bytecode compiled once beforehand (into a folder of its own), as an installed package
    has it; else compiling policy-kit's modules every time (``PYTHONDONTWRITEBYTECODE`` in a
    source checkout)."""
    command = [sys.executable, str(HERE.parent / "cli.py"), "simulate", str(MODEL), "--cases",
               "1", "--replications", "1", "--json"]
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ)
        if cached:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = cache
            subprocess.run(command, check=True, capture_output=True, env=env)
        else:  # the libraries' bytecode as installed, policy-kit's compiled every time
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        walls, cpus = [], []
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            began = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=env)
            walls.append(time.perf_counter() - began)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def peak_memory_mb(cases: int) -> tuple[Timing, float]:
    """(seconds, peak MB) of a fresh process simulating ``cases`` cases."""
    code = ("import resource, time\n"
            "from policy_kit import load\n"
            "from policy_kit.simulate import prepare, simulate\n"
            f"m = prepare(load({str(MODEL)!r}))\n"
            "t, w = time.process_time(), time.perf_counter()\n"
            f"simulate(m, cases={cases}, replications=1, seed={SEED})\n"
            "print(time.process_time() - t, time.perf_counter() - w,\n"
            "      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout.split()
    return Timing(float(out[0]), float(out[1])), float(out[2]) / 1024


def load_average() -> str:
    """The machine's load: what else ran while the figures were taken."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def our_log(cases: int, folder: Path) -> tuple[Path, dict[str, float | None]]:
    """Write our event log for ``cases`` cases; return it and our utilization per pool."""
    from policy_kit.simulate import simulate

    path = folder / "ours.csv"
    run = simulate(_model(), cases=cases, replications=1, seed=SEED, event_log=path)
    return path, {k: v["utilization"] for k, v in run.data["departments"].items()}


def prosimos(python: str, cases: int, folder: Path,
             log_too: bool = True) -> tuple[Timing, Path, dict[str, float]]:
    """(seconds in process, log path, utilization per pool) of Prosimos on the BPMN; with
    its event log, or its statistics alone (``log_too=False``)."""
    log, stats = folder / f"prosimos-{cases}.csv", folder / f"prosimos-{cases}-stats.csv"
    log_arg = repr(str(log)) if log_too else "None"
    code = ("import time, sys\n"
            "from prosimos.simulation_engine import run_simulation\n"
            "t, w = time.process_time(), time.perf_counter()\n"
            f"run_simulation({str(BENCH / 'approval.bpmn')!r}, {str(BENCH / 'approval.json')!r},"
            f" {cases}, {str(stats)!r}, {log_arg}, {START!r})\n"
            "print('SECONDS', time.process_time() - t, time.perf_counter() - w)")
    out = subprocess.run([python, "-c", code], check=True, capture_output=True, text=True,
                         cwd=folder).stdout
    cpu, wall = next(line for line in out.splitlines() if line.startswith("SECONDS")).split()[1:]
    return Timing(float(cpu), float(wall)), log, _prosimos_utilization(stats)


def _prosimos_utilization(path: Path) -> dict[str, float]:
    pools: dict[str, list[float]] = defaultdict(list)
    rows = list(csv.reader(path.open(encoding="utf-8")))
    header = next(i for i, r in enumerate(rows) if r[:1] == ["Resource ID"])
    for row in rows[header + 1:]:
        if len(row) < 7 or not row[0]:
            break
        pools[row[6]].append(float(row[2]))
    return {pool: sum(v) / len(v) for pool, v in pools.items()}


def cycle_hours(path: Path, start: str, end: str) -> list[float]:
    """Each case's first start to last end, in hours, in order of first start."""
    first: dict[str, datetime] = {}
    last: dict[str, datetime] = {}
    with path.open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            case = row["case_id"]
            s = datetime.fromisoformat(row[start])
            e = datetime.fromisoformat(row[end])
            first[case] = min(first.get(case, s), s)
            last[case] = max(last.get(case, e), e)
    order = sorted(first, key=lambda c: first[c])
    return [(last[c] - first[c]).total_seconds() / 3600 for c in order]


BATCH = 400
"""Fewest cases in a batch: the fire bureau's officers are 95% busy, and its queue stays
correlated over hundreds of cases (2,000-case runs of either tool, seed to seed, differ by
far more than 20 batches of 90 cases would allow)."""


def batch_interval(values: list[float], batches: int = 20) -> tuple[float, float]:
    """(mean, 95% half-width) by batch means, after a 10% warm-up: at most ``batches``
    batches, each of at least ``BATCH`` cases, and never fewer than 5."""
    from policy_kit.simulate.stats import mean_interval

    kept = values[len(values) // 10:]
    batches = max(5, min(batches, len(kept) // BATCH))
    size = len(kept) // batches
    means = [sum(kept[i * size:(i + 1) * size]) / size for i in range(batches)]
    mean, low, _ = mean_interval(means)
    return mean, mean - (low if low is not None else mean)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small runs, under 30 s")
    parser.add_argument("--cases", type=int, action="append",
                        help="case counts to time (and to run Prosimos on), instead of "
                             "10,000 and 100,000 (--quick: 10,000, Prosimos on 2,000)")
    args = parser.parse_args()
    python = os.environ.get("PROSIMOS_PYTHON")
    sizes = args.cases or ([10_000] if args.quick else [10_000, 100_000])
    machine_cases = 500 if args.quick else 2_000
    print(f"before: {load_average()}")

    runs = 3 if args.quick else 7
    for cached, how in ((True, "bytecode cached"), (False, "no bytecode")):
        wall, cpu = startup_seconds(runs, cached)
        print(f"start-up to first case (policy-kit simulate, 1 case, {how}): {wall:.3f} s "
              f"wall, {cpu:.3f} s CPU (target < 0.3 s)")
    ours = {}
    for n in sizes:
        ours[n] = timed_simulation(n, repeats=3 if n <= 10_000 else 1)
        print(f"policy-kit, {n:,} cases: {ours[n]}, {n / ours[n].cpu:,.0f} cases per CPU "
              "second")
    if not args.quick:
        timing, mb = peak_memory_mb(100_000)
        print(f"policy-kit, 100,000 cases in a fresh process: {timing}, peak {mb:.0f} MB "
              f"(target < 300 MB; Prosimos: 2.4 GB)")
    first = sizes[0]
    adds = []
    for suffix in (".csv", ".xes", ".parquet"):
        timed_simulation(10, log=suffix)  # the libraries it imports, once
        logged = timed_simulation(first, log=suffix, repeats=3 if first <= 10_000 else 1)
        adds.append(f"{suffix[1:].upper()} {logged.cpu / ours[first].cpu - 1:.0%} "
                    f"({logged.cpu:.2f} s)")
    print(f"policy-kit, {first:,} cases, writing --event-log adds: {', '.join(adds)} to "
          f"{ours[first].cpu:.2f} s CPU (target ≤ 50%)")
    fast = timed_simulation(machine_cases, repeats=3)
    slow = timed_simulation(machine_cases, machine=True)
    ratio_machine = slow.cpu / fast.cpu
    print(f"same {machine_cases:,} cases stepping the transitions machine: {slow} vs {fast}; "
          f"ratio {ratio_machine:.1f}x CPU, {slow.wall / fast.wall:.1f}x wall (target ≥ 30x)")
    ratio_prosimos = "n/a"
    if python:
        ratio_prosimos = _against_prosimos(
            python, [2_000] if args.quick and not args.cases else sizes, ours)
    else:
        print("Prosimos: not run (set PROSIMOS_PYTHON to a Python that has prosimos)")
    print(f"after: {load_average()}")
    largest = sizes[-1]
    print(f"cases_per_s={largest / ours[largest].cpu:.0f} "
          f"ratio_vs_transitions={ratio_machine:.1f} ratio_vs_prosimos={ratio_prosimos}")


def _against_prosimos(python: str, sizes: list[int], ours: dict[int, Timing]) -> str:
    ratio = "n/a"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in sizes:
            # Like with like, both ways: statistics alone on both sides, then both
            # writing their event log (Prosimos' CSV, policy-kit's CSV), each a row per
            # step with case, activity, resource, start and end; each clock covers
            # simulating and writing, neither covers imports (numpy here, simpy/pandas
            # there). Prosimos' also covers reading its model (SimDiffSetup, inside
            # run_simulation: 4 ms); policy-kit's load and prepare (14 ms) run before
            # its clock: too little either way to move the ratio.
            bare, _, _ = prosimos(python, n, folder, log_too=False)
            mine = ours.get(n) or timed_simulation(n)
            print(f"Prosimos, {n:,} cases, no event log on either side: {bare}; policy-kit "
                  f"{mine}; ratio {bare.cpu / mine.cpu:.1f}x CPU, "
                  f"{bare.wall / mine.wall:.1f}x wall (target ≥ 10x)")
            theirs, _, _ = prosimos(python, n, folder)
            logged = timed_simulation(n, log=".csv", repeats=3 if n <= 10_000 else 1)
            ratio = f"{bare.cpu / mine.cpu:.1f}/{theirs.cpu / logged.cpu:.1f}"
            print(f"Prosimos, {n:,} cases, event logs on both sides: {theirs}; policy-kit "
                  f"{logged}; ratio {theirs.cpu / logged.cpu:.1f}x CPU, "
                  f"{theirs.wall / logged.wall:.1f}x wall (target ≥ 20x); policy-kit's log "
                  f"adds {logged.cpu / mine.cpu - 1:.0%} to its run (target ≤ 50%)")
        our_path, our_use = our_log(sizes[0], folder)
        a_mean, a_half = batch_interval(cycle_hours(our_path, "start", "end"))
        their_log = folder / f"prosimos-{sizes[0]}.csv"
        b_mean, b_half = batch_interval(cycle_hours(their_log, "start_time", "end_time"))
        agree = abs(a_mean - b_mean) <= a_half + b_half
        print(f"KPIs on {sizes[0]:,} cases (cycle time, clock hours, 95% batch-means CI): "
              f"policy-kit {a_mean:.1f} ± {a_half:.1f}, Prosimos {b_mean:.1f} ± {b_half:.1f} "
              f"→ {'agree' if agree else 'DISAGREE'}")
        their_use = _prosimos_utilization(folder / f"prosimos-{sizes[0]}-stats.csv")
        for pool, value in sorted(their_use.items()):
            mine_use = our_use.get(pool)
            shown = "-" if mine_use is None else f"{mine_use:.3f}"
            if not math.isfinite(value):
                continue
            print(f"  utilization {pool:<7} policy-kit {shown:>6}  Prosimos {value:.3f}")
    return ratio


if __name__ == "__main__":
    main()
