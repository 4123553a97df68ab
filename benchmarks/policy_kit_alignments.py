"""policy-kit doing exactly the work pm4py_conformance.py times for pm4py: read the model
and the CSV log, align every case (each variant once), and the log's alignment fitness.
No calendar, no working times, no limits, no report: ``policy-kit conform`` does those
too, and benchmarks/conformance.py times it separately, end to end.

Usage: python benchmarks/policy_kit_alignments.py MODEL LOG.csv FINISHED-COLUMN [REPEAT]
Prints one JSON line: import_seconds, load_seconds (the model, the log, and the
process's calendar, which the replayer is built with but alignments never read),
alignments_seconds (the best of REPEAT runs, default 1, each from a fresh replayer with
nothing cached: the same as pm4py_conformance.py --repeat), alignments_first_seconds,
alignments_cpu_seconds (the least CPU time of this process among the runs),
alignments_fitness and alignments_fitting_share, as pm4py defines them (log fitness
1 - sum of costs / sum of (events + shortest model run)).
"""

from __future__ import annotations

import json
import sys
import time


def main() -> None:
    started = time.perf_counter()
    from policy_kit.calendar.country import zone_of
    from policy_kit.conform.run import Settings, replayer_for
    from policy_kit.loader import load
    from policy_kit.logs import ReadOptions, read_log

    result: dict[str, object] = {"import_seconds": round(time.perf_counter() - started, 3)}
    model, path, finished = sys.argv[1], sys.argv[2], sys.argv[3]
    repeat = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    settings = Settings(finished_column=finished)
    started = time.perf_counter()
    definition = load(model)
    log = read_log(path, ReadOptions(zone=zone_of(definition.process.calendar)))
    replayer_for(definition, None, log, settings, keep_steps=False)  # the calendar, once
    result["load_seconds"] = round(time.perf_counter() - started, 3)
    times, cpu = [], []
    for _ in range(repeat):
        started, used = time.perf_counter(), time.process_time()
        replayer = replayer_for(definition, None, log, settings, keep_steps=False)
        cost = total = fitting = 0
        for trace in log.traces:
            variant = replayer.variant(trace)
            cost += variant.alignment.cost
            total += variant.total
            fitting += variant.alignment.cost == 0
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    result["alignments_seconds"] = round(min(times), 3)
    result["alignments_cpu_seconds"] = round(min(cpu), 3)
    result["alignments_first_seconds"] = round(times[0], 3)
    result["variants"] = len(replayer.variants)
    result["alignments_fitness"] = round(1 - cost / total, 4) if total else 1.0
    result["alignments_fitting_share"] = round(fitting / len(log.traces), 4)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
