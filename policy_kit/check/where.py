"""Where things stand in a definition file and what they are called: the checker's index.

Part of load → **check**. Every finding points at a line and names its ids with their
labels; this module answers both questions for any id a finding can mention, and builds
findings with the severity the catalogue gives their code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..errors import Location
from ..loader import Definition
from ..model import Text
from ..structure import PathKey
from .catalogue import rule
from .findings import Counterexample, Finding, Words

__all__ = ["Where"]


def _words(text: Text | None, fallback: str) -> Words:
    if text is None:
        return Words(fallback, fallback)
    return Words(text.pick("zh"), text.pick("en"))


@dataclass(frozen=True)
class Where:
    definition: Definition

    @cached_property
    def paths(self) -> dict[str, PathKey]:
        """The path in the file of every id a finding may name."""
        process = self.definition.process
        found: dict[str, PathKey] = {}
        for key in ("departments", "documents", "certificates"):
            for i, item in enumerate(getattr(process, key)):
                found.setdefault(item.id, (key, i))
        for s, stage in enumerate(process.stages):
            found.setdefault(stage.id, ("stages", s))
            for r, region in enumerate(stage.regions):
                found.setdefault(region.id, ("stages", s, "regions", r))
        for place in self.definition.structure.places.values():
            found.setdefault(place.id, place.path)
        for name in process.attributes:
            found.setdefault(name, ("attributes", name))
        for i, prop in enumerate(process.properties):
            found.setdefault(prop.id, ("properties", i))
        return found

    @cached_property
    def names(self) -> dict[str, Words]:
        process = self.definition.process
        found: dict[str, Words] = {}
        for key in ("departments", "documents", "certificates"):
            for item in getattr(process, key):
                found.setdefault(item.id, _words(item.name, item.id))
        for stage in process.stages:
            found.setdefault(stage.id, _words(stage.name, stage.id))
            for region in stage.regions:
                found.setdefault(region.id, _words(region.name, region.id))
        for place in self.definition.structure.places.values():
            found.setdefault(place.id, _words(place.state.name, place.id))
        for name, attribute in process.attributes.items():
            found.setdefault(name, _words(attribute.name, name))
        for prop in process.properties:
            found.setdefault(prop.id, _words(prop.name, prop.id))
        return found

    def of(self, identifier: str, *more: str | int) -> Location:
        return self.at((*self.paths.get(identifier, ()), *more))

    def at(self, path: PathKey) -> Location:
        return self.definition.locate(path)

    def transition(self, index: int, key: str | None = None) -> Location:
        return self.at(("transitions", index, key) if key else ("transitions", index))

    def label(self, identifier: str) -> Words:
        return self.names.get(identifier, Words(identifier, identifier))

    def show(self, ids: tuple[str, ...] | list[str], lang: str, sep: str | None = None) -> str:
        """Ids in backticks, each followed by its label where it has one."""
        shown = []
        for identifier in ids:
            label = self.label(identifier).pick(lang)
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
                counterexample: Counterexample | None = None) -> Finding:
        return Finding(code, rule(code).severity, location, ids, Words(zh, en), hint,
                       tuple(self.label(i) for i in ids), counterexample)
