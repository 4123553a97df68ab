"""A reform's mapping table: where each item of the process before went in the process after.

Part of load → check, beside the loader: a ``<before>.mapping.yaml`` file (see
docs/format.md, "Mapping files") names two processes and lists, for each item of the
first, the items of the second that took it over; an item that did not simply stay as it
was says why (``merged``). ``check_mapping`` returns every problem with file:line:col:
processes that do not load, ids that are not states of their process, an item listed
twice, a merge without its reason.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import Field

from .errors import DefinitionError, Problem
from .loader import Definition, bundled_dir, load
from .model import Frozen, Id, ProcessId, Provenance
from .source import SourceMap, read_yaml
from .validation import validate

__all__ = ["MAPPING_ERROR", "MAPPING_REFERENCE", "MAPPING_SUFFIX", "MappedItem", "ReformMapping",
           "check_mapping", "load_mapping"]

MAPPING_SUFFIX = ".mapping.yaml"
MAPPING_ERROR = "PK503"
MAPPING_REFERENCE = "PK504"


class MappedItem(Provenance):
    """One item of the process before, and the items after that took it over."""

    before: Id = Field(description="A state of the process before the reform.")
    after: tuple[Id, ...] = Field(min_length=1, description="States of the process after "
                                                            "the reform that took it over.")
    merged: str | None = Field(default=None, min_length=3, description=(
        "Why the item did not stay as it was (merged, dropped, split); required whenever "
        "`after` is not the item itself."))


class ReformMapping(Frozen):
    """A whole mapping file."""

    format: Literal[1] = Field(default=1, description=(
        "Version of the mapping file format (docs/format.md); without it, format 1."))
    before: ProcessId = Field(description="The process before the reform (its id).")
    after: ProcessId = Field(description="The process after the reform (its id).")
    items: tuple[MappedItem, ...] = Field(min_length=1)
    source: str | None = None
    assumption: str | None = None


def load_mapping(path: Path) -> tuple[ReformMapping, SourceMap]:
    """Read and validate the file's format (not yet its processes)."""
    data, source = read_yaml(path)
    mapping = validate(ReformMapping, data, source, kind="mapping")
    return mapping, source


def _process(name: str, folder: Path) -> Definition:
    beside = folder / f"{name}.yaml"
    return load(beside if beside.is_file() else bundled_dir() / f"{name}.yaml")


def check_mapping(path: Path) -> list[Problem]:
    """Every problem of the mapping file at ``path``, or ``DefinitionError`` for its format."""
    mapping, source = load_mapping(path)
    problems: list[Problem] = []
    ends: dict[str, Definition] = {}
    for side in ("before", "after"):
        name = getattr(mapping, side)
        try:
            ends[side] = _process(name, path.parent)
        except DefinitionError as error:
            first = error.problems[0]
            when = "改革前" if side == "before" else "改革后"
            problems.append(Problem(source.locate((side,)), f"process `{name}` ({side} the "
                                    f"reform) cannot be loaded: {first.message}",
                                    "put its file beside the mapping or use a bundled id",
                                    MAPPING_REFERENCE, (name,),
                                    message_zh=f"无法读取{when}的流程 `{name}`:"
                                               f"{first.message_zh or first.message}",
                                    hint_zh="把它的文件放在对照表旁边,或使用内置流程的标识"))
    states = {side: set(d.structure.places) for side, d in ends.items()}
    seen: dict[str, int] = {}
    for index, item in enumerate(mapping.items):
        if "before" in states:
            _known(problems, source, ("items", index, "before"), item.before,
                   states["before"], mapping.before)
        if "after" in states:
            for position, name in enumerate(item.after):
                _known(problems, source, ("items", index, "after", position), name,
                       states["after"], mapping.after)
        if item.before in seen:
            problems.append(Problem(source.locate(("items", index, "before")),
                                    f"`{item.before}` is already mapped in item "
                                    f"{seen[item.before] + 1}", "list each item once",
                                    MAPPING_REFERENCE, (item.before,),
                                    message_zh=f"`{item.before}` 已在第 {seen[item.before] + 1} "
                                               "项中对照过", hint_zh="每个事项只列一次"))
        seen.setdefault(item.before, index)
        if item.after != (item.before,) and not item.merged:
            problems.append(Problem(source.locate(("items", index)),
                                    f"`{item.before}` did not stay as it was but no reason "
                                    "is given", "say why in `merged:` (merged into …, "
                                    "dropped because …)", MAPPING_REFERENCE, (item.before,),
                                    message_zh=f"`{item.before}` 没有保持原样,却没有说明理由",
                                    hint_zh="在 `merged:` 中说明理由(并入……、因……取消)"))
    return sorted(problems, key=lambda p: p.location)


def _known(problems: list[Problem], source: SourceMap, path: tuple[str | int, ...],
           name: str, known: Iterable[str], process: str) -> None:
    choices = sorted(known)
    if name in choices:
        return
    close = difflib.get_close_matches(name, choices, n=1)
    problems.append(Problem(source.locate(path), f"`{name}` is not a state of `{process}`",
                            f"did you mean `{close[0]}`?" if close else "", MAPPING_REFERENCE,
                            (name,), message_zh=f"`{name}` 不是 `{process}` 的状态",
                            hint_zh=f"是不是 `{close[0]}`?" if close else ""))
