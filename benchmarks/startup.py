"""Benchmark: ``policy-kit simulate``'s start-up. Not a test: it prints figures.

    python benchmarks/startup.py [--runs 10]

Wall time of ``policy-kit simulate jining-construction-start --cases 1 --replications 1
--json`` in fresh processes: everything before the first case runs (imports, loading,
the pre-run check, the scenario and the engine's tables) and the little after it. The
installed CLI's bytecode is compiled once first, as ``pip install`` leaves it (a
``PYTHONDONTWRITEBYTECODE`` environment would otherwise recompile every module each
run, adding about 0.3 s that no user sees). Prints the best and the median with the
load average: the machine is shared, and the best is the run others disturbed least.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMAND = ["simulate", "jining-construction-start", "--cases", "1", "--replications", "1",
           "--json"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    cli = shutil.which("policy-kit", path=str(Path(sys.executable).parent)) or "policy-kit"
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache  # compiled once, kept out of the source tree
        subprocess.run([cli, *COMMAND], env=env, check=True, capture_output=True)
        walls = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([cli, *COMMAND], env=env, check=True, capture_output=True)
            walls.append(time.perf_counter() - start)
    one, five, _ = os.getloadavg()
    print(f"policy-kit {' '.join(COMMAND)}")
    print(f"  wall: best {min(walls):.3f} s, median {statistics.median(walls):.3f} s over "
          f"{runs} runs (target ~0.3 s)")
    print(f"  load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
