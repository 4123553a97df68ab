"""The checker's findings in the report: what ``policy-kit validate --json`` prints, as a table.

Part of report. The counts at the top are counted from that very JSON, and each finding
keeps its counterexample (the applicant and the moves that lead to the problem, the
states by name), so a reader can see the case, not only the rule.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..loader import Definition
from ..model import label
from .markup import esc, headline, table
from .model import Figure, Section
from .words import ReportLang, say

__all__ = ["findings_section"]

SEVERITIES = ("error", "warning", "info")


def findings_section(found: list[dict[str, Any]], definition: Definition,
                     lang: ReportLang) -> Section | None:
    """``found``: ``validate --json``'s list; None when every finding is suppressed (with
    its reason, in the file) or there is none: nothing to show."""
    shown = [f for f in found if not f["suppressed"]]
    if not shown:
        return None
    tiles = []
    for severity in SEVERITIES:
        count = sum(1 for f in shown if f["severity"] == severity)
        plural = {"error": "errors", "warning": "warnings", "info": "notes"}[severity]
        figure = Figure("validate", ("severity", severity), count, str(count))
        tiles.append((say(plural, lang), figure.html()))
    waived = f' <span class="muted">({esc(say("suppressed", lang))})</span>'
    places = definition.structure.places
    names = {s: label(p.state.name, s, lang) for s, p in places.items()}
    rows = [[f'<span class="badge {esc(f["severity"])}">{esc(f["code"])}</span>',
             esc(say(f["severity"], lang)) + (waived if f["suppressed"] else ""),
             esc(f"{Path(f['file']).name}:{f['line']}:{f['column']}"),
             _message(f, names, lang)] for f in found]
    body = headline(tiles) + table([esc(say(k, lang)) for k in
                                    ("code", "severity", "where", "message")], rows, "findings")
    return Section("findings", say("findings", lang), body)


def _message(finding: dict[str, Any], names: dict[str, str], lang: ReportLang) -> str:
    parts = [f"<b>{esc(finding['title'])}</b>", f"<div>{esc(finding['message'])}</div>"]
    if finding.get("hint"):
        parts.append(f'<div class="hint">{esc(say("hint", lang))}: {esc(finding["hint"])}</div>')
    example = finding.get("counterexample")
    if example:
        parts.append(_counterexample(example, names, lang))
    return "".join(parts)


def _counterexample(example: dict[str, Any], names: dict[str, str], lang: ReportLang) -> str:
    """The applicant, where the case starts, then each move as the checker prints it
    (``event → the states it leads to``), the states by name so a reader who does not
    know the ids can follow the case."""
    applicant = ", ".join(f"{k}={_value(v)}" for k, v in example["applicant"].items())
    sep = "、" if lang == "zh" else ", "

    def states(ids: list[str]) -> str:
        return sep.join(esc(names.get(s, s)) for s in ids)

    moves = "".join(f"<li><code>{esc(s['event'])}</code> → {states(s['states'])}</li>"
                    for s in example["steps"])
    who = f"<code>{esc(applicant)}</code>" if applicant else esc(say("any_applicant", lang))
    return (f'<div class="counterexample"><b>{esc(say("counterexample", lang))}</b>'
            f'<div>{esc(say("applicant", lang))}: {who}</div>'
            f'<div>{esc(say("starts_at", lang))}: {states(example["start"])}</div>'
            f"<ol>{moves}</ol></div>")


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
