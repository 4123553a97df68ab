"""``policy-kit report``: sections, self-containment, bad inputs (no browser; see
test_report_browser.py for the rendered page)."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_helpers import command_json, json_value, same

from policy_kit.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
XIANYANG = "xianyang-culture-subsidy"
OPTIONS = ("--cases", "40", "--replications", "2", "--seed", "3")
FIGURE = re.compile(r'<data class="figure" value="([^"]*)" data-source="(\w+)" '
                    r'data-key="([^"]*)">([^<]*)</data>')


@pytest.fixture(scope="module")
def xianyang(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("report") / "x.html"
    result = CliRunner().invoke(main, ["report", XIANYANG, "-o", str(out), "--start",
                                       "2024-03-01", "--lang", "zh", *OPTIONS])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def sections(page: str) -> list[str]:
    return re.findall(r'<section id="(\w+)"', page)


def test_sections_have_something_to_show(xianyang: str) -> None:
    """No findings for Xianyang, no --compare: neither section; the others in order."""
    assert sections(xianyang) == ["overview", "path", "simulation", "states"]
    assert "检查:无错误、无警告。" in xianyang


def test_header_says_how_to_reproduce(xianyang: str) -> None:
    header = xianyang[:xianyang.index("<main>")]
    assert re.search(r"<code>policy-kit report xianyang-culture-subsidy --output \S+ "
                     r"--cases 40 --replications 2 --seed 3 --start 2024-03-01 --lang zh</code>",
                     header), "every option, the language too (it may come from the locale)"
    assert re.search(r"<dt>随机种子</dt><dd>3</dd>", header)
    assert re.search(r"<dt>版本</dt><dd>policy-kit \d", header)


def test_nothing_in_the_page_can_load_anything(xianyang: str) -> None:
    addresses = set(re.findall(r"(?:https?:)?//[\w.-]+[^\s\"'<>)]*", xianyang))
    assert addresses <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert not re.search(r"<(link|img|iframe|object|embed)\b|\ssrc=|@import|url\((?!#)",
                         xianyang)
    assert "default-src 'none'" in xianyang
    assert "Noto Sans CJK SC" in xianyang


def test_figures_are_the_commands_json_figures(xianyang: str) -> None:
    """The same check the browser test makes on the rendered page, on the file itself."""
    outputs = {"simulate": command_json("simulate", XIANYANG, *OPTIONS),
               "path": command_json("path", XIANYANG, "--start", "2024-03-01"),
               "validate": command_json("validate", XIANYANG)}
    found = FIGURE.findall(xianyang)
    assert {source for _, source, _, _ in found} == {"simulate", "path"}
    for value, source, key, _ in found:
        expected = json_value(outputs[source], source, json.loads(unescape(key)))
        assert same(unescape(value), expected), (source, key, value, expected)


def test_an_english_report_is_in_english(tmp_path: Path) -> None:
    out = tmp_path / "en.html"
    result = CliRunner().invoke(main, ["report", str(FIXTURES / "parallel.yaml"), "-o",
                                       str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "The process at a glance" in page
    assert "simulation" not in sections(page), "no scenario beside it: nothing to simulate"
    assert not re.search(r"[\u4e00-\u9fff]", re.sub(r"<svg.*?</svg>", "", page, flags=re.S)
                         .split("<main>")[1]), "no Chinese outside the pictures' names"


@pytest.mark.parametrize(("args", "code", "message"), [
    (["-o", "out.pdf"], 2, "-o writes an HTML file"),
    (["--start", "2024-13-01"], 2, "is not a date"),
    (["--set", "no_such=1"], 2, "no_such"),
    (["--scenario", "missing.scenario.yaml"], 1, "missing.scenario.yaml"),
], ids=["suffix", "start", "set", "scenario"])
@pytest.mark.usefixtures("english")  # its messages are pinned in English
def test_bad_options_write_nothing(tmp_path: Path, args: list[str], code: int,
                                   message: str) -> None:
    out = tmp_path / "out.html"
    arguments = ["report", XIANYANG, "-o", str(out), *OPTIONS, *args]
    if args[0] == "-o":
        arguments = ["report", XIANYANG, *args, *OPTIONS]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == code, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_a_folder_in_the_way_is_refused_before_any_work(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", XIANYANG, "-o", str(tmp_path), *OPTIONS])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_a_process_that_does_not_exist(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", "no-such-process", "-o",
                                       str(tmp_path / "r.html")])
    assert result.exit_code == 1 and "no-such-process" in result.output


def test_a_case_log_adds_conformance_with_conforms_figures(tmp_path: Path) -> None:
    """--log (conform's flags): the section's figures are `conform --json`'s."""
    log = tmp_path / "cases.csv"
    made = CliRunner().invoke(main, ["simulate", XIANYANG, "--cases", "30", "--replications",
                                     "1", "--seed", "7", "--event-log", str(log)])
    assert made.exit_code == 0, made.output
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", XIANYANG, "-o", str(out), "--log", str(log),
                                       "--lang", "en", *OPTIONS])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert sections(page) == ["overview", "path", "simulation", "conformance", "states"]
    assert "Most frequent deviations" not in page or "Deviation" in page
    conform = command_json("conform", XIANYANG, "--log", str(log))
    found = [f for f in FIGURE.findall(page) if f[1] == "conform"]
    assert {json.loads(unescape(k))[1] for _, _, k, _ in found} >= {
        "cases", "fitting_share", "fitness", "limits_broken"}
    for value, source, key, _ in found:
        assert same(unescape(value), json_value(conform, source, json.loads(unescape(key))))


def test_a_bad_case_log_is_an_input_error(tmp_path: Path) -> None:
    log = tmp_path / "bad.csv"
    log.write_text("nothing,useful\n1,2\n", encoding="utf-8")
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", XIANYANG, "-o", str(out), "--log", str(log),
                                       *OPTIONS])
    assert result.exit_code in (1, 2) and "Traceback" not in result.output
    assert not out.exists()


def test_one_replication_has_no_interval_and_no_crash(tmp_path: Path) -> None:
    """simulate --replications 1 prints no interval between replications (ci95 null)."""
    out = tmp_path / "one.html"
    result = CliRunner().invoke(main, ["report", XIANYANG, "-o", str(out), "--cases", "30",
                                       "--replications", "1", "--seed", "3", "--lang", "en"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "simulation" in sections(page) and "ci95" not in page


def test_a_stage_says_which_of_its_steps_have_no_limit() -> None:
    """The range of a stage's item limits is not the whole story when a government step
    has none; and limits resting on the modeller's assumption say so."""
    from policy_kit.loader import load
    from policy_kit.report.overview import overview_section

    body = overview_section(load(str(FIXTURES / "permit-limited.yaml")), "en", False, 0).body
    assert "items: 2 working days; 1 without a limit" in body
    assert body.count("assumption: test fixture") >= 3, "process limit and both stages"


def test_the_plots_name_the_scenario_file_not_its_folder(tmp_path: Path) -> None:
    out = tmp_path / "s.html"
    scenario = (FIXTURES / "permit-limited.scenario.yaml").resolve()
    result = CliRunner().invoke(main, ["report", str(FIXTURES / "permit-limited.yaml"), "-o",
                                       str(out), "--scenario", str(scenario), *OPTIONS,
                                       "--lang", "en"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8").split("<main>")[1]
    assert "Source: policy-kit simulate, permit-limited.scenario.yaml" in page
    assert str(scenario.parent) not in page
