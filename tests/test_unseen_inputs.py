"""Inputs nobody here wrote: logs, definitions and scenarios in the shapes other systems
and modellers produce, each held to what the commands promise (a regression per bug)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from policy_kit.cli import main

PERMIT = Path(__file__).resolve().parent / "fixtures" / "unseen-permit.yaml"
HEADER = "办件编号,环节名称,开始时间,结束时间,办理人\n"


def _gov_log(tmp_path: Path, rows: list[str]) -> Path:
    """A log as a Chinese government system exports it: GB18030, Chinese headers."""
    path = tmp_path / "办件.csv"
    path.write_bytes((HEADER + "\n".join(rows) + "\n").encode("gb18030"))
    return path


def _conform(log: Path, *extra: str) -> dict[str, dict[str, object]]:
    result = CliRunner().invoke(main, ["conform", str(PERMIT), "--log", str(log), "--json",
                                       *extra])
    assert result.exit_code == 0, result.output
    return {c["case"]: c for c in json.loads(result.output)["cases"]}


def _found(case: dict[str, object]) -> list[tuple[object, ...]]:
    deviations = case["deviations"]
    assert isinstance(deviations, list)
    return [(d["kind"], d["state"], d["position"]) for d in deviations]


def test_a_log_ending_on_the_last_step_counts_the_skipped_review_missing(
        tmp_path: Path) -> None:
    """No outcome column: the case ends on 制证, which can only lead to the end, so it is
    finished with 规划审查 missing, not open with its last step thrown away."""
    case = _conform(_gov_log(tmp_path, [
        "C3,受理审查,2024-03-04 09:00,2024-03-04 10:00,张三",
        "C3,消防审查,2024-03-05 09:00,2024-03-05 17:00,李四",
        "C3,制证,2024-03-06 09:00,2024-03-06 11:00,张三",
    ]))["C3"]
    assert _found(case) == [("missing", "plan_check", 2)]
    assert case["finished"] is True and case["outcome"] == "approved"


def test_a_step_after_an_inferred_end_is_after_end(tmp_path: Path) -> None:
    case = _conform(_gov_log(tmp_path, [
        "C6,受理审查,2024-03-04 09:00,2024-03-04 10:00,张三",
        "C6,消防审查,2024-03-05 09:00,2024-03-05 12:00,李四",
        "C6,规划审查,2024-03-05 09:00,2024-03-05 17:00,王五",
        "C6,制证,2024-03-06 09:00,2024-03-06 11:00,张三",
        "C6,规划审查,2024-03-07 09:00,2024-03-07 11:00,王五",
    ]))["C6"]
    assert _found(case) == [("after_end", "plan_check", 4)]
    assert case["finished"] is True


def test_an_open_case_with_an_early_step_stays_open(tmp_path: Path) -> None:
    """Ending it would cost two deviations; keeping it open costs one."""
    case = _conform(_gov_log(tmp_path, [
        "C9,受理审查,2024-03-04 09:00,2024-03-04 10:00,张三",
        "C9,消防审查,2024-03-05 09:00,2024-03-05 12:00,李四",
        "C9,制证,2024-03-05 13:00,2024-03-05 14:00,张三",
        "C9,规划审查,2024-03-06 09:00,2024-03-06 17:00,王五",
    ]))["C9"]
    assert _found(case) == [("unexpected", "issue", 2)]
    assert case["finished"] is False


def test_a_deviation_at_the_end_of_an_open_log_does_not_end_it(tmp_path: Path) -> None:
    """受理审查 can lead silently to `rejected`; an unknown last activity is no reason to
    take that way: the case stays open (and a forecast still sees it)."""
    case = _conform(_gov_log(tmp_path, [
        "C4,受理审查,2024-03-04 09:00,2024-03-04 10:00,张三",
        "C4,盖章,2024-03-04 11:00,2024-03-04 11:30,赵六",
    ]))["C4"]
    assert _found(case) == [("unknown_activity", None, 1)]
    assert case["finished"] is False and case["outcome"] is None


def test_forecast_the_day_after_the_export_neither_refused_nor_redoing_done_steps(
        tmp_path: Path) -> None:
    """A log exported on the evening of 4 March is forecast from 5 March (the natural
    --as-of). X's 受理审查 is done; only its way on is unknown: X must not wait another ten
    working days for it. Y's is in progress since 09:00 on 4 March: nine days are left."""
    log = _gov_log(tmp_path, ["X,受理审查,2024-03-04 09:00,2024-03-04 10:00,张三",
                              "Y,受理审查,2024-03-04 09:00,,张三"])
    ran = CliRunner().invoke(main, [
        "forecast", str(PERMIT), "--log", str(log), "--as-of", "2024-03-05", "--json",
        "--scenario", str(PERMIT.with_suffix(".scenario.yaml")), "--replications", "5"])
    assert ran.exit_code == 0, ran.output
    cases = {c["case"]: c for c in json.loads(ran.stdout)["cases"]}
    assert cases["X"]["p50"] == "2024-03-06"  # both reviews on the 5th, issued on the 6th
    assert cases["Y"]["p50"] == "2024-03-19"  # accepted 15th, reviews 18th, issued 19th


def test_a_deadline_written_as_a_day_runs_to_its_end(tmp_path: Path) -> None:
    """承诺办结时间 is usually a date: a case done at 10:00 that day kept it."""
    path = tmp_path / "deadline.csv"
    path.write_text("办件编号,环节名称,开始时间,结束时间,承诺办结时间\n"
                    "D1,受理审查,2024-03-04 09:00,2024-03-04 10:00,2024-03-04\n"
                    "D2,受理审查,2024-03-04 09:00,2024-03-05 10:00,2024/3/4\n"
                    "D3,受理审查,2024-03-04 09:00,2024-03-04 10:00,2024年3月4日\n"
                    "D4,受理审查,2024-03-04 09:00,2024-03-04 10:00,2024-03-04 09:30\n",
                    encoding="utf-8")
    cases = _conform(path, "--deadline-column", "承诺办结时间")
    assert {c: cases[c]["deadline_breached"] for c in cases} == {
        "D1": False, "D2": True, "D3": False, "D4": True}


def test_excel_dates_with_dashes_and_no_padding_are_read(tmp_path: Path) -> None:
    """WPS and Excel write a date cell saved as text as 2024-3-5 9:07, like 2024/3/5 9:07."""
    case = _conform(_gov_log(tmp_path, [
        "E,受理审查,2024-3-4 9:00,2024-3-4 10:07,张三"]))["E"]
    assert case["finished"] is False and case["deviations"] == []


def test_sweep_intervals_stay_within_what_a_kpi_can_take() -> None:
    """Two replications give a wide t interval: a share stays in [0, 1], a time >= 0."""
    from policy_kit.simulate.sweep import summarise

    sweep = summarise((), [()], [0.0], [[{"breach.process": 0.0, "government.p50": 0.5},
                                        {"breach.process": 0.3, "government.p50": 9.0}]],
                      None)
    kpis = sweep.points[0]["kpis"]
    assert kpis["breach.process"]["ci95"][0] == 0.0
    assert kpis["breach.process"]["ci95"][1] == 1.0
    assert kpis["government.p50"]["ci95"][0] == 0.0


def test_overlapping_guards_name_the_applicant_as_guards_write_values(
        tmp_path: Path) -> None:
    path = tmp_path / "overlap.yaml"
    path.write_text(
        "format: 1\nid: overlap\ntitle: 重叠\n"
        "attributes:\n  eligible: {type: bool, example: true, assumption: t}\n"
        "states:\n  - {id: decide, kind: decision}\n"
        "  - {id: ok, kind: final, outcome: approved}\n"
        "  - {id: no, kind: final, outcome: rejected}\n"
        "transitions:\n  - {from: decide, to: ok, on: yes, when: \"not eligible\"}\n"
        "  - {from: decide, to: no, on: no, when: \"eligible == false\"}\n",
        encoding="utf-8")
    ran = CliRunner().invoke(main, ["validate", str(path), "--lang", "en"])
    assert "PK302" in ran.output, ran.output
    assert "eligible=false" in ran.output and "eligible=False" not in ran.output


MERGED = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="x">
  <process id="p" name="合并网关">
    <startEvent id="s"/>
    <task id="check" name="审查"/>
    <exclusiveGateway id="g" name="规模" default="c"/>
    <exclusiveGateway id="m" name="合并"/>
    <task id="big" name="重点审查"/>
    <task id="std" name="常规审查"/>
    <endEvent id="e" name="办结"/>
    <sequenceFlow id="f0" sourceRef="s" targetRef="check"/>
    <sequenceFlow id="f1" sourceRef="check" targetRef="g"/>
    <sequenceFlow id="a" sourceRef="g" targetRef="m">
      <conditionExpression xsi:type="tFormalExpression">${x &lt; 10}</conditionExpression>
    </sequenceFlow>
    <sequenceFlow id="b" sourceRef="g" targetRef="m">
      <conditionExpression xsi:type="tFormalExpression">${x &gt; 20}</conditionExpression>
    </sequenceFlow>
    <sequenceFlow id="c" sourceRef="g" targetRef="std"/>
    <sequenceFlow id="f2" sourceRef="m" targetRef="big"/>
    <sequenceFlow id="f3" sourceRef="big" targetRef="e"/>
    <sequenceFlow id="f4" sourceRef="std" targetRef="e"/>
  </process>
</definitions>
"""


def test_two_conditions_merged_before_one_task_both_lead_to_it(tmp_path: Path) -> None:
    """x < 10 and x > 20 both reach 重点审查 through a merging gateway (a common way to
    draw it); the import kept only the first, and x = 25 was stuck at the split."""
    bpmn = tmp_path / "merged.bpmn"
    bpmn.write_text(MERGED, encoding="utf-8")
    out = tmp_path / "merged.yaml"
    ran = CliRunner().invoke(main, ["import", str(bpmn), "-o", str(out)])
    assert ran.exit_code == 0, ran.output
    for x, task in (("25", "big"), ("5", "big"), ("15", "std")):
        walked = CliRunner().invoke(main, ["path", str(out), "--set", f"x={x}", "--json"])
        assert walked.exit_code == 0, walked.output
        states = [step["to"] for step in json.loads(walked.stdout)["steps"]]
        assert task in states, (x, states)
    checked = CliRunner().invoke(main, ["validate", str(out), "--lang", "en"])
    assert "PK301" not in checked.output, checked.output


def test_an_event_mapped_to_a_final_state_ends_the_case(tmp_path: Path) -> None:
    """办结 is mapped to `approved`: the case ended there, so the reviews and the issuing
    it skipped are missing (it was reported open, with 办结 an unexpected step)."""
    mapping = tmp_path / "activities.yaml"
    mapping.write_text("activities: {受理审查: accept, 消防审查: fire_check, 规划审查: plan_check,"
                       " 制证: issue, 办结: approved, 不予受理: rejected}\n", encoding="utf-8")
    cases = _conform(_gov_log(tmp_path, [
        "M1,受理审查,2024-03-04 09:00,2024-03-04 10:00,张三",
        "M1,不予受理,2024-03-04 11:00,2024-03-04 12:00,张三",
        "M3,受理审查,2024-03-04 09:00,2024-03-04 10:00,张三",
        "M3,办结,2024-03-06 09:00,2024-03-06 10:00,张三",
    ]), "--activities", str(mapping))
    assert cases["M1"]["finished"] is True and cases["M1"]["outcome"] == "rejected"
    assert cases["M3"]["finished"] is True and cases["M3"]["outcome"] == "approved"
    assert [d[0] for d in _found(cases["M3"])] == ["missing"] * 3


def test_a_workbook_opening_with_a_notes_sheet_says_which_sheets_it_has(
        tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["本表由办件系统导出"])
    data = book.create_sheet("办件明细")
    data.append(["办件编号", "环节名称", "结束时间"])
    data.append(["W1", "受理审查", "2024-03-04 10:00"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    ran = CliRunner().invoke(main, ["conform", str(PERMIT), "--log", str(path)])
    assert ran.exit_code == 1 and "`办件明细`" in ran.output and "--sheet" in ran.output
    assert "Traceback" not in ran.output
    assert _conform(path, "--sheet", "办件明细")["W1"]["finished"] is False


def test_a_log_with_only_a_start_time_column_is_not_all_in_progress(tmp_path: Path) -> None:
    """开始时间 alone (no end column): the case went through 制证 and is finished, not
    open with every step still running; naming it as the time does not make it the
    start too (every step took 0 h)."""
    path = tmp_path / "starts.csv"
    path.write_text("办件编号,环节名称,开始时间\nS1,受理审查,2024-03-04 09:00\n"
                    "S1,消防审查,2024-03-05 09:00\nS1,规划审查,2024-03-05 10:00\n"
                    "S1,制证,2024-03-06 09:00\n", encoding="utf-8")
    for extra in ((), ("--time-column", "开始时间")):
        ran = CliRunner().invoke(main, ["conform", str(PERMIT), "--log", str(path),
                                        "--json", *extra])
        assert ran.exit_code == 0, ran.output
        result = json.loads(ran.stdout)
        case = result["cases"][0]
        assert case["finished"] is True and case["fitness"] == 1.0, extra
        hours = {a["activity"]: a["median_working_hours"] for a in result["activities"]}
        assert hours["制证"] == 7.0, extra  # from the later review's 10:00 to 09:00 next day


def test_the_projects_own_parquet_event_log_conforms(tmp_path: Path) -> None:
    """simulate --event-log FILE.parquet writes it; conform read it as GB18030 text."""
    log = tmp_path / "simulated.parquet"
    ran = CliRunner().invoke(main, [
        "simulate", str(PERMIT), "--scenario", str(PERMIT.with_suffix(".scenario.yaml")),
        "--cases", "20", "--replications", "1", "--event-log", str(log)])
    assert ran.exit_code == 0, ran.output
    cases = _conform(log)
    assert len(cases) == 20
    assert all(c["fitness"] == 1.0 and c["finished"] is True for c in cases.values())


def test_recorded_outcomes_the_process_does_not_know_are_said(tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    path.write_text("办件编号,环节名称,结束时间,办理结果\nR1,受理审查,2024-03-04 10:00,不予许可\n",
                    encoding="utf-8")
    ran = CliRunner().invoke(main, ["conform", str(PERMIT), "--log", str(path), "--json"])
    assert ran.exit_code == 0, ran.output
    result = json.loads(ran.stdout)
    assert result["cases"][0]["finished"] is True
    assert any("不予许可" in w["en"] and "approved, rejected" in w["en"]
               for w in result["summary"]["warnings"]), result["summary"]["warnings"]


def test_a_log_whose_activities_match_nothing_says_how_to_map_them(tmp_path: Path) -> None:
    path = tmp_path / "english.csv"
    path.write_text("case,activity,timestamp\n1,Register,2024-03-04 10:00\n", encoding="utf-8")
    ran = CliRunner().invoke(main, ["conform", str(PERMIT), "--log", str(path), "--lang", "en"])
    assert ran.exit_code == 0 and "--activities" in ran.output, ran.output


def test_camunda_8_feel_conditions_with_their_leading_equals_sign_translate() -> None:
    """Camunda Modeler 8 writes every condition as `=expression`; the `=` marks FEEL."""
    from policy_kit.bpmn.conditions import translate

    found = translate('= amount > 5 and kind = "a"')
    assert found is not None and found.text == 'amount > 5 and kind == "a"'
    flag = translate("=complete = false")
    assert flag is not None and flag.text == "complete == false"
