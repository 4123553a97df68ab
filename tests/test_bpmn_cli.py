"""``policy-kit render --format bpmn``: the command writes the export atomically, and its
failures are one line and an exit code."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import XSD_PATH

from policy_kit.cli import main
from policy_kit.export.writer import NAMESPACES


@pytest.mark.parametrize(("arguments", "name"), [
    pytest.param(["--format", "bpmn"], "out.xml", id="format-option"),
    pytest.param([], "out.bpmn", id="by-suffix"),
    pytest.param(["--lang", "en"], "out.bpmn", id="english"),
])
def test_render_writes_a_valid_bpmn_file(runner: CliRunner, tmp_path: Path,
                                         arguments: list[str], name: str) -> None:
    out = tmp_path / name
    result = runner.invoke(main, ["render", "xianyang-culture-subsidy", "-o", str(out),
                                  *arguments])
    assert result.exit_code == 0, result.output
    document = etree.parse(str(out))
    assert etree.XMLSchema(etree.parse(XSD_PATH)).validate(document)
    task = document.find(".//bpmn:userTask[@id='preliminary_review']", NAMESPACES)
    assert task is not None
    expected = ("Preliminary review of eligibility and materials" if "en" in arguments
                else "初审(资格与材料)")
    assert task.get("name") == expected


def test_without_dot_render_fails_in_one_line_and_writes_nothing(
        runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    out = tmp_path / "out.bpmn"
    result = runner.invoke(main, ["render", "xianyang-culture-subsidy", "-o", str(out)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "apt-get install graphviz" in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_region_left_for_a_state_that_goes_on_is_an_error_with_its_place(
        runner: CliRunner, tmp_path: Path) -> None:
    definition = tmp_path / "escape.yaml"
    definition.write_text("""\
format: 1
id: escape
title: 出口
stages:
  - id: both
    regions:
      - id: left
        states:
          - {id: look, kind: task}
          - {id: left_done, kind: final}
      - id: right
        states:
          - {id: other, kind: task}
          - {id: right_done, kind: final}
states:
  - {id: redo, kind: task}
  - {id: approved, kind: final, outcome: approved}
transitions:
  - {from: look, to: left_done, on: pass}
  - {from: look, to: redo, on: send_back}
  - {from: other, to: right_done, on: pass}
  - {from: both, to: approved, on: join}
  - {from: redo, to: approved, on: finish}
""", encoding="utf-8")
    out = tmp_path / "escape.bpmn"
    result = runner.invoke(main, ["render", str(definition), "-o", str(out)])
    assert result.exit_code == 1
    assert "escape.yaml:20:5：" in result.output and "离开区域 `left`" in result.output
    assert not out.exists()
