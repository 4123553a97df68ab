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


def explain(result: YearResult, award: Award, lang: Lang = "zh") -> str:
    """The trace in words and numbers, for the firm or an auditor."""
    data = trace(result, award)
    policy = result.policy
    applicant = data["applicant"]
    lines = [f"{award.name} — {result.year}, {policy.file.title.pick(lang)} "
             f"[{policy.id} {policy.file.version}]"]
    if applicant["file"]:
        note = f" — {applicant['note']}" if applicant["note"] else ""
        lines.append(f"applicant data: {applicant['file']}, row {applicant['row']}{note}")
    lines += ["", "Eligibility: " + ("eligible" if data["eligible"] else
                                     "NOT eligible (" + ", ".join(award.entitlement.failed)
                                     + ")")]
    for rule in data["eligibility"]:
        lines.append(f"  {'✔' if rule['holds'] else '✘'} {rule['id']} {rule['name'][lang]}: "
                     f"{rule['when']}"
                     f"   ({_shown(rule['values'])})   [{_where(rule['reference'])}]")
    if data["eligible"]:
        lines += ["", "Rewards:"]
        lines += [text for reward in data["rewards"] for text in _reward_text(reward, lang)]
    lines += _money_text(data, award, result)
    lines += ["", "Parameters:"]
    for name, parameter in data["parameters"].items():
        unit = f" {parameter['unit']}" if parameter["unit"] else ""
        marked = f"  (assumption: {parameter['assumption']})" if parameter["assumption"] else ""
        lines.append(f"  {name} = {parameter['value']}{unit} ({parameter['years']})   "
                     f"[{_where(parameter['reference'])}]{marked}")
    return "\n".join(lines)


def _reward_text(reward: dict[str, Any], lang: Lang) -> list[str]:
    if not reward["applies"]:
        return [f"  ✘ {reward['id']}: {reward['when']}   ({_shown(reward['values'])})"]
    lines = [f"  ✔ {reward['id']} {reward['name'][lang]}   [{_where(reward['reference'])}]",
             f"      when   {reward['when']}",
             f"      amount {reward['amount_formula']} = {reward['raw']}",
             f"      values {_shown(reward['values'])}"]
    if reward["cap_formula"]:
        binds = " — the cap binds" if reward["cap_binds"] else ""
        lines.append(f"      cap    {reward['cap_formula']} = {reward['cap']}{binds}")
    lines.append(f"      paid   {money(Decimal(reward['amount']))}")
    return lines


def _money_text(data: dict[str, Any], award: Award, result: YearResult) -> list[str]:
    item = award.entitlement
    allocation = data["allocation"]
    lines = ["", f"Entitlement: {money(item.amount)} (before caps "
                 f"{money(item.before_caps)})"]
    if data["firm_cap"]:
        binds = " — binds" if data["firm_cap"]["binds"] else ""
        lines.append(f"  firm cap {data['firm_cap']['formula']} = "
                     f"{money(Decimal(data['firm_cap']['value']))}{binds}")
    lines.append(f"Budget {result.year}: {money(result.budget)}; demand "
                 f"{money(result.demand)}; rule {allocation['method']}: {allocation['rule']}")
    if award.share is None:
        lines.append("  nothing is owed, so nothing is allocated")
    elif not award.share.scaled:
        lines.append("  paid in full")
    else:
        share = award.share
        extra = " + 0.01 of the rounding remainder" if share.extra_fen else ""
        lines.append(f"  scaled: {money(item.amount)} × {money(from_fen(share.pot))} shared "
                     f"/ {money(from_fen(share.denominator))} demanded = "
                     f"{allocation['exact_share']} → rounded down to the fen{extra}")
    lines.append(f"Award: {money(award.amount)} 元")
    return lines


def _shown(values: dict[str, Any]) -> str:
    return ", ".join(f"{k} = {value_text(v)}" for k, v in values.items())


def _where(reference: dict[str, Any]) -> str:
    quote = f': "{reference["quote"]}"' if reference["quote"] else ""
    return f"{reference['doc']}, {reference['clause']}{quote}"
