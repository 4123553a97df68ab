"""One language at a time: ``--lang`` on every command, its default chosen once
(``POLICY_KIT_LANG``, then the locale, then Chinese)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit import load
from policy_kit.cli import COMMANDS, main
from policy_kit.errors import UsageError
from policy_kit.language import default_lang
from tests.conftest import MINIMAL

LOCALES = [
    ({}, "zh"),
    ({"LANG": "C"}, "zh"),
    ({"LANG": "C.UTF-8"}, "zh"),
    ({"LC_ALL": "POSIX"}, "zh"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "zh_TW"}, "zh"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en"),
    ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "en_US.UTF-8", "LC_ALL": ""}, "en"),
    ({"LANG": "en_US.UTF-8", "POLICY_KIT_LANG": "zh"}, "zh"),
    ({"LANG": "zh_CN.UTF-8", "POLICY_KIT_LANG": "en"}, "en"),
]


@pytest.mark.parametrize(("environ", "expected"), LOCALES, ids=lambda v: str(v))
def test_default_language_follows_the_variable_then_the_locale(
        environ: dict[str, str], expected: str) -> None:
    assert default_lang(environ) == expected


def test_an_unknown_language_in_the_variable_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="POLICY_KIT_LANG='fr': give zh or en"):
        default_lang({"POLICY_KIT_LANG": "fr"})


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_takes_lang(runner: CliRunner, command: str) -> None:
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "--lang" in result.output and "POLICY_KIT_LANG" in result.output


def test_an_english_desktop_gets_english(runner: CliRunner,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLICY_KIT_LANG")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    result = runner.invoke(main, ["show", "xianyang-culture-subsidy"])
    assert result.exit_code == 0, result.output
    assert "Xianyang" in result.output.splitlines()[0]
    monkeypatch.setenv("LANG", "C.UTF-8")
    result = runner.invoke(main, ["show", "xianyang-culture-subsidy"])
    assert "咸阳" in result.output.splitlines()[0]


def test_a_bad_variable_is_exit_2_not_a_traceback(runner: CliRunner,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_KIT_LANG", "fr")
    result = runner.invoke(main, ["show", "xianyang-culture-subsidy"])
    assert result.exit_code == 2
    assert "POLICY_KIT_LANG" in result.output and "Traceback" not in result.output


def test_a_named_transition_is_shown_by_its_name_in_a_path(runner: CliRunner, tmp_path: Path
                                                           ) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL.replace(
        "on: approve, when: amount >= 5,",
        "on: approve, name: {zh: 准予许可, en: Grant the permit}, when: amount >= 5,"),
        encoding="utf-8")
    chinese = runner.invoke(main, ["path", str(path), "--lang", "zh"])
    assert chinese.exit_code == 0, chinese.output
    assert "--准予许可-->" in chinese.output and "--approve-->" not in chinese.output
    english = runner.invoke(main, ["path", str(path), "--lang", "en", "--start", "2024-02-19"])
    assert english.exit_code == 0, english.output
    assert "--Grant the permit-->" in english.output
    assert load(path).process.way_label(99, "approve", "zh") == "approve"
