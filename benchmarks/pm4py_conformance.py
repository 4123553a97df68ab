"""pm4py's token replay and alignments on one log and one BPMN model: run by
benchmarks/conformance.py with the interpreter named by PM4PY_PYTHON (pm4py is AGPL and
stays out of policy-kit; this file imports it only in that separate environment).

Usage: $PM4PY_PYTHON benchmarks/pm4py_conformance.py MODEL.bpmn LOG.csv [--no-alignments]
[--repeat N]
MODEL.bpmn is ``policy-kit render ID -o MODEL.bpmn --bpmn-profile workflow-net``; pm4py
converts it itself. Prints a JSON line after token replay and another after alignments
(import, load, token replay and alignments each timed apart, and the fitness of each);
alignments stop after PM4PY_ALIGN_SECONDS (default 600) and say how many traces they
aligned; with ``--repeat N`` they run N times on the loaded log and the best time is
reported (``alignments_first_seconds``: the first; ``alignments_cpu_seconds``: the least
CPU time of this process, which other jobs on a shared machine do not inflate).
``sink_places`` > 1 would mean the converted net is no workflow net (the final marking
names one sink; traces ending at another could never reach it).
"""

from __future__ import annotations

import json
import os
import sys
import time
import warnings


def main() -> None:
    warnings.filterwarnings("ignore")
    started = time.perf_counter()
    import pandas as pd
    import pm4py

    model, log_path = sys.argv[1], sys.argv[2]
    result: dict[str, object] = {"pm4py": pm4py.__version__,
                                 "import_seconds": round(time.perf_counter() - started, 3)}
    started = time.perf_counter()
    net, initial, final = pm4py.convert_to_petri_net(pm4py.read_bpmn(model))
    frame = pd.read_csv(log_path, dtype=str)
    frame["time:timestamp"] = pd.to_datetime(frame["time:timestamp"], utc=True, format="ISO8601")
    log = pm4py.format_dataframe(frame, case_id="case:concept:name",
                                 activity_key="concept:name", timestamp_key="time:timestamp")
    result["load_seconds"] = round(time.perf_counter() - started, 3)
    result["places"] = len(net.places)
    result["transitions"] = len(net.transitions)
    started = time.perf_counter()
    tokens = pm4py.fitness_token_based_replay(log, net, initial, final)
    result["token_replay_seconds"] = round(time.perf_counter() - started, 3)
    result["token_replay_fitness"] = round(float(tokens["log_fitness"]), 4)
    result["token_replay_fitting_share"] = round(
        float(tokens["perc_fit_traces"]) / 100, 4)
    sinks = [p for p in net.places if not p.out_arcs]
    result["sink_places"] = len(sinks)
    print(json.dumps(result), flush=True)  # token replay's figures even if alignments stall
    if "--no-alignments" not in sys.argv:
        from pm4py.algo.conformance.alignments.petri_net import algorithm as alignments
        from pm4py.algo.evaluation.replay_fitness.variants import alignment_based

        budget = float(os.environ.get("PM4PY_ALIGN_SECONDS", "600"))
        keys = alignments.Parameters
        repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 1
        times, cpu = [], []
        for _ in range(repeat):
            started, used = time.perf_counter(), time.process_time()
            aligned = alignments.apply(log, net, initial, final,
                                       parameters={keys.PARAM_MAX_ALIGN_TIME: budget})
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - used)
        result["alignments_seconds"] = round(min(times), 3)
        result["alignments_first_seconds"] = round(times[0], 3)
        result["alignments_cpu_seconds"] = round(min(cpu), 3)
        done = [a for a in aligned if a is not None]
        result["alignments_done"] = f"{len(done)} of {len(aligned)} traces"
        figures = alignment_based.evaluate(aligned)
        result["alignments_fitness"] = round(float(figures["log_fitness"]), 4)
        result["alignments_fitting_share"] = round(
            float(figures["percentage_of_fitting_traces"]) / 100, 4)
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
