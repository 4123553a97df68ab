"""The command line in one language: ``--help`` of the group and of every command, and
click's own usage errors, in Chinese when the run speaks Chinese, in English when it
speaks English (``--lang``, else ``POLICY_KIT_LANG``, else the locale)."""

from __future__ import annotations

import gettext
import os
import re

import click
import pytest
from click.testing import CliRunner

from policy_kit.cli import COMMANDS, main
from policy_kit.cli.click_zh import CLICK_ZH, MO_PATH, mo_bytes

ALLOWED = [
    r"`[^`]*`",                          # code, ids and file names, in backquotes
    r"(?<![\w-])--?[A-Za-z][\w-]*",      # option names
    r"\b[A-Z][A-Z0-9_]*\b",              # metavars (FILE, ID|FILE, DEPT#N) and JSON, CSV…
    r"\[[a-z0-9_|-]+\]",                 # a choice's values: [zh|en]
    r"默认值：\s*[\w.-]+",                # a default that is an id
    r"[\d.]*[<>]?=?x[<>]=?[\d.]*",      # a range: 1990<=x<=2200, x>=0
    r"\bpolicy-kit\b",                   # the program
]


def english_words(text: str) -> list[str]:
    """The ASCII words of ``text`` that are not ids, option names, metavars or code."""
    for metavar in METAVARS:
        text = text.replace(metavar, " ")
    names = [rf"(?<![\w-]){re.escape(name)}(?![\w-])" for name in COMMANDS]
    for pattern in [*ALLOWED, *names]:
        text = re.sub(pattern, " ", text)
    return re.findall(r"\S*[A-Za-z]\S*", text)


def _metavars() -> list[str]:
    group = click.Context(main)
    found = set()
    for name in COMMANDS:
        command = main.get_command(group, name)
        assert command is not None
        context = click.Context(command, parent=group)
        found.update(param.make_metavar(context) for param in command.params)
    return sorted(found, key=len, reverse=True)


METAVARS = _metavars()
"""Every parameter's metavar (``FILE.csv|.xes|.parquet``), longest first."""


def help_of(runner: CliRunner, args: list[str], env: dict[str, str] | None = None) -> str:
    result = runner.invoke(main, args, prog_name="policy-kit", env=env)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("command", ["", *COMMANDS], ids=lambda c: c or "group")
def test_help_in_chinese_has_no_english(runner: CliRunner, command: str) -> None:
    """Usage, the description, every option's help, click's own help words and notes."""
    output = help_of(runner, [command, "--help"] if command else ["--help"])
    assert output.startswith("用法："), output
    assert english_words(output) == [], output


@pytest.mark.parametrize("command", ["", *COMMANDS], ids=lambda c: c or "group")
def test_help_in_english_stays_english(runner: CliRunner, command: str) -> None:
    output = help_of(runner, [command, "--help", "--lang", "en"] if command
                     else ["--help"], env={"POLICY_KIT_LANG": "en"} if not command else None)
    assert output.startswith("Usage: policy-kit")
    assert "Options:" in output and "Show this message and exit." in output
    assert not re.search(r"[\u4e00-\u9fff]", output.replace("帮办", "")), output


@pytest.mark.parametrize(("args", "env", "chinese"), [
    (["award", "--help"], {"POLICY_KIT_LANG": "en"}, False),
    (["award", "--help", "--lang", "zh"], {"POLICY_KIT_LANG": "en"}, True),
    (["award", "--lang=zh", "--help"], {"POLICY_KIT_LANG": "en"}, True),
    (["award", "--help", "--lang", "en"], {"POLICY_KIT_LANG": "zh"}, False),
    (["render", "--help", "--lang", "both"], {"POLICY_KIT_LANG": "en"}, True),
    (["award", "--help"], {"POLICY_KIT_LANG": "", "LANG": "en_US.UTF-8"}, False),
    (["award", "--help"], {"POLICY_KIT_LANG": "", "LANG": "C.UTF-8"}, True),
], ids=["variable-en", "lang-zh", "lang=zh", "lang-en", "lang-both", "locale-en", "locale-C"])
def test_help_language_is_found_before_parsing(runner: CliRunner, args: list[str],
                                                env: dict[str, str], chinese: bool) -> None:
    """``--help`` is answered while parsing, before ``--lang`` is a value: the language
    comes from the raw arguments, then the variable, then the locale."""
    output = help_of(runner, args, {"LC_ALL": "", "LC_MESSAGES": "", **env})
    assert output.startswith("用法：" if chinese else "Usage:"), output


@pytest.mark.parametrize(("args", "said"), [
    (["award", "--bogus"], "没有选项 '--bogus'"),
    (["award", "xianyang-culture-subsidy", "--year", "abc"], "'--year' 的值无效"),
    (["award", "xianyang-culture-subsidy", "--year", "1800"], "不在范围"),
    (["award", "x", "--lang", "fr"], "'fr' 不在可选值 'zh', 'en' 之中"),
    (["render"], "缺少参数 'ID|FILE'"),
    (["awrd"], "没有命令 'awrd'"),
    (["path", "--start"], "选项 '--start' 需要 1 个值"),
    (["list", "extra"], "多出了参数（extra）"),
    (["validate", "--langg", "zh"], "是不是 '--lang'？"),
], ids=["no-such-option", "not-a-number", "out-of-range", "not-a-choice", "missing-argument",
        "no-such-command", "no-value", "extra-argument", "did-you-mean"])
def test_click_usage_errors_in_chinese(runner: CliRunner, args: list[str], said: str) -> None:
    result = runner.invoke(main, args, prog_name="policy-kit")
    assert result.exit_code == 2, result.output
    assert said in result.output
    assert "错误：" in result.output
    assert english_words(re.sub(r"'[^']*'|（\w+）", " ", result.output)) == [], result.output


def test_click_usage_errors_in_english(runner: CliRunner) -> None:
    result = runner.invoke(main, ["award", "--bogus", "--lang", "en"], prog_name="policy-kit")
    assert result.exit_code == 2
    assert "Error: No such option '--bogus'." in result.output
    assert "Try 'policy-kit award --help' for help." in result.output


def test_a_chinese_run_leaves_gettext_and_the_environment_as_it_found_them(
        runner: CliRunner) -> None:
    before = (gettext.textdomain(), os.environ.get("LANGUAGE"))
    help_of(runner, ["award", "--help"])
    assert (gettext.textdomain(), os.environ.get("LANGUAGE")) == before
    assert gettext.gettext("Usage:") == "Usage:"


def test_the_compiled_catalogue_is_the_one_in_the_code() -> None:
    """``policy_kit/locale/…/policy_kit_click.mo`` is ``CLICK_ZH`` compiled (rebuild it with
    ``python -m policy_kit.cli.click_zh``), and gettext reads every message back."""
    assert MO_PATH.read_bytes() == mo_bytes(CLICK_ZH)
    with MO_PATH.open("rb") as stream:
        catalogue = gettext.GNUTranslations(stream)
    for original, chinese in CLICK_ZH.items():
        singular, _, plural = original.partition("\0")
        found = catalogue.ngettext(singular, plural, 2) if plural else catalogue.gettext(
            singular)
        assert found == chinese
