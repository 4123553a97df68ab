"""Time limits: do the steps' limits fit the stages' limits and the process's total?

Part of load → **check** (PK401–PK406). For the process's ``limit`` (its total: a promise,
or a target borrowed from elsewhere, as the definition's ``reference`` says)
and each stage's, the steps on the government clock are added up along the slowest and
the fastest ways a case can take (``durations`` says what a step counts, ``passes`` how
concurrent regions count, ``timeline`` finds the ways). A correction loop bounded by
``max_rounds`` is taken as often as it may be on the slowest way. Step limits are the
most a step may take, so a sum over the promise is a warning, not an error: the promise
then rests on offices beating their own limits (commitment limits, 承诺时限, shorter than
the legal ones). The designer learns which way breaks it, by how much, and whether any
way keeps it at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from ..model import Limit
from .applicants import Applicants
from .durations import UNKNOWN, Span, Unit, step_span
from .explored import Explored
from .findings import Finding, Words
from .slowest import Question, Timed, timed
from .where import Where

__all__ = ["reasons_undecided", "timing", "unit_words"]


@dataclass(frozen=True)
class Scope:
    """A limit to check: the process's (``stage`` None) or a stage's."""

    id: str
    limit: Limit
    stage: str | None
    path: tuple[str | int, ...]

    def counts(self, where: Where, state: str) -> bool:
        place = where.definition.structure.places[state]
        return self.stage is None or (place.stage is not None and place.stage.id == self.stage)

    def name(self, lang: str) -> str:
        if self.stage is None:
            return "流程的总时限" if lang == "zh" else "the process's total limit"
        return f"阶段 `{self.stage}` 的时限" if lang == "zh" else f"stage `{self.stage}`'s limit"


def timing(where: Where, explored: Sequence[Explored], people: Applicants,
           measured: frozenset[str] = frozenset()) -> list[Finding]:
    """PK401–PK406; ``measured`` are the states a ``within`` property times."""
    scopes = _scopes(where)
    findings = [*_unlimited(where, scopes, measured), *_timeless(where)]
    for scope in scopes:
        findings.extend(_check(where, scope, explored, people))
    return findings


def unit_words(span: Span | int, unit: Unit, lang: str) -> str:
    shown = span.show() if isinstance(span, Span) else str(span)
    if lang == "zh":
        return f"{shown}个{'工作日' if unit == 'working_days' else '自然日'}"
    return f"{shown} {'working' if unit == 'working_days' else 'natural'} days"


def span_of(where: Where, scope: Scope, state: str) -> Span:
    place = where.definition.structure.places[state]
    if not scope.counts(where, state):
        return Span(0, 0)
    return step_span(place.state, scope.limit.unit, where.definition.process.calendar)


def _scopes(where: Where) -> list[Scope]:
    process = where.definition.process
    scopes = []
    if process.limit is not None:
        scopes.append(Scope(process.id, process.limit, None, ("limit",)))
    for s, stage in enumerate(process.stages):
        if stage.limit is not None:
            scopes.append(Scope(stage.id, stage.limit, stage.id, ("stages", s, "limit")))
    return scopes


def _unlimited(where: Where, scopes: list[Scope], measured: frozenset[str]) -> list[Finding]:
    """PK403: steps on the government clock without a limit, where they count against one
    (a stage's, the process's, or a ``within`` property's); elsewhere the dated path flags
    them and nothing here depends on them."""
    found = []
    for place in where.definition.structure.places.values():
        state = place.state
        if state.kind in ("task", "wait") and state.effective_clock == "government" and (
                state.limit is None) and (state.id in measured or any(
                    s.counts(where, state.id) for s in scopes)):
            found.append(where.finding(
                "PK403", where.of(state.id, "id"), (state.id,),
                f"`{state.id}` 占用政府时钟,却没有时限:案件可能在这里停留任意长的时间,经过它的"
                "时限都无法检查", f"`{state.id}` runs the government clock without a limit: a "
                "case can stay there as long as the office takes, and no limit it counts "
                "against can be checked",
                hint=where.words("给它一个 `limit`;如果这段时间不算办理时间,设 `clock: applicant` "
                                 "或 `clock: statutory`", "give it a `limit`; if this time is "
                                 "not the office's, say so with `clock: applicant` or "
                                 "`clock: statutory`")))
    return found


def _timeless(where: Where) -> list[Finding]:
    """PK406: a ``limit`` on a decision. A decision is a choice by guards and takes no time
    (``durations``: every engine moves through it at once), so its limit can never be
    broken; the designer most likely meant a person's choice, which is a task."""
    found = []
    for place in where.definition.structure.places.values():
        state = place.state
        if state.kind == "decision" and state.limit is not None:
            shown = {lang: state.limit.describe(lang) for lang in ("zh", "en")}
            found.append(where.finding(
                "PK406", where.of(state.id, "limit"), (state.id,),
                f"决策状态 `{state.id}` 有时限({shown['zh']}),但决策按条件选择出路、不耗时间:"
                "这个时限什么也不限制", f"decision `{state.id}` has a limit ({shown['en']}), "
                "but a decision chooses its way by guards and takes no time: the limit "
                "limits nothing",
                hint=where.words("如果由人来作出选择、需要时间,把它改成 `kind: task` 并保留时限;"
                                 "否则删去 `limit`", "if a person makes the choice and it "
                                 "takes time, make it `kind: task` and keep the limit; "
                                 "otherwise remove the `limit`")))
    return found


def _check(where: Where, scope: Scope, explored: Sequence[Explored],
           people: Applicants) -> list[Finding]:
    structure = where.definition.structure
    counted = [p.id for p in structure.places.values() if scope.counts(where, p.id)
               and p.state.kind in ("task", "wait") and p.state.effective_clock == "government"]
    location = where.at(scope.path)
    if not counted:
        return [where.finding(
            "PK405", location, (scope.id,),
            f"{scope.name('zh')}只计算政府时钟,但其中没有任何步骤占用政府时钟:这个时限什么也不限制",
            f"{scope.name('en')} counts the government clock only, and no step in it runs "
            "that clock: the limit limits nothing",
            hint=where.words("申请人时间和法定期间(公示、专家评审)不计入办理时限;如果要限制它们,"
                             "把时限放在那些步骤上", "applicant time and statutory periods "
                             "(notices, expert review) are kept out of the office's limit; to "
                             "bound them, put the limit on those steps"))]
    question = Question(partial(span_of, where, scope),
                        lambda e: frozenset(n for n, b in enumerate(e.space.blocks) if b.final),
                        scope=lambda e: _scope_blocks(where, scope, e))
    result = timed(structure, explored, question)
    unsure = not people.exact or any(e.space.truncated for e in explored)
    over = None if unsure else _over(where, scope, result)  # "no way" needs every way
    if over is not None:
        return [over]
    slow = result.slow
    limit = scope.limit.days
    if slow is not None and slow.time.lo > limit:
        return [_exceeded(where, scope, result)]
    reasons = reasons_undecided(partial(span_of, where, scope), counted, scope.limit.unit,
                                result, explored, people)
    if result.upper is not None and result.upper <= limit and not unsure:
        return []
    if not reasons:
        reasons.append(("分支之间相互等待(done(...)),上限不精确", "regions wait for each other "
                        "(done(...)), so the bound is not exact"))
    return [_undecided(where, scope, result, reasons)]


def _scope_blocks(where: Where, scope: Scope, explored: Explored) -> frozenset[int] | None:
    if scope.stage is None:
        return None
    structure = where.definition.structure
    found = set()
    for number, block in enumerate(explored.space.blocks):
        position = block.key[0]
        place = structure.places.get(position)
        if position == scope.stage or (place is not None and place.stage is not None
                                       and place.stage.id == scope.stage):
            found.add(number)
    return frozenset(found)


def _over(where: Where, scope: Scope, result: Timed) -> Finding | None:
    """PK402: outcomes that no way reaches within the limit."""
    limit = scope.limit.days
    late = {end: found for end, found in result.fast.items() if found[0] > limit}
    if not late:
        return None
    ends = tuple(sorted(late))
    quickest = min(ends, key=lambda e: late[e][0])
    bound, witness = late[quickest]
    unit = scope.limit.unit
    outcomes = [where.definition.structure.places[e].state.outcome or e for e in ends]
    shown = {lang: ("、" if lang == "zh" else ", ").join(f"`{o}`" for o in outcomes)
             for lang in ("zh", "en")}
    slowest = result.slow.time if result.slow is not None else None
    tail = {lang: "" if slowest is None else (
        f";最慢的路径为 {unit_words(slowest, unit, lang)}" if lang == "zh" else
        f"; the slowest takes {unit_words(slowest, unit, lang)}") for lang in ("zh", "en")}
    return where.finding(
        "PK402", where.at(scope.path), (scope.id, *ends),
        f"以 {shown['zh']} 结束的案件,即使走最快的路径,政府时钟上的时限相加也至少为 "
        f"{unit_words(bound, unit, 'zh')},超过{scope.name('zh')} {scope.limit.describe('zh')}:"
        f"各部门用足自己的时限时,没有一条路径能守住它{tail['zh']}",
        f"even the fastest way to a case ending {shown['en']} adds up to at least "
        f"{unit_words(bound, unit, 'en')} on the government clock, over "
        f"{scope.name('en')} of {scope.limit.describe('en')}: when each office uses its "
        f"full limit no way keeps it{tail['en']}",
        hint=_hint(where), counterexample=witness.counterexample if witness else None)


def _exceeded(where: Where, scope: Scope, result: Timed) -> Finding:
    """PK401: the slowest way takes longer than the limit."""
    slow = result.slow
    assert slow is not None
    unit = scope.limit.unit
    upper = result.upper
    more = {"zh": "", "en": ""}
    if upper is None or upper > (slow.time.hi or 0) and not slow.time.exact:
        bound = "∞" if upper is None else str(upper)
        more = {"zh": f"(最多可达 {bound})", "en": f" (up to {bound})"}
    return where.finding(
        "PK401", where.at(scope.path), (scope.id, slow.end),
        f"沿最慢的路径,政府时钟上各步骤的时限相加为 {unit_words(slow.time, unit, 'zh')}"
        f"{more['zh']},超过{scope.name('zh')} {scope.limit.describe('zh')}",
        f"along the slowest way the limits of the steps on the government clock add up to "
        f"{unit_words(slow.time, unit, 'en')}{more['en']}, over {scope.name('en')} of "
        f"{scope.limit.describe('en')}", hint=_hint(where),
        counterexample=slow.counterexample)


def _hint(where: Where) -> Words:
    return where.words("缩短路径上各步骤的时限(例如采用承诺时限),或放宽这个时限;如果它本就依靠部门"
                       "提前办结,用 `suppress` 写明理由", "shorten the steps' limits on that way "
                       "(commitment limits, for example) or lengthen this limit; if it rests on "
                       "offices finishing early by design, say so with `suppress`")


def reasons_undecided(span: Callable[[str], Span], counted: list[str], unit: Unit,
                      result: Timed, explored: Sequence[Explored],
                      people: Applicants) -> list[tuple[str, str]]:
    """Why a time could not be decided, in Chinese and English."""
    reasons = []
    unlimited = [s for s in counted if span(s) == UNKNOWN]
    if unlimited:
        ids = ", ".join(f"`{s}`" for s in unlimited)
        reasons.append((f"{ids} 没有时限(PK403)", f"{ids} has no limit (PK403)"))
    if result.looped:
        reasons.append(("路径上有没有上限的循环(PK206)", "a loop without a bound lies on the way "
                                                 "(PK206)"))
    mixed = [s for s in counted if s not in unlimited and not span(s).exact]
    if mixed:
        other = "自然日" if unit == "working_days" else "工作日"
        other_en = "natural" if unit == "working_days" else "working"
        ids = ", ".join(f"`{s}`" for s in mixed)
        reasons.append((f"{ids} 的时限以{other}计,只能按日历换算成区间",
                        f"{other_en}-day limits ({ids}) convert only to a range"))
    if result.unscheduled:
        reasons.append(("最慢的路径无法在并联分支间排出", "the slowest way could not be "
                                                "scheduled across the regions"))
    if any(e.space.truncated for e in explored):
        reasons.append(("状态空间没有完全探索(PK209)", "the state space was not fully explored "
                                                  "(PK209)"))
    if not people.exact:
        reasons.append(("申请人是抽样的(PK208)", "applicants were sampled (PK208)"))
    return reasons


def _undecided(where: Where, scope: Scope, result: Timed,
               reasons: list[tuple[str, str]]) -> Finding:
    unit = scope.limit.unit
    slow = result.slow
    low = max([slow.time.lo if slow is not None else 0, *(f[0] for f in result.fast.values())])
    high = "∞" if result.upper is None else str(result.upper)
    found = {"zh": f"{low}–{high}", "en": f"{low}–{high}"}
    why = {"zh": ";".join(r[0] for r in reasons), "en": "; ".join(r[1] for r in reasons)}
    return where.finding(
        "PK404", where.at(scope.path), (scope.id,),
        f"无法判定{scope.name('zh')} {scope.limit.describe('zh')}是否够用:最慢的路径需要 "
        f"{found['zh']}个{'工作日' if unit == 'working_days' else '自然日'}({why['zh']})",
        f"cannot decide whether {scope.name('en')} of {scope.limit.describe('en')} holds: the "
        f"slowest way takes {found['en']} {'working' if unit == 'working_days' else 'natural'}"
        f" days ({why['en']})", counterexample=slow.counterexample if slow else None)
