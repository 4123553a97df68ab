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

from ..errors import DefinitionError, Location, UsageError

__all__ = ["Cell", "csv_rows", "xlsx_rows"]

Cell = str | int | float | bool | dt.date | dt.datetime | None


def csv_rows(raw: bytes, name: str) -> Iterator[Sequence[Cell]]:
    """The rows of a CSV file in UTF-8, with or without the BOM spreadsheets write."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = raw[: error.start].count(b"\n") + 1
        raise DefinitionError.single(Location(name, row, 1), f"row {row} is not UTF-8 text",
                                     "save the file as CSV UTF-8 (Excel: CSV UTF-8 (逗号分隔)); "
                                     "GBK files must be converted first") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        yield from reader
    except csv.Error as error:
        raise DefinitionError.single(Location(name, reader.line_num, 1),
                                     f"not a readable CSV row: {error}",
                                     "check the quotes on this line") from None


def xlsx_rows(raw: bytes, name: str) -> Iterator[Sequence[Cell]]:
    """The rows of the first sheet of an XLSX workbook, cells as openpyxl types them."""
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - depends on the installation
        raise UsageError("reading .xlsx files needs openpyxl (pip install openpyxl); "
                         "or save the sheet as CSV UTF-8") from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise DefinitionError.single(Location(name), f"not a readable .xlsx file: {error}") \
            from None
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_cell(cell) for cell in row]
    finally:
        book.close()


def _cell(cell: object) -> Cell:
    if cell is None or isinstance(cell, str | int | float | bool | dt.date):
        return cell
    return str(cell)
