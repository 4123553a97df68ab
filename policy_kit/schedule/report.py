"""The JSON form of a dated path and of guard explanations, for ``path --json`` and other tools.

Part of date → **report** (``policy_kit.schedule``): plain dicts and lists that
``json.dumps`` writes (dates and decimals are left to the writer's default), kept apart
from the CLI so that other front ends produce the same keys.
"""

from __future__ import annotations

from typing import Any

from .dating import DatedPath, DatedStep
from .explain import GuardCheck, Part
from .usage import Usage

__all__ = ["dated_fields", "guard_fields", "step_fields", "usage_fields"]


def dated_fields(dated: DatedPath) -> dict[str, Any]:
    """Top-level keys a dated path adds: start, finish, calendar, estimates, limits."""
    return {
        "start": dated.start,
        "finish": dated.finish,
        "basis": dated.basis,
        "scenario": dated.scenario,
        "calendar": dated.calendar,
        "estimated_years": list(dated.estimated_years),
        "limits": [usage_fields(u) | {"scope": u.scope} for u in dated.limits],
        "no_limit": list(dated.unlimited),
    }


def step_fields(step: DatedStep) -> dict[str, Any]:
    """Keys a dated step adds to its undated form (``state``, ``stage`` … stay as they are)."""
    usage = {u.scope: usage_fields(u) for u in step.usage}
    return {
        "kind": step.kind,
        "clock": step.clock,
        "start": step.start,
        "end": step.end,
        "duration": {"days": step.length.days, "unit": step.length.unit},
        "limit": _limit(step),
        "no_limit": step.no_limit,
        "limits": {scope: usage.get(scope) for scope in ("task", "stage", "process")},
        "waited_for": step.waited_for,
    }


def usage_fields(usage: Usage) -> dict[str, Any]:
    return {"id": usage.id, "unit": usage.limit.unit, "limit": usage.limit.days,
            "used": usage.used, "remaining": usage.remaining, "over": usage.over}


def guard_fields(checks: tuple[GuardCheck, ...]) -> list[dict[str, Any]]:
    """Every way out of a step's state: its guard, whether it held, and what it read."""
    return [{
        "trigger": check.move.trigger,
        "event": check.move.event,
        "to": check.move.target,
        "guard": check.move.guard.text if check.move.guard is not None else None,
        "holds": check.holds,
        "enabled": check.enabled,
        "taken": check.taken,
        "reason": check.reason,
        "read": dict(check.read),
        "done": dict(check.done),
        "parts": _part(check.tree) if check.tree is not None else None,
    } for check in checks]


def _limit(step: DatedStep) -> dict[str, Any] | None:
    if step.limit is None:
        return None
    return {step.limit.unit: step.limit.days, "counts_first_day": step.limit.counts_first_day}


def _part(part: Part) -> dict[str, Any]:
    return {"text": part.text, "value": part.value, "error": part.error, "logic": part.logic,
            "parts": [_part(p) for p in part.parts]}
