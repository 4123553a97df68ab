"""Formats that can grow (docs/format.md): every kind of file carries a ``format`` number;
a file without one is format 1 and still loads; a newer format than this policy-kit reads
gets one message at the key's file:line:col and exit 1; every ``--json`` says its format
first."""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit.cli import main
from policy_kit.formats import FORMATS
from tests.calibrate_fixtures import scenario, simulate_log

Write = Callable[..., Path]
PROCESSES = Path(__file__).parent.parent / "processes"
XIANYANG = PROCESSES / "xianyang-culture-subsidy"


def _copy(tmp_path: Path, name: str) -> Path:
    """A bundled file copied with its process beside it (companions name their process)."""
    shutil.copy(XIANYANG.with_suffix(".yaml"), tmp_path)
    for path in PROCESSES.glob("jining-construction-start*.yaml"):
        shutil.copy(path, tmp_path)
    return Path(shutil.copy(PROCESSES / name, tmp_path))


def _with_format(path: Path, value: str | None) -> Path:
    """The file with its ``format`` line replaced (None: the line taken out), or one added."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^format: .*\n", "", text, flags=re.M)
    if value is not None:
        text = f"# a comment first, so the key is not on line 1\nformat: {value}\n{text}"
    path.write_text(text, encoding="utf-8")
    return path


FILES = [
    pytest.param("xianyang-culture-subsidy.yaml", "PK002", id="process"),
    pytest.param("xianyang-culture-subsidy.scenario.yaml", "PK501", id="scenario"),
    pytest.param("xianyang-culture-subsidy.policy.yaml", None, id="policy"),
    pytest.param("jining-construction-start-pre-reform.mapping.yaml", "PK503", id="mapping"),
]


@pytest.mark.parametrize(("name", "code"), FILES)
def test_a_newer_format_is_one_located_message(runner: CliRunner, tmp_path: Path, name: str,
                                               code: str | None) -> None:
    path = _with_format(_copy(tmp_path, name), "2")
    result = runner.invoke(main, ["validate", str(path), "--json", "--lang", "en"])
    assert result.exit_code == 1, result.output
    [finding] = json.loads(result.stdout)
    assert (finding["file"], finding["line"], finding["column"]) == (str(path), 2, 9)
    assert "written in format 2, newer than this policy-kit reads (format 1)" in \
        finding["message"]
    assert "upgrade policy-kit" in finding["hint"]
    if code is not None:
        assert finding["code"] == code


@pytest.mark.parametrize(("name", "code"), FILES)
def test_a_file_without_a_format_is_format_1(runner: CliRunner, tmp_path: Path, name: str,
                                             code: str | None) -> None:
    path = _with_format(_copy(tmp_path, name), None)
    result = runner.invoke(main, ["validate", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert not [f for f in json.loads(result.stdout) if f["severity"] == "error"]


@pytest.mark.parametrize(("value", "said", "said_zh"), [
    pytest.param("0", "`format` is 0: it must be 1", "`format` 是 0：应为 1", id="zero"),
    pytest.param("1.5", "`format` is 1.5: it must be 1", "`format` 是 1.5：应为 1",
                 id="fraction"),
    pytest.param("one", '`format` is "one": it must be 1', '`format` 是 "one"：应为 1',
                 id="text"),
    pytest.param("true", "`format` is True: it must be 1", "`format` 是 True：应为 1",
                 id="boolean"),
])
def test_a_format_that_is_no_version_is_refused(runner: CliRunner, tmp_path: Path, value: str,
                                                said: str, said_zh: str) -> None:
    path = _with_format(_copy(tmp_path, "xianyang-culture-subsidy.yaml"), value)
    result = runner.invoke(main, ["path", str(path), "--lang", "en"])
    assert result.exit_code == 1
    assert f"{path}:2:9: {said}" in result.stderr
    assert "Traceback" not in result.output
    chinese = runner.invoke(main, ["path", str(path)])
    assert chinese.exit_code == 1
    assert f"{path}:2:9: {said_zh}" in chinese.stderr
    assert "提示: 流程定义格式的版本号；是 1 时可以不写" in chinese.stderr


def test_the_commands_refuse_a_newer_process_before_any_work(runner: CliRunner,
                                                            tmp_path: Path) -> None:
    path = _with_format(_copy(tmp_path, "xianyang-culture-subsidy.yaml"), "3")
    for command in (["path", str(path)], ["simulate", str(path), "--cases", "5"],
                    ["render", str(path), "-o", str(tmp_path / "x.svg")]):
        result = runner.invoke(main, command)
        assert result.exit_code == 1, command
        assert result.stderr.count("这个流程定义按格式 3 书写") == 1, command
        assert not (tmp_path / "x.svg").exists()
    english = runner.invoke(main, ["path", str(path), "--lang", "en"])
    assert english.stderr.count("written in format 3") == 1


def test_a_holidays_file_of_a_newer_format(runner: CliRunner, write: Write) -> None:
    newer = write("source: test\nformat: 2\nholidays: [2027-01-04]\n", "h.yaml")
    args = ["path", "xianyang-culture-subsidy", "--start", "2027-01-04", "--holidays"]
    result = runner.invoke(main, [*args, str(newer)])
    assert result.exit_code == 1
    assert f"{newer}:2:9: 这个节假日文件按格式 2 书写" in result.stderr
    said = runner.invoke(main, [*args, str(newer), "--lang", "en"])
    assert f"{newer}:2:9: this holidays file is written in format 2" in said.stderr
    for text in ("format: 1\nholidays: [2027-01-04]\n", "holidays: [2027-01-04]\n"):
        older = write(text, "old.yaml")
        assert runner.invoke(main, [*args, str(older)]).exit_code == 0


def test_an_activity_mapping_of_a_newer_format(runner: CliRunner, tmp_path: Path) -> None:
    process, log = simulate_log(tmp_path, scenario(3, 10, 6, {"accept": 1.0}, 2, 20))
    mapping = tmp_path / "map.yaml"
    mapping.write_text("format: 2\nactivities: {}\n", encoding="utf-8")
    result = runner.invoke(main, ["conform", str(process), "--log", str(log),
                                  "--activities", str(mapping), "--lang", "en"])
    assert result.exit_code == 1
    assert f"{mapping}:1:9: this activity mapping is written in format 2" in result.stderr
    chinese = runner.invoke(main, ["conform", str(process), "--log", str(log),
                                   "--activities", str(mapping)])
    assert f"{mapping}:1:9: 这个活动对照文件按格式 2 书写，比这个 policy-kit 能读的格式（1）新" \
        in chinese.stderr


@pytest.mark.parametrize(("option", "command"), [
    pytest.param("--path", ["path", "xianyang-culture-subsidy", "--json"], id="path"),
    pytest.param("--heat", ["simulate", "xianyang-culture-subsidy", "--cases", "10",
                            "--replications", "1", "--json"], id="heat"),
])
def test_a_result_file_read_back(runner: CliRunner, tmp_path: Path, option: str,
                                 command: list[str]) -> None:
    printed = runner.invoke(main, command)
    assert printed.exit_code == 0, printed.output
    data = json.loads(printed.stdout)
    target = tmp_path / "x.dot"
    older = tmp_path / "older.json"
    older.write_text(json.dumps({k: v for k, v in data.items() if k != "format"}))
    assert runner.invoke(main, ["render", "xianyang-culture-subsidy", "-o", str(target),
                                option, str(older)]).exit_code == 0
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({**data, "format": 2}, indent=2))
    result = runner.invoke(main, ["render", "xianyang-culture-subsidy", "-o",
                                  str(tmp_path / "y.dot"), option, str(newer), "--lang", "en"])
    assert result.exit_code == 1
    assert f"{newer}:2:3: this " in result.stderr and "format 2, newer" in result.stderr
    assert not (tmp_path / "y.dot").exists()
    chinese = runner.invoke(main, ["render", "xianyang-culture-subsidy", "-o",
                                   str(tmp_path / "y.dot"), option, str(newer)])
    assert chinese.exit_code == 1
    assert f"{newer}:2:3：这个" in chinese.stderr and "按格式 2 书写" in chinese.stderr


def test_every_json_output_says_its_format_first(runner: CliRunner, tmp_path: Path) -> None:
    process, log = simulate_log(tmp_path, scenario(3, 10, 6, {"accept": 0.8, "refuse": 0.2},
                                                   2, 60))
    truth = tmp_path / "truth.scenario.yaml"
    with log.open(encoding="utf-8") as stream:
        days = sorted({row["end"][:10] for row in csv.DictReader(stream)})
    commands = {
        "path": ["path", "xianyang-culture-subsidy"],
        "simulate": ["simulate", "xianyang-culture-subsidy", "--cases", "10",
                     "--replications", "1"],
        "compare": ["compare", "xianyang-culture-subsidy", "--staff", "culture_office=3",
                    "--cases", "10", "--replications", "2"],
        "sweep": ["sweep", "xianyang-culture-subsidy", "--vary", "staff.culture_office=1,2",
                  "--cases", "5", "--replications", "2", "--workers", "0"],
        "conform": ["conform", str(process), "--log", str(log)],
        "calibrate": ["calibrate", str(process), "--log", str(log), "-o",
                      str(tmp_path / "c.scenario.yaml")],
        "forecast": ["forecast", str(process), "--log", str(log), "--as-of", days[len(days) // 2],
                     "--scenario", str(truth), "--replications", "5"],
    }
    for kind, command in commands.items():
        result = runner.invoke(main, [*command, "--json"])
        assert result.exit_code == 0, (kind, result.output)
        data = json.loads(result.stdout)
        assert next(iter(data)) == "format" and data["format"] == FORMATS[kind], kind
