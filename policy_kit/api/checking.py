"""Checking a file from Python: ``check(spec)``, whose result is ``validate FILE --json``.

Part of the API layer over load → **check**. A process gets every check (provenance
included, as ``validate`` asks); a scenario, policy or mapping file is checked against
the process it names. Loading problems are findings too (PK001, PK002, …): ``check``
never raises for a bad file, it says what is wrong with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import ConfigDict, JsonValue, RootModel

from ..jsontext import plain
from .base import Result

if TYPE_CHECKING:
    from ..check import Finding

__all__ = ["CheckResult", "Checked", "CheckedFinding", "check", "checked"]

Severity = Literal["error", "warning", "info"]


class CounterexampleStep(Result):
    """One fired trigger of a counterexample and the active states after it."""

    trigger: str
    event: str
    source: str
    states: tuple[str, ...]


class CounterexampleRecord(Result):
    """The shortest way from the start, for one applicant, to the problem."""

    applicant: dict[str, JsonValue]
    start: tuple[str, ...]
    steps: tuple[CounterexampleStep, ...]


class CheckedFinding(Result):
    """One finding as ``validate --json`` writes it, in the language asked for."""

    code: str
    severity: Severity
    file: str
    line: int
    column: int
    ids: tuple[str, ...]
    labels: tuple[str, ...]
    title: str
    message: str
    hint: str | None
    counterexample: CounterexampleRecord | None
    suppressed: str | None
    """The authors' reason when a ``suppress:`` entry accepts this warning."""

    @property
    def counts(self) -> bool:
        """Whether the finding fails the check (``validate`` exits 1 on such an error)."""
        return self.suppressed is None


class CheckResult(RootModel[tuple[CheckedFinding, ...]]):
    """Every finding about one file, sorted by severity and line (a list in JSON)."""

    model_config = ConfigDict(frozen=True)

    @property
    def findings(self) -> tuple[CheckedFinding, ...]:
        return self.root

    @property
    def errors(self) -> tuple[CheckedFinding, ...]:
        """The findings that fail the file (``validate`` exits 1)."""
        return tuple(f for f in self.root if f.severity == "error" and f.counts)

    @property
    def warnings(self) -> tuple[CheckedFinding, ...]:
        """The warnings not suppressed (``validate --strict`` exits 1 on them too)."""
        return tuple(f for f in self.root if f.severity == "warning" and f.counts)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Checked:
    """What ``check`` computed, for front ends that print text or SARIF: the file's name
    as shown and the checker's own findings (both languages, with their locations)."""

    name: str
    findings: tuple[Finding, ...]
    result: CheckResult


def check(spec: str | Path, *, lang: str = "zh") -> CheckResult:
    """Every finding about ``spec``: a bundled process id, or the path of a process,
    scenario, policy or mapping file (told apart by name, as ``validate`` does).
    ``lang`` (``zh`` or ``en``) is the language of titles, messages and hints."""
    return checked(spec, lang=lang).result


def checked(spec: str | Path, *, lang: str = "zh") -> Checked:
    """``check`` with the checker's findings it was written from."""
    from ..check.format_json import json_findings
    from ..files import check_any

    name, findings = check_any(str(spec))
    return Checked(name, findings, CheckResult.model_validate(
        plain(json_findings(findings, lang))))
