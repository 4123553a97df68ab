"""A plain-data summary of a definition, for ``show`` and other readers.

Part of load → **describe**: pure, no printing; the CLI formats it as text or JSON.
"""

from __future__ import annotations

from typing import Any

from .loader import Definition
from .model import Limit, State, Text
from .values import describe_domain

__all__ = ["describe"]


def _text(text: Text | None, fallback: str) -> dict[str, str]:
    if text is None:
        return {"zh": fallback, "en": fallback}
    return {"zh": text.pick("zh"), "en": text.pick("en")}


def _limit(limit: Limit | None) -> dict[str, Any] | None:
    if limit is None:
        return None
    return {"unit": limit.unit, "days": limit.days, "counts_first_day": limit.counts_first_day,
            "zh": limit.describe("zh"), "en": limit.describe("en")}


def _state(state: State) -> dict[str, Any]:
    return {"id": state.id, "name": _text(state.name, state.id), "kind": state.kind,
            "clock": state.effective_clock, "department": state.department,
            "limit": _limit(state.limit), "outcome": state.outcome}


def describe(definition: Definition) -> dict[str, Any]:
    """Everything ``policy-kit show`` prints, as JSON-ready data."""
    process = definition.process
    return {
        "id": process.id,
        "title": _text(process.title, process.id),
        "source": process.source,
        "calendar": process.calendar,
        "limit": _limit(process.limit),
        "stages": [
            {"id": stage.id, "name": _text(stage.name, stage.id), "limit": _limit(stage.limit),
             "department": stage.department,
             "states": [_state(s) for s in stage.states],
             "regions": [{"id": r.id, "name": _text(r.name, r.id), "department": r.department,
                          "states": [_state(s) for s in r.states]} for r in stage.regions]}
            for stage in process.stages],
        "states": [_state(s) for s in process.states],
        "departments": [{"id": d.id, "name": _text(d.name, d.id)} for d in process.departments],
        "documents": [{"id": d.id, "name": _text(d.name, d.id),
                       "from_applicant": d.from_applicant} for d in process.documents],
        "certificates": [{"id": c.id, "name": _text(c.name, c.id), "department": c.department}
                         for c in process.certificates],
        "attributes": {name: {"type": a.type, "domain": describe_domain(a),
                              "domain_text": {"zh": describe_domain(a, "zh"),
                                              "en": describe_domain(a)},
                              "example": a.example, "name": _text(a.name, name)}
                       for name, a in process.attributes.items()},
    }
