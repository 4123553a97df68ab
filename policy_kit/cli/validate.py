"""``validate`` and ``checks``: check definitions before anyone relies on them; list the checks.

The edge of load → check: parse options, call ``policy_kit.check``, print. Exit codes:
0 no errors (with ``--strict``: no warnings either), 1 errors in the input, 2 usage.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import click

from ..check import CATALOGUE, Finding, check_file
from ..check.format_json import json_findings, sarif_log
from ..check.format_text import summary, text_report
from ..errors import UsageError
from ..loader import bundled
from .options import lang_option
from .output import echo_json

__all__ = ["checks_command", "validate_command"]

FORMATS = ("text", "json", "sarif")
SKIPPED = {"zh": "跳过:不是流程定义(情景、政策和对照文件由各自的命令读取)",
           "en": "skipped: not a process definition (scenario, policy and mapping files are "
                 "read by their own commands)"}


@click.command("validate")
@click.argument("specs", nargs=-1, metavar="[ID|FILE]...")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format (default: text).")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@lang_option("Language of the messages.")
def validate_command(specs: tuple[str, ...], fmt: str | None, as_json: bool, strict: bool,
                     lang: str) -> None:
    """Check process definitions: structure, then behaviour over every reachable state.

    Without arguments, checks every bundled process. Errors cannot be suppressed; a
    warning can, by a `suppress:` entry in the file (code, id, reason). Exit codes:
    0 no errors, 1 errors (or warnings with --strict), 2 usage errors.
    """
    if as_json and fmt not in (None, "json"):
        raise UsageError(f"--json and --format {fmt} contradict each other; give one")
    chosen = "json" if as_json else (fmt or "text")
    names = list(specs) or bundled()
    if not names:
        raise UsageError("nothing to validate: give ID|FILE arguments")
    if all(_companion(spec) for spec in names):
        raise UsageError("no process definitions among the arguments (scenario and policy "
                         "files are checked by their own commands)")
    files: list[tuple[str, tuple[Finding, ...]]] = []
    skipped = [spec for spec in names if _companion(spec)]
    for spec in names:
        if spec in skipped:
            continue
        findings, definition = check_file(spec)
        shown = str(definition.path) if definition and definition.path else (
            findings[0].location.file if findings else spec)
        files.append((shown, findings))
    everything = [f for _, found in files for f in found]
    if chosen == "json":
        echo_json(json_findings(everything, lang))
    elif chosen == "sarif":
        echo_json(sarif_log(everything, lang, _version()))
    else:
        click.echo(text_report(files, lang, click.style), nl=False)
        for spec in skipped:
            click.echo(f"{spec}: {SKIPPED[lang]}")
        click.echo(summary(everything, len(files), lang))
    failing = {"error", "warning"} if strict else {"error"}
    if any(f.counts and f.severity in failing for f in everything):
        raise SystemExit(1)


@click.command("checks")
@lang_option()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def checks_command(lang: str, as_json: bool) -> None:
    """List every check: its code, severity and what it finds (see docs/checks.md)."""
    if as_json:
        echo_json([{"code": r.code, "severity": r.severity, "group": r.group,
                    "title": r.title.pick(lang), "summary": r.summary.pick(lang)}
                   for r in CATALOGUE.values()])
        return
    for rule in CATALOGUE.values():
        click.echo(f"{rule.code}  {rule.severity:<7}  {rule.title.pick(lang)}: "
                   f"{rule.summary.pick(lang)}")


def _companion(spec: str) -> bool:
    """A scenario or policy file beside a process (``<id>.scenario.yaml``), not a process."""
    path = Path(spec)
    return path.suffix in (".yaml", ".yml", ".json") and "." in path.stem


def _version() -> str:
    try:
        return version("policy-kit")
    except PackageNotFoundError:  # pragma: no cover - running from a plain checkout
        return "0"
