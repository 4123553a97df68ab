"""``--path PATH.json``: one application's way through the diagram, numbered step by step.

Part of render, reading what ``policy-kit path --json`` writes. Each step names the
state it left, where it went and on what trigger; that triple finds the arrow drawn
for it. A step the process has no way for means the file was made for another process
(or another version of it), which is said, not silently ignored.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import RenderError
from ..logs.collect import counted
from ..structure import Structure
from ..walk_file import WalkFile, WalkStep
from .labels import Words
from .model import Diagram
from .overlay import EdgeMark, NodeMark, Overlay, edges_by_move, nodes_by_state, read_json

__all__ = ["PathFile", "PathStep", "path_overlay", "read_path"]


PathFile = WalkFile
"""The walk's file, as ``policy_kit.walk_file`` models it for writer and reader alike."""
PathStep = WalkStep


def read_path(path: Path) -> PathFile:
    return read_json(path, PathFile, "--path", "path")


def path_overlay(diagram: Diagram, structure: Structure, walk: PathFile, source: Path,
                 words: Words) -> Overlay:
    """Number the arrows the path took, mark the states it passed, fade everything else."""
    _check(structure, walk, source)
    arrows = edges_by_move(diagram)
    boxes = nodes_by_state(diagram)
    numbers: dict[str, list[str]] = {}
    visited: set[str] = set()
    concurrent = {s.id for s in structure.process.stages if s.concurrent}
    entered_stages: set[str] = set()
    for step in walk.steps:
        arrow = arrows.get((step.state, step.to, step.on))
        label = str(step.number) + (f" {step.end.isoformat()}" if step.end else "")
        if arrow is not None:
            numbers.setdefault(arrow, []).append(label)
        for state in (step.state, *step.entered):
            visited.update(boxes.get(state, ()))
        if step.to in concurrent:
            entered_stages.add(step.to)
        if step.state in concurrent:
            visited.add(f"join.{step.state}")
    edges = {arrow: EdgeMark(tuple(n), on_path=True) for arrow, n in numbers.items()}
    for edge in diagram.edges:
        forked = (edge.kind == "fork" and edge.source.removeprefix("fork.") in entered_stages
                  and edge.target in visited)
        joined = edge.kind == "join" and edge.target in visited and edge.source in visited
        if edge.kind == "start" or forked or joined:
            edges[edge.id] = EdgeMark(on_path=True)
    visited |= {f"fork.{s}" for s in entered_stages} | {"start."}
    nodes = {node: NodeMark(visited=True) for node in visited}
    outcome = f" → {walk.outcome}" if walk.outcome else ""
    steps = words.pair(f"{len(walk.steps)}步", counted(len(walk.steps), "step"))
    return Overlay(nodes, edges, path=True,
                   legend=(("①", f"{words.phrase('path')}: {steps}{outcome}"),))


def _check(structure: Structure, walk: PathFile, source: Path) -> None:
    process = structure.process.id
    if walk.process is not None and walk.process != process:
        raise RenderError(f"{source}: this path is for process `{walk.process}`, not "
                          f"`{process}`",
                          zh=f"{source}：这条路径属于流程 `{walk.process}`，不是 `{process}`")
    moves = {(m.source, m.target, m.trigger) for m in structure.moves}
    for i, step in enumerate(walk.steps):
        if (step.state, step.to, step.on) not in moves:
            raise RenderError(f"{source}: steps.{i} (step {step.number}): `{process}` has no "
                              f"way from `{step.state}` to `{step.to}` on `{step.on}`; was "
                              "the path made for another version of the process?",
                              zh=f"{source}：steps.{i}（第 {step.number} 步）：`{process}` 中没有"
                                 f"从 `{step.state}` 经 `{step.on}` 到 `{step.to}` 的路；这条路径"
                                 "是不是为流程的另一个版本做的？")
