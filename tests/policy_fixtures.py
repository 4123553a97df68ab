"""Small policy fixtures shared by the policy and award tests (this module holds no tests).

``tiny`` is a process with four attributes and a one-reward policy whose numbers are easy
to check by hand: a reward of ``sales * rate`` when ``sales >= threshold``, capped at
``cap``, for firms of kind "a", from a yearly budget.
"""

from __future__ import annotations

from pathlib import Path

TINY_PROCESS = """\
format: 1
id: tiny
title: {zh: 小流程, en: Tiny process}
source: test
attributes:
  sales: {type: number, min: 0, example: 100}
  kind:
    type: enum
    values: [a, b]
    labels: {a: {zh: 甲类, en: Kind A}, b: {zh: 乙类, en: Kind B}}
    example: a
  score: {type: number, min: 0, max: 100, example: 50}
  arrived: {type: date, example: 2023-02-01}
states:
  - {id: review, kind: task}
  - {id: paid, kind: final, outcome: paid}
transitions:
  - {from: review, to: paid, on: pay, default: true}
"""

TINY_POLICY = """\
format: 1
id: tiny
process: tiny
version: "1"
title: {{zh: 小政策, en: Tiny policy}}
references:
  rules: {{title: 测试规则, url: https://example.org/rules}}
parameters:
  budget:
    name: 预算
    values:
      - {{from: 2023, until: 2023, value: {budget}, reference: {{doc: rules, clause: 第一条}}}}
      - {{from: 2024, value: 300, reference: {{doc: rules, clause: 第一条(修订)}}}}
  rate:
    name: 比例
    values: [{{from: 2023, value: 0.5, reference: {{doc: rules, clause: 第二条}}}}]
  cap:
    name: 上限
    values: [{{from: 2023, value: 400, reference: {{doc: rules, clause: 第二条}}}}]
  threshold:
    name: 门槛
    values: [{{from: 2023, value: 100, reference: {{doc: rules, clause: 第二条}}}}]
{firm_cap}budget: budget
eligibility:
  - {{id: kind_a, name: 甲类企业, when: 'kind == "a"', reference: {{doc: rules, clause: 第三条}}}}
rewards:
  - id: sales_reward
    kind: operations
    name: 销售奖励
    when: {when}
    amount: {amount}
    cap: cap
    reference: {{doc: rules, clause: 第四条, quote: 按销售额的50%奖励，最高400元}}
allocation: {allocation}
money: {{rounding: {rounding}}}
"""

FIRM_CAP = """\
  firm_limit:
    name: 单户上限
    values: [{from: 2023, value: 300, reference: {doc: rules, clause: 第五条}}]
firm_cap: {amount: firm_limit, reference: {doc: rules, clause: 第五条}}
"""


def tiny_policy(budget: str = "1000", method: str = "pro_rata", by: str | None = None,
                when: str = "sales >= threshold", amount: str = "sales * rate",
                rounding: str = "down", firm_cap: bool = False) -> str:
    """The tiny policy's text, with the pieces a test varies."""
    allocation = f"{{method: {method}, assumption: test}}" if by is None else (
        f"{{method: {method}, by: {by}, assumption: test}}")
    return TINY_POLICY.format(budget=budget, allocation=allocation, when=when, amount=amount,
                              rounding=rounding, firm_cap=FIRM_CAP if firm_cap else "")


def write_tiny(folder: Path, policy: str | None = None) -> Path:
    """Write the tiny process and a policy beside it; return the policy's path."""
    (folder / "tiny.yaml").write_text(TINY_PROCESS, encoding="utf-8")
    path = folder / "tiny.policy.yaml"
    path.write_text(policy if policy is not None else tiny_policy(), encoding="utf-8")
    return path


def applicants_csv(rows: list[tuple[str, str, str, str, str]]) -> str:
    """A CSV of (name, sales, kind, score, arrived) rows."""
    lines = ["name,sales,kind,score,arrived"] + [",".join(row) for row in rows]
    return "\n".join(lines) + "\n"
