"""The catalogue of checks: every code the checker can report, with its severity and one line.

Part of load → **check**. Codes are stable: a code once published keeps its meaning, so
suppressions and code-review tools can rely on it. ``PK0xx`` reading and suppressing,
``PK1xx`` structure (resolve.py reports PK101–PK105 while loading), ``PK2xx`` behaviour
over the state space, ``PK3xx`` guard coverage, ``PK4xx`` time limits, ``PK5xx`` scenarios
(reported by ``policy-kit simulate``; listed here so that every code a user meets can be
looked up), ``PK6xx`` declared properties, ``PK7xx`` provenance (every number says where it
comes from; ``provenance``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .findings import Severity, Words

__all__ = ["CATALOGUE", "Rule", "rule"]

Group = Literal["load", "suppress", "structure", "behaviour", "guards", "timing",
                "properties", "scenario", "provenance"]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    group: Group
    title: Words
    summary: Words


def _rule(code: str, severity: Severity, group: Group, zh: str, en: str, summary_zh: str,
          summary_en: str) -> Rule:
    return Rule(code, severity, group, Words(zh, en), Words(summary_zh, summary_en))


CATALOGUE: dict[str, Rule] = {r.code: r for r in (
    _rule("PK001", "error", "load", "文件无法读取", "Unreadable file",
          "文件不存在、不是 UTF-8 文本,或 YAML 语法有误。",
          "The file is missing, not UTF-8 text, or not valid YAML."),
    _rule("PK002", "error", "load", "不符合定义格式", "Schema violation",
          "键或值不符合定义格式(未知的键、缺少的键、错误的类型)。",
          "A key or value does not fit the definition format (unknown, missing, wrong type)."),
    _rule("PK003", "warning", "suppress", "无效的抑制", "Suppression that does not apply",
          "`suppress` 中的一项没有抑制任何警告(错误不能被抑制)。",
          "A `suppress` entry matches no warning (errors cannot be suppressed)."),
    _rule("PK101", "error", "load", "未声明的引用", "Unknown reference",
          "引用了未声明的状态、阶段、部门、材料、证照或属性。",
          "Refers to a state, stage, department, document, certificate or attribute that is "
          "not declared."),
    _rule("PK102", "error", "load", "重复的标识", "Duplicate id",
          "同一个标识被声明了两次。", "The same id is declared twice."),
    _rule("PK103", "error", "load", "不允许的转移", "Illegal transition",
          "转移直接进入某个并联分支内部;只能进入阶段本身。",
          "A transition enters a concurrent region directly instead of its stage."),
    _rule("PK104", "error", "load", "终止状态的结果", "Final state outcome",
          "办结状态缺少结果,或分支内的终止状态带有结果。",
          "A final state that ends the case lacks an outcome, or one inside a region has one."),
    _rule("PK105", "error", "load", "条件有误", "Bad guard",
          "`when` 条件无法解析或类型不符。", "A `when` guard does not parse or type-check."),
    _rule("PK106", "error", "structure", "不可达的状态", "Unreachable state",
          "从开始沿任何转移都到不了这个状态。",
          "No sequence of transitions from the start leads to this state."),
    _rule("PK107", "error", "structure", "死胡同", "Dead end",
          "非终止状态没有任何出路。", "A state that is not final has no way out."),
    _rule("PK108", "error", "structure", "终止状态有出路", "Final state with a way out",
          "终止状态上还有转移出去。", "A final state is the source of a transition."),
    _rule("PK109", "error", "structure", "阶段无入口", "Stage with no entry",
          "没有任何转移进入这个阶段,它也不是开始阶段。",
          "No transition enters the stage and it is not where a case starts."),
    _rule("PK110", "error", "structure", "阶段或分支无出口", "Stage or region with no exit",
          "阶段没有任何转移离开;或并联分支到不了它的终止状态。",
          "No transition leaves the stage, or a region cannot reach its final state."),
    _rule("PK111", "warning", "structure", "声明但未使用", "Declared but never used",
          "部门、材料或证照声明了却没有被任何步骤使用。",
          "A department, document or certificate is declared but nothing uses it."),
    _rule("PK112", "error", "structure", "证照可能重复核发", "Certificate issued twice",
          "在同一条办理路径上,同一证照可能被核发两次。",
          "On one path a case can be issued the same certificate twice."),
    _rule("PK113", "error", "structure", "材料先要后给", "Document required before provided",
          "某一步要求的材料,在此之前没有任何步骤提供,也不是申请人自带的。",
          "A step requires a document that no earlier step provides and the applicant does "
          "not bring."),
    _rule("PK114", "error", "load", "分支没有终止状态", "Region without a final state",
          "并联阶段的某个分支没有终止状态,会签永远无法完成。",
          "A region of a concurrent stage has no final state, so the stage can never be "
          "joined."),
    _rule("PK115", "warning", "structure", "证照不在获批路径上核发",
          "Certificate issued on no approved way",
          "证照只在不会以正面结果办结的路径上核发(例如只在不予许可时):获批的申请人拿不到它。",
          "A certificate is issued only on ways that never end with a positive outcome (only "
          "on a refusal, say): no successful applicant gets it."),
    _rule("PK116", "error", "structure", "承诺的证照未核发", "Promised certificate not issued",
          "证照承诺随某个结果核发(`promised`),但有一条以该结果办结的路径没有核发它。",
          "A certificate is promised with an outcome (`promised`), but a way that ends with "
          "that outcome does not issue it."),
    _rule("PK201", "error", "behaviour", "死锁", "Deadlock",
          "案件可能停在某处:没有办结,也没有任何可走的路。",
          "A case can get stuck: not finished, and no way on is enabled."),
    _rule("PK202", "error", "behaviour", "无法办结", "No way to finish",
          "走到这里之后,案件再也不可能办结。",
          "After this point the case can no longer reach any outcome."),
    _rule("PK203", "warning", "behaviour", "分支未完即办结", "Ends with a region running",
          "某个并联分支直接办结了案件,而其他分支还在办理中。",
          "A region ends the whole case while other regions are still running."),
    _rule("PK204", "error", "behaviour", "永不可用的转移", "Dead transition",
          "对任何申请人、在任何可达的情况下,这条转移都不会启用。",
          "For no applicant and in no reachable situation is this transition enabled."),
    _rule("PK205", "error", "behaviour", "无出口的循环", "Loop with no way out",
          "案件可能在几个状态之间永远循环,没有任何办结的可能。",
          "A case can circle among some states forever with no way to an outcome."),
    _rule("PK206", "warning", "behaviour", "无上限的循环", "Loop without a bound",
          "案件可能无限次地重复一个循环(例如补正);用 `max_rounds` 设上限。",
          "A case can repeat a loop (such as corrections) without limit; bound it with "
          "`max_rounds`."),
    _rule("PK207", "error", "behaviour", "条件无法求值", "Guard fails",
          "对某些申请人,条件在运行时出错(例如除以零)。",
          "For some applicants a guard cannot be evaluated (for example a division by zero)."),
    _rule("PK208", "info", "behaviour", "条件按抽样检查", "Guards checked by sampling",
          "条件的运算连求解器也无法判定(例如非线性运算),只检查了抽样的申请人:样本之间可能"
          "有条件缺口或重叠。",
          "Not even the solver could decide a guard (non-linear arithmetic, say), so "
          "applicants were sampled: a gap or an overlap may lie between the samples."),
    _rule("PK209", "warning", "behaviour", "状态空间过大", "State space too large",
          "可达状态过多,行为检查没有完成。",
          "Too many reachable states: the behavioural checks did not finish."),
    _rule("PK301", "error", "guards", "条件缺口", "Guard gap",
          "对某些申请人,这个状态所有出路的条件都不成立,案件会停在这里。",
          "For some applicants none of the guards out of this state can hold: they are "
          "stuck there."),
    _rule("PK302", "warning", "guards", "条件重叠", "Guard overlap",
          "对某些申请人,决策状态(或同一触发)的两条路条件同时成立:同一触发时先声明的一条生效,"
          "决策状态则留给办理人选择。",
          "For some applicants two guarded ways out of a decision (or of one trigger) hold "
          "at once: on one trigger the first declared is taken; at a decision the choice is "
          "left to whoever handles the case."),
    _rule("PK401", "warning", "timing", "时限在最慢路径上超出", "Limit exceeded on the slowest way",
          "沿最慢的办理路径,政府时钟上各步骤时限之和超过阶段时限或流程的总时限。",
          "Along the slowest way, the limits of the steps on the government clock add up to "
          "more than a stage's limit or the process's total limit."),
    _rule("PK402", "warning", "timing", "没有路径能守住的时限", "Limit no way can keep",
          "即使走最快的路径,各步骤时限之和也超过时限:只有部门提前办结才能做到。",
          "Even along the fastest way the steps' limits add up to more than the limit: it "
          "holds only if offices beat their own limits."),
    _rule("PK403", "warning", "timing", "没有时限的政府步骤", "Government step without a limit",
          "占用政府时钟的步骤没有时限,经过它的时限都无法检查。",
          "A step on the government clock has no limit, so no limit it counts against can be "
          "checked."),
    _rule("PK404", "info", "timing", "时限无法判定", "Limit undecided",
          "无法判定时限是否够用(没有时限的步骤、无上限的循环、工作日与自然日混用等),给出区间。",
          "Whether a limit holds cannot be decided (a step without a limit, a loop without a "
          "bound, working and natural days mixed, …); the range is given."),
    _rule("PK405", "warning", "timing", "不计时的时限", "Limit with nothing to count",
          "阶段或流程的时限只计政府时钟,而其中没有任何步骤占用政府时钟。",
          "A stage's or the process's limit counts the government clock, and no step in it "
          "runs that clock."),
    _rule("PK406", "warning", "timing", "不耗时状态上的时限", "Limit on a state that takes no time",
          "决策状态按条件选择出路、不耗时间,它的时限永远不会被超出。",
          "A decision chooses its way by guards and takes no time, so its limit can never "
          "be broken."),
    _rule("PK501", "error", "scenario", "情景文件有误", "Bad scenario",
          "情景文件(`<id>.scenario.yaml`)不符合格式:未知或缺少的键、错误的值。由 "
          "`policy-kit validate` 和 `simulate` 报告。",
          "A scenario file (`<id>.scenario.yaml`) does not fit its format: unknown or "
          "missing keys, wrong values. Reported by `policy-kit validate` and `simulate`."),
    _rule("PK502", "error", "scenario", "情景与流程不符", "Scenario does not fit its process",
          "情景引用了流程中不存在的状态、触发、部门或属性,或缺少某个步骤的时长。由 "
          "`policy-kit validate` 和 `simulate` 报告。",
          "A scenario names a state, trigger, department or attribute the process does not "
          "have, or lacks a step's duration. Reported by `policy-kit validate` and "
          "`simulate`."),
    _rule("PK503", "error", "scenario", "对照表文件有误", "Bad mapping file",
          "改革对照表(`<before>.mapping.yaml`)不符合格式:未知或缺少的键、错误的值。",
          "A reform's mapping file (`<before>.mapping.yaml`) does not fit its format: "
          "unknown or missing keys, wrong values."),
    _rule("PK504", "error", "scenario", "对照表与流程不符", "Mapping does not fit its processes",
          "对照表引用了改革前后流程中不存在的状态,重复列出某一事项,或改动了事项却未说明原因。",
          "A mapping names a state that its process before or after the reform does not "
          "have, lists an item twice, or changes an item without saying why."),
    _rule("PK505", "error", "scenario", "政策文件有误", "Bad policy file",
          "政策文件(`<id>.policy.yaml`)不符合格式,或与其流程不符:未知的键或属性、缺少年度参数、"
          "引用不存在的条款。",
          "A policy file (`<id>.policy.yaml`) does not fit its format or its process: unknown "
          "keys or attributes, a year without parameters, a reference to nothing."),
    _rule("PK506", "error", "scenario", "政策公式有误", "Policy formula error",
          "政策文件中的条件或金额公式无法解析或类型不符。",
          "A condition or amount formula in a policy file cannot be parsed or is ill-typed."),
    _rule("PK601", "error", "properties", "违反 `never` 性质", "Never property violated",
          "某个可达的情形满足了声明为永不发生的条件。",
          "A reachable situation satisfies a condition declared never to happen."),
    _rule("PK602", "error", "properties", "违反 `eventually` 性质",
          "Eventually property violated",
          "案件可能一直不满足声明为终将发生的条件:停住、办结或永远循环。",
          "A case can go on without ever meeting a condition declared to happen eventually: "
          "it stops, ends or loops forever first."),
    _rule("PK603", "error", "properties", "违反 `within` 性质", "Within property violated",
          "两个步骤之间政府时钟上的时限之和可能超过声明的期限。",
          "Between two steps the limits on the government clock can add up to more than "
          "declared."),
    _rule("PK604", "info", "properties", "性质无法判定", "Property undecided",
          "无法证明也无法否定一个声明的性质(抽样的申请人、未完全探索的状态空间、时限区间)。",
          "A declared property could be neither proved nor refuted (sampled applicants, a "
          "state space not fully explored, a range of times)."),
    _rule("PK605", "error", "properties", "无法度量的性质", "Property that cannot be measured",
          "`within` 指向了并联分支内的步骤;只能度量整个案件经过的步骤之间的时间。",
          "A `within` names a step inside a concurrent region; time is measured between "
          "steps the whole case passes through."),
    _rule("PK701", "warning", "provenance", "数字没有出处", "Number without provenance",
          "一个数字(时限、时长、比例、次数、金额、比率)所在的映射和所属的条目都没有 "
          "`source`、`assumption` 或 `reference`;阶段或文件本身的 `source` 不覆盖其中的数字。"
          "流程定义和情景文件都检查。",
          "A number (a limit, a duration, a share, a count, an amount, a rate) whose mapping "
          "and owning entry carry no `source`, `assumption` or `reference`; a stage's or "
          "the file's own `source` covers none of its numbers. Checked in definitions and "
          "scenarios."),
)}


def rule(code: str) -> Rule:
    return CATALOGUE[code]
