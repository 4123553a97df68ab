"""Which CSV files carry a UTF-8 byte-order mark, and why (docs/formats: "CSV for people,
CSV for programs").

A table meant for people (``conform --cases-out``, ``forecast --cases-out``, ``sweep -o``)
starts with a BOM: Excel opens a CSV without one in the system's code page, so on a Chinese
Windows (GBK) 受理 reads as 鍙楃悊. An event log (``simulate --event-log``) is meant for
process-mining tools and scripts, and has none: pandas, pm4py and pyarrow would skip one,
but Python's ``csv`` module and R's ``read.csv`` keep it in the first column's name. Every
CSV policy-kit reads may have one.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit.cli import main

BOM = b"\xef\xbb\xbf"
PROCESS = "xianyang-culture-subsidy"


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bom") / "log.csv"
    result = CliRunner().invoke(main, ["simulate", PROCESS, "--cases", "60",
                                       "--replications", "1", "--event-log", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _table(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(BOM), raw[:20]
    assert not raw[3:].startswith(BOM)
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def test_an_event_log_for_process_miners_has_no_bom(log: Path) -> None:
    raw = log.read_bytes()
    assert raw.startswith(b"case_id,")  # csv.DictReader's first key is `case_id`


def test_conform_cases_table_opens_in_excel(runner: CliRunner, log: Path,
                                            tmp_path: Path) -> None:
    out = tmp_path / "cases.csv"
    result = runner.invoke(main, ["conform", PROCESS, "--log", str(log), "--cases-out",
                                  str(out)])
    assert result.exit_code == 0, result.output
    rows = _table(out)
    assert rows and "case" in rows[0] and "fitness" in rows[0]


def test_forecast_cases_table_opens_in_excel(runner: CliRunner, log: Path,
                                             tmp_path: Path) -> None:
    starts = sorted(r["start"] for r in csv.DictReader(
        log.read_text(encoding="utf-8").splitlines()) if r["start"])
    middle = starts[len(starts) // 2]
    out = tmp_path / "forecast.csv"
    result = runner.invoke(main, ["forecast", PROCESS, "--log", str(log), "--as-of",
                                  middle[:10], "--replications", "3", "--cases-out", str(out)])
    assert result.exit_code == 0, result.output
    rows = _table(out)
    assert rows and "p50" in rows[0]


def test_sweep_table_opens_in_excel(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "sweep.csv"
    result = runner.invoke(main, ["sweep", PROCESS, "--vary", "staff.culture_office=1,2",
                                  "--cases", "20", "--replications", "2", "--workers", "0",
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = _table(out)
    assert [r["staff.culture_office"] for r in rows] == ["1", "2"]


def test_a_table_we_wrote_reads_back_as_a_case_log(runner: CliRunner, log: Path,
                                                   tmp_path: Path) -> None:
    """Our readers take a BOM: the event log saved again by Excel (with one) still reads."""
    resaved = tmp_path / "resaved.csv"
    resaved.write_bytes(BOM + log.read_bytes())
    plain = runner.invoke(main, ["conform", PROCESS, "--log", str(log), "--json"])
    again = runner.invoke(main, ["conform", PROCESS, "--log", str(resaved), "--json"])
    assert again.exit_code == 0, again.output
    assert plain.output.split('"summary"')[1] == again.output.split('"summary"')[1]
