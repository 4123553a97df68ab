"""Time limits and declared properties against the reference semantics (hypothesis).

Random definitions (those of ``test_check_properties``) get random limits, clocks, a
promised total, a stage limit and declared properties. The ``transitions`` machine is
the truth, and the time of a run is measured here from the machine's own history by the
documented rule (the sum of the limits on the government clock; a concurrent stage as
long as its slowest region, a step that reads ``done(x)`` starting no earlier than ``x``
was left), independently of the checker:

* every reported slow way (PK401, PK603) replays and really adds up to more than the
  limit, and every "no way keeps it" (PK402) is true of random runs to those outcomes;
* where the checker reports nothing about a limit, no random run breaks it;
* every ``never`` counterexample (PK601) replays to a situation where the condition
  holds, every ``eventually`` counterexample (PK602) avoids it throughout and ends stuck,
  ended or back where its loop began; and where nothing is reported (and nothing was
  sampled), random runs never meet a ``never`` condition.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_kit import compile
from policy_kit.check import Finding, check
from policy_kit.expr import Guard, Value, compile_condition
from policy_kit.loader import Definition, parse
from policy_kit.machine import Application, ProcessMachine
from policy_kit.model import State
from policy_kit.resolve import attribute_types, resolve
from policy_kit.source import SourceMap
from tests.test_check_properties import Generated, definitions

SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
NEVER = ("issued(permit) and not done({a})", "done({a}) and not done({b})", "ended() and flag",
         "issued(permit) and amount >= 50", "done({a}) and ended()")
EVENTUALLY = ("ended()", "done({a}) or ended()", "issued(permit) or not flag")
UNDECIDED = {"PK208", "PK209", "PK604"}
WALKS, STEPS = 12, 60


@st.composite
def timed_definitions(draw: st.DrawFn) -> Generated:
    """A random definition with limits (working days on the government clock, so that
    sums are exact), some applicant and statutory steps, a promised total, sometimes a
    stage limit, and declared properties."""
    data = copy.deepcopy(draw(definitions()).data)
    for state in _states(data):
        if state["kind"] == "decision":
            continue
        clock = draw(st.sampled_from(["government"] * 4 + ["applicant", "statutory"]))
        state["clock"] = clock
        if clock == "government":
            state["limit"] = {"working_days": draw(st.integers(0, 6))}
        elif draw(st.booleans()):
            state["limit"] = {"natural_days": draw(st.integers(0, 30))}
    data["limit"] = {"working_days": draw(st.integers(0, 25))}
    if data.get("stages") and draw(st.booleans()):
        data["stages"][0]["limit"] = {"working_days": draw(st.integers(0, 12))}
    leaves = [s["id"] for s in _states(data)]
    top = [s["id"] for s in data["states"] if s["kind"] != "final"]
    a, b = draw(st.sampled_from(leaves)), draw(st.sampled_from(leaves))
    data["properties"] = [
        {"id": "never_this", "never": draw(st.sampled_from(NEVER)).format(a=a, b=b)},
        {"id": "sometime", "eventually": draw(st.sampled_from(EVENTUALLY)).format(a=a)},
        {"id": "in_time", "within": {"from": draw(st.sampled_from(top)),
                                     "to": ["approved", "rejected"],
                                     "working_days": draw(st.integers(0, 20))}},
    ]
    source = SourceMap("timed.yaml")
    process = parse(data, source)
    return Generated(Definition(process, resolve(process, source), source, None), data)


def _states(data: dict[str, Any]) -> list[dict[str, Any]]:
    found = [s for s in data["states"] if s["kind"] != "final"]
    for stage in data.get("stages", ()):
        for region in stage["regions"]:
            found.extend(s for s in region["states"] if s["kind"] != "final")
    return found


# -- the time of a run, from the machine's history ----------------------------------------


def _weight(definition: Definition, stage: str | None) -> Callable[[str], int]:
    """What a step counts: its working days on the government clock (in ``stage``)."""
    places = definition.structure.places

    def weight(state: str) -> int:
        place = places[state]
        inside = stage is None or (place.stage is not None and place.stage.id == stage)
        return _days(place.state) if inside else 0

    return weight


def _days(state: State) -> int:
    if state.kind in ("decision", "final") or state.effective_clock != "government":
        return 0
    assert state.limit is not None and state.limit.working_days is not None
    return state.limit.working_days


def _time(definition: Definition, application: Application, weight: Callable[[str], int],
          window: tuple[set[str], set[str]] | None = None) -> int | None:
    """The time of the run so far (or of its window: first entering a source position to
    first entering a target position after it)."""
    structure = definition.structure
    stage_of = {p.id: p.stage.id if p.stage else None for p in structure.places.values()}
    region_of = {p.id: p.region for p in structure.places.values()}

    def position(states: tuple[str, ...]) -> str:
        return str(stage_of[states[0]]) if region_of[states[0]] is not None else states[0]

    ready = dict.fromkeys(structure.initial, 0)
    passed: dict[str, int] = {}
    timing = window is None or position(structure.initial) in window[0]
    for step in application.history:
        move = next(m for m in structure.moves
                    if m.index == step.transition and m.source == step.source)
        if move.join:
            members = [s for s in ready if stage_of.get(s) == step.source]
            end = max(ready.pop(s) for s in members)
        else:
            start = ready.pop(step.source)
            waits = [passed[s] for s in (move.guard.states if move.guard else ()) if s in passed]
            end = max([start, *waits]) + weight(step.source)
            stage = stage_of[step.source]
            if region_of[step.source] is not None and all(stage_of[s] != stage
                                                          for s in step.entered):
                end = max([end, *(ready.pop(s) for s in list(ready) if stage_of[s] == stage)])
        passed[step.source] = end
        for state in step.entered:
            ready[state] = end
            if structure.places[state].state.kind == "final":
                passed[state] = end
        if window is not None:
            arrived = position(step.entered)
            if timing and arrived in window[1]:
                return end
            if not timing and arrived in window[0]:
                timing = True
                passed.clear()
                ready = dict.fromkeys(ready, 0)
    return None if window is not None else max(ready.values())


# -- replaying and walking -----------------------------------------------------------------


def _replay(machine: ProcessMachine, finding: Finding,
            visit: Callable[[Application], None] = lambda _application: None) -> Application:
    """Replay the finding's counterexample, calling ``visit`` at its start and after each
    step; return the application where it ends."""
    example = finding.counterexample
    assert example is not None
    application = machine.start(example.applicant)
    assert application.states == example.start
    visit(application)
    for step in example:
        application.fire(step.event)
        assert application.states == step.states, finding.code
        visit(application)
    return application


def _walks(machine: ProcessMachine, seed: int,
           visit: Callable[[Application], None] = lambda _application: None,
           ) -> list[Application]:
    """Random runs, ``visit`` called at each start and after each step."""
    rng = random.Random(seed)
    found = []
    for _ in range(WALKS):
        values = {"flag": rng.random() < 0.5, "amount": Decimal(rng.randint(0, 100)),
                  "extra": Decimal(rng.randint(0, 100)),
                  "kind": rng.choice("abc")}
        application = machine.start(values)
        visit(application)
        for _ in range(STEPS):
            triggers = application.triggers()
            if application.finished or not triggers:
                break
            application.fire(rng.choice(triggers))
            visit(application)
        found.append(application)
    return found


def _condition(definition: Definition, text: str) -> Guard:
    process = definition.process
    return compile_condition(text, attribute_types(process), definition.structure.places,
                             [c.id for c in process.certificates])


def _holds(condition: Guard, application: Application) -> bool:
    values: dict[str, Value] = application.attributes
    return condition.holds(values, application.done, application.certificates.__contains__,
                           application.finished)


def _scopes(definition: Definition) -> dict[str, tuple[int, str | None]]:
    process = definition.process
    scopes: dict[str, tuple[int, str | None]] = {}
    if process.limit is not None:
        scopes[process.id] = (process.limit.days, None)
    for stage in process.stages:
        if stage.limit is not None:
            scopes[stage.id] = (stage.limit.days, stage.id)
    return scopes


# -- the properties ------------------------------------------------------------------------


@SETTINGS
@given(timed_definitions(), st.integers(0, 2**32 - 1))
def test_time_limit_findings_are_true_of_the_machine(generated: Generated,
                                                     seed: int) -> None:
    definition = generated.definition
    findings = check(definition)
    codes = {f.code for f in findings}
    machine = compile(definition)
    scopes = _scopes(definition)
    for finding in findings:
        if finding.code not in ("PK401", "PK402") or finding.counterexample is None:
            continue
        limit, stage = scopes[finding.ids[0]]
        run = _replay(machine, finding)
        assert run.finished
        assert (_time(definition, run, _weight(definition, stage)) or 0) > limit, finding.code
    walks = _walks(machine, seed)
    for scope, (limit, stage) in scopes.items():
        about = {f.code for f in findings if f.ids[:1] == (scope,)}
        weight = _weight(definition, stage)
        late = {i for f in findings if f.code == "PK402" and f.ids[0] == scope
                for i in f.ids[1:]}
        for run in walks:
            if not run.finished or (stage is not None and not any(
                    s.stage == stage for s in run.history)):
                continue
            time = _time(definition, run, weight)
            assert time is not None
            if not about and not codes & UNDECIDED:
                assert time <= limit, (scope, run.history)
            if run.states[0] in late:
                assert time > limit, (scope, run.history)


@SETTINGS
@given(timed_definitions(), st.integers(0, 2**32 - 1))
def test_property_findings_are_true_of_the_machine(generated: Generated, seed: int) -> None:
    definition = generated.definition
    findings = check(definition)
    machine = compile(definition)
    declared = {p.id: p for p in definition.process.properties}
    for finding in findings:
        if finding.code not in ("PK601", "PK602", "PK603"):
            continue
        prop = declared[finding.ids[0]]
        if finding.code == "PK601":
            assert prop.never is not None
            assert _holds(_condition(definition, prop.never), _replay(machine, finding))
        elif finding.code == "PK602":
            assert prop.eventually is not None
            condition = _condition(definition, prop.eventually)
            seen: list[tuple[str, ...]] = []

            def avoids(run: Application, condition: Guard = condition,
                       seen: list[tuple[str, ...]] = seen) -> None:
                assert not _holds(condition, run)
                seen.append(run.states)

            end = _replay(machine, finding, avoids)
            assert end.finished or not end.triggers() or end.states in seen[:-1]
        else:
            assert prop.within is not None and prop.within.working_days is not None
            window = ({prop.within.from_}, set(prop.within.targets))
            time = _time(definition, _replay(machine, finding), _weight(definition, None),
                         window)
            assert time is not None and time > prop.within.working_days
    codes = {f.code for f in findings}
    never = declared["never_this"].never
    assert never is not None
    if codes & ({"PK601"} | UNDECIDED):
        return
    condition = _condition(definition, never)

    def never_meets(run: Application) -> None:
        assert not _holds(condition, run), run.history

    _walks(machine, seed, never_meets)
