"""The frame of a Gantt chart: time scale, month axis, days off, legend (SVG fragments).

Part of date → **render** (``policy_kit.schedule``): everything in the chart that comes
from the calendar rather than from the path, so that ``gantt`` only places the steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from xml.sax.saxutils import escape, quoteattr

from ..calendar import Calendar
from ..errors import PolicyKitError
from ..textwidth import columns

__all__ = ["CLOCK_COLOURS", "HOLIDAY", "MILESTONE", "NO_LIMIT", "WEEKEND", "WORDS", "Scale",
           "axis", "days_off", "legend", "off_days", "svg_text", "text_width"]

CLOCK_COLOURS = {"government": "#4c78a8", "applicant": "#f58518", "statutory": "#54a24b"}
HOLIDAY, WEEKEND, MILESTONE, NO_LIMIT = "#f9d9d9", "#ececec", "#555555", "#d62728"
_DAY = timedelta(days=1)
WORDS = {
    "zh": {"government": "政府时限（计入办理时限）", "applicant": "申请人（政府时限停止）",
           "statutory": "法定期间（不计入办理时限）", "no_limit": "未设时限（按0天计）",
           "holiday": "法定节假日", "weekend": "休息日", "makeup": "调休上班",
           "milestone": "当日完成", "received": "受理", "finish": "办结", "stuck": "未办结",
           "promised": "按承诺时限", "expected": "按预期用时", "estimated": "估算年份",
           "work": "班", "join": "汇合"},
    "en": {"government": "government clock (counts)", "applicant": "applicant (clock stops)",
           "statutory": "statutory period (excluded)", "no_limit": "no limit (taken as 0 days)",
           "holiday": "public holiday", "weekend": "day off", "makeup": "make-up working day",
           "milestone": "same day", "received": "received", "finish": "finish",
           "stuck": "not finished", "promised": "promised dates", "expected": "expected dates",
           "estimated": "estimated years", "work": "W", "join": "join"},
}


@dataclass(frozen=True)
class Scale:
    """Days to x: ``days`` columns of ``day_width`` from ``left``, the first being ``first``."""

    first: date
    days: int
    day_width: float
    left: float

    def x(self, day: date) -> float:
        return self.left + (day - self.first).days * self.day_width

    @property
    def right(self) -> float:
        return self.left + self.days * self.day_width

    @property
    def shows_weekends(self) -> bool:
        """Whether days are wide enough to shade weekends; on long charts only holidays are,
        or the weekly stripes would drown the bars."""
        return self.day_width >= 6

    def each_day(self) -> list[date]:
        return [self.first + offset * _DAY for offset in range(self.days)]


def text_width(text: str, size: float) -> float:
    """Rough width of ``text`` at font ``size``: a Chinese character is about 1 em wide."""
    return columns(text) * size * 0.55


def svg_text(x: float, y: float, content: str, **attributes: str) -> str:
    """A ``<text>`` element; ``font_size="11"`` becomes ``font-size="11"``, ``class_`` class."""
    extra = "".join(f' {key.rstrip("_").replace("_", "-")}={quoteattr(value)}'
                    for key, value in attributes.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(content)}</text>'


def off_days(calendar: Calendar, scale: Scale) -> dict[date, str | None]:
    """Days off in the chart: holiday name, or None for an ordinary weekend day.

    A day the calendar cannot answer for (a strict calendar beyond its data, in the margin
    after the path's end) is left unshaded rather than failing the chart. Weekends are
    left out when the scale is too small to show them.
    """
    found: dict[date, str | None] = {}
    for day in scale.each_day():
        try:
            if not calendar.is_working_day(day):
                found[day] = calendar.holiday_name(day)
        except PolicyKitError:
            continue
    if scale.shows_weekends:
        return found
    return {day: name for day, name in found.items() if name is not None}


def days_off(calendar: Calendar, scale: Scale, off: Mapping[date, str | None], top: float,
             height: float, words: Mapping[str, str]) -> list[str]:
    """Shade days off over the plot, name each run of holidays below it, and below those
    mark make-up working days (调休) 班."""
    parts: list[str] = []
    runs: list[tuple[str, date, date]] = []
    below = top + height + 13
    for day, name in sorted(off.items()):
        tip = f"{day.isoformat()} {name or words['weekend']}"
        parts.append(f'<rect class="{"holiday" if name else "weekend"}" x="{scale.x(day):.1f}" '
                     f'y="{top}" width="{scale.day_width:.1f}" height="{height}" '
                     f'fill="{HOLIDAY if name else WEEKEND}"><title>{escape(tip)}</title></rect>')
        if name and runs and runs[-1][0] == name and runs[-1][2] + _DAY == day:
            runs[-1] = (name, runs[-1][1], day)
        elif name:
            runs.append((name, day, day))
    for name, start, end in runs:
        span = scale.x(end) + scale.day_width - scale.x(start)
        if text_width(name, 10) <= span + 8:
            parts.append(svg_text(scale.x(start) + span / 2, below, name, font_size="10",
                                  fill="#b03030", text_anchor="middle", class_="holiday-name"))
    for day in scale.each_day():
        if scale.shows_weekends and day.weekday() >= 5 and day not in off and _known(
                calendar, day):
            parts.append(svg_text(scale.x(day) + scale.day_width / 2, below + 13, words["work"],
                                  font_size="10", fill="#b03030", text_anchor="middle",
                                  class_="makeup")
                         + f'<title>{day.isoformat()} {escape(words["makeup"])}</title>')
    return parts


def _known(calendar: Calendar, day: date) -> bool:
    try:
        return calendar.is_working_day(day)
    except PolicyKitError:
        return False


def axis(scale: Scale, top: float, bottom: float, lang: str) -> list[str]:
    """Month labels with a rule at each month's start; day numbers where there is room.

    A month too narrow for "2024年3月" is labelled "3月", or not at all; the year is then
    written above January and above the first month shown.
    """
    parts: list[str] = []
    every = 1 if scale.day_width >= 16 else 7 if scale.day_width >= 5 else 0
    end = scale.first + scale.days * _DAY
    for offset, day in enumerate(scale.each_day()):
        x = scale.x(day)
        if day.day == 1 or offset == 0:
            room = (min(_next_month(day), end) - day).days * scale.day_width
            label = _month_label(day, lang, room, offset == 0)
            if label:
                parts.append(svg_text(x + 3, top - 26, label, font_size="12",
                                      font_weight="bold"))
            if (offset == 0 or day.month == 1) and str(day.year) not in (label or ""):
                parts.append(svg_text(x + 3, top - 44, f"{day.year}年" if lang == "zh"
                                      else str(day.year), font_size="12", font_weight="bold",
                                      class_="year"))
            parts.append(f'<line x1="{x:.1f}" y1="{top - 40}" x2="{x:.1f}" y2="{bottom}" '
                         f'stroke="#999999" stroke-width="1"/>')
        if every == 1 or (every == 7 and day.weekday() == 0):
            middle = every == 1
            parts.append(svg_text(x + scale.day_width / 2 if middle else x + 2, top - 8,
                                  str(day.day), font_size="10", fill="#666666",
                                  text_anchor="middle" if middle else "start"))
    return parts


def _month_label(day: date, lang: str, room: float, first: bool) -> str | None:
    long = f"{day.year}年{day.month}月" if lang == "zh" else f"{day:%b %Y}"
    short = f"{day.month}月" if lang == "zh" else f"{day:%b}"
    options = [long, short] if first or day.month == 1 else [short]
    return next((text for text in options if text_width(text, 12) + 6 <= room), None)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def legend(words: Mapping[str, str], left: float, right: float, top: float,
           weekends: bool = True) -> tuple[list[str], float]:
    """The legend, wrapped onto as many lines as the chart's width needs, and its height.

    ``weekends`` is False when the chart does not shade them (too many days to show).
    """
    items = [("rect", CLOCK_COLOURS["government"], words["government"]),
             ("rect", CLOCK_COLOURS["applicant"], words["applicant"]),
             ("rect", CLOCK_COLOURS["statutory"], words["statutory"]),
             ("diamond", MILESTONE, words["milestone"]),
             ("hollow", NO_LIMIT, words["no_limit"]),
             ("rect", HOLIDAY, words["holiday"])]
    if weekends:
        items.append(("rect", WEEKEND, words["weekend"]))
    parts = []
    x, y = left, top
    for kind, colour, label in items:
        width = 19 + text_width(label, 11) + 18
        if x > left and x + width > right:
            x, y = left, y + 20
        if kind == "rect":
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="14" height="12" '
                         f'fill="{colour}" stroke="#999999" stroke-width="0.5"/>')
        else:
            fill = colour if kind == "diamond" else "#ffffff"
            parts.append(f'<polygon points="{x + 7:.1f},{y:.1f} {x + 13:.1f},{y + 6:.1f} '
                         f'{x + 7:.1f},{y + 12:.1f} {x + 1:.1f},{y + 6:.1f}" fill="{fill}" '
                         f'stroke="{colour}" stroke-width="1.5"/>')
        parts.append(svg_text(x + 19, y + 10.5, label, font_size="11", class_="legend"))
        x += width
    return parts, y - top + 14
