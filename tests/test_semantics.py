"""The step semantics (docs/semantics.md) through every engine, on named cases.

The shadowed trigger is the regression that made this module: two transitions leave one
state on one trigger and both guards hold; the first declared must win in ``path``, in
every simulated case, in the checker's message and in the BPMN export run by SpiffWorkflow.
"""

from __future__ import annotations

import builtins
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_bpmn_engine import _export, _replay

from policy_kit import compile, load
from policy_kit.cli import main
from policy_kit.semantics import Configuration, Semantics, first_open, initial_state
from policy_kit.values import attribute_values
from policy_kit.walker import walk

ROOT = Path(__file__).parent.parent

SHADOWED = """\
format: 1
id: shadowed-trigger
title: {zh: 同一触发的两条路, en: Two ways on one trigger}
source: test
calendar: weekly
attributes:
  amount: {type: integer, min: 10, max: 100, example: 80}
states:
  - {id: review, kind: task}
  - {id: approved, kind: final, outcome: approved}
  - {id: rejected, kind: final, outcome: rejected}
transitions:
  - {from: review, to: approved, on: decide, when: amount >= 50}
  - {from: review, to: rejected, on: decide, when: amount >= 10}
"""

SHADOWED_SCENARIO = """\
format: 1
process: shadowed-trigger
start: 2025-01-06
arrivals: {per_working_day: 4}
durations: {review: {dist: fixed, value: 1}}
branches: {review: {probabilities: {decide: 1}}}
cases: 200
replications: 2
"""


def _shadowed(write: Callable[[str, str], Path]) -> Path:
    path = write(SHADOWED, "shadowed.yaml")
    (path.parent / "shadowed.scenario.yaml").write_text(SHADOWED_SCENARIO, encoding="utf-8")
    return path


def test_shadowed_trigger_path_takes_the_first_declared(
        runner: CliRunner, write: Callable[[str, str], Path]) -> None:
    result = runner.invoke(main, ["path", str(_shadowed(write)), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["outcome"] == "approved"
    assert [s["transition"] for s in data["steps"]] == [0]


def test_shadowed_trigger_every_simulated_case_takes_the_first_declared(
        runner: CliRunner, write: Callable[[str, str], Path]) -> None:
    """Before the one semantics, the simulator drew between the two (about half each)."""
    result = runner.invoke(main, ["simulate", str(_shadowed(write)), "--json"])
    assert result.exit_code == 0, result.output
    outcomes = json.loads(result.output)["outcomes"]
    assert outcomes["approved"] == 1.0
    assert outcomes.get("rejected", 0.0) == 0.0


def test_shadowed_trigger_the_warning_says_which_way_is_taken(
        runner: CliRunner, write: Callable[[str, str], Path]) -> None:
    path = str(_shadowed(write))
    english = runner.invoke(main, ["validate", path, "--lang", "en"])
    assert english.exit_code == 0, english.output
    assert re.search(r"PK302 .*the first declared wins: the case goes to `approved`",
                     english.output)
    chinese = runner.invoke(main, ["validate", path, "--lang", "zh"])
    assert "先声明的一条生效:案件走向 `approved`" in chinese.output


def test_shadowed_trigger_bpmn_engine_takes_the_first_declared(
        write: Callable[[str, str], Path]) -> None:
    spec = str(_shadowed(write))
    path = walk(compile(load(spec)), {"amount": 80})
    run = _replay(_export(spec), path.attributes, path.steps)
    assert run.finished and run.end_events == ("approved",)


def test_shadowed_trigger_fires_the_second_where_the_first_is_closed(
        write: Callable[[str, str], Path]) -> None:
    path = walk(compile(load(str(_shadowed(write)))), {"amount": 20})
    assert path.outcome == "rejected" and path.steps[0].transition == 1


def test_semantics_steps_a_case_from_its_initial_configuration() -> None:
    definition = load(str(ROOT / "tests" / "fixtures" / "parallel.yaml"))
    semantics = Semantics(definition.structure)
    values = attribute_values(definition.process, {})
    config = semantics.initial()
    assert config.active == definition.structure.initial
    seen = {config}
    for _ in range(50):
        if semantics.is_final(config):
            break
        successors = semantics.successors(config, values)
        assert successors, f"stuck in {config.active}"
        config = successors[0].target
        seen.add(config)
    assert semantics.is_final(config) and semantics.outcome(config) is not None
    assert len(seen) > 2


def test_join_waits_for_every_regions_finals() -> None:
    definition = load(str(ROOT / "tests" / "fixtures" / "parallel.yaml"))
    semantics = Semantics(definition.structure)
    stage = next(s for s in definition.process.stages if s.concurrent)
    waits = semantics.join_waits(stage.id)
    assert len(waits) == len(stage.regions)
    assert all(waits) and all(s in semantics.finals for finals in waits for s in finals)
    assert [initial_state(r) for r in stage.regions] == list(
        semantics.fire(Configuration(("x",)), next(
            m for m in definition.structure.moves if m.target == stage.id)).active)


def test_first_open_takes_one_per_group_in_order() -> None:
    groups = [(1, 2, 3), (4,), (5, 6)]
    assert first_open(groups, lambda n: n % 2 == 0) == [2, 4, 6]
    assert first_open(groups, lambda n: n > 2) == [3, 4, 5]


def test_the_example_in_semantics_md_runs(capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / "docs" / "semantics.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    for block in blocks:
        exec(builtins.compile(block, "docs/semantics.md", "exec"), {})  # noqa: S102
    assert "submit -> ('preliminary_review',)" in capsys.readouterr().out
