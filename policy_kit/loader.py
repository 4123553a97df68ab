"""Loading a definition: a file or a bundled id → a checked, resolved ``Definition``.

The entry of load → check → compile → simulate → render. Three passes, each reporting
every problem it finds with file:line:col: YAML (``source``), schema (pydantic), and
references and guards (``resolve``). Nothing from the file is ever executed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import DefinitionError, Location
from .model import Process
from .resolve import resolve
from .source import SourceMap, read_yaml
from .structure import Structure
from .validation import validate

__all__ = ["Definition", "bundled", "bundled_dir", "find", "load"]


@dataclass(frozen=True)
class Definition:
    """A loaded process: the model, its resolved structure, and where each value stood."""

    process: Process
    structure: Structure
    source: SourceMap
    path: Path | None = None
    document: Any = None
    """The file's plain data as read (None when built in memory): checks that read the
    document itself, not the model (provenance, PK701), use it."""

    @property
    def id(self) -> str:
        return self.process.id

    def locate(self, path: tuple[str | int, ...]) -> Location:
        return self.source.locate(path)


def bundled_dir() -> Path:
    """Where the bundled ``processes/`` live: inside the installed package, or the checkout."""
    packaged = Path(str(resources.files("policy_kit"))) / "processes"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "processes"


def bundled() -> list[str]:
    """Ids of the bundled processes (scenario and policy files are not processes)."""
    folder = bundled_dir()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.yaml") if p.stem.count(".") == 0)


def find(spec: str | Path) -> Path:
    """Turn ``ID|FILE`` into a path: an existing file wins over a bundled id."""
    path = Path(spec)
    if path.exists() or path.suffix in (".yaml", ".yml", ".json") or "/" in str(spec):
        return path
    candidate = bundled_dir() / f"{spec}.yaml"
    if candidate.exists():
        return candidate
    known = bundled()
    close = difflib.get_close_matches(str(spec), known, n=1)
    hint = f"did you mean `{close[0]}`?" if close else f"bundled: {', '.join(known)}"
    hint_zh = f"是不是 `{close[0]}`？" if close else "内置流程：" + "、".join(
        f"`{name}`" for name in known)
    raise DefinitionError.single(Location(str(spec)),
                                 "no such file, and no bundled process with that id", hint,
                                 zh=("没有这个文件，也没有这个标识的内置流程", hint_zh))


_LOADED: dict[Path, Definition] = {}
"""The last definition loaded from each path, reused while its file is unchanged."""


def load(spec: str | Path) -> Definition:
    """Load a definition by bundled id or path; raise ``DefinitionError`` listing all problems.

    A file loaded again unchanged gives the same ``Definition`` (``read_yaml`` returns the
    very data it returned before): ``validate`` loads a process for its own checks and again
    for every scenario, policy and mapping file that names it.
    """
    path = find(spec)
    data, source = read_yaml(path)
    known = _LOADED.get(path)
    if known is not None and known.document is data:
        return known
    process = parse(data, source)
    definition = Definition(process, resolve(process, source), source, path, data)
    if len(_LOADED) >= 16:
        del _LOADED[next(iter(_LOADED))]
    _LOADED[path] = definition
    return definition


def parse(data: Any, source: SourceMap) -> Process:
    """Validate plain data against the schema, mapping pydantic's errors to file positions."""
    return validate(Process, data, source, kind="process")
