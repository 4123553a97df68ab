"""Loading a policy file: YAML → ``PolicyFile`` (schema) → ``Policy`` (formulas compiled).

The load and check stages of load → check → compile → simulate → render for policies.
Like the process loader it reports every problem it finds, each at file:line:col: schema
errors, unknown documents, parameters that clash with attributes, overlapping periods, and
formulas that name unknown things, use a construct the language refuses, or write a bare
number where a referenced parameter belongs.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import DefinitionError, ExpressionError, Location, Problem
from ..expr import DATE, NUMBER, Formula, ValueType, compile_formula, compile_guard
from ..expr.nodes import Literal, walk
from ..loader import Definition, bundled_dir, find, load
from ..resolve import attribute_types
from ..source import SourceMap, read_yaml
from ..validation import validate
from .compiled import CompiledEligibility, CompiledReward, Policy
from .model import PolicyFile

__all__ = ["POLICY_SUFFIX", "applicant_files", "load_policy", "needed_columns", "policy_path",
           "read_policy"]

POLICY_SUFFIX = ".policy.yaml"
BAD_POLICY = "PK505"
BAD_FORMULA = "PK506"
_PLAIN_NUMBERS = frozenset({Decimal(0), Decimal(1)})
"""Numbers a rule may write itself (a count starts at 0, a year after the second is
``rent_full_years + 1``); every other number is a parameter with its reference."""

PathKey = tuple[str | int, ...]


def policy_path(definition: Definition) -> Path | None:
    """The policy file beside a process definition; ``None`` if there is none.

    Only beside it: a copy of a bundled process in another folder must not silently
    take the bundled policy (and its applicants). A policy path that exists but is not a
    file (a folder) is an error, not a missing policy.
    """
    folder = definition.path.parent if definition.path is not None else bundled_dir()
    candidate = folder / f"{definition.id}{POLICY_SUFFIX}"
    if candidate.exists() and not candidate.is_file():
        raise DefinitionError.single(Location(str(candidate)), "is not a file",
                                     "a policy is a YAML file beside its process",
                                     zh=("不是文件", "政策是放在流程旁边的 YAML 文件"))
    return candidate if candidate.is_file() else None


def load_policy(spec: str | Path) -> Policy:
    """A policy by process id, process file, or policy file (``*.policy.yaml``)."""
    if str(spec).endswith(POLICY_SUFFIX):
        return read_policy(Path(spec))
    definition = load(spec)
    path = policy_path(definition)
    if path is None:
        raise DefinitionError.single(
            Location(str(definition.path or definition.id)),
            f"process `{definition.id}` has no policy file",
            f"write the award rules in {definition.id}{POLICY_SUFFIX} beside it",
            zh=(f"流程 `{definition.id}` 没有政策文件",
                f"把奖励规则写进流程旁边的 {definition.id}{POLICY_SUFFIX}"))
    return read_policy(path, definition)


def read_policy(path: Path, definition: Definition | None = None) -> Policy:
    """Read, validate and compile the policy at ``path``; its process is ``definition``,
    or the process the file names (looked for beside the file, then among the bundled)."""
    data, source = read_yaml(path)
    policy_file = _parse(data, source)
    if definition is None:
        beside = path.parent / f"{policy_file.process}.yaml"
        definition = load(beside if beside.is_file() else find(policy_file.process))
    if definition.id != policy_file.process:
        raise DefinitionError.single(
            source.locate(("process",)),
            f"this policy is for `{policy_file.process}`, not `{definition.id}`",
            "load the policy together with the process it names",
            zh=(f"这个政策属于 `{policy_file.process}`，不属于 `{definition.id}`",
                "请把政策和它所写的流程一起加载"))
    return _Compiler(policy_file, source, definition).run(path)


def _parse(data: Any, source: SourceMap) -> PolicyFile:
    return validate(PolicyFile, data, source, kind="policy")


class _Compiler:
    """Checks what the schema cannot, and compiles every formula; collects all problems."""

    def __init__(self, file: PolicyFile, source: SourceMap, definition: Definition) -> None:
        self.file = file
        self.source = source
        self.definition = definition
        self.problems: list[Problem] = []
        self.attributes = attribute_types(definition.process)
        self.names: dict[str, ValueType] = dict(self.attributes)

    def report(self, path: PathKey, message: str, hint: str = "", code: str = BAD_POLICY,
               at: Location | None = None, zh: tuple[str, str] = ("", "")) -> None:
        """A problem at ``path`` (or ``at``); ``zh`` is its message and hint in Chinese."""
        where = at if at is not None else self.source.locate(path)
        self.problems.append(Problem(where, message, hint, code, message_zh=zh[0],
                                     hint_zh=zh[1]))

    def run(self, path: Path) -> Policy:
        self._parameters()
        self._references()
        self._ids()
        self._allocation()
        eligibility = tuple(
            CompiledEligibility(rule, guard)
            for index, rule in enumerate(self.file.eligibility)
            if (guard := self._compile(rule.when, ("eligibility", index, "when"), None))
            is not None)
        rewards = tuple(self._rewards())
        cap = self.file.firm_cap
        firm_cap = None if cap is None else self._compile(cap.amount, ("firm_cap", "amount"),
                                                          NUMBER)
        if self.problems:
            raise DefinitionError(sorted(set(self.problems), key=lambda p: p.location))
        assert isinstance(firm_cap, Formula | None)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        return Policy(self.file, path, digest, self.source, self.definition, eligibility,
                      rewards, firm_cap)

    def _parameters(self) -> None:
        for name, parameter in self.file.parameters.items():
            if name in self.attributes:
                self.report(("parameters", name), f"parameter `{name}` has the name of an "
                            f"attribute of `{self.definition.id}`", "rename the parameter",
                            zh=(f"参数 `{name}` 与 `{self.definition.id}` 的一个属性同名",
                                "给参数改名"))
                continue
            self.names[name] = NUMBER
            periods = sorted(enumerate(parameter.values), key=lambda item: item[1].from_)
            for (_, before), (index, after) in zip(periods, periods[1:], strict=False):
                if before.until is None or before.until >= after.from_:
                    self.report(("parameters", name, "values", index),
                                f"`{name}`: the period from {after.from_} overlaps the one "
                                f"from {before.from_}",
                                "give each year at most one value (close the earlier "
                                "period with `until`)",
                                zh=(f"`{name}`:自 {after.from_} 起的期间与自 {before.from_} "
                                    "起的期间重叠", "每年至多一个取值(用 `until` 结束较早的期间)"))
        if self.file.budget not in self.file.parameters:
            self._unknown(("budget",), "parameter", self.file.budget, self.file.parameters)

    def _references(self) -> None:
        for path, doc in _citations(self.file):
            if doc not in self.file.references:
                self._unknown(path, "document", doc, self.file.references)

    def _ids(self) -> None:
        seen: dict[str, str] = {}
        rules = [("eligibility", i, r.id) for i, r in enumerate(self.file.eligibility)]
        rules += [("rewards", i, r.id) for i, r in enumerate(self.file.rewards)]
        for section, index, rule_id in rules:
            if rule_id in seen:
                self.report((section, index, "id"), f"duplicate rule id `{rule_id}`",
                            f"already used in `{seen[rule_id]}`",
                            zh=(f"规则标识 `{rule_id}` 重复", f"已在 `{seen[rule_id]}` 中用过"))
            seen.setdefault(rule_id, section)

    def _allocation(self) -> None:
        by = self.file.allocation.by
        if by is None:
            return
        found = self.attributes.get(by)
        if found is None:
            self._unknown(("allocation", "by"), "attribute", by, self.attributes)
        elif found not in (NUMBER, DATE) or (found == DATE and
                                             self.file.allocation.method == "rank"):
            rank = self.file.allocation.method == "rank"
            self.report(("allocation", "by"), f"`{by}` is {found.describe()}; "
                        f"`{self.file.allocation.method}` orders applicants by "
                        + ("a number" if rank else "a date or a number"),
                        zh=(f"`{by}` 是{found.describe('zh')};`{self.file.allocation.method}` "
                            "按" + ("数字" if rank else "日期或数字") + "给申请单位排序", ""))

    def _rewards(self) -> Iterator[CompiledReward]:
        for index, reward in enumerate(self.file.rewards):
            base: PathKey = ("rewards", index)
            when = self._compile(reward.when, (*base, "when"), None)
            amount = self._compile(reward.amount, (*base, "amount"), NUMBER)
            cap = None if reward.cap is None else self._compile(reward.cap, (*base, "cap"),
                                                                NUMBER)
            if when is None or not isinstance(amount, Formula):
                continue
            if reward.cap is not None and not isinstance(cap, Formula):
                continue
            assert not isinstance(when, Formula) and isinstance(cap, Formula | None)
            yield CompiledReward(reward, when, amount, cap)

    def _compile(self, text: str, path: PathKey, expect: ValueType | None) -> Any:
        """A guard (``expect`` None) or a formula, or None after reporting its problem."""
        try:
            compiled = (compile_guard(text, self.names, ()) if expect is None
                        else compile_formula(text, self.names, (), expect))
        except ExpressionError as error:
            self.report(path, error.message, error.hint, BAD_FORMULA,
                        self.source.locate_in_scalar(path, error.offset),
                        (error.message_zh, error.hint_zh))
            return None
        for node in walk(compiled.tree):
            if (isinstance(node, Literal) and isinstance(node.value, Decimal)
                    and node.value not in _PLAIN_NUMBERS):
                self.report(path, f"bare number {node.value} in a rule",
                            "declare it under `parameters`, with the reference that "
                            "publishes it", BAD_FORMULA,
                            self.source.locate_in_scalar(path, node.start),
                            (f"规则中有裸数字 {node.value}",
                             "把它声明在 `parameters` 下,并写明公布它的文件"))
                return None
        return compiled

    def _unknown(self, path: PathKey, kind: str, name: str, known: Any) -> None:
        kind_zh = _KINDS_ZH.get(kind, kind)
        close = difflib.get_close_matches(name, list(known), n=1)
        shown = ", ".join(sorted(known))
        hint = f"did you mean `{close[0]}`?" if close else (
            f"declared: {shown}" if known else f"no {kind} is declared")
        hint_zh = f"是不是 `{close[0]}`?" if close else (
            f"已声明:{shown}" if known else f"没有声明任何{kind_zh}")
        self.report(path, f"unknown {kind} `{name}`", hint, BAD_POLICY,
                    zh=(f"未知的{kind_zh} `{name}`", hint_zh))


_KINDS_ZH = {"parameter": "参数", "document": "文件", "attribute": "属性"}
"""What an unknown name should have been, in Chinese."""


def _citations(file: PolicyFile) -> Iterator[tuple[PathKey, str]]:
    """Every ``reference.doc`` in the file, with where it stands."""
    for name, parameter in file.parameters.items():
        for index, period in enumerate(parameter.values):
            yield ("parameters", name, "values", index, "reference", "doc"), period.reference.doc
    for index, rule in enumerate(file.eligibility):
        yield ("eligibility", index, "reference", "doc"), rule.reference.doc
    for index, reward in enumerate(file.rewards):
        yield ("rewards", index, "reference", "doc"), reward.reference.doc
    if file.firm_cap is not None:
        yield ("firm_cap", "reference", "doc"), file.firm_cap.reference.doc
    if file.allocation.reference is not None:
        yield ("allocation", "reference", "doc"), file.allocation.reference.doc


def needed_columns(policy: Policy) -> frozenset[str]:
    """The attributes the policy reads: an applicant file must have a column for each."""
    names: set[str] = set()
    for rule in policy.eligibility:
        names |= rule.guard.names
    for reward in policy.rewards:
        names |= reward.when.names | reward.amount.names
        names |= reward.cap.names if reward.cap is not None else frozenset()
    if policy.firm_cap is not None:
        names |= policy.firm_cap.names
    if policy.file.allocation.by is not None:
        names.add(policy.file.allocation.by)
    return frozenset(names - set(policy.file.parameters))


def applicant_files(policy: Policy) -> dict[int, Path]:
    """The example applicant files beside the policy, by year:
    ``<id>.applicants-<year>.csv`` (or ``.xlsx``)."""
    found: dict[int, Path] = {}
    prefix = f"{policy.id}.applicants-"
    for path in sorted(policy.path.parent.glob(f"{prefix}*")):
        year = path.name[len(prefix):].split(".", 1)[0]
        if year.isdigit() and path.suffix.lower() in (".csv", ".xlsx"):
            found.setdefault(int(year), path)
    return found
