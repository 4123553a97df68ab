"""policy-kit doing exactly the work pm4py_conformance.py times for pm4py: read the model
and the CSV log, align every case (each variant once), and the log's alignment fitness.
No calendar, no working times, no limits, no report: ``policy-kit conform`` does those
too, and benchmarks/conformance.py times it separately, end to end.

Usage: python benchmarks/policy_kit_alignments.py MODEL LOG.csv FINISHED-COLUMN
Prints one JSON line: import_seconds, load_seconds (model and log), alignments_seconds,
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
    started = time.perf_counter()
    definition = load(model)
    log = read_log(path, ReadOptions(zone=zone_of(definition.process.calendar)))
    result["load_seconds"] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    replayer = replayer_for(definition, None, log, Settings(finished_column=finished),
                            keep_steps=False)
    cost = total = fitting = 0
    for trace in log.traces:
        variant = replayer.variant(trace)
        cost += variant.alignment.cost
        total += variant.total
        fitting += variant.alignment.cost == 0
    result["alignments_seconds"] = round(time.perf_counter() - started, 3)
    result["variants"] = len(replayer.variants)
    result["alignments_fitness"] = round(1 - cost / total, 4) if total else 1.0
    result["alignments_fitting_share"] = round(fitting / len(log.traces), 4)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
