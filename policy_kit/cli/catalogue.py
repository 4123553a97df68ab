"""``list``, ``show`` and ``schema``: what is bundled, what a process holds, the format."""

from __future__ import annotations

from typing import Any, cast

import click

from ..describe import describe
from ..kinds import KINDS, Kind
from ..loader import Definition, bundled, load
from ..logs.collect import counted
from .i18n import command
from .options import lang_option
from .output import echo_json, to_json

__all__ = ["list_command", "schema_command", "show_command"]


@command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@lang_option("Language of the titles.")
def list_command(as_json: bool, lang: str) -> None:
    """List the bundled processes: id, title, number of stages and states."""
    rows = [_summary(load(name)) for name in bundled()]
    if as_json:
        echo_json(rows)
        return
    width = max((len(r["id"]) for r in rows), default=0)
    for row in rows:
        counts = (f"{row['stages']} 个阶段,{row['states']} 个状态" if lang == "zh" else
                  f"{counted(row['stages'], 'stage')}, {counted(row['states'], 'state')}")
        click.echo(f"{row['id']:<{width}}  {row['title'][lang]}  ({counts})")


def _summary(definition: Definition) -> dict[str, Any]:
    process = definition.process
    return {"id": process.id, "title": {"zh": process.title.pick("zh"),
                                        "en": process.title.pick("en")},
            "stages": len(process.stages), "states": len(definition.structure.places),
            "file": str(definition.path)}


@command("show")
@click.argument("spec", metavar="ID|FILE")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@lang_option("Language of the labels.")
def show_command(spec: str, as_json: bool, lang: str) -> None:
    """Show a process: stages with their limits, departments, documents, certificates,
    attributes."""
    data = describe(load(spec))
    if as_json:
        echo_json(data)
        return
    click.echo(_text(data, lang))


_WORDS: dict[str, tuple[str, str]] = {
    "source": ("依据", "source"), "limit": ("全流程承诺时限", "promised total"),
    "stages": ("阶段", "stages"), "concurrent": ("并联", "concurrent"),
    "outside": ("阶段之外", "outside stages"), "departments": ("部门", "departments"),
    "documents": ("材料", "documents"), "certificates": ("证照", "certificates"),
    "attributes": ("申请人属性", "attributes"), "example": ("示例", "example"),
    "outcome": ("结果", "outcome"), "clock": ("{clock}", "{clock} clock"),
}
KINDS_ZH = {"task": "办理", "wait": "等待", "decision": "决策", "final": "办结",
            "parallel": "并联"}
CLOCKS_ZH = {"government": "政府计时", "applicant": "申请人计时", "statutory": "法定期间计时",
             "none": "不计时"}
"""The format's words (``kind``, ``clock``) as a Chinese reader reads them."""


def _text(data: dict[str, Any], lang: str) -> str:
    zh = lang == "zh"

    def word(key: str) -> str:
        return _WORDS[key][0 if zh else 1]

    colon = ":" if zh else ": "
    lines = [f"{data['title'][lang]}  [{data['id']}]", f"{word('source')}{colon}"
                                                        f"{data['source']}"]
    if data["limit"]:
        lines.append(f"{word('limit')}{colon}{data['limit'][lang]}")
    lines.append("")
    lines.append(f"{word('stages')}{colon.strip()}")
    for n, stage in enumerate(data["stages"], 1):
        limit = f"  ({stage['limit'][lang]})" if stage["limit"] else ""
        mode = f"  [{word('concurrent')}]" if stage["regions"] else ""
        lines.append(f"  {n}. {stage['name'][lang]}{limit}{mode}  [{stage['id']}]")
        for region in stage["regions"]:
            lines.append(f"     ‖ {region['name'][lang]}  [{region['id']}]")
            lines.extend(_state_line(s, lang, "         ") for s in region["states"])
        lines.extend(_state_line(s, lang, "       ") for s in stage["states"])
    if data["states"]:
        lines.append(f"  {word('outside')}{colon.strip()}")
        lines.extend(_state_line(s, lang, "       ") for s in data["states"])
    for key in ("departments", "documents", "certificates"):
        lines.append("")
        lines.append(f"{word(key)} ({len(data[key])}){colon.strip()}")
        lines.extend(f"  {item['id']}: {item['name'][lang]}" for item in data[key])
    lines.append("")
    lines.append(f"{word('attributes')} ({len(data['attributes'])}){colon.strip()}")
    for name, attribute in data["attributes"].items():
        example = attribute["example"]
        shown = ("true" if example else "false") if isinstance(example, bool) else example
        lines.append(f"  {name}: {attribute['domain_text'][lang]}  ({word('example')}"
                     f"{colon}{shown})")
    return "\n".join(lines)


def _state_line(state: dict[str, Any], lang: str, indent: str) -> str:
    zh = lang == "zh"
    details = [KINDS_ZH.get(state["kind"], state["kind"]) if zh else state["kind"]]
    if state["kind"] != "final":
        details.append(CLOCKS_ZH.get(state["clock"], state["clock"]) if zh
                       else f"{state['clock']} clock")
    if state["limit"]:
        details.append(state["limit"][lang])
    if state["outcome"]:
        details.append(f"结果 {state['outcome']}" if zh else f"outcome {state['outcome']}")
    shown = ("、" if zh else ", ").join(details)
    return f"{indent}{state['id']}: {state['name'][lang]}  ({shown})"


@command("schema")
@click.option("--kind", type=click.Choice(KINDS), default="process", show_default=True,
              help="Which kind of file: a process definition, a scenario, a policy, a "
                   "reform's mapping table or a holidays file.")
@lang_option("Language of the schema's title and description.")
def schema_command(kind: str, lang: str) -> None:
    """Print the JSON Schema (draft 2020-12) of one kind of file, for editors that complete
    and check YAML as it is typed. See docs/format.md for mapping an editor to it."""
    from ..schema import json_schema

    click.echo(to_json(json_schema(cast(Kind, kind), lang)))
