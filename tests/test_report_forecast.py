"""``policy-kit report --log … --as-of DATE``: the forecast section is `forecast --json`.

A permit process with a 3-working-day limit (``fixtures/permit-limited.yaml``) is simulated
into a case log (with a deadline column), and the report forecasts its cases open on
1 April 2025. Every figure the section
shows must be the figure `forecast --json` prints for the same options; the Chinese page
has none of the English words; bad combinations write nothing.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_helpers import command_json, json_value, same, simulated_log

from policy_kit.cli import main
from policy_kit.report.forecast import CASES_SHOWN

FIXTURES = Path(__file__).parent / "fixtures"
PROCESS = FIXTURES / "permit-limited.yaml"
SCENARIO = FIXTURES / "permit-limited.scenario.yaml"
AS_OF = "2025-04-01"
FIGURE = re.compile(r'<data class="figure" value="([^"]*)" data-source="(\w+)" '
                    r'data-key="([^"]*)">([^<]*)</data>')


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return simulated_log(PROCESS, tmp_path_factory.mktemp("forecast-report"))


def options(log: Path) -> list[str]:
    """The forecast's options, given alike to `report` and to `forecast`."""
    return ["--log", str(log), "--deadline-column", "deadline", "--as-of", AS_OF,
            "--scenario", str(SCENARIO), "--replications", "12", "--seed", "4"]


def report(out: Path, *args: str) -> str:
    ran = CliRunner().invoke(main, ["report", str(PROCESS), "-o", str(out), *args])
    assert ran.exit_code == 0, ran.output
    return out.read_text(encoding="utf-8")


def section(page: str, name: str) -> str:
    found = re.search(rf'<section id="{name}".*?</section>', page, re.S)
    assert found, name
    return found.group(0)


def test_every_forecast_figure_is_the_forecast_commands(
        log: Path, tmp_path: Path) -> None:
    page = report(tmp_path / "r.html", *options(log), "--lang", "en")
    assert re.findall(r'<section id="(\w+)"', page) == [
        "overview", "findings", "path", "simulation", "conformance", "forecast", "states"]
    data = command_json("forecast", str(PROCESS), *options(log))
    shown = FIGURE.findall(section(page, "forecast"))
    assert {f[1] for f in shown} == {"forecast"}
    keys = {tuple(json.loads(unescape(k))) for _, _, k, _ in shown}
    assert {("summary", "open"), ("summary", "expected_breaches"),
            ("summary", "expected_deadline_breaches")} <= keys
    assert data["summary"]["open"] >= 3
    listed = {k[1] for k in keys if k[0] == "cases"}
    assert len(listed) == min(CASES_SHOWN, data["summary"]["open"])
    for value, source, key, text in shown:
        expected = json_value(data, source, json.loads(unescape(key)))
        assert same(unescape(value), expected), (key, value, expected)
        if isinstance(expected, str):
            assert unescape(text) == expected
    assert "policy-kit forecast" in page and "12 simulations" in page


def test_the_riskiest_case_comes_first(log: Path,
                                       tmp_path: Path) -> None:
    forecast = section(report(tmp_path / "r.html", *options(log), "--lang",
                              "en"), "forecast")
    risks = [float(unescape(v)) for v, _, k, _ in FIGURE.findall(forecast)
             if json.loads(unescape(k))[-1:] == ["breach_probability"]]
    assert risks and risks == sorted(risks, reverse=True)


def test_a_chinese_forecast_has_none_of_the_english_words(
        log: Path, tmp_path: Path) -> None:
    forecast = section(report(tmp_path / "r.html", *options(log), "--lang",
                              "zh"), "forecast")
    assert "在办案件预测" in forecast and "每周预计办结" in forecast
    text = re.sub(r"<(code|style)\b.*?</\1>|<[^>]+>", " ", forecast, flags=re.S)
    english = set(re.findall(r"[A-Za-z]+", text)) - {
        "policy", "kit", "forecast", "permit", "limited", "scenario", "yaml"}  # command, file
    assert not english, english


def test_without_a_scenario_the_forecast_is_calibrated_and_says_so(
        log: Path, tmp_path: Path) -> None:
    page = report(tmp_path / "r.html", "--log", str(log), "--as-of", AS_OF,
                  "--replications", "5", "--lang", "zh")
    assert "由案件日志 log.csv 截至 2025-04-01 的记录校准" in section(page, "forecast")


@pytest.mark.parametrize(("args", "message"), [
    (["--as-of", AS_OF], "give --log too"),
    (["--as-of", "2020-01-01", "--log", "LOG"], "before the log's first event"),
    (["--as-of", "2025-02-30", "--log", "LOG"], "2025-02-30"),
], ids=["no-log", "before-the-log", "no-such-day"])
@pytest.mark.usefixtures("english")  # its messages are pinned in English
def test_a_bad_as_of_writes_nothing(log: Path, tmp_path: Path,
                                    args: list[str], message: str) -> None:
    out = tmp_path / "r.html"
    ran = CliRunner().invoke(main, ["report", str(PROCESS), "-o", str(out),
                                    "--replications", "2",
                                    *[str(log) if a == "LOG" else a for a in args]])
    assert ran.exit_code == 2, ran.output
    assert message in ran.output and "Traceback" not in ran.output
    assert not out.exists()


def test_a_pseudonymised_log_shows_no_real_case_id(log: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """--pseudonymize: the forecast's cases are the salted names `forecast` prints too."""
    monkeypatch.setenv("POLICY_KIT_SALT", "a secret salt")
    forecast = section(report(tmp_path / "r.html", *options(log), "--pseudonymize",
                              "--lang", "en"), "forecast")
    data = command_json("forecast", str(PROCESS), *options(log), "--pseudonymize")
    names = [c["case"] for c in data["cases"]]
    assert names and all(f"<code>{name}</code>" in forecast for name in names)
    assert not re.search(r"case-\d+", forecast)


def test_nothing_open_says_so_without_an_empty_chart_or_table() -> None:
    from policy_kit.loader import load
    from policy_kit.report.forecast import forecast_section

    data = {"process": "permit-limited", "as_of": AS_OF, "scenario": "s.scenario.yaml",
            "calibrated": False, "cases": [],
            "summary": {"open": 0, "expected_breaches": 0.0, "expected_deadline_breaches": None,
                        "replications": 10, "by_week": {}, "departments": {}}}
    body = forecast_section(load(str(PROCESS)), data, 1, "log.csv", "en").body
    assert "0 cases are open at the start of 2025-04-01" in body
    assert "<svg" not in body and "<table" not in body
