"""Valid policy-kit ids from BPMN ids and names, and ISO 8601 durations as day limits.

Part of load (**load** → …), used by ``translate``. BPMN ids are XML ids
(``_1ae31d1b-2559-…``, ``sid-4f3…``, ``Activity_0x7``, or ``受理申请`` where a modeller typed
the id in Chinese); policy-kit ids are ASCII letters, digits and ``_`` so that guards can
name them (docs/format.md#ids). An id is kept when it is valid, otherwise made valid and
recorded, so the output can say which BPMN element each id stands for. Made valid means
transliterated, not stripped: ``受理申请`` becomes ``shou_li_shen_qing`` (one reading per
character, syllables apart; ``anyascii`` does every script), never ``id`` or ``_1``.
"""

from __future__ import annotations

import math
import re
import unicodedata

__all__ = ["MAX_ID", "Ids", "ascii_text", "days_of", "slug", "word"]

_INVALID = re.compile(r"[^A-Za-z0-9_]+")
_VALID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_DURATION = re.compile(
    r"^P(?:(?P<years>\d+(?:[.,]\d+)?)Y)?(?:(?P<months>\d+(?:[.,]\d+)?)M)?"
    r"(?:(?P<weeks>\d+(?:[.,]\d+)?)W)?(?:(?P<days>\d+(?:[.,]\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:[.,]\d+)?)H)?(?:(?P<minutes>\d+(?:[.,]\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:[.,]\d+)?)S)?)?$")
MAX_ID = 80


def slug(text: str) -> str:
    """``Approve request`` → ``approve_request``; ``""`` when nothing ASCII is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = _INVALID.sub("_", ascii_text.strip().lower()).strip("_")
    if words and words[0].isdigit():
        words = f"n{words}"
    return words[:MAX_ID].rstrip("_")


def word(name: str) -> str:
    """A trigger or outcome word from a name: its ``slug``, unless the name is written in
    another script (``大额(50万元以上)`` leaves ``n50``, which says nothing): then ``""``,
    and the caller names the way otherwise, keeping the name as the way's name."""
    if any(not c.isascii() and unicodedata.category(c).startswith("L") for c in name):
        return ""
    return slug(name)


class Ids:
    """One namespace of ids: each BPMN id gets one valid id, unique, stable on repeat."""

    def __init__(self, reserved: tuple[str, ...] = ()) -> None:
        self.given: dict[str, str] = {}
        self.taken: set[str] = set(reserved)
        self.renamed: dict[str, str] = {}

    def __call__(self, bpmn_id: str) -> str:
        if bpmn_id in self.given:
            return self.given[bpmn_id]
        wanted = bpmn_id if _VALID.match(bpmn_id) and len(bpmn_id) <= MAX_ID else \
            _made_valid(bpmn_id)
        chosen = self.fresh(wanted)
        self.given[bpmn_id] = chosen
        if chosen != bpmn_id:
            self.renamed[bpmn_id] = chosen
        return chosen

    def fresh(self, wanted: str) -> str:
        """``wanted``, or ``wanted_2``, ``wanted_3`` …: the first not yet taken."""
        chosen, number = wanted, 1
        while chosen in self.taken:
            number += 1
            chosen = f"{wanted[:MAX_ID - 4]}_{number}"
        self.taken.add(chosen)
        return chosen


def _made_valid(bpmn_id: str) -> str:
    text = re.sub(r"__+", "_", _INVALID.sub("_", ascii_text(bpmn_id))).strip("_") or "id"
    if text[0].isdigit():
        text = f"_{text}"
    return text[:MAX_ID]


def ascii_text(text: str) -> str:
    """``text`` in ASCII: a letter with a mark loses the mark (``Prüfung`` → ``Prufung``),
    another alphabet is spelled in Latin letters (``Проверка`` → ``Proverka``), and each
    character of a syllabic or ideographic script becomes its syllable in lower case, set
    apart by ``_`` (``审批2`` → ``shen_pi_2``): a run of pinyin without breaks is hard to
    read back, and the script has no spaces to keep."""
    from anyascii import anyascii

    parts = []
    for character in text:
        if character.isascii():
            parts.append(character)
        elif unicodedata.category(character) == "Lo":  # Han, kana, Hangul, Thai, Arabic, …
            parts.append(f"_{anyascii(character).lower()}_")
        else:
            parts.append(anyascii(unicodedata.normalize("NFC", character)))
    return "".join(parts)


def days_of(duration: str) -> tuple[int, bool] | None:
    """Natural days of an ISO 8601 duration, rounded up, and whether that was exact.

    A month counts 30 days and a year 365 (not exact); ``None`` for what is no duration.
    """
    match = _DURATION.match(duration.strip().upper())
    if match is None or not any(match.groupdict().values()):
        return None
    parts = {k: float(v.replace(",", ".")) for k, v in match.groupdict().items() if v}
    days = (parts.get("years", 0) * 365 + parts.get("months", 0) * 30
            + parts.get("weeks", 0) * 7 + parts.get("days", 0)
            + parts.get("hours", 0) / 24 + parts.get("minutes", 0) / 1440
            + parts.get("seconds", 0) / 86400)
    whole = math.ceil(days - 1e-9)
    exact = abs(whole - days) < 1e-9 and not ({"years", "months"} & parts.keys())
    return whole, exact
