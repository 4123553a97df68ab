"""The README's synopsis is the commands' own: a renamed, added or removed option shows here.

If this fails after a change to a command, paste the lines it prints into README.md's
"Synopsis" block (they come from ``policy_kit.cli.synopsis.synopses()``).
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from policy_kit.cli import COMMANDS, main
from policy_kit.cli.synopsis import synopses

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_synopsis_block_is_every_command_as_its_help_says() -> None:
    block = re.search(r"### Synopsis\n.*?```text\n(.*?)\n```", README, re.S)
    assert block is not None, "README.md has no Synopsis block"
    expected = "\n".join(synopses())
    assert block.group(1) == expected, f"README.md's Synopsis should read:\n{expected}"


def _rows() -> dict[str, str]:
    rows = {}
    for line in README.splitlines():
        match = re.match(r"\| `policy-kit (\S+)(.*?)` \|", line)
        if match:
            rows[match.group(1)] = match.group(2).replace("\\|", "|")
    return rows


def test_the_command_table_lists_every_command() -> None:
    assert set(_rows()) == set(COMMANDS)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_command_table_names_only_real_options(name: str) -> None:
    command = main.get_command(click.Context(main), name)
    assert command is not None
    known = {o for p in command.params if isinstance(p, click.Option) for o in p.opts}
    written = set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", _rows()[name]))
    assert written <= known, f"`{name}` in README's table: {sorted(written - known)}"
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    if arguments and not arguments[0].required:  # compare A [B], validate [ID|FILE]...
        assert "[" in _rows()[name]


def test_compare_takes_one_or_two_variants() -> None:
    assert "`policy-kit compare A [B]" in README and "compare A B [...]" not in README
