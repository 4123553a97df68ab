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
           "write_output", "write_table"]

_FLUSH = 1 << 20
"""Characters of JSON gathered before they are written: few writes, never the whole text."""
EXCEL_BOM = "\ufeff"
"""The UTF-8 byte-order mark a CSV table for people starts with (``write_table``)."""


def echo_json(data: Any) -> None:
    """``to_json(data)`` on stdout, written as it is encoded (``json_pieces``)."""
    chunk: list[str] = []
    size = 0
    for piece in json_pieces(data):
        chunk.append(piece)
        size += len(piece)
        if size >= _FLUSH:
            click.echo("".join(chunk), nl=False)
            chunk.clear()
            size = 0
    click.echo("".join(chunk))


def write_output(path: Path, data: bytes | str, option: str | None = None) -> None:
    """Write one output file the one way (``policy_kit.outfile``) and say so on stderr.

    Call it only once the command has succeeded: a failing command writes nothing.
    """
    write_atomic(path, data, option)
    announce(path)


def write_table(path: Path, text: str, option: str | None = None) -> None:
    """A CSV table meant for people (a per-case table, a sweep), with a UTF-8 byte-order
    mark first: without one Excel reads a CSV in the system's code page, so on a Chinese
    Windows (GBK) 受理 shows as 鍙楃悊. Event logs, meant for programs, are written
    without one (README, "CSV for people, CSV for programs")."""
    write_output(path, EXCEL_BOM + text, option)


def announce(path: Path) -> None:
    """The one ``wrote PATH`` line on stderr, so stdout stays the command's result."""
    click.echo(f"wrote {path}", err=True)
