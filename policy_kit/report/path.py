"""One applicant's dated path in the report: the figures ``path --start --json`` prints, the
Gantt chart, and the steps as a table.

Part of report. The walk, its dates and the chart come from the same library functions
``policy-kit path`` calls (``walk``, ``date_walk``, ``dated_fields``, ``gantt_svg``), so
the finish date here is the one the command prints.
"""

from __future__ import annotations

from typing import Any

from ..calendar import Calendar
from ..loader import Definition
from ..model import label
from ..schedule import DatedPath, gantt_svg
from ..schedule.report import dated_fields
from ..walker import Walk
from .markup import esc, figure, headline, table
from .model import Figure, Section
from .svg import inline_svg
from .words import ReportLang, say

__all__ = ["path_section"]


def path_section(definition: Definition, result: Walk, dated: DatedPath, calendar: Calendar,
                 lang: ReportLang) -> Section:
    structure = definition.structure
    fields: dict[str, Any] = dated_fields(dated)
    outcome = result.outcome or say("stuck", lang)
    finish = fields["finish"].isoformat() if fields["finish"] else None
    tiles = [(say("received", lang), Figure("path", ("start",), fields["start"].isoformat(),
                                            fields["start"].isoformat()).html()),
             (say("finish", lang), Figure("path", ("finish",), finish,
                                          finish or say("stuck", lang)).html()),
             (say("outcome", lang), Figure("path", ("outcome",), result.outcome,
                                           _outcome(definition, outcome, lang)).html()),
             (say("steps", lang), Figure("path", ("steps",), len(result.steps),
                                         str(len(result.steps))).html())]
    for index, usage in enumerate(fields["limits"]):
        if usage["scope"] == "process":
            used = Figure("path", ("limits", index, "used"), usage["used"], str(usage["used"]))
            limit = f"{used.html()} / {esc(usage['limit'])} {esc(say('working_days', lang))}"
            tiles.append((say("process_limit", lang), limit))
    chart = gantt_svg(structure, dated, calendar, lang)
    body = [headline(tiles), f'<p class="muted">{esc(_applicant(result, lang))}</p>',
            figure(inline_svg(chart, "gantt", "gantt"), esc(say("promised_basis", lang)),
                   "gantt-figure"),
            _steps(definition, dated, lang)]
    return Section("path", say("path", lang), "".join(body))


def _outcome(definition: Definition, outcome: str, lang: ReportLang) -> str:
    place = definition.structure.places.get(outcome)
    return label(place.state.name, outcome, lang) if place is not None else outcome


def _applicant(result: Walk, lang: ReportLang) -> str:
    values = ", ".join(f"{k}={str(v).lower() if isinstance(v, bool) else v}"
                       for k, v in result.attributes.items())
    return f"{say('applicant', lang)}: {values}"


def _steps(definition: Definition, dated: DatedPath, lang: ReportLang) -> str:
    structure = definition.structure
    departments = {d.id: label(d.name, d.id, lang) for d in structure.process.departments}
    rows = []
    for step in dated.steps:
        place = structure.places.get(step.state)
        if place is None:
            continue  # a join: the table lists the work, the chart shows the join
        stage = structure.stages.get(step.step.stage or "")
        rows.append([esc(label(stage.name, stage.id, lang) if stage else "–"),
                     esc(label(place.state.name, step.state, lang)),
                     esc(departments.get(step.step.department or "", "–")),
                     esc(f"{step.start.isoformat()} → {step.end.isoformat()}"),
                     esc(step.limit.describe(lang) if step.limit else "–")])
    return table([esc(say(k, lang)) for k in ("stage", "step", "department", "from_to",
                                              "limit")], rows, "steps compact")
