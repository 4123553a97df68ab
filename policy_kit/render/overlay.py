"""Marks laid over a diagram: which nodes and arrows a path or a simulation highlights.

Part of render. An overlay only names diagram ids and says how each is marked; the
Graphviz renderer decides what a mark looks like. ``read_json`` is shared by the path
and heat readers so that a bad file always fails the same way: file, place, what is
wrong, exit code 1.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Location, RenderError
from ..formats import format_refusal
from ..library_zh import decode_error_zh, json_error_zh, os_error_zh
from ..validation import error_text
from .model import Diagram, Move

__all__ = ["EdgeMark", "NodeMark", "Overlay", "combine", "edges_by_move", "nodes_by_state",
           "read_json"]

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class NodeMark:
    visited: bool = False
    heat: float | None = None
    notes: tuple[str, ...] = ()
    bottleneck: bool = False


@dataclass(frozen=True)
class EdgeMark:
    """``numbers`` are the path's step numbers (with a date when known); ``weight`` in [0, 1]."""

    numbers: tuple[str, ...] = ()
    on_path: bool = False
    weight: float | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Overlay:
    """``path``: everything not marked is drawn faint."""

    nodes: dict[str, NodeMark] = field(default_factory=dict)
    edges: dict[str, EdgeMark] = field(default_factory=dict)
    path: bool = False
    heat: bool = False
    legend: tuple[tuple[str, str], ...] = ()
    """(symbol, text) rows added to the legend."""
    scale: tuple[str, tuple[tuple[str, str], ...]] | None = None
    """A colour scale for the legend: its title and (colour, range) steps, with numbers."""


def combine(first: Overlay, second: Overlay) -> Overlay:
    """Both overlays at once (a path drawn over the heat of many cases)."""
    nodes = dict(first.nodes)
    for key, mark in second.nodes.items():
        old = nodes.get(key, NodeMark())
        nodes[key] = NodeMark(old.visited or mark.visited,
                              mark.heat if mark.heat is not None else old.heat,
                              old.notes + mark.notes, old.bottleneck or mark.bottleneck)
    edges = dict(first.edges)
    for key, edge in second.edges.items():
        old_edge = edges.get(key, EdgeMark())
        edges[key] = replace(old_edge, numbers=old_edge.numbers + edge.numbers,
                             on_path=old_edge.on_path or edge.on_path,
                             weight=edge.weight if edge.weight is not None else old_edge.weight,
                             notes=old_edge.notes + edge.notes)
    return Overlay(nodes, edges, first.path or second.path, first.heat or second.heat,
                   first.legend + second.legend, second.scale or first.scale)


def edges_by_move(diagram: Diagram) -> dict[Move, str]:
    """(source, target, trigger) → the id of the arrow drawn for it."""
    return {move: edge.id for edge in diagram.edges for move in edge.moves}


def nodes_by_state(diagram: Diagram) -> dict[str, tuple[str, ...]]:
    """State id → the nodes that show it: itself, its copies next to each stage (ends
    reached from many stages), or its stage's box in an overview."""
    table: dict[str, list[str]] = {}
    for node in diagram.nodes.values():
        for state in node.states:
            table.setdefault(state, []).append(node.id)
    return {state: tuple(ids) for state, ids in table.items()}


def read_json(path: Path, model: type[ModelT], option: str, kind: str) -> ModelT:
    """Read ``path`` into ``model``, or raise ``RenderError`` saying where the file is wrong;
    a ``format`` newer than this policy-kit reads for ``kind`` is the one thing said."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # spreadsheets and editors add BOMs
    except UnicodeDecodeError as error:
        raise RenderError(f"{path}: cannot read the {option} file ({error})",
                          zh=f"{path}：无法读取 {option} 文件：{decode_error_zh(error)}") from None
    except OSError as error:
        raise RenderError(f"{path}: cannot read the {option} file ({error})",
                          zh=f"{path}：无法读取 {option} 文件（{os_error_zh(error)}）") from None
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"{path}:{error.lineno}:{error.colno}"
        raise RenderError(f"{where}: not JSON: {error.msg} "
                          f"(give {option} the output of the command's --json)",
                          zh=f"{where}：不是 JSON：{json_error_zh(error)}（请把命令 --json 的输出"
                             f"交给 {option}）") from None
    if isinstance(data, dict):
        line, column = _key_position(text, "format")
        problem = format_refusal(kind, data.get("format"), Location(str(path), line, column))
        if problem is not None:
            raise RenderError(f"{problem.location}: {problem.message}; {problem.hint}",
                              zh=f"{problem.location}：{problem.message_zh}；{problem.hint_zh}")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top)"
        more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
        more_zh = f"（另有 {error.error_count() - 1} 处）" if error.error_count() > 1 else ""
        raise RenderError(f"{path}: {where}: {first['msg']}{more}; is this the --json output "
                          f"{option} expects?",
                          zh=f"{path}：{f'`{where}`' if first['loc'] else '顶层'}："
                             f"{error_text(first)[1]}{more_zh}；这是 "
                             f"{option} 所要的 --json 输出吗？") from None


def _key_position(text: str, key: str) -> tuple[int, int]:
    """Line and column (1-based) of the first ``"key":`` in a JSON text (1:1 if none)."""
    found = re.search(rf'"{re.escape(key)}"\s*:', text)
    if found is None:
        return 1, 1
    before = text[:found.start()]
    return before.count("\n") + 1, found.start() - (before.rfind("\n") + 1) + 1
