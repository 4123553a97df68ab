"""Findings as JSON (for scripts) and as SARIF 2.1.0 (for code-review systems).

Part of check → (output). Pure functions returning plain data; the CLI serialises it
with ``ensure_ascii=False`` so Chinese stays readable.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .catalogue import CATALOGUE
from .findings import Counterexample, Finding

__all__ = ["json_findings", "sarif_log"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/policy-kit/"
"""Where the tool is described (SARIF ``informationUri``) unless its installed metadata
names a home page (``[project.urls]`` in pyproject.toml): see ``information_uri()``."""
BASE_ID = "SRCROOT"
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


def sarif_log(findings: Sequence[Finding], lang: str, version: str,
              root: Path | None = None, information_uri: str | None = None
              ) -> dict[str, Any]:
    """A SARIF 2.1.0 log that code scanning (GitHub's, among others) can map to the files.

    File URIs are relative to ``root`` under the ``uriBaseId`` ``SRCROOT`` (declared in
    ``originalUriBaseIds``): ``root`` is the repository holding the working folder (its
    ``.git``), else the working folder. A file outside it keeps an absolute ``file:`` URI.
    Each rule carries its help: what it finds, and where the catalogue explains it.
    """
    base = _root(Path.cwd()) if root is None else root.resolve()
    information_uri = information_uri or tool_uri()
    codes = sorted(CATALOGUE)
    rules = [_rule(code, lang) for code in codes]
    results = [_result(f, codes.index(f.code), lang, base) for f in findings]
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "policy-kit", "version": version,
                                          "informationUri": information_uri,
                                          "rules": rules}},
                      "originalUriBaseIds": {BASE_ID: {"uri": base.as_uri() + "/"}},
                      "columnKind": "unicodeCodePoints", "results": results}]}


def _rule(code: str, lang: str) -> dict[str, Any]:
    rule = CATALOGUE[code]
    anchor = f"docs/checks.md#{code.lower()}"
    title, summary = rule.title.pick(lang), rule.summary.pick(lang)
    more = f"详见 {anchor}" if lang == "zh" else f"See {anchor}"
    return {"id": code, "name": rule.title.en.title().replace(" ", ""),
            "shortDescription": {"text": title},
            "fullDescription": {"text": summary},
            "defaultConfiguration": {"level": _LEVELS[rule.severity]},
            "help": {"text": f"{code} {title}: {summary} {more}.",
                     "markdown": f"**{code} {title}**\n\n{summary}\n\n{more}."},
            "properties": {"tags": [rule.group], "severity": rule.severity}}


def tool_uri() -> str:
    """The home page the installed package declares, else its PyPI page."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls: list[str] = list(metadata("policy-kit").get_all("Project-URL") or [])
    except PackageNotFoundError:  # pragma: no cover - running from a plain checkout
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "documentation", "repository"):
            return str(url.strip())
    return INFORMATION_URI


def _root(folder: Path) -> Path:
    """The repository around ``folder`` (the nearest parent with ``.git``), else itself."""
    here = folder.resolve()
    return next((p for p in (here, *here.parents) if (p / ".git").exists()), here)


def _artifact(file: str, root: Path) -> dict[str, Any]:
    path = Path(file)
    try:
        relative = path.resolve().relative_to(root)
    except ValueError:
        return {"uri": path.resolve().as_uri()}
    return {"uri": relative.as_posix(), "uriBaseId": BASE_ID}


def _result(finding: Finding, index: int, lang: str, root: Path) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact(finding.location.file, root)}
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
