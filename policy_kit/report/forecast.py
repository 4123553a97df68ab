"""The open cases of a log, forecast, in the report: what ``forecast --json`` prints.

Part of report. With ``--log`` and ``--as-of`` the report runs the forecast with the same
library call as ``policy-kit forecast`` (``run_forecast``: the log cut at 00:00 of the
day, every open case placed where it stands, all simulated together) and shows how many
cases are open, how many are expected to break the process's limit (and their recorded
deadlines), when they are expected to finish week by week, and each case's 10/50/90%
finish dates and risk, the riskiest first. Every number is a ``Figure`` keyed into the
command's JSON, so the browser test can hold the page against it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..loader import Definition
from ..model import label
from .markup import esc, figure, headline, table
from .model import Figure, Section
from .plots import finishes_plot
from .svg import inline_svg
from .words import ReportLang, say

__all__ = ["CASES_SHOWN", "forecast_section"]

CASES_SHOWN = 20
"""Open cases listed, the riskiest first; the rest are in ``forecast --cases-out``."""


def forecast_section(definition: Definition, data: dict[str, Any], seed: int, log_name: str,
                     lang: ReportLang) -> Section:
    """``data``: the forecast as ``forecast --json`` prints it (``calibrated`` included);
    ``seed``: the seed it was simulated with; ``log_name``: the case log's file name."""
    if data.get("calibrated"):  # the JSON names it in English; the page in its language
        data = {**data, "scenario": say("calibrated_from", lang, log=log_name,
                                        as_of=data["as_of"])}
    summary = data["summary"]
    cases: list[dict[str, Any]] = data["cases"]
    limited = any(c["due"] is not None for c in cases)
    source = say("forecast_source", lang, scenario=data["scenario"], as_of=data["as_of"],
                 replications=summary["replications"], seed=seed)
    body = [f'<p class="lead">{esc(_lead(data, lang))}</p>', headline(_tiles(data, limited,
                                                                             lang))]
    limit = definition.process.limit
    if limited and limit is not None:
        body.append(f'<p class="muted">{esc(say("limit_basis", lang, limit=limit.describe(lang)))}'
                    "</p>")
    if summary["by_week"]:
        plot = finishes_plot(summary["by_week"], summary["open"],
                             date.fromisoformat(data["as_of"]), lang, source)
        body.append(figure(inline_svg(plot, "finishes", "plot"),
                           esc(say("finishes_plot", lang)), "plot-figure"))
    if cases:
        body.append(_cases(definition, cases, limited, lang))
    if summary["departments"]:
        names = {d.id: label(d.name, d.id, lang) for d in definition.process.departments}
        rows = [[esc(names.get(d, d)), Figure("forecast", ("summary", "departments", d), n,
                                              f"{n:,}").html()]
                for d, n in summary["departments"].items()]
        body.append(f'<h3>{esc(say("open_work", lang))}</h3>' + table(
            [esc(say("department", lang)), esc(say("open_steps", lang))], rows,
            "compact narrow"))
    return Section("forecast", say("forecast", lang), "".join(body))


def _lead(data: dict[str, Any], lang: ReportLang) -> str:
    summary = data["summary"]
    return say("forecast_lead", lang, as_of=data["as_of"], open=f"{summary['open']:,}",
               replications=f"{summary['replications']:,}", scenario=data["scenario"])


def _tiles(data: dict[str, Any], limited: bool, lang: ReportLang) -> list[tuple[str, str]]:
    summary = data["summary"]
    tiles = [(say("open_cases", lang), Figure("forecast", ("summary", "open"), summary["open"],
                                              f"{summary['open']:,}").html())]
    if limited:
        expected = summary["expected_breaches"]
        tiles.append((say("expected_breaches", lang),
                      Figure("forecast", ("summary", "expected_breaches"), expected,
                             f"{expected:.1f}").html()
                      + f" <small>/ {summary['open']:,}</small>"))
    elif summary["open"]:
        tiles.append((say("expected_breaches", lang),
                      f'<small>{esc(say("no_process_limit", lang))}</small>'))
    late = summary["expected_deadline_breaches"]
    if late is not None:
        tiles.append((say("expected_late", lang),
                      Figure("forecast", ("summary", "expected_deadline_breaches"), late,
                             f"{late:.1f}").html()
                      + f" <small>/ {summary['open']:,}</small>"))
    return tiles


def _cases(definition: Definition, cases: list[dict[str, Any]], limited: bool,
           lang: ReportLang) -> str:
    """The open cases, the likeliest to break the limit first (then the latest to finish):
    where each stands, its 10/50/90% finish dates, its due day and its risks."""
    places = definition.structure.places
    deadlines = any(c["deadline_breach_probability"] is not None for c in cases)
    unfinished = any(c["finish_probability"] < 1 for c in cases)


    def where(case: dict[str, Any]) -> str:
        """The steps the case is at (in progress in bold); the reviews of a concurrent
        stage it has already finished are counted, not named."""
        going = set(case["in_progress"])
        names, finished = [], 0
        for state in case["states"]:
            place = places.get(state)
            if place is not None and place.region_final:
                finished += 1
                continue
            name = esc(label(place.state.name, state, lang) if place else state)
            names.append(f"<b>{name}</b>" if state in going else name)
        text = "、".join(names) if lang == "zh" else ", ".join(names)
        if finished:
            text += f' <span class="muted">{esc(say("reviews_done", lang, n=finished))}</span>'
        return text

    def cell(index: int, key: str, share: bool = False) -> str:
        value = cases[index][key]
        if value is None:
            return "–" if share or key == "due" else esc(say("not_in_ten_years", lang))
        text = f"{value:.0%}" if share else str(value)
        return Figure("forecast", ("cases", index, key), value, text).html()

    order = sorted(range(len(cases)), key=lambda i: cases[i]["p50"] or "9999", reverse=True)
    order.sort(key=lambda i: -(cases[i]["breach_probability"] or 0.0))  # stable: ties latest
    headers = ["log_case", "where_now", "p10", "p50", "p90"]
    headers += ["due", "limit_risk"] if limited else []
    headers += ["deadline_risk"] if deadlines else []
    headers += ["finish_share"] if unfinished else []
    rows = []
    for i in order[:CASES_SHOWN]:
        row = [f"<code>{esc(cases[i]['case'])}</code>", where(cases[i]),
               cell(i, "p10"), cell(i, "p50"), cell(i, "p90")]
        row += [cell(i, "due"), cell(i, "breach_probability", True)] if limited else []
        row += [cell(i, "deadline_breach_probability", True)] if deadlines else []
        row += [cell(i, "finish_probability", True)] if unfinished else []
        rows.append(row)
    more = len(cases) - CASES_SHOWN
    note = (f'<p class="muted">{esc(say("more_cases", lang, n=f"{more:,}"))}</p>'
            if more > 0 else "")
    return (f'<h3>{esc(say("open_case_table", lang))}</h3>'
            f'<p class="muted">{esc(say("in_progress_note", lang))}</p>'
            + table([esc(say(h, lang)) for h in headers], rows, "forecast-cases") + note)
