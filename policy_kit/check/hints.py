"""Hints that never make things worse: a suggested fix is checked before it is offered.

Part of load → **check**. A document required before it is provided (PK113) is fixed by
waiting for the step that provides it, ``when: done(P)``, only if every way to the
requiring step passes ``P``; where one does not, following the hint would leave those
cases stuck. So the fix is applied to a copy of the definition (the guards of the ways
into the step, or, inside a region, of its ways on) and the copy is checked again: a
provider is suggested only if the fixed definition is no more stuck than the original
(no new deadlock, trap or endless loop) and no longer needs the document too early. Where
no provider passes, the hint says what would work instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from ..errors import DefinitionError
from ..loader import Definition
from ..resolve import resolve
from .findings import Finding, Words
from .where import Where

__all__ = ["checked_hints"]

STUCK = frozenset({"PK201", "PK202", "PK205"})
"""What a hint must not add: a case stuck, doomed, or circling for ever."""

Recheck = Callable[[Definition], Sequence[Finding]]


def checked_hints(where: Where, findings: list[Finding], recheck: Recheck) -> list[Finding]:
    """``findings`` with each PK113 hint replaced by one whose fix was checked."""
    before: frozenset[tuple[str, tuple[str, ...]]] | None = None
    out = []
    for finding in findings:
        if finding.code != "PK113" or len(finding.ids) != 2:
            out.append(finding)
            continue
        if before is None:
            before = _stuck(findings)
        out.append(replace(finding, hint=_document_hint(where, finding, before, recheck)))
    return out


def _stuck(findings: Sequence[Finding]) -> frozenset[tuple[str, tuple[str, ...]]]:
    return frozenset((f.code, f.ids) for f in findings if f.code in STUCK)


def _document_hint(where: Where, finding: Finding,
                   before: frozenset[tuple[str, tuple[str, ...]]], recheck: Recheck) -> Words:
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
        after = recheck(fixed)
        if any(f.code == "PK113" and f.ids == finding.ids for f in after):
            continue  # waiting there does not bring the document in time
        if _stuck(after) <= before:
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
    transitions = list(process.transitions)
    for index in ways:
        old = transitions[index]
        when = f"({old.when}) and done({provider})" if old.when else f"done({provider})"
        transitions[index] = old.model_copy(update={"when": when})
    changed = process.model_copy(update={"transitions": tuple(transitions)})
    try:
        structure = resolve(changed, definition.source)
    except DefinitionError:
        return None  # a fix that does not even load is no fix
    return replace(definition, process=changed, structure=structure)


def _where_zh(where: Where, state: str) -> str:
    place = where.definition.structure.places[state]
    return f" `{state}` 的去路上" if place.region is not None else f"进入 `{state}` 的转移上"


def _where_en(where: Where, state: str) -> str:
    place = where.definition.structure.places[state]
    return f"`{state}`'s ways on" if place.region is not None else f"the ways into `{state}`"
