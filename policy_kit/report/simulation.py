"""Simulation results in the report: the figures ``simulate --json`` prints, with plots and
the heat over the stages.

Part of report. The run is the one ``policy-kit simulate`` makes with the same options
(``simulate(model, cases=…, replications=…, seed=…)``); headline numbers are read from
its ``data``, the JSON the command prints, and the histogram from the cases it kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..loader import Definition
from ..model import label
from ..render import Words, heat_overlay
from ..render.heat import HeatFile
from ..simulate import Run
from .markup import esc, figure, headline, table
from .model import Figure, Section
from .plots import cycle_time_plot, department_plot, outcome_plot
from .svg import diagram_svg, inline_svg
from .words import ReportLang, say

__all__ = ["outcome_names", "simulation_section"]

BOTTLENECKS_SHOWN = 5


def simulation_section(definition: Definition, run: Run, lang: ReportLang) -> Section:
    data = run.data
    process = definition.process
    names = {d.id: label(d.name, d.id, lang) for d in process.departments}
    outcomes = outcome_names(definition, lang)
    # the scenario's file name: a page that is handed on shows no folder of this machine
    source = say("data_source", lang, scenario=Path(str(data["scenario"])).name) + (
        f" · {say('cases', lang)} {data['cases']} × {data['replications']} · "
        f"{say('seed', lang)} {data['seed']}")
    body = [headline(_tiles(data, lang, outcomes))]
    government = data["cycle_time"]["government"]
    limit = process.limit
    line = (float(limit.days), limit.describe(lang)) if limit is not None and (
        limit.unit == "working_days") else None
    plot = cycle_time_plot(_distribution(run), government, line, lang, source)
    body.append(figure(inline_svg(plot, "cycle", "plot"), esc(say("cycle_plot", lang)),
                       "plot-figure"))
    plot = outcome_plot({k: v for k, v in data["outcomes"].items() if v is not None},
                        data.get("outcomes_ci95", {}), {**outcomes, "unfinished":
                                                        say("stuck", lang)}, lang, source)
    body.append(figure(inline_svg(plot, "outcomes", "plot"), esc(say("outcome_plot", lang)),
                       "plot-figure"))
    if data.get("departments"):
        plot = department_plot(data["departments"], names, lang, source)
        body.append(figure(inline_svg(plot, "departments", "plot"),
                           esc(say("department_plot", lang)), "plot-figure"))
    if data.get("bottlenecks"):
        body.append(_bottlenecks(definition, data["bottlenecks"], names, lang))
    body.append(_heat(definition, data, lang))
    return Section("simulation", say("simulation", lang), "".join(body))


def outcome_names(definition: Definition, lang: ReportLang) -> dict[str, str]:
    """Outcome id (what simulate counts) → the name of the first end that gives it."""
    names: dict[str, str] = {}
    for place in definition.structure.places.values():
        if place.case_final:
            outcome = place.state.outcome or place.id
            names.setdefault(outcome, label(place.state.name, place.id, lang))
    return names


def _tiles(data: dict[str, Any], lang: ReportLang,
           outcomes: dict[str, str]) -> list[tuple[str, str]]:
    government = data["cycle_time"]["government"]
    days = say("working_days", lang)
    mean = Figure("simulate", ("cycle_time", "government", "mean"), government["mean"],
                  f"{government['mean']:.1f}")
    ci = ""
    if government.get("ci95"):  # one replication has no interval between replications
        low, high = government["ci95"]
        ci = (f'<div class="ci">{esc(say("ci", lang))} '
              + Figure("simulate", ("cycle_time", "government", "ci95", 0), low,
                       f"{low:.1f}").html() + "–"
              + Figure("simulate", ("cycle_time", "government", "ci95", 1), high,
                       f"{high:.1f}").html() + "</div>")
    p90 = Figure("simulate", ("cycle_time", "government", "p90"), government["p90"],
                 f"{government['p90']:.1f}")
    elapsed = data["cycle_time"]["elapsed"]["mean"]
    tiles = [(say("mean_government", lang), f"{mean.html()} <small>{esc(days)}</small>{ci}"),
             (say("p90_government", lang), f"{p90.html()} <small>{esc(days)}</small>"),
             (say("mean_elapsed", lang),
              Figure("simulate", ("cycle_time", "elapsed", "mean"), elapsed,
                     f"{elapsed:.1f}").html() + f" <small>{esc(days)}</small>")]
    shares = {k: v for k, v in data["outcomes"].items() if v is not None and k in outcomes}
    if shares:
        top = max(shares, key=lambda k: shares[k])
        tiles.append((f"{say('outcome', lang)}: {outcomes[top]}",
                      Figure("simulate", ("outcomes", top), shares[top],
                             f"{shares[top]:.1%}").html()))
    breach = data.get("sla_breach_rate", {}).get("process")
    if breach is not None:
        tiles.append((say("breach", lang), Figure("simulate", ("sla_breach_rate", "process"),
                                                  breach, f"{breach:.1%}").html()))
    return tiles


def _distribution(run: Run) -> list[tuple[float, float]]:
    """(working days on the government clock, share of finished cases within them), at
    every percentile of all replications' cases together: the simulator's own summary
    (exact up to ten thousand cases, a DDSketch within 0.5% beyond)."""
    from ..simulate.sketch import Summary

    merged = Summary.merged(tally.government for tally in run.tallies)
    points = [(merged.percentile(p), p / 100.0) for p in range(101)]
    return [(float(x), share) for x, share in points if x is not None]


def _bottlenecks(definition: Definition, worst: list[dict[str, Any]], names: dict[str, str],
                 lang: ReportLang) -> str:
    places = definition.structure.places
    rows = []
    for item in worst[:BOTTLENECKS_SHOWN]:
        place = places.get(item.get("state") or "")
        state = label(place.state.name, place.id, lang) if place is not None else "–"
        rows.append([esc(names.get(item.get("department") or "", "–")), esc(state),
                     _share(item.get("utilization")), _number(item.get("mean_queue_wait")),
                     _number(item.get("wait_per_case"))])
    return (f'<h3>{esc(say("bottlenecks", lang))}</h3>'
            + table([esc(say(k, lang)) for k in ("department", "state", "utilisation",
                                                 "queue_wait", "wait_per_case")],
                    rows, "bottlenecks"))


def _heat(definition: Definition, data: dict[str, Any], lang: ReportLang) -> str:
    heat = HeatFile.model_validate(data)
    words = Words(lang)
    svg = diagram_svg(definition, "stages", lang, "heat",
                      lambda diagram: heat_overlay(diagram, definition.structure, heat,
                                                   Path(str(data["scenario"])), words))
    return figure(svg, esc(f"{say('heat', lang)}: {say('heat_caption', lang)}"),
                  "diagram-figure")


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"
