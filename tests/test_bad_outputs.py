"""Output files and runtime guard errors: clear messages, nothing clobbered, no traceback."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit import DefinitionError, compile, load, walk
from policy_kit.cli import main
from policy_kit.outfile import write_atomic
from tests.conftest import MINIMAL


def test_output_through_a_symlink_writes_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real.dot"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.dot"
    link.symlink_to(target)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "new"


def test_output_that_is_not_a_regular_file_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.dot"
    os.mkfifo(fifo)
    with pytest.raises(Exception, match="is a named pipe"):
        write_atomic(fifo, "x")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_output_gets_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "x.dot", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "x.dot").stat().st_mode) == 0o644


def test_unwritable_folder_is_a_message_not_a_traceback(runner: CliRunner, tmp_path: Path
                                                        ) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        result = runner.invoke(main, ["render", "xianyang-culture-subsidy", "-o",
                                      str(folder / "x.dot")])
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 1
    assert "cannot write" in result.output and "Traceback" not in result.output


def test_division_by_zero_in_a_guard_is_located(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL.replace("when: amount >= 5", "when: amount / (amount - 10) >= 5"),
                    encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"p.yaml:22:\d+: guard: division by zero"):
        walk(compile(load(path)))


def test_start_year_outside_the_policy_still_shows_the_path(runner: CliRunner) -> None:
    result = runner.invoke(main, ["path", "xianyang-culture-subsidy", "--start", "1990-03-01",
                                  "--json"])
    assert result.exit_code == 0, result.output
    award = json.loads(result.output)["award"]
    assert award["amount"] is None and "1989" in award["note"]  # the 1990 round pays 1989


def test_heat_file_with_a_bom_is_read(runner: CliRunner, tmp_path: Path) -> None:
    simulated = runner.invoke(main, ["simulate", "xianyang-culture-subsidy", "--cases", "30",
                                     "--replications", "1", "--json"])
    heat = tmp_path / "heat.json"
    heat.write_bytes(b"\xef\xbb\xbf" + simulated.output.encode("utf-8"))
    result = runner.invoke(main, ["render", "xianyang-culture-subsidy", "--heat", str(heat),
                                  "-o", str(tmp_path / "x.dot")])
    assert result.exit_code == 0, result.output


def test_permission_denied_on_write_is_a_message(runner: CliRunner, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("policy_kit.outfile._create_beside", refuse)
    result = runner.invoke(main, ["render", "xianyang-culture-subsidy", "-o",
                                  str(tmp_path / "x.dot")])
    assert result.exit_code == 1
    assert f"无法写入 {tmp_path / 'x.dot'}：没有权限" in result.output  # not the C library's words
    english = runner.invoke(main, ["render", "xianyang-culture-subsidy", "-o",
                                   str(tmp_path / "x.dot"), "--lang", "en"])
    assert f"cannot write {tmp_path / 'x.dot'}: Permission denied" in english.output


def test_a_copied_process_does_not_take_the_bundled_policy(runner: CliRunner, tmp_path: Path
                                                           ) -> None:
    source = Path(__file__).parent.parent / "processes" / "xianyang-culture-subsidy.yaml"
    copy = tmp_path / "xianyang-culture-subsidy.yaml"
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(main, ["award", str(copy), "--year", "2023"])
    assert result.exit_code == 1
    assert "没有政策文件" in result.output
    walked = runner.invoke(main, ["path", str(copy), "--json"])
    assert "award" not in json.loads(walked.output)


@pytest.mark.usefixtures("english")  # its messages are pinned in English
def test_compare_changes_out_of_range_are_usage_errors(runner: CliRunner) -> None:
    for change in (["--staff", "culture_office=99999999999999"], ["--arrivals", "inf"]):
        result = runner.invoke(main, ["compare", "xianyang-culture-subsidy", *change,
                                      "--cases", "5", "--replications", "2"])
        assert result.exit_code == 2, result.output
        assert "the changes make the scenario invalid" in result.output
        assert "Traceback" not in result.output


def test_absurd_duration_is_a_message_not_an_overflow(runner: CliRunner) -> None:
    result = runner.invoke(main, ["compare", "xianyang-culture-subsidy", "--duration",
                                  "preliminary_review={dist: fixed, value: 1e300}",
                                  "--cases", "5", "--replications", "2"])
    assert result.exit_code == 1
    assert "仿真越过了日历的尽头" in result.output


def test_waiting_on_another_region_is_not_a_limit_breach(runner: CliRunner) -> None:
    """Jining's construction permit waits for the planning permit (a done() guard); the
    wait is not the housing office's delay, so its own limit is almost always kept."""
    result = runner.invoke(main, ["simulate", "jining-construction-start", "--cases", "60",
                                  "--replications", "1", "--json"])
    assert result.exit_code == 0, result.output
    rates = json.loads(result.output)["sla_breach_rate"]["states"]
    assert rates["item_construction_permit"] < 0.1
    assert rates["item_setting_out"] < 0.1


def test_batch_before_the_scenario_start_is_located(runner: CliRunner, tmp_path: Path) -> None:
    source = Path(__file__).parent.parent / "processes"
    scenario = (source / "xianyang-culture-subsidy.scenario.yaml").read_text(encoding="utf-8")
    start = re.search(r"^start: (\d{4})-\d\d-\d\d", scenario, re.M)
    assert start is not None
    early = f"{int(start.group(1)) - 1}-01-02"
    match = re.search(r"(- \{?date: )(\d{4}-\d\d-\d\d)", scenario)
    if match is None:
        pytest.skip("the bundled scenario has no dated batches")
    bad = tmp_path / "xianyang-culture-subsidy.scenario.yaml"
    bad.write_text(scenario.replace(match.group(0), match.group(1) + early, 1),
                   encoding="utf-8")
    result = runner.invoke(main, ["simulate", "xianyang-culture-subsidy", "--scenario",
                                  str(bad), "--cases", "5", "--replications", "1", "--lang",
                                  "en"])
    assert result.exit_code == 1, result.output
    assert f"{bad}:" in result.output and "before the scenario's start" in result.output


def test_event_log_folder_is_made(runner: CliRunner, tmp_path: Path) -> None:
    log = tmp_path / "new" / "log.csv"
    result = runner.invoke(main, ["simulate", "xianyang-culture-subsidy", "--cases", "5",
                                  "--replications", "1", "--event-log", str(log)])
    assert result.exit_code == 0, result.output
    assert log.read_text(encoding="utf-8").startswith("case_id,")
