"""The definition file's data, in the order a reader expects: what the process is, who
works in it, what it reads, its stages and states, the ways, and the importer's notes.

Part of load (**load** → …), the last step of ``assemble``.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..check.findings import Words
from .reading import cited, warning_line

if TYPE_CHECKING:
    from .assemble import _Assembly

__all__ = ["document"]

_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def document(a: _Assembly, initial: str) -> dict[str, Any]:
    t = a.t
    in_region = set(a.region_of)
    in_stage = set(a.stage_of)
    stages: list[tuple[int, dict[str, Any]]] = []
    order = {node_id: index for index, node_id in enumerate(t.nodes)}
    for sub_id, stage in a.stages.items():
        stage = dict(stage, states=a.state_list(stage["states"]))
        stages.append((order[sub_id], stage))
    for block in t.blocks.values():
        regions = []
        for region in block.regions:
            states = a.state_list(region.states)
            finals = list(region.finals.values())
            if not finals:  # every way out of the branch ends the case: never joined
                finals = [t.ids.fresh(f"{region.id}_done")]
                t.info.append(t.say(Words(
                    f"`{block.stage}` 的分支 `{region.id}` 总是结束整件申请；其终态 "
                    f"`{finals[0]}` 永远不会到达",
                    f"branch `{region.id}` of `{block.stage}` always ends the case; its final "
                    f"state `{finals[0]}` is never reached")))
            states += [{"id": final, "kind": "final"} for final in finals]
            regions.append({"id": region.id, "states": states})
        named = {"name": t.read.text(block.fork.name)} if block.fork.name else {}
        host = t.nodes.get(block.fork.scope or "")  # a sub-process drawn round the stage
        limit = t.limit(host) if host is not None and host.kind == "subProcess" else None
        timed = {"limit": limit, "source": cited(host.location, host.id)} \
            if limit and host is not None else {}
        stage = {"id": block.stage, **named, **timed, "regions": regions}
        stages.append((order.get(block.fork.id, len(order)), stage))
    stages.sort(key=lambda item: item[0])
    top = [state for key, state in a.states.items()
           if key not in in_region and key not in in_stage]
    top += list(a.finals.values())
    data = _header(a, initial)
    if stages:
        data["stages"] = [stage for _, stage in stages]
    if top:
        data["states"] = top
    data["transitions"] = a.transitions
    notes = [warning_line(w, t.lang) for w in t.warnings] + list(t.info)
    notes += [t.say(Words(f"注释 `{ref}`：{text}", f"annotation `{ref}`: {text}"))
              for ref, text in t.graph.annotations]
    if notes:
        data["notes"] = notes
    return data


def _header(a: _Assembly, initial: str) -> dict[str, Any]:
    t = a.t
    title = t.graph.name or t.graph.process.attributes.get("name", "") or t.graph.process.id
    data: dict[str, Any] = {"format": 1, "id": t.process_id, "title": t.read.text(title),
                            "source": t.say(Words(f"BPMN 流程 `{t.graph.process.id}`",
                                                  f"BPMN process `{t.graph.process.id}`"))}
    pk_process = t.pk.extensions(t.graph.process, "process")
    if pk_process and pk_process[0].get("calendar"):
        data["calendar"] = pk_process[0]["calendar"]
    limit = t.pk.limit(t.graph.process)
    if limit:
        data["limit"] = limit
    if initial:
        data["initial"] = initial
    attributes = _attributes(t.attributes)
    departments = [{"id": d, "name": t.read.text(n)} for d, n in a.people.department_names.items()]
    documents = _documents(a)
    if t.pk.present:  # policy-kit's own export: its declarations, exactly
        attributes = {e["name"]: _declared(e["spec"])
                      for e in t.pk.extensions(t.graph.process, "attribute")}
        departments = [{"id": e["ref"], "name": t.read.text(e["name"])}
                       for e in t.pk.extensions(t.graph.process, "department")]
        documents = [{"id": e["ref"], "name": t.read.text(e["name"]),
                      **({"from_applicant": True} if e.get("fromApplicant") == "true" else {})}
                     for e in t.pk.extensions(t.graph.process, "document")]
    if attributes:
        data["attributes"] = attributes
    if departments:
        data["departments"] = departments
    if documents:
        data["documents"] = documents
    return data


def _attributes(found: dict[str, str | frozenset[str]]) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    for name, kind in sorted(found.items()):
        if isinstance(kind, frozenset):
            values = sorted(kind)
            if all(_ID.match(v) for v in values):
                # the conditions name some values; `other` is every value they do not
                # name, so that a way taken when none of them holds can be taken
                others = ["other"] if "other" not in kind else []
                attributes[name] = {"type": "enum", "values": [*values, *others],
                                    "example": values[0]}
            else:
                attributes[name] = {"type": "string", "example": values[0]}
        elif kind == "bool":
            attributes[name] = {"type": "bool", "example": False}
        elif kind == "number":
            attributes[name] = {"type": "number", "example": 0}
        else:
            attributes[name] = {"type": "date", "example": "2025-01-01"}
        attributes[name]["assumption"] = "read from the BPMN conditions; its domain and " \
                                         "example are guesses" + (
                                             " (`other`: any value they do not name)"
                                             if attributes[name]["type"] == "enum" else "")
    return attributes


def _documents(a: _Assembly) -> list[dict[str, Any]]:
    documents = []
    for document_id, name in a.people.document_names.items():
        entry: dict[str, Any] = {"id": document_id, "name": a.t.read.text(name)}
        if document_id in a.people.used_documents["requires"] and \
                document_id not in a.people.used_documents["provides"]:
            entry["from_applicant"] = True
            entry["assumption"] = "only read in the BPMN, never written: brought by the " \
                                  "applicant"
        documents.append(entry)
    return documents


def _declared(spec: str) -> dict[str, Any]:
    """An attribute's declaration as the export wrote it: JSON in which pydantic writes an
    exact number as text (``"min": "0"``); the definition wants a number (files exported
    before are read the same way)."""
    data: dict[str, Any] = json.loads(spec)
    if data.get("type") in ("number", "integer"):
        for key in ("min", "max", "example"):
            if isinstance(data.get(key), str):
                number = Decimal(data[key])  # written back as YAML, read again exactly
                data[key] = int(number) if number == number.to_integral_value() else \
                    float(number)
    return data
