"""One behaviour for every output file: refused unless regular or new (exit 2), atomic,
umask honoured, nothing written by a failing command, one ``wrote PATH`` line on stderr."""

from __future__ import annotations

import datetime as dt
import os
import stat
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit.cli import main
from policy_kit.errors import UsageError
from policy_kit.outfile import PendingFile, check_target, write_atomic
from tests.conftest import MINIMAL

SIMULATE = ["simulate", "xianyang-culture-subsidy", "--cases", "5", "--replications", "1"]


def _outputs(tmp_path: Path, target: Path) -> dict[str, list[str]]:
    return {
        "render": ["render", "xianyang-culture-subsidy", "-o", str(target)],
        "gantt": ["path", "xianyang-culture-subsidy", "--start", "2024-02-19", "--gantt",
                  str(target)],
        "event-log": [*SIMULATE, "--event-log", str(target)],
    }


@pytest.mark.parametrize("option", ["render", "gantt", "event-log"])
@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
@pytest.mark.usefixtures("english")  # its messages are pinned in English
def test_anything_but_a_regular_file_is_refused_with_exit_2(
        runner: CliRunner, tmp_path: Path, option: str, kind: str) -> None:
    suffix = {"render": ".svg", "gantt": ".svg", "event-log": ".csv"}[option]
    if kind == "fifo":
        target = tmp_path / f"pipe{suffix}"
        os.mkfifo(target)
    elif kind == "folder":
        target = tmp_path / f"folder{suffix}"
        target.mkdir()
    else:
        link = tmp_path / f"null{suffix}"  # a link to a device: the device is what is written
        link.symlink_to("/dev/null")
        target = link
    before = target.resolve().stat()
    result = runner.invoke(main, _outputs(tmp_path, target)[option])
    assert result.exit_code == 2, result.output
    assert "not a regular file" in result.output and "Traceback" not in result.output
    after = target.resolve().stat()
    assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("option", ["render", "gantt", "event-log"])
def test_new_files_honour_the_umask_and_are_announced_once_on_stderr(
        tmp_path: Path, option: str) -> None:
    suffix = {"render": ".dot", "gantt": ".svg", "event-log": ".xes"}[option]
    target = tmp_path / f"out{suffix}"
    old = os.umask(0o027)
    try:
        result = CliRunner().invoke(main, _outputs(tmp_path, target)[option])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert result.stderr.splitlines() == [f"wrote {target}"]
    assert f"wrote {target}" not in result.stdout


def test_a_stuck_walk_leaves_an_existing_chart_alone(runner: CliRunner, tmp_path: Path
                                                     ) -> None:
    process = tmp_path / "p.yaml"
    process.write_text(MINIMAL.replace("when: amount < 5", "when: amount < 0"),
                       encoding="utf-8")
    chart = tmp_path / "chart.svg"
    chart.write_text("old chart", encoding="utf-8")
    result = runner.invoke(main, ["path", str(process), "--set", "amount=3", "--start",
                                  "2024-02-19", "--gantt", str(chart)])
    assert result.exit_code == 1, result.output
    assert chart.read_text(encoding="utf-8") == "old chart"
    assert "wrote" not in result.output


def test_a_failed_simulation_writes_no_event_log(runner: CliRunner, tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text("old log", encoding="utf-8")
    result = runner.invoke(main, [*SIMULATE[:2], "--scenario", str(tmp_path / "missing.yaml"),
                                  "--event-log", str(log)])
    assert result.exit_code != 0
    assert log.read_text(encoding="utf-8") == "old log"


def test_pending_file_commits_on_success_and_discards_on_error(tmp_path: Path) -> None:
    target = tmp_path / "x.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError, match="boom"), PendingFile(target, text=True) as file:
        file.stream.write("half")
        raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "old"
    with PendingFile(target, text=True) as file:
        file.stream.write("新")
    assert target.read_text(encoding="utf-8") == "新"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.txt"]


def test_check_target_names_the_option(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"--gantt .*: it is a folder"):
        check_target(tmp_path, "--gantt")
    assert check_target(tmp_path / "new" / "file.svg") == (tmp_path / "new" / "file.svg"
                                                           ).resolve()
    write_atomic(tmp_path / "new" / "file.svg", b"<svg/>")
    assert (tmp_path / "new" / "file.svg").read_bytes() == b"<svg/>"


def test_json_is_written_as_it_is_encoded_and_reads_the_same() -> None:
    """``echo_json`` streams (a 200,000-applicant report is never one string) yet prints
    exactly what ``to_json`` returns."""
    import click

    from policy_kit.cli.output import echo_json, to_json

    data = {"awards": [{"applicant": f"甲{i}", "amount": Decimal("1.50")} for i in range(9000)],
            "none": None, "when": dt.date(2024, 1, 2)}

    @click.command()
    def show() -> None:
        echo_json(data)

    assert CliRunner().invoke(show).output == to_json(data) + "\n"
