"""One line per command, from the command itself: README's synopsis is compared with it.

The README's "Synopsis" block must equal ``synopses()`` (a test checks), so a new or
renamed option cannot be left out of the documentation.
"""

from __future__ import annotations

import click

__all__ = ["synopses", "synopsis"]


def synopsis(name: str, command: click.Command) -> str:
    """``policy-kit NAME ARGS [--option VALUE] [--flag] …`` in the order of ``--help``."""
    parts = [f"policy-kit {name}"]
    for param in command.params:
        if isinstance(param, click.Argument):
            parts.append(param.make_metavar(click.Context(command)))
        elif isinstance(param, click.Option) and not param.hidden:
            parts.append(_option(param, command))
    return " ".join(parts)


def _option(option: click.Option, command: click.Command) -> str:
    flag = max(option.opts, key=len)
    if option.is_flag:
        text = flag
    else:
        if isinstance(option.type, click.Choice):
            value = "|".join(str(c) for c in option.type.choices)
        elif option.metavar:
            value = option.metavar
        elif isinstance(option.type, click.types._NumberParamTypeBase):
            value = "N" if option.type.name.startswith("integer") else "X"
        else:
            value = option.make_metavar(click.Context(command))
        text = f"{flag} {value}"
        if option.multiple:
            text += " ..."
    return text if option.required else f"[{text}]"


def synopses() -> list[str]:
    """Every command's synopsis, in the order of ``policy-kit --help``."""
    from . import COMMANDS, main

    context = click.Context(main)
    lines = []
    for name in COMMANDS:
        command = main.get_command(context, name)
        if command is not None:
            lines.append(synopsis(name, command))
    return lines
