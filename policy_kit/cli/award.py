"""``award``: compute a policy year's awards and print them as a table, JSON, or the
explanation of one applicant's award."""

from __future__ import annotations

import itertools
from pathlib import Path

import click

from ..api.award_trace import explanation
from ..api.awards import awarded
from ..heap import collection_paused
from ..model import Lang
from ..policy import explain, year_report_streamed
from ..policy.table import award_table
from .i18n import command
from .options import lang_option
from .output import echo_json

__all__ = ["award_command"]


@command("award")
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
    with collection_paused():  # 200,000 rows stay alive to the end: nothing to collect
        _award(spec, year, applicants_file, firm, lang, as_json)


def _award(spec: str, year: int | None, applicants_file: Path | None, firm: str | None,
           lang: Lang, as_json: bool) -> None:
    done = awarded(spec, year=year, applicants=applicants_file)
    result = done.year
    if firm is not None:
        award = result.find(firm)
        if as_json:
            echo_json(explanation(result, firm).model_dump(mode="json"))
        else:
            click.echo(explain(result, award, lang))
    elif as_json:  # the model's dump, without 200,000 models (tests hold them equal)
        echo_json(year_report_streamed(result))
    else:
        lines = award_table(result, lang)
        while chunk := list(itertools.islice(lines, 4096)):  # 200,000 rows: never one string
            click.echo("\n".join(chunk))
