"""Explaining one award: a versioned trace (JSON, to archive with the decision) and the same
in words and numbers, the last step of the policy branch of load → check → compile →
simulate → render.

The trace names the exact rules (policy id, version and the file's SHA-256), the exact
applicant data (file, row, SHA-256), every value each rule read, every parameter with the
clause that publishes it, which cap bound, and how the budget rule scaled the amount.
``TRACE_FORMAT`` changes whenever a key changes meaning, so archived traces stay readable.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..expr import Expr, Name
from ..expr.nodes import walk
from ..expr.printer import value_text
from ..model import Lang, Text
from .compiled import Policy
from .compute import Entitlement, RewardLine
from .model import Reference
from .money import from_fen, money, money_json
from .year import Award, YearResult

__all__ = ["TRACE_FORMAT", "explain", "trace"]

TRACE_FORMAT = 1

_RULES = {
    "pro_rata": "each entitlement scaled by budget / demand",
    "rank": "paid in full by rank, highest first; a tied group that does not fit shares "
            "what is left pro rata",
    "first_come": "paid in full by order of arrival; a group arriving together that does "
                  "not fit shares what is left pro rata",
}


def trace(result: YearResult, award: Award) -> dict[str, Any]:
    """The versioned, JSON-ready record of how ``award`` was computed."""
    policy = result.policy
    item = award.entitlement
    values = {**result.parameters.values, **item.applicant.values}
    read: set[str] = set()
    eligibility = []
    for check in item.checks:
        names = _names(check.rule.guard.tree)
        read |= set(names)
        eligibility.append({"id": check.rule.spec.id, "name": _both(check.rule.spec.name),
                            "when": check.rule.guard.text, "holds": check.holds,
                            "values": _read(names, values), **_cite(policy,
                                                                   check.rule.spec.reference),
                            "assumption": check.rule.spec.assumption})
    applied = {line.reward.spec.id: line for line in item.lines}
    rewards = []
    for reward in policy.rewards if item.eligible else ():
        names = _names(reward.when.tree)
        line = applied.get(reward.spec.id)
        if line is not None:
            names += _names(reward.amount.tree)
            names += _names(reward.cap.tree) if reward.cap is not None else []
        read |= set(names)
        rewards.append(_reward(policy, reward.spec.id, line, _read(names, values),
                               reward.when.text))
    if policy.firm_cap is not None and item.eligible:
        read |= set(_names(policy.firm_cap.tree))
    return {
        "trace_format": TRACE_FORMAT,
        "policy": {"id": policy.id, "version": policy.file.version,
                   "title": _both(policy.file.title), "file": str(policy.path),
                   "sha256": policy.digest},
        "process": policy.definition.id,
        "year": result.year,
        "applicant": _applicant(result, item),
        "eligible": item.eligible,
        "eligibility": eligibility,
        "rewards": rewards,
        "firm_cap": _firm_cap(policy, item),
        "before_caps": money_json(item.before_caps),
        "before_allocation": money_json(item.amount),
        "allocation": _allocation(result, award),
        "before_rounding": str(award.before_rounding),
        "amount": money_json(award.amount),
        "parameters": _parameters(result, sorted(read & set(result.parameters.values))),
    }


def _both(text: Text) -> dict[str, str]:
    """A label in both languages, so an archived trace serves either reader."""
    return {"zh": text.pick("zh"), "en": text.pick("en")}


def _names(tree: Expr) -> list[str]:
    """The names a rule reads, in the order they are written."""
    return list(dict.fromkeys(node.id for node in walk(tree) if isinstance(node, Name)))


def _read(names: list[str], values: dict[str, Any]) -> dict[str, Any]:
    return {name: _json(values[name]) for name in names if name in values}


def _json(value: object) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _cite(policy: Policy, reference: Reference) -> dict[str, Any]:
    document = policy.file.references[reference.doc]
    return {"reference": {"doc": reference.doc, "title": _both(document.title),
                          "url": document.url, "clause": reference.clause,
                          "quote": reference.quote}}


def _reward(policy: Policy, reward_id: str, line: RewardLine | None, values: dict[str, Any],
            when: str) -> dict[str, Any]:
    spec = next(r.spec for r in policy.rewards if r.spec.id == reward_id)
    data: dict[str, Any] = {"id": spec.id, "kind": spec.kind, "name": _both(spec.name),
                            "when": when, "applies": line is not None, "values": values}
    if line is not None:
        data.update({"amount_formula": spec.amount, "raw": str(line.raw),
                     "cap_formula": spec.cap,
                     "cap": None if line.cap is None else str(line.cap),
                     "cap_binds": line.cap_binds, "amount": money_json(line.amount)})
    data.update(_cite(policy, spec.reference))
    data["assumption"] = spec.assumption
    return data


def _applicant(result: YearResult, item: Entitlement) -> dict[str, Any]:
    source = result.applicants
    return {"name": item.applicant.name, "row": item.applicant.row or None,
            "file": source.source if source else None,
            "sha256": source.digest if source else None, "note": item.applicant.note or None,
            "values": {k: _json(v) for k, v in item.applicant.values.items()}}


def _firm_cap(policy: Policy, item: Entitlement) -> dict[str, Any] | None:
    if policy.file.firm_cap is None or item.firm_cap is None:
        return None
    return {"formula": policy.file.firm_cap.amount, "value": money_json(item.firm_cap),
            "binds": item.firm_cap_binds, **_cite(policy, policy.file.firm_cap.reference)}


def _allocation(result: YearResult, award: Award) -> dict[str, Any]:
    rule = result.policy.file.allocation
    share = award.share
    return {"method": rule.method, "by": rule.by, "rule": _RULES[rule.method],
            "assumption": rule.assumption, "budget": money_json(result.budget),
            "demand": money_json(result.demand), "budget_binds": result.scaled,
            "scaled": bool(share and share.scaled), "group": share.group if share else None,
            "shared": money_json(from_fen(share.pot)) if share and share.scaled else None,
            "group_demand": money_json(from_fen(share.denominator))
            if share and share.scaled else None,
            "exact_share": str(award.before_rounding),
            "extra_fen": bool(share and share.extra_fen),
            "rounding": "scaled shares are rounded down to the fen; the fen left over go "
                        "one each to the largest remainders"}


def _parameters(result: YearResult, names: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in names:
        period = result.parameters.periods[name]
        parameter = result.policy.file.parameters[name]
        found[name] = {"value": str(period.value), "unit": parameter.unit,
                       "name": _both(parameter.name), "years": period.describe(),
                       **_cite(result.policy, period.reference),
                       "assumption": period.assumption}
    return found


_WORDS: dict[str, tuple[str, str]] = {
    "data": ("申请数据:{0},第 {1} 行", "applicant data: {0}, row {1}"),
    "eligibility": ("资格:", "Eligibility: "),
    "eligible": ("符合", "eligible"),
    "not eligible": ("不符合({0})", "NOT eligible ({0})"),
    "rewards": ("奖励项目:", "Rewards:"),
    "parameters": ("参数:", "Parameters:"),
    "assumption": ("  (假设:{0})", "  (assumption: {0})"),
    "when": ("条件", "when  "),
    "amount": ("金额", "amount"),
    "values": ("取值", "values"),
    "cap": ("上限", "cap   "),
    "paid": ("发放", "paid  "),
    "cap binds": (" — 上限起作用", " — the cap binds"),
    "entitlement": ("应得:{0}(未计上限 {1})", "Entitlement: {0} (before caps {1})"),
    "firm cap": ("  单户上限 {0} = {1}{2}", "  firm cap {0} = {1}{2}"),
    "binds": (" — 起作用", " — binds"),
    "budget": ("{0} 年预算:{1};申请总额 {2};分配规则 `{3}`:{4}",
               "Budget {0}: {1}; demand {2}; rule {3}: {4}"),
    "nothing": ("  应得为零,不参与分配", "  nothing is owed, so nothing is allocated"),
    "full": ("  全额发放", "  paid in full"),
    "extra": (" + 舍入余数中的 0.01", " + 0.01 of the rounding remainder"),
    "scaled": ("  按比例缩减:{0} × 可分配 {1} / 申请 {2} = {3} → 向下取整到分{4}",
               "  scaled: {0} × {1} shared / {2} demanded = {3} → rounded down to the fen{4}"),
    "award": ("奖励:{0} 元", "Award: {0} 元"),
}
"""Every word of an explanation, in Chinese and English (ids, formulas and quotes as they
are)."""
_RULES_ZH = {
    "pro_rata": "各项应得按 预算 / 申请总额 的比例缩减",
    "rank": "按排名从高到低全额发放;放不下的同名次组按比例分享剩余资金",
    "first_come": "按到达先后全额发放;放不下的同批组按比例分享剩余资金",
}


def _word(key: str, lang: Lang, *args: object) -> str:
    zh, en = _WORDS[key]
    return (zh if lang == "zh" else en).format(*args)


def explain(result: YearResult, award: Award, lang: Lang = "zh") -> str:
    """The trace in words and numbers, for the firm or an auditor."""
    data = trace(result, award)
    policy = result.policy
    applicant = data["applicant"]
    lines = [f"{award.name} — {result.year}, {policy.file.title.pick(lang)} "
             f"[{policy.id} {policy.file.version}]"]
    if applicant["file"]:
        note = f" — {applicant['note']}" if applicant["note"] else ""
        lines.append(_word("data", lang, applicant["file"], applicant["row"]) + note)
    lines += ["", _word("eligibility", lang) + (
        _word("eligible", lang) if data["eligible"] else
        _word("not eligible", lang, ", ".join(award.entitlement.failed)))]
    for rule in data["eligibility"]:
        lines.append(f"  {'✔' if rule['holds'] else '✘'} {rule['id']} {rule['name'][lang]}: "
                     f"{rule['when']}"
                     f"   ({_shown(rule['values'])})   [{_where(rule['reference'])}]")
    if data["eligible"]:
        lines += ["", _word("rewards", lang)]
        lines += [text for reward in data["rewards"] for text in _reward_text(reward, lang)]
    lines += _money_text(data, award, result, lang)
    lines += ["", _word("parameters", lang)]
    for name, parameter in data["parameters"].items():
        unit = f" {parameter['unit']}" if parameter["unit"] else ""
        marked = _word("assumption", lang, parameter["assumption"]) \
            if parameter["assumption"] else ""
        lines.append(f"  {name} = {parameter['value']}{unit} ({parameter['years']})   "
                     f"[{_where(parameter['reference'])}]{marked}")
    return "\n".join(lines)


def _reward_text(reward: dict[str, Any], lang: Lang) -> list[str]:
    if not reward["applies"]:
        return [f"  ✘ {reward['id']}: {reward['when']}   ({_shown(reward['values'])})"]
    lines = [f"  ✔ {reward['id']} {reward['name'][lang]}   [{_where(reward['reference'])}]",
             f"      {_word('when', lang)} {reward['when']}",
             f"      {_word('amount', lang)} {reward['amount_formula']} = {reward['raw']}",
             f"      {_word('values', lang)} {_shown(reward['values'])}"]
    if reward["cap_formula"]:
        binds = _word("cap binds", lang) if reward["cap_binds"] else ""
        lines.append(f"      {_word('cap', lang)} {reward['cap_formula']} = {reward['cap']}"
                     f"{binds}")
    lines.append(f"      {_word('paid', lang)} {money(Decimal(reward['amount']))}")
    return lines


def _money_text(data: dict[str, Any], award: Award, result: YearResult,
                lang: Lang) -> list[str]:
    item = award.entitlement
    allocation = data["allocation"]
    lines = ["", _word("entitlement", lang, money(item.amount), money(item.before_caps))]
    if data["firm_cap"]:
        binds = _word("binds", lang) if data["firm_cap"]["binds"] else ""
        lines.append(_word("firm cap", lang, data["firm_cap"]["formula"],
                           money(Decimal(data["firm_cap"]["value"])), binds))
    rule = _RULES_ZH.get(allocation["method"], allocation["rule"]) if lang == "zh" else \
        allocation["rule"]
    lines.append(_word("budget", lang, result.year, money(result.budget),
                       money(result.demand), allocation["method"], rule))
    if award.share is None:
        lines.append(_word("nothing", lang))
    elif not award.share.scaled:
        lines.append(_word("full", lang))
    else:
        share = award.share
        extra = _word("extra", lang) if share.extra_fen else ""
        lines.append(_word("scaled", lang, money(item.amount), money(from_fen(share.pot)),
                           money(from_fen(share.denominator)), allocation["exact_share"],
                           extra))
    lines.append(_word("award", lang, money(award.amount)))
    return lines


def _shown(values: dict[str, Any]) -> str:
    return ", ".join(f"{k} = {value_text(v)}" for k, v in values.items())


def _where(reference: dict[str, Any]) -> str:
    quote = f': "{reference["quote"]}"' if reference["quote"] else ""
    return f"{reference['doc']}, {reference['clause']}{quote}"
