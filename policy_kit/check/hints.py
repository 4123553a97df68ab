"""Hints that never make things worse: a suggested fix is checked before it is offered.

Part of load → **check**. A hint that tells a designer to change the definition is applied
to a copy of it in memory (``fixes``) and the copy is checked again; the fix is offered
only if its finding is gone and nothing new is found (time limits and provenance aside: a
bounded loop lets time limits be added up, and a fix's own numbers have no source yet).

- A deadlock (PK201) at a guard that stays false: the guard without its false parts (of
  an ``and``, the operands that hold there; else no guard at all), for each blocking
  guard in turn.
- A loop without a bound (PK206): ``max_rounds`` on the wait in the loop, else on each of
  its states in turn (checked with two rounds: once they are used up, is any case stuck?).
- A document required before it is provided (PK113): waiting for a step that provides
  it, ``when: done(P)``, on the ways into the requiring step (inside a region, on its ways
  on); it must no longer need the document too early and leave no case more stuck.

Where no fix passes, the hint says so and what would work instead. Each fix tried is one
more check of the definition, so a file is allowed ``MAX_CHECKS`` of them; past that, the
hints say what is wrong and that no fix was checked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from ..loader import Definition
from .catalogue import CATALOGUE
from .causes import Blocked, left_states, stuck_at
from .findings import Finding, Words
from .fixes import relaxed, with_guards, with_rounds
from .where import Where

__all__ = ["ROUNDS_CHECKED", "checked_hints"]

STUCK = frozenset({"PK201", "PK202", "PK205"})
"""What a hint must not add: a case stuck, doomed, or circling for ever."""
UNCOUNTED = frozenset({"timing", "provenance"})
"""Groups of findings a fix may change without making things worse."""
ROUNDS_CHECKED = 2
"""The ``max_rounds`` a PK206 fix is checked with (the rules' own number is the
designer's: any bound leaves the same situations once it is used up)."""
MAX_TRIES = 4
"""Fixes tried per finding, each one more check of the definition."""
MAX_CHECKS = 16
"""Fixes tried per definition: a file with many deadlocks is not checked again without
end (the hints past this say what is wrong, and that no fix was checked)."""

Recheck = Callable[[Definition], Sequence[Finding]]
Key = tuple[str, tuple[str, ...]]


def checked_hints(where: Where, known: Sequence[Finding], findings: list[Finding],
                  recheck: Recheck) -> list[Finding]:
    """``findings`` with the hints of PK113, PK201 and PK206 replaced by checked ones;
    ``known`` are the definition's other findings (a fix must not add to them either)."""
    trial = _Trial(where, [*known, *findings], recheck)
    out = []
    for finding in findings:
        if finding.code == "PK113" and len(finding.ids) == 2:
            finding = replace(finding, hint=_document_hint(where, finding, trial))
        elif finding.code == "PK201" and finding.counterexample is not None:
            finding = replace(finding, hint=_deadlock_hint(where, finding, trial))
        elif finding.code == "PK206" and not _accepted(where, finding):
            finding = replace(finding, hint=_loop_hint(where, finding, trial))
        out.append(finding)
    return out


class _Trial:
    """The findings before any fix, and the test a fix must pass."""

    def __init__(self, where: Where, before: Sequence[Finding], recheck: Recheck) -> None:
        self.where = where
        self.before = frozenset(_key(f) for f in before if _counted(f))
        self.stuck = frozenset(_key(f) for f in before if f.code in STUCK)
        self._recheck = recheck
        self.left = MAX_CHECKS

    def recheck(self, fixed: Definition) -> Sequence[Finding] | None:
        """The findings of ``fixed``, or None once the checks allowed are spent."""
        if self.left <= 0:
            return None
        self.left -= 1
        return self._recheck(fixed)

    def mends(self, finding: Finding, fixed: Definition | None) -> bool | None:
        """Whether ``fixed`` no longer has ``finding`` and has nothing new (None: not
        checked, the checks allowed are spent)."""
        if fixed is None:
            return False
        found = self.recheck(fixed)
        if found is None:
            return None
        after = {_key(f) for f in found if _counted(f)}
        return _key(finding) not in after and after <= self.before


def _accepted(where: Where, finding: Finding) -> bool:
    """A warning the authors suppress: they accept it as it is, so no fix is tried."""
    return any(entry.code == finding.code and entry.id in finding.ids
               for entry in where.definition.process.suppress)


def _key(finding: Finding) -> Key:
    return finding.code, finding.ids


def _counted(finding: Finding) -> bool:
    return CATALOGUE[finding.code].group not in UNCOUNTED


def _deadlock_hint(where: Where, finding: Finding, trial: _Trial) -> Words | None:
    """For a deadlock at guards that stay false: the first relaxed guard that mends it."""
    example = finding.counterexample
    assert example is not None
    blocked = stuck_at(where.definition.structure, example)
    if not blocked:
        return finding.hint
    left = left_states(example)
    for each in blocked[:MAX_TRIES]:
        guard = each.move.guard
        assert guard is not None
        new = relaxed(guard, example.applicant, left)
        mended = trial.mends(finding, with_guards(where.definition, {each.move.index: new}))
        if mended is None:
            return _unchecked(_reason(where, blocked[0]))
        if mended:
            return _relax_words(where, each, new)
    reason = _reason(where, blocked[0])
    return Words(reason.zh + ";只放宽这个条件也不能解决(已验证):为这种情况另设一条出路"
                 "(例如不予办理)",
                 reason.en + "; relaxing it alone does not help (checked): give such cases "
                 "a way on of their own (a refusal, say)")


def _unchecked(reason: Words) -> Words:
    return Words(f"{reason.zh}(本文件的问题太多,没有逐一验证修正办法)",
                 f"{reason.en} (no fix was checked: this file has too many findings to check "
                 "each one)")


def _reason(where: Where, blocked: Blocked) -> Words:
    when = blocked.move.transition.when
    never = [s for s, held in blocked.done if not held]
    if never:
        waits = ", ".join(f"`{s}`" for s in never)
        return where.words(f"`when: {when}` 等待的 {waits} 在这条路上从未办过",
                           f"`when: {when}` waits for {waits}, which this way never passes")
    return where.words(f"`when: {when}` 在这里已经不可能成立",
                       f"`when: {when}` can no longer hold here")


def _relax_words(where: Where, blocked: Blocked, new: str | None) -> Words:
    reason = _reason(where, blocked)
    checked = ("(已验证:案件不再卡在这里,也没有新的问题)",
               " (checked: no case gets stuck here any more, and nothing new is found)")
    move = blocked.move
    way = f"`{move.source}` --{move.trigger}--> `{move.target}`"
    if new is None:
        return Words(f"{reason.zh}:去掉 {way} 的这个条件{checked[0]}",
                     f"{reason.en}: drop it from {way}{checked[1]}")
    return Words(f"{reason.zh}:把 {way} 的条件改为 `when: {new}`{checked[0]}",
                 f"{reason.en}: write `when: {new}` on {way} instead{checked[1]}")


def _loop_hint(where: Where, finding: Finding, trial: _Trial) -> Words | None:
    """For a loop without a bound: ``max_rounds`` where it leaves no case stuck."""
    places = where.definition.structure.places
    states = [s for s in finding.ids if s in places]
    waits = [s for s in states if places[s].state.kind == "wait"]
    for state in list(dict.fromkeys([*waits, *states]))[:MAX_TRIES]:
        mended = trial.mends(finding, with_rounds(where.definition, state, ROUNDS_CHECKED))
        if mended is None:
            return _unchecked(where.words("循环没有上限", "nothing bounds the loop"))
        if mended:
            return where.words(
                f"在 `{state}` 上设 `max_rounds`,取规定允许的轮数(已验证:轮数用完后没有"
                "案件卡住,也没有新的问题)",
                f"set `max_rounds` on `{state}`, the rounds the rules allow (checked: once "
                "they are used up, no case is stuck and nothing new is found)")
    return where.words(
        "在循环的任何状态上设 `max_rounds` 都会让轮数用完的案件卡住(已验证):先为那时的案件"
        "设一条出路(例如不予办理),再设 `max_rounds`",
        "`max_rounds` on any state of the loop would leave cases stuck once the rounds are "
        "used up (checked): first give them a way on for that moment (a refusal, say), then "
        "set `max_rounds`")


def _document_hint(where: Where, finding: Finding, trial: _Trial) -> Words:
    document, state = finding.ids
    structure = where.definition.structure
    providers = sorted(p.id for p in structure.places.values() if document in p.state.provides)
    if not providers:
        return where.words("让前面的某一步 `provides` 它,或在材料上写 `from_applicant: true`",
                           "have an earlier step `provides` it, or mark the document "
                           "`from_applicant: true`")
    ways = _ways(where.definition, state)
    stuck_by_waiting = False
    for provider in providers if ways else []:
        fixed = _with_wait(where.definition, ways, provider)
        if fixed is None:
            continue
        after = trial.recheck(fixed)
        if after is None:
            break
        if any(_key(f) == _key(finding) for f in after):
            continue  # waiting there does not bring the document in time
        if {_key(f) for f in after if f.code in STUCK} <= trial.stuck:
            return where.words(
                f"在{_where_zh(where, state)}加上 `when: done({provider})` 等待它(已验证:"
                "这样不会让案件卡住),或调整顺序",
                f"wait for it with `when: done({provider})` on {_where_en(where, state)} "
                "(checked: no case gets stuck by it), or reorder the steps")
        stuck_by_waiting = True
    givers = ", ".join(f"`{p}`" for p in providers)
    if stuck_by_waiting:
        return where.words(
            f"不是每条通往 `{state}` 的路都经过 {givers}:等待它会让走其他路的案件卡住;改为在"
            f"每条路都经过的步骤上提供 {document}(`provides`),或写 `from_applicant: true`",
            f"not every way to `{state}` passes {givers}: waiting for it would leave the cases "
            f"on the other ways stuck; provide {document} at a step every way passes "
            "(`provides`), or mark it `from_applicant: true`")
    return where.words(
        f"调整顺序,让 {givers} 在 `{state}` 之前提供 {document},或写 `from_applicant: true`",
        f"reorder the steps so that {givers} provides {document} before `{state}`, or mark "
        "it `from_applicant: true`")


def _ways(definition: Definition, state: str) -> tuple[int, ...]:
    """The transitions that would wait: into ``state`` (an office takes a case with its
    documents), or, inside a region, its ways on within the region."""
    structure = definition.structure
    place = structure.places[state]
    if place.region is None:
        return tuple(sorted({m.index for m in structure.moves
                             if state in m.entry and m.source != state}))
    region = {s.id for s in place.region.states}
    return tuple(sorted({m.index for m in structure.moves_from.get(state, ())
                         if not m.join and m.entry and m.entry[0] in region}))


def _with_wait(definition: Definition, ways: tuple[int, ...], provider: str,
               ) -> Definition | None:
    process = definition.process
    guards = {}
    for index in ways:
        old = process.transitions[index].when
        guards[index] = f"({old}) and done({provider})" if old else f"done({provider})"
    return with_guards(definition, guards)


def _where_zh(where: Where, state: str) -> str:
    place = where.definition.structure.places[state]
    return f" `{state}` 的去路上" if place.region is not None else f"进入 `{state}` 的转移上"


def _where_en(where: Where, state: str) -> str:
    place = where.definition.structure.places[state]
    return f"`{state}`'s ways on" if place.region is not None else f"the ways into `{state}`"
