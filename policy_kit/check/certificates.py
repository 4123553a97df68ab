"""Certificates along a path: one that two steps of the same path can issue (PK112).

Part of load → **check**. The check reads paths of the state space, so it respects
guards, round limits and the order ``done(...)`` imposes across regions: two regions
issuing the same certificate both run on every path, while two branches of a choice
never do.
"""

from __future__ import annotations

from ..structure import Move
from .collect import Collector
from .explored import Explored
from .sets import ConfigSet, Edge, backward, levels, path, pick, within
from .space import Block
from .where import Where

__all__ = ["certificates"]


def certificates(where: Where, explored: Explored, out: Collector) -> None:
    for certificate in where.definition.process.certificates:
        key = ("PK112", certificate.id)
        if key in out or not any(certificate.id in t.issues
                                 for t in where.definition.process.transitions):
            continue
        found = _twice(explored, certificate.id)
        if found is None:
            continue
        edges, first, second = found
        issued = (f"`{first.transition.from_}` --{first.trigger}-->, "
                  f"`{second.transition.from_}` --{second.trigger}-->")
        zh, en = (where.show((certificate.id,), lang, kind="certificate")
                  for lang in ("zh", "en"))
        out.add(key, where.finding(
            "PK112", where.transition(second.index, "issues"),
            tuple(dict.fromkeys((certificate.id, first.source, second.source))),
            f"证照 {zh} 在同一条路径上可能核发两次:{issued}",
            f"certificate {en} can be issued twice on one path: {issued}",
            counterexample=explored.counterexample(edges), kinds=("certificate",)))


def _issuing(block: Block, certificate: str) -> int:
    mask = 0
    for inner in block.inner:
        if certificate in inner.move.issues:
            mask |= inner.mask
    for exit_ in block.exits:
        if certificate in exit_.move.issues:
            mask |= exit_.mask
    return mask & block.reach


def _twice(explored: Explored, certificate: str) -> tuple[list[Edge], Move, Move] | None:
    """A shortest path that issues ``certificate``, then reaches a step issuing it again."""
    space = explored.space
    sources: ConfigSet = {}
    for number, block in enumerate(space.blocks):
        mask = _issuing(block, certificate)
        if mask:
            sources[number] = mask
    again = backward(space, sources, explored.reach)
    first: ConfigSet = {}
    for number, block in enumerate(space.blocks):
        mask = 0
        for inner in block.inner:
            if certificate in inner.move.issues:
                mask |= inner.mask & _shift(again.get(number, 0), -inner.delta)
        for exit_ in block.exits:
            if certificate in exit_.move.issues and again.get(exit_.target, 0) & 1:
                mask |= exit_.mask
        if mask & block.reach:
            first[number] = mask & block.reach
    found = explored.shortest(first)
    if found is None:
        return None
    edges, number, position = found
    step = _issuing_step(space.blocks[number], number, position, certificate, again)
    edges.append(step)
    rest = levels(space, {step[1]: 1 << step[2]}, sources)
    hit = pick(within(rest[-1], sources))
    assert hit is not None
    edges.extend(path(space, rest, *hit))
    second = _issuing_step(space.blocks[hit[0]], hit[0], hit[1], certificate, None)
    edges.append(second)
    return edges, step[0], second[0]


def _shift(bits: int, delta: int) -> int:
    return bits << delta if delta >= 0 else bits >> -delta


def _issuing_step(block: Block, number: int, position: int, certificate: str,
                  into: ConfigSet | None) -> Edge:
    """An issuing move enabled at ``position`` (landing in ``into``, when given)."""
    bit = 1 << position
    for inner in block.inner:
        target = position + inner.delta
        if certificate in inner.move.issues and inner.mask & bit and (
                into is None or into.get(number, 0) >> target & 1):
            return inner.move, number, target
    for exit_ in block.exits:
        if certificate in exit_.move.issues and exit_.mask & bit and (
                into is None or into.get(exit_.target, 0) & 1):
            return exit_.move, exit_.target, 0
    raise AssertionError("no issuing move here")  # pragma: no cover
