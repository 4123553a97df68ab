"""Every engine against the one step semantics, on random definitions (hypothesis).

The definitions come from the checker's generator (``test_check_properties.definitions``):
top-level states and concurrent stages, attribute and ``done(...)`` guards, round limits,
joins, and shared triggers, so that first-declared-wins matters. For each, with random
applicants and random choices:

- ``Semantics`` (``policy_kit.semantics``, docs/semantics.md) steps a ``Configuration``;
- the ``transitions`` machine (``Application``) and the simulator's table form
  (``FastCase``) must list the same enabled moves in every configuration they reach, and
  reach the same configuration and outcome after the same move;
- the replay of a case log (``Semantics.possible``) must open exactly the enabled moves
  when the case carries every attribute, and at least those when it carries none;
- the checker's state space must reach exactly the active states the semantics reaches,
  and get stuck exactly where it does;
- the simulator's outcome shares, for one deterministic applicant and either no
  probabilities (then the walk's outcome) or probability 1 on one trigger per state, must
  put every case where the semantics says; with concurrent stages, where the order in
  which regions move depends on durations, in one of the outcomes some order reaches
  (all of them there when every order ends alike);
- SpiffWorkflow must complete the exported BPMN along the walk's moves and end in the same
  end event, concurrent stages included. What BPMN or SpiffWorkflow cannot say is taken
  out of the random definition first (``_exportable``), each for a stated reason:
  ``max_rounds`` (BPMN has no element for it); guards on a way out of ``s`` reading
  ``done(s)`` (a gateway after ``s`` sees ``s`` as completed); a way from inside a region
  to a state that goes on after it (the export refuses it: a flat process cannot stop the
  other regions and continue, docs/bpmn.md), which is sent to a final state instead; and a
  region state from which the region's final state cannot be reached, which is given a
  ``finish`` way there (SpiffWorkflow 3's parallel join fires as soon as no token can reach
  its missing flows any more, where BPMN's join waits for ever: seen on a case whose other
  region finished while this one could only leave by ``reject``, the join completed and
  the case reached ``approved`` as well as ``rejected``).
"""

from __future__ import annotations

import copy
import json
import tempfile
from collections import deque
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_bpmn_engine import _replay, export_of
from test_check_properties import Generated, definitions

from policy_kit import compile
from policy_kit.check import check
from policy_kit.check.applicants import applicants
from policy_kit.check.layout import Layout, Oracle
from policy_kit.check.space import explore
from policy_kit.errors import WalkError
from policy_kit.expr import Value
from policy_kit.loader import Definition, load, parse
from policy_kit.machine import Application
from policy_kit.resolve import resolve
from policy_kit.semantics import Configuration, Semantics, default_way, monotone
from policy_kit.simulate import build, ending, entering, simulate
from policy_kit.simulate.compiled import FastCase, compile_structure
from policy_kit.simulate.scenario import Scenario
from policy_kit.simulate.tally import Tally
from policy_kit.source import SourceMap
from policy_kit.structure import Move
from policy_kit.values import attribute_values
from policy_kit.walker import walk

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
MAX_CONFIGURATIONS = 2000
MAX_STEPS = 30

APPLICANT = st.fixed_dictionaries({
    "flag": st.booleans(), "amount": st.integers(0, 100).map(Decimal),
    "kind": st.sampled_from(["a", "b", "c"])})


def _visits(semantics: Semantics, entered: list[str]) -> tuple[tuple[str, int], ...]:
    visits: dict[str, int] = {}
    for state in entered:
        if state in semantics.bounded:
            visits[state] = visits.get(state, 0) + 1
    return tuple(sorted(visits.items()))


def _machine_view(application: Application, semantics: Semantics) -> tuple[object, ...]:
    """What the rules can see of the machine's case: active leaves, ``done`` of every
    state, visits of bounded states."""
    entered = [*application.structure.initial,
               *(s for step in application.history for s in step.entered)]
    return (application.states, tuple(application.done(s) for s in sorted(semantics.watched)),
            _visits(semantics, entered))


def _fast_view(case: FastCase, semantics: Semantics) -> tuple[object, ...]:
    names = case.process.names
    entered = [names[i] for i, n in enumerate(case.visits) for _ in range(n)]
    return (case.states, tuple(case.done(s) for s in sorted(semantics.watched)),
            _visits(semantics, entered))


def _view(config: Configuration, semantics: Semantics) -> tuple[object, ...]:
    done = semantics.done(config)
    return (config.active, tuple(done(s) for s in sorted(semantics.watched)), config.visits)


@SETTINGS
@given(definitions(), st.lists(APPLICANT, min_size=1, max_size=3), st.data())
def test_machine_and_table_form_step_exactly_as_the_semantics(
        generated: Generated, applicants: list[dict[str, object]],
        data: st.DataObject) -> None:
    # Several applicants on one table form: what it remembers from one case (enabled
    # moves by the states passed and the attributes read, guard answers) must hold for
    # the next, as in a run.
    definition = generated.definition
    semantics = Semantics(definition.structure)
    machine, table = compile(definition), compile_structure(definition.structure)
    for attributes in applicants:
        values = attribute_values(definition.process, attributes)
        application = machine.start(values)
        fast = table.start(values)
        config = semantics.initial()
        for _ in range(MAX_STEPS):
            assert _machine_view(application, semantics) == _view(config, semantics)
            assert _fast_view(fast, semantics) == _view(config, semantics)
            assert application.outcome == fast.outcome == semantics.outcome(config)
            assert application.finished == semantics.is_final(config)
            expected = semantics.enabled(config, values)
            assert list(application.enabled()) == expected
            assert [m.move for m in fast.enabled()] == expected
            if not expected:
                break
            choice = data.draw(st.integers(0, len(expected) - 1), label="choice")
            move = expected[choice]
            application.fire(move.event)
            fast.fire(fast.enabled()[choice])
            config = semantics.fire(config, move)



@SETTINGS
@given(definitions(), APPLICANT, st.data())
def test_the_replay_opens_what_the_semantics_enables(
        generated: Generated, attributes: dict[str, object], data: st.DataObject) -> None:
    """The replay of a case log (``possible``): when the case's columns carry every
    attribute, it opens exactly the enabled moves; when they carry none, at least those."""
    definition = generated.definition
    semantics = Semantics(definition.structure)
    values = attribute_values(definition.process, attributes)
    config = semantics.initial()
    for _ in range(MAX_STEPS):
        expected = semantics.enabled(config, values)
        assert semantics.possible(config, values) == expected
        unknown = semantics.possible(config)
        assert all(move in unknown for move in expected)
        if not expected:
            break
        config = semantics.fire(config, expected[data.draw(
            st.integers(0, len(expected) - 1), label="choice")])


def _semantics_space(semantics: Semantics, values: Mapping[str, Value],
                     ) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]] | None:
    """Active-state tuples the semantics reaches, and those where a case is stuck."""
    start = semantics.initial()
    seen = {start}
    todo = deque([start])
    reached: set[tuple[str, ...]] = set()
    stuck: set[tuple[str, ...]] = set()
    while todo:
        config = todo.popleft()
        reached.add(config.active)
        if semantics.is_final(config):
            continue
        successors = semantics.successors(config, values)
        if not successors:
            stuck.add(config.active)
        for successor in successors:
            if successor.target not in seen:
                seen.add(successor.target)
                todo.append(successor.target)
                if len(seen) > MAX_CONFIGURATIONS:
                    return None
    return reached, stuck


@SETTINGS
@given(definitions())
def test_checker_reaches_and_sticks_exactly_where_the_semantics_does(
        generated: Generated) -> None:
    from test_check_properties import _checker_space

    definition = generated.definition
    semantics = Semantics(definition.structure)
    layout = Layout.of(definition.structure)
    for values in applicants(definition.structure).classes:
        expected = _semantics_space(semantics, values)
        if expected is not None:
            assert _checker_space(explore(layout, Oracle(values))) == expected


def _scenario(generated: Generated, attributes: Mapping[str, object],
              chosen: Mapping[str, str]) -> Scenario:
    timed = [p.id for p in generated.definition.structure.places.values()
             if p.state.kind in ("task", "wait")]
    return Scenario.model_validate({
        "format": 1, "process": "generated", "start": "2025-01-06",
        "arrivals": {"per_working_day": 2},
        "durations": {s: {"dist": "fixed", "value": 1} for s in timed},
        "applicants": {k: {"value": v if not isinstance(v, Decimal) else int(v)}
                       for k, v in attributes.items()},
        "branches": {state: {"probabilities": {trigger: 1}}
                     for state, trigger in chosen.items()},
        "cases": 6, "replications": 1})


def _policy_outcome(semantics: Semantics, values: Mapping[str, Value],
                    chosen: Mapping[str, str]) -> str | None:
    """Where a case ends when each state takes its ``chosen`` trigger if that way is open,
    else the default way; "" if it loops for ever."""
    config = semantics.initial()
    seen = set()
    while not semantics.is_final(config):
        if config in seen:
            return ""
        seen.add(config)
        enabled = semantics.enabled(config, values)
        if not enabled:
            return None
        trigger = chosen.get(config.active[0])
        move = next((m for m in enabled if m.trigger == trigger), None)
        config = semantics.fire(config, move or default_way(enabled, lambda m: m.default))
    return semantics.outcome(config)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(definitions(), APPLICANT, st.data())
def test_simulated_outcomes_are_the_semantics_for_a_deterministic_applicant(
        generated: Generated, attributes: dict[str, object], data: st.DataObject) -> None:
    """Each branching state gives probability 1 to one of its triggers (or the scenario
    gives none): every simulated case must end where the semantics says. Two moves on the
    chosen trigger are one way, so nothing is left to chance."""
    definition = generated.definition
    semantics = Semantics(definition.structure)
    chosen = {}
    if data.draw(st.booleans(), label="with branches"):
        for source, moves in definition.structure.moves_from.items():
            if len(moves) > 1:
                triggers = sorted({m.trigger for m in moves})
                chosen[source] = data.draw(st.sampled_from(triggers), label=source)
    values = attribute_values(definition.process, attributes)
    if any(stage.concurrent for stage in definition.process.stages):
        _check_concurrent_outcomes(generated, semantics, values, attributes, chosen)
        return
    expected = _policy_outcome(semantics, values, chosen)
    if expected == "":
        event("skipped: the chosen ways loop for ever")
        return
    if not chosen:
        assert expected == walk(compile(definition), attributes).outcome
    result = simulate(build(definition, _scenario(generated, attributes, chosen)), seed=1)
    shares = {k: v for k, v in result.data["outcomes"].items() if v}
    assert shares == {expected or "unfinished": 1.0}


def _check_concurrent_outcomes(generated: Generated, semantics: Semantics,
                               values: Mapping[str, Value], attributes: Mapping[str, object],
                               chosen: Mapping[str, str]) -> None:
    """With concurrent stages the order in which regions move depends on durations and
    ties, so the semantics gives a set of outcomes, not one: every simulated case must end
    in one of them (or stay unfinished only where some order loops or sticks), and where
    every order ends alike, all of them there."""
    allowed = _policy_outcomes(semantics, values, chosen)
    if allowed is None:
        event("skipped: concurrent, too many configurations")
        return
    outcomes, endless = allowed
    result = simulate(build(generated.definition, _scenario(generated, attributes, chosen)),
                      seed=1)
    shares = {k for k, v in result.data["outcomes"].items() if v}
    assert shares <= {o or "unfinished" for o in outcomes} | (
        {"unfinished"} if endless else set())
    if not endless and len(outcomes) == 1:
        event("concurrent: one outcome, whatever the order")
        assert shares == {next(iter(outcomes)) or "unfinished"}
    else:
        event("concurrent: several outcomes possible")


def _policy_outcomes(semantics: Semantics, values: Mapping[str, Value],
                     chosen: Mapping[str, str],
                     ) -> tuple[set[str | None], bool] | None:
    """The outcomes a case can reach when every source (an active leaf, or a concurrent
    stage for its joins) takes its way in any order: the ``chosen`` trigger (else the
    default way) when that way is open; when it is not, the case may wait for it or take
    any open way from that source (the simulator's rule for a closed way depends on
    whether it can still open, docs/semantics.md; this bound covers both). Also whether
    some order loops or gets stuck. None beyond ``MAX_CONFIGURATIONS``."""
    preferred: dict[str, str] = {}
    for source, groups in semantics.groups.items():
        way = default_way([group[0] for group in groups], lambda m: m.default)
        preferred[source] = chosen.get(source, way.trigger)
    start = semantics.initial()
    edges: dict[Configuration, set[Configuration]] = {}
    todo = [start]
    outcomes: set[str | None] = set()
    stuck = False
    while todo:
        config = todo.pop()
        if config in edges:
            continue
        edges[config] = set()
        if len(edges) > MAX_CONFIGURATIONS:
            return None
        if semantics.is_final(config):
            outcomes.add(semantics.outcome(config))
            continue
        enabled = semantics.enabled(config, values)
        by_source: dict[str, list[Move]] = {}
        for move in enabled:
            by_source.setdefault(move.source, []).append(move)
        for source, moves in by_source.items():
            taken = [m for m in moves if m.trigger == preferred.get(source)] or moves
            edges[config].update(semantics.fire(config, m) for m in taken)
        if not edges[config]:
            stuck = True
        todo.extend(edges[config] - edges.keys())
    return outcomes, stuck or _has_cycle(edges)


def _has_cycle(edges: Mapping[Configuration, set[Configuration]]) -> bool:
    """Whether the graph has a cycle (Kahn: some node is never freed of its inputs)."""
    inputs = {node: 0 for node in edges}
    for targets in edges.values():
        for target in targets:
            inputs[target] += 1
    free = [node for node, n in inputs.items() if n == 0]
    freed = 0
    while free:
        node = free.pop()
        freed += 1
        for target in edges[node]:
            inputs[target] -= 1
            if inputs[target] == 0:
                free.append(target)
    return freed < len(edges)


def _exportable(generated: Generated) -> Definition:
    """The definition without what the export or SpiffWorkflow cannot say (the module's
    docstring gives each reason)."""
    data = copy.deepcopy(generated.data)
    for transition in data["transitions"]:
        if f"done({transition['from']})" in transition.get("when", ""):
            del transition["when"]
    regions = {state["id"]: (region["id"], [s["id"] for s in region["states"]])
               for stage in data.get("stages", ()) for region in stage["regions"]
               for state in region["states"]}
    finals = [s["id"] for s in data["states"] if s["kind"] == "final"]
    for transition in data["transitions"]:
        region = regions.get(transition["from"])
        target = regions.get(transition["to"])
        if region is not None and transition["to"] not in finals and (
                target is None or target[0] != region[0]):
            transition["to"] = finals[-1]
    for _, states in {region: states for region, states in regions.values()}.items():
        for state in states[:-1]:
            if states[-1] not in _reachable(data["transitions"], state, set(states)):
                data["transitions"].append({"from": state, "to": states[-1], "on": "finish"})
    for stage in data.get("stages", ()):
        for region in stage["regions"]:
            for state in region["states"]:
                state.pop("max_rounds", None)
    for state in data["states"]:
        state.pop("max_rounds", None)
    source = SourceMap("generated.yaml")
    process = parse(data, source)
    return Definition(process, resolve(process, source), source, None)


def _reachable(transitions: list[dict[str, str]], start: str, within: set[str]) -> set[str]:
    """The states of ``within`` reachable from ``start`` by ways that stay within it."""
    seen, todo = {start}, [start]
    while todo:
        state = todo.pop()
        for transition in transitions:
            if transition["from"] == state and transition["to"] in within - seen:
                seen.add(transition["to"])
                todo.append(transition["to"])
    return seen


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(definitions(), APPLICANT, st.sampled_from(["groups", "subprocess"]))
def test_spiffworkflow_completes_the_export_along_the_default_walks_moves(
        generated: Generated, attributes: dict[str, object], stages: str) -> None:
    """The default walk (no choices: at a decision the export's gateway decides by guards
    and document order, which only the default way is sure to match), with the stages as
    groups or as sub-processes."""
    definition = _exportable(generated)
    concurrent = any(stage.concurrent for stage in definition.process.stages)
    export = export_of(definition, stages)
    try:
        path = walk(compile(definition), attributes, max_steps=200)
    except WalkError:
        event("skipped: the default walk does not end")
        return
    if path.outcome is None:
        event("skipped: the walk is stuck")
        return
    if any(f.code == "PK302" for f in check(definition)):
        # two ways of a decision open at once: left to whoever handles the case, which an
        # exclusive gateway deciding by conditions cannot say (docs/semantics.md)
        event("skipped: a decision whose ways overlap (PK302)")
        return
    run = _replay(export, path.attributes, path.steps)
    assert run.finished and run.end_events == path.states
    event("replayed: " + ("with a concurrent stage" if concurrent else "sequential"))


# -- guards that only open, and the simulator's shortcuts that rely on it ------------------


def _with_waits(generated: Generated, data: st.DataObject) -> Generated:
    """``generated`` with some ways out of region states waiting on several states at once
    (``done(a) and done(b)``, ``done(a) or …``, an attribute among them): the Jining
    reviews' shape, which the generator's single ``done(x)`` guards do not reach."""
    raw = copy.deepcopy(generated.data)
    leaves = [s["id"] for stage in raw.get("stages", ()) for region in stage["regions"]
              for s in region["states"]]
    if not leaves:
        return generated
    for transition in raw["transitions"]:
        if transition["from"] in leaves and data.draw(st.booleans(), label="waits"):
            atoms = [f"done({s})" for s in data.draw(st.lists(
                st.sampled_from(leaves), min_size=2, max_size=3, unique=True), label="on")]
            if data.draw(st.booleans(), label="with an attribute"):
                atoms.append("amount >= 50")
            joint = data.draw(st.sampled_from([" and ", " or "]), label="joined by")
            transition["when"] = joint.join(atoms)
    source = SourceMap("generated.yaml")
    process = parse(raw, source)
    return Generated(Definition(process, resolve(process, source), source, None), raw)


@SETTINGS
@given(definitions(), APPLICANT, st.data())
def test_a_guard_said_to_only_open_never_closes_as_more_states_are_passed(
        generated: Generated, attributes: dict[str, object], data: st.DataObject) -> None:
    """``semantics.monotone``: for the applicant, whenever a guard holds with some of the
    states it asks about passed, it holds with any more of them passed."""
    definition = _with_waits(generated, data).definition
    values = attribute_values(definition.process, attributes)
    for move in definition.structure.moves:
        guard = move.guard
        if guard is None or not monotone(guard):
            continue
        states = sorted(guard.states)
        verdicts = {bits: guard.holds(values, {s for k, s in enumerate(states)
                                               if bits >> k & 1}.__contains__)
                    for bits in range(1 << len(states))}
        for bits, holds in verdicts.items():
            if holds:
                assert all(verdicts[bits | 1 << k] for k in range(len(states))), guard.text


def test_monotone_names_the_guards_that_only_open(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("""
format: 1
id: m
title: m
attributes: {amount: {type: integer, example: 1}}
states:
  - {id: a, kind: task}
  - {id: b, kind: task}
  - {id: ok, kind: final, outcome: approved}
initial: a
transitions:
  - {from: a, to: b, on: t1, when: done(a) and done(b)}
  - {from: a, to: b, on: t2, when: done(a) or amount > 3}
  - {from: a, to: b, on: t3, when: amount > 3}
  - {from: a, to: b, on: t4, when: not done(b)}
  - {from: a, to: b, on: t5, when: done(b) == false}
  - {from: a, to: b, on: t6, when: not (done(a) and done(b))}
  - {from: b, to: ok, on: go}
""", encoding="utf-8")
    definition = load(path)
    said = {m.trigger: monotone(m.guard) for m in definition.structure.moves if m.guard}
    assert said == {"t1": True, "t2": True, "t3": True, "t4": False, "t5": False,
                    "t6": False}


def _shares_scenario(generated: Generated, data: st.DataObject) -> Scenario:
    """Random durations (so regions finish in changing orders) and random shares on every
    state with more than one trigger."""
    structure = generated.definition.structure
    timed = [p.id for p in structure.places.values() if p.state.kind in ("task", "wait")]
    branches = {}
    for source, moves in structure.moves_from.items():
        triggers = sorted({m.trigger for m in moves})
        if len(triggers) > 1 and data.draw(st.booleans(), label=f"shares at {source}"):
            weights = [data.draw(st.integers(1, 3), label=t) for t in triggers]
            branches[source] = {"probabilities": {
                t: w / sum(weights) for t, w in zip(triggers, weights, strict=True)}}
    return Scenario.model_validate({
        "format": 1, "process": "generated", "start": "2025-01-06",
        "arrivals": {"per_working_day": 2},
        "durations": {s: {"dist": "triangular", "low": 0.2, "mode": 1, "high": 4}
                      for s in timed},
        "applicants": {"flag": {"value": False}, "amount": {"value": 60},
                       "extra": {"value": 0}, "kind": {"value": "a"}},
        "branches": branches, "cases": 20, "replications": 1})


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(definitions(), st.data())
def test_the_simulators_shortcuts_change_nothing(generated: Generated,
                                                 data: st.DataObject) -> None:
    """The engine's two shortcuts against its general path, byte for byte (report and
    event log): a state whose ways out are always open moves on without asking the
    stepper (``entering._free``), and a parked review whose way only opens is not asked
    again whether it can still open while the states it waits for are only passed
    (``ending.steady``)."""
    generated = _with_waits(generated, data)
    scenario = _shares_scenario(generated, data)

    def run() -> tuple[str, bytes]:
        with tempfile.TemporaryDirectory() as folder:
            log = Path(folder) / "log.csv"
            result = simulate(build(generated.definition, scenario), seed=3, event_log=log)
            return json.dumps(result.data, sort_keys=True), log.read_bytes()

    fast = run()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(entering, "_moving_on", entering._asking)
        patch.setattr(ending, "_steady", lambda members: {})
        assert run() == fast


SKIPPING = """
format: 1
id: skipping
title: skipping
states:
  - {id: approved, kind: final, outcome: approved}
  - {id: rejected, kind: final, outcome: rejected}
initial: par
stages:
  - id: par
    regions:
      - id: works
        states:
          - {id: survey, kind: task}
          - {id: dig, kind: task}
          - {id: works_done, kind: final}
      - id: review
        states:
          - {id: check, kind: task}
          - {id: review_done, kind: final}
transitions:
  - {from: survey, to: dig, on: dig}
  - {from: survey, to: works_done, on: skip}
  - {from: dig, to: works_done, on: finish}
  - {from: check, to: review_done, on: approve, when: done(survey) and done(dig)}
  - {from: check, to: rejected, on: reject}
  - {from: par, to: approved, on: join}
"""


def test_a_review_waiting_on_a_skipped_state_draws_again(tmp_path: Path) -> None:
    """The review's way waits on two states and only opens; while they are passed it
    stays parked without asking again, but when the other region skips one of them it
    can no longer open, and the review must draw again (here: reject), not wait for ever."""
    path = tmp_path / "skipping.yaml"
    path.write_text(SKIPPING, encoding="utf-8")
    scenario = Scenario.model_validate({
        "format": 1, "process": "skipping", "start": "2025-01-06",
        "arrivals": {"per_working_day": 2},
        "durations": {"survey": {"dist": "fixed", "value": 2},
                      "dig": {"dist": "fixed", "value": 2},
                      "check": {"dist": "fixed", "value": 1}},
        "branches": {"survey": {"probabilities": {"dig": 0.5, "skip": 0.5}},
                     "check": {"probabilities": {"approve": 0.99, "reject": 0.01}}},
        "cases": 200, "replications": 1})
    model = build(load(path), scenario)
    shares = simulate(model, seed=1).data["outcomes"]
    assert shares.get("unfinished", 0) == 0
    assert 0.35 < shares["rejected"] < 0.65 and 0.35 < shares["approved"] < 0.65
    assert [g for g, waits in ending._steady(ending.Ending(model, Tally(model)).members
                                              ).items() if waits]  # the shortcut applies
