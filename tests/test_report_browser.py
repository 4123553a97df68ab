"""The report in a real browser: Debian's headless Chromium, driven by chromedriver.

One Jining report (with a what-if against the pre-reform process) is made once for the
module and opened once with the network off. The tests assert on the rendered page:
every section there, every headline figure equal to the --json figure of the command it
comes from, no console error, no request for anything but the file itself, a print to A4
PDF within a page budget. A screenshot of each section at 1280 px wide, and the PDF, go
to ``artifacts/report/`` (gitignored) to be looked at.

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
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from report_helpers import command_json, json_value, same

from policy_kit.cli import main

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
ARTIFACTS = Path(os.environ.get("REPORT_ARTIFACTS",
                                Path(__file__).parent.parent / "artifacts" / "report"))
JINING, BEFORE = "jining-construction-start", "jining-construction-start-pre-reform"
OPTIONS = ("--cases", "60", "--replications", "2", "--seed", "5")
START = "2024-02-19"
SECTIONS = ["overview", "findings", "path", "simulation", "whatif", "states"]
"""In page order; ``findings`` only while Jining has a finding not suppressed."""
PAGE_BUDGET = 16
"""A4 pages for Jining's whole report: one or two a section, the poster on one."""

pytestmark = pytest.mark.skipif(
    (CHROMIUM is None or DRIVER is None) and not os.environ.get("CI"),
    reason="needs Debian's chromium and chromium-driver (scripts/setup --test)")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "jining.html"
    result = CliRunner().invoke(main, ["report", JINING, "-o", str(out), "--start", START,
                                       "--compare", BEFORE, "--lang", "zh", *OPTIONS])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser(report: Path) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    assert CHROMIUM is not None and DRIVER is not None, "CI must install chromium"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = report.parent / "profile"
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
        driver.get(report.as_uri())
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def outputs() -> dict[str, Any]:
    """Each command's --json for the report's options."""
    return {"simulate": command_json("simulate", JINING, *OPTIONS),
            "compare": command_json("compare", JINING, BEFORE, *OPTIONS),
            "path": command_json("path", JINING, "--start", START),
            "validate": command_json("validate", JINING)}


def expected_sections(outputs: dict[str, Any]) -> list[str]:
    found = any(not f["suppressed"] for f in outputs["validate"])
    return [s for s in SECTIONS if s != "findings" or found]


def test_every_section_is_rendered_with_its_title(browser: Any,
                                                  outputs: dict[str, Any]) -> None:
    shown = browser.execute_script(
        "return Array.from(document.querySelectorAll('main > section')).map(s => "
        "[s.id, s.querySelector('h2').textContent, s.getBoundingClientRect().height])")
    assert [s[0] for s in shown] == expected_sections(outputs)
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


def test_headline_figures_are_the_commands_json_figures(browser: Any,
                                                         outputs: dict[str, Any]) -> None:
    figures = browser.execute_script(
        "return Array.from(document.querySelectorAll('data.figure')).map(d => "
        "[d.value, d.dataset.source, d.dataset.key, d.textContent, "
        "d.getBoundingClientRect().width > 0])")
    sources = {"simulate", "compare", "path"} | (
        {"validate"} if "findings" in expected_sections(outputs) else set())
    assert {f[1] for f in figures} == sources
    for value, source, key, text, visible in figures:
        expected = json_value(outputs[source], source, json.loads(key))
        assert same(value, expected), (source, key, value, expected)
        assert visible and text, (source, key)
        if isinstance(expected, float):  # what is printed is the figure, rounded
            assert abs(float(text.rstrip("%")) - expected * (100 if text.endswith("%")
                                                             else 1)) < 0.051 or (
                abs(float(text) - abs(expected)) < 0.051), (key, text, expected)


def test_no_console_errors_and_no_request_leaves_the_file(browser: Any,
                                                          report: Path) -> None:
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    requested = set()
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent" and (
                params.get("documentURL") == report.as_uri()):  # not the browser's own pages
            requested.add(params["request"]["url"])
    assert requested == {report.as_uri()}, "the page asked for nothing but itself"


def test_prints_on_a4_within_the_page_budget(browser: Any) -> None:
    from selenium.webdriver.common.print_page_options import PrintOptions

    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    pdf = base64.b64decode(browser.print_page(options))
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "jining.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF") and len(SECTIONS) - 1 <= pages <= PAGE_BUDGET, pages


def test_a_screenshot_of_each_section_at_1280_wide(browser: Any,
                                                   outputs: dict[str, Any]) -> None:
    """Written for people to look at; the test checks each is a real, non-empty picture."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert browser.execute_script("return window.innerWidth") == 1280
    for section in expected_sections(outputs):
        box = browser.execute_script(
            f"const r = document.getElementById('{section}').getBoundingClientRect();"
            "return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height];")
        shot = browser.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": box[1] - 8, "width": 1280, "height": box[3] + 16,
                     "scale": 1}})
        png = base64.b64decode(shot["data"])
        (ARTIFACTS / f"{section}.png").write_bytes(png)
        width = int.from_bytes(png[16:20], "big")
        assert png.startswith(b"\x89PNG") and width == 1280 and len(png) > 20_000, section
