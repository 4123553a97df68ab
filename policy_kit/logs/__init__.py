"""Reading case logs (CSV, XLSX, XES, Parquet) into cases of time-ordered steps.

Part of **load**, beside the definition loader: what an office's system recorded, in a
form the replay (``policy_kit.conform``) reads without knowing the file format.
"""

from __future__ import annotations

import gc
from pathlib import Path

from ..errors import UsageError
from .model import Columns, Log, Step, Trace
from .options import ReadOptions

__all__ = ["Columns", "Log", "ReadOptions", "Step", "Trace", "read_log"]


def read_log(path: str | Path, options: ReadOptions) -> Log:
    """Read ``path`` by its content: XES (plain or gzipped), XLSX, Parquet, else CSV.

    The cyclic garbage collector rests while a log is read: reading makes millions of
    objects and no cycles, and each of the collector's passes over the growing heap
    found nothing while taking more than half the time of a million-row read. The log
    then lives as long as the run: its objects are frozen out of the collector's view
    (``gc.freeze``), or the first collection after the read walks every one of them
    again, a quarter of a second for a million events spent in whatever code happens to
    allocate next (the alignment search). Reference counting still frees them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        log = _read_log(Path(path), options)
    finally:
        if enabled:
            gc.enable()
    gc.freeze()
    return log


def _read_log(path: Path, options: ReadOptions) -> Log:
    if not path.exists():
        raise UsageError(f"--log {path}: no such file",
                         zh=f"--log {path}：没有这个文件")
    if path.is_dir():
        raise UsageError(f"--log {path}: is a directory; name a CSV, XLSX, XES or Parquet file",
                         zh=f"--log {path}：是文件夹；请给出 CSV、XLSX、XES 或 Parquet 文件")
    with path.open("rb") as stream:
        head = stream.read(512)
    name = path.name.lower()
    if head.startswith(b"PK\x03\x04") or name.endswith((".xlsx", ".xlsm")):
        from .xlsx import read_xlsx
        return read_xlsx(path, options)
    if head.startswith(b"PAR1") or name.endswith(".parquet"):
        from .parquet import read_parquet
        return read_parquet(path, options)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"\x1f\x8b") or stripped.startswith(b"<") or \
            name.endswith((".xes", ".xes.gz")):
        from .xes import read_xes
        return read_xes(path, options)
    from .table import read_csv
    return read_csv(path, options)
