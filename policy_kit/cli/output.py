"""Printing helpers shared by the commands: JSON that keeps Chinese, and atomic files."""

from __future__ import annotations

import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

__all__ = ["echo_json", "to_json", "write_atomic"]


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def to_json(data: Any) -> str:
    """JSON with Chinese as characters (``ensure_ascii=False``), stable key order."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=_default)


def echo_json(data: Any) -> None:
    click.echo(to_json(data))


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write through a temporary file and rename it: a failed run leaves no half file."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
