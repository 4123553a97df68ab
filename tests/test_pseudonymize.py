"""--pseudonymize in every command that reads a case log (conform, calibrate, forecast,
report): no case id, no officer's name and not the log file's name (it can name the firm
or the person) leaves in any output, text, JSON, CSV, YAML or HTML; the same name gets the
same pseudonym in each; a 帮办 can still ask forecast about a case by its real id."""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit.cli import main

PROCESS = "zhaoqing-land-supply"
SALT = "a secret salt for the tests"
NAMES = re.compile(r"firm-张三-\d+|officer-王\d+|张三建筑")
LOG_NAME = "张三建筑有限公司-办件.csv"
PSEUDONYM = re.compile(r"p-[0-9a-f]{12}")


@cache
def _log(folder: Path) -> Path:
    """A simulated log whose case ids name firms and whose resources name officers."""
    raw = folder / "raw.csv"
    result = CliRunner().invoke(main, ["simulate", PROCESS, "--cases", "60", "--seed", "5",
                                       "--replications", "1", "--event-log", str(raw)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(raw.read_text(encoding="utf-8").splitlines()))
    path = folder / LOG_NAME
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            row["case_id"] = row["case_id"].replace("case-", "firm-张三-")
            if row["resource"]:
                row["resource"] = "officer-王" + row["resource"].rsplit("#", 1)[-1]
            writer.writerow(row)
    return path


@pytest.fixture
def log(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("POLICY_KIT_SALT", SALT)
    return _log(tmp_path_factory.getbasetemp())


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--pseudonymize"])
    assert result.exit_code == 0, result.output
    return result.output


def _clean(*texts: str) -> None:
    for text in texts:
        assert not NAMES.search(text), NAMES.search(text)


def test_the_log_names_people(log: Path) -> None:
    text = log.read_text(encoding="utf-8")
    assert NAMES.search(text) and "officer-王" in text  # the check below can fail


def test_conform(log: Path, tmp_path: Path) -> None:
    table = tmp_path / "cases.csv"
    as_json = _run("conform", PROCESS, "--log", str(log), "--json", "--cases-out", str(table))
    text = _run("conform", PROCESS, "--log", str(log), "--lang", "en")
    _clean(as_json, text, table.read_text(encoding="utf-8"))
    assert PSEUDONYM.search(as_json)
    from policy_kit.pseudonym import pseudonymizer
    data = json.loads(as_json[as_json.index("{"):])  # after the line saying what was written
    assert data["log"]["path"] == pseudonymizer(SALT.encode())(LOG_NAME)


def test_calibrate(log: Path, tmp_path: Path) -> None:
    scenario = tmp_path / "calibrated.yaml"
    as_json = _run("calibrate", PROCESS, "--log", str(log), "-o", str(scenario), "--json")
    text = _run("calibrate", PROCESS, "--log", str(log), "-o", str(tmp_path / "b.yaml"))
    _clean(as_json, text, scenario.read_text(encoding="utf-8"))


def test_forecast(log: Path, tmp_path: Path) -> None:
    table = tmp_path / "forecast.csv"
    common = ("forecast", PROCESS, "--log", str(log), "--as-of", "2025-06-01",
              "--replications", "5")
    as_json = _run(*common, "--json", "--cases-out", str(table))
    text = _run(*common)
    _clean(as_json, text, table.read_text(encoding="utf-8"))
    pseudonyms = PSEUDONYM.findall(as_json)
    assert pseudonyms
    # the real id of an open case, found by its pseudonym, selects it; the output names
    # it only by its pseudonym
    from policy_kit.pseudonym import pseudonymizer
    rename = pseudonymizer(SALT.encode())
    real = next(r["case_id"] for r in csv.DictReader(log.read_text(encoding="utf-8").splitlines())
                if rename(r["case_id"]) == pseudonyms[0])
    one = _run(*common, "--case", real)
    _clean(one)
    assert pseudonyms[0] in one
    assert pseudonyms[0] in _run(*common, "--case", pseudonyms[0])


def test_report(log: Path, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    _run("report", PROCESS, "--log", str(log), "-o", str(page))
    html = page.read_text(encoding="utf-8")
    _clean(html)
    from policy_kit.pseudonym import pseudonymizer
    # the command line in the header names the log by its pseudonym, the flag alone
    assert f"--log {pseudonymizer(SALT.encode())(LOG_NAME)} --pseudonymize" in html


def test_the_same_name_gets_the_same_pseudonym_everywhere(log: Path, tmp_path: Path) -> None:
    conformed = set(PSEUDONYM.findall(_run("conform", PROCESS, "--log", str(log), "--json")))
    forecast = set(PSEUDONYM.findall(_run("forecast", PROCESS, "--log", str(log), "--as-of",
                                          "2025-06-01", "--replications", "5", "--json")))
    assert forecast and forecast <= conformed
