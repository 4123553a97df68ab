"""The compact table form of a process that the simulator steps through, many times a second.

Part of compile → **simulate**: built from the same ``Structure.moves`` that the
``transitions`` machine is built from, with states numbered and each move reduced to a
few integers, so that stepping a case costs a list look-up instead of a trip through
``transitions``' callbacks. ``FastCase`` mirrors ``Application`` move for move (which moves
are enabled, in which order, and which leaf states are active after each one); a
property-based test drives both with the same random choices and compares every step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..expr import Guard, Value
from ..structure import Move, Structure

__all__ = ["CompiledMove", "CompiledProcess", "FastCase", "compile_structure"]


@dataclass(frozen=True, eq=False)
class CompiledMove:
    """One move in table form.

    Compared by identity: each move exists once, in its ``CompiledProcess``.
    ``local`` moves stay inside their region and replace only their source among the
    active leaves; every other move (leaving a concurrent stage, a join, any move outside
    concurrent stages) replaces all active leaves by ``entry``.
    """

    number: int
    """Position in ``Structure.moves`` (the simulator counts moves by it)."""
    move: Move
    source: int
    """The source leaf's number, or -1 for a join (its source is a stage)."""
    entry: tuple[int, ...]
    local: bool
    rounds: tuple[tuple[int, int], ...]
    """(entry leaf, max_rounds) for the entered states that bound their visits."""
    guard: Guard | None
    join: bool
    issues: tuple[str, ...]
    """Certificates the move issues."""
    waits: tuple[int, ...] = ()
    """The states its guard reads ``done(...)`` of, by number."""
    reads: tuple[str, ...] | None = None
    """The attributes its guard reads, when it reads nothing else (no ``done(...)``)."""

    @property
    def free(self) -> bool:
        """Always enabled from its source: no guard, no bound on visits, not a join."""
        return self.guard is None and not self.rounds and not self.join


@dataclass(frozen=True)
class CompiledProcess:
    """The states of a process numbered 0..n-1, and the moves between them as tables."""

    structure: Structure
    names: tuple[str, ...]
    number: Mapping[str, int]
    final: tuple[bool, ...]
    """Every final state, region finals included (what a join waits for)."""
    outcome: tuple[str | None, ...]
    """The outcome of each case-final state, else None."""
    moves: tuple[CompiledMove, ...]
    moves_from: tuple[tuple[CompiledMove, ...], ...]
    joins_of: tuple[tuple[CompiledMove, ...], ...]
    """For a leaf in a concurrent stage, that stage's join moves (one tuple per stage,
    shared by its leaves); else ()."""
    initial: tuple[int, ...]
    always: tuple[tuple[CompiledMove, ...] | None, ...]
    """For each leaf whose every way out is always enabled (no guard, no bound on visits),
    those ways; None for the others."""
    passable: tuple[int, ...]
    """For each leaf, a bit mask of the leaves its region can still pass from it without
    leaving its concurrent stage: reached by moves inside the region, and then left by
    one (or final). What a ``done(...)`` guard elsewhere in the stage may still wait for."""
    verdicts: dict[tuple[object, ...], bool] = field(default_factory=dict, compare=False)
    """Guards over attributes alone, answered: (move number, attribute values) → verdict."""

    def start(self, values: Mapping[str, Value]) -> FastCase:
        return FastCase(self, values)


def compile_structure(structure: Structure) -> CompiledProcess:
    """Number the leaf states and turn each ``Move`` into a ``CompiledMove``."""
    names = tuple(structure.places)
    number = {name: i for i, name in enumerate(names)}
    places = [structure.places[name] for name in names]
    compiled: list[CompiledMove] = []
    for i, move in enumerate(structure.moves):
        entry = tuple(number[s] for s in move.entry)
        source_place = None if move.join else structure.places[move.source]
        local = (source_place is not None and source_place.region is not None
                 and len(move.entry) == 1
                 and structure.places[move.entry[0]].region is source_place.region)
        rounds = tuple((number[s], structure.places[s].state.max_rounds or 0)
                       for s in move.entry if structure.places[s].state.max_rounds)
        waits = tuple(sorted(number[s] for s in move.guard.states)) if move.guard else ()
        reads = tuple(sorted(move.guard.names)) if move.guard and not waits else None
        compiled.append(CompiledMove(i, move, -1 if move.join else number[move.source],
                                     entry, local, rounds, move.guard, move.join, move.issues,
                                     waits, reads))
    moves_from: list[list[CompiledMove]] = [[] for _ in names]
    joins: dict[str, list[CompiledMove]] = {}
    for cmove in compiled:
        if cmove.join:
            joins.setdefault(cmove.move.source, []).append(cmove)
        else:
            moves_from[cmove.source].append(cmove)
    shared = {stage: tuple(moves) for stage, moves in joins.items()}
    joins_of = tuple(
        shared.get(p.stage.id, ()) if p.stage is not None and p.stage.concurrent else ()
        for p in places)
    return CompiledProcess(
        structure, names, number,
        tuple(p.state.kind == "final" for p in places),
        tuple(p.state.outcome if p.case_final else None for p in places),
        tuple(compiled), tuple(tuple(m) for m in moves_from), joins_of,
        tuple(number[s] for s in structure.initial),
        tuple(tuple(moves) if all(m.free for m in moves) else None for moves in moves_from),
        _passable(moves_from, tuple(p.state.kind == "final" for p in places)))


def _passable(moves_from: Sequence[Sequence[CompiledMove]],
              final: Sequence[bool]) -> tuple[int, ...]:
    """``CompiledProcess.passable``: closure of the moves that stay inside a region."""
    local = [[m.entry[0] for m in moves if m.local] for moves in moves_from]
    result = []
    for leaf in range(len(local)):
        mask, todo = 0, [leaf]
        while todo:
            x = todo.pop()
            if (mask >> x) & 1:
                continue
            mask |= 1 << x
            todo.extend(local[x])
        result.append(sum(1 << x for x in range(len(local))
                          if (mask >> x) & 1 and (final[x] or local[x])))
    return tuple(result)


class FastCase:
    """One case on the table form: the active leaves, visit counts and the states it left."""

    __slots__ = ("active", "done_mask", "process", "values", "visits")

    def __init__(self, process: CompiledProcess, values: Mapping[str, Value]) -> None:
        self.process = process
        self.values = values
        self.active: tuple[int, ...] = process.initial
        self.visits = [0] * len(process.names)
        for leaf in self.active:
            self.visits[leaf] += 1
        self.done_mask = 0
        """Bit ``i`` is set once the case has left state ``i``."""

    @property
    def states(self) -> tuple[str, ...]:
        names = self.process.names
        return tuple(names[i] for i in self.active)

    @property
    def outcome(self) -> str | None:
        if len(self.active) != 1:
            return None
        return self.process.outcome[self.active[0]]

    def done(self, state: str) -> bool:
        """The guard language's ``done(s)``, as ``Application.done`` defines it."""
        i = self.process.number[state]
        if (self.done_mask >> i) & 1:
            return True
        return self.process.final[i] and i in self.active

    def permits(self, move: CompiledMove) -> bool:
        if move.join:
            final = self.process.final
            for leaf in self.active:
                if not final[leaf]:
                    return False
        visits = self.visits
        for leaf, rounds in move.rounds:
            if visits[leaf] >= rounds:
                return False
        guard = move.guard
        if guard is None:
            return True
        reads = move.reads
        if reads is None:
            return guard.holds(self.values, self.done)
        # A guard over the applicant's attributes alone: the same answer for every
        # applicant alike in them, so it is worked out once per kind of applicant.
        values = self.values
        key = (move.number, *[values.get(name) for name in reads])
        known = self.process.verdicts.get(key)
        if known is None:
            known = self.process.verdicts[key] = guard.holds(values, self.done)
        return known

    def enabled_from(self, leaf: int) -> Sequence[CompiledMove]:
        """The enabled moves whose source is ``leaf``, in the file's order."""
        always = self.process.always[leaf]
        if always is not None:
            return always
        return [m for m in self.process.moves_from[leaf] if m.free or self.permits(m)]

    def enabled_joins(self, leaf: int) -> Sequence[CompiledMove]:
        """The enabled joins of the concurrent stage that ``leaf`` stands in."""
        return [m for m in self.process.joins_of[leaf] if self.permits(m)]

    def enabled(self) -> list[CompiledMove]:
        """Every enabled move, in ``Application.enabled``'s order: by active leaf, each
        concurrent stage's joins after the first of its leaves."""
        result: list[CompiledMove] = []
        stages_seen: set[int] = set()
        for leaf in self.active:
            result.extend(self.enabled_from(leaf))
            joins = self.process.joins_of[leaf]
            if joins and id(joins) not in stages_seen:
                stages_seen.add(id(joins))
                result.extend(self.enabled_joins(leaf))
        return result

    def fire(self, move: CompiledMove) -> tuple[int, ...]:
        """Take ``move`` (the caller checked it is enabled); return the leaves it left."""
        before = self.active
        if move.local:
            source = move.source
            i = before.index(source)
            self.active = before[:i] + move.entry + before[i + 1:]
            self.done_mask |= 1 << source
            self.visits[move.entry[0]] += 1
            return (source,)
        after = self.active = move.entry
        if len(before) == 1:
            self.done_mask |= 1 << before[0]
        else:
            mask = self.done_mask
            for leaf in before:
                # As the machine records it: what is no longer active, and the source.
                if move.join or leaf not in after or leaf == move.source:
                    mask |= 1 << leaf
            self.done_mask = mask
        visits = self.visits
        for leaf in after:
            visits[leaf] += 1
        return before
