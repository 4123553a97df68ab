"""Applicant files: CSV with or without BOM, XLSX, and every kind of bad row, each reported
with its row number (the header is row 1), nothing returned from a partly bad file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from policy_kit.errors import DefinitionError, UsageError
from policy_kit.policy import Policy, needed_columns, read_applicants, read_policy
from tests.policy_fixtures import applicants_csv, write_tiny

GOOD = [("甲公司", "800", "a", "90", "2023-02-01"), ("乙公司", '"1,200.50"', "甲类", "80",
                                                        "2023-02-02")]


@pytest.fixture
def policy(tmp_path: Path) -> Policy:
    return read_policy(write_tiny(tmp_path))


def read(policy: Policy, path: Path) -> tuple[str, ...]:
    found = read_applicants(path, policy.definition.process, needed_columns(policy))
    return tuple(applicant.name for applicant in found.rows)


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["utf8", "utf8-bom"])
def test_csv_reads_with_or_without_bom(policy: Policy, tmp_path: Path, bom: bytes) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(bom + applicants_csv(GOOD).encode("utf-8"))
    found = read_applicants(path, policy.definition.process, needed_columns(policy))
    first, second = found.rows
    assert first.name == "甲公司" and first.row == 2
    assert second.values["sales"] == Decimal("1200.50")     # thousands separators read
    assert second.values["kind"] == "a"                      # a Chinese label read as its value
    assert first.values["arrived"] == dt.date(2023, 2, 1)
    assert len(found.digest) == 64


def test_xlsx_reads_typed_cells(policy: Policy, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["name", "sales", "kind", "score", "arrived", "note"])
    sheet.append(["甲公司", 800.25, "a", 90, dt.datetime(2023, 2, 1), "示例"])
    sheet.append([None, None, None, None, None, None])      # blank rows are skipped
    sheet.append(["乙公司", "300", "b", 75.5, "2023-02-03", None])
    path = tmp_path / "a.xlsx"
    book.save(path)
    found = read_applicants(path, policy.definition.process, needed_columns(policy))
    assert [a.name for a in found.rows] == ["甲公司", "乙公司"]
    assert found.rows[0].values["sales"] == Decimal("800.25")
    assert found.rows[0].values["arrived"] == dt.date(2023, 2, 1)
    assert found.rows[0].note == "示例" and found.rows[1].row == 4


BAD_ROWS = [
    ("name,sales,kind,score,arrived\n甲,abc,a,1,2023-02-01\n",
     r"a.csv:2:2: row 2, `sales`: 'abc' is not a number >= 0"),
    ("name,sales,kind,score,arrived\n甲,10,c,1,2023-02-01\n",
     r"a.csv:2:3: row 2, `kind`: c is outside one of a, b"),
    ("name,sales,kind,score,arrived\n甲,10,a,101,2023-02-01\n",
     r"a.csv:2:4: row 2, `score`: 101 is outside a number >= 0 and <= 100"),
    ("name,sales,kind,score,arrived\n甲,10,a,1,\n", r"a.csv:2:5: row 2, `arrived`: the cell is "
                                                    r"empty"),
    ("name,sales,kind,score,arrived\n甲,10,a,1,2023-02-31\n",
     r"a.csv:2:5: row 2, `arrived`: '2023-02-31' is not a date"),
    ("name,kind,score,arrived\n甲,a,1,2023-02-01\n", r"a.csv:1:5: missing column `sales`.*"
                                                      r"the policy reads it"),
    ("name,sales,kind,score,arrived,salse\n甲,10,a,1,2023-02-01,3\n",
     r"a.csv:1:6: unknown column `salse`.*did you mean `sales`"),
    ("firm,sales,kind,score,arrived\n甲,10,a,1,2023-02-01\n",
     r"a.csv:1:1: the first column is `firm`; it must be `name`"),
    ("name,sales,kind,score,arrived,sales\n甲,10,a,1,2023-02-01,1\n",
     r"a.csv:1:6: column `sales` appears twice"),
    ("name,sales,kind,score,arrived\n甲,10,a,1,2023-02-01\n甲,11,a,1,2023-02-01\n",
     r"a.csv:3:1: row 3: `甲` is already on row 2"),
    ("name,sales,kind,score,arrived\n,10,a,1,2023-02-01\n", r"a.csv:2:1: row 2: the name is "
                                                           r"empty"),
    ("name,sales,kind,score,arrived\n甲,10,a,1,2023-02-01,9\n",
     r"a.csv:2:6: row 2 has more cells than the header"),
    ("", r"a.csv:1:1: the file is empty"),
    ('name,sales,kind,score,arrived\n甲,"1"x,a,1,2023-02-01\n',
     r"a.csv:2:1: not a readable CSV row"),
]


@pytest.mark.parametrize(("text", "message"), BAD_ROWS, ids=[
    "text-in-number", "unknown-enum", "out-of-bounds", "empty-cell", "bad-date",
    "missing-column", "unknown-column", "first-column", "duplicate-column", "duplicate-name",
    "empty-name", "extra-cells", "empty-file", "broken-quotes"])
def test_bad_rows_are_reported_with_their_row(policy: Policy, tmp_path: Path, text: str,
                                              message: str) -> None:
    path = tmp_path / "a.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError, match="(?s)" + message):
        read(policy, path)


def test_every_bad_row_is_listed(policy: Policy, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("name,sales,kind,score,arrived\n甲,x,a,1,2023-02-01\n乙,10,a,1,2023-02-01\n"
                    "丙,10,z,1,2023-02-01\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"(?s)a.csv:2:2: .*a.csv:4:3: ") as error:
        read(policy, path)
    assert len(error.value.problems) == 2


def test_not_utf8_names_the_row(policy: Policy, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"name,sales,kind,score,arrived\n" + "甲,1,a,1,2023-02-01\n"
                     .encode("gbk"))
    with pytest.raises(DefinitionError, match=r"(?s)a.csv:2:1: row 2 is not UTF-8.*CSV UTF-8"):
        read(policy, path)


@pytest.mark.parametrize(("name", "content", "error", "message"), [
    ("a.txt", b"name\n", UsageError, r"applicant files are .csv or .xlsx, not `.txt`"),
    ("missing.csv", None, UsageError, r"missing.csv: no such applicant file"),
    ("a.xlsx", b"not a zip", DefinitionError, r"a.xlsx: not a readable .xlsx file"),
], ids=["wrong-suffix", "missing-file", "damaged-xlsx"])
def test_unreadable_files(policy: Policy, tmp_path: Path, name: str, content: bytes | None,
                          error: type[Exception], message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(error, match=message):
        read(policy, path)


def _many(count: int) -> list[str]:
    return [f"公司{n},{n * 7 % 1000}.5,{'a' if n % 3 else 'b'},{n % 101},2023-02-"
            f"{n % 28 + 1:02d}" for n in range(count)]


def test_a_long_file_reads_the_same_values_in_every_row(policy: Policy,
                                                        tmp_path: Path) -> None:
    """Long files are read a column at a time: every row's values are still its own."""
    rows = _many(5000)
    rows.insert(3000, "")  # a blank line is skipped, and later rows keep their numbers
    path = tmp_path / "a.csv"
    path.write_text("\n".join(["name,sales,kind,score,arrived,note", *(
        f"{row},注{n}" if row else row for n, row in enumerate(rows))]) + "\n",
                    encoding="utf-8")
    found = read_applicants(path, policy.definition.process, needed_columns(policy)).rows
    assert len(found) == 5000
    last = found[-1]
    assert (last.name, last.row, last.note) == ("公司4999", 5002, "注5000")
    assert last.values == {"sales": Decimal("993.5"), "kind": "a", "score": Decimal(50),
                           "arrived": dt.date(2023, 2, 16)}
    assert found[2999].row == 3001 and found[3000].row == 3003


def test_bad_rows_deep_in_a_long_file_are_each_reported(policy: Policy,
                                                        tmp_path: Path) -> None:
    rows = _many(5000)
    rows[4500] = "公司4500,1,c,1,2023-02-01"  # row 4502: not a kind
    rows[3000] = rows[10]                     # row 3002 repeats row 12
    rows[2047] = "公司2047,1e,a,1,2023-02-01"  # row 2049: not a number
    path = tmp_path / "a.csv"
    path.write_text("\n".join(["name,sales,kind,score,arrived", *rows]) + "\n",
                    encoding="utf-8")
    with pytest.raises(DefinitionError) as error:
        read(policy, path)
    assert [str(p.location) for p in error.value.problems] == [
        f"{path}:2049:2", f"{path}:3002:1", f"{path}:4502:3"]
    assert "`公司10` is already on row 12" in error.value.problems[1].message


@pytest.mark.parametrize("pad", [" ", "\t", "\u3000"], ids=["space", "tab", "ideographic"])
def test_padded_cells_read_as_trimmed_ones_in_a_long_file(policy: Policy, tmp_path: Path,
                                                          pad: str) -> None:
    """A long CSV is read a column at a time, its attribute cells unstripped: a padded
    number, enum or date still reads as the trimmed cell does, in every row."""
    rows = _many(3000)
    padded = [",".join(pad + cell + pad for cell in row.split(",")) for row in rows]
    plain, spaced = tmp_path / "plain.csv", tmp_path / "spaced.csv"
    header = "name,sales,kind,score,arrived\n"
    plain.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    spaced.write_text(header + "\n".join(padded) + "\n", encoding="utf-8")
    process, needed = policy.definition.process, needed_columns(policy)
    expected = read_applicants(plain, process, needed).rows
    found = read_applicants(spaced, process, needed).rows
    assert [(a.name, a.row, dict(a.values)) for a in found] == [
        (a.name, a.row, dict(a.values)) for a in expected]


def test_amounts_that_never_repeat_read_the_same_and_are_checked(policy: Policy,
                                                                 tmp_path: Path) -> None:
    """A column of money that does not repeat is read without looking values up once the
    reader has seen that (after a few thousand rows): every value is still its own, and a
    bad one deep in the file is still reported at its row."""
    rows = [f"公司{n},{n}.25,{'a' if n % 3 else 'b'},{n % 101},2023-02-{n % 28 + 1:02d}"
            for n in range(12_000)]
    path = tmp_path / "a.csv"
    path.write_text("\n".join(["name,sales,kind,score,arrived", *rows]) + "\n",
                    encoding="utf-8")
    found = read_applicants(path, policy.definition.process, needed_columns(policy)).rows
    assert [a.values["sales"] for a in found] == [Decimal(f"{n}.25") for n in range(12_000)]
    rows[11_000] = "公司11000,1e,a,1,2023-02-01"  # row 11002: not a number
    path.write_text("\n".join(["name,sales,kind,score,arrived", *rows]) + "\n",
                    encoding="utf-8")
    with pytest.raises(DefinitionError) as error:
        read(policy, path)
    assert [str(p.location) for p in error.value.problems] == [f"{path}:11002:2"]
