"""JSON Schemas of every kind of file, for editors that complete and check YAML as it is typed.

Part of load (the schema step), for tools outside policy-kit: ``policy-kit schema --kind
KIND`` prints one. The schemas come from the same pydantic models the loaders validate
with, then are made to say what those models accept, in plain draft 2020-12 that every
validator reads:

- **discriminated unions** (an attribute by its ``type``, a distribution by its ``dist``):
  pydantic writes ``oneOf`` plus an OpenAPI ``discriminator`` that JSON Schema validators
  ignore, so one unknown key in a number attribute failed every branch and the best error
  was a misleading "not valid under any of the given schemas". Here the ``oneOf`` checks
  only the discriminator (``const`` per branch), and ``if``/``then`` applies the one branch
  it names: the first error is the real one (``'colour' was unexpected``);
- **decimals** (amounts, bounds) accept a number or a string *of digits*, not any string
  (``max: "hundred"`` passed before);
- **bilingual text** accepts the plain string that fills both languages, as the loader does;
- each schema has an ``$id`` and a ``title`` in the chosen language.

The checks a schema cannot express (references between ids, guards, the state space) are
``policy-kit validate``'s.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel

from .formats import FORMATS
from .kinds import KINDS, Kind

__all__ = ["KINDS", "SCHEMA_DIALECT", "json_schema", "schema_id"]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

_TITLES: dict[Kind, tuple[str, str]] = {
    "process": ("policy-kit 流程定义", "policy-kit process definition"),
    "scenario": ("policy-kit 仿真情景", "policy-kit simulation scenario"),
    "policy": ("policy-kit 政策文件", "policy-kit policy file"),
    "mapping": ("policy-kit 改革对照表", "policy-kit reform mapping"),
    "holidays": ("policy-kit 节假日文件", "policy-kit holidays file"),
}
_FILES: dict[Kind, str] = {
    "process": "processes/<id>.yaml",
    "scenario": "<name>.scenario.yaml",
    "policy": "<id>.policy.yaml",
    "mapping": "<before>.mapping.yaml",
    "holidays": "a holidays file (--holidays FILE)",
}


def schema_id(kind: Kind) -> str:
    """A stable URI naming the schema of ``kind`` (format version 1)."""
    return f"urn:policy-kit:schema:{kind}:1"


def json_schema(kind: Kind, lang: str = "en") -> dict[str, Any]:
    """The draft 2020-12 JSON Schema of files of ``kind`` (see the module docstring)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    schema = _holidays() if kind == "holidays" else _from_model(_model(kind))
    if lang == "zh":
        schema = _in_chinese(schema)
    zh, en = _TITLES[kind]
    return {"$schema": SCHEMA_DIALECT, "$id": schema_id(kind),
            "title": zh if lang == "zh" else en,
            "description": (f"{_FILES[kind]}; 由 policy-kit schema --kind {kind} 生成"
                            if lang == "zh" else
                            f"{_FILES[kind]}; written by policy-kit schema --kind {kind}"),
            **{k: v for k, v in schema.items() if k not in ("title", "description")}}


def _in_chinese(node: Any) -> Any:
    """``node`` with each description in Chinese (``schema_zh``) and without the titles
    pydantic makes from field names (``Source``): the key is the name a reader sees."""
    if isinstance(node, list):
        return [_in_chinese(item) for item in node]
    if not isinstance(node, dict):
        return node
    from .schema_zh import DESCRIPTIONS_ZH

    return {key: DESCRIPTIONS_ZH.get(value, value) if key == "description" and isinstance(
        value, str) else _in_chinese(value) for key, value in node.items()
        if not (key == "title" and isinstance(value, str))}


def _model(kind: Kind) -> type[BaseModel]:
    if kind == "process":
        from .model import Process

        return Process
    if kind == "scenario":
        from .simulate.scenario import Scenario

        return Scenario
    if kind == "policy":
        from .policy.model import PolicyFile

        return PolicyFile
    from .reform import ReformMapping

    return ReformMapping


def _from_model(model: type[BaseModel]) -> dict[str, Any]:
    schema = copy.deepcopy(model.model_json_schema(by_alias=True, mode="validation"))
    definitions: dict[str, Any] = schema.get("$defs", {})
    for name, plain in _STRING_FORMS.items():
        if name in definitions:
            definitions[name] = _or_string(definitions[name], plain)
    _require_discriminators(schema, definitions)  # before the definitions are rewritten
    result: dict[str, Any] = _rewrite(schema)
    return result


def _require_discriminators(node: Any, definitions: dict[str, Any]) -> None:
    """Each branch of a discriminated union requires its ``const`` discriminator value."""
    if isinstance(node, list):
        for item in node:
            _require_discriminators(item, definitions)
        return
    if not isinstance(node, dict):
        return
    if "discriminator" in node and "oneOf" in node:
        name = node["discriminator"]["propertyName"]
        for value, reference in node["discriminator"]["mapping"].items():
            target = definitions.get(reference.rsplit("/", 1)[-1], {})
            target.setdefault("properties", {})[name] = {"const": value}
            if name not in target.setdefault("required", []):
                target["required"].insert(0, name)
    for value in node.values():
        _require_discriminators(value, definitions)


# Models that also read a plain string (a ``mode="before"`` validator), and that string:
# ``name: 办公室`` fills both languages; ``office_hours: "09:00-17:00"``.
_STRING_FORMS: dict[str, dict[str, Any]] = {
    "Text": {"type": "string", "minLength": 1},
    "OfficeHours": {"type": "string", "pattern": r"^\s*([01][0-9]|2[0-3]):[0-5][0-9]-"
                                                r"([01][0-9]|2[0-4]):[0-5][0-9]\s*$"},
}


def _or_string(schema: dict[str, Any], plain: dict[str, Any]) -> dict[str, Any]:
    described = {k: v for k, v in schema.items() if k in ("title", "description")}
    mapping = {k: v for k, v in schema.items() if k not in ("title", "description")}
    return {**described, "anyOf": [plain, {**mapping, "minProperties": 1}]}


def _rewrite(node: Any) -> Any:
    if isinstance(node, list):
        return [_rewrite(item) for item in node]
    if not isinstance(node, dict):
        return node
    if "discriminator" in node and "oneOf" in node:
        return _discriminated(node)
    if _is_decimal(node):  # an exact number is written as a number (model.common.Exact)
        nullable = any(a.get("type") == "null" for a in node["anyOf"])
        return {**{k: v for k, v in node.items() if k != "anyOf"},
                "type": ["number", "null"] if nullable else "number"}
    return {_CONSTRAINTS.get(key, key) if _numeric(node) else key: _rewrite(value)
            for key, value in node.items()}


_CONSTRAINTS = {"ge": "minimum", "gt": "exclusiveMinimum", "le": "maximum",
                "lt": "exclusiveMaximum"}
"""pydantic leaves a bound in its own words where a number type has a validator before it
(``model.common.Number``: text refused first); JSON Schema's words are these."""


def _numeric(node: dict[str, Any]) -> bool:
    return node.get("type") in ("number", "integer")


def _is_decimal(node: dict[str, Any]) -> bool:
    """pydantic writes a ``Decimal`` as a number or any string (a null when optional)."""
    options = node.get("anyOf")
    if not isinstance(options, list):
        return False
    kinds = [o for o in options if o.get("type") != "null"]
    return sorted(o.get("type", "") for o in kinds) == ["number", "string"] and all(
        set(o) == {"type"} for o in kinds)


def _discriminated(node: dict[str, Any]) -> dict[str, Any]:
    """``oneOf`` over the discriminator's ``const`` values, ``if``/``then`` for the branch."""
    name = node["discriminator"]["propertyName"]
    branches: list[tuple[str, str]] = list(node["discriminator"]["mapping"].items())
    extra = {k: v for k, v in node.items() if k not in ("discriminator", "oneOf")}
    return {
        **extra,
        "type": "object",
        "required": [name],
        "oneOf": [{"properties": {name: {"const": value}}, "required": [name]}
                  for value, _ in branches],
        "allOf": [{"if": {"properties": {name: {"const": value}}, "required": [name]},
                   "then": {"$ref": reference}} for value, reference in branches],
    }


def _holidays() -> dict[str, Any]:
    """The holidays file has no pydantic model (it is read by hand, CSV too): written here,
    to match ``policy_kit.calendar.holidays_file``."""
    dates = {"anyOf": [{"type": "array", "items": {"type": "string", "format": "date",
                                                    "pattern": r"^\d{4}-\d{2}-\d{2}$"}},
                       {"type": "null"}]}
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "format": {"const": FORMATS["holidays"], "default": 1,
                       "description": "Version of the holidays file format (docs/format.md); "
                                      "a file without it is format 1."},
            "source": {"type": "string", "description": "Where the days are published."},
            "holidays": {**dates, "description": "Extra days off (YYYY-MM-DD)."},
            "workdays": {**dates, "description": "Make-up working days, e.g. a Sunday "
                                                 "worked for a holiday (YYYY-MM-DD)."},
        },
    }
