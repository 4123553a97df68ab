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

from pydantic import ValidationError

from .errors import DefinitionError, Location, Problem
from .model import Process
from .resolve import resolve
from .source import SourceMap, read_yaml
from .structure import Structure

__all__ = ["Definition", "bundled", "bundled_dir", "find", "load"]

SCHEMA_ERROR = "PK002"


@dataclass(frozen=True)
class Definition:
    """A loaded process: the model, its resolved structure, and where each value stood."""

    process: Process
    structure: Structure
    source: SourceMap
    path: Path | None = None

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
    raise DefinitionError.single(Location(str(spec)),
                                 "no such file, and no bundled process with that id", hint)


def load(spec: str | Path) -> Definition:
    """Load a definition by bundled id or path; raise ``DefinitionError`` listing all problems."""
    path = find(spec)
    data, source = read_yaml(path)
    process = parse(data, source)
    return Definition(process, resolve(process, source), source, path)


def parse(data: Any, source: SourceMap) -> Process:
    """Validate plain data against the schema, mapping pydantic's errors to file positions."""
    if not isinstance(data, dict):
        raise DefinitionError.single(source.locate(()),
                                     "a definition is a mapping of keys (format, id, title, …)")
    try:
        return Process.model_validate(data)
    except ValidationError as error:
        problems = [_problem(item, data, source) for item in error.errors()]
        raise DefinitionError(sorted(set(problems), key=lambda p: p.location)) from None


def _problem(item: Any, data: Any, source: SourceMap) -> Problem:
    path = _data_path(item["loc"], data)
    kind = item["type"]
    name = path[-1] if path else ""
    if kind == "extra_forbidden":
        parent = _parent_fields(item["loc"])
        close = difflib.get_close_matches(str(name), parent, n=1)
        hint = f"did you mean `{close[0]}`?" if close else (
            f"allowed keys: {', '.join(parent)}" if parent else "")
        return Problem(source.locate_key(path), f"unknown key `{name}`", hint, SCHEMA_ERROR)
    if kind == "missing":
        missing = item["loc"][-1]
        return Problem(source.locate(path), f"missing key `{missing}`", "", SCHEMA_ERROR)
    message = str(item["msg"]).removeprefix("Value error, ")
    where = f"`{name}`: " if isinstance(name, str) and name else ""
    value = item.get("input")
    shown = "" if isinstance(value, dict | list) or kind == "value_error" else (
        f" (got {value!r})")
    hint = "write true or false: yes/no/on/off are text in YAML 1.2" if kind in (
        "bool_type", "bool_parsing") else ""
    return Problem(source.locate(path), f"{where}{message}{shown}", hint, SCHEMA_ERROR)


def _data_path(loc: tuple[Any, ...], data: Any) -> tuple[str | int, ...]:
    """Pydantic's location, minus the union tags it inserts, as a path into the data."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if _has(node, part):
            node = node[part]
            path.append(part)
        elif isinstance(node, dict | list) and part == loc[-1]:
            path.append(part)
    return tuple(path)


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _parent_fields(loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed where an unknown key stood, for a did-you-mean hint."""
    from pydantic import BaseModel

    model: Any = Process
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return []
        field = model.model_fields.get(part) or next(
            (f for f in model.model_fields.values() if f.alias == part), None)
        if field is None:
            model = _union_member(model, part)
            continue
        model = _inner(field.annotation)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return sorted(f.alias or n for n, f in model.model_fields.items())
    return []


def _inner(annotation: Any) -> Any:
    """The model inside ``tuple[X, ...]``, ``X | None`` or ``dict[str, X]``."""
    from typing import get_args

    from pydantic import BaseModel

    for arg in (annotation, *get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    for arg in get_args(annotation):
        inner = _inner(arg)
        if inner is not None:
            return inner
    return annotation if get_args(annotation) else None


def _union_member(model: Any, tag: str) -> Any:
    """Attribute models are a union tagged by ``type``; pydantic puts the tag in ``loc``."""
    from typing import get_args

    from .model import attributes

    for member in (attributes.BoolAttribute, attributes.EnumAttribute,
                   attributes.IntegerAttribute, attributes.NumberAttribute,
                   attributes.StringAttribute, attributes.DateAttribute):
        if (tag,) == get_args(member.model_fields["type"].annotation):
            return member
    return model
