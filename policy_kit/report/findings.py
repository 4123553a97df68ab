"""The checker's findings in the report: what ``policy-kit validate --json`` prints, as a table.

Part of report. The counts at the top are counted from that very JSON, and each finding
keeps its counterexample (the applicant and the moves that lead to the problem), so a
reader can see the case, not only the rule.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .markup import esc, headline, table
from .model import Figure, Section
from .words import ReportLang, say

__all__ = ["findings_section"]

SEVERITIES = ("error", "warning", "info")


def findings_section(found: list[dict[str, Any]], lang: ReportLang) -> Section | None:
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
    rows = [[f'<span class="badge {esc(f["severity"])}">{esc(f["code"])}</span>',
             esc(say(f["severity"], lang)) + (waived if f["suppressed"] else ""),
             esc(f"{Path(f['file']).name}:{f['line']}:{f['column']}"),
             _message(f, lang)] for f in found]
    body = headline(tiles) + table([esc(say(k, lang)) for k in
                                    ("code", "severity", "where", "message")], rows, "findings")
    return Section("findings", say("findings", lang), body)


def _message(finding: dict[str, Any], lang: ReportLang) -> str:
    parts = [f"<b>{esc(finding['title'])}</b>", f"<div>{esc(finding['message'])}</div>"]
    if finding.get("hint"):
        parts.append(f'<div class="hint">{esc(say("hint", lang))}: {esc(finding["hint"])}</div>')
    example = finding.get("counterexample")
    if example:
        parts.append(_counterexample(example, lang))
    return "".join(parts)


def _counterexample(example: dict[str, Any], lang: ReportLang) -> str:
    """The applicant, then the moves as a chain: ``state —trigger→``."""
    applicant = ", ".join(f"{k}={_value(v)}" for k, v in example["applicant"].items())
    chain = " ".join(f"{s['source']} —{s['trigger']}→" for s in example["steps"])
    last = example["steps"][-1]["states"] if example["steps"] else example["start"]
    chain += " " + ", ".join(last)
    return (f'<div class="counterexample"><b>{esc(say("counterexample", lang))}</b>'
            f'<div>{esc(say("applicant", lang))}: <code>{esc(applicant)}</code></div>'
            f"<div><code>{esc(chain)}</code></div></div>")


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
