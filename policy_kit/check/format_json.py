"""Findings as JSON (for scripts) and as SARIF 2.1.0 (for code-review systems).

Part of check → (output). Pure functions returning plain data; the CLI serialises it
with ``ensure_ascii=False`` so Chinese stays readable.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from .catalogue import CATALOGUE
from .findings import Counterexample, Finding

__all__ = ["json_findings", "sarif_log"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _example(example: Counterexample | None) -> dict[str, Any] | None:
    if example is None:
        return None
    return {"applicant": dict(example.applicant), "start": list(example.start),
            "steps": [{"trigger": s.trigger, "event": s.event, "source": s.source,
                       "states": list(s.states)} for s in example.steps]}


def json_findings(findings: Sequence[Finding], lang: str) -> list[dict[str, Any]]:
    return [{"code": f.code, "severity": f.severity, "file": f.location.file,
             "line": f.location.line, "column": f.location.column, "ids": list(f.ids),
             "labels": [label.pick(lang) for label in f.labels],
             "title": CATALOGUE[f.code].title.pick(lang), "message": f.text(lang),
             "hint": f.hint.pick(lang) if f.hint else None,
             "counterexample": _example(f.counterexample), "suppressed": f.suppressed}
            for f in findings]


def sarif_log(findings: Sequence[Finding], lang: str, version: str) -> dict[str, Any]:
    codes = sorted(CATALOGUE)
    rules = [{"id": code, "name": CATALOGUE[code].title.en.title().replace(" ", ""),
              "shortDescription": {"text": CATALOGUE[code].title.pick(lang)},
              "fullDescription": {"text": CATALOGUE[code].summary.pick(lang)},
              "defaultConfiguration": {"level": _LEVELS[CATALOGUE[code].severity]},
              "help": {"text": f"docs/checks.md#{code.lower()}"}} for code in codes]
    results = [_result(f, codes.index(f.code), lang) for f in findings]
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "policy-kit", "version": version,
                                          "rules": rules}},
                      "columnKind": "unicodeCodePoints", "results": results}]}


def _uri(file: str) -> str:
    path = PurePath(file)
    return path.as_uri() if path.is_absolute() else path.as_posix()


def _result(finding: Finding, index: int, lang: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(finding.location.file)}}
    if finding.location.line > 0:
        physical["region"] = {"startLine": finding.location.line,
                              "startColumn": max(finding.location.column, 1)}
    text = finding.text(lang)
    if finding.hint is not None:
        text += f" ({finding.hint.pick(lang)})"
    result: dict[str, Any] = {
        "ruleId": finding.code, "ruleIndex": index, "level": _LEVELS[finding.severity],
        "message": {"text": text}, "locations": [{"physicalLocation": physical}],
        "properties": {"ids": list(finding.ids)}}
    if finding.suppressed is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": finding.suppressed}]
    if finding.counterexample is not None and finding.counterexample.steps:
        steps = [{"location": {"message": {"text": f"{s.event} → {', '.join(s.states)}"}}}
                 for s in finding.counterexample.steps]
        result["codeFlows"] = [{"threadFlows": [{"locations": steps}]}]
    return result
