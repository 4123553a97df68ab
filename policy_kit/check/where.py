"""Where things stand in a definition file and what they are called: the checker's index.

Part of load → **check**. Every finding points at a line and names its ids with their
labels; this module answers both questions for any id a finding can mention, and builds
findings with the severity the catalogue gives their code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal, TypeVar

from ..errors import Location
from ..loader import Definition
from ..model import Text
from ..structure import PathKey
from .catalogue import rule
from .findings import Counterexample, Finding, Words

__all__ = ["Kind", "Where"]


def _words(text: Text | None, fallback: str) -> Words:
    if text is None:
        return Words(fallback, fallback)
    return Words(text.pick("zh"), text.pick("en"))


Kind = Literal["state", "attribute", "property", "department", "document", "certificate"]
"""What an id names. States, stages and regions share one namespace ("state"); the
catalogues, attributes and properties each have their own, so one id may name a state and
a certificate (Xianyang's ``award_decision``): a label comes from the kind named."""

_KINDS: tuple[Kind, ...] = ("state", "attribute", "property", "department", "document",
                            "certificate")
"""The order in which an id given without its kind is looked up: what findings mostly
name first."""

_CATALOGUES: tuple[tuple[Kind, str], ...] = (
    ("department", "departments"), ("document", "documents"), ("certificate", "certificates"))


@dataclass(frozen=True)
class Where:
    definition: Definition

    @cached_property
    def paths(self) -> dict[Kind, dict[str, PathKey]]:
        """By kind, the path in the file of every id a finding may name."""
        process = self.definition.process
        found: dict[Kind, dict[str, PathKey]] = {kind: {} for kind in _KINDS}
        for kind, key in _CATALOGUES:
            for i, item in enumerate(getattr(process, key)):
                found[kind].setdefault(item.id, (key, i))
        for s, stage in enumerate(process.stages):
            found["state"].setdefault(stage.id, ("stages", s))
            for r, region in enumerate(stage.regions):
                found["state"].setdefault(region.id, ("stages", s, "regions", r))
        for place in self.definition.structure.places.values():
            found["state"].setdefault(place.id, place.path)
        for name in process.attributes:
            found["attribute"].setdefault(name, ("attributes", name))
        for i, prop in enumerate(process.properties):
            found["property"].setdefault(prop.id, ("properties", i))
        return found

    @cached_property
    def names(self) -> dict[Kind, dict[str, Words]]:
        """By kind, the label of every id a finding may name."""
        process = self.definition.process
        found: dict[Kind, dict[str, Words]] = {kind: {} for kind in _KINDS}
        for kind, key in _CATALOGUES:
            for item in getattr(process, key):
                found[kind].setdefault(item.id, _words(item.name, item.id))
        for stage in process.stages:
            found["state"].setdefault(stage.id, _words(stage.name, stage.id))
            for region in stage.regions:
                found["state"].setdefault(region.id, _words(region.name, region.id))
        for place in self.definition.structure.places.values():
            found["state"].setdefault(place.id, _words(place.state.name, place.id))
        for name, attribute in process.attributes.items():
            found["attribute"].setdefault(name, _words(attribute.name, name))
        for prop in process.properties:
            found["property"].setdefault(prop.id, _words(prop.name, prop.id))
        return found

    def of(self, identifier: str, *more: str | int, kind: Kind | None = None) -> Location:
        path = _lookup(self.paths, identifier, kind)
        return self.at((*(path or ()), *more))

    def at(self, path: PathKey) -> Location:
        return self.definition.locate(path)

    def transition(self, index: int, key: str | None = None) -> Location:
        return self.at(("transitions", index, key) if key else ("transitions", index))

    def label(self, identifier: str, kind: Kind | None = None) -> Words:
        """The label of ``identifier`` as the ``kind`` of thing named (without one: the
        first kind, in ``_KINDS``' order, that has the id)."""
        return _lookup(self.names, identifier, kind) or Words(identifier, identifier)

    def show(self, ids: tuple[str, ...] | list[str], lang: str, sep: str | None = None,
             kind: Kind | None = None) -> str:
        """Ids in backticks, each followed by its label where it has one."""
        shown = []
        for identifier in ids:
            label = self.label(identifier, kind).pick(lang)
            if label == identifier:
                shown.append(f"`{identifier}`")
            else:
                shown.append(f"`{identifier}`({label})" if lang == "zh" else
                             f"`{identifier}` ({label})")
        return (sep or ("、" if lang == "zh" else ", ")).join(shown)

    @staticmethod
    def words(zh: str, en: str) -> Words:
        return Words(zh, en)

    def finding(self, code: str, location: Location, ids: tuple[str, ...], zh: str, en: str,
                hint: Words | None = None,
                counterexample: Counterexample | None = None,
                kinds: tuple[Kind, ...] = ()) -> Finding:
        """A finding; ``kinds`` says what the first ids name (the rest: looked up)."""
        labels = tuple(self.label(i, kinds[n] if n < len(kinds) else None)
                       for n, i in enumerate(ids))
        return Finding(code, rule(code).severity, location, ids, Words(zh, en), hint, labels,
                       counterexample)


T = TypeVar("T")


def _lookup(table: dict[Kind, dict[str, T]], identifier: str, kind: Kind | None) -> T | None:
    for each in (kind,) if kind is not None else _KINDS:
        found = table[each].get(identifier)
        if found is not None:
            return found
    return None
