"""The resolved shape of a process: where each state sits and the moves between leaf states.

Part of load → check → compile: built once from a schema-valid ``Process`` by
``policy_kit.resolve``. Stage- and region-wide transitions are expanded here, in one
place, into moves between leaf states, so that the ``transitions`` machine, the
checker's state space and the simulator's compiled form all read the same moves and
cannot disagree about what a definition means.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .expr import Guard
from .model import Process, Region, Stage, State, Transition

__all__ = ["Move", "Place", "Structure"]

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Place:
    """Where a state stands in the hierarchy, and its location in the file."""

    state: State
    stage: Stage | None
    region: Region | None
    path: PathKey
    department: str | None

    @property
    def id(self) -> str:
        return self.state.id

    @property
    def machine_name(self) -> str:
        """The nested name in the ``transitions`` machine: ``stage/region/state``."""
        parts = [p.id for p in (self.stage, self.region) if p is not None]
        return "/".join([*parts, self.state.id])

    @property
    def region_final(self) -> bool:
        """A final state inside a region ends the region, not the case."""
        return self.region is not None and self.state.kind == "final"

    @property
    def case_final(self) -> bool:
        return self.state.kind == "final" and self.region is None


@dataclass(frozen=True)
class Move:
    """One way from a leaf state (or, for a join, from a concurrent stage) onward.

    ``event`` is the trigger scoped by region (``fire_review.approve``), so that the
    same trigger in two concurrent regions never fires both.
    """

    index: int
    transition: Transition
    source: str
    entry: tuple[str, ...]
    trigger: str
    event: str
    region: str | None
    guard: Guard | None
    join: bool = False

    @property
    def key(self) -> tuple[int, str]:
        """The move's own key: its transition's index and its source (a stage- or
        region-wide transition is one move per source)."""
        return (self.index, self.source)

    @property
    def target(self) -> str:
        return self.transition.to

    @property
    def issues(self) -> tuple[str, ...]:
        return self.transition.issues

    @property
    def default(self) -> bool:
        return self.transition.default


@dataclass(frozen=True)
class Structure:
    """A process with its references resolved; built only when they all resolve."""

    process: Process
    places: dict[str, Place]
    moves: tuple[Move, ...]
    initial: tuple[str, ...]

    @cached_property
    def moves_from(self) -> dict[str, tuple[Move, ...]]:
        """Moves by source leaf (joins are keyed by their stage id)."""
        table: dict[str, list[Move]] = {}
        for move in self.moves:
            table.setdefault(move.source, []).append(move)
        return {key: tuple(value) for key, value in table.items()}

    @cached_property
    def stages(self) -> dict[str, Stage]:
        return {stage.id: stage for stage in self.process.stages}

    @cached_property
    def regions(self) -> dict[str, tuple[Stage, Region]]:
        return {region.id: (stage, region)
                for stage in self.process.stages for region in stage.regions}

    @cached_property
    def department_ids(self) -> frozenset[str]:
        return frozenset(d.id for d in self.process.departments)

    def region_finals(self, region: Region) -> tuple[str, ...]:
        return tuple(s.id for s in region.states if s.kind == "final")

