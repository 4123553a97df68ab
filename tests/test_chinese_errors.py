"""Bad input said in Chinese, all of it: what another library complains (json, libxml2,
zipfile, the operating system) is said by its kind, with the place kept, and our own
messages about files of the wrong shape or a newer format carry their Chinese.

The English run of each case keeps the library's own words (a reader of English can
search for them); the Chinese one has none. The scan is ``test_chinese_output``'s.
"""

from __future__ import annotations

import re
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


@pytest.mark.parametrize(("args", "zh", "en"), [
    pytest.param(["sweep", XIANYANG, "--vary", "bogus"],
                 "--vary 的写法是 `参数=取值`（例如 `staff.部门=1..3`），不是 `bogus`",
                 "--vary takes NAME=VALUES, not `bogus`", id="vary-shape"),
    pytest.param(["sweep", XIANYANG, "--vary", "speed=1,2"],
                 "参数是 `staff.部门`、`duration.状态`、`arrivals` 或 `prob.状态.触发`",
                 "NAME is staff.DEPARTMENT, duration.STATE, arrivals or prob.STATE.TRIGGER",
                 id="vary-name"),
    pytest.param(["sweep", XIANYANG, "--vary", "arrivals=a,b"],
                 "取值写成 `A..B`（其间的整数）、`A..B:N`（`N` 个等距的值）或数字列表 `a,b,c`",
                 "VALUES is A..B, A..B:N or a list a,b,c of numbers", id="vary-values"),
    pytest.param(["sweep", XIANYANG, "--vary", "arrivals=1,2", "--cost", "a=b"],
                 "--cost 的写法是 `部门=成本`（成本为数）", "--cost takes DEPT=X", id="cost"),
    pytest.param(["sweep", XIANYANG, "--vary", "arrivals=1,2", "--cluster", "http://h"],
                 "请给出 `tcp://主机:端口` 或 `tls://主机:端口`",
                 "give tcp://HOST:PORT or tls://HOST:PORT", id="cluster"),
    pytest.param(["compare", XIANYANG, "--staff", "x"], "--staff 的写法是 `部门=人数`",
                 "--staff takes DEPT=N", id="staff-shape"),
    pytest.param(["compare", XIANYANG, "--prob", "review=0.5"],
                 "--prob 的写法是 `状态.触发=概率`，概率在 0 到 1 之间",
                 "--prob takes STATE.TRIGGER=P with 0 ≤ P ≤ 1", id="prob-shape"),
    pytest.param(["forecast", XIANYANG, "--log", "x.csv", "--as-of", "June"],
                 "'June' 不是日期；请写成 `YYYY-MM-DD`", "'June' is not a date; write YYYY-MM-DD",
                 id="as-of"),
    pytest.param(["import", "m.bpmn", "--outcome", "x"], "--outcome x：请写成 `结束事件id=结果`",
                 "--outcome x: write END_EVENT_ID=OUTCOME", id="import-outcome"),
])
def test_a_usage_error_says_its_shape_in_the_reader_s_words(runner: CliRunner, tmp_path: Path,
                                                            args: list[str], zh: str,
                                                            en: str) -> None:
    """How an option is written, its placeholders said in Chinese (``部门``, not DEPT)."""
    (tmp_path / "x.csv").write_text("case,activity,time\n", encoding="utf-8")
    (tmp_path / "m.bpmn").write_text("<definitions/>", encoding="utf-8")
    args = [str(tmp_path / a) if a in ("x.csv", "m.bpmn") else a for a in args]
    chinese, english_run = _runs(runner, args)
    assert chinese.exit_code == english_run.exit_code == 2, chinese.output
    assert zh in chinese.stderr, chinese.stderr
    said = re.sub(r"(?m)^(用法：|运行 ').*$", " ", chinese.stderr)  # click's usage: commands
    _no_english(said, args[-1])
    assert en in english_run.stderr, english_run.stderr


def test_a_process_without_a_policy_is_said_in_chinese(runner: CliRunner) -> None:
    chinese, english_run = _runs(runner, ["award", "jining-construction-start"])
    assert chinese.exit_code == english_run.exit_code == 1
    assert "流程 `jining-construction-start` 没有政策文件" in chinese.stderr
    assert "把奖励规则写进流程旁边的 jining-construction-start.policy.yaml" in chinese.stderr
    _no_english(chinese.stderr)
    assert "process `jining-construction-start` has no policy file" in english_run.stderr


def test_a_pydantic_error_without_a_chinese_sentence_is_not_said_in_english() -> None:
    """A kind of pydantic error the table does not know: a value that does not fit, named
    by its kind (code); its English stays for English output."""
    from policy_kit.validation import error_text

    item = {"type": "url_parsing", "loc": ("site",), "msg": "Input should be a valid URL",
            "input": "nowhere", "ctx": {"error": "relative URL without a base"}}
    en, zh = error_text(item)
    assert en == 'Input should be a valid URL (got "nowhere")'
    assert zh == '值不符合要求(`url_parsing`)(实际为 "nowhere")'
