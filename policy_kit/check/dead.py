"""Transitions no applicant can take, guards that fail, and what the exploration could not do.

Part of load → **check**. These findings look across all applicant classes at once: a
transition is dead (PK204) only if no class enables it anywhere reachable, and only where
its source state is reached at all (otherwise the cause lies earlier, and is reported
there). Guards that cannot be evaluated for some applicant are PK207; guards neither the
split nor the solver could decide, checked on sampled values, are PK208; an exploration
cut short is PK209.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from ..expr import Value
from ..expr.printer import value_text
from .applicants import Applicants
from .explored import Explored
from .findings import Finding
from .where import Where

__all__ = ["dead_transitions", "failing_guards", "limits"]


def dead_transitions(where: Where, explored: Sequence[Explored],
                     applicants: Applicants) -> Iterator[Finding]:
    if applicants.sampled or any(e.space.truncated for e in explored):
        return  # a class left out, or a part not explored, might take it
    structure = where.definition.structure
    live = frozenset().union(*(e.live for e in explored))
    reached = frozenset().union(*(e.reached_leaves for e in explored))
    seen: set[int] = set()
    for move in structure.moves:
        index = move.index
        if index in seen or index in live or index in applicants.inexact:
            continue
        seen.add(index)
        moves = [m for m in structure.moves if m.index == index]
        if any(m.index in live for m in moves) or not any(m.source in reached for m in moves):
            continue
        transition = move.transition
        guard = f"(`when: {transition.when}`)" if transition.when else ""
        yield where.finding(
            "PK204", where.transition(index), (transition.from_, transition.to),
            f"转移 `{transition.from_}` →`{transition.on}`→ `{transition.to}` 对任何申请人都"
            f"不会启用{guard}", f"transition `{transition.from_}` --{transition.on}--> "
            f"`{transition.to}` is never enabled, for any applicant {guard}".rstrip(),
            hint=where.words("检查条件,以及目标状态的 `max_rounds`",
                             "check its guard, and `max_rounds` of the state it enters"))


def failing_guards(where: Where, explored: Sequence[Explored]) -> Iterator[Finding]:
    reported: set[int] = set()
    for each in explored:
        for index, move in sorted(each.space.oracle.failures.items()):
            if index in reported:
                continue
            reported.add(index)
            shown = _shown(each.applicant, move.guard.names if move.guard else frozenset())
            found = each.shortest(each.active(move.source))
            edges = found[0] if found else []
            yield where.finding(
                "PK207", where.transition(index, "when"), (move.transition.from_,),
                f"条件 `{move.transition.when}` 对申请人 {shown} 无法求值(例如除以零)",
                f"guard `{move.transition.when}` cannot be evaluated for the applicant "
                f"{shown} (for example a division by zero)",
                counterexample=each.counterexample(edges))


def limits(where: Where, explored: Sequence[Explored],
           applicants: Applicants) -> Iterator[Finding]:
    structure = where.definition.structure
    for index in applicants.inexact:
        transition = structure.process.transitions[index]
        source = transition.from_
        why = applicants.reasons.get(index, ("对属性做非线性运算", "non-linear arithmetic"))
        yield where.finding(
            "PK208", where.transition(index, "when"), (source,),
            f"条件 `{transition.when}` 无法精确判定({why[0]}),只检查了抽样的申请人:"
            f"在样本之间,`{source}` 可能有申请人无路可走(条件缺口),或同时有两条路可走"
            "(条件重叠),依赖它的时限检查也未判定",
            f"guard `{transition.when}` cannot be decided exactly ({why[1]}), so it was "
            f"checked on sampled applicants only: between the samples, an applicant may have "
            f"no way on from `{source}` (a gap) or two ways at once (an overlap), and the time "
            "limits that depend on it are undecided",
            hint=where.words("把条件改写成属性的线性比较(例如 `area >= 3000` 而不是 "
                             "`area * area >= 9000000`),或用一个决策状态拆开这几种情况",
                             "rewrite it as comparisons linear in the attributes (for example "
                             "`area >= 3000`, not `area * area >= 9000000`), or split the "
                             "cases with a decision state"))
    if applicants.sampled:
        yield where.finding(
            "PK208", where.at(("attributes",)), (structure.process.id,),
            f"申请人类别过多,只检查了其中 {len(applicants.classes)} 类",
            f"too many classes of applicants; {len(applicants.classes)} were checked")
    reasons = sorted({r for e in explored for r in e.space.truncated})
    if reasons:
        yield where.finding(
            "PK209", where.at(("id",)), (structure.process.id,),
            f"状态空间过大,行为检查未完成:{';'.join(zh for zh, _ in reasons)}",
            f"the state space is too large; behavioural checks are incomplete: "
            f"{'; '.join(en for _, en in reasons)}")


def _shown(values: Mapping[str, Value], names: frozenset[str]) -> str:
    return ", ".join(f"{n}={value_text(values[n])}" for n in sorted(names) if n in values
                     ) or "-"

