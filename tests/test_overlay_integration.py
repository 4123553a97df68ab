"""The diagram overlays read what the other commands write: ``simulate --json`` and
``path --json`` feed ``render --heat`` and ``render --path`` without any editing."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from policy_kit.cli import main


def test_simulate_json_feeds_the_heat_overlay(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["simulate", "xianyang-culture-subsidy", "--cases", "60",
                                  "--replications", "2", "--json"])
    assert result.exit_code == 0, result.output
    heat = tmp_path / "result.json"
    heat.write_text(result.output, encoding="utf-8")
    plain = runner.invoke(main, ["render", "xianyang-culture-subsidy", "-o",
                                 str(tmp_path / "plain.dot")])
    hot = runner.invoke(main, ["render", "xianyang-culture-subsidy", "--heat", str(heat),
                               "-o", str(tmp_path / "hot.dot")])
    assert plain.exit_code == 0 and hot.exit_code == 0, hot.output
    text = (tmp_path / "hot.dot").read_text(encoding="utf-8")
    assert text != (tmp_path / "plain.dot").read_text(encoding="utf-8")
    assert "瓶颈" in text


def test_path_json_feeds_the_path_overlay(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["path", "jining-construction-start", "--start", "2024-03-01",
                                  "--json"])
    walked = tmp_path / "path.json"
    walked.write_text(result.output, encoding="utf-8")
    drawn = runner.invoke(main, ["render", "jining-construction-start", "--path", str(walked),
                                 "-o", str(tmp_path / "path.dot")])
    assert drawn.exit_code == 0, drawn.output
    text = (tmp_path / "path.dot").read_text(encoding="utf-8")
    assert "办理路径: 43步 → approved" in text
    assert "2024-03-04" in text  # the first step ends on its promised date
