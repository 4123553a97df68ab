"""XLSX applicant files with formulas: a saved value is read, a formula saved without one
(a file written by a script, or by openpyxl, which never calculates) is named with its
sheet!cell location and the way to fix it, never read as an empty cell."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from policy_kit.cli import main
from policy_kit.errors import DefinitionError
from policy_kit.policy import Policy, needed_columns, read_applicants, read_policy
from tests.policy_fixtures import write_tiny

HEADER = ["name", "sales", "kind", "score", "arrived"]


@pytest.fixture
def policy(tmp_path: Path) -> Policy:
    return read_policy(write_tiny(tmp_path))


def workbook(tmp_path: Path, rows: list[list[object]], title: str = "申报") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "a.xlsx"
    book.save(path)
    return path


def with_saved_value(path: Path, cell: str, value: str) -> None:
    """Write the value a calculating program would have saved beside ``cell``'s formula."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    pattern = rf'(<c r="{cell}"[^>]*>)(<f>[^<]*</f>)(<v\s*/>|<v></v>)?'
    sheet, count = re.subn(pattern, rf"\1\2<v>{value}</v>", sheet)
    assert count == 1, sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)


def read(policy: Policy, path: Path) -> list[Decimal]:
    found = read_applicants(path, policy.definition.process, needed_columns(policy))
    return [a.values["sales"] for a in found.rows]  # type: ignore[misc]


def test_a_formula_without_a_saved_value_is_named_with_its_cell(policy: Policy,
                                                                 tmp_path: Path) -> None:
    path = workbook(tmp_path, [["甲公司", "=100*8", "a", 90, dt.datetime(2023, 2, 1)]])
    with pytest.raises(DefinitionError) as raised:
        read(policy, path)
    (problem,) = raised.value.problems
    assert (problem.location.line, problem.location.column) == (2, 2)
    assert problem.message == ("row 2, `sales`: the cell 申报!B2 holds the formula `=100*8` "
                               "but no value computed from it")
    assert "save it again" in problem.hint and "empty" not in problem.message


def test_a_formula_with_a_saved_value_reads_the_value(policy: Policy, tmp_path: Path) -> None:
    path = workbook(tmp_path, [["甲公司", "=100*8", "a", 90, dt.datetime(2023, 2, 1)]])
    with_saved_value(path, "B2", "800")
    assert read(policy, path) == [Decimal(800)]


def test_a_sheet_name_with_a_space_is_quoted_as_a_spreadsheet_writes_it(
        policy: Policy, tmp_path: Path) -> None:
    path = workbook(tmp_path, [["=\"甲\"&\"公司\"", 800, "a", 90, dt.datetime(2023, 2, 1)]],
                    title="Applicants 2023")
    with pytest.raises(DefinitionError, match=r"row 2, `name`: the cell 'Applicants 2023'!A2 "
                                              r"holds the formula `=\"甲\"&\"公司\"`"):
        read(policy, path)


def test_a_row_of_only_formulas_is_not_skipped_as_blank(policy: Policy, tmp_path: Path) -> None:
    path = workbook(tmp_path, [["甲公司", 800, "a", 90, dt.datetime(2023, 2, 1)],
                               ["=A2", "=B2", "=C2", "=D2", "=E2"]])
    with pytest.raises(DefinitionError) as raised:
        read(policy, path)
    cells = sorted(p.location.column for p in raised.value.problems)
    assert cells == [1, 2, 3, 4, 5], "every formula cell of row 3 is named"


def test_award_says_it_in_one_message_without_a_traceback(runner: CliRunner, tmp_path: Path
                                                          ) -> None:
    policy = write_tiny(tmp_path)
    path = workbook(tmp_path, [["甲公司", "=100*8", "a", 90, dt.datetime(2023, 2, 1)]])
    result = runner.invoke(main, ["award", str(policy), "--year", "2023", "--applicants",
                                  str(path)])
    assert result.exit_code == 1
    assert "a.xlsx:2:2" in result.output and "申报!B2" in result.output
    assert "Traceback" not in result.output
