"""What travels beside each BPMN element: human documentation and ``pk:`` extension elements.

Part of render (load → … → **render**). BPMN has no place for time limits, clocks, documents
or certificates, so each element carries them twice: as ``documentation`` a modeler shows
to people (in the chosen language), and as ``extensionElements`` in policy-kit's own
namespace that a program can read back without parsing prose.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Literal

from ..loader import Definition
from ..model import Lang, Limit, Stage, Text
from ..structure import Move, Place
from .graph import Extension

__all__ = ["NAMESPACE", "Language", "label", "move_notes", "process_notes", "stage_notes",
           "state_notes", "word"]

Language = Literal["zh", "en", "both"]
"""Names in Chinese, in English, or both (``初审 / Preliminary review``)."""
Notes = tuple[str, tuple[Extension, ...]]
"""A documentation text and the extension elements of one element."""

NAMESPACE = "urn:policy-kit:bpmn:1"
"""The namespace of the ``pk:`` extension elements (a name, not an address)."""

_WORDS: dict[str, dict[Lang, str]] = {
    "limit": {"zh": "时限", "en": "Limit"},
    "first_day": {"zh": "(含首日)", "en": " (the first day counts)"},
    "clock": {"zh": "计时", "en": "Clock"},
    "government": {"zh": "办理时限(政府)", "en": "government"},
    "applicant": {"zh": "申请人(暂停计时)", "en": "applicant (the office's clock stops)"},
    "statutory": {"zh": "法定期间(不计入办理时限)", "en": "statutory (not counted)"},
    "requires": {"zh": "所需材料", "en": "Requires"},
    "provides": {"zh": "产出", "en": "Provides"},
    "rounds": {"zh": "最多进入次数", "en": "At most entered"},
    "outcome": {"zh": "结果", "en": "Outcome"},
    "issues": {"zh": "颁发证照", "en": "Issues"},
    "department": {"zh": "牵头部门", "en": "Lead department"},
}


def label(text: Text | None, fallback: str, lang: Language) -> str:
    """A name in ``lang``, or the id when the file gives none."""
    return text.pick(lang) if text is not None else fallback


def word(words: Mapping[Lang, str], lang: Language) -> str:
    """One of our own words in ``lang``; both joined by `` / `` when they differ."""
    if lang != "both":
        return words[lang]
    return words["zh"] if words["zh"] == words["en"] else f"{words['zh']} / {words['en']}"


def _bilingual(notes: Callable[[Lang], Notes], lang: Language) -> Notes:
    """Documentation in one language, or the Chinese and then the English."""
    if lang != "both":
        return notes(lang)
    chinese, extensions = notes("zh")
    english, _ = notes("en")
    return "\n\n".join(text for text in (chinese, english) if text), extensions


def _line(key: str, value: str, lang: Lang) -> str:
    separator = ":" if lang == "zh" else ": "
    return f"{_WORDS[key][lang]}{separator}{value}"


def _limit_text(limit: Limit, lang: Lang) -> str:
    text = limit.describe(lang)
    return text + (_WORDS["first_day"][lang] if limit.counts_first_day else "")


def _limit_extension(limit: Limit) -> Extension:
    attributes = [(limit.unit.replace("_days", "Days"), str(limit.days)),
                  ("countsFirstDay", "true" if limit.counts_first_day else "false")]
    if limit.reference:
        attributes.append(("reference", limit.reference))
    return ("limit", tuple(attributes))


def _names(definition: Definition, kind: str, ids: Iterable[str], lang: Lang) -> str:
    catalogue = {item.id: item.name for item in getattr(definition.process, kind)}
    separator = "、" if lang == "zh" else ", "
    return separator.join(label(catalogue.get(i), i, lang) for i in ids)


def _state_notes(definition: Definition, place: Place, lang: Lang) -> Notes:
    state = place.state
    lines: list[str] = []
    if state.description is not None:
        lines.append(state.description.pick(lang))
    attributes = [("ref", state.id), ("kind", state.kind)]
    extensions: list[Extension] = []
    if state.kind == "final":
        if state.outcome is not None:
            lines.append(_line("outcome", state.outcome, lang))
            attributes.append(("outcome", state.outcome))
    else:
        attributes.append(("clock", state.effective_clock))
        if state.kind != "decision":
            lines.append(_line("clock", _WORDS[state.effective_clock][lang], lang))
    if state.actor is not None:
        attributes.append(("actor", state.actor))
    attributes.extend((key, value) for key, value in (
        ("department", place.department), ("stage", place.stage.id if place.stage else None),
        ("region", place.region.id if place.region else None)) if value is not None)
    if state.max_rounds is not None:
        attributes.append(("maxRounds", str(state.max_rounds)))
        lines.append(_line("rounds", str(state.max_rounds), lang))
    if state.limit is not None:
        lines.append(_line("limit", _limit_text(state.limit, lang), lang))
        extensions.append(_limit_extension(state.limit))
    for key in ("requires", "provides"):
        documents: tuple[str, ...] = getattr(state, key)
        if documents:
            lines.append(_line(key, _names(definition, "documents", documents, lang), lang))
            extensions.extend((key, (("document", d),)) for d in documents)
    return "\n".join(lines), (("state", tuple(attributes)), *extensions)


def _move_notes(definition: Definition, move: Move, lang: Lang) -> Notes:
    attributes = [("index", str(move.index)), ("trigger", move.trigger), ("event", move.event)]
    if move.default:
        attributes.append(("default", "true"))
    if move.guard is not None:
        attributes.append(("when", move.guard.text))
    extensions: list[Extension] = [("transition", tuple(attributes))]
    extensions.extend(("issues", (("certificate", c),)) for c in move.issues)
    text = ""
    if move.issues:
        text = _line("issues", _names(definition, "certificates", move.issues, lang), lang)
    return text, tuple(extensions)


def _stage_notes(definition: Definition, stage: Stage, lang: Lang) -> Notes:
    lines: list[str] = []
    attributes = [("ref", stage.id), ("concurrent", "true" if stage.concurrent else "false")]
    extensions: list[Extension] = []
    if stage.department is not None:
        attributes.append(("department", stage.department))
        lines.append(_line("department",
                           _names(definition, "departments", (stage.department,), lang), lang))
    if stage.limit is not None:
        lines.append(_line("limit", _limit_text(stage.limit, lang), lang))
        extensions.append(_limit_extension(stage.limit))
    return "\n".join(lines), (("stage", tuple(attributes)), *extensions)


def _process_notes(definition: Definition, variable: str, lang: Lang) -> Notes:
    process = definition.process
    lines = [process.description.pick(lang)] if process.description is not None else []
    extensions: list[Extension] = [("process", (
        ("ref", process.id), ("format", str(process.format)), ("calendar", process.calendar),
        ("choiceVariable", variable)))]
    if process.limit is not None:
        lines.append(_line("limit", _limit_text(process.limit, lang), lang))
        extensions.append(_limit_extension(process.limit))
    for name, attribute in process.attributes.items():
        # the declaration as the definition file writes it, so an import can restore it
        spec = json.dumps(attribute.model_dump(mode="json", exclude_none=True,
                                               exclude_defaults=True, by_alias=True),
                          ensure_ascii=False, sort_keys=True)
        extensions.append(("attribute", (("name", name), ("spec", spec))))
    for department in process.departments:
        extensions.append(("department", (("ref", department.id),
                                          ("name", department.name.pick(lang)))))
    for document in process.documents:
        extensions.append(("document", (("ref", document.id),
                                        ("name", document.name.pick(lang)),
                                        ("fromApplicant",
                                         "true" if document.from_applicant else "false"))))
    return "\n".join(lines), tuple(extensions)


def state_notes(definition: Definition, place: Place, lang: Language) -> Notes:
    """Documentation and extensions of the node standing for ``place``'s state."""
    return _bilingual(partial(_state_notes, definition, place), lang)


def move_notes(definition: Definition, move: Move, lang: Language) -> Notes:
    """Documentation and extensions of the sequence flow a move becomes."""
    return _bilingual(partial(_move_notes, definition, move), lang)


def stage_notes(definition: Definition, stage: Stage, lang: Language) -> Notes:
    """Documentation and extensions of the group that stands for ``stage``."""
    return _bilingual(partial(_stage_notes, definition, stage), lang)


def process_notes(definition: Definition, variable: str, lang: Language) -> Notes:
    """Documentation and extensions of the process: its id, calendar and promised total."""
    return _bilingual(partial(_process_notes, definition, variable), lang)
