"""``path``: walk one application and print each step, or JSON for other tools."""

from __future__ import annotations

from typing import Any

import click

from ..loader import load
from ..machine import compile
from ..model import Text
from ..structure import Structure
from ..values import parse_assignment
from ..walker import Walk, walk
from .output import echo_json

__all__ = ["path_command"]


@click.command("path")
@click.argument("spec", metavar="ID|FILE")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
              help="Set an attribute (default: each attribute's example). Repeatable.")
@click.option("--choose", "choices", multiple=True, metavar="[REGION.]TRIGGER",
              help="Take this way when it is enabled (in order). Repeatable.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def path_command(spec: str, assignments: tuple[str, ...], choices: tuple[str, ...],
                 lang: str, as_json: bool) -> None:
    """Walk one application through a process, step by step, to its outcome.

    At each step the next --choose is taken if it is enabled, else the default way on;
    concurrent regions advance in the order they are declared. Exits 1 if the
    application gets stuck.
    """
    definition = load(spec)
    attributes = dict(parse_assignment(definition.process, a) for a in assignments)
    result = walk(compile(definition), attributes, choices)
    data = path_data(definition.structure, result)
    if as_json:
        echo_json(data)
    else:
        click.echo(_text(definition.structure, result, data, lang))
    if result.stuck:
        raise SystemExit(1)


def path_data(structure: Structure, result: Walk) -> dict[str, Any]:
    """The JSON form of a walk (``--path`` overlays of diagrams read it back)."""
    return {
        "process": structure.process.id,
        "attributes": dict(result.attributes),
        "outcome": result.outcome,
        "stuck_at": list(result.states) if result.stuck else None,
        "steps": [{"number": s.number, "state": s.source, "stage": s.stage, "region": s.region,
                   "department": s.department, "trigger": s.trigger, "event": s.event,
                   "to": s.target, "entered": list(s.entered),
                   "certificates": list(s.certificates)} for s in result.steps],
        "certificates": list(result.certificates),
    }


def _label(text: Text | None, fallback: str, lang: str) -> str:
    return text.pick("zh" if lang == "zh" else "en") if text else fallback


def _text(structure: Structure, result: Walk, data: dict[str, Any], lang: str) -> str:
    process = structure.process
    names = {c.id: _label(c.name, c.id, lang) for c in process.certificates}
    departments = {d.id: _label(d.name, d.id, lang) for d in process.departments}
    shown = ", ".join(f"{k}={v}" for k, v in data["attributes"].items())
    lines = [f"{_label(process.title, process.id, lang)}  [{process.id}]",
             f"applicant: {shown or '(no attributes)'}", ""]
    for step in result.steps:
        place = structure.places.get(step.source)
        stage = structure.stages.get(step.stage or "")
        stage_name = _label(stage.name, stage.id, lang) if stage else "-"
        state_name = _label(place.state.name, step.source, lang) if place else step.source
        region = f"‖{step.region} " if step.region else ""
        department = departments.get(step.department or "", "-")
        lines.append(f"{step.number:>3}. [{stage_name}] {region}{state_name} ({department})"
                     f"  --{step.trigger}-->  {step.target}")
        for certificate in step.certificates:
            lines.append(f"       ✔ {names.get(certificate, certificate)} [{certificate}]")
    lines.append("")
    if result.stuck:
        lines.append(f"stuck at: {', '.join(result.states)} (no way on is enabled)")
    else:
        lines.append(f"outcome: {result.outcome}")
    lines.append(f"certificates: {len(result.certificates)}"
                 + (": " + ", ".join(names.get(c, c) for c in result.certificates)
                    if result.certificates else ""))
    return "\n".join(lines)
