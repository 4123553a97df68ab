"""A policy year as an aligned table for a terminal (the render end of load → check →
compile → simulate → render for policies): what ``policy-kit award`` prints.

Written as a stream of lines in two passes over the awards: the first measures every
column, the second writes each row and forgets it. A table of 200,000 applicants never
exists in memory as a whole (it took 200 MB as a list of rows), and amounts are measured
by their largest value, since ``1,234.00`` is never wider than the format of a larger
non-negative amount.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..model import Lang
from ..textwidth import columns, pad
from .money import money
from .year import Award, YearResult

__all__ = ["award_table"]

_WORDS: dict[str, tuple[str, str]] = {
    "applicant": ("申请单位", "applicant"),
    "figures": ("数据", "figures"),
    "eligibility": ("资格", "eligibility"),
    "before allocation": ("分配前", "before allocation"),
    "award": ("奖励", "award"),
    "total": ("合计", "total"),
    "yes": ("符合", "yes"),
    "yes, none": ("符合,无适用奖励", "yes, no reward applies"),
    "no": ("不符合:", "no: "),
    "illustrative": ("示例*", "illustrative*"),
    "as filed": ("申报数", "as filed"),
    "applicants": ("申请名单", "applicants"),
    "budget": ("预算", "budget"),
    "paid": ("发放", "paid"),
    "left": ("结余", "left"),
    "binds": ("预算不足:按 `{method}` 规则缩减", "the budget binds: shares scaled by {method}"),
    "free": ("预算充足:每项应得金额全额发放", "the budget does not bind: every entitlement "
             "paid in full"),
    "footnote": ("* 示例:该行数据未公开,由建模者选定(见备注和 --explain),其金额只用于说明规则,"
                 "不是公布的奖励金额",
                 "* illustrative: the row's figures are not published; the modeller chose "
                 "them (see its note and --explain), so its amounts illustrate the rules and "
                 "are not a published award"),
}
"""Every word of the table in Chinese and English (ids and numbers are not translated)."""


def _word(key: str, lang: Lang) -> str:
    zh, en = _WORDS[key]
    return zh if lang == "zh" else en


def award_table(result: YearResult, lang: Lang) -> Iterator[str]:
    """The lines of the table of ``result``, headed by the policy and the applicant file."""
    return _Table(result, lang).lines()


class _Table:
    def __init__(self, result: YearResult, lang: Lang) -> None:
        self.result = result
        self.lang = lang
        policy = result.policy
        self.used = [r.spec.id for r in policy.rewards
                     if any(line.reward.spec.id == r.spec.id for a in result.awards
                            for line in a.entitlement.lines)]
        self.slot = {reward: index for index, reward in enumerate(self.used)}
        self.marked = any(a.entitlement.applicant.illustrative for a in result.awards)
        self.figures = {True: _word("illustrative", lang), False: _word("as filed", lang)}
        self.statuses: dict[tuple[str, ...] | bool, str] = {}

    def status(self, award: Award) -> str:
        item = award.entitlement
        key: tuple[str, ...] | bool = item.failed or bool(item.lines)
        found = self.statuses.get(key)
        if found is None:
            found = _word("no", self.lang) + ", ".join(item.failed) if item.failed else (
                _word("yes", self.lang) if item.lines else _word("yes, none", self.lang))
            self.statuses[key] = found
        return found

    def header(self) -> list[str]:
        lang = self.lang
        return [_word("applicant", lang), *([_word("figures", lang)] if self.marked else []),
                _word("eligibility", lang), *self.used, _word("before allocation", lang),
                _word("award", lang)]

    def widths(self) -> list[int]:
        """Every column's width, in terminal columns, from one pass over the awards."""
        result = self.result
        name = max((columns(a.name) for a in result.awards), default=0)
        status = max((columns(self.status(a)) for a in result.awards), default=0)
        rewards = [Decimal(0)] * len(self.used)
        for award in result.awards:
            for line in award.entitlement.lines:
                index = self.slot[line.reward.spec.id]
                rewards[index] = max(rewards[index], line.amount)
        figures = [max(columns(f) for f in self.figures.values())] if self.marked else []
        body = [max(name, columns(_word("total", self.lang))), *figures, status,
                *(len(money(amount)) for amount in rewards),
                len(money(result.demand)), len(money(result.total))]
        return [max(w, columns(h)) for w, h in zip(body, self.header(), strict=True)]

    def lines(self) -> Iterator[str]:
        result, lang = self.result, self.lang
        policy = result.policy
        source = result.applicants.source if result.applicants else "-"
        yield f"{policy.file.title.pick(lang)}  [{policy.id} {policy.file.version}]  " \
              f"{result.year}"
        yield f"{_word('applicants', lang)}: {source} ({len(result.awards)})"
        yield ""
        widths = self.widths()
        lead = 3 if self.marked else 2
        rule = "  ".join("-" * w for w in widths)
        yield _line(self.header(), widths, lead, wide=True)
        yield rule
        yield from _rows_of(self, widths, lead)
        yield rule
        yield _line([_word("total", lang), *([""] if self.marked else []), "",
                     *([""] * len(self.used)), money(result.demand), money(result.total)],
                    widths, lead)
        yield ""
        scaled = _word("binds", lang).format(method=policy.file.allocation.method) \
            if result.scaled else _word("free", lang)
        yield (f"{_word('budget', lang)} {money(result.budget)} · {_word('paid', lang)} "
               f"{money(result.total)} · {_word('left', lang)} {money(result.left)} · "
               f"{scaled}")
        if self.marked:
            yield _word("footnote", lang)


def _rows_of(table: _Table, widths: list[int], lead: int) -> Iterator[str]:
    """The body's lines, one per award: ``_line``'s layout, with what every row shares
    (the gaps, the width of each status and figure) worked out once."""
    texts = widths[:lead]
    amounts = widths[lead:]
    empty = ["-".rjust(width) for width in amounts[:len(table.used)]]
    slot = table.slot
    name_width, status_width = texts[0], texts[-1]
    entitled_width, award_width = amounts[-2:]
    marked = table.marked
    figures = {flag: pad(text, texts[1]) for flag, text in table.figures.items()}
    statuses: dict[str, str] = {}
    for award in table.result.awards:
        item = award.entitlement
        cells = list(empty)
        for line in item.lines:
            index = slot[line.reward.spec.id]
            cells[index] = money(line.amount).rjust(amounts[index])
        status = table.status(award)
        padded = statuses.get(status)
        if padded is None:
            padded = statuses[status] = pad(status, status_width)
        name = award.name
        head = [name + " " * (name_width - columns(name))]
        if marked:
            head.append(figures[item.applicant.illustrative])
        head.append(padded)
        yield "  ".join(head + cells + [money(item.amount).rjust(entitled_width),
                                        money(award.amount).rjust(award_width)])


def _line(cells: list[str], widths: list[int], lead: int, wide: bool = False) -> str:
    """Text columns (the first ``lead``) left-aligned, amounts right-aligned; amounts are
    ASCII (``str.rjust`` counts them right) except in the header (``wide``)."""
    out = [text + " " * (width - columns(text))
           for text, width in zip(cells[:lead], widths[:lead], strict=True)]
    if wide:
        out += [" " * (width - columns(text)) + text
                for text, width in zip(cells[lead:], widths[lead:], strict=True)]
    else:
        out += [text.rjust(width) for text, width in zip(cells[lead:], widths[lead:],
                                                          strict=True)]
    return "  ".join(out)
