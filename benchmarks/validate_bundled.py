"""Benchmark (not a test): ``policy-kit validate`` of every bundled file, as a user runs it.

Target (issue 23): validating every bundled process, scenario, policy and mapping file
(``policy-kit validate`` without arguments) takes under 0.5 s, start-up included.

Each run is a fresh process (``python cli.py validate``), so the figure includes the
interpreter, the imports and every check. Python's bytecode cache is kept in a temporary
folder and filled by a first, untimed run, as an installed package has it; ``--cold``
times without writing one (``PYTHONDONTWRITEBYTECODE=1``, as the shells on the project's
build machine run: a checkout without ``__pycache__`` compiles policy-kit's own modules on
every run, installed libraries keep theirs). Other programs share the cores, so the
minimum of ``--repeat`` runs is printed (wall and CPU seconds), with the load average.

A second child process reports where the time goes: the imports of the command, the
imports that reading a scenario, policy and mapping file adds, and each file's check.

    .venv/bin/python benchmarks/validate_bundled.py [--repeat 9] [--cold] [--instructions]

``--instructions`` also counts the instructions of one run under valgrind (callgrind): a
figure that other programs on the cores do not change, for comparing two versions (about
a minute; needs ``valgrind``).

The last line is ``validate_bundled wall=… cpu=… target=0.5 ratio=…`` (ratio below 1.0
meets the target).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 0.5

SPLIT = """
import json, time
t0 = time.perf_counter()
from policy_kit.files import bundled_files, check_any
t1 = time.perf_counter()
import policy_kit.policy.load, policy_kit.reform, policy_kit.simulate.loading
t2 = time.perf_counter()
files = {}
for spec in bundled_files():
    start = time.perf_counter()
    check_any(spec)
    files[spec.rsplit("/", 1)[-1]] = time.perf_counter() - start
print(json.dumps({"imports": t1 - t0, "companion imports": t2 - t1, "files": files}))
"""


def environment(cache: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["POLICY_KIT_LANG"] = "en"
    if cache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    else:
        env["PYTHONPYCACHEPREFIX"] = cache
    return env


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=env,
                            cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def instructions(command: list[str], env: dict[str, str]) -> int:
    """The instructions one run executes, counted by valgrind's callgrind."""
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (apt-get install valgrind)")
    result = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                             *command], capture_output=True, text=True, check=False, env=env,
                            cwd=ROOT)
    found = re.search(r"Collected : (\d+)", result.stderr)
    if found is None:
        raise SystemExit(f"valgrind did not report a count:\n{result.stderr[-2000:]}")
    return int(found[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--cold", action="store_true",
                        help="no bytecode cache: every module compiled on each run")
    parser.add_argument("--instructions", action="store_true",
                        help="count one run's instructions under valgrind (callgrind)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pk-pycache-") as cache:
        env = environment(None if args.cold else cache)
        validate = [sys.executable, str(ROOT / "cli.py"), "validate"]
        timed(validate, env)  # fills the bytecode cache
        runs = [timed(validate, env) for _ in range(args.repeat)]
        split = min((json.loads(subprocess.run(
            [sys.executable, "-c", SPLIT], capture_output=True, text=True, check=True,
            env=env, cwd=ROOT).stdout) for _ in range(3)),
            key=lambda s: s["imports"] + sum(s["files"].values()))
        counted = instructions(validate, env) if args.instructions else None
    wall = min(w for w, _ in runs)
    cpu = min(c for _, c in runs)
    load = os.getloadavg()[0]
    print(f"policy-kit validate, {len(split['files'])} bundled files, best of {args.repeat} "
          f"({'bytecode not written' if args.cold else 'bytecode cached'}; load average "
          f"{load:.1f} on {os.cpu_count()} cores)")
    print(f"  wall {wall:.3f} s   cpu {cpu:.3f} s   (all runs: "
          f"{' '.join(f'{w:.2f}' for w, _ in runs)})")
    print("where the time goes (one process, best of 3):")
    print(f"  {split['imports']:.3f} s  imports of the command")
    print(f"  {split['companion imports']:.3f} s  imports for scenario, policy, mapping files")
    for name, seconds in split["files"].items():
        print(f"  {seconds:.3f} s  {name}")
    if counted is not None:
        print(f"instructions of one run (callgrind): {counted / 1e9:.2f} G")
    print(f"validate_bundled wall={wall:.3f} cpu={cpu:.3f} target={TARGET_SECONDS} "
          f"ratio={wall / TARGET_SECONDS:.2f}")


if __name__ == "__main__":
    main()
