"""Bad input said in Chinese, all of it: what another library complains (json, libxml2,
zipfile, the operating system) is said by its kind, with the place kept, and our own
messages about files of the wrong shape or a newer format carry their Chinese.

The English run of each case keeps the library's own words (a reader of English can
search for them); the Chinese one has none. The scan is ``test_chinese_output``'s.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policy_kit.cli import main
from tests.test_chinese_output import bundled, english

XIANYANG = "xianyang-culture-subsidy"


def _runs(runner: CliRunner, args: list[str]) -> tuple[Result, Result]:
    return runner.invoke(main, args), runner.invoke(main, [*args, "--lang", "en"])


def _no_english(output: str, *given: str) -> None:
    ids, texts = bundled()
    for text in given:
        output = output.replace(text, " ")
    found = [(line, words) for line in output.splitlines()
             if (words := english(line, ids, texts))]
    assert not found, "English in Chinese output:\n" + "\n".join(
        f"  {words}  ←  {line.strip()[:160]}" for line, words in found)


@pytest.mark.parametrize(("text", "place", "zh", "en"), [
    pytest.param("", "1:1", "这里应有一个值（文件是空的，或不是 JSON）", "Expecting value",
                 id="empty"),
    pytest.param('{"steps": [1,]}', "1:14", "这里应有一个值", "Expecting value",
                 id="trailing-comma-in-list"),
    pytest.param('{"a": 1,}', "1:9", "这里应有用双引号括起的键名",
                 "Expecting property name enclosed in double quotes", id="trailing-comma"),
    pytest.param('{"a" 1}', "1:6", "键名后应有冒号 `:`", "Expecting ':' delimiter",
                 id="colon"),
    pytest.param('{"a": 1} x', "1:10", "JSON 值结束后还有多余的内容", "Extra data",
                 id="extra"),
    pytest.param('{"a": "b', "1:7", "字符串没有结束的双引号", "Unterminated string",
                 id="string"),
])
def test_json_s_complaints_are_said_by_their_kind(runner: CliRunner, tmp_path: Path,
                                                  text: str, place: str, zh: str,
                                                  en: str) -> None:
    given = tmp_path / "walk.json"
    given.write_text(text, encoding="utf-8")
    args = ["render", XIANYANG, "-o", str(tmp_path / "x.svg"), "--path", str(given)]
    chinese, english_run = _runs(runner, args)
    assert chinese.exit_code == english_run.exit_code == 1
    assert f"{given}:{place}：不是 JSON：{zh}" in chinese.stderr, chinese.stderr
    _no_english(chinese.stderr, str(given))
    assert f"{given}:{place}: not JSON: {en}" in english_run.stderr, english_run.stderr
    assert not (tmp_path / "x.svg").exists()


def test_a_result_file_that_is_not_utf8(runner: CliRunner, tmp_path: Path) -> None:
    given = tmp_path / "heat.json"
    given.write_bytes(b'{"a": "\xff"}')
    args = ["render", XIANYANG, "-o", str(tmp_path / "x.svg"), "--heat", str(given)]
    chinese, english_run = _runs(runner, args)
    assert "不是 UTF-8 文本（第 8 个字节 0xff 有误）" in chinese.stderr, chinese.stderr
    _no_english(chinese.stderr, str(given))
    assert "can't decode byte 0xff" in english_run.stderr


@pytest.mark.parametrize(("text", "zh", "en"), [
    pytest.param("- a\n- b\n", "流程定义是由键组成的映射（`format`、`id`、`title` 等）",
                 "a definition is a mapping of keys (format, id, title, …)", id="list"),
    pytest.param("just words\n", "流程定义是由键组成的映射",
                 "a definition is a mapping of keys", id="scalar"),
    pytest.param("format: 3\nid: x\n", "这个流程定义按格式 3 书写，比这个 policy-kit 能读的格式"
                 "（1）新", "this process definition is written in format 3", id="newer"),
])
def test_a_definition_of_the_wrong_shape(runner: CliRunner, tmp_path: Path, text: str,
                                         zh: str, en: str) -> None:
    given = tmp_path / "p.yaml"
    given.write_text(text, encoding="utf-8")
    chinese, english_run = _runs(runner, ["show", str(given)])
    assert chinese.exit_code == english_run.exit_code == 1
    assert zh in chinese.stderr, chinese.stderr
    _no_english(chinese.stderr, str(given))
    assert en in english_run.stderr, english_run.stderr


@pytest.mark.parametrize(("name", "content", "zh", "en"), [
    pytest.param("log.xes", b"<log><trace>", "不是格式良好的 XES：数据在元素结束之前就结束了",
                 "Premature end of data", id="xes-cut-short"),
    pytest.param("log.xes", b"<log></trace>", "不是格式良好的 XES：开始标签与结束标签不匹配",
                 "Opening and ending tag mismatch", id="xes-mismatch"),
    pytest.param("log.xlsx", b"PK not really", "不是 XLSX 工作簿（XLSX 是 ZIP 压缩包",
                 "File is not a zip file", id="xlsx-not-zip"),
])
def test_a_log_that_does_not_parse(runner: CliRunner, tmp_path: Path, name: str,
                                   content: bytes, zh: str, en: str) -> None:
    given = tmp_path / name
    given.write_bytes(content)
    chinese, english_run = _runs(runner, ["conform", XIANYANG, "--log", str(given)])
    assert chinese.exit_code == english_run.exit_code == 1
    assert zh in chinese.stderr, chinese.stderr
    _no_english(chinese.stderr, str(given))
    assert en in english_run.stderr, english_run.stderr


def test_a_bpmn_file_that_is_not_xml(runner: CliRunner, tmp_path: Path) -> None:
    given = tmp_path / "m.bpmn"
    given.write_text("<definitions><process></definitions>", encoding="utf-8")
    chinese, english_run = _runs(runner, ["import", str(given)])
    assert chinese.exit_code == english_run.exit_code == 1
    assert "不是格式良好的 XML：开始标签与结束标签不匹配" in chinese.stderr, chinese.stderr
    _no_english(chinese.stderr, str(given))
    assert "not well-formed XML: Opening and ending tag mismatch" in english_run.stderr
