"""The walk's JSON is one model: what ``path --json`` prints reads back into it unchanged."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from policy_kit.cli import main
from policy_kit.walk_file import WalkFile

FIXTURES = Path(__file__).parent / "fixtures"


def test_path_json_reads_back_into_the_model_and_writes_the_same(runner: CliRunner) -> None:
    result = runner.invoke(main, ["path", str(FIXTURES / "parallel.yaml"), "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    walked = WalkFile.model_validate(printed)
    assert json.loads(json.dumps(walked.data(), ensure_ascii=False, default=str)) == printed
    assert walked.steps and walked.steps[0].on == walked.steps[0].trigger


def test_an_older_file_without_the_newer_keys_still_reads() -> None:
    old = {"steps": [{"number": 1, "state": "a", "to": "b", "event": "r.go"}]}
    walked = WalkFile.model_validate(old)
    assert walked.steps[0].on == "go" and walked.outcome is None
