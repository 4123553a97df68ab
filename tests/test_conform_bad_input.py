"""Hostile and broken logs: XLSX formula cells, a wrong or empty sheet, XES that tries
entity expansion, external entities or a huge attribute. Each gives one readable line
with the file and the place, exit 1 (2 for a usage error), no traceback, and leaves an
existing output file as it was."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from policy_kit.cli import main

PROCESS = "zhaoqing-land-supply"
HEADER = ["case_id", "activity", "end"]
ROW = ["c1", "draft_plan", "2024-01-02 09:00"]
STAMP = "2024-01-02T09:00:00+08:00"
KEPT = "an earlier table\n"


def _run(log: Path, tmp_path: Path, *extra: str) -> tuple[int, str, Path]:
    """Conform with --cases-out over an existing file, which a failure must not touch."""
    out = tmp_path / "cases.csv"
    out.write_text(KEPT, encoding="utf-8")
    result = CliRunner().invoke(main, ["conform", PROCESS, "--log", str(log), "--json",
                                       "--cases-out", str(out), "--lang", "en", *extra])
    return result.exit_code, result.output, out


def _refused(log: Path, tmp_path: Path, pattern: str, *extra: str, code: int = 1) -> None:
    exit_code, out, kept = _run(log, tmp_path, *extra)
    assert exit_code == code, out
    assert "Traceback" not in out and len(out.strip().splitlines()) == 1, out
    assert out.startswith("error: ")
    assert re.search(pattern, out), out
    assert kept.read_text(encoding="utf-8") == KEPT


def _book(path: Path, rows: list[list[object]], title: str = "log") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize(("rows", "where"), [
    ([HEADER, ROW, ["c1", "issue_minutes", "=C2+1"]], r"formula\.xlsx:3:3: column `end`"),
    ([HEADER, ["c1", '=IF(1,"draft_plan")', "2024-01-02 09:00"]],
     r"formula\.xlsx:2:2: column `activity`"),
], ids=["timestamp", "activity"])
def test_xlsx_formula_without_a_saved_value_is_named(tmp_path: Path, rows: list[list[object]],
                                                      where: str) -> None:
    # openpyxl writes formulas without their values, as many export tools do
    log = _book(tmp_path / "formula.xlsx", rows)
    _refused(log, tmp_path, where + r": the cell holds the formula `=.+` but no value")


def test_xlsx_wrong_sheet_names_the_sheets(tmp_path: Path) -> None:
    log = _book(tmp_path / "two.xlsx", [HEADER, ROW], title="办件")
    _refused(log, tmp_path, r"--sheet 环节: .*two\.xlsx has the sheets 办件", "--sheet", "环节",
             code=2)


def test_xlsx_named_sheet_is_read(tmp_path: Path) -> None:
    log = _book(tmp_path / "named.xlsx", [HEADER, ROW], title="办件")
    exit_code, out, _ = _run(log, tmp_path, "--sheet", "办件")
    assert exit_code == 0, out


@pytest.mark.parametrize(("rows", "message"), [
    ([], r"empty\.xlsx: the log is empty"),
    ([HEADER], r"empty\.xlsx: the log has a header but no events"),
], ids=["no-rows", "header-only"])
def test_xlsx_empty(tmp_path: Path, rows: list[list[object]], message: str) -> None:
    _refused(_book(tmp_path / "empty.xlsx", rows), tmp_path, message)


def test_xlsx_that_is_no_workbook(tmp_path: Path) -> None:
    log = tmp_path / "broken.xlsx"
    log.write_bytes(b"PK\x03\x04 not a zip archive at all")
    _refused(log, tmp_path, r"broken\.xlsx: not a readable XLSX workbook")


def _xes(doctype: str, value: str) -> str:
    return (f'<?xml version="1.0"?>\n{doctype}\n'
            '<log xes.version="1.0" xmlns="http://www.xes-standard.org/">\n'
            '<trace><string key="concept:name" value="c1"/>\n'
            f'<event><string key="concept:name" value="{value}"/>'
            f'<date key="time:timestamp" value="{STAMP}"/></event>\n'
            "</trace></log>\n")


LAUGHS = "<!DOCTYPE log [\n <!ENTITY l0 \"lol\">\n" + "".join(
    f' <!ENTITY l{i} "{f"&l{i - 1};" * 10}">\n' for i in range(1, 10)) + "]>"


@pytest.mark.parametrize(("text", "message"), [
    (_xes(LAUGHS, "&l9;"), r"hostile\.xes:\d+:\d+: entities that expand without bound"),
    (_xes('<!DOCTYPE log [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>', "&x;"),
     r"hostile\.xes:\d+:\d+: a reference to an external entity"),
    (_xes("", "x" * (11 << 20)), r"hostile\.xes:\d+:\d+: a value or name longer than 10 MB"),
    (_xes("", "draft_plan").replace("</trace></log>", "</trace>"),
     r"hostile\.xes:\d+:\d+: not well-formed XES"),
], ids=["billion-laughs", "external-entity", "huge-attribute", "unclosed"])
@pytest.mark.parametrize("packed", [False, True], ids=["plain", "gzip"])
def test_hostile_xes_is_refused_at_its_place(tmp_path: Path, text: str, message: str,
                                              packed: bool) -> None:
    log = tmp_path / "hostile.xes"
    data = text.encode("utf-8")
    log.write_bytes(gzip.compress(data) if packed else data)
    _refused(log, tmp_path, message)


def test_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("draft_plan", encoding="utf-8")
    log = tmp_path / "hostile.xes"
    log.write_text(_xes(f'<!DOCTYPE log [ <!ENTITY x SYSTEM "{secret.as_uri()}"> ]>', "&x;"),
                   encoding="utf-8")
    exit_code, out, _ = _run(log, tmp_path)
    assert exit_code == 1 and "draft_plan" not in out
