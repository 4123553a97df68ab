"""Spreadsheet files as rows of cells: CSV (UTF-8, with or without BOM) and XLSX.

The first half of loading applicant data (load → check → compile → simulate → render); what
the cells mean is ``policy.applicants``' business. openpyxl is imported only when an XLSX
file is read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..errors import DefinitionError, Location, UsageError
from ..library_zh import csv_error_zh, workbook_error_zh

__all__ = ["Cell", "Formula", "csv_rows", "xlsx_rows"]

@dataclass(frozen=True)
class Formula:
    """A formula cell with no computed value saved in the workbook."""

    sheet: str
    cell: str
    """The cell's reference, ``C5``."""
    formula: str
    """The formula as written, ``=B5*2``."""

    @property
    def where(self) -> str:
        """The location a spreadsheet user types: ``Sheet1!C5``, ``'My sheet'!C5``."""
        simple = self.sheet.replace("_", "").isalnum()
        quoted = "'" + self.sheet.replace("'", "''") + "'"
        return f"{self.sheet if simple else quoted}!{self.cell}"


Cell = str | int | float | bool | dt.date | dt.datetime | Formula | None


def csv_rows(raw: bytes, name: str) -> Iterator[Sequence[Cell]]:
    """The rows of a CSV file in UTF-8, with or without the BOM spreadsheets write."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = raw[: error.start].count(b"\n") + 1
        raise DefinitionError.single(Location(name, row, 1), f"row {row} is not UTF-8 text",
                                     "save the file as CSV UTF-8 (Excel: CSV UTF-8 (逗号分隔)); "
                                     "GBK files must be converted first",
                                     zh=(f"第 {row} 行不是 UTF-8 文本",
                                         "请把文件另存为 CSV UTF-8（Excel：CSV UTF-8（逗号分隔）"
                                         "）；GBK 文件须先转换")) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        yield from reader
    except csv.Error as error:
        raise DefinitionError.single(Location(name, reader.line_num, 1),
                                     f"not a readable CSV row: {error}",
                                     "check the quotes on this line",
                                     zh=(f"不是可读的 CSV 行：{csv_error_zh(error)}",
                                         "检查这一行的引号")) from None


def xlsx_rows(raw: bytes, name: str) -> Iterator[Sequence[Cell]]:
    """The rows of the first sheet of an XLSX workbook, cells as openpyxl types them.

    A workbook keeps a formula's last computed value beside it, but only a program that
    calculates (Excel, WPS, LibreOffice) writes one: a file made by a script or by openpyxl
    holds the formula alone. Such a cell is read as a ``Formula`` (its location and text),
    never as an empty cell, so that the reader can say what it is and how to fix it.
    """
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - depends on the installation
        raise UsageError("reading .xlsx files needs openpyxl (pip install openpyxl); "
                         "or save the sheet as CSV UTF-8",
                         zh=("读取 .xlsx 文件需要 openpyxl（pip install openpyxl）；或把表格另存"
                             "为 CSV UTF-8")) from None
    try:
        values = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise DefinitionError.single(Location(name), f"not a readable .xlsx file: {error}",
                                     zh=(workbook_error_zh(error), "")) from None
    try:
        sheet, written = values.worksheets[0], formulas.worksheets[0]
        rows = zip(sheet.iter_rows(values_only=True), written.iter_rows(values_only=True),
                   strict=False)
        for number, (row, text) in enumerate(rows, start=1):
            yield [_cell(cell) if cell is not None or index >= len(text) else
                   _formula(sheet.title, number, index, text[index])
                   for index, cell in enumerate(row)]
    finally:
        values.close()
        formulas.close()


def _formula(sheet: str, row: int, index: int, written: object) -> Cell:
    """The cell at ``row``/``index`` when its value is missing: a ``Formula`` if the sheet
    holds one there, else empty."""
    from openpyxl.utils import get_column_letter

    text = getattr(written, "text", written)  # an array formula keeps its text in .text
    if isinstance(text, str) and text.startswith("="):
        return Formula(sheet, f"{get_column_letter(index + 1)}{row}", text)
    return None


def _cell(cell: object) -> Cell:
    if cell is None or isinstance(cell, str | int | float | bool | dt.date):
        return cell
    return str(cell)
