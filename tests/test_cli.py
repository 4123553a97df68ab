"""The command line through click's CliRunner: exit codes, output, JSON, errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit.cli import main
from tests.conftest import MINIMAL

Write = Callable[..., Path]


def test_list(runner: CliRunner) -> None:
    result = runner.invoke(main, ["list"])
    assert result.exit_code == 0, result.output
    assert "xianyang-culture-subsidy" in result.output
    assert "咸阳高新区" in result.output


def test_list_json(runner: CliRunner) -> None:
    result = runner.invoke(main, ["list", "--json"])
    rows = json.loads(result.output)
    row = next(r for r in rows if r["id"] == "xianyang-culture-subsidy")
    assert row["stages"] == 6 and row["states"] == 11
    assert "咸阳" in result.output  # ensure_ascii=False: characters, not \\u escapes


def test_show(runner: CliRunner) -> None:
    result = runner.invoke(main, ["show", "xianyang-culture-subsidy"])
    assert result.exit_code == 0, result.output
    assert "初审" in result.output and "expert_panel" in result.output
    assert "5个工作日" in result.output


def test_show_json(runner: CliRunner) -> None:
    data = json.loads(runner.invoke(main, ["show", "xianyang-culture-subsidy", "--json"]).output)
    assert [s["id"] for s in data["stages"]][:2] == ["application", "preliminary"]
    assert data["attributes"]["sector"]["example"] == "film_tv_media"


def test_schema_is_json_schema(runner: CliRunner) -> None:
    result = runner.invoke(main, ["schema"])
    schema = json.loads(result.output)
    assert schema["type"] == "object"
    assert {"format", "id", "title", "stages", "transitions"} <= set(schema["properties"])
    assert "from" in json.dumps(schema["$defs"]["Transition"])


def test_path_default(runner: CliRunner) -> None:
    result = runner.invoke(main, ["path", "xianyang-culture-subsidy"])
    assert result.exit_code == 0, result.output
    assert "结果:paid" in result.output
    assert "奖励资金下达通知" in result.output


def test_path_json(runner: CliRunner) -> None:
    result = runner.invoke(main, ["path", "xianyang-culture-subsidy", "--json", "--set",
                                  "expert_score=40"])
    data = json.loads(result.output)
    assert data["outcome"] == "rejected"
    assert data["steps"][-1]["trigger"] == "decline"
    assert set(data["steps"][0]) >= {"state", "stage", "department", "trigger"}
    assert data["certificates"] == []


def test_path_choose(runner: CliRunner) -> None:
    result = runner.invoke(main, ["path", "xianyang-culture-subsidy", "--choose",
                                  "request_supplement", "--choose", "withdraw", "--json"])
    assert json.loads(result.output)["outcome"] == "withdrawn"


def test_path_unused_choose_is_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["path", "xianyang-culture-subsidy", "--choose", "fly",
                                  "--lang", "en"])
    assert result.exit_code == 2
    assert "--choose fly was never enabled" in result.output
    assert "Traceback" not in result.output


def test_path_unknown_attribute(runner: CliRunner) -> None:
    result = runner.invoke(main, ["path", "xianyang-culture-subsidy", "--set", "secter=other",
                                  "--lang", "en"])
    assert result.exit_code == 2
    assert "unknown attribute `secter`; did you mean `sector`?" in result.output


def test_path_value_outside_domain(runner: CliRunner) -> None:
    result = runner.invoke(main, ["path", "xianyang-culture-subsidy", "--set", "sector=tea",
                                  "--lang", "en"])
    assert result.exit_code == 2
    assert "one of film_tv_media" in result.output


def test_path_bad_number(runner: CliRunner) -> None:
    result = runner.invoke(main, ["path", "xianyang-culture-subsidy", "--set",
                                  "expert_score=high", "--lang", "en"])
    assert result.exit_code == 2
    assert "takes a number" in result.output


def test_bad_file_exit_1_without_traceback(runner: CliRunner, write: Write) -> None:
    path = write(MINIMAL.replace("kind: task", "kind: [task"))
    result = runner.invoke(main, ["path", str(path)])
    assert result.exit_code == 1
    assert f"{path}:" in result.output
    assert "Traceback" not in result.output


def test_stuck_walk_exits_1(runner: CliRunner, write: Write) -> None:
    path = write(MINIMAL.replace("when: amount < 5", "when: amount < 0"))
    result = runner.invoke(main, ["path", str(path), "--set", "amount=3", "--lang", "en"])
    assert result.exit_code == 1
    assert "stuck at: check" in result.output


def test_usage_error_exit_2(runner: CliRunner) -> None:
    assert runner.invoke(main, ["path"]).exit_code == 2
    assert runner.invoke(main, ["nonsense"]).exit_code == 2


@pytest.mark.parametrize("args", [
    ["simulate", "xianyang-culture-subsidy", "--scenario", "missing.scenario.yaml"],
    ["compare", "xianyang-culture-subsidy", "--staff", "culture_office=2", "--scenario",
     "missing.scenario.yaml"],
    ["path", "xianyang-culture-subsidy", "--start", "2024-02-19", "--holidays",
     "missing-holidays.yaml"],
], ids=["simulate-scenario", "compare-scenario", "path-holidays"])
def test_a_missing_file_named_by_an_option_is_a_usage_error(runner: CliRunner,
                                                            args: list[str]) -> None:
    result = runner.invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "missing" in result.output and "Traceback" not in result.output
