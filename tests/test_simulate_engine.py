"""The compiled table form against the ``transitions`` machine: they must never disagree.

Random applicants and random choices drive the same case through ``FastCase`` and
``Application`` step by step (enabled moves, active states, ``done``, outcome); then whole
simulations run on either stepper must give the same report, figure for figure.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_simulate_fixtures import DEADLOCK, DEADLOCK_SCENARIO, pair

from policy_kit import compile, load
from policy_kit.loader import Definition
from policy_kit.machine import ProcessMachine
from policy_kit.model import Process
from policy_kit.simulate import prepare, simulate
from policy_kit.simulate.choice import draw, drawer
from policy_kit.simulate.compiled import CompiledProcess, compile_structure
from policy_kit.simulate.reference import machine_starter
from policy_kit.simulate.streams import Stream
from policy_kit.values import attribute_values

ROOT = Path(__file__).parent.parent
PROCESSES = {
    "parallel": ROOT / "tests" / "fixtures" / "parallel.yaml",
    "bench": ROOT / "benchmarks" / "approval.yaml",
    **{p.stem: p for p in sorted((ROOT / "processes").glob("*.yaml")) if "." not in p.stem},
}


@cache
def compiled(name: str) -> tuple[Definition, ProcessMachine, CompiledProcess]:
    definition = load(PROCESSES[name])
    return definition, compile(definition), compile_structure(definition.structure)


def applicants(process: Process) -> st.SearchStrategy[dict[str, object]]:
    fields: dict[str, st.SearchStrategy[object]] = {}
    for name, attribute in process.attributes.items():
        if attribute.type == "bool":
            fields[name] = st.booleans()
        elif attribute.type == "enum":
            fields[name] = st.sampled_from(attribute.values)
        elif attribute.type in ("integer", "number"):
            low = int(attribute.min) if attribute.min is not None else -1000
            high = int(attribute.max) if attribute.max is not None else 1000
            fields[name] = st.integers(low, high).map(Decimal)
    return st.fixed_dictionaries(fields)


@pytest.mark.parametrize("name", list(PROCESSES), ids=list(PROCESSES))
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_compiled_form_steps_exactly_like_the_machine(name: str, data: st.DataObject) -> None:
    definition, machine, table = compiled(name)
    attributes = data.draw(applicants(definition.process), label="applicant")
    application = machine.start(attributes)
    fast = table.start(attribute_values(definition.process, attributes))
    states = list(definition.structure.places)
    for _ in range(40):
        assert fast.states == application.states
        assert fast.outcome == application.outcome
        assert [fast.done(s) for s in states] == [application.done(s) for s in states]
        expected = application.enabled()
        assert [m.move for m in fast.enabled()] == list(expected)
        if not expected:
            break
        choice = data.draw(st.integers(0, len(expected) - 1), label="choice")
        move = fast.enabled()[choice]
        application.fire(expected[choice].event)
        fast.fire(move)


def test_deadlock_fixture_steps_like_the_machine(tmp_path: Path) -> None:
    definition = load(pair(tmp_path, DEADLOCK, DEADLOCK_SCENARIO, "deadlock"))
    application = compile(definition).start()
    fast = compile_structure(definition.structure).start(
        attribute_values(definition.process, {}))
    assert fast.states == application.states == ("fire_check", "plan_check")
    assert fast.enabled() == [] and application.enabled() == ()


@pytest.mark.parametrize("name", ["bench", "xianyang-culture-subsidy"])
def test_simulation_on_the_machine_gives_the_same_report(name: str) -> None:
    model = prepare(load(PROCESSES[name]))
    fast = simulate(model, cases=25, replications=2, seed=3)
    slow = simulate(model, cases=25, replications=2, seed=3, start=machine_starter(model))
    assert fast.data == slow.data
    assert fast.data["transitions"][0]["count"] > 0


def test_a_way_may_open_only_while_what_it_waits_for_can_be_passed(tmp_path: Path) -> None:
    from test_simulate_fixtures import SKIPPED, SKIPPED_SCENARIO

    from policy_kit.simulate.choice import may_open

    definition = load(pair(tmp_path, SKIPPED, SKIPPED_SCENARIO, "skipped"))
    table = compile_structure(definition.structure)
    plan = table.number["plan_check"]
    waiting = next(m for m in table.moves_from[plan] if m.move.trigger == "after_inspection")
    fast = table.start(attribute_values(definition.process, {}))
    assert may_open(fast, waiting, plan)          # the fire review may still inspect
    fast.fire(next(m for m in fast.enabled() if m.move.trigger == "approve"))
    assert fast.states == ("fire_done", "plan_check")
    assert not may_open(fast, waiting, plan)      # it went straight to fire_done


_SHARE = st.floats(0.0, 10.0, allow_subnormal=True)


@given(st.lists(_SHARE, min_size=1, max_size=4).filter(lambda s: sum(s) > 0.0),
       st.one_of(st.floats(0.0, 1.0, exclude_max=True), st.sampled_from([0.0, 0.5])),
       st.data())
@example([1.0, 3.0], 0.25, None)  # u * total is the first share exactly: the second way
def test_a_fixed_draw_takes_the_way_draw_takes(shares: list[float], u: float,
                                               data: st.DataObject | None) -> None:
    """``drawer`` (what the engine builds once per state) against ``draw``, the rule: the
    same way for every uniform number, also one that lands exactly on a share's edge."""
    total = sum(shares)
    edge = u if data is None else data.draw(st.sampled_from([u, shares[0] / total]),
                                            label="u")
    ways = [f"way{i}" for i in range(len(shares))]
    assert drawer(ways, shares, total)(Stream(lambda: edge)) == draw(
        ways, shares, total, Stream(lambda: edge))
