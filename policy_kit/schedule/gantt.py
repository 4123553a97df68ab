"""A Gantt chart of a dated path as SVG text: stages and parallel reviews on real dates.

Part of date → **render** (``policy_kit.schedule``): a pure function from a ``DatedPath`` to
SVG text, written directly (no drawing library), so that the chart is testable as XML and
needs nothing to be drawn but a browser, or ``rsvg-convert`` for a PNG (``raster``).

What it shows: one row per stage (a concurrent stage gets a thin bar for the whole stage,
with its join, and one row per region below it); in each row the steps as bars coloured by
their clock, each covering the days its clock counted (the day of receipt belongs to the
step before), lighter on days off; steps that take no time as diamonds, hollow and red
when the step has no limit; dashed lines on the day the case is received and the day it
finishes. Days off are shaded (frame: ``gantt_frame``). Text is in "Noto Sans CJK SC".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from xml.sax.saxutils import escape, quoteattr

from ..calendar import Calendar
from ..model import label
from ..structure import Structure
from .dating import DatedPath, DatedStep
from .gantt_frame import (
    CLOCK_COLOURS,
    MILESTONE,
    NO_LIMIT,
    WORDS,
    Scale,
    axis,
    days_off,
    legend,
    off_days,
    svg_text,
    text_width,
)

__all__ = ["FONT", "gantt_svg"]

FONT = "Noto Sans CJK SC, Noto Sans CJK, Noto Sans SC, sans-serif"
_DAY = timedelta(days=1)
_MARGIN, _ROW, _BAR, _TOP = 16, 30, 16, 120
_HALO = {"government": "#2f5378", "applicant": "#b35c00", "statutory": "#36732f"}
"""Darker shades of the clock colours, drawn behind step names so they stay legible on
the lighter days off."""


@dataclass
class _Row:
    label: str
    level: int
    steps: list[DatedStep] = field(default_factory=list)
    envelope: list[DatedStep] = field(default_factory=list)
    """For a concurrent stage's own row, every step of the stage: the row shows a thin bar
    from the first to the last of them, and the join."""


def gantt_svg(structure: Structure, dated: DatedPath, calendar: Calendar,
              lang: str = "zh") -> str:
    """The chart of ``dated`` as a standalone SVG document (UTF-8 text)."""
    words = WORDS["zh" if lang == "zh" else "en"]
    rows = _rows(structure, dated, lang)
    label_width = max([text_width(r.label, 13) + 14 * r.level for r in rows] + [80.0])
    last = max([s.end for s in dated.steps] + [dated.start])
    days = max((last - dated.start).days + 3, 14)
    scale = Scale(dated.start - _DAY, days, min(28.0, max(1.0, 1000.0 / days)),
                  _MARGIN + label_width + 14)
    plot = len(rows) * _ROW
    key, key_height = legend(words, _MARGIN, scale.right, _TOP + plot + 42,
                             scale.shows_weekends)
    width, height = scale.right + _MARGIN + 20, _TOP + plot + 42 + key_height + _MARGIN
    off = off_days(calendar, scale)
    body = [
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
        *_title(structure, dated, words, lang),
        *days_off(calendar, scale, off, _TOP, plot, words),
        *axis(scale, _TOP, _TOP + plot, lang),
        *_row_grid(rows, scale),
        *(part for index, row in enumerate(rows)
          for part in _bars(structure, row, _TOP + index * _ROW, scale, off, lang)),
        *_markers(dated, scale, plot, words),
        *key,
    ]
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" '
            f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'font-family={quoteattr(FONT)} font-size="12">\n' + "\n".join(body) + "\n</svg>\n")


def _rows(structure: Structure, dated: DatedPath, lang: str) -> list[_Row]:
    """Rows in the order the walk first reaches them; decisions outside stages get none."""
    rows: dict[tuple[str, str], _Row] = {}
    departments = {d.id: d.name for d in structure.process.departments}
    for step in dated.steps:
        stage = structure.stages.get(step.step.stage or "")
        if stage is None:
            if step.kind != "decision":
                name = structure.places[step.state].state.name
                rows.setdefault(("state", step.state),
                                _Row(label(name, step.state, lang), 0)).steps.append(step)
            continue
        stage_row = rows.setdefault(("stage", stage.id),
                                    _Row(label(stage.name, stage.id, lang), 0))
        if stage.concurrent:
            stage_row.envelope.append(step)
        found = structure.regions.get(step.step.region or "")
        if found is None:
            stage_row.steps.append(step)
            continue
        region = found[1]
        title = label(region.name or departments.get(region.department or ""), region.id,
                       lang)
        rows.setdefault(("region", region.id), _Row(f"‖ {title}", 1)).steps.append(step)
    return list(rows.values())


def _title(structure: Structure, dated: DatedPath, words: Mapping[str, str],
           lang: str) -> list[str]:
    process = structure.process
    end = (f"{words['finish']} {dated.finish.isoformat()}" if dated.finish is not None
           else words["stuck"])
    line = (f"{words['received']} {dated.start.isoformat()} → {end} · {words[dated.basis]}"
            f" · {dated.calendar}")
    if dated.estimated_years:
        line += f" · {words['estimated']}: {', '.join(str(y) for y in dated.estimated_years)}"
    return [svg_text(_MARGIN, 30, label(process.title, process.id, lang), font_size="17",
                     font_weight="bold", class_="title"),
            svg_text(_MARGIN, 52, line, font_size="12", fill="#444444", class_="subtitle")]


def _row_grid(rows: list[_Row], scale: Scale) -> list[str]:
    parts = []
    for index, row in enumerate(rows):
        y = _TOP + index * _ROW
        parts.append(f'<line x1="{_MARGIN}" y1="{y + _ROW}" x2="{scale.right:.1f}" '
                     f'y2="{y + _ROW}" stroke="#dddddd" stroke-width="1"/>')
        parts.append(svg_text(_MARGIN + 14 * row.level, y + _ROW / 2 + 5, row.label,
                              font_size="13", font_weight="bold" if row.level == 0 else "normal",
                              class_="row-label"))
    return parts


def _bars(structure: Structure, row: _Row, top: float, scale: Scale,
          off: Mapping[date, str | None], lang: str) -> list[str]:
    y = top + (_ROW - _BAR) / 2
    parts = _envelope(row, y, scale) if row.envelope else []
    steps = [s for s in row.steps if s.kind != "join"]
    instants = [s.end for s in steps if s.counted is None]
    lefts = sorted(scale.x(s.counted[0]) if s.counted else scale.x(s.end) for s in steps)
    rights = sorted(scale.x(s.counted[1]) + scale.day_width if s.counted else
                    scale.x(s.end) + scale.day_width for s in steps)
    drawn: dict[date, int] = {}
    for step in steps:
        place = structure.places.get(step.state)
        name = label(place.state.name, step.state, lang) if place else step.state
        tip = f"{name}: {step.start.isoformat()} → {step.end.isoformat()}"
        if step.counted is None:
            index = drawn.get(step.end, 0)
            drawn[step.end] = index + 1
            shift = index - (instants.count(step.end) - 1) / 2
            parts.append(_diamond(step, scale, y + _BAR / 2, tip, shift))
            continue
        x = scale.x(step.counted[0])
        room = (max([right for right in rights if right <= x] + [scale.left]),
                min([left for left in lefts if left > x] + [scale.right]))
        parts.extend(_bar(step, scale, y, off, name, tip, room))
    return parts


def _bar(step: DatedStep, scale: Scale, y: float, off: Mapping[date, str | None], name: str,
         tip: str, room: tuple[float, float]) -> list[str]:
    """A step over the days its clock counted, lighter on days off, and its name: inside
    if it fits, else after the bar if the row is free up to ``room[1]``, else before it if
    the row is free back to ``room[0]`` (the last bars end at the picture's edge), else
    only as a tip: a name never runs out of the picture or over another bar."""
    assert step.counted is not None
    first, last = step.counted
    x = scale.x(first)
    width = scale.x(last) + scale.day_width - x
    parts = [f'<rect class="step {step.clock}" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
             f'height="{_BAR}" rx="3" fill="{CLOCK_COLOURS.get(step.clock or "", MILESTONE)}">'
             f'<title>{escape(tip)}</title></rect>']
    parts.extend(f'<rect x="{scale.x(start):.1f}" y="{y:.1f}" '
                 f'width="{scale.x(end) + scale.day_width - scale.x(start):.1f}" '
                 f'height="{_BAR}" fill="#ffffff" fill-opacity="0.45"/>'
                 for start, end in _runs(sorted(day for day in off if first <= day <= last)))
    needed = text_width(name, 11) + 8
    if needed <= width:
        parts.append(svg_text(x + width / 2, y + _BAR / 2 + 4, name, font_size="11",
                              fill="#ffffff", text_anchor="middle", class_="step-name",
                              stroke=_HALO.get(step.clock or "", MILESTONE),
                              stroke_width="2.5", paint_order="stroke",
                              stroke_linejoin="round"))
    elif x + width + needed <= room[1]:
        parts.append(svg_text(x + width + 4, y + _BAR / 2 + 4, name, font_size="11",
                              fill="#333333", class_="step-name"))
    elif x - needed >= room[0]:
        parts.append(svg_text(x - 4, y + _BAR / 2 + 4, name, font_size="11",
                              fill="#333333", text_anchor="end", class_="step-name"))
    return parts


def _runs(days: list[date]) -> list[tuple[date, date]]:
    """Consecutive days merged into (first, last) runs, so that shading has no seams."""
    runs: list[tuple[date, date]] = []
    for day in days:
        if runs and runs[-1][1] + _DAY == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _envelope(row: _Row, y: float, scale: Scale) -> list[str]:
    """A concurrent stage's row: a thin bar from its first to its last day, and the join."""
    first = min(s.counted[0] if s.counted else s.start for s in row.envelope)
    end = max(s.end for s in row.envelope)
    x = scale.x(first)
    width = scale.x(end) + scale.day_width - x
    parts = [f'<rect class="stage" x="{x:.1f}" y="{y + _BAR / 2 - 3:.1f}" width="{width:.1f}" '
             f'height="6" fill="#888888"/>']
    parts.extend(_diamond(step, scale, y + _BAR / 2, f"join {step.end.isoformat()}", 0)
                 for step in row.steps if step.kind == "join")
    return parts


def _diamond(step: DatedStep, scale: Scale, middle: float, tip: str, shift: float) -> str:
    """A step that takes no time, in the middle of its day; hollow red if it has no limit.

    Same-day steps of a row are drawn side by side, ``shift`` diamonds from the middle.
    """
    x = scale.x(step.end) + scale.day_width / 2 + shift * 13.0
    size = 6.0
    points = (f"{x:.1f},{middle - size:.1f} {x + size:.1f},{middle:.1f} "
              f"{x:.1f},{middle + size:.1f} {x - size:.1f},{middle:.1f}")
    if step.no_limit:
        return (f'<polygon class="milestone no-limit" points="{points}" fill="#ffffff" '
                f'stroke="{NO_LIMIT}" stroke-width="2"><title>{escape(tip)}</title></polygon>')
    colour = CLOCK_COLOURS.get(step.clock or "", MILESTONE)
    return (f'<polygon class="milestone" points="{points}" fill="{colour}" stroke="#333333" '
            f'stroke-width="0.5"><title>{escape(tip)}</title></polygon>')


def _markers(dated: DatedPath, scale: Scale, plot: float,
             words: Mapping[str, str]) -> list[str]:
    """Dashed lines through the day the case is received and the day it finishes."""
    marks = [(dated.start, "#2ca02c", words["received"])]
    if dated.finish is not None:
        marks.append((dated.finish, "#333333", words["finish"]))
    return [f'<line class="marker" x1="{scale.x(day) + scale.day_width / 2:.1f}" y1="{_TOP}" '
            f'x2="{scale.x(day) + scale.day_width / 2:.1f}" y2="{_TOP + plot}" '
            f'stroke="{colour}" stroke-width="1.2" stroke-dasharray="4 3">'
            f'<title>{escape(name)} {day.isoformat()}</title></line>'
            for day, colour, name in marks]
