"""The JSON Schemas' descriptions in Chinese, for ``policy-kit schema --lang zh``.

Part of the output edge (load → check → … → render): the models' docstrings and field
descriptions are the English text of the schemas; an editor that shows a description on
hover shows this table's Chinese instead when the schema was asked for in Chinese. A
test holds every description of every kind to an entry here, so a new or reworded
docstring cannot leave English in a Chinese schema. Field titles (pydantic makes them
from the field names, ``Source`` for ``source``) are left out of a Chinese schema: the
key itself is the id, and the description says what it is.
"""

from __future__ import annotations

__all__ = ["DESCRIPTIONS_ZH"]

DESCRIPTIONS_ZH: dict[str, str] = {
    # shared by every kind
    "Where this fact is stated.": "这一事实的出处。",
    "Why this is a modelling choice, not a sourced fact.": "为什么这是建模选择而非有出处的事实。",
    "A readable label.": "便于阅读的名称。",
    "A label in Chinese and English; a plain string in the file fills both.":
        "中英文名称;文件中写一个普通字符串则两种语言相同。",
    # process
    "Unit of a number, e.g. 万元 or m².": "数字的单位,例如 万元 或 m²。",
    "The department that issues it.": "核发它的部门。",
    "Outcomes it is promised with: every way that ends with one of them issues it (七证齐发: "
    "each approved case gets all seven).":
        "承诺随之核发的结果:以其中任一结果结束的每条路径都核发它(七证齐发:每个办结的案件都拿到全部七证)。",
    "The applicant brings it with the application (no step provides it).":
        "申请人随申请一并提交(没有环节提供它)。",
    "Readable labels of the values.": "各取值便于阅读的名称。",
    "A time limit, in working days or natural days (exactly one).\n\n``working_days: 0`` means "
    "the same day. The day of receipt is not counted unless\n``counts_first_day`` is true, "
    "as for public notices, whose first day counts\n(a notice \"from 28 September, 5 working "
    "days\" ends on 10 October 2023).":
        "时限,以工作日或自然日计(二者恰好写一个)。\n\n`working_days: 0` 表示当天办结。"
        "收件当天不计入,"
        "除非 `counts_first_day` 为 true,例如公示的第一天计入(“自 9 月 28 日起公示 5 个工作日”"
        "于 2023 年 10 月 10 日结束)。",
    "The rule that sets this limit.": "规定这一时限的依据。",
    "One claim about every case; exactly one of ``never``, ``eventually``, ``within``.":
        "关于每个案件的一条断言;`never`、`eventually`、`within` 恰好写一个。",
    "A condition no case may ever reach.": "任何案件都不得出现的条件。",
    "A condition every case reaches, however it goes.": "每个案件无论怎么走最终都会满足的条件。",
    "One of the concurrent branches of a stage (并联审批): it ends at its final state.":
        "阶段中的一个并行分支(并联审批):到达其终止状态即结束。",
    "Default: the first state.": "默认:第一个状态。",
    "A compound state: its states run in sequence, or its regions run concurrently.":
        "复合状态:其中的状态依次进行,或其分支并行进行。",
    "The lead department (牵头).": "牵头部门。",
    "One step of the process.\n\n``task``: a department works (government clock by "
    "default); ``decision``: a choice\nby guards, taking no time; ``wait``: the process "
    "waits for someone outside the\noffice, by default the applicant (applicant clock: the "
    "office's limit stops);\n``final``: the case ends with an ``outcome`` (inside a "
    "concurrent region a final\nstate ends that region instead, and has no outcome).":
        "流程中的一步。\n\n`task`:部门办理(默认计政府时钟);`decision`:按条件选择,不占时间;"
        "`wait`:流程等待机关以外的人,默认是申请人(计申请人时钟,机关时限暂停);"
        "`final`:案件以 `outcome` 结束(在并行分支内,终止状态只结束该分支,没有结果)。",
    "Who acts; defaults to the region's or stage's department.":
        "办理者;默认为所在分支或阶段的部门。",
    "Who performs the step: the department, the applicant, or a service agent (帮办/代办) "
    "acting for the applicant.":
        "由谁完成这一步:部门、申请人,或代表申请人的帮办/代办。",
    "Which clock runs here; default: applicant for `wait`, government otherwise.":
        "这里计哪个时钟;默认:`wait` 计申请人时钟,其余计政府时钟。",
    "How many times a case may enter this state (correction rounds).":
        "一个案件最多可进入这一状态几次(补正轮次)。",
    "How the case ends (final states).": "案件如何结束(终止状态)。",
    "A warning the authors accept, with their reason; errors cannot be suppressed.":
        "作者接受的警告及其理由;错误不能被压下。",
    "A way from one state to another.\n\n``from`` may name a state; a sequential stage or a "
    "region (the way out of each of\nits non-final states, e.g. ``withdraw``); or a "
    "concurrent stage, which makes it the\nstage's join: enabled once every region has "
    "finished.":
        "从一个状态到另一个状态的路径。\n\n`from` 可以是一个状态;一个顺序阶段或一个分支"
        "(即其中每个非终止"
        "状态的出路,例如 `withdraw`);或一个并行阶段,此时它是该阶段的汇合:每个分支都结束后才可用。",
    "The trigger: what happens (approve, reject, resubmit, …).":
        "触发:发生了什么(approve、reject、resubmit 等)。",
    "A guard in the guard language.": "用条件语言写的条件。",
    "Certificates issued here.": "在这里核发的证照。",
    "The way a walk takes unless told otherwise.": "未另行指定时走查所走的路径。",
    "What the way is called ({zh: 补正, en: Ask for more documents}); shown in diagrams, "
    "paths and messages instead of the trigger id.":
        "这条路径的名称(`{zh: 补正, en: Ask for more documents}`);"
        "在图、走查和消息中代替触发标识显示。",
    "From entering ``from`` to first entering one of ``to``: at most this long.\n\nMeasured "
    "like a stage's limit, on the government clock: the limits of the steps in\nbetween, "
    "applicant and statutory time left out, concurrent regions counting as the\nslowest one.":
        "从进入 `from` 到首次进入 `to` 中任一状态,最长这么久。\n\n与阶段时限的算法相同,计政府时钟:"
        "取中间各步的时限,不计申请人时间和法定期间,并行分支按最慢的一个计。",
    "A state or stage outside concurrent regions.": "并行分支之外的状态或阶段。",
    "A state or stage, or a list of them.": "一个状态或阶段,或它们的列表。",
    "Version of the definition format (docs/format.md); a file without it is format 1.":
        "定义文件格式的版本(docs/format.md);不写即为格式 1。",
    "cn: China's statutory calendar; weekly: Monday to Friday; weekly:CC: Monday to Friday "
    "except country CC's public holidays (weekly:NL).":
        "`cn`:中国法定日历;`weekly`:周一至周五;`weekly:CC`:周一至周五,除去国家 CC 的公共假日"
        "(如 `weekly:NL`)。",
    "What each trigger is called, given once ({approve: {zh: 通过, en: Approve}}): a "
    "transition without a `name` of its own takes its trigger's name from here.":
        "每个触发的名称,只写一次(`{approve: {zh: 通过, en: Approve}}`):"
        "没有自己 `name` 的转移取这里的名称。",
    "The promised total (government clock).": "承诺的总时限(政府时钟)。",
    "Default: the first stage.": "默认:第一个阶段。",
    "States outside any stage.": "不属于任何阶段的状态。",
    "Claims about every case, proved by `policy-kit validate`.":
        "关于每个案件的断言,由 `policy-kit validate` 证明。",
    "Modelling notes for readers.": "写给读者的建模说明。",
    # scenario
    "How one attribute of the applicants is drawn: ``shares`` of values, a "
    "``distribution``\n(numbers), or one ``value`` for everyone. Attributes not named take "
    "their example.":
        "申请人的一个属性如何抽取:各取值的比例 `shares`、一个分布 `distribution`(数字),"
        "或所有人相同的 `value`。未列出的属性取其示例值。",
    "Exactly one of: a Poisson rate, a distribution of the time between applications,\nor "
    "dated batches (``yearly: true`` repeats them).\n\nGaps in working hours or days count "
    "office time only; gaps in natural hours or days\ncount clock time, and an application "
    "that would come while offices are closed comes\nat the next opening (as in "
    "Prosimos).\n\n``by_month`` makes the Poisson rate seasonal: calendar month (1–12) → "
    "applications\nper working day in that month of every year; a month not listed "
    "keeps\n``per_working_day``.":
        "三者恰好写一个:泊松到达率、申请间隔的分布,或带日期的批次(`yearly: true` 每年重复)。\n\n"
        "以工作小时或工作日计的间隔只计办公时间;以自然小时或自然日计的间隔计钟点时间,"
        "在机关下班时到来的申请顺延到下次开门(与 Prosimos 相同)。\n\n`by_month` 让泊松到达率"
        "随季节变化:日历月份(1–12)→ 每年该月每个工作日的申请数;未列出的月份沿用 "
        "`per_working_day`。",
    "Calendar month (1-12) -> applications per working day in that month; other months keep "
    "`per_working_day`.":
        "日历月份(1-12)→ 该月每个工作日的申请数;其余月份沿用 `per_working_day`。",
    "A dated wave of applications (an application window), spread over working days.":
        "带日期的一批申请(一个申报窗口),分布在若干工作日内。",
    "How often each way out of a state is taken, by trigger; they must sum to 1.\n\nOnly "
    "enabled ways count: when a guard or ``max_rounds`` disables one, the others\nshare its "
    "probability in proportion.":
        "按触发列出每条出路被选中的频率;总和必须为 1。\n\n只计可用的出路:某条出路被条件或 "
        "`max_rounds` 禁用时,其概率按比例分给其他出路。",
    "Observed durations, drawn with equal weight.": "观测到的用时,等概率抽取。",
    "Observed durations, drawn with equal weight; with a ``tail``, only the rows at or\n"
    "below its ``above``, and a share of the draws beyond it.":
        "观测到的用时,等概率抽取;有 `tail` 时只抽取不超过其 `above` 的各行,"
        "另有一部分抽样落在它之外。",
    "The durations beyond `above`: a `share` of them, as `above` plus a generalized Pareto "
    "excess (`shape`, `scale`); the rows at or below `above` are the rest.":
        "超过 `above` 的用时:占比 `share`,取 `above` 加一个广义帕累托超出量(`shape`、`scale`);"
        "其余为不超过 `above` 的各行。",
    "The durations beyond ``above``: a share of them, spread as a generalized Pareto.":
        "超过 `above` 的用时:其占比,以及按广义帕累托分布的散布。",
    "The threshold: the table describes the durations up to it.": "阈值:表格描述不超过它的用时。",
    "The share of durations beyond `above`.": "超过 `above` 的用时所占比例。",
    "ξ: above 0 a heavy tail (the longer a case has waited, the longer it is expected to "
    "wait), 0 no memory, below 0 a tail that ends; below 1, so the mean is finite.":
        "ξ:大于 0 为重尾(案件已等得越久,预计还要等得越久),等于 0 为无记忆,小于 0 为有尽头的尾部;"
        "须小于 1,使均值有限。",
    "σ, in the distribution's unit: the spread of the excess just beyond `above`.":
        "σ,以该分布的单位计:刚超过 `above` 处超出量的散布。",
    "A delay each case's steps share: one factor per case in all its durations.":
        "同一案件各环节共有的延迟:每个案件一个因子,作用于其全部用时。",
    "ρ: the correlation of the normal scores of two steps of one case (0: steps "
    "independent, as without this entry).":
        "ρ:同一案件两个环节的正态分数之间的相关系数(0:各环节独立,与不写此项相同)。",
    "A delay shared by each case's steps: their durations drawn together (a Gaussian "
    "copula with one factor per case) with this correlation; none: independent.":
        "同一案件各环节共有的延迟:按此相关系数共同抽取其用时(每个案件一个因子的高斯连接函数);"
        "不写:各环节独立。",
    "working_hours or working_days (on the office hours of the department), or natural_hours "
    "or natural_days (round the clock).":
        "`working_hours` 或 `working_days`(按部门的办公时间),或 `natural_hours` 或 "
        "`natural_days`(全天计)。",
    "``low`` plus an exponential draw with mean ``mean - low`` (Prosimos' ``expon``).":
        "`low` 加上一个均值为 `mean - low` 的指数分布抽样(即 Prosimos 的 `expon`)。",
    "Draws below are drawn again.": "低于此值的抽样重新抽取。",
    "Draws above are drawn again.": "高于此值的抽样重新抽取。",
    "Given by the mean and standard deviation of the durations, not of their logarithm.":
        "用时本身的均值和标准差(不是其对数的)。",
    "A normal distribution cut to [low, high] (low defaults to 0: no negative durations).":
        "截断到 [low, high] 的正态分布(low 默认为 0:没有负的用时)。",
    "``\"09:00-17:00\"``: when staff work; durations in working hours count only then.":
        "`\"09:00-17:00\"`:工作人员上班的时间;以工作小时计的用时只在此时计算。",
    "Default: the process's own calendar.": "默认:流程自己的日历。",
    "cn beyond its published years: estimate or refuse.": "`cn` 超出已公布年份时:估计或拒绝。",
    "weekly: working weekdays, 0=Monday.": "`weekly`:上班的星期几,0 为周一。",
    "The offices' hours unless staff say else.": "机关的办公时间(工作人员另有规定的除外)。",
    "How many officers of a department work cases, in parallel, first come first served.":
        "一个部门有几名工作人员同时办件,先到先办。",
    "A statutory period that runs to the end of the state's own limit (a public notice\nof 5 "
    "working days ends when its fifth day closes, whenever on the first it began).":
        "一直持续到该状态时限届满的法定期间"
        "(5 个工作日的公示在第五天结束时结束,无论第一天何时开始)。",
    "Version of the scenario format (docs/format.md); a file without it is format 1.":
        "情景文件格式的版本(docs/format.md);不写即为格式 1。",
    "The id of the process this scenario is for.": "这个情景所针对的流程的标识。",
    "The first day of the simulated period.": "仿真期间的第一天。",
    "Departments whose tasks queue for officers.": "办件需要排队等工作人员的部门。",
    "Every task and wait state: how long it takes (for a wait state: how long the applicant "
    "takes).":
        "每个办理和等待状态的用时(等待状态:申请人所花的时间)。",
    "Cases per replication, warm-up excluded.": "每次重复仿真的案件数,不含预热。",
    "Stop after this many natural days; open cases count as unfinished.":
        "这么多自然日后停止;未办结的案件计为未完成。",
    # policy
    "How the yearly budget is shared when the entitlements exceed it.\n\n``pro_rata``: every "
    "entitlement is scaled by budget / demand. ``rank`` and\n``first_come``: entitlements "
    "are paid in full in the order of ``by`` (highest first\nfor ``rank``, earliest first "
    "for ``first_come``) until the budget runs out; a group\ntied on ``by`` that does not "
    "fit shares what is left pro rata, and later groups get\nnothing.":
        "应得金额超过年度预算时预算如何分配。\n\n`pro_rata`:每笔应得金额按 预算 / 需求 等比缩减。"
        "`rank` 和 `first_come`:按 `by` 的顺序全额发放(`rank` 从高到低,`first_come` 从早到晚),"
        "直到预算用完;`by` 相同而放不下的一组按比例分享剩余,之后的组一无所得。",
    "The attribute that orders applicants.": "给申请单位排序的属性。",
    "A published text that rules cite: the notice itself, or the process definition.":
        "规则引用的公开文件:政策通知本身,或流程定义。",
    "A condition every awarded firm must meet; the first column of the award table.":
        "每个获奖企业都必须满足的条件;奖励表的第一列。",
    "A guard over the process's attributes and parameters.": "关于流程属性和参数的条件。",
    "A cap on the sum of one firm's rewards in a year (a formula, usually a parameter).":
        "一家企业一年所获奖励总和的上限(一个公式,通常是一个参数)。",
    "Rounding to the fen: each reward is rounded with ``rounding``; a scaled share is\nalways "
    "rounded down, and the fen left over go one each to the largest remainders.":
        "舍入到分:每项奖励按 `rounding` 舍入;按比例缩减的份额一律向下舍入,"
        "剩下的分逐一给余数最大的几家。",
    "A named number the formulas read (an amount, a rate, a threshold), by policy year.":
        "公式读取的具名数字(金额、比率、门槛),按政策年度给出。",
    "元, m², %, or none for a rate.": "元、m²、%,比率不写单位。",
    "A parameter's value for the policy years ``from`` to ``until`` (both included).":
        "参数在政策年度 `from` 至 `until`(含两端)的取值。",
    "Last policy year; open-ended when absent.": "最后一个政策年度;不写则不设终止。",
    "Where a rule or a value is published: a document, its clause, a short quote.":
        "规则或数值的公布出处:文件、条款、简短引文。",
    "A key of `references`.": "`references` 中的一个键。",
    "The clause or section of the document.": "文件的条款或章节。",
    "The words that set the rule.": "规定该规则的原文。",
    "One reward of the notice: who qualifies (``when``) and how much (``amount``, "
    "``cap``).\n\n``amount`` and ``cap`` are formulas; the reward pays ``min(amount, cap)``, "
    "rounded to\nthe fen. A reward whose notice text gives only a maximum (最高…) says how "
    "the model\nfills it in under ``assumption``.":
        "通知中的一项奖励:谁符合条件(`when`)以及金额(`amount`、`cap`)。\n\n`amount` 和 `cap` "
        "是公式;奖励金额为 `min(amount, cap)`,舍入到分。通知只给出最高额(最高…)的奖励,"
        "在 `assumption` 中说明模型如何取值。",
    "When a yearly round opens and which policy year it pays: a case belongs to the "
    "last\nround opened on or before the day it starts (the seed's February 2024 round paid "
    "2023).":
        "每年申报轮次何时开始、兑现哪个政策年度:案件属于其开始当天或之前最近开始的一轮"
        "(种子数据中 2024 年 2 月的一轮兑现 2023 年度)。",
    "Month and day the round opens each year, MM-DD.": "每年申报轮次开始的月和日,MM-DD。",
    "The policy year a round pays: the year it opens in, or the one before.":
        "一轮兑现的政策年度:开始的那一年,或前一年。",
    "Version of the policy file format (docs/format.md); without it, format 1.":
        "政策文件格式的版本(docs/format.md);不写即为格式 1。",
    "The process whose attributes the rules read.": "规则所读取属性的流程。",
    "Version of the rules, recorded in every trace.": "规则的版本,记录在每份计算说明中。",
    "The parameter holding the yearly budget.": "存放年度预算的参数。",
    "A cap on one firm's total, if any.": "一家企业总额的上限(如有)。",
    "When a round opens and which policy year it pays (default: the year a case starts).":
        "申报轮次何时开始、兑现哪个政策年度(默认:案件开始的那一年)。",
    # mapping
    "One item of the process before, and the items after that took it over.":
        "改革前流程的一个事项,以及改革后承接它的事项。",
    "A state of the process before the reform.": "改革前流程的一个状态。",
    "States of the process after the reform that took it over.": "改革后流程中承接它的状态。",
    "Why the item did not stay as it was (merged, dropped, split); required whenever `after` "
    "is not the item itself.":
        "该事项为何没有保持原样(合并、取消、拆分);只要 `after` 不是事项本身就必须填写。",
    "Version of the mapping file format (docs/format.md); without it, format 1.":
        "对照表文件格式的版本(docs/format.md);不写即为格式 1。",
    "The process before the reform (its id).": "改革前的流程(其标识)。",
    "The process after the reform (its id).": "改革后的流程(其标识)。",
    # holidays
    "Version of the holidays file format (docs/format.md); a file without it is format 1.":
        "假日文件格式的版本(docs/format.md);不写即为格式 1。",
    "Where the days are published.": "这些日期的公布出处。",
    "Extra days off (YYYY-MM-DD).": "额外的休息日(YYYY-MM-DD)。",
    "Make-up working days, e.g. a Sunday worked for a holiday (YYYY-MM-DD).":
        "调休上班日,例如为假期调休而上班的周日(YYYY-MM-DD)。",
}
"""Every description of the schemas (the English text as pydantic writes it) in Chinese."""
