"""The what-if section: the report's process against ``--compare OTHER``, as ``policy-kit
compare ID OTHER --json`` prints it.

Part of report. A is the report's process (with its scenario), B the other process or
scenario file; the saving is B − A on the government clock with its 95% interval, and a
difference is called one only where that interval excludes zero.
"""

from __future__ import annotations

from typing import Any

from .markup import esc, headline, table
from .model import Figure, Section
from .words import ReportLang, say

__all__ = ["whatif_section"]

ROWS = {"cycle_time.government.mean": "mean_government",
        "cycle_time.government.p90": "p90_government",
        "cycle_time.government.approved.mean": "approved_government",
        "cycle_time.elapsed.mean": "mean_elapsed", "sla_breach_rate.process": "breach"}
"""The figures shown, by their key in the JSON, with the words that name them."""


def whatif_section(result: dict[str, Any], names: tuple[str, str], lang: ReportLang,
                   outcomes: dict[str, str]) -> Section:
    """``result``: ``compare_variants``' output (the command's JSON); ``outcomes``: the
    names of the outcomes, by id."""
    difference = result["difference"]
    body = [_lead(difference, names, lang)]
    rows = []
    for key in [k for k in ROWS if k in difference] + [
            k for k in difference if k.startswith("outcomes.")]:
        row = difference[key]
        ci = row["ci95"]
        interval = (_figure(key, "ci95", 0, ci[0]) + " – " + _figure(key, "ci95", 1, ci[1])
                    if ci else "–")
        verdict = say(row["verdict"], lang) if row["verdict"] else say("no_clear", lang)
        name = (say(ROWS[key], lang) if key in ROWS else
                f"{say('outcome', lang)}: {outcomes.get(key[9:], key[9:])}")
        rows.append([f'<span title="{esc(key)}">{esc(name)}</span>',
                     _figure(key, "a", None, row["a"]),
                     _figure(key, "b", None, row["b"]),
                     _figure(key, "difference", None, row["difference"], sign=True),
                     interval, esc(verdict)])
    body.append(table([esc(say("figure", lang)), f"A: <code>{esc(names[0])}</code>",
                       f"B: <code>{esc(names[1])}</code>",
                       "B − A", esc(say("ci", lang)), esc(say("verdict", lang))],
                      rows, "whatif"))
    return Section("whatif", say("whatif", lang), "".join(body))


def _lead(difference: dict[str, Any], names: tuple[str, str], lang: ReportLang) -> str:
    """The saving on the government clock, for an approved case where there is one."""
    for key, who in (("cycle_time.government.approved.mean", "an_approved_case"),
                     ("cycle_time.government.mean", "a_case")):
        row = difference.get(key)
        if row is None:
            continue
        if row["verdict"] is None or row["ci95"] is None:
            none = say("whatif_none", lang, a=f"「{names[0]}」", b=f"「{names[1]}」",
                       who=say(who, lang))
            return f'<p class="lead">{esc(none)}</p>'
        saving = Figure("compare", ("difference", key, "difference"), row["difference"],
                        f"{row['difference']:+.1f}")
        low, high = row["ci95"]
        change = say("saving" if row["difference"] < 0 else "adds", lang)
        text = say("whatif_lead", lang, a=f"「{names[0]}」", b=f"「{names[1]}」",
                   who=say(who, lang), change=change, days="\x00", low=f"{low:+.1f}",
                   high=f"{high:+.1f}")
        before, after = text.split("\x00")
        shown = Figure("compare", ("difference", key, "difference"), row["difference"],
                       f"{abs(row['difference']):.1f}")
        tile = headline([(f"B − A: {say(who, lang)}", f"{saving.html()} "
                          f"<small>{esc(say('working_days', lang))}</small>")])
        return tile + f'<p class="lead">{esc(before)}{shown.html()}{esc(after)}</p>'
    return ""


def _figure(key: str, field: str, index: int | None, value: float | None,
            sign: bool = False) -> str:
    if value is None:
        return "–"
    path: tuple[str | int, ...] = ("difference", key, field) + (
        (index,) if index is not None else ())
    text = f"{value:+.3f}" if sign or field == "ci95" else f"{value:.3f}"
    return Figure("compare", path, value, text).html()
