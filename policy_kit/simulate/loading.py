"""Loading a scenario file and checking it against its process, every problem with file:line:col.

Part of load → **simulate**: the scenario is read as safely as a definition
(``policy_kit.source``), validated by the pydantic models of ``scenario``, then checked
against the loaded process: the states, triggers, departments and attributes it names
must exist, and every task and wait state needs a duration. All problems are reported
at once, as ``DefinitionError``.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import DefinitionError, Problem, UsageError
from ..loader import Definition
from ..model import BoolAttribute, DateAttribute, EnumAttribute, StringAttribute
from ..source import SourceMap, read_yaml
from ..validation import validate
from .scenario import Scenario

__all__ = ["check_scenario", "load_scenario", "scenario_path"]

SCENARIO_ERROR = "PK501"
SCENARIO_REFERENCE = "PK502"


def scenario_path(definition: Definition) -> Path:
    """The scenario that goes with a process: ``<id>.scenario.yaml`` beside its file."""
    folder = definition.path.parent if definition.path else Path(".")
    stem = definition.path.stem if definition.path else definition.id
    path = folder / f"{stem}.scenario.yaml"
    if not path.exists():
        raise UsageError(f"no scenario for `{definition.id}` ({path} does not exist); "
                         "give one with --scenario FILE",
                         zh=(f"`{definition.id}` 没有情景（{path} 不存在）；请用 --scenario FILE "
                             "给出"))
    return path


def load_scenario(path: Path, definition: Definition) -> Scenario:
    """Read, validate and check a scenario for ``definition``; raise with every problem."""
    data, source = read_yaml(path)
    scenario = validate(Scenario, data, source, kind="scenario", code=SCENARIO_ERROR,
                        what="a scenario is a mapping of keys (format, process, start, "
                             "arrivals, …)")
    found = check_scenario(scenario, definition, source)
    if found:
        raise DefinitionError(sorted(found, key=lambda p: p.location))
    return scenario


def check_scenario(scenario: Scenario, definition: Definition,
                   source: SourceMap) -> list[Problem]:
    """Everything the scenario names must exist in the process; return every problem."""
    problems: list[Problem] = []
    process = definition.process
    structure = definition.structure

    def report(path: tuple[str | int, ...], message: str, hint: str = "",
               key: bool = True, zh: tuple[str, str] = ("", "")) -> None:
        where = source.locate_key(path) if key else source.locate(path)
        problems.append(Problem(where, message, hint, SCENARIO_REFERENCE, message_zh=zh[0],
                                hint_zh=zh[1]))

    def unknown(path: tuple[str | int, ...], kind: str, name: str,
                known: Iterable[str]) -> None:
        kind_zh = _KINDS_ZH.get(kind, kind)
        choices = sorted(known)
        close = difflib.get_close_matches(name, choices, n=1)
        hint = f"did you mean `{close[0]}`?" if close else (
            f"{kind}s: {', '.join(choices)}" if choices else f"the process has no {kind}s")
        hint_zh = f"是不是 `{close[0]}`?" if close else (
            f"{kind_zh}:{', '.join(choices)}" if choices else f"流程中没有{kind_zh}")
        report(path, f"unknown {kind} `{name}`", hint, zh=(f"未知的{kind_zh} `{name}`", hint_zh))

    if scenario.process != process.id:
        report(("process",), f"this scenario is for `{scenario.process}`, not `{process.id}`",
               "simulate the process it was written for, or fix `process:`", key=False,
               zh=(f"这个情景是为 `{scenario.process}` 写的,不是 `{process.id}`",
                   "仿真它所针对的流程,或改正 `process:`"))
    problems.extend(_check_batches(scenario, source))
    departments = structure.department_ids
    for name in scenario.staff:
        if name not in departments:
            unknown(("staff", name), "department", name, departments)
    timed = {p.id for p in structure.places.values() if p.state.kind in ("task", "wait")}
    for name in scenario.durations:
        if name not in timed:
            unknown(("durations", name), "task or wait state", name, timed)
    for name, distribution in scenario.durations.items():
        place = structure.places.get(name)
        if distribution.dist == "until_deadline" and place is not None and (
                place.state.limit is None):
            report(("durations", name), f"`{name}` has no limit for `until_deadline` to run "
                   "to", "give the state a `limit`, or a duration of its own", key=False,
                   zh=(f"`{name}` 没有时限,`until_deadline` 无从计算",
                       "给该状态写上 `limit`,或给它一个自己的用时"))
    missing = sorted(timed - set(scenario.durations))
    if missing:
        report(("durations",), f"no duration for {', '.join(missing)}",
               "every task and wait state needs one (a wait state's is how long the "
               "applicant takes)",
               zh=(f"没有给出用时:{', '.join(missing)}",
                   "每个办理（`task`）和等待（`wait`）状态都需要用时（等待状态的用时是申请人所花的时间）"))
    problems.extend(_check_branches(scenario, definition, source))
    problems.extend(_check_applicants(scenario, definition, source))
    return problems


def _check_batches(scenario: Scenario, source: SourceMap) -> list[Problem]:
    return [Problem(source.locate(("arrivals", "batches", i, "date")),
                    f"a batch is dated {batch.date}, before the scenario's start "
                    f"({scenario.start})", "move `start:` earlier or the batch later",
                    SCENARIO_REFERENCE,
                    message_zh=f"一批申请的日期 {batch.date} 早于情景的开始日期"
                               f"({scenario.start})",
                    hint_zh="把 `start:` 提前,或把这批申请推后")
            for i, batch in enumerate(scenario.arrivals.batches) if batch.date < scenario.start]


def _check_branches(scenario: Scenario, definition: Definition,
                    source: SourceMap) -> list[Problem]:
    problems: list[Problem] = []
    moves_from = definition.structure.moves_from
    for name, branch in scenario.branches.items():
        if name not in moves_from:
            choices = sorted(k for k, v in moves_from.items() if len(v) > 1)
            close = difflib.get_close_matches(name, choices, n=1)
            problems.append(Problem(
                source.locate_key(("branches", name)),
                f"`{name}` is not a state (or concurrent stage) with ways out",
                f"did you mean `{close[0]}`?" if close else
                f"states with a choice: {', '.join(choices)}", SCENARIO_REFERENCE,
                message_zh=f"`{name}` 不是有多条出路的状态(或并行阶段)",
                hint_zh=f"是不是 `{close[0]}`?" if close else
                f"有选择的状态:{', '.join(choices)}"))
            continue
        triggers = sorted({m.trigger for m in moves_from[name]})
        for trigger in branch.probabilities:
            if trigger not in triggers:
                problems.append(Problem(
                    source.locate_key(("branches", name, "probabilities", trigger)),
                    f"`{name}` has no way out called `{trigger}`",
                    f"its triggers: {', '.join(triggers)}", SCENARIO_REFERENCE,
                    message_zh=f"`{name}` 没有名为 `{trigger}` 的出路",
                    hint_zh=f"它的触发:{', '.join(triggers)}"))
    return problems


def _check_applicants(scenario: Scenario, definition: Definition,
                      source: SourceMap) -> list[Problem]:
    problems: list[Problem] = []
    attributes = definition.process.attributes
    for name, applicant in scenario.applicants.items():
        path: tuple[str | int, ...] = ("applicants", name)
        attribute = attributes.get(name)
        if attribute is None:
            close = difflib.get_close_matches(name, sorted(attributes), n=1)
            problems.append(Problem(source.locate_key(path), f"unknown attribute `{name}`",
                                    f"did you mean `{close[0]}`?" if close else
                                    f"attributes: {', '.join(sorted(attributes))}",
                                    SCENARIO_REFERENCE, message_zh=f"未知的属性 `{name}`",
                                    hint_zh=f"是不是 `{close[0]}`?" if close else
                                    f"属性:{', '.join(sorted(attributes))}"))
            continue
        numeric = attribute.type in ("integer", "number")
        if applicant.distribution is not None and not numeric:
            problems.append(Problem(source.locate(path), f"`{name}` is {attribute.type}; a "
                                    "distribution draws numbers", "use `shares:` instead",
                                    SCENARIO_REFERENCE,
                                    message_zh=f"`{name}` 的类型是 {attribute.type};分布"
                                               "(distribution)只能抽取数字",
                                    hint_zh="改用 `shares:`"))
        if applicant.shares and numeric:
            problems.append(Problem(source.locate(path), f"`{name}` is a number; draw it from "
                                    "a `distribution:`", "", SCENARIO_REFERENCE,
                                    message_zh=f"`{name}` 是数字;用 `distribution:` 抽取它"))
        if applicant.value is not None and fixed_value(attribute, applicant.value) is None:
            problems.append(Problem(source.locate((*path, "value")),
                                    f"{applicant.value!r} is not a value of `{name}`", "",
                                    SCENARIO_REFERENCE,
                                    message_zh=f"{applicant.value!r} 不是 `{name}` 的取值"))
        for key in applicant.shares:
            if not numeric and attribute_value(attribute, key) is None:
                problems.append(Problem(source.locate_key((*path, "shares", key)),
                                        f"`{key}` is not a value of `{name}`", "",
                                        SCENARIO_REFERENCE,
                                        message_zh=f"`{key}` 不是 `{name}` 的取值"))
    return problems


_KINDS_ZH = {"department": "部门", "task or wait state": "办理或等待状态"}
"""What an unknown name in a scenario should have been, in Chinese."""


def fixed_value(attribute: Any, value: object) -> object:
    """A scenario's ``value:`` as a value of ``attribute``, or None if it is outside."""
    if attribute.type in ("integer", "number"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        number = Decimal(str(value))
        return number if attribute.admits(number) else None
    if isinstance(value, bool):
        return value if attribute.admits(value) else None
    if isinstance(value, dt.date):
        return value if attribute.admits(value) else None
    return attribute_value(attribute, str(value))


def attribute_value(attribute: Any, text: str) -> object:
    """``text`` as a value of a bool, enum, string or date attribute, or None if it is not."""
    if isinstance(attribute, BoolAttribute):
        return {"true": True, "false": False}.get(text.lower())
    if isinstance(attribute, EnumAttribute):
        return text if text in attribute.values else None
    if isinstance(attribute, StringAttribute):
        return text if attribute.admits(text) else None
    if isinstance(attribute, DateAttribute):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            return None
        return day if attribute.admits(day) else None
    return None
