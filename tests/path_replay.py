"""Replaying a finding's counterexample through ``policy-kit path`` (a helper module for the
checker's tests, not a test file)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from policy_kit.check import Finding
from policy_kit.cli import main


def walk(runner: CliRunner, path: Path, finding: Finding, *choose: str) -> dict[str, object]:
    """The counterexample walked by ``policy-kit path --json``: its applicant, its steps,
    then ``choose`` (``path`` goes on by default ways to an outcome after them)."""
    example = finding.counterexample
    assert example is not None
    arguments = ["path", str(path), "--json"]
    for name, value in example.applicant.items():
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        arguments += ["--set", f"{name}={shown}"]
    for event in [*(s.event for s in example), *choose]:
        arguments += ["--choose", event]
    result = runner.invoke(main, arguments)
    assert result.exit_code in (0, 1), result.output
    walked: dict[str, object] = json.loads(result.output)
    return walked


def entered(walked: dict[str, object]) -> list[str]:
    """The states entered, step by step."""
    steps = walked["steps"]
    assert isinstance(steps, list)
    return [s["to"] for s in steps]
