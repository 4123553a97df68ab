"""The JSON form of a walk: what ``policy-kit path --json`` writes and ``render --path`` reads.

Part of compile → **walk** → render. One frozen model, written and read through the same
class, so the writer and the reader cannot drift apart (they were two definitions, one in
the CLI and one in the renderer). Reading ignores keys it does not know (``--start`` adds
dates, ``--explain`` the guards, later versions may add more) and fills what older files
left out, so a file written by an older policy-kit still reads.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .formats import FORMATS
from .structure import Structure
from .walker import Walk

__all__ = ["WalkFile", "WalkStep"]


class WalkStep(BaseModel):
    """One step: the state left, the trigger and event, where it went, what it issued."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    number: int = Field(ge=1)
    state: str
    stage: str | None = None
    region: str | None = None
    department: str | None = None
    trigger: str | None = None
    event: str
    to: str
    entered: tuple[str, ...] = ()
    transition: int = -1
    """Index of the transition taken in the definition's ``transitions`` list."""
    certificates: tuple[str, ...] = ()
    start: date | None = Field(default=None, exclude=True)
    """With ``path --start``: the day the step's state received the case (read only)."""
    end: date | None = Field(default=None, exclude=True)

    @property
    def on(self) -> str:
        """The trigger: given, or the last part of the region-scoped event."""
        return self.trigger or self.event.rsplit(".", 1)[-1]


class WalkFile(BaseModel):
    """A whole walk; ``stuck_at`` lists the active states when the case did not end."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    format: int = FORMATS["path"]
    """The file's format (docs/format.md); a file written before the key existed is 1."""
    process: str | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)
    outcome: str | None = None
    stuck_at: tuple[str, ...] | None = None
    steps: tuple[WalkStep, ...]
    certificates: tuple[str, ...] = ()

    @classmethod
    def of(cls, structure: Structure, walk: Walk) -> WalkFile:
        """The file form of ``walk`` through ``structure``'s process."""
        steps = tuple(
            WalkStep(number=s.number, state=s.source, stage=s.stage, region=s.region,
                     department=s.department, trigger=s.trigger, event=s.event,
                     to=s.target, entered=s.entered, transition=s.transition,
                     certificates=s.certificates) for s in walk.steps)
        return cls(process=structure.process.id, attributes=dict(walk.attributes),
                   outcome=walk.outcome, stuck_at=walk.states if walk.stuck else None,
                   steps=steps, certificates=walk.certificates)

    def data(self) -> dict[str, Any]:
        """What ``path --json`` prints (before ``--start`` and ``--explain`` add to it)."""
        data: dict[str, Any] = self.model_dump()
        return data
