"""The report's first section: the process at a glance.

Part of report: the stages overview picture, then each stage with its lead department,
its promised limit and where that limit comes from (the rule, or the modeller's
assumption), the departments and the certificates. Everything read from the definition.
"""

from __future__ import annotations

from ..loader import Definition
from ..model import Limit, Stage, label
from .markup import esc, figure, table
from .model import Section
from .svg import diagram_svg
from .words import ReportLang, say

__all__ = ["overview_section"]

SOURCES_SHOWN = 3


def overview_section(definition: Definition, lang: ReportLang, clean: bool,
                     waived: int = 0) -> Section:
    """``clean``: the checker found nothing that is not suppressed, which is said here
    (there is no findings section then); ``waived``: how many were suppressed."""
    process = definition.process
    departments = {d.id: label(d.name, d.id, lang) for d in process.departments}
    rows = []
    for number, stage in enumerate(process.stages, start=1):
        name = esc(f"{number}. {label(stage.name, stage.id, lang)}")
        if stage.concurrent:
            regions = say("parallel", lang, n=len(stage.regions))
            name += f' <span class="muted">‖ {esc(regions)}</span>'
        rows.append([name, esc(departments.get(stage.department or "", "–")),
                     *_stage_limits(stage, lang)])
    parts = [figure(diagram_svg(definition, "stages", lang, "overview"),
                    esc(label(process.title, process.id, lang)), "diagram-figure")]
    if process.limit is not None:
        parts.append(f'<p><b>{esc(say("process_limit", lang))}</b>: '
                     f"{_limit(process.limit, lang)} {_source(process.limit, lang)}</p>")
    parts.append(f'<h3>{esc(say("stages", lang))}</h3>')
    parts.append(table([esc(say(k, lang)) for k in ("stage", "lead", "limit", "source")],
                       rows, "stages"))
    parts.append(_lists(definition, lang, departments))
    if clean:
        note = f" {say('waived', lang, n=waived)}" if waived else ""
        parts.append(f'<p class="ok">✔ {esc(say("checker_clean", lang) + note)}</p>')
    return Section("overview", say("overview", lang), "".join(parts))


def _stage_limits(stage: Stage, lang: ReportLang) -> tuple[str, str]:
    """The stage's own limit and its source, else the range of its items' limits and
    their sources (most processes promise a limit per item, not per stage)."""
    if stage.limit is not None:
        return _limit(stage.limit, lang), _source(stage.limit, lang)
    states = [*stage.states, *(s for r in stage.regions for s in r.states)]
    limits = [s.limit for s in states if s.limit is not None and s.kind in ("task", "wait")]
    unlimited = sum(1 for s in states if s.limit is None and s.kind in ("task", "wait")
                    and s.effective_clock == "government")
    if not limits:
        return _limit(None, lang), ""
    by_unit: dict[str, list[Limit]] = {}
    for limit in limits:
        by_unit.setdefault(limit.unit, []).append(limit)
    ranges = []
    for group in by_unit.values():
        low, high = min(group, key=lambda x: x.days), max(group, key=lambda x: x.days)
        ranges.append(low.describe(lang) if low.days == high.days else
                      f"{low.days}–{high.describe(lang)}")
    sources = list(dict.fromkeys(x.reference for x in limits if x.reference))
    more = len(sources) - SOURCES_SHOWN
    shown = esc("; ".join(sources[:SOURCES_SHOWN]) + (f" (+{more})" if more > 0 else ""))
    if not sources:  # only the modeller's assumptions: say so, as for a stage's own limit
        shown = _source(limits[0], lang)
    text = f"{say('items', lang)}: {', '.join(ranges)}"
    if unlimited:  # a step on the government clock with no limit: the range is not all
        text += say("items_unlimited", lang, n=unlimited)
    return esc(text), shown


def _limit(limit: Limit | None, lang: ReportLang) -> str:
    return esc(limit.describe(lang)) if limit is not None else (
        f'<span class="muted">{esc(say("no_limit", lang))}</span>')


def _source(limit: Limit | None, lang: ReportLang) -> str:
    if limit is None:
        return ""
    if limit.reference:
        return esc(limit.reference)
    if limit.assumption:
        said = f"{say('assumption', lang)}: {limit.assumption}"
        return f'<span class="muted">{esc(said)}</span>'
    return ""


def _lists(definition: Definition, lang: ReportLang, departments: dict[str, str]) -> str:
    process = definition.process
    certificates = [[esc(label(c.name, c.id, lang)),
                     esc(departments.get(c.department or "", "–"))]
                    for c in process.certificates]
    people = "、" if lang == "zh" else ", "
    parts = [f'<h3>{esc(say("departments", lang))} ({len(departments)})</h3>'
             f"<p>{esc(people.join(departments.values()))}</p>"]
    if certificates:
        parts.append(f'<h3>{esc(say("certificates", lang))} ({len(certificates)})</h3>')
        parts.append(table([esc(say("certificates", lang)), esc(say("issued_by", lang))],
                           certificates, "certificates"))
    return "".join(parts)
