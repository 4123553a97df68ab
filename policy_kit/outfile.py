"""The one writer of every file policy-kit produces: diagrams, Gantt charts, event logs, ….

Part of the output edge of load → check → compile → simulate → render. Every command that
writes a file writes it here, so every output behaves the same way:

- **a regular file or a new path, nothing else**: a folder, a device, a FIFO or a socket
  at the path is refused with a usage error (exit 2) *before* any work is done
  (:func:`check_target`); a symbolic link is followed, its target replaced, the link kept;
- **atomic**: bytes go to a hidden file beside the destination, renamed into place only
  when complete, so a reader never sees half a file and a failed run leaves the old file
  as it was (:class:`PendingFile`, :func:`write_atomic`);
- **the umask is honoured**: a new file gets ``0666 & ~umask`` (0644 usually), as ``>``
  in a shell would give, not ``mkstemp``'s 0600;
- **a missing folder is made** (like ``mkdir -p``), as ``-o out/x.svg`` users expect.

Announcing the file (one ``wrote PATH`` line on stderr) is the CLI's part:
``policy_kit.cli.output.write_output`` and ``announce``. A command that fails must not
call them: nothing is written when the command exits non-zero.

    check_target(path, option)   refuse early (UsageError, exit 2) a path we must not replace
    write_atomic(path, data)     write bytes or UTF-8 text in one go
    PendingFile(path, text=…)    stream a large file; ``commit()`` or ``discard()``
                                 (a context manager: commits on success, discards on error)
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from .errors import PolicyKitError, UsageError
from .library_zh import os_error_zh

__all__ = ["PendingFile", "check_target", "write_atomic"]


def check_target(path: Path, option: str | None = None) -> Path:
    """The file to replace (a link's target), or a usage error if it is not a regular file.

    ``option`` (``--gantt``) names where the path came from in the message.
    """
    target = path.resolve()
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError as error:
        raise PolicyKitError(f"cannot write {path}: {error.strerror}",
                             zh=f"无法写入 {path}：{os_error_zh(error)}") from None
    if not stat.S_ISREG(mode):
        what = _kind(mode)
        given = f"{option} {path}" if option else str(path)
        raise UsageError(f"cannot write {given}: it is {what}, not a regular file; give "
                         "the path of a file to create or replace",
                         zh=f"无法写 {given}：它不是普通文件；请给出要新建或替换的文件路径")
    return target


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


class PendingFile:
    """A file being written beside its destination, renamed into place by ``commit()``.

    Opened in binary, or as UTF-8 text with ``text=True`` (``newline=""``: the writer
    chooses its line ends, as the csv module needs). A library that writes by file name
    (pyarrow) passes ``opened=False`` and writes to ``temporary`` itself.
    """

    def __init__(self, path: Path, *, text: bool = False, option: str | None = None,
                 opened: bool = True) -> None:
        self.path = path
        self.target = check_target(path, option)
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            self.temporary, handle = _create_beside(self.target)
        except OSError as error:
            raise PolicyKitError(f"cannot write {path}: {error.strerror}",
                                 zh=f"无法写入 {path}：{os_error_zh(error)}") from None
        self.stream: IO[Any] = (
            os.fdopen(handle, "w", encoding="utf-8", newline="") if text
            else os.fdopen(handle, "wb"))
        if not opened:
            self.stream.close()
        self.done = False

    def commit(self) -> None:
        """Close the file and put it in place of the destination."""
        if self.done:
            return
        self.done = True
        try:
            self.stream.close()
            os.replace(self.temporary, self.target)
        except OSError as error:
            self.temporary.unlink(missing_ok=True)
            raise PolicyKitError(f"cannot write {self.path}: {error.strerror}",
                                 zh=f"无法写入 {self.path}：{os_error_zh(error)}") from None

    def discard(self) -> None:
        """Close and remove the hidden file; the destination stays as it was."""
        if self.done:
            return
        self.done = True
        self.stream.close()
        self.temporary.unlink(missing_ok=True)

    def __enter__(self) -> PendingFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


def _create_beside(target: Path) -> tuple[Path, int]:
    """A new hidden file next to ``target``; ``os.open``'s mode is masked by the umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        temporary = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
        try:
            return temporary, os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(17, "File exists", str(target))  # pragma: no cover


def write_atomic(path: Path, data: bytes | str, option: str | None = None) -> None:
    """Write ``data`` (str as UTF-8) to ``path`` atomically; see the module docstring."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    pending = PendingFile(path, option=option)
    try:
        pending.stream.write(payload)
    except OSError as error:
        pending.discard()
        raise PolicyKitError(f"cannot write {path}: {error.strerror}",
                             zh=f"无法写入 {path}：{os_error_zh(error)}") from None
    except BaseException:
        pending.discard()
        raise
    pending.commit()
