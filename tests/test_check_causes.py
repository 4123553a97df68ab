"""Findings located at their cause, each planted defect replayed through ``policy-kit path``:
an unbounded loop at the wait that should count its rounds or at the transition closing
it, a deadlock at a join at the guard that blocks it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from policy_kit.check import Finding, check_file
from policy_kit.cli import main

CORPUS = Path(__file__).parent / "checks"


def _only(path: Path, code: str) -> Finding:
    found = [f for f in check_file(path)[0] if f.code == code]
    assert len(found) == 1, found
    return found[0]


def _walk(runner: CliRunner, path: Path, finding: Finding) -> dict[str, object]:
    example = finding.counterexample
    assert example is not None
    arguments = ["path", str(path), "--json"]
    for name, value in example.applicant.items():
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        arguments += ["--set", f"{name}={shown}"]
    for step in example:
        arguments += ["--choose", step.event]
    walked: dict[str, object] = json.loads(runner.invoke(main, arguments).output)
    return walked


def _entered(walked: dict[str, object]) -> list[str]:
    """The states entered, step by step (``path`` goes on to an outcome after the
    counterexample's steps; the tests read the prefix)."""
    steps = walked["steps"]
    assert isinstance(steps, list)
    return [s["to"] for s in steps]


def _line(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line and
                not line.startswith("#"))


def test_an_unbounded_correction_loop_stands_at_the_wait(runner: CliRunner) -> None:
    path = CORPUS / "pk206-unbounded-loop.yaml"
    loop = _only(path, "PK206")
    assert loop.location.line == _line(path, "{id: correction,")
    assert loop.hint is not None and "`correction`" in loop.hint.en
    assert _entered(_walk(runner, path, loop))[:2] == ["correction", "check"]


def test_a_loop_without_a_wait_stands_at_the_transition_closing_it(runner: CliRunner) -> None:
    path = CORPUS / "pk206-loop-closing-transition.yaml"
    loop = _only(path, "PK206")
    assert loop.location.line == _line(path, "on: send_back")
    assert loop.ids == ("review", "senior_review")
    assert _entered(_walk(runner, path, loop))[:3] == ["review", "senior_review", "review"]
