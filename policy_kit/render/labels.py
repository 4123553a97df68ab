"""The words a diagram prints, in Chinese, English or both: names, clocks, limits, guards.

Part of render: the one place that decides how a fact of the definition reads on a
picture, so the Graphviz and Mermaid drawings say the same thing in the same words.
"""

from __future__ import annotations

import re
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
    "off_scale": ("非政府计时,不着色", "off the government clock"),
    "scale_government": ("底色:平均耗时(政府计时,工作日)",
                         "fill: mean time (government clock, working days)"),
    "scale_elapsed": ("底色:平均耗时(经过时间,工作日)",
                      "fill: mean time (elapsed, working days)"),
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

_AFTER = " 、,，·;；/:："
"""A line may end after these (the mark stays at the end of the line)."""
_BEFORE = "(（[《"
"""A line may start with these (a bracketed note moves down whole)."""
_NOT_FIRST = ")）]》、,，。;；:：·!！?？%"
_WORDS = ("审查", "审批", "许可", "核发", "登记", "备案", "验收", "核准", "核实", "方案",
          "项目", "工程", "设计", "手续", "申请", "材料", "报告", "管理", "安全", "监督",
          "检查", "研判", "采集", "联审", "公示", "评审", "兑现", "补正", "受理", "出件",
          "民用", "建筑", "使用权", "水土", "质量", "国有", "企业", "奖励", "资金", "名单")
"""Words of approval names that a line may start with: without a segmenter, a break
before one of these falls between words ("施工图设计文件 / 审查"), not inside one."""
_TOKEN = re.compile(r"[A-Za-z0-9_.\-]+|.", re.S)


def wrap(text: str, width: float = TITLE_WIDTH) -> list[str]:
    """Break ``text`` into balanced lines of at most about ``width`` (CJK = 1, others ≈
    0.55): as many lines as needed, each about as long, broken between words: after a
    space or a list mark, before a bracket or a known word, never inside a Latin word or
    an id, never before a closing mark; between other Chinese characters only when no
    better place is near."""
    total = _width(text)
    if total <= width:
        return [text]
    count = int(-(-total // width))
    target = total / count
    tokens = _TOKEN.findall(text)
    lines: list[str] = []
    while tokens and len(lines) < count - 1:
        cut = _best_cut(tokens, target, width)
        if cut is None:
            break
        lines.append("".join(tokens[:cut]).strip())
        tokens = tokens[cut:]
    rest = "".join(tokens).strip()
    return [line for line in [*lines, rest] if line]


def _best_cut(tokens: list[str], target: float, width: float) -> int | None:
    """Where the next line ends: the allowed break nearest ``target``, a good break (a
    space, a list mark, a bracket, a known word) counting as if 2.5 characters nearer."""
    best: tuple[float, int] | None = None
    used = 0.0
    for i in range(1, len(tokens)):
        used += _width(tokens[i - 1])
        if used > width * 1.3:
            break
        after, before = tokens[i - 1], tokens[i]
        if before[:1] in _NOT_FIRST or after[-1:] in _BEFORE or before == " ":
            continue
        if not _breakable(after, before):
            continue
        good = (after[-1:] in _AFTER or before[:1] in _BEFORE
                or any("".join(tokens[i:i + 3]).startswith(w) for w in _WORDS))
        score = abs(used - target) - (2.5 if good else 0.0)
        if used < target * 0.5:
            continue
        if best is None or score < best[0]:
            best = (score, i)
    return best[1] if best is not None else None


def _breakable(after: str, before: str) -> bool:
    """Between two Latin words only at a space; anywhere next to a Chinese character."""
    if after.isspace() or before.isspace():
        return True
    return _width(after[-1]) == 1.0 or _width(before[0]) == 1.0 or after[-1:] in _AFTER


def _width(text: str) -> float:
    return sum(1.0 if ord(c) > 0x2E7F else 0.55 for c in text)
