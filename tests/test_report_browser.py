"""The report in a real browser: Debian's headless Chromium, driven by chromedriver.

Two reports are made and each opened once with the network off: Jining in Chinese (with a
what-if against the pre-reform process), and a small permit process in English with real
findings and a simulated case log, conformance and a forecast (``--log … --as-of``). The
tests assert on the rendered page: every section there, every headline figure equal to
the --json figure of the command it comes from (the forecast's too), each finding shown
with its place in the file and readable, no console error, no request for anything but
the file itself, a print to A4 PDF within a page budget. A screenshot of each section at
1280 px wide, and the PDF, go to ``artifacts/report/`` (gitignored) to be looked at.

Skipped where Chromium or chromedriver is missing, except on CI (``CI`` set), where CI
installs them (``scripts/setup --test``) and a missing browser fails.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from report_helpers import command_json, json_value, rounded, same, simulated_log

from policy_kit.cli import main

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
ARTIFACTS = Path(os.environ.get("REPORT_ARTIFACTS",
                                Path(__file__).parent.parent / "artifacts" / "report"))
FIXTURES = Path(__file__).parent / "fixtures"
JINING, BEFORE = "jining-construction-start", "jining-construction-start-pre-reform"
OPTIONS = ("--cases", "60", "--replications", "2", "--seed", "5")
START = "2024-02-19"
PERMIT = FIXTURES / "permit-limited.yaml"
PERMIT_SCENARIO = FIXTURES / "permit-limited.scenario.yaml"
PERMIT_OPTIONS = ("--scenario", str(PERMIT_SCENARIO), "--cases", "80", "--replications", "8",
                  "--seed", "5")
AS_OF = "2025-04-01"


@dataclass(frozen=True)
class Page:
    """One report the browser opens: its file, each command's --json for the same
    options, its sections in page order, and how many A4 pages it may print on."""

    name: str
    path: Path
    outputs: dict[str, Any]
    sections: list[str]
    budget: int


def _jining(folder: Path) -> Page:
    """Jining in Chinese, with a what-if against the pre-reform process. ``findings``
    only while Jining has a finding not suppressed (today: none)."""
    out = folder / "jining.html"
    made = CliRunner().invoke(main, ["report", JINING, "-o", str(out), "--start", START,
                                     "--compare", BEFORE, "--lang", "zh", *OPTIONS])
    assert made.exit_code == 0, made.output
    outputs = {"simulate": command_json("simulate", JINING, *OPTIONS),
               "compare": command_json("compare", JINING, BEFORE, *OPTIONS),
               "path": command_json("path", JINING, "--start", START),
               "validate": command_json("validate", JINING)}
    found = any(not f["suppressed"] for f in outputs["validate"])
    sections = [s for s in ("overview", "findings", "path", "simulation", "whatif", "states")
                if s != "findings" or found]
    return Page("jining", out, outputs, sections, 16)


def _permit(folder: Path) -> Page:
    """A small permit process in English, with findings (a step without a limit, a limit
    the slowest path cannot keep) and a simulated case log forecast on 1 April 2025."""
    log = simulated_log(PERMIT, folder)
    logged = ("--log", str(log), "--deadline-column", "deadline")
    out = folder / "permit.html"
    made = CliRunner().invoke(main, ["report", str(PERMIT), "-o", str(out), "--start",
                                     "2025-03-03", *PERMIT_OPTIONS, *logged, "--as-of", AS_OF,
                                     "--lang", "en"])
    assert made.exit_code == 0, made.output
    outputs = {"simulate": command_json("simulate", str(PERMIT), *PERMIT_OPTIONS),
               "path": command_json("path", str(PERMIT), "--start", "2025-03-03"),
               "validate": command_json("validate", str(PERMIT), "--lang", "en"),
               "conform": command_json("conform", str(PERMIT), *logged),
               "forecast": command_json("forecast", str(PERMIT), *logged, "--as-of", AS_OF,
                                        *PERMIT_OPTIONS[:2], *PERMIT_OPTIONS[4:])}
    return Page("permit", out, outputs, ["overview", "findings", "path", "simulation",
                                         "conformance", "forecast", "states"], 12)


pytestmark = pytest.mark.skipif(
    (CHROMIUM is None or DRIVER is None) and not os.environ.get("CI"),
    reason="needs Debian's chromium and chromium-driver (scripts/setup --test)")


@pytest.fixture(scope="module", params=["jining", "permit"])
def page(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Page:
    folder = tmp_path_factory.mktemp(request.param)
    made: Page = {"jining": _jining, "permit": _permit}[request.param](folder)
    return made


@pytest.fixture(scope="module")
def browser(page: Page) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    assert CHROMIUM is not None and DRIVER is not None, "CI must install chromium"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = page.path.parent / "profile"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
                 "--hide-scrollbars", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
        driver.get(page.path.as_uri())
        yield driver
    finally:
        driver.quit()


def test_every_section_is_rendered_with_its_title(browser: Any, page: Page) -> None:
    shown = browser.execute_script(
        "return Array.from(document.querySelectorAll('main > section')).map(s => "
        "[s.id, s.querySelector('h2').textContent, s.getBoundingClientRect().height])")
    assert [s[0] for s in shown] == page.sections
    assert all(title and height > 100 for _, title, height in shown)
    assert browser.execute_script(
        "return document.querySelector('[data-zoom]').getAttribute('data-zoom-ready')") \
        == "true", "the pan-and-zoom script ran"
    width = ("return document.querySelector('[data-zoom] svg')"
             ".getAttribute('viewBox').split(' ').map(Number)[2]")
    home = browser.execute_script(width)
    browser.find_element("css selector", "[data-zoom-action=in]").click()
    assert browser.execute_script(width) < home * 0.7, "zoomed in"
    browser.find_element("css selector", "[data-zoom-action=reset]").click()
    assert browser.execute_script(width) == pytest.approx(home, rel=1e-6), "reset"


def test_headline_figures_are_the_commands_json_figures(browser: Any, page: Page) -> None:
    """Every figure on the page, the forecast's dates and risks included, is the figure
    its command prints with --json, and reads as that figure rounded."""
    figures = browser.execute_script(
        "return Array.from(document.querySelectorAll('data.figure')).map(d => "
        "[d.value, d.dataset.source, d.dataset.key, d.textContent, "
        "d.getBoundingClientRect().width > 0])")
    sources = set(page.outputs) - (set() if "findings" in page.sections else {"validate"})
    assert {f[1] for f in figures} == sources
    for value, source, key, text, visible in figures:
        expected = json_value(page.outputs[source], source, json.loads(key))
        assert same(value, expected), (source, key, value, expected)
        assert visible and text, (source, key)
        if isinstance(expected, float):
            assert rounded(text, expected), (source, key, text, expected)
        elif isinstance(expected, str) and source == "forecast":
            assert text == expected, (key, text)


def test_findings_are_rendered_readable_and_located(browser: Any, page: Page) -> None:
    """Each finding of ``validate --json`` is a row: its code, its place in the file as
    ``file:line:col``, its message and counterexample, on screen, not cut or overflowing."""
    if "findings" not in page.sections:
        pytest.skip(f"{page.name} has no finding to show")
    found = page.outputs["validate"]
    rows = browser.execute_script(
        "const s = document.getElementById('findings');"
        "return [s.scrollWidth <= s.clientWidth + 1, Array.from(s.querySelectorAll("
        "'table.findings tbody tr')).map(r => { const c = r.querySelectorAll('td');"
        "const b = r.getBoundingClientRect(); const x = r.querySelector('.counterexample');"
        "return [c[0].textContent, c[2].textContent, c[3].textContent, b.width, b.height,"
        "parseFloat(getComputedStyle(c[3]).fontSize), x ? x.getBoundingClientRect().height"
        " : 0]; })]")
    fits, cells = rows
    assert fits, "the findings section does not overflow sideways"
    assert len(cells) == len(found) >= 2
    lines = Path(found[0]["file"]).read_text(encoding="utf-8").splitlines()
    for finding, (code, where, message, width, height, size, example) in zip(
            found, cells, strict=True):
        assert code == finding["code"]
        assert where == f"{Path(finding['file']).name}:{finding['line']}:{finding['column']}"
        assert 1 <= finding["line"] <= len(lines) and finding["column"] >= 1
        assert finding["message"] in message and finding["title"] in message
        assert width > 600 and height > 20 and size >= 12, (code, width, height, size)
        if finding.get("counterexample"):
            assert example > 30 and finding["counterexample"]["steps"][0]["event"] in message


def test_no_console_errors_and_no_request_leaves_the_file(browser: Any, page: Page) -> None:
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    requested = set()
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent" and (
                params.get("documentURL") == page.path.as_uri()):  # not the browser's own
            requested.add(params["request"]["url"])
    assert requested == {page.path.as_uri()}, "the page asked for nothing but itself"


def test_prints_on_a4_within_the_page_budget(browser: Any, page: Page) -> None:
    from selenium.webdriver.common.print_page_options import PrintOptions

    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    pdf = base64.b64decode(browser.print_page(options))
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{page.name}.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF") and len(page.sections) - 1 <= pages <= page.budget, pages


def test_a_screenshot_of_each_section_at_1280_wide(browser: Any, page: Page) -> None:
    """Written for people to look at; the test checks each is a real, non-empty picture."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert browser.execute_script("return window.innerWidth") == 1280
    for section in page.sections:
        box = browser.execute_script(
            f"const r = document.getElementById('{section}').getBoundingClientRect();"
            "return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height];")
        shot = browser.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": box[1] - 8, "width": 1280, "height": box[3] + 16,
                     "scale": 1}})
        png = base64.b64decode(shot["data"])
        (ARTIFACTS / f"{page.name}-{section}.png").write_bytes(png)
        width = int.from_bytes(png[16:20], "big")
        assert png.startswith(b"\x89PNG") and width == 1280 and len(png) > 20_000, section
