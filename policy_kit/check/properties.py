"""Declared properties proved over the state space, or refuted with a counterexample.

Part of load → **check** (PK601–PK604). Each form asks one question of every applicant
class's reachable configurations:

* ``never: C`` — is a configuration where ``C`` holds reachable? The shortest way to one
  refutes it (PK601).
* ``eventually: C`` — can a case avoid ``C`` for ever? It can if, moving only through
  configurations where ``C`` is false, it gets stuck, ends, or finds a loop; the shortest
  such way (with the loop, if that is how) refutes it (PK602).
* ``within`` — the slowest way from entering one step to first entering another, timed as
  stages' limits are (``timing``); a way over the bound refutes it (PK603).

Where the exploration was not exact (sampled applicants, a condition doing arithmetic, a
state space cut short, a range of times), a property that was not refuted is reported
as undecided (PK604), never as proved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from ..structure import Structure
from .applicants import Applicants
from .behaviour import cycle_within
from .conditions import holding
from .declared import Declared
from .durations import Span, Unit, step_span
from .explored import Explored
from .findings import Counterexample, Finding
from .measure import Window
from .sets import ConfigSet, Edge, levels, minus, path, pick, restrict, trim, union, within
from .slowest import Question, timed
from .space import Block, Exit, Inner
from .timing import reasons_undecided, unit_words
from .where import Where

__all__ = ["properties"]


def properties(where: Where, explored: Sequence[Explored], people: Applicants,
               items: Sequence[Declared]) -> list[Finding]:
    findings: list[Finding] = []
    unsure = not people.exact or any(e.space.truncated for e in explored)
    conditions = 0
    for item in items:
        if item.condition is None:
            findings.extend(_within(where, explored, item, people))
            continue
        sampled = unsure or conditions in people.inexact_conditions
        conditions += 1
        check = _never if item.prop.kind == "never" else _eventually
        findings.extend(check(where, explored, item, sampled))
    return findings


def _never(where: Where, explored: Sequence[Explored], item: Declared,
           sampled: bool) -> list[Finding]:
    assert item.condition is not None
    best: Counterexample | None = None
    failed = False
    for each in explored:
        found = holding(each, item.condition)
        failed |= found.failed
        hit = each.shortest(found.configs)
        if hit is not None:
            example = each.counterexample(hit[0])
            if best is None or len(example) < len(best):
                best = example
    text = item.prop.never
    if best is not None:
        shown = {lang: where.show(list(best.end), lang) for lang in ("zh", "en")}
        return [where.finding(
            "PK601", where.at(item.path), (item.prop.id, *best.end),
            f"性质 `{item.prop.id}` 不成立:案件可以到达 {shown['zh']},此时 `{text}` 成立",
            f"property `{item.prop.id}` does not hold: a case can reach {shown['en']} "
            f"where `{text}` holds", counterexample=best)]
    if sampled or failed:
        return [_undecided(where, item, failed)]
    return []


@dataclass(frozen=True)
class Escape:
    """A way to avoid a condition: it gets ``stuck``, is ``ended``, or ``loops`` (its last
    ``loop`` steps go round for ever)."""

    counterexample: Counterexample
    how: str
    loop: int = 0


def _eventually(where: Where, explored: Sequence[Explored], item: Declared,
                sampled: bool) -> list[Finding]:
    assert item.condition is not None
    best: Escape | None = None
    failed = False
    for each in explored:
        found = holding(each, item.condition)
        failed |= found.failed
        escape = _escape(each, minus(each.reach, found.configs))
        if escape is not None and (best is None or len(escape.counterexample) <
                                   len(best.counterexample)):
            best = escape
    if best is not None:
        return [_avoided(where, item, best)]
    if sampled or failed:
        return [_undecided(where, item, failed)]
    return []


def _escape(explored: Explored, avoid: ConfigSet) -> Escape | None:
    """The shortest way that stays in ``avoid`` and gets stuck, ends, or loops there."""
    if not avoid.get(0, 0) & 1:
        return None
    space = explored.space
    numbers = {b.key: n for n, b in enumerate(space.blocks)}

    def keep(block: Block, _move: Inner | Exit) -> int:
        return avoid.get(numbers[block.key], 0)

    inside = restrict(space, keep, keep)
    frontiers = levels(inside, {0: 1})
    reached = within(union(*frontiers), avoid)
    ended = {n: b.reach for n, b in enumerate(space.blocks) if b.final}
    for goal, how in ((explored.stuck, "stuck"), (ended, "ended")):
        target = pick(within(reached, goal))
        if target is not None:
            return Escape(explored.counterexample(path(inside, frontiers, *target)), how)
    looping = trim(inside, reached)
    start = pick(looping)
    if start is None:
        return None
    cycle = cycle_within(explored, looping, *start)
    edges: list[Edge] = path(inside, frontiers, cycle[-1][1], cycle[-1][2])
    loop = tuple(explored.step(m, b, p) for m, b, p in cycle)
    return Escape(explored.counterexample(edges, loop), "loops", len(loop))


def _avoided(where: Where, item: Declared, escape: Escape) -> Finding:
    text = item.prop.eventually
    example = escape.counterexample
    states = list(example.end) if not escape.loop else list(dict.fromkeys(
        s for step in example.steps[-escape.loop:] for s in step.states))
    zh_at, en_at = (where.show(states, lang) for lang in ("zh", "en"))
    if escape.how == "stuck":
        zh, en = f"停在 {zh_at}", f"get stuck at {en_at}"
    elif escape.how == "ended":
        zh, en = f"在 {zh_at} 办结", f"end at {en_at}"
    else:
        zh, en = f"在 {zh_at} 之间永远循环", f"circle through {en_at} for ever"
    return where.finding(
        "PK602", where.at(item.path), (item.prop.id, *states),
        f"性质 `{item.prop.id}` 不成立:案件可能{zh},而 `{text}` 始终没有成立",
        f"property `{item.prop.id}` does not hold: a case can {en} without `{text}` "
        "ever holding", counterexample=example)


def _within(where: Where, explored: Sequence[Explored], item: Declared,
            people: Applicants) -> list[Finding]:
    prop = item.prop
    assert prop.within is not None
    limit = prop.within.limit
    structure = where.definition.structure
    span = partial(_span, structure, limit.unit, where.definition.process.calendar)
    window = Window(item.sources, item.targets)
    question = Question(span, lambda e: frozenset(
        n for n, b in enumerate(e.space.blocks) if b.key[0] in item.targets), window)
    result = timed(structure, explored, question, fastest=False)
    slow = result.slow
    if slow is not None and slow.time.lo > limit.days:
        return [where.finding(
            "PK603", where.at(item.path), (prop.id, prop.within.from_, slow.end),
            f"性质 `{prop.id}` 不成立:从 `{prop.within.from_}` 到 `{slow.end}`,政府时钟上的时限"
            f"相加为 {unit_words(slow.time, limit.unit, 'zh')},超过 {limit.describe('zh')}",
            f"property `{prop.id}` does not hold: from `{prop.within.from_}` to "
            f"`{slow.end}` the limits on the government clock add up to "
            f"{unit_words(slow.time, limit.unit, 'en')}, over {limit.describe('en')}",
            counterexample=slow.counterexample)]
    counted = [p.id for p in structure.places.values()
               if p.state.kind in ("task", "wait") and p.state.effective_clock == "government"]
    reasons = reasons_undecided(span, counted, limit.unit, result, explored, people)
    if result.upper is not None and result.upper <= limit.days and people.exact and not any(
            e.space.truncated for e in explored):
        return []
    if not reasons:
        reasons.append(("分支之间相互等待(done(...)),上限不精确", "regions wait for each other "
                        "(done(...)), so the bound is not exact"))
    high = "∞" if result.upper is None else str(result.upper)
    low = slow.time.lo if slow is not None else 0
    why = ";".join(r[0] for r in reasons), "; ".join(r[1] for r in reasons)
    return [where.finding(
        "PK604", where.at(item.path), (prop.id,),
        f"无法判定性质 `{prop.id}`:最慢需要 {low}–{high}个"
        f"{'工作日' if limit.unit == 'working_days' else '自然日'},期限为 "
        f"{limit.describe('zh')}({why[0]})",
        f"cannot decide property `{prop.id}`: the slowest way takes {low}–{high} "
        f"{'working' if limit.unit == 'working_days' else 'natural'} days against "
        f"{limit.describe('en')} ({why[1]})",
        counterexample=slow.counterexample if slow else None)]


def _span(structure: Structure, unit: Unit, calendar: str, state: str) -> Span:
    return step_span(structure.places[state].state, unit, calendar)


def _undecided(where: Where, item: Declared, failed: bool) -> Finding:
    why = ("条件在某些情形下无法求值", "its condition cannot be evaluated in some situations") \
        if failed else ("申请人或状态空间是抽样或不完整的(PK208/PK209)",
                        "applicants or the state space were sampled or incomplete "
                        "(PK208/PK209)")
    return where.finding(
        "PK604", where.at(item.path), (item.prop.id,),
        f"无法判定性质 `{item.prop.id}`:没有找到反例,但{why[0]}",
        f"cannot decide property `{item.prop.id}`: no counterexample was found, but "
        f"{why[1]}")
