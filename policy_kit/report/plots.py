"""Plots for the report, drawn by matplotlib into SVG: the one module that imports it.

Part of report. matplotlib is imported here only, and only when a report is made (it
takes about half a second), with no ``pyplot`` (no global figure state) and the Agg
renderer. Text stays text in the SVG (``svg.fonttype: none``) and names the CJK font,
so Chinese is drawn by the browser's Noto Sans CJK like the rest of the page and can be
searched and copied; ids are salted by a fixed string, so the same data gives the same
bytes. Every axis says its unit, every plot its source.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from .words import ReportLang, say

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["cycle_time_plot", "department_plot", "finishes_plot", "outcome_plot"]

FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "DejaVu Sans"]
BLUE, ORANGE, GREY, RED = "#4c78a8", "#f58518", "#8c8c8c", "#d62728"


@contextmanager
def _style() -> Iterator[None]:
    import matplotlib

    matplotlib.use("Agg")
    settings: dict[str, Any] = {
        "font.family": "sans-serif", "font.sans-serif": FONTS, "font.size": 10,
        "svg.fonttype": "none", "svg.hashsalt": "policy-kit", "axes.unicode_minus": False,
        "axes.spines.top": False, "axes.spines.right": False, "figure.dpi": 96}
    with matplotlib.rc_context(settings):  # type: ignore[arg-type]
        yield


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight",
                   metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def _source(axes: Axes, text: str) -> None:
    """The data's source, in small grey type under the axis's own label."""
    axes.annotate(text, (0, 0), xycoords=("axes fraction", axes.xaxis.label),
                  xytext=(0, -6), textcoords="offset points", fontsize=8, color="#595959",
                  ha="left", va="top")


def cycle_time_plot(curve: Sequence[tuple[float, float]], quantiles: Mapping[str, float | None],
                    limit: tuple[float, str] | None, lang: ReportLang, source: str) -> str:
    """The share of finished cases done within so many working days on the government
    clock (a cumulative curve), the process limit as a red line, the median and the 90th
    percentile as grey ones: how many cases keep the promise reads off where the curve
    crosses the red line."""
    from matplotlib.figure import Figure

    with _style():
        figure = Figure(figsize=(7.2, 3.2))
        axes = figure.add_subplot()
        if curve:
            days, shares = [x for x, _ in curve], [p for _, p in curve]
            axes.plot(days, shares, color=BLUE, linewidth=2)
            axes.fill_between(days, shares, color=BLUE, alpha=0.12, linewidth=0)
        axes.set_ylabel(say("done_axis", lang))
        axes.set_ylim(0, 1.02)
        axes.yaxis.set_major_formatter(_percent())
        axes.grid(axis="y", color="#e6e6e6", linewidth=0.6)
        for key, style, height in (("p50", ":", 0.5), ("p90", "--", 0.9)):
            at = quantiles.get(key)
            if at is not None:
                axes.axvline(at, color=GREY, linestyle=style, linewidth=1)
                axes.annotate(f"{key} {at:.1f}", (at, height), xytext=(-4, 4),
                              textcoords="offset points", fontsize=8, color="#404040",
                              ha="right")
        if limit is not None:
            axes.axvline(limit[0], color=RED, linewidth=1.5)
            axes.annotate(say("limit_line", lang, days=limit[1]), (limit[0], 0.08),
                          xycoords=("data", "axes fraction"), xytext=(4, 0),
                          textcoords="offset points", color=RED, fontsize=9)
        axes.set_xlabel(say("cycle_axis", lang))
        axes.set_xlim(left=0)
        _source(axes, source)
        return _svg(figure)


def outcome_plot(shares: Mapping[str, float], intervals: Mapping[str, Sequence[float]],
                 names: Mapping[str, str], lang: ReportLang, source: str) -> str:
    """Each outcome's share of cases as a bar, with its 95% interval."""
    from matplotlib.figure import Figure

    shown = [k for k, v in shares.items() if v or k != "unfinished"]
    with _style():
        figure = Figure(figsize=(7.2, 0.5 + 0.42 * len(shown)))
        axes = figure.add_subplot()
        rows = list(range(len(shown)))[::-1]
        values = [shares[k] for k in shown]
        low = [max(0.0, shares[k] - max(0.0, intervals.get(k, [shares[k]] * 2)[0]))
               for k in shown]
        high = [max(0.0, min(1.0, intervals.get(k, [shares[k]] * 2)[1]) - shares[k])
                for k in shown]
        axes.barh(rows, values, color=BLUE, height=0.6, xerr=[low, high],
                  error_kw={"ecolor": "#333333", "capsize": 3, "linewidth": 1})
        axes.set_yticks(rows, [names.get(k, k) for k in shown])
        for row, value in zip(rows, values, strict=True):
            axes.annotate(f"{value:.1%}", (value, row), xytext=(6, 6),
                          textcoords="offset points", fontsize=8, va="bottom")
        axes.set_xlim(0, 1.05)
        axes.xaxis.set_major_formatter(_percent())
        axes.set_xlabel(say("share_axis", lang))
        _source(axes, source)
        return _svg(figure)


def department_plot(departments: Mapping[str, Mapping[str, Any]], names: Mapping[str, str],
                    lang: ReportLang, source: str) -> str:
    """Utilisation (share of officer time busy) and mean queue wait, department by
    department, side by side, the busiest at the top."""
    from matplotlib.figure import Figure

    order = sorted(departments, key=lambda d: departments[d].get("utilization") or 0.0)
    with _style():
        figure = Figure(figsize=(7.2, 0.6 + 0.34 * len(order)))
        left, right = figure.subplots(1, 2, sharey=True)
        rows = list(range(len(order)))
        use = [departments[d].get("utilization") or 0.0 for d in order]
        wait = [departments[d].get("mean_queue_wait") or 0.0 for d in order]
        left.barh(rows, use, color=BLUE, height=0.6)
        left.set_yticks(rows, [names.get(d, d) for d in order])
        left.set_xlim(0, max(1.0, max(use, default=0.0)))
        left.xaxis.set_major_formatter(_percent())
        left.set_xlabel(say("utilisation_axis", lang))
        right.barh(rows, wait, color=ORANGE, height=0.6)
        right.set_xlabel(say("queue_axis", lang))
        right.set_xlim(left=0)
        _source(left, source)
        return _svg(figure)


def finishes_plot(by_week: Mapping[str, float], open_cases: int, as_of: date,
                  lang: ReportLang, source: str) -> str:
    """How many of the open cases are expected to finish each week (bars, by the week's
    Monday), and the share of them finished by the end of that week (a step line on the
    right axis, from none on the forecast's day): when the open work will be off the desk."""
    from matplotlib.figure import Figure

    weeks = sorted(by_week)
    days = [float(date.fromisoformat(w).toordinal()) for w in weeks]
    counts = [by_week[w] for w in weeks]
    start = float(as_of.toordinal())
    done, running = [0.0], 0.0
    for count in counts:
        running += count
        done.append(running / open_cases if open_cases else 0.0)
    with _style():
        figure = Figure(figsize=(7.2, 3.2))
        axes = figure.add_subplot()
        axes.bar(days, counts, width=5, align="edge", color=BLUE, linewidth=0)
        axes.set_ylabel(say("finishes_axis", lang))
        axes.set_ylim(0, max(counts, default=1.0) * 1.15 or 1.0)
        axes.grid(axis="y", color="#e6e6e6", linewidth=0.6)
        share = axes.twinx()
        share.spines["right"].set_visible(True)
        ends = [start] + [d + 7 for d in days]
        share.step([*ends, ends[-1] + 3], [*done, done[-1]], where="post", color=ORANGE,
                   linewidth=1.6)
        share.set_ylim(0, 1.02)
        share.yaxis.set_major_formatter(_percent())
        share.set_ylabel(say("finished_axis", lang))
        if days:
            first = min(days[0], start)
            ticks = _date_ticks(date.fromordinal(int(first)),
                                date.fromordinal(int(days[-1]) + 7))
            axes.set_xticks([float(t.toordinal()) for t, _ in ticks], [n for _, n in ticks])
            axes.set_xlim(first - 3, days[-1] + 10)
        axes.set_xlabel(say("week_axis", lang))
        _source(axes, source)
        return _svg(figure)


def _date_ticks(first: date, last: date, most: int = 8) -> list[tuple[date, str]]:
    """Ticks in numbers only (no month names, so a Chinese plot has no English): the first
    of every month, every second, third … month as the span needs, written ``2026-03``;
    Mondays written ``03-09`` when the span is under three months."""
    if (last - first).days < 90:
        mondays = [first + timedelta(days=7 * k) for k in range((last - first).days // 7 + 1)]
        step = -(-len(mondays) // most)
        return [(d, d.strftime("%m-%d")) for d in mondays[::step]]
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    months = [m for m in months if first <= m <= last] or [first]
    step = next(s for s in (1, 2, 3, 6, 12, 24, 60, 120) if len(months) <= most * s)
    keep = [m for m in months if (m.year * 12 + m.month - 1) % step == 0] or months[:1]
    return [(m, m.strftime("%Y-%m")) for m in keep]


def _percent() -> Any:
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(1.0, decimals=0)
