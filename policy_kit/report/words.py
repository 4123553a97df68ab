"""The words a report prints, in Chinese or English: headings, captions, axis labels.

Part of report: one table, so that a Chinese report has nothing English but ids and code.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["ReportLang", "say"]

ReportLang = Literal["zh", "en"]

_WORDS: dict[str, tuple[str, str]] = {
    "report": ("流程报告", "Process report"),
    "command": ("命令", "Command"),
    "version": ("版本", "Version"),
    "seed": ("随机种子", "Seed"),
    "date": ("生成日期", "Date"),
    "contents": ("目录", "Contents"),
    # sections
    "overview": ("流程概览", "The process at a glance"),
    "findings": ("检查发现", "What the checker found"),
    "path": ("一件申请的办理路径", "One application's dated path"),
    "simulation": ("模拟结果", "Simulation results"),
    "whatif": ("方案对比", "What-if"),
    "conformance": ("实际案件对照", "Conformance of real cases"),
    "states": ("全部状态图", "Every state"),
    # overview
    "stages": ("阶段", "Stages"),
    "stage": ("阶段", "Stage"),
    "lead": ("牵头部门", "Lead department"),
    "limit": ("时限", "Limit"),
    "source": ("依据", "Source"),
    "assumption": ("假设", "assumption"),
    "departments": ("部门", "Departments"),
    "certificates": ("证照", "Certificates"),
    "issued_by": ("发证部门", "Issued by"),
    "process_limit": ("全流程时限", "Limit of the whole process"),
    "parallel": ("并联:{n}项", "in parallel: {n} reviews"),
    "no_limit": ("未设时限", "no limit"),
    "items": ("各事项", "items"),
    "items_unlimited": (";另有 {n} 项未设时限", "; {n} without a limit"),
    "waived": ("另有{n}项警告已说明理由豁免。", "{n} warnings are suppressed with reasons."),
    "checker_clean": ("检查:无错误、无警告。", "The checker found no errors and no warnings."),
    # findings
    "errors": ("错误", "errors"),
    "warnings": ("警告", "warnings"),
    "notes": ("提示", "notes"),
    "code": ("编号", "Code"),
    "severity": ("级别", "Severity"),
    "where": ("位置", "Where"),
    "message": ("说明", "Message"),
    "counterexample": ("反例", "Counterexample"),
    "hint": ("建议", "Hint"),
    "any_applicant": ("任意申请人", "any applicant"),
    "starts_at": ("起点", "Starts at"),
    "suppressed": ("已豁免", "suppressed"),
    "error": ("错误", "error"),
    "warning": ("警告", "warning"),
    "info": ("提示", "note"),
    # path
    "outcome": ("结果", "Outcome"),
    "received": ("受理日期", "Received"),
    "finish": ("办结日期", "Finished"),
    "stuck": ("未办结", "not finished"),
    "steps": ("步数", "Steps"),
    "step": ("事项", "Step"),
    "from_to": ("起止", "From – to"),
    "applicant": ("申请人", "Applicant"),
    "used": ("已用", "Used"),
    "of": ("/", "of"),
    "over": ("超时", "over"),
    "promised_basis": ("每一步按承诺时限的最长用时推算。",
                       "Each step takes the longest its limit allows (the promised dates)."),
    # simulation
    "cases": ("案件数", "Cases"),
    "replications": ("重复次数", "Replications"),
    "mean_government": ("平均办理时间(政府计时)", "Mean time on the government clock"),
    "p90_government": ("90%案件在此之内办结", "90% of cases finish within"),
    "mean_elapsed": ("平均经过时间", "Mean elapsed time"),
    "approved_government": ("获批案件平均办理时间(政府计时)",
                            "Mean time of an approved case on the government clock"),
    "breach": ("超出全流程时限的比例", "Share over the process limit"),
    "working_days": ("工作日", "working days"),
    "ci": ("95%置信区间", "95% interval"),
    "cycle_plot": ("办理时间累计分布:在某一工作日数内办结的案件占比",
                   "How long cases take: the share finished within so many working days"),
    "cycle_axis": ("办理时间(政府计时,工作日)", "time on the government clock (working days)"),
    "elapsed_axis": ("经过时间(工作日)", "elapsed time (working days)"),
    "share_axis": ("案件占比", "share of cases"),
    "done_axis": ("已办结案件占比", "share of finished cases"),
    "cases_axis": ("案件数", "cases"),
    "limit_line": ("全流程时限 {days}", "process limit {days}"),
    "outcome_plot": ("办理结果(含95%置信区间)", "Outcomes (with 95% intervals)"),
    "department_plot": ("部门忙闲与排队", "Departments: how busy, how long cases queue"),
    "utilisation_axis": ("利用率", "utilisation"),
    "queue_axis": ("平均排队(工作日)", "mean queue wait (working days)"),
    "bottlenecks": ("瓶颈", "Bottlenecks"),
    "department": ("部门", "Department"),
    "state": ("事项", "Step"),
    "utilisation": ("利用率", "Utilisation"),
    "queue_wait": ("平均排队(工作日)", "Mean queue wait (working days)"),
    "wait_per_case": ("每件排队(工作日)", "Queue wait per case (working days)"),
    "heat": ("热度图(各阶段)", "Heat over the stages"),
    "heat_caption": ("线宽=通过次数;底色=平均耗时(政府计时)。",
                     "Arrow width = times taken; fill = mean time on the government clock."),
    "data_source": ("数据来源:policy-kit simulate,{scenario}",
                    "Source: policy-kit simulate, {scenario}"),
    # what-if
    "baseline": ("基准", "Baseline"),
    "variant": ("对比方案", "Variant"),
    "figure": ("指标", "Figure"),
    "difference": ("差值", "Difference"),
    "verdict": ("结论", "Verdict"),
    "saving": ("节省", "saves"),
    "adds": ("增加", "adds"),
    "no_clear": ("无明显差别", "no clear difference"),
    "whatif_lead": ("{b}相对{a}:政府计时下{who}{change} {days} 个工作日"
                    "(95%区间 {low} 至 {high})。",
                    "Against {a}, {b} {change} {days} working days on the government clock "
                    "for {who} (95% interval {low} to {high})."),
    "whatif_none": ("{b}相对{a}:政府计时下{who}无明显差别(95%区间包含0)。",
                    "Against {a}, {b} makes no clear difference for {who} on the government "
                    "clock (the 95% interval includes zero)."),
    "an_approved_case": ("一件获批案件", "an approved case"),
    "a_case": ("一件案件", "a case"),
    "B lower": ("B 更低", "B lower"),
    "B higher": ("B 更高", "B higher"),
    # conformance
    "log_cases": ("案件数", "Cases"),
    "fitting": ("完全符合流程的案件", "Cases that fit the process"),
    "fitness": ("拟合度", "Fitness"),
    "limits_broken": ("超出时限的环节", "Steps over their limit"),
    "deadlines_passed": ("超过办结期限的案件", "Cases past their deadline"),
    "log_source": ("案件日志", "Case log"),
    "events": ("{n} 条记录", "{n} events"),
    "calendar": ("日历", "calendar"),
    "frequent": ("最常见的偏离", "Most frequent deviations"),
    "deviation": ("偏离", "Deviation"),
    "activity": ("环节", "Activity"),
    "example": ("示例案件", "Example case"),
    "median_days": ("中位用时(工作日)", "Median (working days)"),
    "over_limit": ("超时环节/有时限环节", "Over limit / with a limit"),
    "over_share": ("超时比例", "Share over"),
    # forecast
    "forecast": ("在办案件预测", "Forecast of the open cases"),
    "forecast_lead": ("截至 {as_of} 零时,日志中仍在办 {open} 件;以下是将它们一并模拟 "
                      "{replications} 次的结果(情景:{scenario})。",
                      "{open} cases are open at the start of {as_of}; below, {replications} "
                      "simulations of them together (scenario: {scenario})."),
    "calibrated_from": ("由案件日志 {log} 截至 {as_of} 的记录校准",
                        "calibrated from {log} up to {as_of}"),
    "open_cases": ("在办案件", "Open cases"),
    "expected_breaches": ("预计超出全流程时限的案件", "Expected to break the process limit"),
    "limit_basis": ("时限按政府计时:自案件首条记录起按流程日历计{limit},申请人补正、法定公示等"
                    "不计时的工作日顺延截止日,此后办结即计为超时(与符合性检查同一口径)。",
                    "The limit counts the government clock: {limit} on the process calendar "
                    "from the case's first event, moved on by every working day spent on the "
                    "applicant's side or in a statutory period; a case finishing later is over "
                    "it (as policy-kit conform counts it)."),
    "no_process_limit": ("流程未设时限", "the process sets no limit"),
    "expected_late": ("预计超过登记期限的案件", "Expected to pass their recorded deadline"),
    "finishes_plot": ("每周预计办结的案件数(柱)与累计办结比例(线)",
                      "Cases expected to finish each week (bars), and the share of the open "
                      "cases finished by then (line)"),
    "week_axis": ("办结所在周", "week of finishing"),
    "finishes_axis": ("预计办结(件/周)", "expected to finish (cases a week)"),
    "finished_axis": ("累计办结占比", "share of open cases finished"),
    "forecast_source": ("数据来源:policy-kit forecast,{scenario} · 截至 {as_of} · "
                        "模拟 {replications} 次 · 随机种子 {seed}",
                        "Source: policy-kit forecast, {scenario} · as of {as_of} · "
                        "{replications} simulations · seed {seed}"),
    "open_case_table": ("各在办案件:办结日期与超时风险", "Each open case: finish dates and risk"),
    "in_progress_note": ("早、最可能、晚:10%、50%、90% 的模拟在此日期前办结;粗体为当日正在办理的"
                         "环节;超时可能性高的在前。",
                         "10%, 50%, 90%: the share of simulations in which the case finished "
                         "by that date; steps in bold were in progress that day; the likeliest "
                         "to break the limit first."),
    "log_case": ("案件", "Case"),
    "where_now": ("所在环节", "Where it stands"),
    "p10": ("早(10%)", "10%"),
    "p50": ("最可能(50%)", "50% (likely)"),
    "p90": ("晚(90%)", "90%"),
    "due": ("时限截止(截至预测日)", "Limit ends (as of the forecast day)"),
    "limit_risk": ("超时可能性", "Chance over the limit"),
    "deadline_risk": ("超过登记期限可能性", "Chance past its deadline"),
    "finish_share": ("十年内办结的模拟占比", "Finished within ten years"),
    "not_in_ten_years": ("十年内未办结", "not within ten years"),
    "more_cases": ("另有 {n} 件未列出(全部见 policy-kit forecast --cases-out)。",
                   "{n} more not listed (all of them: policy-kit forecast --cases-out)."),
    "reviews_done": ("(本阶段另有 {n} 项已办结)", "({n} of the stage's reviews done)"),
    "open_work": ("在办环节所在部门", "Where the open work sits"),
    "open_steps": ("在办环节数", "Open steps"),
    # states
    "zoom_hint": ("滚轮缩放,拖动平移,双击复原。",
                  "Wheel to zoom, drag to pan, double-click to reset."),
    "zoom_in": ("放大", "Zoom in"),
    "zoom_out": ("缩小", "Zoom out"),
    "reset": ("复原", "Reset"),
}


def say(key: str, lang: ReportLang, **values: object) -> str:
    """The phrase ``key`` in ``lang``, with ``{name}`` fields filled in."""
    zh, en = _WORDS[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text
