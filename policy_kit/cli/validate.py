"""``validate`` and ``checks``: check definitions before anyone relies on them; list the checks.

The edge of load → check: parse options, call ``policy_kit.check``, print. Exit codes:
0 no errors (with ``--strict``: no warnings either), 1 errors in the input, 2 usage.
"""

from __future__ import annotations

import click

from ..api.checking import checked
from ..check import CATALOGUE, Finding
from ..check.format_json import sarif_log
from ..check.format_text import summary, text_report
from ..errors import UsageError
from ..files import bundled_files
from ..textwidth import pad
from .i18n import command
from .options import lang_option
from .output import echo_json

__all__ = ["checks_command", "validate_command"]

FORMATS = ("text", "json", "sarif")


@command("validate")
@click.argument("specs", nargs=-1, metavar="[ID|FILE]...")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format (default: text).")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@lang_option("Language of the messages.")
def validate_command(specs: tuple[str, ...], fmt: str | None, as_json: bool, strict: bool,
                     lang: str) -> None:
    """Check process definitions: structure, then behaviour over every reachable state;
    and scenario, policy and mapping files against the processes they name.

    A file's kind comes from its name: *.scenario.yaml, *.policy.yaml, *.mapping.yaml,
    else a process. Without arguments, checks every bundled file. Errors cannot be suppressed; a
    warning can, by a `suppress:` entry in the file (code, id, reason). Exit codes:
    0 no errors, 1 errors (or warnings with --strict), 2 usage errors.
    """
    if as_json and fmt not in (None, "json"):
        raise UsageError(f"--json and --format {fmt} contradict each other; give one",
                         zh=f"--json 和 --format {fmt} 互相矛盾；只给一个")
    chosen = "json" if as_json else (fmt or "text")
    names = list(specs) or bundled_files()
    if not names:
        raise UsageError("nothing to validate: give ID|FILE arguments",
                         zh="没有要检查的文件：请给出 ID|FILE 参数")
    done = [checked(spec, lang=lang) for spec in names]
    files: list[tuple[str, tuple[Finding, ...]]] = [(c.name, c.findings) for c in done]
    everything = [f for _, found in files for f in found]
    if chosen == "json":
        echo_json([f for c in done for f in c.result.model_dump(mode="json")])
    elif chosen == "sarif":
        echo_json(sarif_log(everything, lang, _version()))
    else:
        click.echo(text_report(files, lang, click.style), nl=False)
        click.echo(summary(everything, len(files), lang))
    failing = {"error", "warning"} if strict else {"error"}
    if any(f.counts and f.severity in failing for f in everything):
        raise SystemExit(1)


@command("checks")
@lang_option()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def checks_command(lang: str, as_json: bool) -> None:
    """List every check: its code, severity and what it finds (see docs/checks.md)."""
    if as_json:
        echo_json([{"code": r.code, "severity": r.severity, "group": r.group,
                    "title": r.title.pick(lang), "summary": r.summary.pick(lang)}
                   for r in CATALOGUE.values()])
        return
    severities = _SEVERITY_ZH if lang == "zh" else {}
    for rule in CATALOGUE.values():
        severity = severities.get(rule.severity, rule.severity)
        click.echo(f"{rule.code}  {pad(severity, 7)}  {rule.title.pick(lang)}: "
                   f"{rule.summary.pick(lang)}")


_SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def _version() -> str:
    """The installed version, for SARIF (importlib.metadata costs a text run ~15 ms)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("policy-kit")
    except PackageNotFoundError:  # pragma: no cover - running from a plain checkout
        return "0"
