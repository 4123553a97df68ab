"""Structural checks: the shape of the process, before any applicant is considered.

Part of load → **check**. These read only the graph of leaf states and moves (entering a
concurrent stage enters every region; a join leaves from the regions' final states), so
they are cheap and their messages point at one place in the file: unreachable states
(PK106), dead ends (PK107), final states with a way out (PK108), stages never entered
(PK109), stages or regions with no way out (PK110), declarations never used (PK111).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Region, Stage
from ..semantics import initial_state
from ..structure import Structure
from .findings import Finding, Words
from .where import Kind, Where

__all__ = ["structural"]


def structural(where: Where) -> list[Finding]:
    structure = where.definition.structure
    closed_stages = {s.id for s in structure.process.stages if not _entered(structure, s)}
    stuck_regions = {r.id for s in structure.process.stages for r in s.regions
                     if not _region_finishes(structure, r)}
    findings = [*_unreachable(where, closed_stages, stuck_regions), *_dead_ends(where),
                *_final_exits(where), *_stage_entries(where, closed_stages),
                *_exits(where, stuck_regions), *_unused(where)]
    return findings


def _successors(structure: Structure) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {leaf: set() for leaf in structure.places}
    for move in structure.moves:
        if move.join:
            regions = structure.stages[move.source].regions
            sources = [s for r in regions for s in structure.region_finals(r)]
        else:
            sources = [move.source]
        for source in sources:
            graph[source].update(move.entry)
    return graph


def _reachable(structure: Structure) -> set[str]:
    graph = _successors(structure)
    seen = set(structure.initial)
    todo = list(seen)
    while todo:
        for target in graph[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _stage_leaves(stage: Stage) -> set[str]:
    return {s.id for s in stage.states} | {s.id for r in stage.regions for s in r.states}


def _entered(structure: Structure, stage: Stage) -> bool:
    leaves = _stage_leaves(stage)
    if leaves & set(structure.initial):
        return True
    return any(set(m.entry) & leaves and m.source not in leaves and m.source != stage.id
               for m in structure.moves)


def _region_finishes(structure: Structure, region: Region) -> bool:
    own = {s.id for s in region.states}
    seen = {initial_state(region)}
    todo = list(seen)
    while todo:
        for move in structure.moves_from.get(todo.pop(), ()):
            for target in move.entry:
                if target in own and target not in seen:
                    seen.add(target)
                    todo.append(target)
    return bool(seen & set(structure.region_finals(region)))


def _unreachable(where: Where, closed: set[str], stuck: set[str]) -> Iterator[Finding]:
    structure = where.definition.structure
    reached = _reachable(structure)
    for place in structure.places.values():
        if place.id in reached or (place.stage and place.stage.id in closed):
            continue
        if place.region and place.region.id in stuck and place.state.kind == "final":
            continue
        yield where.finding(
            "PK106", where.of(place.id, "id"), (place.id,),
            f"状态 {where.show((place.id,), 'zh')} 不可达:从开始沿任何转移都到不了它",
            f"state {where.show((place.id,), 'en')} is unreachable: no sequence of "
            "transitions from the start leads to it")


def _dead_ends(where: Where) -> Iterator[Finding]:
    structure = where.definition.structure
    for place in structure.places.values():
        if place.state.kind != "final" and not structure.moves_from.get(place.id):
            yield where.finding(
                "PK107", where.of(place.id, "id"), (place.id,),
                f"`{place.id}` 不是终止状态,却没有任何出路:案件到这里就会停住",
                f"`{place.id}` is not final but has no way out: a case that gets here stops",
                hint=_hint("加一条 `from: " + place.id + "` 的转移,或把它改成 `kind: final`",
                           f"add a transition `from: {place.id}`, or make it `kind: final`"))


def _final_exits(where: Where) -> Iterator[Finding]:
    structure = where.definition.structure
    for place in structure.places.values():
        moves = structure.moves_from.get(place.id, ())
        if place.state.kind == "final" and moves:
            index = moves[0].index
            yield where.finding(
                "PK108", where.transition(index, "from"), (place.id,),
                f"`{place.id}` 是终止状态,却有转移(`{moves[0].trigger}`)从它出去",
                f"`{place.id}` is final, yet a transition (`{moves[0].trigger}`) leaves it",
                hint=_hint("删除这条转移,或把状态改为 task/wait",
                           "remove the transition, or make the state a task or wait"))


def _stage_entries(where: Where, closed: set[str]) -> Iterator[Finding]:
    for stage_id in sorted(closed, key=lambda s: where.of(s)):
        yield where.finding(
            "PK109", where.of(stage_id, "id"), (stage_id,),
            f"阶段 `{stage_id}` 没有入口:没有转移进入它,它也不是开始阶段",
            f"stage `{stage_id}` has no entry: no transition enters it and a case does not "
            "start there",
            hint=_hint(f"加一条 `to: {stage_id}` 的转移", f"add a transition `to: {stage_id}`"))


def _exits(where: Where, stuck: set[str]) -> Iterator[Finding]:
    structure = where.definition.structure
    for stage in structure.process.stages:
        leaves = _stage_leaves(stage)
        ends_case = any(structure.places[s].case_final for s in leaves)
        leaves_stage = any(
            (m.source in leaves or m.source == stage.id) and not set(m.entry) <= leaves
            for m in structure.moves)
        if not ends_case and not leaves_stage:
            yield where.finding(
                "PK110", where.of(stage.id, "id"), (stage.id,),
                f"阶段 `{stage.id}` 没有出口:没有任何转移离开它",
                f"stage `{stage.id}` has no exit: no transition leaves it",
                hint=_hint("并联阶段需要 `from: " + stage.id + "` 的汇合转移",
                           f"a concurrent stage needs a join transition `from: {stage.id}`")
                if stage.concurrent else None)
        for region in stage.regions:
            if region.id in stuck:
                yield where.finding(
                    "PK110", where.of(region.id, "id"), (region.id, stage.id),
                    f"并联分支 `{region.id}` 到不了它的终止状态,阶段 `{stage.id}` 永远无法汇合",
                    f"region `{region.id}` cannot reach its final state, so stage "
                    f"`{stage.id}` can never be joined")


def _unused(where: Where) -> Iterator[Finding]:
    structure = where.definition.structure
    process = structure.process
    used: dict[str, set[str]] = {"departments": set(), "documents": set(),
                                 "certificates": set()}
    for certificate in process.certificates:
        used["departments"].add(certificate.department or "")
    for stage in process.stages:
        used["departments"].update(d for d in (stage.department,
                                               *(r.department for r in stage.regions)) if d)
    for place in structure.places.values():
        used["departments"].add(place.state.department or "")
        used["documents"].update(place.state.requires, place.state.provides)
    for transition in process.transitions:
        used["certificates"].update(transition.issues)
    kinds: dict[str, tuple[str, Kind]] = {
        "departments": ("部门", "department"), "documents": ("材料", "document"),
        "certificates": ("证照", "certificate")}
    for key, (zh, en) in kinds.items():
        for i, item in enumerate(getattr(process, key)):
            if item.id not in used[key]:
                yield where.finding(
                    "PK111", where.at((key, i, "id")), (item.id,),
                    f"{zh} {where.show((item.id,), 'zh', kind=en)} 已声明,但没有被使用",
                    f"{en} {where.show((item.id,), 'en', kind=en)} is declared but never used",
                    hint=_hint("删除它,或在用到它的地方引用它",
                               "remove it, or refer to it where it is used"), kinds=(en,))


def _hint(zh: str, en: str) -> Words:
    return Words(zh, en)
