"""pm4py's token replay and alignments on one log and one BPMN model: run by
benchmarks/conformance.py with the interpreter named by PM4PY_PYTHON (pm4py is AGPL and
stays out of policy-kit; this file imports it only in that separate environment).

Usage: $PM4PY_PYTHON benchmarks/pm4py_conformance.py MODEL.bpmn LOG.csv [--no-alignments]
Prints one JSON object: fitness and wall time of each method.
"""

from __future__ import annotations

import json
import sys
import time
import warnings


def main() -> None:
    warnings.filterwarnings("ignore")
    import pandas as pd
    import pm4py

    model, log_path = sys.argv[1], sys.argv[2]
    result: dict[str, object] = {"pm4py": pm4py.__version__}
    started = time.perf_counter()
    bpmn = pm4py.read_bpmn(model)
    net, initial, final = pm4py.convert_to_petri_net(bpmn)
    frame = pd.read_csv(log_path, dtype=str)
    frame["time:timestamp"] = pd.to_datetime(frame["time:timestamp"], utc=True, format="ISO8601")
    log = pm4py.format_dataframe(frame, case_id="case:concept:name",
                                 activity_key="concept:name", timestamp_key="time:timestamp")
    result["load_seconds"] = round(time.perf_counter() - started, 3)
    result["transitions"] = len(net.transitions)
    started = time.perf_counter()
    tokens = pm4py.fitness_token_based_replay(log, net, initial, final)
    result["token_replay_seconds"] = round(time.perf_counter() - started, 3)
    result["token_replay_fitness"] = round(float(tokens["log_fitness"]), 4)
    result["token_replay_fitting_share"] = round(
        float(tokens["perc_fit_traces"]) / 100, 4)
    if "--no-alignments" not in sys.argv:
        started = time.perf_counter()
        aligned = pm4py.fitness_alignments(log, net, initial, final)
        result["alignments_seconds"] = round(time.perf_counter() - started, 3)
        result["alignments_fitness"] = round(float(aligned["log_fitness"]), 4)
        result["alignments_fitting_share"] = round(
            float(aligned["percentage_of_fitting_traces"]) / 100, 4)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
