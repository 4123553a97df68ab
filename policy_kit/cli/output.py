"""Printing helpers shared by the commands: JSON that keeps Chinese, and output files.

Every file a command writes goes through :func:`write_output` (or, for a stream such as
an event log, ``policy_kit.outfile.PendingFile`` then :func:`announce`): atomic, refused
with exit 2 unless it is a regular file or a new path, umask honoured, nothing written when
the command fails, and one ``wrote PATH`` line on stderr.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..jsontext import json_pieces, to_json
from ..outfile import check_target, write_atomic

__all__ = ["announce", "check_target", "echo_json", "to_json", "write_atomic",
           "write_output"]


def echo_json(data: Any) -> None:
    """``to_json(data)`` on stdout, written as it is encoded (``json_pieces``)."""
    chunk: list[str] = []
    for piece in json_pieces(data):
        chunk.append(piece)
        if len(chunk) >= 8192:
            click.echo("".join(chunk), nl=False)
            chunk.clear()
    click.echo("".join(chunk))


def write_output(path: Path, data: bytes | str, option: str | None = None) -> None:
    """Write one output file the one way (``policy_kit.outfile``) and say so on stderr.

    Call it only once the command has succeeded: a failing command writes nothing.
    """
    write_atomic(path, data, option)
    announce(path)


def announce(path: Path) -> None:
    """The one ``wrote PATH`` line on stderr, so stdout stays the command's result."""
    click.echo(f"wrote {path}", err=True)
