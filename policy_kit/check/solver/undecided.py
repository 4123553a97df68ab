"""Why the solver leaves a group of guards to sampling (PK208), in words for the finding.

Part of load → **check** (``policy_kit.check.solver``).
"""

from __future__ import annotations

__all__ = ["DISAGREE", "GAVE_UP", "NOT_DECIMAL", "TOO_MANY", "UNMODELLED", "Undecided"]


class Undecided(Exception):
    """The solver cannot decide this group: a construct it does not model, a time-out, a
    non-decimal witness, or an answer the evaluator does not confirm. ``zh`` and ``en``
    say why, for the finding (PK208)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


GAVE_UP = ("求解器在时限内无法判定(非线性运算)",
           "the solver could not decide it in time (non-linear arithmetic)")
TOO_MANY = ("申请人的行为类别过多", "applicants behave in too many different ways")
DISAGREE = ("求值器与求解器的结果不一致(除法的舍入)",
            "the evaluator disagrees with the solver (rounding in a division)")
NOT_DECIMAL = ("某种情况只在无法写成小数的数值处成立",
               "a case of it holds only at numbers that are not decimals")
UNMODELLED = ("含有求解器不处理的写法", "it uses a form the solver does not model")
