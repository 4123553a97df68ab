"""``award``: compute a policy year's awards and print them as a table, JSON, or the
explanation of one applicant's award."""

from __future__ import annotations

from pathlib import Path

import click

from ..api.award_trace import explanation
from ..api.awards import awarded
from ..model import Lang
from ..policy import (
    YearResult,
    explain,
)
from ..policy.money import money
from ..textwidth import columns, pad
from .options import lang_option
from .output import echo_json

__all__ = ["award_command"]


@click.command("award")
@click.argument("spec", metavar="ID|FILE")
@click.option("--year", type=click.IntRange(1990, 2200), metavar="YYYY",
              help="The policy year (default: the latest year with bundled applicants).")
@click.option("--applicants", "applicants_file", type=click.Path(path_type=Path),
              metavar="FILE", help="Applicants as CSV (UTF-8) or XLSX; first column `name`, "
                                   "then attributes (default: the bundled example).")
@click.option("--explain", "firm", metavar="FIRM",
              help="Explain one applicant's award: rules, values, caps, budget, references.")
@lang_option()
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON (with --explain: the versioned trace).")
def award_command(spec: str, year: int | None, applicants_file: Path | None,
                  firm: str | None, lang: Lang, as_json: bool) -> None:
    """Compute what each applicant is awarded under a policy in one year, and why.

    ID|FILE is a process with a `<id>.policy.yaml` beside it, or the policy file itself.
    Money is exact (fen); the awards add up to the total. Exits 1 if the policy or the
    applicant file has errors (every bad row is listed, and nothing else is printed),
    2 for usage errors such as a year the policy has no parameters for.
    """
    done = awarded(spec, year=year, applicants=applicants_file)
    result = done.year
    if firm is not None:
        award = result.find(firm)
        if as_json:
            echo_json(explanation(result, firm).model_dump(mode="json"))
        else:
            click.echo(explain(result, award, lang))
    elif as_json:
        echo_json(done.result.model_dump(mode="json"))
    else:
        click.echo(_table(result, lang))


def _cell(text: str, width: int, right: bool) -> str:
    return pad(text, width, right=right)


FIGURES = {False: "figures", True: "数据"}
ILLUSTRATIVE = {False: "illustrative*", True: "示例*"}
AS_FILED = {False: "as filed", True: "申报数"}
FOOTNOTE = {
    False: "* illustrative: the row's figures are not published; the modeller chose them (see "
           "its note and --explain), so its amounts illustrate the rules and are not a "
           "published award",
    True: "* 示例:该行数据未公开,由建模者选定(见备注和 --explain),其金额只用于说明规则,"
          "不是公布的奖励金额",
}
"""How a row whose figures are the modeller's (the ``illustrative`` column) is marked."""


def _table(result: YearResult, lang: Lang) -> str:
    policy = result.policy
    used = [r.spec.id for r in policy.rewards
            if any(line.reward.spec.id == r.spec.id for a in result.awards
                   for line in a.entitlement.lines)]
    marked = any(a.entitlement.applicant.illustrative for a in result.awards)
    zh = lang == "zh"
    header = ["applicant", *([FIGURES[zh]] if marked else []), "eligibility", *used,
              "before allocation", "award"]
    rows = []
    for award in result.awards:
        item = award.entitlement
        amounts = {line.reward.spec.id: money(line.amount) for line in item.lines}
        status = ("yes" if item.lines else "yes, no reward applies") if item.eligible else (
            "no: " + ", ".join(item.failed))
        figures = [ILLUSTRATIVE[zh] if item.applicant.illustrative else AS_FILED[zh]]
        rows.append([award.name, *(figures if marked else []), status,
                     *(amounts.get(r, "-") for r in used), money(item.amount),
                     money(award.amount)])
    rows.append(["total", *([""] if marked else []), "", *([""] * len(used)),
                 money(result.demand), money(result.total)])
    widths = [max(columns(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lead = 3 if marked else 2
    right = [*([False] * lead), *([True] * (len(header) - lead))]

    def line(row: list[str]) -> str:
        return "  ".join(_cell(t, w, r) for t, w, r in zip(row, widths, right, strict=True))

    source = result.applicants.source if result.applicants else "-"
    scaled = (f"the budget binds: shares scaled by {policy.file.allocation.method}"
              if result.scaled else "the budget does not bind: every entitlement paid in full")
    return "\n".join([
        f"{policy.file.title.pick(lang)}  [{policy.id} {policy.file.version}]  {result.year}",
        f"applicants: {source} ({len(result.awards)})", "",
        line(header), "  ".join("-" * w for w in widths), *map(line, rows[:-1]),
        "  ".join("-" * w for w in widths), line(rows[-1]), "",
        f"budget {money(result.budget)} · paid {money(result.total)} · left "
        f"{money(result.left)} · {scaled}",
        *([FOOTNOTE[zh]] if marked else []),
    ])
