"""The kinds of file a user writes, told apart by name, each checked against its process.

Part of load → check, above the loaders of every kind (process, scenario, policy,
mapping, holidays) and below the CLI. ``validate`` and ``schema --kind`` read this one
table, so a new kind of file is added in one place.

    <id>.yaml                a process definition        policy_kit.model.Process
    <name>.scenario.yaml     a simulation scenario        policy_kit.simulate.scenario.Scenario
    <id>.policy.yaml         a policy's award rules       policy_kit.policy.model.PolicyFile
    <before>.mapping.yaml    a reform's mapping table     policy_kit.reform.ReformMapping
    holidays (any name)      extra holidays, make-up days policy_kit.calendar (docs/holidays.md)

A scenario, policy or mapping file names its process(es) inside (``process:``,
``before:``/``after:``); the process is looked for beside the file, then among the bundled
ones, as ``simulate``, ``award`` and ``compare`` do.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .check import Finding, check_file
from .check.provenance import provenance as uncovered_numbers
from .check.run import from_problems
from .errors import DefinitionError, Location, Problem
from .kinds import KINDS, Kind, kind_of
from .loader import Definition, bundled, bundled_dir, load
from .source import read_yaml
from .validation import SCHEMA_ERROR

__all__ = ["KINDS", "Kind", "bundled_files", "check_any", "check_companion", "kind_of",
           "process_named_by"]

def process_named_by(path: Path, key: str = "process") -> Definition:
    """The process a companion file names under ``key``: beside it, else bundled.

    A file that does not name one, or names one that cannot be found, is a
    ``DefinitionError`` located at the key.
    """
    data, source = read_yaml(path)
    name = data.get(key) if isinstance(data, dict) else None
    if not isinstance(name, str):
        raise DefinitionError.single(source.locate(()), f"the file names no process: give "
                                     f"`{key}: <process id>`",
                                     zh=(f"文件没有写明流程：请写 `{key}: <流程标识>`", ""))
    beside = path.parent / f"{name}.yaml"
    if beside.is_file():
        return load(beside)
    bundled = bundled_dir() / f"{name}.yaml"
    if "/" not in name and bundled.is_file():
        return load(bundled)
    raise DefinitionError.single(source.locate((key,)), f"no process `{name}` beside the file "
                                 "or bundled", f"put {name}.yaml beside {path.name}",
                                 zh=(f"文件旁边和内置流程中都没有流程 `{name}`",
                                     f"把 {name}.yaml 放在 {path.name} 旁边"))


def check_companion(path: Path) -> tuple[Problem, ...]:
    """Every problem of a scenario, policy or mapping file, checked against its process."""
    kind = kind_of(path)
    try:
        read_yaml(path)  # a file that cannot be read at all is PK001, whatever its kind
    except DefinitionError as error:
        return error.problems
    try:
        if kind == "scenario":
            _scenario(path)
        elif kind == "policy":
            _policy(path)
        elif kind == "mapping":
            from .reform import MAPPING_ERROR, check_mapping

            try:
                return tuple(check_mapping(path))
            except DefinitionError as error:
                return _recoded(error.problems, MAPPING_ERROR)
        else:
            raise ValueError(f"{path} is a {kind}, not a companion file")
    except DefinitionError as error:
        return error.problems
    return ()


def check_any(spec: str) -> tuple[str, tuple[Finding, ...]]:
    """The file ``spec`` names (a process id or any kind's path) and its findings: a process
    gets every check; a scenario, policy or mapping file is checked against its process."""
    if kind_of(spec) == "process":
        findings, definition = check_file(spec)
        shown = str(definition.path) if definition and definition.path else (
            findings[0].location.file if findings else spec)
        return shown, findings
    path = Path(spec)
    findings = from_problems(check_companion(path))
    if kind_of(path) in ("scenario", "policy") and not any(
            f.code in ("PK001", "PK002", "PK501", "PK503", "PK505") for f in findings):
        data, source = read_yaml(path)  # numbers without provenance (PK701), as for processes
        findings = tuple(sorted([*findings, *uncovered_numbers(data, source)],
                                key=Finding.sort_key))
    return spec, findings


def bundled_files() -> list[str]:
    """Every bundled process (by id), then every bundled scenario, policy and mapping file."""
    folder = bundled_dir()
    companions = sorted(str(p) for p in folder.glob("*.yaml") if kind_of(p) != "process") \
        if folder.is_dir() else []
    return [*bundled(), *companions]


def _scenario(path: Path) -> None:
    from .simulate.loading import SCENARIO_ERROR, SCENARIO_REFERENCE, load_scenario

    try:
        definition = process_named_by(path)
    except DefinitionError as error:
        raise DefinitionError(_recoded(error.problems, SCENARIO_REFERENCE, path)) from None
    try:
        load_scenario(path, definition)
    except DefinitionError as error:
        raise DefinitionError(_recoded(error.problems, SCENARIO_ERROR)) from None


def _policy(path: Path) -> None:
    from .policy.load import BAD_POLICY, read_policy

    try:
        definition = process_named_by(path)
    except DefinitionError as error:
        raise DefinitionError(_recoded(error.problems, BAD_POLICY, path)) from None
    try:
        read_policy(path, definition)
    except DefinitionError as error:
        raise DefinitionError(_recoded(error.problems, BAD_POLICY)) from None


def _recoded(problems: tuple[Problem, ...], code: str, where: Path | None = None
             ) -> tuple[Problem, ...]:
    """The file's own code for problems that have none yet (or the generic schema code);
    problems found in the process the file names are said to be there."""
    result = []
    for problem in problems:
        if where is not None and problem.location.file != str(where):
            problem = replace(problem, location=Location(str(where)),
                              message=f"its process cannot be loaded: {problem}")
        if problem.code in ("", SCHEMA_ERROR):
            problem = replace(problem, code=code)
        result.append(problem)
    return tuple(result)
