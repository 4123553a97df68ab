"""Reading a case log stored as an XLSX workbook: the first sheet, or ``--sheet``.

Part of **load**. The sheet's rows go through the same row reader as a CSV's (the same
defaults, flags and messages). A cell left empty by a program that does not calculate
formulas is said as that, with its formula, instead of "no value".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import LogError, UsageError
from ..library_zh import workbook_error_zh
from .model import Log
from .options import ReadOptions
from .table import Formula, read_rows

__all__ = ["read_xlsx"]


def read_xlsx(path: Path, options: ReadOptions) -> Log:
    import openpyxl  # only for XLSX logs: kept off start-up

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise LogError(f"{path}: not a readable XLSX workbook ({error})",
                       zh=f"{path}：{workbook_error_zh(error)}") from None
    try:
        if options.sheet is not None:
            if options.sheet not in book.sheetnames:
                raise UsageError(f"--sheet {options.sheet}: {path} has the sheets "
                                 f"{', '.join(book.sheetnames)}",
                                 zh=f"--sheet {options.sheet}：{path} 中的工作表有 "
                                    f"{', '.join(book.sheetnames)}")
            sheet: Any = book[options.sheet]
        else:
            sheet = book.worksheets[0]
        rows = ((number, list(values)) for number, values in
                enumerate(sheet.iter_rows(values_only=True), start=1))
        try:
            return read_rows(path, "xlsx", rows, options, _formulas(path, sheet.title))
        except LogError as error:
            others = [name for name in book.sheetnames if name != sheet.title]
            if options.sheet is not None or not others:
                raise
            # a workbook often opens with a cover or notes sheet: say where else to look
            listed = ", ".join(f"`{n}`" for n in others)
            raise LogError(f"{error} (in its first sheet, `{sheet.title}`; the workbook also "
                           f"has {listed}: name one with --sheet)",
                           zh=f"{error.text('zh')}（在第一个工作表 `{sheet.title}` 中；工作簿"
                              f"还有 {listed}：请用 --sheet 指定一个）") from None
    finally:
        book.close()


def _formulas(path: Path, title: str) -> Formula:
    """Look a cell up in the workbook's formulas (a second, formula-keeping read of one
    row, made only when a cell turned out empty)."""
    import openpyxl

    def formula(line: int, column: int) -> str | None:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
        try:
            for row in book[title].iter_rows(min_row=line, max_row=line, min_col=column + 1,
                                             max_col=column + 1, values_only=True):
                value = row[0] if row else None
                if isinstance(value, str) and value.startswith("="):
                    return value
            return None
        finally:
            book.close()

    return formula
