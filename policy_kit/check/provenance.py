"""Provenance: every number in a file says where it comes from (PK701).

Part of load → **check**, and the one check that reads the located YAML document rather
than the loaded model, so that it applies alike to every kind of file policy-kit reads
(process definitions, scenarios, policies, mappings). A number is a limit, a duration, a
share, a count, an amount or a rate; a reader must be able to tell a sourced figure from a
modelling choice, so each one is *covered*:

- by a provenance key (``source``, ``assumption`` or ``reference``, non-empty) on the
  **mapping that holds it**: ``limit: {working_days: 20, reference: 许可法 art. 42}``;
- or on the **entity that owns that mapping**, the nearest enclosing state, transition,
  attribute, department, document, certificate, property, parameter value or scenario
  entry (``durations.review``, ``branches.review``, ``staff.housing``, ``arrivals``, …):
  ``{id: fix, kind: wait, max_rounds: 2, assumption: two rounds, as the notice allows}``.

A stage's, a region's or the file's own ``source`` says where the stage or the process comes
from, not where its numbers do: it covers none of them (a stage's ``limit`` needs its own).
Numbers inside a condition (``when: investment_wan >= 10000``) are covered by the entity
that holds the condition; 0 and 1 there are logic, not figures, and need nothing. Numbers
that describe the file rather than the world need nothing either: ``format``, and a
scenario's run settings (``cases``, ``replications``, ``seed``, ``warmup_cases`` and
``horizon_days``, the window the run observes).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..errors import Location
from ..source import PathKey, SourceMap
from .catalogue import rule
from .findings import Finding, Words

__all__ = ["PROVENANCE_KEYS", "Uncovered", "provenance", "uncovered"]

PROVENANCE_KEYS = ("source", "assumption", "reference")
"""Keys that say where a number comes from; ``reference`` may be text or a mapping."""

LISTED = frozenset({"states", "transitions", "departments", "documents", "certificates",
                    "properties", "values", "items", "eligibility", "rewards", "batches",
                    "suppress"})
"""Lists whose every element is an entity (a state, a transition, a parameter's value…)."""

KEYED = frozenset({"attributes", "durations", "branches", "staff", "applicants",
                   "parameters", "references", "probabilities", "shares"})
"""Mappings whose every value is an entity, named by its key (``durations.review``)."""

OWNERS = frozenset({"arrivals", "calendar", "limit", "firm_cap", "allocation", "money",
                    "budget", "horizon"})
"""Top-level mappings that are entities of their own (a scenario's arrivals, a policy's
firm cap); below them the rules are the same as for any entity."""

NOT_OWNERS = frozenset({"stages", "regions"})
"""Lists whose elements are *not* owners: a stage's or region's ``source`` covers none of
the numbers inside it."""

SETTINGS = frozenset({"format", "cases", "replications", "seed", "warmup_cases",
                      "horizon_days", "report_format", "trace_format"})
"""Top-level keys whose numbers describe the file or the run, not the world."""

CONDITIONS = frozenset({"when", "never", "eventually", "amount", "cap"})
"""Keys whose text is a formula in the guard language: its numeric literals are numbers."""

_LITERAL = re.compile(r"(?<![\w.\"'])(\d[\d_]*(?:\.\d+)?)(?![\w.])")


@dataclass(frozen=True)
class Uncovered:
    """A number no provenance covers: where it stands and what it is."""

    path: PathKey
    text: str
    location: Location
    owner: str | None
    """The id (or key) of the entry holding it, to name in the message; None outside one."""
    named: bool = True
    """Whether ``owner`` is an id (a transition is shown as ``from → to`` instead)."""

    @property
    def key(self) -> str:
        """Where it stands, as dotted keys (``stages[0].limit.working_days``)."""
        parts = [f"[{p}]" if isinstance(p, int) else f".{p}" for p in self.path]
        return "".join(parts).lstrip(".")


@dataclass(frozen=True)
class _Frame:
    """One mapping on the way down: whether it is an entity and whether it carries provenance."""

    path: PathKey
    entity: bool
    covered: bool
    name: str | None


def uncovered(data: Any, source: SourceMap) -> list[Uncovered]:
    """Every number in the located document ``data`` that no provenance covers (pure)."""
    if not isinstance(data, dict):
        return []
    return list(_walk(data, (), [], source, top=True))


def provenance(data: Any, source: SourceMap) -> list[Finding]:
    """PK701 for each uncovered number, located at the number itself."""
    code = "PK701"
    found = []
    for item in uncovered(data, source):
        whose = {"zh": f"(`{item.key}`" + (f",属于 `{item.owner}`)" if item.owner else ")"),
                 "en": f" (`{item.key}`" + (f", in `{item.owner}`)" if item.owner else ")")}
        found.append(Finding(
            code, rule(code).severity, item.location,
            (item.owner,) if item.owner and item.named else (),
            Words(f"数字 {item.text}{whose['zh']}没有出处:它所在的映射和所属的条目都没有 "
                  "`source`、`assumption` 或 `reference`",
                  f"the number {item.text}{whose['en']} has no provenance: neither the "
                  "mapping that holds it nor the entry it belongs to has a `source`, "
                  "`assumption` or `reference`"),
            Words("在同一个映射或所属条目上写明 `source:`(出处)或 `assumption:`(建模假设及理由);"
                  "阶段或文件本身的 `source` 不覆盖其中的数字",
                  "add `source:` (where it comes from) or `assumption:` (the modelling choice "
                  "and why) to that mapping or its entry; a stage's or the file's own "
                  "`source` covers none of its numbers"),
            (Words(item.owner, item.owner),) if item.owner and item.named else ()))
    return found


def _walk(node: dict[str, Any], path: PathKey, frames: list[_Frame], source: SourceMap,
          *, top: bool = False, entity: bool = False, name: str | None = None,
          ) -> Iterator[Uncovered]:
    speaks = not top and not _structural(path)
    frame = _Frame(path, entity, speaks and _carries(node), name if entity else None)
    chain = [*frames, frame]
    for key, value in node.items():
        if key in PROVENANCE_KEYS or (top and key in SETTINGS):
            continue
        here = (*path, key)
        if _is_number(value):
            if not _covered(chain):
                yield _found(here, str(value), source.locate(here), chain)
        elif isinstance(value, str) and key in CONDITIONS:
            if not _covered(chain):
                yield from _literals(value, here, source, chain)
        elif isinstance(value, dict):
            owned = key in KEYED
            if owned:
                for sub, item in value.items():
                    yield from _child(item, (*here, sub), chain, source, entity=True,
                                      name=str(sub))
            else:
                yield from _walk(value, here, chain, source,
                                 entity=top and key in OWNERS, name=None)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from _child(item, (*here, index), chain, source,
                                  entity=key in LISTED and key not in NOT_OWNERS,
                                  name=None)


def _child(item: Any, path: PathKey, chain: list[_Frame], source: SourceMap, *,
           entity: bool, name: str | None) -> Iterator[Uncovered]:
    if isinstance(item, dict):
        label = name or _identify(item)
        yield from _walk(item, path, chain, source, entity=entity, name=label)
    elif _is_number(item):
        # a bare number in a list (a range, a list of values) or as an entity's whole value
        if not _covered(chain):
            yield _found(path, str(item), source.locate(path), chain)
    elif isinstance(item, list):
        for index, inner in enumerate(item):
            yield from _child(inner, (*path, index), chain, source, entity=False, name=None)


def _structural(path: PathKey) -> bool:
    """A stage or region (``stages[i]``, ``…regions[j]``): its provenance is its own."""
    return len(path) >= 2 and isinstance(path[-1], int) and path[-2] in NOT_OWNERS


def _identify(item: dict[str, Any]) -> str | None:
    for key in ("id", "from", "code", "before"):
        if isinstance(item.get(key), str | int) and not isinstance(item.get(key), bool):
            found = item[key]
            if key == "from" and "to" in item:
                return f"{found} → {item['to']}"
            return str(found)
    return None


def _carries(node: dict[str, Any]) -> bool:
    for key in PROVENANCE_KEYS:
        value = node.get(key)
        if isinstance(value, str) and value.strip():
            return True
        if isinstance(value, dict | list) and value:
            return True
    return False


def _covered(chain: list[_Frame]) -> bool:
    """The holding mapping's provenance, or the nearest entity's (not any further one)."""
    holder = chain[-1]
    if holder.covered:
        return True
    owner = next((f for f in reversed(chain) if f.entity), None)
    return owner is not None and owner.covered


def _found(path: PathKey, text: str, location: Location, chain: list[_Frame]) -> Uncovered:
    owner = next((f.name for f in reversed(chain) if f.entity and f.name), None)
    return Uncovered(path, text, location, owner, owner is not None and " → " not in owner)


def _literals(text: str, path: PathKey, source: SourceMap,
              chain: list[_Frame]) -> Iterator[Uncovered]:
    for match in _LITERAL.finditer(text):
        literal = match.group(1)
        if _inside_quotes(text, match.start()):
            continue
        if Decimal(literal.replace("_", "")) in (0, 1):
            continue
        location = source.locate_in_scalar(path, match.start()) if "\n" not in text else \
            source.locate(path)
        yield _found(path, literal, location, chain)


def _inside_quotes(text: str, at: int) -> bool:
    before = text[:at]
    return before.count('"') % 2 == 1 or before.count("'") % 2 == 1


def _is_number(value: Any) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)
