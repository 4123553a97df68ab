"""Documents along a path: a step that needs a document before any step has provided it.

Part of load → **check** (PK113). A document counts as provided once a step that
``provides`` it has been left, or from the start when the applicant brings it
(``from_applicant``). When a step needs its documents depends on where it stands: a step
outside concurrent regions needs them when the case enters it (an office accepts a case
with its materials); a step inside a region needs them before its region moves on,
because regions exchange results while they run (并联审批) and ``done(...)`` guards order
that exchange. Refusing or withdrawing out of a region needs no documents.
"""

from __future__ import annotations

from collections.abc import Sequence

from .collect import Collector
from .explored import Explored
from .findings import Finding
from .sets import ConfigSet, Edge, levels, path, pick, restrict, within
from .space import Block, Exit, Inner
from .where import Where

__all__ = ["documents"]

Need = tuple[str, str, int]
"""(document, requiring state, index in its ``requires``)."""


def documents(where: Where, explored: Explored, out: Collector) -> None:
    """One breadth-first search per set of providers, over the paths avoiding them."""
    structure = where.definition.structure
    process = structure.process
    brought = {d.id for d in process.documents if d.from_applicant}
    groups: dict[frozenset[str], list[Need]] = {}
    for place in structure.places.values():
        for k, document in enumerate(place.state.requires):
            if document in brought or ("PK113", document, place.id) in out:
                continue
            providers = frozenset(p.id for p in structure.places.values()
                                  if document in p.state.provides)
            groups.setdefault(providers, []).append((document, place.id, k))
    for providers, needs in groups.items():
        _search(where, explored, providers, needs, out)


def _search(where: Where, explored: Explored, providers: frozenset[str],
            needs: Sequence[Need], out: Collector) -> None:
    avoiding = restrict(explored.space, lambda b, i: _keep_inner(i, providers),
                        lambda b, e: _keep_exit(b, e, providers))
    frontiers = levels(avoiding, {0: 1})
    for document, state, k in needs:
        in_region = explored.space.layout.region_of(state) is not None
        goal = _finishing(explored, state) if in_region else explored.active(state)
        for frontier in frontiers:
            hit = pick(within(frontier, goal))
            if hit is None:
                continue
            edges = path(avoiding, frontiers, *hit)
            if in_region:
                edges.append(_finish_step(explored.space.blocks[hit[0]], hit[0], hit[1], state))
            out.add(("PK113", document, state),
                    _missing(where, explored, (document, state, k), providers, edges))
            break


def _finishing(explored: Explored, state: str) -> ConfigSet:
    """Where ``state``'s region can move on from it."""
    found: ConfigSet = {}
    for number, block in enumerate(explored.space.blocks):
        mask = 0
        for inner in block.inner:
            if inner.move.source == state:
                mask |= inner.mask
        if mask & block.reach:
            found[number] = mask & block.reach
    return found


def _finish_step(block: Block, number: int, position: int, state: str) -> Edge:
    for inner in block.inner:
        if inner.move.source == state and inner.mask >> position & 1:
            return inner.move, number, position + inner.delta
    raise AssertionError("the region cannot move on here")  # pragma: no cover


def _missing(where: Where, explored: Explored, need: Need, providers: frozenset[str],
             edges: list[Edge]) -> Finding:
    document, state, k = need
    docs = (where.show((document,), "zh", kind="document"),
            where.show((document,), "en", kind="document"))
    if providers:
        givers = ", ".join(f"`{p}`" for p in sorted(providers))
        zh = f"`{state}` 需要材料 {docs[0]},但案件可以在 {givers} 提供它之前走到这一步"
        en = (f"`{state}` needs document {docs[1]}, but a case can get there before "
              f"{givers} has provided it")
        hint = where.words(f"用 `when: done({sorted(providers)[0]})` 等待它,或调整顺序",
                           f"wait for it with `when: done({sorted(providers)[0]})`, or "
                           "reorder the steps")
    else:
        zh = f"`{state}` 需要材料 {docs[0]},但没有任何步骤提供它,申请人也不自带"
        en = (f"`{state}` needs document {docs[1]}, which no step provides and the applicant "
              "does not bring")
        hint = where.words("让前面的某一步 `provides` 它,或在材料上写 `from_applicant: true`",
                           "have an earlier step `provides` it, or mark the document "
                           "`from_applicant: true`")
    return where.finding("PK113", where.of(state, "requires", k), (document, state), zh, en,
                         hint=hint, counterexample=explored.counterexample(edges),
                         kinds=("document",))


def _keep_inner(inner: Inner, providers: frozenset[str]) -> int:
    return 0 if inner.move.source in providers else -1


def _keep_exit(block: Block, exit_: Exit, providers: frozenset[str]) -> int:
    """The configurations from which ``exit_`` leaves no provider behind."""
    product = block.product
    move = exit_.move
    if product is None:
        return 0 if block.key[0] in providers else -1
    keep = -1
    for j, space in enumerate(product.regions):
        for local, leaf in enumerate(space.leaves):
            left = move.join or leaf not in move.entry or leaf == move.source
            if left and leaf in providers:
                keep &= ~product.digit(j, local)
    return keep
