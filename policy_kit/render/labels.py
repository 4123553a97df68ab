"""The words a diagram prints, in Chinese, English or both: names, clocks, limits, guards.

Part of render: the one place that decides how a fact of the definition reads on a
picture, so the Graphviz and Mermaid drawings say the same thing in the same words.
"""

from __future__ import annotations

from typing import Literal

from ..model import Limit, State, Text

__all__ = ["DiagramLang", "Words", "shorten"]

DiagramLang = Literal["zh", "en", "both"]

_CLOCK = {
    "government": ("政府计时", "government clock"),
    "applicant": ("申请人计时", "applicant's clock"),
    "statutory": ("法定期间·不计时限", "statutory period"),
}
_ACTOR = {"applicant": ("申请人办理", "by the applicant"),
          "agent": ("帮办代办", "by a service agent")}
_PHRASES = {
    "concurrent": ("并联审批", "in parallel"),
    "lead": ("牵头", "lead"),
    "limit": ("时限", "limit"),
    "legend": ("图例", "Legend"),
    "departments": ("部门", "Departments"),
    "none": ("未指定部门", "no department"),
    "task": ("办理事项", "task"),
    "decision": ("判断", "decision"),
    "wait": ("等待", "wait"),
    "final": ("结束", "end"),
    "fork_join": ("并联开始 / 汇合", "fork / join"),
    "key_concurrent": ("并联审批 · 并联开始 / 汇合", "in parallel · fork / join"),
    "key_government": ("政府计时 (实线框)", "government clock (solid border)"),
    "key_applicant": ("申请人计时 (虚线框)", "applicant's clock (dashed border)"),
    "key_statutory": ("法定期间·不计时限 (点线框)", "statutory period (dotted border)"),
    "certificate": ("发证", "certificate issued"),
    "steps": ("个事项", "steps"),
    "path": ("办理路径", "path taken"),
    "heat": ("热度:线宽=通过次数,底色=平均耗时", "heat: width = times taken, fill = mean time"),
    "bottleneck": ("瓶颈", "bottleneck"),
    "reached": ("到达", "reached"),
    "mean": ("平均", "mean"),
    "days": ("工作日", "working days"),
    "per_case": ("次/件", "per case"),
}

GUARD_ON_EDGE = 32
"""Characters of a guard shown on an arrow; the whole guard goes in the SVG tooltip."""


def shorten(text: str, limit: int = GUARD_ON_EDGE) -> str:
    """Cut ``text`` at a word boundary near ``limit`` and mark the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip() + " …"


class Words:
    """Labels in one language setting (``both`` puts Chinese first, English after)."""

    def __init__(self, lang: DiagramLang) -> None:
        self.lang = lang

    def pair(self, zh: str, en: str) -> str:
        if self.lang == "zh":
            return zh
        if self.lang == "en":
            return en
        return zh if zh == en else f"{zh} / {en}"

    def phrase(self, key: str) -> str:
        return self.pair(*_PHRASES[key])

    def name(self, text: Text | None, fallback: str) -> tuple[str, str | None]:
        """(title, subtitle): with ``both``, the English name is a second line."""
        if text is None:
            return fallback, None
        if self.lang == "both":
            zh, en = text.pick("zh"), text.pick("en")
            return zh, (en if en != zh else None)
        return text.pick(self.lang), None

    def flat(self, text: Text | None, fallback: str) -> str:
        return text.pick(self.lang) if text is not None else fallback

    def limit(self, limit: Limit | None) -> str | None:
        if limit is None:
            return None
        return self.pair(limit.describe("zh"), limit.describe("en"))

    def clock(self, state: State) -> str:
        return self.clock_word(state.effective_clock)

    def clock_word(self, clock: str) -> str:
        return self.pair(*_CLOCK[clock])

    def state_details(self, state: State) -> tuple[str, ...]:
        """Time limit and clock on one line, and who acts when it is not the office.

        The office's own clock is the usual case and is told by a solid border (see the
        legend); the applicant's and the statutory clocks are also written out.
        """
        if state.kind in ("final", "decision"):
            return ()
        clock = self.clock(state) if state.effective_clock != "government" else None
        parts = [p for p in (self.limit(state.limit), clock) if p]
        lines = [" · ".join(parts)] if parts else []
        if state.actor in _ACTOR:
            lines.append(self.pair(*_ACTOR[state.actor]))
        if state.max_rounds:
            lines.append(self.pair(f"至多{state.max_rounds}次", f"at most {state.max_rounds}×"))
        return tuple(lines)

    def stage_details(self, limit: Limit | None, lead: str | None) -> tuple[str, ...]:
        parts = []
        if lead:
            parts.append(f"{self.phrase('lead')}: {lead}")
        described = self.limit(limit)
        if described:
            parts.append(f"{self.phrase('limit')} {described}")
        return (" · ".join(parts),) if parts else ()


TITLE_WIDTH = 10.0
"""Width of a name's line in CJK characters (Latin letters count about half): long
Chinese names wrap instead of making every box, and so every region, wider."""

_BREAKS = " 、,,·;;/"


def wrap(text: str, width: float = TITLE_WIDTH) -> list[str]:
    """Break ``text`` into balanced lines of at most about ``width`` (CJK = 1, others ≈
    0.55): as many lines as needed, each about as long, cut at a space or punctuation
    when one is near, so that no line is left with a single character."""
    total = _width(text)
    if total <= width:
        return [text]
    count = int(-(-total // width))
    target = total / count
    lines: list[str] = []
    line = ""
    for char in text:
        line += char
        if _width(line) >= target and len(lines) < count - 1:
            cut = max(max(line.rfind(b) for b in _BREAKS) + 1,
                      max(line.rfind(b) for b in "(("))
            if cut >= len(line) - 3 and cut > 0:
                lines.append(line[:cut].strip())
                line = line[cut:]
            elif " " not in text:
                lines.append(line)
                line = ""
    if line.strip():
        lines.append(line.strip())
    for i in range(1, len(lines)):  # no line starts with a comma
        while lines[i][:1] in _BREAKS and lines[i][:1].strip():
            lines[i - 1] += lines[i][0]
            lines[i] = lines[i][1:]
    return [line for line in lines if line]


def _width(text: str) -> float:
    return sum(1.0 if ord(c) > 0x2E7F else 0.55 for c in text)
