"""Printing helpers shared by the commands: JSON that keeps Chinese, and atomic files."""

from __future__ import annotations

import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from ..errors import PolicyKitError, UsageError

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
    """Write through a temporary file and rename it: a failed run leaves no half file.

    A symbolic link is followed (its target is replaced, the link stays); anything at the
    path that is not a regular file (a folder, a device, a pipe) is refused rather than
    replaced. A missing folder is created. The file gets the usual permissions (0666 less
    the umask), not mkstemp's 0600.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target = path.resolve()
    if target.exists() and not target.is_file():
        raise UsageError(f"cannot write {path}: it exists and is not a regular file")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)  # like `mkdir -p` for -o out/x.svg
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as error:
        raise PolicyKitError(f"cannot write {path}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise PolicyKitError(f"cannot write {path}: {error.strerror}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
