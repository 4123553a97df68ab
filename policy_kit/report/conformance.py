"""Real cases held against the process in the report: what ``conform --json`` prints.

Part of report. With ``--log`` (and conform's flags) the report replays the office's case
log with the same library call as ``policy-kit conform`` and shows its summary: how many
cases fit, the fitness, deadlines and limits broken, the most frequent deviations with an
example case each, and each department's time against its limits.
"""

from __future__ import annotations

import math
from typing import Any

from ..loader import Definition
from ..model import label
from .markup import esc, headline, table
from .model import Figure, Section
from .words import ReportLang, say

__all__ = ["conformance_section"]

FREQUENT_SHOWN = 8
_KIND = {"unknown_activity": ("未知环节", "unknown activity"),
         "unexpected": ("不应出现", "unexpected"), "missing": ("缺少", "missing"),
         "after_end": ("办结后", "after the end")}


def conformance_section(definition: Definition, data: dict[str, Any],
                        lang: ReportLang) -> Section:
    """``data``: the conformance result as ``conform --json`` prints it."""
    summary = data["summary"]
    tiles = [(say("log_cases", lang), _figure(("summary", "cases"), summary["cases"],
                                              f"{summary['cases']:,}")),
             (say("fitting", lang), _figure(("summary", "fitting_share"),
                                            summary["fitting_share"],
                                            f"{summary['fitting_share']:.1%}")),
             (say("fitness", lang), _figure(("summary", "fitness"), summary["fitness"],
                                            f"{summary['fitness']:.3f}")),
             (say("limits_broken", lang), _figure(("summary", "limits_broken"),
                                                  summary["limits_broken"],
                                                  f"{summary['limits_broken']:,}"))]
    if summary["cases_with_deadline"]:
        tiles.append((say("deadlines_passed", lang),
                      _figure(("summary", "deadline_breaches"), summary["deadline_breaches"],
                              f"{summary['deadline_breaches']:,}")
                      + f" / {summary['cases_with_deadline']:,}"))
    log = data["log"]
    events = f"{log['events']:,}"
    body = [headline(tiles),
            f'<p class="muted">{esc(say("log_source", lang))}: <code>{esc(log["path"])}</code>'
            f" · <code>{esc(log['format'])}</code> · {esc(say('events', lang, n=events))}"
            f" · {esc(say('calendar', lang))} <code>{esc(log['calendar'])}</code></p>"]
    if summary["frequent"]:
        kind = 0 if lang == "zh" else 1
        rows = [[esc(_KIND.get(f["kind"], (f["kind"],) * 2)[kind]), esc(f["activity"]),
                 esc(f"{f['cases']:,}"), f"<code>{esc(f['example'])}</code>"]
                for f in summary["frequent"][:FREQUENT_SHOWN]]
        body.append(f'<h3>{esc(say("frequent", lang))}</h3>' + table(
            [esc(say(k, lang)) for k in ("deviation", "activity", "log_cases", "example")],
            rows, "frequent"))
    departments = {d.id: label(d.name, d.id, lang) for d in definition.process.departments}
    if data.get("departments"):
        rows = [[esc(departments.get(d["department"], d["department"])),
                 esc(f"{d['cases']:,}"), _days(d["median_working_days"]),
                 esc(f"{d['over_limit']:,} / {d['steps_with_limit']:,}"),
                 "–" if d["over_limit_share"] is None else f"{d['over_limit_share']:.1%}"]
                for d in data["departments"]]
        body.append(f'<h3>{esc(say("departments", lang))}</h3>' + table(
            [esc(say(k, lang)) for k in ("department", "log_cases", "median_days",
                                         "over_limit", "over_share")], rows, "departments"))
    return Section("conformance", say("conformance", lang), "".join(body))


def _figure(key: tuple[str, ...], value: float | int, text: str) -> str:
    return Figure("conform", key, value, text).html()


def _days(value: float | None) -> str:
    """One decimal from a day up; below, two significant digits, so an office that works
    a step in minutes (the WABO log) does not read as 0.0 days everywhere."""
    if value is None:
        return "–"
    if value == 0 or value >= 1:
        return f"{value:.1f}"
    if value < 0.001:
        return "<0.001"
    return f"{value:.{1 - math.floor(math.log10(value))}f}"
