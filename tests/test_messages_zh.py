"""Messages a user meets in Chinese: every ``UsageError`` our code raises carries its
Chinese, and so does every error evaluating a guard or formula at run time (the English
message stays for ``--lang en``)."""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner

import policy_kit
from policy_kit.cli import main
from policy_kit.errors import ExpressionError
from policy_kit.expr import compile_guard
from tests.test_expr import NAMES, PASSED, STATES, VALUES

PACKAGE = Path(policy_kit.__file__).parent


def _usage_errors() -> list[tuple[str, int]]:
    """Every ``UsageError(...)`` call in the package without a ``zh=``, as file:line."""
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id == "UsageError" \
                    and not any(keyword.arg == "zh" for keyword in node.keywords):
                missing.append((str(path.relative_to(PACKAGE)), node.lineno))
    return missing


def test_every_usage_error_says_itself_in_chinese() -> None:
    assert _usage_errors() == []


def english(text: str) -> list[str]:
    """Words of three letters or more outside code (quoted), option names and metavars."""
    text = re.sub(r"`[^`]*`|(?<![\w-])--?[a-z][\w-]*|\b[A-Z][A-Z0-9_]*\b", " ", text)
    return re.findall(r"[A-Za-z]{3,}", text)


@pytest.mark.parametrize(("text", "values"), [
    pytest.param("1 / 0 == 1", VALUES, id="literal-zero"),
    pytest.param("staff / (staff - 12) > 0", VALUES, id="computed-zero"),
    pytest.param("start + 0.5 > deadline", VALUES, id="part-day"),
    pytest.param("start + 3_000_000 > deadline", VALUES, id="date-overflow"),
    pytest.param("staff > 1", {}, id="missing-value"),
    pytest.param("staff + 1 > 1", {"staff": "x"}, id="wrong-runtime-type"),
    pytest.param("urgent", {"urgent": 1}, id="runtime-not-bool"),
    pytest.param("staff > 1", {"staff": object()}, id="unsupported-value"),
    pytest.param("staff > 1", {"staff": float("inf")}, id="infinite"),
])
def test_evaluation_errors_in_chinese(text: str, values: Mapping[str, object]) -> None:
    guard = compile_guard(text, NAMES, STATES)
    with pytest.raises(ExpressionError) as err:
        guard.holds(values, PASSED.__contains__)
    zh = err.value.message_zh + err.value.hint_zh
    assert re.search(r"[\u4e00-\u9fff]", zh), zh
    assert english(zh) == [], zh
    assert not re.search(r"[\u4e00-\u9fff]", err.value.message)


@pytest.mark.parametrize(("args", "zh", "en"), [
    (["sweep", "jining-construction-start", "--vary", "bogus"], "--vary 的写法是 `参数=取值`",
     "--vary takes NAME=VALUES"),
    (["compare", "jining-construction-start", "--staff", "x"], "--staff", "--staff"),
    (["validate", "jining-construction-start", "--json", "--format", "text"], "互相矛盾",
     "contradict each other"),
], ids=["sweep-vary", "compare-staff", "validate-format"])
def test_rarer_usage_errors_follow_the_language(runner: CliRunner, args: list[str], zh: str,
                                                en: str) -> None:
    chinese = runner.invoke(main, args)
    assert chinese.exit_code == 2 and zh in chinese.output, chinese.output
    assert chinese.output.startswith("错误") and english(chinese.output.replace(
        args[-1], " ")) == [], chinese.output
    english_run = runner.invoke(main, [*args, "--lang", "en"])
    assert english_run.exit_code == 2 and en in english_run.output, english_run.output


COMPARE = ["compare", "xianyang-culture-subsidy", "--cases", "5", "--replications", "2"]


@pytest.mark.parametrize(("change", "en"), [
    (["--staff", "culture_office=999999999"], "less than or equal to 100000"),
    (["--arrivals", "1e400"], "finite number"),
    (["--duration", "submission=abc"], "valid dictionary"),
    (["--duration", "submission={dist: fixed}"], "missing key `value`"),
    (["--duration", "submission={dist: fixed, value: 2, extra: 1}"], "unknown key `extra`"),
    (["--duration", "submission={dist: fixed, value: -1}"], "greater than or equal to 0"),
    (["--duration", "submission={dist: empirical, samples: []}"], "at least 1 item"),
    (["--duration", "submission={dist: triangular, low: 5, mode: 1, high: 2}"],
     "give `low` ≤ `mode` ≤ `high`"),
    (["--duration", "submission=[1, 2"], "YAML syntax error"),
], ids=["staff-limit", "arrivals-infinite", "duration-not-mapping", "duration-missing",
        "duration-extra", "duration-negative", "duration-empty", "duration-validator",
        "duration-yaml"])
def test_compare_says_what_pydantic_refused_in_chinese(runner: CliRunner, change: list[str],
                                                       en: str) -> None:
    """``compare``'s changes are checked by the scenario's models: in Chinese their
    complaints (pydantic's words, our validators', the YAML reader's) are Chinese."""
    chinese = runner.invoke(main, [*COMMAND_ZH, *change])
    assert chinese.exit_code == 2, chinese.output
    said = re.sub(r"\(实际为 [^)]*\)", " ", chinese.output.replace(change[-1], " "))  # data
    assert "无效" in said or "应" in said or "错误" in said, chinese.output
    assert english(said) == [], chinese.output
    english_run = runner.invoke(main, [*COMPARE, *change, "--lang", "en"])
    assert english_run.exit_code == 2 and en in english_run.output, english_run.output


COMMAND_ZH = [*COMPARE, "--lang", "zh"]


@pytest.mark.parametrize(("args", "file", "code", "zh", "en"), [
    (["path", "xianyang-culture-subsidy", "--start", "bad"], None, 2, "不是日期",
     "is not a date"),
    (["show", "no-such-process"], None, 1, "没有这个文件", "no such file"),
    (["path", "{file}", "--start", "2024-02-30"], ("p.yaml", "format: 1\n"), 2, "不是日期",
     "is not a date"),
], ids=["path-start", "show-unknown", "path-start-no-such-day"])
def test_first_mistakes_are_said_in_chinese(runner: CliRunner, tmp_path: Path,
                                            args: list[str], file: tuple[str, str] | None,
                                            code: int, zh: str, en: str) -> None:
    """A mistyped date or process id: a new user's first mistakes are said in the language
    asked for (the log and BPMN readers' own tests hold theirs)."""
    if file is not None:
        (tmp_path / file[0]).write_text(file[1], encoding="utf-8")
        args = [arg.replace("{file}", str(tmp_path / file[0])) for arg in args]
    chinese = runner.invoke(main, [*args, "--lang", "zh"])
    assert chinese.exit_code == code and zh in chinese.output, chinese.output
    said = chinese.output.replace(args[-1], " ")  # the file or value given
    said = re.sub(r"用法.*|运行 .*查看帮助。", " ", said)  # click's usage line: commands, code
    assert english(said) == [], chinese.output
    english_run = runner.invoke(main, [*args, "--lang", "en"])
    assert english_run.exit_code == code and en in english_run.output, english_run.output


_PROCESS = """\
format: 1
id: t
title: t
departments:
  - {id: office, name: 办公室}
states:
  - {id: review, kind: task, department: office, limit: {working_days: 2}}
  - {id: done, kind: final, outcome: approved}
transitions:
  - {from: review, to: done, on: finish}
"""


@pytest.mark.parametrize(("old", "new", "zh"), [
    ("outcome: approved}", "outcome: approved, limit: {working_days: 1}}", "不占用时间"),
    ("kind: task, department", "kind: task, outcome: approved, department",
     "只有 `final` 状态才有 `outcome`"),
    ("states:\n", "attributes:\n  n: {type: integer, min: 5, max: 1, example: 3}\nstates:\n",
     "`min`(5)大于 `max`(1)"),
], ids=["final-limit", "outcome-not-final", "min-above-max"])
def test_a_definition_s_own_rules_are_said_in_chinese(runner: CliRunner, tmp_path: Path,
                                                       old: str, new: str, zh: str) -> None:
    """What a definition's model validators refuse (not pydantic's types) reads in Chinese."""
    path = tmp_path / "t.yaml"
    path.write_text(_PROCESS.replace(old, new, 1), encoding="utf-8")
    chinese = runner.invoke(main, ["validate", str(path), "--lang", "zh"])
    assert chinese.exit_code == 1 and zh.replace("(", "（").replace(")", "）") in chinese.output, \
        chinese.output
    assert english(chinese.output.replace(str(path), " ")) == [], chinese.output
