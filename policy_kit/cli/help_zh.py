"""Our command line's help in Chinese: every command's description and option help,
keyed by its English text as the code writes it (gettext's way), and written by
``i18n.Formatter`` when a run speaks Chinese.

Part of the CLI edge. Ids, option names, metavars and code stay as they are, in backquotes
where they stand in a sentence. A text changed in English without its Chinese here falls
back to English, and ``tests/test_cli_help_language.py`` fails on it.
"""

from __future__ import annotations

__all__ = ["HELP_ZH", "LANG_DEFAULT_HELP_ZH"]

LANG_DEFAULT_HELP_ZH = ("默认：`$POLICY_KIT_LANG`，否则按区域设置"
                        "（`zh*` → `zh`，`C` → `zh`，其他 → `en`）")

HELP_ZH: dict[str, str] = {
    "Commands": "命令",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "policy-kit: model government approval processes as data; check, walk, simulate and\n"
    "draw them.\n"
    "\n"
    "ID|FILE arguments take a bundled process id (see `policy-kit list`) or a path.\n"
    "Exit codes: 0 success, 1 the input has errors, 2 usage errors.":
        "policy-kit：把政府审批流程写成数据，并对它做检查、走查、仿真和绘图。\n"
        "\n"
        "ID|FILE 参数可以是内置流程的编号（见 `policy-kit list`），也可以是文件路径。\n"
        "退出码：0 成功，1 输入有错误，2 用法错误。",
    "List the bundled processes.":
        "列出内置流程。",
    "Show a process: stages, limits, departments, …":
        "显示一个流程：阶段、时限、部门等。",
    "Print the JSON Schema of definition files.":
        "输出各类文件的 `JSON Schema`。",
    "Check definitions before anyone relies on them.":
        "在使用之前检查定义文件。",
    "List every check with its code.":
        "列出全部检查及其代码。",
    "Walk one application through a process.":
        "让一件申请走完一个流程。",
    "Draw a process as a diagram.":
        "把流程画成图。",
    "Simulate many applications.":
        "仿真大量申请。",
    "Compare two processes or scenarios.":
        "比较两个流程或两个情景。",
    "Simulate a grid of what-ifs; the cheapest meeting a target.":
        "在一组假设的网格上仿真；找出达到目标的最省方案。",
    "Compute a policy's awards and explain them.":
        "计算政策的奖励并说明理由。",
    "Replay a case log against a process.":
        "用办件日志回放流程。",
    "Fit a scenario to a case log.":
        "根据办件日志拟合情景。",
    "Forecast when a log's open cases finish.":
        "预测日志中未办结案件的办结时间。",
    "Import a BPMN 2.0 process as a definition.":
        "把 BPMN 2.0 流程导入为定义文件。",
    "Write one self-contained HTML report of a process.":
        "为一个流程生成一份独立的 HTML 报告。",
    "List the bundled processes: id, title, number of stages and states.":
        "列出内置流程：编号、标题、阶段数和状态数。",
    "Print JSON.":
        "输出 JSON。",
    "Language of the titles.":
        "标题的语言。",
    "Show a process: stages with their limits, departments, documents, certificates,\n"
    "attributes.":
        "显示一个流程：各阶段及其时限、部门、材料、证照、属性。",
    "Language of the labels.":
        "标签的语言。",
    "Print the JSON Schema (draft 2020-12) of one kind of file, for editors that complete\n"
    "and check YAML as it is typed. See docs/format.md for mapping an editor to it.":
        "输出某一类文件的 `JSON Schema`（草案 2020-12），供编辑器在输入 YAML 时补全和检查。编"
        "辑器如何关联，见 `docs/format.md`。",
    "Which kind of file: a process definition, a scenario, a policy, a reform's mapping "
    "table or a holidays file.":
        "文件类别：流程定义、情景、政策、改革对照表或节假日文件。",
    "Language of the schema's title and description.":
        "`JSON Schema` 标题和说明的语言。",
    "Check process definitions: structure, then behaviour over every reachable state;\n"
    "and scenario, policy and mapping files against the processes they name.\n"
    "\n"
    "A file's kind comes from its name: *.scenario.yaml, *.policy.yaml, *.mapping.yaml,\n"
    "else a process. Without arguments, checks every bundled file. Errors cannot be "
    "suppressed; a\n"
    "warning can, by a `suppress:` entry in the file (code, id, reason). Exit codes:\n"
    "0 no errors, 1 errors (or warnings with --strict), 2 usage errors.":
        "检查流程定义：先查结构，再查每个可达状态上的行为；并对照情景、政策和对照表文件所指"
        "的流程检查它们。\n"
        "\n"
        "文件类别由文件名决定：`*.scenario.yaml`、`*.policy.yaml`、`*.mapping.yaml`，其余为"
        "流程。不带参数时检查全部内置文件。错误不能屏蔽；警告可以在文件中用 `suppress:` 条"
        "目（代码、编号、理由）屏蔽。退出码：0 没有错误，1 有错误（加 --strict 时警告也算）"
        "，2 用法错误。",
    "Output format (default: text).":
        "输出格式（默认：`text`）。",
    "Same as --format json.":
        "等同于 `--format json`。",
    "Fail (exit 1) on warnings too.":
        "有警告也失败（退出码 1）。",
    "Language of the messages.":
        "消息的语言。",
    "List every check: its code, severity and what it finds (see docs/checks.md).":
        "列出全部检查：代码、严重程度和所查问题（见 `docs/checks.md`）。",
    "Language of the output.":
        "输出的语言。",
    "Walk one application through a process, step by step, to its outcome.\n"
    "\n"
    "At each step the next --choose is taken if it is enabled, else the default way on;\n"
    "concurrent regions advance in the order they are declared. With --start, each step "
    "is\n"
    "dated on the process's calendar: by default each takes the longest its limit allows\n"
    "(the date the office promises); see docs/dated-paths.md. Exits 1 if the application\n"
    "gets stuck.":
        "让一件申请一步一步走完一个流程，直到结果。\n"
        "\n"
        "每一步：下一个 --choose 可走就走它，否则走默认路线；并行区域按声明的顺序推进。给出"
        " --start 时，每一步按流程的日历标注日期：默认每步用足时限（即窗口承诺的日期）；见 "
        "`docs/dated-paths.md`。申请卡住时退出码为 1。",
    "Set an attribute (default: each attribute's example). Repeatable.":
        "设置属性（默认：各属性的示例值）。可重复。",
    "Take this way when it is enabled (in order). Repeatable.":
        "可走时走这条路线（按顺序）。可重复。",
    "Date each step: the case is received on DATE (YYYY-MM-DD).":
        "给每一步标注日期：案件在 DATE（YYYY-MM-DD）受理。",
    "Beyond the statutory data (2004-2026): strict refuses, lenient (the default) "
    "estimates and says so.":
        "超出法定数据（2004-2026 年）时：`strict` 拒绝，`lenient`（默认）估算并注明。",
    "A YAML or CSV file of extra holidays and make-up working days.":
        "额外节假日和调休上班日的 YAML 或 CSV 文件。",
    "Take a scenario's median durations instead of the promised limits.":
        "用情景的中位办理时长代替承诺时限。",
    "Show why each guard held or failed, with the values it read.":
        "显示每个条件成立或不成立的原因及读到的值。",
    "Write a Gantt chart of the dated path.":
        "把标注日期的路径画成甘特图。",
    "Policy year of the award paid at the end (default: the year the round of --start, "
    "else of today, pays). Only for processes with a policy file.":
        "结尾所发奖励的政策年度（默认：--start 所在轮次兑现的年度，否则今天所在轮次的年度）"
        "。只用于带政策文件的流程。",
    "Draw a process: stages as boxes, parallel reviews side by side, departments in\n"
    "colour, time limits and clocks, ways labelled with trigger and guard, certificates\n"
    "where they are issued.\n"
    "\n"
    "SVG, PNG (150 dpi) and PDF need Graphviz's `dot`; without it the DOT text is written\n"
    "next to OUT and the command exits 1. Exit codes: 0 written, 1 the input or drawing\n"
    "failed, 2 usage.":
        "画出流程：阶段画成方框，并联审查并排，部门用颜色区分，标出时限和计时方式，路线标注"
        "触发和条件，证照画在颁发处。\n"
        "\n"
        "SVG、PNG（每英寸 150 点）和 PDF 需要 `Graphviz` 的 `dot`；没有它时，把 DOT 文本写在 OUT 旁"
        "边，退出码为 1。退出码：0 已写出，1 输入或绘图失败，2 用法错误。",
    "The file to write: .svg .png .pdf .dot .mmd .md .bpmn":
        "要写出的文件：`.svg` `.png` `.pdf` `.dot` `.mmd` `.md` `.bpmn`",
    "Default: from the output's suffix.":
        "默认：由输出文件的后缀决定。",
    "Stages top to bottom, or left to right.":
        "阶段从上到下，或从左到右。",
    "Every state, or a one-page overview of the stages.":
        "画出每个状态，或只画一页阶段概览。",
    "Highlight and number an application's path (`policy-kit path --json`).":
        "突出显示一件申请的路径并编号（`policy-kit path --json`）。",
    "Colour by simulated use and time (`policy-kit simulate --json`).":
        "按仿真的使用量和时间着色（`policy-kit simulate --json`）。",
    "Colour --heat by time on the government clock (what a limit counts), or by elapsed "
    "time (the applicant's steps and statutory periods too).":
        "--heat 按政府计时（时限所计的时间）着色，或按经过时间（也算申请人的步骤和法定期间"
        "）着色。",
    "BPMN only: for an engine (waits, timers, terminating ends), or for process mining "
    "(pm4py, ProM: tasks and gateways only, one end per outcome, a sound workflow net).":
        "仅用于 BPMN：供流程引擎使用（等待、定时器、终止结束），或供流程挖掘使用（`pm4py`、"
        "`ProM`：只有任务和网关，每个结果一个结束事件，一个健全的工作流网）。",
    "BPMN only: each stage a group around its steps across the department lanes, or a "
    "collapsed sub-process with its steps (and parallel gateways) inside, on a diagram of "
    "its own.":
        "仅用于 BPMN：每个阶段画成一个跨部门泳道、围住其步骤的分组，或画成一个折叠子流程，"
        "其步骤（和并行网关）另画在自己的图上。",
    "Simulate many applications: cycle times, outcomes, limits, queues, bottlenecks.\n"
    "\n"
    "Exit codes: 0 done; 1 the process or scenario has errors (or the process is unsound\n"
    "and --allow-unsound was not given); 2 usage errors.":
        "仿真大量申请：办理周期、结果、时限、排队、瓶颈。\n"
        "\n"
        "退出码：0 完成；1 流程或情景有错误（或流程不健全且未给出 --allow-unsound）；2 用法"
        "错误。",
    "Scenario file (default: <process>.scenario.yaml beside the process).":
        "情景文件（默认：流程旁边的 `<process>.scenario.yaml`）。",
    "Cases per replication, warm-up not included (default: the scenario's).":
        "每次重复的案件数，不含预热（默认：情景中的值）。",
    "Independent runs (default: the scenario's).":
        "独立运行的次数（默认：情景中的值）。",
    "Random seed; the same seed gives the same output.":
        "随机种子；同一种子给出同样的输出。",
    "Extra cases first in each replication, not counted.":
        "每次重复先多跑的案件，不计入结果。",
    "Write replication 1's cases as an event log (time-ordered steps, officers as DEPT#N "
    "with their department as group, the case's outcome).":
        "把第 1 次重复的案件写成事件日志（步骤按时间排序，办事人员记为 DEPT#N、其部门记为组"
        "，以及案件的结果）。",
    "Simulate even if the checker finds errors; stuck cases count as unfinished.":
        "检查器发现错误也照样仿真；卡住的案件算作未办结。",
    "Processes to run replications on (default: this machine's cores, when the run is long "
    "enough to be worth it). The output is the same for any N.":
        "运行各次重复的进程数（默认：本机的核数，当运行时间长到值得时）。任何 N 的输出都相"
        "同。",
    "Compare A and B on the same arrivals and applicants (common random numbers).\n"
    "\n"
    "A and B are processes (ID|FILE, with their own scenarios) or scenario files\n"
    "(*.scenario.yaml, which name their process). Without B, B is A with the changes\n"
    "given by --staff, --duration, --arrivals and --prob. A difference gets a verdict "
    "only\n"
    "where its 95% interval excludes zero. Exit codes: 0 done; 1 input errors; 2 usage.":
        "在同样的到达和申请人上比较 A 和 B（公共随机数）。\n"
        "\n"
        "A 和 B 是流程（ID|FILE，带各自的情景）或情景文件（`*.scenario.yaml`，其中写明流程"
        "）。不给 B 时，B 就是按 --staff、--duration、--arrivals 和 --prob 修改后的 A。只有"
        " 95% 区间不含零的差异才给出结论。退出码：0 完成；1 输入错误；2 用法错误。",
    "Scenario for A (and for B when B is the same process or omitted).":
        "A 的情景（B 是同一流程或省略时也用于 B）。",
    "Cases per replication (default: A's scenario's).":
        "每次重复的案件数（默认：A 的情景中的值）。",
    "Paired replications, at least 2 (default: A's scenario's).":
        "成对重复的次数，至少 2（默认：A 的情景中的值）。",
    "Random seed of both.":
        "两边共用的随机种子。",
    "B: N officers in DEPT.":
        "B：DEPT 部门有 N 名办事人员。",
    "B: TASK's duration, e.g. review='{dist: fixed, value: 2}'.":
        "B：TASK 的办理时长，例如 `review='{dist: fixed, value: 2}'`。",
    "B: Poisson arrivals per working day.":
        "B：每个工作日的泊松到达数。",
    "B: probability of one way out (the others share the rest).":
        "B：某一条出路的概率（其余出路分摊剩下的概率）。",
    "Compare even if the checker finds errors.":
        "检查器发现错误也照样比较。",
    "Simulate every point of a grid of scenario changes on common random numbers.\n"
    "\n"
    "Each point's KPIs (government/elapsed p50, p90, mean in working days; "
    "breach.process;\n"
    "outcome.ID; utilization.DEPT) are means over the replications with 95% intervals.\n"
    "Exit codes: 0 done; 1 input errors; 2 usage errors.":
        "在公共随机数上仿真情景修改网格中的每个点。\n"
        "\n"
        "每个点的指标（政府计时和经过时间的 `p50`、`p90`、均值，以工作日计；`breach.process"
        "`；`outcome.ID`；`utilization.DEPT`）是各次重复的均值，并附 95% 区间。退出码：0 完"
        "成；1 输入错误；2 用法错误。",
    "Base scenario (default: <process>.scenario.yaml beside the process).":
        "基础情景（默认：流程旁边的 `<process>.scenario.yaml`）。",
    "staff.DEPT=1..3 | duration.STATE=0.8..1.2:5 | arrivals=0.8,1,1.2 | "
    "prob.STATE.TRIGGER=0.05..0.2:4; several make a grid.":
        "`staff.DEPT=1..3` | `duration.STATE=0.8..1.2:5` | `arrivals=0.8,1,1.2` | "
        "`prob.STATE.TRIGGER=0.05..0.2:4`；多个组成网格。",
    "N random points from the parameters' ranges instead of the grid.":
        "从参数范围中随机取 N 个点，代替网格。",
    "e.g. 'government.p90 <= 100': find the cheapest point meeting it.":
        "例如 `'government.p90 <= 100'`：找出达到它的最省的点。",
    "Cost of one added officer of DEPT (default 1: cost = added staff).":
        "DEPT 部门每增加一名办事人员的成本（默认 1：成本 = 增加的人数）。",
    "Cases per replication (default: the scenario's).":
        "每次重复的案件数（默认：情景中的值）。",
    "Replications per point (default: the scenario's).":
        "每个点的重复次数（默认：情景中的值）。",
    "Random seed, the same for every point (common random numbers).":
        "随机种子，每个点相同（公共随机数）。",
    "A running Dask scheduler, tcp://HOST:8786 or tls://HOST:8786 (default: a local "
    "cluster on this machine's cores).":
        "正在运行的 `Dask` 调度器，`tcp://HOST:8786` 或 `tls://HOST:8786`（默认：在本机各核"
        "上的本地集群）。",
    "Local cluster size (default: the cores, when the sweep is long enough to pay for "
    "starting a cluster, else here); 0 runs here without Dask.":
        "本地集群的规模（默认：核数，当扫描时间长到值得启动集群时，否则就在本进程运行）；0 "
        "表示不用 `Dask`、在本进程运行。",
    "Write the table as CSV, and its plot as SVG beside.":
        "把表格写成 CSV，并把图写成旁边的 SVG。",
    "Sweep even if the checker finds errors.":
        "检查器发现错误也照样扫描。",
    "Compute what each applicant is awarded under a policy in one year, and why.\n"
    "\n"
    "ID|FILE is a process with a `<id>.policy.yaml` beside it, or the policy file itself.\n"
    "Money is exact (fen); the awards add up to the total. Exits 1 if the policy or the\n"
    "applicant file has errors (every bad row is listed, and nothing else is printed),\n"
    "2 for usage errors such as a year the policy has no parameters for.":
        "计算某一年度每个申请单位按政策获得的奖励，并说明理由。\n"
        "\n"
        "ID|FILE 是旁边有 `<id>.policy.yaml` 的流程，或政策文件本身。金额精确到分；各项奖励"
        "之和等于总额。政策或申请名单有错误时退出码为 1（列出每一个错误行，不输出其他内容）"
        "，用法错误（例如政策没有该年度的参数）时为 2。",
    "The policy year (default: the latest year with bundled applicants).":
        "政策年度（默认：有内置申请名单的最近年度）。",
    "Applicants as CSV (UTF-8) or XLSX; first column `name`, then attributes (default: the "
    "bundled example).":
        "申请名单，CSV（UTF-8）或 XLSX；第一列为 `name`，其后为属性（默认：内置示例）。",
    "Explain one applicant's award: rules, values, caps, budget, references.":
        "说明某个申请单位的奖励：规则、数值、封顶、预算、依据。",
    "Print JSON (with --explain: the versioned trace).":
        "输出 JSON（与 --explain 同用时：带版本的追溯记录）。",
    "Replay a case log against a process: deviations, fitness, time limits, deadlines.":
        "用办件日志回放流程：偏离、拟合度、时限、期限。",
    "The case log: CSV, XLSX, XES or gzipped XES.":
        "办件日志：CSV、XLSX、XES 或 `gzip` 压缩的 XES。",
    "YAML mapping of the log's activities to state ids.":
        "把日志中的活动对应到状态编号的 YAML 文件。",
    "The case id column (default: recognised).":
        "案件编号列（默认：自动识别）。",
    "The activity column.":
        "活动列。",
    "The (completion) timestamp column.":
        "（完成）时间戳列。",
    "The start timestamp column.":
        "开始时间戳列。",
    "The resource (officer) column.":
        "资源（办事人员）列。",
    "A case column with each case's deadline.":
        "记录每个案件期限的案件列。",
    "A case column saying how the case ended.":
        "说明案件如何结束的案件列。",
    "A case column that is filled once a case has ended.":
        "案件结束后才填写的案件列。",
    "The CSV's encoding (default: UTF-8 or GB18030, detected).":
        "CSV 的编码（默认：自动识别 UTF-8 或 GB18030）。",
    "The XLSX sheet (default: the first).":
        "XLSX 的工作表（默认：第一个）。",
    "cn, weekly or weekly:CC (default: the process's).":
        "`cn`、`weekly` 或 `weekly:CC`（默认：流程中的设置）。",
    "Replace case ids and resource names by salted hashes (salt: POLICY_KIT_SALT or "
    "POLICY_KIT_SALT_FILE).":
        "用加盐哈希代替案件编号和资源名称（盐：`POLICY_KIT_SALT` 或 `POLICY_KIT_SALT_FILE`"
        "）。",
    "Print the result as JSON.":
        "以 JSON 输出结果。",
    "Write the per-case table as CSV.":
        "把逐案表写成 CSV。",
    "Language of the report.":
        "报告的语言。",
    "Estimate a scenario (arrivals, durations, shares, officers, office hours) from the\n"
    "cases of a log that fit the process.":
        "根据日志中与流程相符的案件估计一个情景（到达、办理时长、分支比例、办事人员、办公时"
        "间）。",
    "Base scenario: its applicants, run settings and the figures the log is too thin for "
    "are kept (default: the process's own, if it has one).":
        "基础情景：保留其申请人、运行设置以及日志数据不足以估计的数值（默认：流程自带的情景"
        "，如有）。",
    "Where to write the calibrated scenario (.yaml).":
        "校准后情景的写出位置（`.yaml`）。",
    "Simulate the calibrated scenario on the log's own arrivals and measure how far it "
    "lies from the log.":
        "在日志自身的到达上仿真校准后的情景，并衡量它与日志的差距。",
    "Seed of the --report simulation.":
        "--report 仿真的随机种子。",
    "Forecast the open cases of a log: finish dates (10/50/90%), the chance of running "
    "late.":
        "预测日志中未办结的案件：办结日期（10/50/90%）和逾期的概率。",
    "The day to forecast from (its 00:00 in the process calendar's zone).":
        "预测的起始日（流程日历所在时区的当日 0 点）。",
    "The scenario to simulate (default: calibrated from the log first).":
        "要仿真的情景（默认：先由日志校准得出）。",
    "Simulations of the open cases.":
        "对未办结案件仿真的次数。",
    "Print this case's forecast as a 帮办 would read it (repeatable).":
        "按帮办阅读的方式输出该案件的预测（可重复）。",
    "Write the per-case forecast as CSV.":
        "把逐案预测写成 CSV。",
    "Import a BPMN 2.0 process as a definition that validate, path, simulate and render\n"
    "read like any other: lanes become departments, tasks and waits states, exclusive\n"
    "gateways decisions, parallel blocks concurrent stages, sub-processes stages.\n"
    "\n"
    "What cannot be mapped is reported at its file:line:col (exit 1); with --lenient it\n"
    "is approximated and listed in the output's `notes`. Exit codes: 0 written, 1 the\n"
    "BPMN cannot be imported, 2 usage (several processes and no --process).":
        "把 BPMN 2.0 流程导入为定义文件，供 `validate`、`path`、`simulate` 和 `render` 像其"
        "他定义一样读取：泳道成为部门，任务和等待成为状态，排他网关成为决策，并行块成为并行"
        "阶段，子流程成为阶段。\n"
        "\n"
        "无法对应的内容在其 `file:line:col` 处报告（退出码 1）；加 --lenient 时做近似处理，"
        "并列在输出的 `notes` 中。退出码：0 已写出，1 BPMN 无法导入，2 用法错误（文件中有多"
        "个流程但没有给出 --process）。",
    "Write the definition here (default: print it).":
        "把定义写到这里（默认：直接输出）。",
    "The participant or process to import when the file holds several.":
        "文件中有多个参与者或流程时，要导入的那一个。",
    "Prosimos/Simod simulation parameters: also write a scenario, OUT.scenario.yaml beside "
    "OUT.yaml.":
        "`Prosimos`/`Simod` 仿真参数：同时写出一个情景，即 OUT.yaml 旁边的 `OUT.scenario.ya"
        "ml`。",
    "Map what cannot be mapped exactly to the nearest thing, and list each approximation "
    "in the definition's notes.":
        "把无法精确对应的内容对应到最接近的东西，并在定义的 `notes` 中列出每一处近似。",
    "The outcome an end event stands for (default: from its name).":
        "结束事件所代表的结果（默认：由其名称推断）。",
    "The language of the model's names that have no Chinese characters (names with Chinese "
    "are Chinese), and of the messages and notes.":
        "模型中不含汉字的名称所用的语言（含汉字的名称按中文处理），也是消息和注记的语言。",
    "Write one HTML file that shows a process: the stages, what the checker found, one\n"
    "application's dated path, simulation results with plots, a what-if, and every state.\n"
    "\n"
    "With --log (and conform's flags), the office's real cases are held against the\n"
    "process too; with --as-of as well, the cases open that day are forecast (with\n"
    "--scenario, --replications and --seed as `forecast` takes them). The file loads\n"
    "nothing (pictures, style and script are inline) and prints on A4.\n"
    "Its numbers are the ones `validate`, `path`, `simulate`, `compare`, `conform` and\n"
    "`forecast` print with --json for the same options.\n"
    "Exit codes: 0 written; 1 the input has errors; 2 usage.":
        "写出一个展示流程的 HTML 文件：阶段、检查器的发现、一件申请的标注日期路径、带图的仿"
        "真结果、一个假设比较，以及每个状态。\n"
        "\n"
        "给出 --log（及 `conform` 的选项）时，也用办事窗口的真实案件对照流程；再给出 --as-o"
        "f 时，预测当天未办结的案件（--scenario、--replications 和 --seed 的用法同 `forecas"
        "t`）。该文件不加载任何外部内容（图片、样式和脚本都内嵌），可按 A4 打印。其中的数字"
        "就是同样选项下 `validate`、`path`、`simulate`、`compare`、`conform` 和 `forecast` "
        "加 --json 输出的数字。\n"
        "退出码：0 已写出；1 输入有错误；2 用法错误。",
    "The HTML file to write.":
        "要写出的 HTML 文件。",
    "Random seed; the same seed gives the same figures.":
        "随机种子；同一种子给出同样的数字。",
    "The day the sample application is received (default: today).":
        "示例申请的受理日期（默认：今天）。",
    "Set an attribute of the sample application. Repeatable.":
        "设置示例申请的属性。可重复。",
    "A process or *.scenario.yaml to compare against (as `compare ID OTHER`).":
        "要比较的流程或 `*.scenario.yaml`（同 `compare ID OTHER`）。",
    "With --log: forecast the cases open at the start of this day (as `forecast --as-of`).":
        "与 --log 同用：预测当天开始时未办结的案件（同 `forecast --as-of`）。",
}
