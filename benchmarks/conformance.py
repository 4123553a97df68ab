"""Conformance speed and agreement: policy-kit conform against pm4py, on the same logs and
the same model.

1. The real WABO receipt log (../shared/data/wabo-receipt/receipt.csv) end to end, as
   docs/conformance.md runs it (target: under 2 s).
2. A log of about 1,000,000 events made by the simulator (zhaoqing-land-supply at a
   city-wide volume, ``volume_scenario``), with one
   deviation planted in 10% of the cases (a step deleted, two neighbours swapped, a step
   duplicated, or an unknown activity inserted); wall time and peak memory (targets:
   under 60 s and 1 GB).
3. pm4py (PM4PY_PYTHON, its own venv) on the same logs and the model's BPMN export
   (policy-kit render -o X.bpmn, converted by pm4py to a Petri net): token replay and
   alignments, fitness side by side, and the ratio of wall times (target: >= 10x pm4py's
   alignments). pm4py's alignments on the whole 1M-event log take hours, so they run on
   the first --sample cases, and policy-kit runs on the same sample for the ratio.

For pm4py both tools read one CSV: activities renamed to the BPMN's task names and every
case marked finished (pm4py has no open cases), so the fitness figures mean the same.

Usage: python benchmarks/conformance.py [--events 1000000] [--sample 3000] [--seed 7]
Needs PM4PY_PYTHON for part 3 (skipped with a note otherwise).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WABO = ROOT / "examples" / "wabo-receipt"
WABO_LOG = ROOT.parent / "shared" / "data" / "wabo-receipt" / "receipt.csv"
CLI = [str(Path(sys.executable).with_name("policy-kit"))]
PROCESS = "zhaoqing-land-supply"
EVENTS_PER_CASE = 7.6


def timed(command: list[str], output: Path | None = None) -> tuple[float, float, str]:
    """Wall seconds and peak resident MB of one child process, and its stdout."""
    script = ("import resource, subprocess, sys, json, time\n"
              "t = time.perf_counter()\n"
              "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
              "w = time.perf_counter() - t\n"
              "m = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
              "sys.stderr.write(p.stderr)\n"
              "print(json.dumps({'wall': w, 'mb': m, 'code': p.returncode, 'out': p.stdout}))")
    done = subprocess.run([sys.executable, "-c", script, *command], capture_output=True,
                          text=True, check=True)
    data = json.loads(done.stdout.splitlines()[-1])
    if data["code"] != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return data["wall"], data["mb"], data["out"]


def labels_of(spec: str) -> dict[str, str]:
    """State id → the English task name the BPMN export writes."""
    sys.path.insert(0, str(ROOT))
    from policy_kit.loader import load
    from policy_kit.model.common import label

    definition = load(spec)
    return {name: label(place.state.name, name, "en")
            for name, place in definition.structure.places.items()}


def wabo_copy(folder: Path) -> Path:
    """The WABO log with activities as the BPMN's task names, every case finished."""
    import yaml

    mapping = yaml.safe_load((WABO / "activities.yaml").read_text(encoding="utf-8"))
    names = labels_of(str(WABO / "wabo-receipt.yaml"))
    out = folder / "wabo-pm4py.csv"
    with WABO_LOG.open(encoding="utf-8") as source, out.open("w", encoding="utf-8",
                                                             newline="") as target:
        writer = csv.writer(target)
        writer.writerow(("case:concept:name", "concept:name", "time:timestamp", "case:closed"))
        for row in csv.DictReader(source):
            state = mapping["activities"][row["concept:name"]]
            writer.writerow((row["case:concept:name"], names[state], row["time:timestamp"],
                             "yes"))
    return out


def volume_scenario(folder: Path) -> Path:
    """The process's own scenario at a city-wide volume: 120 applications a working day
    and 100 land officers. The bundled scenario's 40 parcels a year would spread a
    million events over some 3,000 years, and a log of that span measures building
    3,000 years of holiday tables rather than conformance; an office's real log of
    this size covers a few years."""
    import yaml

    data = yaml.safe_load((ROOT / "processes" / f"{PROCESS}.scenario.yaml").read_text(
        encoding="utf-8"))
    data["arrivals"] = {"per_working_day": 120,
                        "assumption": "benchmark volume: a few years for a million events"}
    data["staff"]["land_office"]["count"] = 100
    path = folder / "volume.scenario.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def simulated(folder: Path, events: int, seed: int) -> Path:
    path = folder / "simulated.csv"
    cases = max(1, round(events / EVENTS_PER_CASE))
    wall, _, _ = timed([*CLI, "simulate", PROCESS, "--scenario", str(volume_scenario(folder)),
                        "--cases", str(cases), "--replications", "1", "--seed", str(seed),
                        "--event-log", str(path), "--lang", "en"])
    print(f"  simulated {cases:,} cases in {wall:.1f} s")
    return path


def planted(source: Path, folder: Path, seed: int, names: dict[str, str]) -> tuple[Path, int]:
    """One deviation in 10% of the cases; activities renamed to the BPMN's task names."""
    rng = random.Random(seed)
    out = folder / "planted.csv"
    by_case: dict[str, list[list[str]]] = {}
    with source.open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            by_case.setdefault(row["case_id"], []).append(
                [row["case_id"], names[row["activity"]], row["end"] or row["start"]])
    count = 0
    with out.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(("case:concept:name", "concept:name", "time:timestamp", "case:closed"))
        for rows in by_case.values():
            if len(rows) > 2 and rng.random() < 0.1:
                count += 1
                at = rng.randrange(1, len(rows) - 1)
                kind = rng.choice(("delete", "swap", "duplicate", "unknown"))
                if kind == "delete":
                    del rows[at]
                elif kind == "swap":
                    rows[at][1], rows[at + 1][1] = rows[at + 1][1], rows[at][1]
                elif kind == "duplicate":
                    rows.insert(at, list(rows[at]))
                else:
                    rows.insert(at, [rows[at][0], "Unrecorded step", rows[at][2]])
            for row in rows:
                writer.writerow((*row, "yes"))
    return out, count


def sample(source: Path, folder: Path, cases: int) -> Path:
    out = folder / f"sample-{cases}.csv"
    seen: set[str] = set()
    with source.open(encoding="utf-8") as stream, out.open("w", encoding="utf-8",
                                                          newline="") as target:
        reader = csv.reader(stream)
        writer = csv.writer(target)
        writer.writerow(next(reader))
        for row in reader:
            if row[0] not in seen:
                if len(seen) == cases:
                    continue
                seen.add(row[0])
            writer.writerow(row)
    return out


def ours(spec: str, log: Path, *extra: str) -> tuple[float, float, dict[str, object]]:
    wall, mb, out = timed([*CLI, "conform", spec, "--log", str(log), "--json",
                           "--finished-column", "case:closed", *extra])
    return wall, mb, json.loads(out)["summary"]


def theirs(bpmn: Path, log: Path, alignments: bool = True) -> dict[str, object] | None:
    python = os.environ.get("PM4PY_PYTHON")
    if not python:
        return None
    command = [python, str(ROOT / "benchmarks" / "pm4py_conformance.py"), str(bpmn), str(log)]
    if not alignments:
        command.append("--no-alignments")
    done = subprocess.run(command, capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        print(f"  pm4py failed: {done.stderr.strip().splitlines()[-1:]}")
        return None
    return dict(json.loads(lines[-1]))


def compare(title: str, spec: str, bpmn: Path, log: Path) -> None:
    wall, mb, summary = ours(spec, log)
    print(f"{title}: policy-kit {wall:.2f} s, {mb:.0f} MB, fitness {summary['fitness']}, "
          f"fitting {summary['fitting_share']}")
    result = theirs(bpmn, log)
    if result is None:
        print("  pm4py: set PM4PY_PYTHON to compare")
        return
    print(f"  pm4py {result['pm4py']}: token replay {result['token_replay_seconds']} s "
          f"(fitness {result['token_replay_fitness']}), alignments "
          f"{result.get('alignments_seconds')} s (fitness {result.get('alignments_fitness')},"
          f" fitting {result.get('alignments_fitting_share')}); load {result['load_seconds']} s")
    if result.get("alignments_seconds"):
        aligned = float(result["load_seconds"]) + float(result["alignments_seconds"])  # type: ignore[arg-type]
        print(f"  ratio: policy-kit end to end is {aligned / wall:.1f}x faster than pm4py's "
              "alignments (load + align)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if WABO_LOG.exists():
            wall, mb, out = timed([*CLI, "conform", str(WABO / "wabo-receipt.yaml"), "--log",
                                   str(WABO_LOG), "--activities", str(WABO / "activities.yaml"),
                                   "--deadline-column", "case:deadline", "--json"])
            summary = json.loads(out)["summary"]
            print(f"WABO as documented: {wall:.2f} s end to end, {mb:.0f} MB, fitness "
                  f"{summary['fitness']}, {summary['open']} open, "
                  f"{summary['deadline_breaches']} after their deadline")
            wabo_bpmn = folder / "wabo.bpmn"
            timed([*CLI, "render", str(WABO / "wabo-receipt.yaml"), "-o", str(wabo_bpmn),
                   "--lang", "en"])
            compare("WABO, every case finished (same CSV for both)",
                    str(WABO / "wabo-receipt.yaml"), wabo_bpmn, wabo_copy(folder))
        names = labels_of(PROCESS)
        raw = simulated(folder, args.events, args.seed)
        log, count = planted(raw, folder, args.seed, names)
        rows = sum(1 for _ in log.open(encoding="utf-8")) - 1
        wall, mb, summary = ours(PROCESS, log)
        print(f"{rows:,} events, {summary['cases']:,} cases, {count:,} with a planted "
              f"deviation: policy-kit {wall:.1f} s, {mb:.0f} MB peak (targets: under 60 s and "
              f"1 GB), fitness {summary['fitness']}, fitting {summary['fitting']:,}")
        bpmn = folder / "process.bpmn"
        timed([*CLI, "render", PROCESS, "-o", str(bpmn), "--lang", "en"])
        tokens = theirs(bpmn, log, alignments=False)
        if tokens is not None:
            print(f"  pm4py token replay on all of it: {tokens['token_replay_seconds']} s "
                  f"(+ {tokens['load_seconds']} s load), fitness "
                  f"{tokens['token_replay_fitness']}")
        compare(f"first {args.sample:,} cases of it", PROCESS, bpmn,
                sample(log, folder, args.sample))
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"(largest child process: {peak:.0f} MB)")


if __name__ == "__main__":
    main()
