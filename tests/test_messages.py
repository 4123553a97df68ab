"""Messages say what the user wrote and where, never Python's internals: no
``Decimal('1E+308')``, no ``"<unicode string>", position 31``, no bare regex mismatch."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from policy_kit.cli import main
from tests.conftest import MINIMAL

SCENARIOS = Path(__file__).parent / "checks" / "scenarios"


def _validate(runner: CliRunner, path: Path) -> str:
    result = runner.invoke(main, ["validate", "--lang", "en", str(path)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.output


def test_a_look_alike_letter_in_an_id_is_named(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL.replace("{id: check, kind: task", "{id: chеck, kind: task"),
                    encoding="utf-8")
    output = _validate(runner, path)
    assert "U+0435 CYRILLIC SMALL LETTER IE" in output and "17:14" in output
    assert "String should match pattern" not in output


def test_a_nul_byte_is_located(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL.replace("title: {zh: 最小流程", "title: {zh: 最小\x00流程"),
                    encoding="utf-8")
    output = _validate(runner, path)  # column in characters, as editors count (not bytes)
    assert "3:15" in output and "U+0000 (NUL)" in output
    assert "<unicode string>" not in output and "position" not in output


def test_values_are_shown_as_the_file_writes_them(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL.replace("default: true}", "default: 1e308}"), encoding="utf-8")
    output = _validate(runner, path)
    assert "Decimal(" not in output and "1E+308" in output


def _policy(tmp_path: Path, old: str, new: str) -> Path:
    for name in ("pk506-policy-formula.yaml", "pk506-policy-formula.policy.yaml"):
        shutil.copy(SCENARIOS / name, tmp_path / name)
    policy = tmp_path / "pk506-policy-formula.policy.yaml"
    text = policy.read_text(encoding="utf-8").replace("amount: revenu * rate",
                                                      "amount: revenue * rate")
    assert old in text
    policy.write_text(text.replace(old, new), encoding="utf-8")
    return policy


def test_a_nan_parameter_is_one_message(runner: CliRunner, tmp_path: Path) -> None:
    output = _validate(runner, _policy(tmp_path, "value: 0.1,", "value: .nan,"))
    assert "Tuple should have at least 1 item" not in output
    assert output.count("PK505") == 1 and '".nan"' in output


def test_a_negative_budget_says_so(runner: CliRunner, tmp_path: Path) -> None:
    policy = _policy(tmp_path, "value: 1000,", "value: -1000,")
    applicants = tmp_path / "a.csv"
    applicants.write_text("name,revenue\nfirm,50\n", encoding="utf-8")
    result = runner.invoke(main, ["award", str(policy), "--year", "2024", "--applicants",
                                  str(applicants), "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert "is negative" in result.output and "whole number of fen" not in result.output


def test_a_division_by_zero_in_a_rule_names_the_rule(runner: CliRunner, tmp_path: Path) -> None:
    policy = _policy(tmp_path, "amount: revenue * rate", "amount: rate / (revenue - threshold)")
    policy.write_text(policy.read_text(encoding="utf-8").replace(
        "when: revenue > threshold", "when: revenue >= threshold"), encoding="utf-8")
    applicants = tmp_path / "a.csv"
    applicants.write_text("name,revenue\nfirm,10\n", encoding="utf-8")
    result = runner.invoke(main, ["award", str(policy), "--year", "2024", "--applicants",
                                  str(applicants), "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert "row 2" in result.output and "the amount of reward `grant`" in result.output
    assert "division by zero" in result.output
