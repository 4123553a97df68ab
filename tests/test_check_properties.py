"""The checker against the reference semantics, on random definitions (hypothesis).

The ``transitions`` machine is the truth: the checker's state space must reach exactly the
active states the machine reaches, and get stuck exactly where it does; every
counterexample must replay on the machine; and where the checker finds no deadlock and no
trap, random walks of the machine never get stuck.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_kit import compile
from policy_kit.check import Finding, check
from policy_kit.check.applicants import applicants
from policy_kit.check.explored import Explored
from policy_kit.check.layout import Layout, Oracle
from policy_kit.check.space import Space, explore
from policy_kit.expr import Value
from policy_kit.loader import Definition, parse
from policy_kit.machine import Application, ProcessMachine
from policy_kit.resolve import resolve
from policy_kit.source import SourceMap

ATTRIBUTE_GUARDS = ("flag", "not flag", "amount >= 50", "amount < 50", 'kind == "a"',
                    'kind != "a"', 'kind in ["a", "b"]', "amount + extra > 100",
                    "amount / 3 >= extra - 10", "amount * 2 < extra or flag",
                    "max(amount, extra) - min(amount, extra) <= 20")
"""Guards over attributes; the last four compute, so the solver decides them."""
TRIGGERS = ("go", "approve", "reject", "back")
KINDS = ("task", "wait", "decision")
MAX_MACHINE_STATES = 3000
STUCK_OR_UNDECIDED = {"PK201", "PK202", "PK205", "PK301", "PK107", "PK110", "PK208", "PK209"}
"""The codes by which the checker says a case may get stuck or never end (a dead end or a
stage with no exit is reported instead of the deadlock it causes), or that it could not
decide."""
SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


class Generated:
    """A generated definition that prints as its data when a property fails."""

    def __init__(self, definition: Definition, data: dict[str, Any]) -> None:
        self.definition = definition
        self.data = data

    def __repr__(self) -> str:
        return f"Generated({self.data!r})"


def _guard(draw: st.DrawFn, leaves: list[str]) -> str | None:
    kind = draw(st.integers(0, 4))
    if kind <= 1:
        return None
    if kind == 2:
        return draw(st.sampled_from(ATTRIBUTE_GUARDS))
    done = f"done({draw(st.sampled_from(leaves))})"
    if kind == 3:
        return done if draw(st.booleans()) else f"not {done}"
    return f"{draw(st.sampled_from(ATTRIBUTE_GUARDS))} and {done}"


def _transitions(draw: st.DrawFn, top: list[str], regions: list[list[str]],
                 leaves: list[str]) -> list[dict[str, Any]]:
    """Ways out of every state: top-level states go anywhere outside the regions; region
    states mostly stay in their region, sometimes leave the stage; joins are optional."""
    found: list[dict[str, Any]] = []

    def add(source: str, target: str, trigger: str | None = None) -> None:
        item = {"from": source, "to": target, "on": trigger or draw(st.sampled_from(TRIGGERS)),
                "when": _guard(draw, leaves),
                "issues": ["permit"] if draw(st.integers(0, 5)) == 0 else None}
        found.append({k: v for k, v in item.items() if v is not None})

    outside = [*top, "approved", "rejected"] + (["par"] if regions else [])
    for state in top:
        for _ in range(draw(st.integers(1, 3))):
            add(state, draw(st.sampled_from(outside)))
    for j, states in enumerate(regions):
        for state in states:
            for _ in range(draw(st.integers(1, 2))):
                inside = draw(st.integers(0, 5)) > 0
                add(state, draw(st.sampled_from([*states, f"r{j}f"] if inside else outside)))
    for _ in range(draw(st.integers(0, 2)) if regions else 0):
        add("par", draw(st.sampled_from(outside)), "join")
    return found


@st.composite
def definitions(draw: st.DrawFn) -> Generated:
    """Small valid definitions: up to four top-level states, and sometimes a concurrent
    stage of two or three regions, with attribute and ``done(...)`` guards, shared
    triggers (so the machine's first-match rule matters) and round limits."""
    top = [f"t{i}" for i in range(draw(st.integers(1, 4)))]
    regions = [[f"r{j}s{i}" for i in range(draw(st.integers(1, 3)))]
               for j in range(draw(st.sampled_from((0, 0, 2, 2, 3))))]
    leaves = [*top, *(s for r in regions for s in r), *(f"r{j}f" for j in range(len(regions))),
              "approved", "rejected"]
    bounded = draw(st.sets(st.sampled_from([*top, *(s for r in regions for s in r)]),
                           max_size=2))

    def state(name: str, kind: str = "task") -> dict[str, Any]:
        item: dict[str, Any] = {"id": name, "kind": kind}
        if name in bounded:
            item["max_rounds"] = draw(st.integers(1, 3))
        role = draw(st.integers(0, 6))
        if role == 0:
            item["requires"] = ["report"]
        elif role == 1:
            item["provides"] = ["report"]
        return item

    data: dict[str, Any] = {
        "format": 1, "id": "generated", "title": "generated",
        "documents": [{"id": "report", "name": "report"}],
        "certificates": [{"id": "permit", "name": "permit",
                          **({"promised": ["approved"]} if draw(st.booleans()) else {})}],
        "attributes": {"flag": {"type": "bool", "example": False},
                       "amount": {"type": "integer", "min": 0, "max": 100, "example": 10},
                       "extra": {"type": "integer", "min": 0, "max": 100, "example": 0},
                       "kind": {"type": "enum", "values": ["a", "b", "c"], "example": "a"}},
        "states": [*(state(s, draw(st.sampled_from(KINDS))) for s in top),
                   {"id": "approved", "kind": "final", "outcome": "approved"},
                   {"id": "rejected", "kind": "final", "outcome": "rejected"}],
        "initial": draw(st.sampled_from(["t0", "par"] if regions else ["t0"])),
        "transitions": _transitions(draw, top, regions, leaves),
    }
    if regions:
        data["stages"] = [{"id": "par", "regions": [
            {"id": f"r{j}", "states": [*(state(s) for s in states),
                                       {"id": f"r{j}f", "kind": "final"}]}
            for j, states in enumerate(regions)]}]
    source = SourceMap("generated.yaml")
    process = parse(data, source)
    return Generated(Definition(process, resolve(process, source), source, None), data)


# -- the machine, explored by replaying triggers ------------------------------------------


def _replay(machine: ProcessMachine, values: Mapping[str, Value],
            events: tuple[str, ...]) -> Application:
    application = machine.start(values)
    for event in events:
        application.fire(event)
    return application


def _machine_key(application: Application, layout: Layout) -> tuple[object, ...]:
    visits = dict.fromkeys(layout.bounded, 0)
    for state in application.structure.initial:
        if state in visits:
            visits[state] += 1
    for step in application.history:
        for state in step.entered:
            if state in visits:
                visits[state] += 1
    return (application.states, tuple(application.done(s) for s in layout.tracked),
            tuple(visits.values()))


def _machine_space(machine: ProcessMachine, values: Mapping[str, Value], layout: Layout,
                   ) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]] | None:
    """Active-state tuples the machine reaches, and those where it is stuck."""
    start = machine.start(values)
    seen = {_machine_key(start, layout)}
    todo: deque[tuple[str, ...]] = deque([()])
    reached: set[tuple[str, ...]] = set()
    stuck: set[tuple[str, ...]] = set()
    while todo:
        events = todo.popleft()
        application = _replay(machine, values, events)
        reached.add(application.states)
        if application.finished:
            continue
        triggers = application.triggers()
        if not triggers:
            stuck.add(application.states)
        for event in triggers:
            after = _replay(machine, values, (*events, event))
            key = _machine_key(after, layout)
            if key not in seen:
                seen.add(key)
                todo.append((*events, event))
                if len(seen) > MAX_MACHINE_STATES:
                    return None
    return reached, stuck


def _checker_space(space: Space) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    explored = Explored({}, space)
    reached = {block.leaves(p) for block in space.blocks for p in _bits(block.reach)}
    stuck = {space.blocks[b].leaves(p) for b, bits in explored.stuck.items()
             for p in _bits(bits)}
    return reached, stuck


def _bits(mask: int) -> list[int]:
    return [p for p in range(mask.bit_length()) if mask >> p & 1]


@SETTINGS
@given(definitions())
def test_state_space_agrees_with_the_machine(generated: Generated) -> None:
    definition = generated.definition
    layout = Layout.of(definition.structure)
    machine = compile(definition)
    for values in applicants(definition.structure).classes:
        expected = _machine_space(machine, values, layout)
        if expected is None:
            continue
        assert _checker_space(explore(layout, Oracle(values))) == expected


# -- findings replayed on the machine ------------------------------------------------------


def _replay_counterexample(machine: ProcessMachine, finding: Finding) -> Application:
    example = finding.counterexample
    assert example is not None
    application = machine.start(example.applicant)
    assert application.states == example.start
    for step in example:
        application.fire(step.event)
        assert application.states == step.states, finding.code
    return application


@SETTINGS
@given(definitions())
def test_every_counterexample_replays_and_every_deadlock_gap_and_overlap_is_real(
        generated: Generated) -> None:
    definition = generated.definition
    machine = compile(definition)
    for finding in check(definition):
        if finding.counterexample is None:
            continue
        application = _replay_counterexample(machine, finding)
        if finding.code == "PK201":
            assert not application.finished
            assert application.triggers() == ()
        if finding.code == "PK301":
            assert not [m for m in application.enabled() if m.source == finding.ids[0]]
        if finding.code == "PK302":
            targets = {m.target for m in application.enabled(shadowed=True)
                       if m.source == finding.ids[0]}
            assert set(finding.ids[1:]) <= targets
        if finding.code == "PK112":
            assert application.certificates.count("permit") >= 2
        if finding.code == "PK116":
            assert application.outcome == "approved"
            assert "permit" not in application.certificates
        if finding.code == "PK113":
            _document_missing(definition, finding)


def _document_missing(definition: Definition, finding: Finding) -> None:
    """The counterexample reaches the point where the state needs the document (entering
    it, or leaving it inside a region) without having left any state that provides it."""
    document, state = finding.ids
    example = finding.counterexample
    assert example is not None
    providers = {p.id for p in definition.structure.places.values()
                 if document in p.state.provides}
    in_region = definition.structure.places[state].region is not None
    steps = list(example)
    if in_region:
        assert steps and steps[-1].source == state
        steps = steps[:-1]
    else:
        assert state in example.end
    before = example.start
    for step in steps:
        left = set(before) if step.source not in definition.structure.places else (
            set(before) - set(step.states)) | {step.source}
        assert not left & providers, (step, providers)
        before = step.states


@SETTINGS
@given(definitions(), st.integers(0, 2**32 - 1))
def test_what_is_not_reported_never_happens_on_random_walks(generated: Generated,
                                                             seed: int) -> None:
    definition = generated.definition
    codes = {f.code for f in check(definition)}
    if codes & STUCK_OR_UNDECIDED:
        return
    machine = compile(definition)
    rng = random.Random(seed)
    promised = bool(definition.process.certificates[0].promised)
    for _ in range(10):
        values = {"flag": rng.random() < 0.5, "amount": Decimal(rng.randint(0, 100)),
                  "extra": Decimal(rng.randint(0, 100)), "kind": rng.choice("abc")}
        application = machine.start(values)
        for _ in range(60):
            if application.finished:
                break
            triggers = application.triggers()
            assert triggers, f"stuck at {application.states} with {values}"
            application.fire(rng.choice(triggers))
        if promised and application.outcome == "approved" and "PK116" not in codes:
            assert "permit" in application.certificates, f"approved without it: {values}"
