"""Declared properties read against the definition: conditions compiled, steps resolved.

Part of load → **check**. The loader leaves ``properties:`` to the checker (no other
command reads them), so their mistakes are findings here, with the codes the same
mistakes have elsewhere: an unknown state, stage or certificate (PK101), a property id
used twice (PK102), a condition that does not parse or type-check (PK105, the column
inside the condition), and a ``within`` that names a step inside a concurrent region
(PK605: time is measured between steps the whole case passes through).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import ExpressionError
from ..expr import Guard, compile_condition
from ..model.properties import Property
from ..resolve import attribute_types
from ..semantics import initial_state
from ..structure import PathKey, Structure
from .findings import Finding
from .where import Where

__all__ = ["Declared", "declared", "timed_states"]


@dataclass(frozen=True)
class Declared:
    """A property that can be checked: its condition, or the positions ``within`` joins.

    ``sources`` and ``targets`` are *positions*: top-level leaf states and concurrent
    stages, as the state space's blocks are keyed (a sequential stage stands for its
    states).
    """

    index: int
    prop: Property
    condition: Guard | None = None
    sources: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()

    @property
    def path(self) -> PathKey:
        return ("properties", self.index, self.prop.kind)


def declared(where: Where) -> tuple[list[Declared], list[Finding]]:
    """The checkable properties of the definition, and the findings about the others."""
    structure = where.definition.structure
    names = attribute_types(structure.process)
    states = frozenset(structure.places)
    certificates = frozenset(c.id for c in structure.process.certificates)
    problems: list[Finding] = []
    result: list[Declared] = []
    seen: dict[str, int] = {}
    for index, prop in enumerate(structure.process.properties):
        if prop.id in seen:
            first = where.at(("properties", seen[prop.id], "id")).line
            problems.append(where.finding(
                "PK102", where.at(("properties", index, "id")), (prop.id,),
                f"性质标识 `{prop.id}` 已经用过(第 {first} 行)",
                f"property id `{prop.id}` is already used (line {first})"))
            continue
        seen[prop.id] = index
        path: PathKey = ("properties", index, prop.kind)
        if prop.within is None:
            text = prop.never if prop.never is not None else prop.eventually
            assert text is not None
            try:
                condition = compile_condition(text, names, states, certificates)
            except ExpressionError as error:
                location = where.definition.source.locate_in_scalar(path, error.offset)
                hint = where.words(error.hint_zh, error.hint) if error.hint else None
                problems.append(where.finding("PK105", location, (prop.id,),
                                              f"性质条件:{error.message_zh}",
                                              f"property condition: {error.message}", hint))
                continue
            result.append(Declared(index, prop, condition))
            continue
        within = prop.within
        to = within.to
        targets = [(to, (*path, "to"))] if isinstance(to, str) else [
            (name, (*path, "to", k)) for k, name in enumerate(to)]
        sources = _positions(where, prop, [(within.from_, (*path, "from"))], problems)
        ends = _positions(where, prop, targets, problems)
        if sources is not None and ends is not None:
            result.append(Declared(index, prop, None, sources, ends))
    return result, problems


def _positions(where: Where, prop: Property, ids: list[tuple[str, PathKey]],
               problems: list[Finding]) -> frozenset[str] | None:
    """The positions the ids stand for, or None after reporting why they cannot."""
    structure = where.definition.structure
    found: set[str] = set()
    ok = True
    for name, at in ids:
        stage = structure.stages.get(name)
        place = structure.places.get(name)
        if stage is not None:
            found.update([stage.id] if stage.concurrent else (s.id for s in stage.states))
        elif place is not None and place.region is None:
            found.add(name)
        elif place is not None:
            assert place.stage is not None
            ok = False
            problems.append(where.finding(
                "PK605", where.at(at), (prop.id, name),
                f"`{name}` 在并联阶段 `{place.stage.id}` 的分支内;`within` 只度量整个案件经过的"
                "步骤之间的时间", f"`{name}` lies inside a region of concurrent stage "
                f"`{place.stage.id}`; `within` measures time between steps the whole case "
                "passes through", hint=where.words(f"改为阶段 `{place.stage.id}`",
                                                   f"name the stage `{place.stage.id}`")))
        else:
            ok = False
            known = [*structure.places, *structure.stages]
            close = difflib.get_close_matches(name, known, n=1)
            hint = where.words(f"是不是 `{close[0]}`?", f"did you mean `{close[0]}`?") \
                if close else None
            problems.append(where.finding("PK101", where.at(at), (name,),
                                          f"未声明的状态或阶段 `{name}`",
                                          f"unknown state or stage `{name}`", hint))
    return frozenset(found) if ok else None


def timed_states(structure: Structure, items: Iterable[Declared]) -> frozenset[str]:
    """The states a ``within`` property can time: reachable from its ``from`` by the
    moves, without passing its ``to``."""
    graph: dict[str, set[str]] = {}
    for move in structure.moves:
        graph.setdefault(move.source, set()).update(move.entry)
    for stage in structure.process.stages:
        for region in stage.regions:
            graph.setdefault(stage.id, set()).add(initial_state(region))
            for final in structure.region_finals(region):
                graph.setdefault(final, set()).add(stage.id)
    found: set[str] = set()
    for item in items:
        if item.condition is not None:
            continue
        todo = list(item.sources)
        seen = set(todo)
        while todo:
            node = todo.pop()
            if node in item.targets and node not in item.sources:
                continue
            found.add(node)
            for after in graph.get(node, ()):
                if after not in seen:
                    seen.add(after)
                    todo.append(after)
    return frozenset(found & set(structure.places))
