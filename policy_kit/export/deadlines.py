"""Deadline ways: the moves a state takes when its time runs out (``expire``, ``lapse``),
which BPMN draws as an interrupting timer boundary event on the state's activity.

Part of render (load → … → **render**), pure, used by ``mapping``. A way is a deadline
way by its trigger's words (``expire``, ``lapse``, ``timeout``, ``deadline``, ``overdue``,
each also in a trigger such as ``supplement_expired``) when it leaves a task or a wait
that has a ``limit`` and other ways on: the time it waits is that limit. BPMN timers
know no working-day calendar, so working days become natural days at 7 for 5, rounded up
(5 working days: ``P7D``); the exact limit still travels in ``pk:limit`` and the node's
documentation, and the importer restores it from there.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..model import Limit
from ..structure import Move, Place

__all__ = ["DEADLINE_WORDS", "deadline_way", "split_deadlines", "timer_duration"]

DEADLINE_WORDS = frozenset({"expire", "expired", "expires", "expiry", "lapse", "lapsed",
                            "lapses", "timeout", "deadline", "overdue"})


def deadline_way(trigger: str) -> bool:
    """A trigger that says time has run out: one of its words is a deadline word."""
    return any(word in DEADLINE_WORDS for word in trigger.split("_"))


def split_deadlines(place: Place, moves: Sequence[Move]) -> tuple[list[Move], list[Move]]:
    """The state's other ways, and its deadline ways when a timer can stand for them (a
    task or wait with a limit and with other ways on); else all ways and none."""
    deadlines = [m for m in moves if deadline_way(m.trigger)]
    others = [m for m in moves if not deadline_way(m.trigger)]
    timed = place.state.kind in ("task", "wait") and place.state.limit is not None
    if not deadlines or not others or not timed:
        return list(moves), []
    return others, deadlines


def timer_duration(limit: Limit) -> str:
    """The limit as an ISO 8601 duration in natural days (working days at 7 for 5)."""
    if limit.natural_days is not None:
        return f"P{limit.natural_days}D"
    return f"P{math.ceil(limit.days * 7 / 5)}D"
