"""Reading a case log stored as Parquet: the project's own event logs
(``simulate --event-log FILE.parquet``) and the columnar files process miners exchange.

Part of **load**. The table's columns are read like a CSV's or a sheet's (the same
defaults and flags, the same messages), in batches, so a large file is never held as
text; timestamps arrive as datetimes with their zone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import LogError
from .model import Log
from .options import ReadOptions
from .table import read_rows

__all__ = ["read_parquet"]


def read_parquet(path: Path, options: ReadOptions) -> Log:
    import pyarrow.parquet as pq  # only for Parquet logs: kept off start-up

    try:
        table = pq.ParquetFile(path)
    except Exception as error:  # pyarrow raises several kinds for a damaged file
        raise LogError(f"{path}: not a readable Parquet file ({error})",
                       zh=f"{path}：不是可读的 Parquet 文件（{error}）") from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        yield 1, list(table.schema_arrow.names)
        number = 1
        for batch in table.iter_batches(batch_size=65_536):
            for values in zip(*(column.to_pylist() for column in batch.columns), strict=True):
                number += 1
                yield number, list(values)

    return read_rows(path, "parquet", rows(), options)
