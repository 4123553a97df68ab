"""Behavioural checks over the reachable state space: can a case get stuck or never end?

Part of load → **check**. For each applicant class: deadlocks (PK201), points after which
no outcome is reachable (PK202), a region ending the case while others still run (PK203),
loops with no way out (PK205) and loops without a bound (PK206). Every finding carries the
shortest counterexample from the start.
"""

from __future__ import annotations

from ..structure import Move
from .causes import Blocked, loop_cause, stuck_at, ways_on
from .collect import MAX_PER_CODE, Collector
from .explored import Explored
from .product import Product
from .sets import ConfigSet, minus, pick, post, trim, union, within
from .space import Block
from .trap import trapped
from .where import Where

__all__ = ["behaviour", "cycle_within"]


def behaviour(where: Where, explored: Explored, out: Collector) -> None:
    _deadlocks(where, explored, out)
    doomed_loops = _loops(where, explored, within(explored.doomed, explored.cyclic), "PK205",
                          out)
    _no_return(where, explored, doomed_loops, out)
    _loops(where, explored, within(explored.can_finish, explored.cyclic), "PK206", out)
    _running(where, explored, out)


def _deadlocks(where: Where, explored: Explored, out: Collector) -> None:
    structure = where.definition.structure
    stuck = explored.stuck
    for _ in range(MAX_PER_CODE):
        found = explored.shortest(stuck)
        if found is None:
            return
        edges, block, position = found
        leaves = explored.leaves(block, position)
        stuck = minus(stuck, explored.same_leaves(leaves))
        example = explored.counterexample(edges)
        waiting = tuple(s for s in leaves if structure.places[s].state.kind != "final")
        if waiting:
            ids = waiting
            location = where.of(waiting[0], "id")
            message = (f"案件可能卡在 {where.show(leaves, 'zh')}:没有办结,也没有任何可走的路",
                       f"a case can get stuck at {where.show(leaves, 'en')}: it has not "
                       "finished and no way on is enabled")
        else:
            stage = structure.places[leaves[0]].stage
            assert stage is not None
            ids = (stage.id, *leaves)
            ways = ways_on(structure, leaves)
            location = where.transition(ways[0].index) if ways else where.of(stage.id, "id")
            message = (f"阶段 `{stage.id}` 的所有分支都已结束({', '.join(leaves)}),但没有可用的"
                       "汇合转移", f"every region of stage `{stage.id}` has finished "
                       f"({', '.join(leaves)}), but no join transition is enabled")
        blocked = stuck_at(structure, example)
        if blocked:
            location = where.transition(blocked[0].move.index, "when")
            message = _blocked_by(blocked, message)
        out.add(("PK201", leaves), where.finding("PK201", location, ids, *message,
                                                 counterexample=example))


def _blocked_by(blocked: list[Blocked], message: tuple[str, str]) -> tuple[str, str]:
    """The message naming the guards that block the way on (``hints`` says what to do,
    once it has checked it)."""
    shown = "; ".join(f"`{b.move.source}` --{b.move.trigger}--> `when: {b.move.transition.when}`"
                      f" ({b.because()})" for b in blocked)
    return (f"{message[0]};挡住去路的条件:{shown}",
            f"{message[1]}; the way on is blocked by {shown}")


def _no_return(where: Where, explored: Explored, loops: ConfigSet, out: Collector) -> None:
    doomed = explored.doomed
    if not doomed:
        return
    entries = within(doomed, post(explored.space, explored.can_finish))
    entries = minus(minus(entries, explored.stuck), loops)
    for _ in range(MAX_PER_CODE):
        found = explored.shortest(entries)
        if found is None:
            return
        edges, block, position = found
        leaves = explored.leaves(block, position)
        entries = minus(entries, explored.same_leaves(leaves))
        move = edges[-1][0]
        out.add(("PK202", leaves), where.finding(
            "PK202", where.transition(move.index), leaves,
            f"经 `{move.trigger}` 进入 {where.show(leaves, 'zh')} 之后,案件再也无法办结",
            f"after `{move.trigger}` into {where.show(leaves, 'en')}, the case can no longer "
            "reach any outcome", counterexample=explored.counterexample(edges)))


def _loops(where: Where, explored: Explored, among: ConfigSet, code: str,
           out: Collector) -> ConfigSet:
    """Report cycles inside ``among``; return every configuration lying on one."""
    if not among:
        return {}
    space = explored.space
    cycling = trim(space, among)
    everything = cycling
    for _ in range(MAX_PER_CODE):
        start = pick(cycling)
        if start is None:
            break
        cycle = cycle_within(explored, cycling, *start)
        cycling = trim(space, minus(cycling, _same_loop(explored, cycle)))
        if code == "PK206":
            _unbounded(where, explored, cycle, out)
            continue
        trapped(where, explored, cycle, out)
    return everything


def _unbounded(where: Where, explored: Explored, cycle: list[tuple[Move, int, int]],
               out: Collector) -> None:
    """PK206 at its cause: the wait in the loop that should count the rounds, else the
    transition that closes the loop where a case first enters it (``hints`` says where
    ``max_rounds`` works, once it has checked it)."""
    cause = loop_cause(explored, where.definition.structure, cycle)
    ids = tuple(dict.fromkeys(m.source for m, _, _ in cause.cycle))
    entry_block, entry_position = cause.cycle[-1][1], cause.cycle[-1][2]
    found = explored.shortest({entry_block: 1 << entry_position})
    assert found is not None
    example = explored.counterexample(found[0], tuple(explored.step(m, b, p)
                                                      for m, b, p in cause.cycle))
    zh, en = (where.show([*ids, ids[0]], lang, " → ") for lang in ("zh", "en"))
    closing = cause.closing
    back = f"`{closing.source}` --{closing.trigger}--> `{closing.target}`"
    location = where.of(cause.bound, "id") if cause.bound is not None else \
        where.transition(closing.index)
    out.add(("PK206", frozenset(ids)), where.finding(
        "PK206", location, ids, f"案件可以无限次地重复 {zh}(经 {back} 回到循环起点)",
        f"a case can repeat {en} without limit (back into it by {back}); nothing bounds "
        "the rounds", counterexample=example))


def cycle_within(explored: Explored, among: ConfigSet, block: int,
                 position: int) -> list[tuple[Move, int, int]]:
    """Walk inside ``among`` from a configuration until one repeats; return that cycle."""
    space = explored.space
    seen: dict[tuple[int, int], int] = {}
    walk: list[tuple[Move, int, int]] = []
    here = (block, position)
    while here not in seen:
        seen[here] = len(walk)
        move, there = _successor(space.blocks[here[0]], here[0], here[1], among)
        walk.append((move, *there))
        here = there
    return walk[seen[here]:]


def _successor(block: Block, number: int, position: int,
               among: ConfigSet) -> tuple[Move, tuple[int, int]]:
    bit = 1 << position
    for inner in block.inner:
        if inner.mask & bit:
            target = position + inner.delta
            if among.get(number, 0) >> target & 1:
                return inner.move, (number, target)
    for exit_ in block.exits:
        if exit_.mask & bit and among.get(exit_.target, 0) & 1:
            return exit_.move, (exit_.target, 0)
    raise AssertionError("a trimmed set has a successor inside it")  # pragma: no cover


def _same_loop(explored: Explored, cycle: list[tuple[Move, int, int]]) -> ConfigSet:
    """The configurations that run the same loop in any state of the other regions."""
    result: ConfigSet = {}
    for _, number, position in cycle:
        block = explored.space.blocks[number]
        product = block.product
        if product is None:
            result[number] = block.reach
            continue
        moving = {_region_moved(m, product) for m, n, _ in cycle if n == number}
        moving.discard(None)
        mask = block.reach
        for j in moving:
            assert j is not None
            mask &= _visited(product, j, {product.locals_of(p)[j] for _, n, p in cycle
                                          if n == number})
        if not moving:
            mask &= 1 << position
        result[number] = result.get(number, 0) | mask
    return result


def _visited(product: Product, j: int, seen: set[int]) -> int:
    return product.where(j, lambda local: local in seen)


def _region_moved(move: Move, product: Product) -> int | None:
    return None if move.join else product.owner.get(move.source)


def _running(where: Where, explored: Explored, out: Collector) -> None:
    """PK203, one finding per stage: regions that end the case while others still work."""
    structure = where.definition.structure
    early: dict[str, dict[int, tuple[Move, ConfigSet]]] = {}
    for number, block in enumerate(explored.space.blocks):
        product = block.product
        if product is None:
            continue
        for exit_ in block.exits:
            move = exit_.move
            if move.join or not all(structure.places[s].case_final for s in move.entry):
                continue
            j = product.owner[move.source]
            others = block.reach
            for k in range(len(product.regions)):
                if k != j:
                    others &= product.final_mask(k)
            running = exit_.mask & ~others
            if running:
                found = early.setdefault(product.stage.id, {}).setdefault(move.index,
                                                                           (move, {}))
                found[1][number] = found[1].get(number, 0) | running
    for stage, moves in early.items():
        _report_running(where, explored, stage, list(moves.values()), out)


def _report_running(where: Where, explored: Explored, stage: str,
                    moves: list[tuple[Move, ConfigSet]], out: Collector) -> None:
    goal = union(*(configs for _, configs in moves))
    found = explored.shortest(goal)
    assert found is not None
    edges, number, position = found
    move = next(m for m, configs in moves if configs.get(number, 0) >> position & 1)
    block = explored.space.blocks[number]
    exit_ = next(e for e in block.exits if e.move == move and e.mask >> position & 1)
    example = explored.counterexample(edges, (explored.step(move, exit_.target, 0),))
    sources = tuple(dict.fromkeys(m.source for m, _ in moves))
    ways = ", ".join(dict.fromkeys(f"`{m.source}` --{m.trigger}-->" for m, _ in moves))
    out.add(("PK203", stage), where.finding(
        "PK203", where.of(stage, "id"), (stage, *sources),
        f"阶段 `{stage}` 中,{ways} 会直接办结整个案件,而其他并联分支还在办理中",
        f"in stage `{stage}`, {ways} ends the whole case while other regions are still "
        "running",
        hint=where.words(f"如果一方否决就终止整个并联审查,用 `suppress: [{{code: PK203, id: "
                         f"{stage}, reason: …}}]` 写明理由", "if one refusal is meant to end "
                         f"the whole joint review, say so: `suppress: [{{code: PK203, id: "
                         f"{stage}, reason: …}}]`"),
        counterexample=example))
