"""Certificates and outcomes: every certificate issued on some way to a positive outcome
(PK115), and a promised certificate issued on every way to its outcomes (PK116, 七证齐发).

Part of load → **check**. A certificate's ``promised`` outcomes say that every case ending
with one of them has been issued it. An outcome is **positive** when some certificate is
promised with it, or when a ``default`` way leads to a final state with it (the usual
course of a case, as diagrams draw it). Both checks read the explored state space, so
they respect guards, round limits and the order ``done(...)`` imposes: a way counts only
if some applicant can take it. The exploration watches each promised certificate (a bit
set by the move that issues it), so a final configuration knows whether it was issued.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Certificate
from ..structure import Structure
from .applicants import Applicants
from .explored import Explored
from .findings import Finding
from .sets import ConfigSet, backward
from .where import Where

__all__ = ["issuing", "positive_outcomes", "promised_certificates"]


def promised_certificates(structure: Structure) -> tuple[str, ...]:
    """The certificates the exploration must watch: those promised with an outcome."""
    return tuple(c.id for c in structure.process.certificates if c.promised)


def positive_outcomes(structure: Structure) -> frozenset[str]:
    """Outcomes some certificate is promised with, or a default way ends with."""
    found = {o for c in structure.process.certificates for o in c.promised}
    for move in structure.moves:
        if move.transition.default:
            found.update(o for leaf in move.entry
                         if (o := structure.places[leaf].state.outcome) is not None)
    return frozenset(found)


def issuing(where: Where, explored: Sequence[Explored],
            people: Applicants) -> list[Finding]:
    structure = where.definition.structure
    found = [*_missing(where, explored)]
    complete = not people.sampled and not people.inexact and not any(
        e.space.truncated for e in explored)
    positive = positive_outcomes(structure)
    if complete and positive:
        found += _never_positive(where, explored, positive)
    return found


# -- PK116: a promised certificate missing on a way to its outcome ---------------------------


def _missing(where: Where, explored: Sequence[Explored]) -> list[Finding]:
    structure = where.definition.structure
    found = []
    for i, certificate in enumerate(structure.process.certificates):
        if not certificate.promised:
            continue
        best = None
        for each in explored:
            goal = _ends_without(each, certificate)
            hit = each.shortest(goal) if goal else None
            if hit is not None and (best is None or len(hit[0]) < len(best[1][0])):
                best = (each, hit)
        if best is None:
            continue
        each, (edges, number, _) = best
        end = each.space.blocks[number].key[0]
        outcome = structure.places[end].state.outcome
        shown = (where.show((certificate.id,), "zh", kind="certificate"),
                 where.show((certificate.id,), "en", kind="certificate"))
        found.append(where.finding(
            "PK116", where.at(("certificates", i, "promised")), (certificate.id, end),
            f"证照 {shown[0]} 承诺随结果 `{outcome}` 核发,但案件可以经下面的路径以 `{end}` "
            "办结而从未核发它", f"certificate {shown[1]} is promised with outcome "
            f"`{outcome}`, but a case can end at `{end}` along the way below without being "
            "issued it",
            hint=where.words("在这条路上补上核发它的转移(`issues`),或从 `promised` 中去掉这个结果",
                             "issue it on this way (`issues` on one of its transitions), or "
                             "take the outcome out of `promised`"),
            counterexample=each.counterexample(edges), kinds=("certificate",)))
    return found


def _ends_without(explored: Explored, certificate: Certificate) -> ConfigSet:
    """Final configurations with a promised outcome where the certificate was not issued."""
    layout = explored.space.layout
    places = layout.structure.places
    bit = 1 << layout.issued[certificate.id]
    goal: ConfigSet = {}
    for number, block in enumerate(explored.space.blocks):
        if block.product is not None or not block.final:
            continue
        leaf, bits, _ = block.key
        if places[leaf].state.outcome in certificate.promised and not bits & bit:
            goal[number] = 1
    return goal


# -- PK115: a certificate issued on no way to a positive outcome -----------------------------


def _never_positive(where: Where, explored: Sequence[Explored],
                    positive: frozenset[str]) -> list[Finding]:
    structure = where.definition.structure
    issuers = {c.id: sorted({m.source for m in structure.moves if c.id in m.issues})
               for c in structure.process.certificates}
    well = set()
    for each in explored:
        well |= _issued_on_positive_ways(each, positive)
    found = []
    outcomes = ", ".join(f"`{o}`" for o in sorted(positive))
    for i, certificate in enumerate(structure.process.certificates):
        sources = issuers[certificate.id]
        if not sources or certificate.id in well:
            continue
        shown = (where.show((certificate.id,), "zh", kind="certificate"),
                 where.show((certificate.id,), "en", kind="certificate"))
        places = ", ".join(f"`{s}`" for s in sources)
        found.append(where.finding(
            "PK115", where.at(("certificates", i, "id")), (certificate.id, *sources),
            f"证照 {shown[0]} 只在不会以正面结果({outcomes})办结的路径上核发(由 {places}):"
            "获批的申请人永远拿不到它", f"certificate {shown[1]} is issued (by {places}) only "
            f"on ways that never end with a positive outcome ({outcomes}): no successful "
            "applicant ever gets it",
            hint=where.words("把 `issues` 移到通往正面结果的转移上;如果它本就是不予许可的文书,"
                             "用 `suppress` 写明理由", "move `issues` to a transition on the way "
                             "to a positive outcome; if it is a refusal notice by design, say so "
                             "with `suppress`"), kinds=("certificate",)))
    return found


def _issued_on_positive_ways(explored: Explored, positive: frozenset[str]) -> set[str]:
    """Certificates some move issues on a reachable way that can still end positively."""
    space = explored.space
    places = space.layout.structure.places
    goal: ConfigSet = {n: 1 for n, b in enumerate(space.blocks)
                       if b.product is None and b.final
                       and places[b.key[0]].state.outcome in positive}
    hopeful = backward(space, goal, explored.reach) if goal else {}
    found: set[str] = set()
    for number, block in enumerate(space.blocks):
        here = hopeful.get(number, 0)
        for inner in block.inner:
            if inner.move.issues and inner.mask & block.reach & _back(here, inner.delta):
                found.update(inner.move.issues)
        for exit_ in block.exits:
            if exit_.move.issues and exit_.mask & block.reach and hopeful.get(exit_.target,
                                                                             0) & 1:
                found.update(exit_.move.issues)
    return found


def _back(bits: int, delta: int) -> int:
    """The positions that a move shifting by ``delta`` takes into ``bits``."""
    return bits >> delta if delta >= 0 else bits << -delta
