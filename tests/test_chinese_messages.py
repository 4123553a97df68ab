"""In Chinese, the messages about bad input are Chinese too: ``validate --lang zh`` on every
defect fixture (each check's, each scenario's, policy's and mapping's), on guards broken
in every way the expression parser and type checker know, and on YAML that does not parse.

The scan is ``test_chinese_output``'s: ASCII words that are not ids, code, units or data
fail it. Ids here are the fixtures' own; the free text a fixture's modeller wrote (a
suppression's reason) is data, not the program's words.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit.cli import main
from policy_kit.source import read_yaml
from tests.test_chinese_output import ID, _strings, bundled, english

CHECKS = Path(__file__).parent / "checks"
FIXTURES = sorted([*CHECKS.glob("*.yaml"), *(CHECKS / "scenarios").glob("*.yaml")])


@cache
def words_allowed() -> tuple[frozenset[str], tuple[str, ...]]:
    """The bundled ids and texts, with every fixture's ids, keys and one-language texts."""
    ids, texts = bundled()
    more_ids: set[str] = set()
    more_texts: set[str] = set()
    for path in FIXTURES:
        try:
            data, _ = read_yaml(path)
        except Exception:  # noqa: BLE001 - a fixture that does not parse has no ids
            continue
        for kind, text in _strings(data):
            name = text.removeprefix("chosen:")
            if ID.match(name):
                more_ids.add(name)
            elif kind not in ("key", "en"):
                more_texts.add(text)
    return ids | more_ids, tuple(sorted({*texts, *more_texts}, key=len, reverse=True))


def _english_lines(output: str) -> list[str]:
    ids, texts = words_allowed()
    return [f"  {words}  ←  {line.strip()[:140]}" for line in output.splitlines()
            if (words := english(line, ids, texts))]


def _validate(runner: CliRunner, path: Path) -> str:
    result = runner.invoke(main, ["validate", str(path), "--lang", "zh"])
    assert result.exit_code in (0, 1), result.output
    return result.output


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_defect_is_reported_in_chinese(runner: CliRunner, path: Path) -> None:
    found = _english_lines(_validate(runner, path))
    assert not found, f"{path.name}: English in Chinese output:\n" + "\n".join(found[:30])


GUARDS = {
    "unknown-name": "amout > 3",
    "state-as-name": "check > 3",
    "function-as-name": "amount > min",
    "not-bool": "amount + 1",
    "mismatch": 'amount > "big"',
    "ordered-text": 'kind < "a"',
    "unknown-value": 'kind == "c"',
    "combine": 'amount + kind > 1',
    "not-list": "amount in 3",
    "list-item": 'amount in [1, "a"]',
    "done-args": "done(1)",
    "abs-args": "abs(1, 2) > 0",
    "min-args": "min(1) > 0",
    "min-types": 'min(kind, "a") == "a"',
    "case-function": "ended()",
    "empty": '""',
    "not-inside": "amount > not 1",
    "call": "amount(1) > 0",
    "subscript": "amount[0] > 0",
    "list-alone": "[1, 2]",
    "unknown-call": "foo(1) > 0",
    "unclosed": "(amount > 3",
    "unmatched": "amount > 3)",
    "trailing": "amount > 3 amount",
    "ends": "amount >",
    "expected": "amount > ,",
    "reserved": "amount > 3 if true else false",
    "python-word": "amount > 3 and pass",
    "power": "amount ** 2 > 3",
    "assignment": "amount = 3",
    "dot": "amount.x > 3",
    "not-a-date": "2023-02-31 < 2024-01-01",
    "run-on": "amount > 12abc",
    "escape": r'kind == "\q"',
    "unterminated": 'kind == "a',
    "leading-dot": "amount > .5",
    "character": "amount > 3 @",
    "too-deep": "(" * 60 + "amount" + ")" * 60 + " > 1",
}


@pytest.mark.parametrize("guard", GUARDS.values(), ids=GUARDS.keys())
def test_every_guard_error_is_reported_in_chinese(runner: CliRunner, tmp_path: Path,
                                                  guard: str) -> None:
    path = tmp_path / "guard.yaml"
    path.write_text(
        "format: 1\nid: guard\ntitle: {zh: 条件, en: Guard}\nattributes:\n"
        "  amount: {type: number, example: 5}\n"
        "  kind: {type: enum, values: [a, b], example: a}\n"
        "states:\n  - {id: check, kind: task}\n  - {id: approved, kind: final, outcome: approved}\n"
        f"transitions:\n  - from: check\n    to: approved\n    on: approve\n"
        f"    when: '{guard.replace(chr(39), chr(39) * 2)}'\n", encoding="utf-8")
    output = _validate(runner, path)
    assert "PK105" in output
    found = _english_lines(output)
    assert not found, f"{guard}: English in Chinese output:\n" + "\n".join(found)


YAML = {
    "colon": "a: b: c\n",
    "indent": "a:\n  - b\n c: d\n",
    "quote": 'a: "unclosed\n',
    "flow": "a: [1, 2\n",
    "alias": "a: *x\n",
    "tag": "a: !foo b\n",
    "character": "a: @b\n",
    "escape": 'a: "\\q"\n',
    "duplicate": "a: 1\na: 2\n",
    "two-documents": "a: 1\n---\nb: 2\n",
    "empty": "\n",
    "nul": "a: b\x00\n",
}


@pytest.mark.parametrize("text", YAML.values(), ids=YAML.keys())
def test_unreadable_yaml_is_reported_in_chinese(runner: CliRunner, tmp_path: Path,
                                                text: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    found = _english_lines(_validate(runner, path))
    assert not found, "English in Chinese output:\n" + "\n".join(found)


@pytest.fixture(scope="module")
def jining_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("log") / "jining.csv"
    result = CliRunner().invoke(main, ["simulate", "jining-construction-start", "--cases",
                                       "30", "--replications", "1", "--event-log", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize("args", [
    pytest.param(["calibrate", "jining-construction-start", "--log", "{log}", "-o", "{out}"],
                 id="calibrate"),
    pytest.param(["forecast", "jining-construction-start", "--log", "{log}", "--as-of",
                  "2025-06-01"], id="forecast"),
    pytest.param(["conform", "jining-construction-start", "--log", "{log}"], id="conform"),
    pytest.param(["simulate", "jining-construction-start", "--scenario",
                  str(CHECKS / "scenarios" / "pk502-scenario-reference.scenario.yaml")],
                 id="simulate-bad-scenario"),
])
def test_log_commands_and_their_errors_speak_chinese(runner: CliRunner, tmp_path: Path,
                                                     jining_log: Path, args: list[str]) -> None:
    """What calibrate (its distributions by their Chinese names), forecast and conform print,
    and a command's error about a bad input file, all in Chinese."""
    given = [a.replace("{log}", str(jining_log)).replace("{out}", str(tmp_path / "s.yaml"))
             for a in args]
    result = runner.invoke(main, [*given, "--lang", "zh"])
    assert result.exit_code in (0, 1), result.output
    shown = result.stdout + "\n".join(line for line in result.stderr.splitlines()
                                      if not line.startswith("wrote "))
    found = _english_lines(shown)
    assert not found, "English in Chinese output:\n" + "\n".join(found)


@pytest.mark.parametrize("args", [
    pytest.param(["path", "jining-construction-start", "--set", "investment_wan=abc"],
                 id="set-not-a-number"),
    pytest.param(["path", "jining-construction-start", "--set", "investment_wan=-5"],
                 id="set-outside"),
    pytest.param(["path", "jining-construction-start", "--set", "investmnt_wan=5"],
                 id="set-unknown"),
    pytest.param(["path", "jining-construction-start", "--set", "investment_wan"],
                 id="set-no-value"),
    pytest.param(["path", "xianyang-culture-subsidy", "--choose", "nosuch"], id="choose"),
    pytest.param(["award", "xianyang-culture-subsidy", "--year", "1999"], id="award-year"),
    pytest.param(["award", "xianyang-culture-subsidy", "--explain", "nobody"],
                 id="award-firm"),
])
def test_usage_errors_speak_chinese(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(main, [*args, "--lang", "zh"])
    assert result.exit_code == 2, result.output
    found = _english_lines(result.output.replace("nosuch", "").replace("nobody", ""))
    assert not found, "English in Chinese output:\n" + "\n".join(found)
