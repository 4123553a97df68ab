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

from pydantic import ValidationError

from ..errors import DefinitionError, Problem, UsageError
from ..loader import Definition
from ..model import BoolAttribute, DateAttribute, EnumAttribute, StringAttribute
from ..source import SourceMap, read_yaml
from ..validation import check_format
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
                         "give one with --scenario FILE")
    return path


def load_scenario(path: Path, definition: Definition) -> Scenario:
    """Read, validate and check a scenario for ``definition``; raise with every problem."""
    data, source = read_yaml(path)
    if not isinstance(data, dict):
        raise DefinitionError.single(source.locate(()), "a scenario is a mapping of keys "
                                                        "(format, process, start, arrivals, …)")
    check_format("scenario", data, source)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        problems = {_problem(item, data, source) for item in error.errors()}
        raise DefinitionError(sorted(problems, key=lambda p: p.location)) from None
    found = check_scenario(scenario, definition, source)
    if found:
        raise DefinitionError(sorted(found, key=lambda p: p.location))
    return scenario


def _problem(item: Any, data: Any, source: SourceMap) -> Problem:
    path: list[str | int] = []
    node = data
    for part in item["loc"]:
        if isinstance(node, dict) and part in node or (
                isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)):
            node = node[part]
            path.append(part)
    where = source.locate_key(tuple(path)) if item["type"] == "extra_forbidden" \
        else source.locate(tuple(path))
    message = str(item["msg"]).removeprefix("Value error, ")
    name = item["loc"][-1] if item["loc"] else ""
    if item["type"] == "extra_forbidden":
        message = f"unknown key `{name}`"
    elif item["type"] == "missing":
        message = f"missing key `{name}`"
    elif isinstance(name, str) and name and not name[0].isupper():
        message = f"`{name}`: {message}"
    return Problem(where, message, "", SCENARIO_ERROR)


def check_scenario(scenario: Scenario, definition: Definition,
                   source: SourceMap) -> list[Problem]:
    """Everything the scenario names must exist in the process; return every problem."""
    problems: list[Problem] = []
    process = definition.process
    structure = definition.structure

    def report(path: tuple[str | int, ...], message: str, hint: str = "",
               key: bool = True) -> None:
        where = source.locate_key(path) if key else source.locate(path)
        problems.append(Problem(where, message, hint, SCENARIO_REFERENCE))

    def unknown(path: tuple[str | int, ...], kind: str, name: str,
                known: Iterable[str]) -> None:
        choices = sorted(known)
        close = difflib.get_close_matches(name, choices, n=1)
        hint = f"did you mean `{close[0]}`?" if close else (
            f"{kind}s: {', '.join(choices)}" if choices else f"the process has no {kind}s")
        report(path, f"unknown {kind} `{name}`", hint)

    if scenario.process != process.id:
        report(("process",), f"this scenario is for `{scenario.process}`, not `{process.id}`",
               "simulate the process it was written for, or fix `process:`", key=False)
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
                   "to", "give the state a `limit`, or a duration of its own", key=False)
    missing = sorted(timed - set(scenario.durations))
    if missing:
        report(("durations",), f"no duration for {', '.join(missing)}",
               "every task and wait state needs one (a wait state's is how long the "
               "applicant takes)")
    problems.extend(_check_branches(scenario, definition, source))
    problems.extend(_check_applicants(scenario, definition, source))
    return problems


def _check_batches(scenario: Scenario, source: SourceMap) -> list[Problem]:
    return [Problem(source.locate(("arrivals", "batches", i, "date")),
                    f"a batch is dated {batch.date}, before the scenario's start "
                    f"({scenario.start})", "move `start:` earlier or the batch later",
                    SCENARIO_REFERENCE)
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
                f"states with a choice: {', '.join(choices)}", SCENARIO_REFERENCE))
            continue
        triggers = sorted({m.trigger for m in moves_from[name]})
        for trigger in branch.probabilities:
            if trigger not in triggers:
                problems.append(Problem(
                    source.locate_key(("branches", name, "probabilities", trigger)),
                    f"`{name}` has no way out called `{trigger}`",
                    f"its triggers: {', '.join(triggers)}", SCENARIO_REFERENCE))
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
                                    SCENARIO_REFERENCE))
            continue
        numeric = attribute.type in ("integer", "number")
        if applicant.distribution is not None and not numeric:
            problems.append(Problem(source.locate(path), f"`{name}` is {attribute.type}; a "
                                    "distribution draws numbers", "use `shares:` instead",
                                    SCENARIO_REFERENCE))
        if applicant.shares and numeric:
            problems.append(Problem(source.locate(path), f"`{name}` is a number; draw it from "
                                    "a `distribution:`", "", SCENARIO_REFERENCE))
        if applicant.value is not None and fixed_value(attribute, applicant.value) is None:
            problems.append(Problem(source.locate((*path, "value")),
                                    f"{applicant.value!r} is not a value of `{name}`", "",
                                    SCENARIO_REFERENCE))
        for key in applicant.shares:
            if not numeric and attribute_value(attribute, key) is None:
                problems.append(Problem(source.locate_key((*path, "shares", key)),
                                        f"`{key}` is not a value of `{name}`", "",
                                        SCENARIO_REFERENCE))
    return problems


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
