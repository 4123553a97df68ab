"""Benchmark: the checker's state space against two baselines, a plain breadth-first search
over tuples of region states (the fair one) and driving the ``transitions`` machine.

Not a test: it prints figures and ratios.

    python benchmarks/check_state_space.py              # R = 1..10, machine up to R = 6
    python benchmarks/check_state_space.py --max 8 --naive-max 5 --plain-max 8

The generated process has an intake, then one concurrent stage of R regions with four
states each (three tasks and a final state), joined before the outcome. The regions
**interact**: the last step of region i waits with ``done(...)`` until region i−1 has
left its first task, so the product must really be explored (at R = 10 it has 4^10 =
1,048,576 combinations of local states, of which 564,719 are reachable; with the intake
and the outcome, 564,721 configurations).

For each R the whole checker (``policy_kit.check.check``: structure, every behavioural
check, counterexamples) runs in a fresh process, which reports the reachable
configurations, CPU seconds, states per second and its peak resident memory. The naive
alternative explores the same configurations breadth first by driving the compiled
``transitions`` machine one state at a time: put the machine in the state, fire each
enabled trigger, read where it went, put it back. That measures mostly the machine's
own overhead (callbacks, state objects), not the search.

The **fair baseline** is the plain one: the same breadth-first search written directly
over tuples, one configuration a Python tuple (the outer state, the local state of each
region, the ``done`` states left so far), its moves read from the same structure the
checker reads (``policy_kit.structure``: every engine's moves) and its guards evaluated
by the same evaluator. It does the same work the checker does, one configuration at a
time instead of a set at a time, so the ratio to it is what the bit-set exploration buys.
It handles the shapes this benchmark generates (no shared triggers, no ``max_rounds``)
and must count exactly the checker's configurations.

Targets: R = 10 decided in under 10 s on one core with under 1 GB, and at least 50× the
machine's rate (for R = 1 or 2, a handful of configurations, every side measures mostly
its fixed costs). The checker's time includes every check and counterexample, the
baselines' only the search. The last line printed is ``R=10 seconds=… peak_mb=…
plain_ratio_at_R10=… machine_ratio_at_R6=…``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

STATES_PER_REGION = 4


def definition_text(regions: int) -> str:
    """R interacting regions of four states each, between an intake and an outcome."""
    lines = ["format: 1", f"id: chain-{regions}",
             f"title: {{zh: {regions}个联动分支, en: {regions} interacting regions}}",
             "source: benchmark", "stages:", "  - id: intake", "    states:",
             "      - {id: receive, kind: task}", "  - id: reviews", "    regions:"]
    transitions = ["  - {from: receive, to: reviews, on: accept}"]
    for i in range(regions):
        lines.append(f"      - id: r{i}")
        lines.append("        states:")
        for k in range(STATES_PER_REGION - 1):
            lines.append(f"          - {{id: s{i}_{k}, kind: task}}")
        lines.append(f"          - {{id: f{i}, kind: final}}")
        transitions.append(f"  - {{from: s{i}_0, to: s{i}_1, on: start}}")
        transitions.append(f"  - {{from: s{i}_1, to: s{i}_2, on: review}}")
        wait = f", when: done(s{i - 1}_0)" if i > 0 else ""
        transitions.append(f"  - {{from: s{i}_2, to: f{i}, on: approve{wait}}}")
    transitions.append("  - {from: reviews, to: approved, on: join}")
    lines += ["states:", "  - {id: approved, kind: final, outcome: approved}",
              "transitions:", *transitions]
    return "\n".join(lines) + "\n"


def _definition(regions: int) -> Any:
    from policy_kit.loader import Definition, parse
    from policy_kit.resolve import resolve
    from policy_kit.source import read_yaml_text

    data, source = read_yaml_text(definition_text(regions), f"chain-{regions}.yaml")
    process = parse(data, source)
    return Definition(process, resolve(process, source), source, None)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _best(run: Callable[[], Any], budget: float = 0.5) -> tuple[float, Any]:
    """The fewest CPU seconds of one run, repeating small runs until ``budget`` is spent
    (tiny spaces take microseconds; one run would measure the timer)."""
    best, spent, result = float("inf"), 0.0, None
    while spent < budget:
        began = time.process_time()
        result = run()
        took = time.process_time() - began
        best, spent = min(best, took), spent + took
        if took > budget / 5:
            break
    return best, result


def run_checker(regions: int) -> dict[str, Any]:
    """The whole checker on R regions: configurations, CPU seconds, peak memory."""
    from policy_kit.check import check
    from policy_kit.check.layout import Layout, Oracle
    from policy_kit.check.space import explore

    definition = _definition(regions)
    seconds, findings = _best(lambda: check(definition))
    space = explore(Layout.of(definition.structure), Oracle({}))
    return {"regions": regions, "states": space.configurations, "seconds": seconds,
            "peak_mb": _peak_mb(), "findings": [f.code for f in findings]}


def run_naive(regions: int) -> dict[str, Any]:
    """Breadth first over the same configurations, driving the transitions machine."""
    definition = _definition(regions)
    seconds, states = _best(lambda: _naive(definition))
    return {"regions": regions, "states": states, "seconds": seconds}


def run_plain(regions: int) -> dict[str, Any]:
    """Breadth first over tuples of region states, reading the structure's moves."""
    definition = _definition(regions)
    seconds, states = _best(lambda: _plain(definition))
    return {"regions": regions, "states": states, "seconds": seconds}


Config = tuple[str, tuple[str, ...], frozenset[str]]
"""(outer state or concurrent stage, each region's local state, the watched states left)."""


class _Plain:
    """The plain search's moves, read from the structure every engine reads."""

    def __init__(self, definition: Any) -> None:
        structure = definition.structure
        self.watched = frozenset(s for m in structure.moves if m.guard for s in m.guard.states)
        self.places = structure.places
        self.moves_from = structure.moves_from
        self.start: Config = (structure.initial[0], (), frozenset())

    def _holds(self, move: Any, done: frozenset[str]) -> bool:
        return move.guard is None or bool(move.guard.holds({}, done.__contains__))

    def _enter(self, move: Any, done: frozenset[str], left: set[str]) -> Config:
        after = done | (self.watched & left)
        first = self.places[move.entry[0]]
        if first.region is not None:  # a concurrent stage: every region starts
            return (first.stage.id, tuple(move.entry), after)
        return (move.entry[0], (), after)

    def successors(self, config: Config) -> list[Config]:
        outer, local, done = config
        if not local:
            return [self._enter(m, done, {outer}) for m in self.moves_from.get(outer, ())
                    if self._holds(m, done)]
        found = []
        for j, leaf in enumerate(local):
            for move in self.moves_from.get(leaf, ()):
                if not self._holds(move, done):
                    continue
                target = move.entry[0]
                if self.places[target].region is self.places[leaf].region:
                    found.append((outer, (*local[:j], target, *local[j + 1:]),
                                  done | (self.watched & {leaf})))
                else:
                    found.append(self._enter(move, done, {leaf}))
        if all(self.places[leaf].state.kind == "final" for leaf in local):
            found += [self._enter(m, done, set(local)) for m in self.moves_from.get(outer, ())
                      if m.join and self._holds(m, done)]
        return found


def _plain(definition: Any) -> int:
    search = _Plain(definition)
    seen = {search.start}
    todo = deque([search.start])
    while todo:
        for found in search.successors(todo.popleft()):
            if found not in seen:
                seen.add(found)
                todo.append(found)
    return len(seen)


def _naive(definition: Any) -> int:
    from policy_kit import compile

    machine = compile(definition)
    tracked = sorted({s for m in definition.structure.moves if m.guard
                      for s in m.guard.states})
    application = machine.start()
    case: Any = application._case  # the model transitions drives: set its state directly
    hsm = machine.machine

    def key() -> tuple[Any, ...]:
        return (application.states, tuple(application.done(s) for s in tracked))

    def restore(snapshot: tuple[Any, ...]) -> None:
        state, exited, visits, active = snapshot
        hsm.set_state(state, model=case)
        case.exited, case.visits, case.active = set(exited), visits.copy(), active

    def snapshot() -> tuple[Any, ...]:
        return (case.state, frozenset(case.exited), case.visits.copy(), case.active)

    seen = {key()}
    todo = deque([snapshot()])
    while todo:
        here = todo.popleft()
        restore(here)
        for event in application.triggers():
            restore(here)
            application.fire(event)
            found = key()
            if found not in seen:
                seen.add(found)
                todo.append(snapshot())
    return len(seen)


def _child(mode: str, regions: int) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter, so peak memory is its own."""
    output = subprocess.run([sys.executable, __file__, "--one", mode, str(regions)],
                            check=True, capture_output=True, text=True).stdout
    result: dict[str, Any] = json.loads(output.splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max", type=int, default=10, help="largest R for the checker")
    parser.add_argument("--naive-max", type=int, default=6,
                        help="largest R for driving the transitions machine")
    parser.add_argument("--plain-max", type=int, default=10,
                        help="largest R for the plain breadth-first search (the fair baseline)")
    parser.add_argument("--one", nargs=2, metavar=("MODE", "R"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.one:
        mode, regions = arguments.one[0], int(arguments.one[1])
        runner = {"checker": run_checker, "plain": run_plain, "naive": run_naive}[mode]
        print(json.dumps(runner(regions)))
        return
    print(f"{'R':>3} {'states':>10} {'check s':>9} {'states/s':>11} {'peak MB':>8} "
          f"{'plain s':>9} {'ratio':>7} {'machine s':>10} {'ratio':>7}  findings")
    plain_ratios: dict[int, float] = {}
    ratios: dict[int, float] = {}
    last: dict[str, Any] = {}
    for regions in range(1, arguments.max + 1):
        fast = _child("checker", regions)
        rate = fast["states"] / max(fast["seconds"], 1e-9)
        columns = []
        for mode, limit, into in (("plain", arguments.plain_max, plain_ratios),
                                  ("naive", arguments.naive_max, ratios)):
            if regions > limit:
                columns.append(f"{'-':>9} {'-':>7}")
                continue
            slow = _child(mode, regions)
            if slow["states"] != fast["states"]:
                raise SystemExit(f"R={regions}: the checker found {fast['states']} "
                                 f"configurations, the {mode} search {slow['states']}")
            into[regions] = rate / (slow["states"] / max(slow["seconds"], 1e-9))
            columns.append(f"{slow['seconds']:>9.3f} {into[regions]:>6.1f}×")
        print(f"{regions:>3} {fast['states']:>10,} {fast['seconds']:>9.3f} {rate:>11,.0f} "
              f"{fast['peak_mb']:>8.0f} {columns[0]} {columns[1]:>18}  "
              f"{','.join(fast['findings']) or '-'}", flush=True)
        last = fast
    top, plain_top = max(ratios, default=0), max(plain_ratios, default=0)
    print(f"R={last['regions']} seconds={last['seconds']:.2f} peak_mb={last['peak_mb']:.0f} "
          f"plain_ratio_at_R{plain_top}={plain_ratios.get(plain_top, float('nan')):.1f} "
          f"machine_ratio_at_R{top}={ratios.get(top, float('nan')):.0f}")


if __name__ == "__main__":
    main()
