"""``policy-kit path --start``: dated steps, calendars, --explain, --gantt, and their mistakes."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policy_kit.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
DATED = str(FIXTURES / "dated.yaml")
PARALLEL = str(FIXTURES / "dated-parallel.yaml")
XIANYANG = "xianyang-culture-subsidy"
Write = Callable[[str | bytes, str], Path]


def run(runner: CliRunner, *args: str, code: int = 0) -> str:
    result = runner.invoke(main, ["path", *args])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.output


def as_json(runner: CliRunner, *args: str, code: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run(runner, *args, "--json", code=code))
    return data


def dates(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(s["state"], s["start"], s["end"]) for s in data["steps"]]


# --- JSON --------------------------------------------------------------------------------------


def test_json_shape(runner: CliRunner) -> None:
    data = as_json(runner, XIANYANG, "--start", "2024-02-19")
    assert {"process", "attributes", "outcome", "stuck_at", "steps", "certificates"} <= set(data)
    assert data["start"] == "2024-02-19"
    assert data["finish"] == data["steps"][-1]["end"] == "2024-05-30"
    assert data["estimated_years"] == []
    assert data["basis"] == "promised"
    assert data["calendar"] == "cn-lenient"
    first = data["steps"][0]
    assert {"number", "state", "stage", "region", "department", "trigger", "event", "to",
            "entered", "certificates", "kind", "clock", "start", "end", "duration", "limit",
            "no_limit", "limits", "waited_for", "transition"} == set(first)
    assert first["clock"] == "applicant"
    assert first["duration"] == {"days": 30, "unit": "natural_days"}
    assert first["limit"] == {"natural_days": 30, "counts_first_day": False}
    assert first["limits"] == {"task": {"id": "submission", "unit": "natural_days",
                                        "limit": 30, "used": 30, "remaining": 0,
                                        "over": False},
                               "stage": None, "process": None}


def test_json_limits_and_the_join(runner: CliRunner) -> None:
    data = as_json(runner, PARALLEL, "--start", "2024-02-06")
    join = next(s for s in data["steps"] if s["kind"] == "join")
    assert (join["start"], join["end"], join["clock"], join["waited_for"]) == (
        "2024-02-28", "2024-02-28", None, "plan_review")
    assert data["limits"] == [
        {"scope": "stage", "id": "reviews", "unit": "working_days", "limit": 8, "used": 10,
         "remaining": -2, "over": True},
        {"scope": "process", "id": "dated-parallel-fixture", "unit": "working_days",
         "limit": 14, "used": 15, "remaining": -1, "over": True}]


def test_json_flags_steps_without_a_limit(runner: CliRunner) -> None:
    data = as_json(runner, DATED, "--start", "2024-02-06")
    assert data["no_limit"] == ["archive"]
    archive = data["steps"][-1]
    assert (archive["no_limit"], archive["limit"], archive["duration"]) == (
        True, None, {"days": 0, "unit": "working_days"})


def test_without_start_the_json_is_as_before(runner: CliRunner) -> None:
    data = as_json(runner, XIANYANG)
    assert "start" not in data and "finish" not in data
    assert "clock" not in data["steps"][0] and "guards" not in data["steps"][0]


# --- the calendar cases through the command ----------------------------------------------------


def test_national_day_cases(runner: CliRunner) -> None:
    notice = as_json(runner, str(FIXTURES / "dated-notice.yaml"), "--start", "2023-09-28")
    assert dates(notice)[0] == ("notice", "2023-09-28", "2023-10-10")
    receipt = as_json(runner, DATED, "--start", "2023-09-28")
    assert dates(receipt)[0] == ("review", "2023-09-28", "2023-10-11")


def test_correction_and_same_day_steps(runner: CliRunner) -> None:
    data = as_json(runner, DATED, "--start", "2023-09-28", "--choose", "request_correction")
    assert dates(data) == [
        ("review", "2023-09-28", "2023-10-11"),
        ("correction", "2023-10-11", "2023-10-23"),
        ("review", "2023-10-23", "2023-10-30"),
        ("notice", "2023-10-30", "2023-11-03"),
        ("sign", "2023-11-03", "2023-11-03"),
        ("stamp", "2023-11-03", "2023-11-03"),
        ("archive", "2023-11-03", "2023-11-03"),
    ]
    assert [s["limits"]["process"]["used"] for s in data["steps"]] == [5, 5, 10, 10, 10, 10, 10]


def test_start_on_a_holiday(runner: CliRunner) -> None:
    data = as_json(runner, DATED, "--start", "2024-02-10")
    assert data["start"] == "2024-02-10"
    assert dates(data)[0] == ("review", "2024-02-18", "2024-02-23")


def test_strict_beyond_2026_refuses(runner: CliRunner) -> None:
    output = run(runner, DATED, "--start", "2027-03-01", "--calendar-mode", "strict", code=1)
    assert "没有 2027 年的法定节假日数据" in output
    assert "--calendar-mode lenient" in output and "节假日文件" in output


def test_lenient_beyond_2026_estimates_and_says_so(runner: CliRunner) -> None:
    data = as_json(runner, DATED, "--start", "2026-12-28")
    assert data["estimated_years"] == [2027]
    assert dates(data)[0] == ("review", "2026-12-28", "2027-01-05")
    text = run(runner, DATED, "--start", "2026-12-28", "--calendar-mode", "lenient")
    assert "估算:缺少 2027 年的法定节假日数据" in text


def test_holidays_file_declares_a_year(runner: CliRunner, write: Write) -> None:
    holidays = write("source: 假设的2027年安排\nholidays: [2027-01-01, 2027-01-04]\n"
                     "workdays: [2027-01-02]\n", "h2027.yaml")
    args = [DATED, "--start", "2026-12-28", "--calendar-mode", "strict"]
    data = as_json(runner, *args, "--holidays", str(holidays))
    assert data["estimated_years"] == []
    # 12-29, 12-30, 12-31, Saturday 01-02 (worked), 01-05: Monday 01-04 is off.
    assert dates(data)[0] == ("review", "2026-12-28", "2027-01-05")
    assert data["calendar"] == "cn-strict+overrides"


def test_holidays_csv_adds_a_local_day_off(runner: CliRunner, write: Write) -> None:
    holidays = write("date,kind\n2023-10-09,holiday\n", "local.csv")
    data = as_json(runner, DATED, "--start", "2023-09-28", "--holidays", str(holidays))
    assert dates(data)[0] == ("review", "2023-09-28", "2023-10-12")


def test_bad_holidays_file_points_at_the_line(runner: CliRunner, write: Write) -> None:
    holidays = write("holidays:\n  - 2027-02-30\n", "bad.yaml")
    output = run(runner, DATED, "--start", "2027-01-04", "--holidays", str(holidays), code=1)
    assert f"{holidays}:2:5: '2027-02-30' 不是日期" in output
    assert "日期写成 `YYYY-MM-DD`" in output
    said = run(runner, DATED, "--start", "2027-01-04", "--holidays", str(holidays), "--lang",
               "en", code=1)
    assert f"{holidays}:2:5: '2027-02-30' is not a date" in said


@pytest.mark.parametrize(("text", "name", "said"), [
    ("date,kind\n2027-01-01,holiday,extra\n", "h.csv", "应有 2 列"),
    ("date,kind\n2027-01-01,feast\n", "h.csv", "既不是 `holiday` 也不是 `workday`"),
    ("kind,date\n", "h.csv", "表头必须是 `date,kind`"),
    ("holidays: [2027-01-01]\nworkdays: [2027-01-01]\n", "h.yaml", "既列为节假日"),
    ("holidays: 2027-01-01\n", "h.yaml", "这里应是日期列表"),
    ("holidays: [[2027-01-01]]\n", "h.yaml", "却是列表或映射"),
    ("holiday: [2027-01-01]\n", "h.yaml", "未知的键 `holiday`"),
    ("source: [a]\n", "h.yaml", "`source` 必须是一行文字"),
    ("- 2027-01-01\n", "h.yaml", "必须是含 `holidays` 和 `workdays` 的映射"),
    (b"holidays: [2027-01-01]  # \xff\n", "h.yaml", "不是 UTF-8 文本"),
])
def test_a_bad_holidays_file_is_told_in_chinese(runner: CliRunner, write: Write,
                                                text: str | bytes, name: str,
                                                said: str) -> None:
    from tests.test_chinese_output import english

    holidays = write(text, name)
    output = run(runner, DATED, "--start", "2027-01-04", "--holidays", str(holidays), code=1)
    assert said in output
    assert not english(output.replace(str(holidays), "")), output


@pytest.mark.usefixtures("english")  # its messages are pinned in English
def test_missing_holidays_file(runner: CliRunner, tmp_path: Path) -> None:
    output = run(runner, DATED, "--start", "2024-01-08", "--holidays",
                 str(tmp_path / "none.yaml"), code=2)
    assert "--holidays" in output and "no such file" in output


@pytest.mark.usefixtures("english")  # its messages are pinned in English
def test_weekly_process_refuses_a_holidays_file(runner: CliRunner, write: Write) -> None:
    text = Path(DATED).read_text(encoding="utf-8").replace("calendar: cn", "calendar: weekly")
    weekly = write(text, "weekly.yaml")
    holidays = write("holidays: [2024-01-01]\n", "h.yaml")
    output = run(runner, str(weekly), "--start", "2023-09-28", "--holidays", str(holidays),
                 code=2)
    assert "--holidays needs the cn calendar" in output
    assert dates(as_json(runner, str(weekly), "--start", "2023-09-28"))[0] == (
        "review", "2023-09-28", "2023-10-05")


# --- text -------------------------------------------------------------------------------------


def test_text_table(runner: CliRunner) -> None:
    output = run(runner, PARALLEL, "--start", "2024-02-06")
    assert "日历:cn-lenient;受理日期 2024-02-06;承诺日期" in output
    assert "2024-02-08  2024-02-28  政府  10 wd  10/10  10/8!  12/14" in output
    assert "并联汇合(等待 plan_review)" in output
    assert "阶段 并联审查的时限:已用 10 / 8 wd,超出 2  ⚠" in output
    assert "办结日期:2024-03-04" in output
    assert "结果:approved" in output
    assert "✔ 施工许可证 [permit]" in output
    english = run(runner, PARALLEL, "--start", "2024-02-06", "--lang", "en")
    assert "limit of stage Parallel reviews: 10 of 8 wd used, over by 2  ⚠" in english
    assert "join (waited for plan_review)" in english and "outcome: approved" in english


def test_text_flags_steps_without_a_limit(runner: CliRunner) -> None:
    output = run(runner, DATED, "--start", "2024-02-06", "--lang", "en")
    assert "Archive (Approval office)  --file-->  approved  ⚑ no limit" in output
    assert "steps without a limit (taken as 0 days): archive" in output


def test_stuck_dated_path_exits_1(runner: CliRunner, write: Write) -> None:
    text = Path(DATED).read_text(encoding="utf-8").replace(
        "{from: notice, to: sign, on: no_objection}",
        "{from: notice, to: sign, on: no_objection, when: score > 90}")
    data = as_json(runner, str(write(text, "stuck.yaml")), "--start", "2024-03-04", code=1)
    assert data["finish"] is None and data["stuck_at"] == ["notice"]


# --- --explain --------------------------------------------------------------------------------


def test_explain_text(runner: CliRunner) -> None:
    output = run(runner, XIANYANG, "--explain", "--set", "expert_score=40")
    assert "✓ decline → rejected: 已走:条件成立" in output
    assert "✗ recommend → public_notice: 未走:条件不成立" in output
    assert "expert_score >= 60 = false" in output
    assert "读取: expert_score = 40" in output
    assert "✗ reject → rejected: 未走:条件不成立" in output
    english = run(runner, XIANYANG, "--explain", "--set", "expert_score=40", "--lang", "en")
    assert "✓ decline → rejected: taken: its guard holds" in english
    assert "read: expert_score = 40" in english
    assert '    sector == "other" = false' in output


def test_explain_json(runner: CliRunner) -> None:
    data = as_json(runner, XIANYANG, "--explain", "--start", "2024-02-19")
    guards = {g["trigger"]: g for g in data["steps"][1]["guards"]}
    assert set(guards) == {"pass", "request_supplement", "reject"}
    reject = guards["reject"]
    assert (reject["holds"], reject["enabled"], reject["taken"]) == (False, False, False)
    assert reject["guard"] == 'not registered_in_zone or sector == "other"'
    assert reject["read"] == {"registered_in_zone": True, "sector": "film_tv_media"}
    assert reject["parts"]["logic"] == "or"
    assert [p["text"] for p in reject["parts"]["parts"]] == ["not registered_in_zone",
                                                              'sector == "other"']
    assert data["steps"][0]["guards"][0]["guard"] is None


# --- --gantt ----------------------------------------------------------------------------------


def test_gantt_svg_is_written(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "out" / "gantt.svg"
    run(runner, DATED, "--start", "2024-02-06", "--gantt", str(target))
    svg = target.read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "受理审查" in svg and 'class="holiday"' in svg
    assert [p.name for p in target.parent.iterdir()] == ["gantt.svg"]


@pytest.mark.skipif(shutil.which("rsvg-convert") is None and not os.environ.get("CI"),
                    reason="rsvg-convert (librsvg2-bin) is not installed; CI installs it")
def test_gantt_png_is_written(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "gantt.PNG"
    run(runner, PARALLEL, "--start", "2024-02-06", "--gantt", str(target))
    assert target.read_bytes().startswith(b"\x89PNG")
    assert [p.name for p in tmp_path.iterdir()] == ["gantt.PNG"]


def test_gantt_png_without_converter_leaves_no_file(runner: CliRunner, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    target = tmp_path / "gantt.png"
    output = run(runner, DATED, "--start", "2024-02-06", "--gantt", str(target), code=1)
    assert "没有安装 `rsvg-convert`" in output
    assert list(tmp_path.iterdir()) == []


# --- usage mistakes ---------------------------------------------------------------------------


@pytest.mark.parametrize("option", [
    ["--gantt", "x.svg"], ["--calendar-mode", "strict"], ["--holidays", "h.yaml"],
    ["--expected"],
], ids=["gantt", "calendar-mode", "holidays", "expected"])
@pytest.mark.usefixtures("english")  # its messages are pinned in English
def test_dating_options_need_start(runner: CliRunner, option: list[str]) -> None:
    output = run(runner, DATED, *option, code=2)
    assert f"{option[0]} dates the path and needs --start DATE" in output


@pytest.mark.parametrize("value", ["2024-13-01", "tomorrow", "2024/02/19"],
                         ids=["month-13", "word", "slashes"])
@pytest.mark.usefixtures("english")  # its messages are pinned in English
def test_bad_start_date(runner: CliRunner, value: str) -> None:
    output = run(runner, DATED, "--start", value, code=2)
    assert f"{value!r} is not a date; write YYYY-MM-DD" in output


@pytest.mark.usefixtures("english")  # its messages are pinned in English
def test_gantt_format_must_be_svg_or_png(runner: CliRunner, tmp_path: Path) -> None:
    output = run(runner, DATED, "--start", "2024-02-06", "--gantt", str(tmp_path / "g.pdf"),
                 code=2)
    assert "--gantt writes .svg or .png" in output
    assert list(tmp_path.iterdir()) == []


def test_bad_calendar_mode(runner: CliRunner) -> None:
    output = run(runner, DATED, "--start", "2024-02-06", "--calendar-mode", "loose", code=2)
    assert "'loose' 不在可选值 'strict', 'lenient' 之中" in output
    output = run(runner, DATED, "--start", "2024-02-06", "--calendar-mode", "loose", "--lang",
                 "en", code=2)
    assert "'loose' is not one of 'strict', 'lenient'" in output


# --- --expected -------------------------------------------------------------------------------


def test_expected_dates_come_from_the_scenario(runner: CliRunner) -> None:
    process = FIXTURES / "expected" / "dated-expected.yaml"
    data = as_json(runner, str(process), "--start", "2024-03-04", "--expected")
    assert data["basis"] == "expected"
    assert data["scenario"] == str(process.with_name("dated-expected.scenario.yaml"))
    assert data["finish"] == "2024-03-19"
    assert data["steps"][0]["duration"] == {"days": 3, "unit": "working_days"}
    assert data["steps"][0]["limits"]["task"]["remaining"] == 2
    text = run(runner, str(process), "--start", "2024-03-04", "--expected")
    assert "预计日期:每一步取" in text and "中时长的中位数" in text
    assert "未设时限的步骤:archive" in text


def test_expected_for_the_bundled_process(runner: CliRunner) -> None:
    data = as_json(runner, XIANYANG, "--start", "2025-02-10", "--expected")
    assert data["basis"] == "expected" and data["outcome"] == "paid"
    assert data["scenario"].endswith("xianyang-culture-subsidy.scenario.yaml")
    promised = as_json(runner, XIANYANG, "--start", "2025-02-10")
    assert promised["scenario"] is None
    assert [s["state"] for s in data["steps"]] == [s["state"] for s in promised["steps"]]


@pytest.mark.usefixtures("english")  # its messages are pinned in English
def test_expected_without_a_scenario(runner: CliRunner) -> None:
    output = run(runner, DATED, "--start", "2024-02-06", "--expected", code=2)
    assert "--expected needs a scenario; none is available for this process" in output
    assert "dated.scenario.yaml" in output


@pytest.mark.usefixtures("english")  # its messages are pinned in English
def test_several_dating_options_without_start(runner: CliRunner) -> None:
    output = run(runner, DATED, "--expected", "--gantt", "g.svg", code=2)
    assert "--expected, --gantt date the path and need --start DATE" in output


def test_a_done_guard_waits_for_the_other_region(runner: CliRunner) -> None:
    """Jining's completion filing carries the other acceptances: it ends after them."""
    result = runner.invoke(main, ["path", "jining-construction-start", "--start", "2024-03-01",
                                  "--json"])
    steps = {s["state"]: s for s in json.loads(result.output)["steps"]}
    filing = steps["item_completion_filing"]
    last_acceptance = max(steps[s]["end"] for s in (
        "item_planning_verification", "item_fire_acceptance", "item_civil_defence_acceptance",
        "item_lightning_acceptance", "item_archives_acceptance"))
    assert filing["start"] == last_acceptance
    assert filing["waited_for"] is not None
    assert filing["limits"]["task"]["remaining"] >= 0, "waiting does not eat its own limit"
