"""The compact table form of a process that the simulator steps through, many times a second.

Part of compile → **simulate**: built from the same ``Structure.moves`` that the
``transitions`` machine is built from, with states numbered and each move reduced to a
few integers, so that stepping a case costs a list look-up instead of a trip through
``transitions``' callbacks. Every rule comes from ``policy_kit.semantics``
(``docs/semantics.md``): its groups (the first open move of each fires), its entries, its
local moves and finals are numbered here, not re-derived. ``FastCase`` mirrors
``Application`` move for move (which moves are enabled, in which order, and which leaf
states are active after each one); the differential test drives every engine with the
same random choices and compares every step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..expr import Guard, Value
from ..expr.nodes import thresholds
from ..semantics import Semantics, first_open, monotone
from ..structure import Move, Structure
from .verdicts import MAX_VERDICTS, Bounds, read_as, reading, verdict

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
    reads: tuple[str, ...] = ()
    """The attributes its guard reads (besides the ``done(...)`` of ``waits``)."""
    bounds: tuple[Bounds | None, ...] = ()
    """For each of ``reads`` that the guard only compares with numbers, those numbers
    (``expr.nodes.thresholds``); None for the others; () when there are none."""
    group: int = -1
    """Its group's number (``Semantics.groups``: one source, one event); two moves of a
    group are one way out, taken by whichever of them opens first in the file's order."""
    monotone: bool = False
    """Its guard only opens as more states are passed (``semantics.monotone``)."""
    free: bool = False
    """Always enabled from its source: no guard, no bound on visits, not a join (a field,
    not a property: ``FastCase.is_open`` asks it for most moves)."""
    left: tuple[int, ...] = ()
    """For a local move, ``(source,)``: the leaves it leaves (made once, not per firing)."""
    bit: int = 0
    """For a local move, ``1 << source``: its mark in ``FastCase.done_mask``."""
    after: dict[tuple[int, ...], tuple[int, ...]] = field(default_factory=dict, compare=False)
    """For a local move, the active leaves after it by those before it: a memo that
    ``FastCase.fire`` fills (Jining's cases take twenty local moves each, from the few
    dozen sets of leaves its regions' progress makes)."""


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
    groups_from: tuple[tuple[tuple[CompiledMove, ...], ...], ...]
    """For each leaf, its moves in ``Semantics.groups``: the ways out."""
    joins_of: tuple[tuple[tuple[CompiledMove, ...], ...], ...]
    """For a leaf in a concurrent stage, that stage's join moves in groups (shared by its
    leaves); else ()."""
    stage_of: tuple[int, ...]
    """For a leaf in a concurrent stage, that stage's number (in the file); else -1."""
    initial: tuple[int, ...]
    always: tuple[tuple[CompiledMove, ...] | None, ...]
    """For each leaf whose every way out is always enabled (no guard, no bound on visits),
    the ways that fire (each group's first); None for the others."""
    passable: tuple[int, ...]
    """For each leaf, a bit mask of the leaves its region can still pass from it without
    leaving its concurrent stage: reached by moves inside the region, and then left by
    one (or final). What a ``done(...)`` guard elsewhere in the stage may still wait for."""
    watched: tuple[int, ...] = ()
    """For each leaf, a bit mask of the states whose passing (``done``) or visits its ways
    out read: nothing else can open or close them (the applicant's attributes aside)."""
    watched_finals: tuple[tuple[int, ...], ...] = ()
    """For each leaf, the final states among them (passed while active, too)."""
    by_passed: tuple[dict[object, tuple[CompiledMove, ...]] | None, ...] = ()
    """For each leaf whose ways read ``done(...)`` of a few states, the visits of the
    bounded states they enter, or the applicant's attributes (no join), its enabled moves
    by which of those states are passed and which bounds are used up (a number), and by
    what the guards read of the attributes (``readings``: a tuple of both then): a memo
    that ``FastCase.enabled_from`` fills; None for the others."""
    readings: tuple[tuple[tuple[str, ...], tuple[Bounds | None, ...]] | None, ...] = ()
    """For each leaf of ``by_passed`` whose ways read the applicant's attributes, what
    they read of them together (``verdicts.reading``); None for the others."""
    bounds_from: tuple[tuple[tuple[int, int, int], ...], ...] = ()
    """For each leaf, the states with ``max_rounds`` its ways enter: (state, bound, the
    bit that marks the bound used up in a ``by_passed`` key, above every state's own)."""
    verdicts: dict[tuple[object, ...], bool] = field(default_factory=dict, compare=False)
    """Guards over attributes alone, answered: (move number, attribute values) → verdict."""
    openable: dict[tuple[object, ...], bool] = field(default_factory=dict, compare=False)
    """Whether a closed way may still open (``choice.may_open``), answered: (move number,
    waited states passed, those still passable, attribute values) → answer."""
    reach: dict[tuple[int, tuple[int, ...]], int] = field(default_factory=dict, compare=False)
    """What the other regions can still pass (``passable`` of the active leaves but one),
    by (that one leaf, the active leaves): a memo for ``choice.may_open``, which asked it
    by a loop over a dozen active leaves six times a Jining case."""

    def start(self, values: Mapping[str, Value]) -> FastCase:
        return FastCase(self, values)


def compile_structure(structure: Structure) -> CompiledProcess:
    """Number the leaf states and turn each ``Move`` into a ``CompiledMove``."""
    semantics = Semantics(structure)
    names = tuple(structure.places)
    number = {name: i for i, name in enumerate(names)}
    places = [structure.places[name] for name in names]
    group_of = {move.key: g for g, group in enumerate(
        group for groups in semantics.groups.values() for group in groups) for move in group}
    compiled: dict[tuple[int, str], CompiledMove] = {}
    for i, move in enumerate(structure.moves):
        entry = tuple(number[s] for s in move.entry)
        rounds = tuple((number[s], semantics.bounded[s])
                       for s in move.entry if s in semantics.bounded)
        waits = tuple(sorted(number[s] for s in move.guard.states)) if move.guard else ()
        reads = tuple(sorted(move.guard.names)) if move.guard else ()
        bounds = thresholds(move.guard.tree) if move.guard else {}
        compiled[move.key] = CompiledMove(
            i, move, -1 if move.join else number[move.source], entry, semantics.local(move),
            rounds, move.guard, move.join, move.issues, waits, reads,
            tuple(bounds.get(name) for name in reads) if bounds else (), group_of[move.key],
            move.guard is not None and monotone(move.guard),
            move.guard is None and not rounds and not move.join,
            (number[move.source],) if semantics.local(move) else (),
            1 << number[move.source] if semantics.local(move) else 0)

    def groups_at(source: str) -> tuple[tuple[CompiledMove, ...], ...]:
        return tuple(tuple(compiled[m.key] for m in group)
                     for group in semantics.groups.get(source, ()))

    groups_from = tuple(groups_at(name) for name in names)
    moves_from = tuple(tuple(m for group in groups for m in group) for groups in groups_from)
    stages = [stage.id for stage in structure.process.stages]
    joins = {stage: groups_at(stage) for stage in stages}
    concurrent = [p.stage.id if p.stage is not None and p.stage.concurrent else None
                  for p in places]
    final = tuple(name in semantics.finals for name in names)
    watched = tuple(_watched(moves) for moves in moves_from)
    return CompiledProcess(
        structure, names, number, final,
        tuple(semantics.case_finals.get(name) for name in names),
        tuple(compiled.values()), moves_from, groups_from,
        tuple(joins[stage] if stage is not None else () for stage in concurrent),
        tuple(stages.index(stage) if stage is not None else -1 for stage in concurrent),
        tuple(number[s] for s in structure.initial),
        tuple(tuple(group[0] for group in groups)
              if all(m.free for group in groups for m in group) else None
              for groups in groups_from),
        _passable(moves_from, final), watched,
        tuple(tuple(sorted({x for m in moves for x in (*m.waits, *(r for r, _ in m.rounds))
                            if final[x]})) for moves in moves_from),
        tuple({} if _by_passed(moves, mask) else None
              for moves, mask in zip(moves_from, watched, strict=True)),
        tuple(reading(moves) if any(m.reads for m in moves) and _by_passed(moves, mask)
              else None for moves, mask in zip(moves_from, watched, strict=True)),
        tuple(tuple(sorted({(x, rounds, 1 << (len(names) + x))
                            for m in moves for x, rounds in m.rounds}))
              for moves in moves_from))


MAX_CONFIGURATIONS = 4_096
"""Sets of active leaves remembered at most per local move (``CompiledMove.after``): a
process with many wide regions could otherwise fill memory with one-off sets."""


MAX_WATCHED = 10
"""Most states a leaf's ways may read for its enabled moves to be remembered by which of
them are passed (2^10 answers at most)."""


def _watched(moves: Sequence[CompiledMove]) -> int:
    """``CompiledProcess.watched`` of a leaf with ``moves`` out of it."""
    mask = 0
    for move in moves:
        for x in move.waits:
            mask |= 1 << x
        for x, _ in move.rounds:
            mask |= 1 << x
    return mask


def _by_passed(moves: Sequence[CompiledMove], watched: int) -> bool:
    """Whether a leaf's enabled moves are a function of which watched states are passed,
    which of the bounded states its ways enter have used up their rounds, and what its
    guards read of the applicant's attributes (a leaf whose ways read none of these has
    ways that are always open: ``CompiledProcess.always``)."""
    return (bool(moves) and not any(m.join for m in moves)
            and watched.bit_count() <= MAX_WATCHED
            and (watched != 0 or any(m.reads for m in moves)))


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

    def passed(self, leaf: int) -> bool:
        """``done`` of the state numbered ``leaf`` (the engine asks by number)."""
        return bool((self.done_mask >> leaf) & 1) or (self.process.final[leaf]
                                                       and leaf in self.active)

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
        passed = 0
        if move.waits:
            mask, active, final = self.done_mask, self.active, self.process.final
            for k, x in enumerate(move.waits):
                if (mask >> x) & 1 or (final[x] and x in active):
                    passed |= 1 << k
        return verdict(self.process, move, self.values, passed, lambda: self.done)

    def is_open(self, move: CompiledMove) -> bool:
        return move.free or self.permits(move)

    def enabled_from(self, leaf: int) -> Sequence[CompiledMove]:
        """The moves out of ``leaf`` that fire now: each group's first open one, in the
        file's order."""
        process = self.process
        always = process.always[leaf]
        if always is not None:
            return always
        memo = process.by_passed[leaf]
        if memo is None:
            return first_open(process.groups_from[leaf], self.is_open)
        passed = self.done_mask & process.watched[leaf]
        for x in process.watched_finals[leaf]:
            if x in self.active:
                passed |= 1 << x
        for x, rounds, bit in process.bounds_from[leaf]:
            if self.visits[x] >= rounds:
                passed |= bit
        reads = process.readings[leaf]
        key = passed if reads is None else (passed, *read_as(*reads, self.values))
        known = memo.get(key)
        if known is None:
            known = tuple(first_open(process.groups_from[leaf], self.is_open))
            if len(memo) < MAX_VERDICTS:  # a drawn amount read otherwise than by numbers
                memo[key] = known
        return known

    def enabled_joins(self, leaf: int) -> Sequence[CompiledMove]:
        """The enabled joins of the concurrent stage that ``leaf`` stands in."""
        return first_open(self.process.joins_of[leaf], self.permits)

    def enabled(self) -> list[CompiledMove]:
        """Every enabled move, in ``Semantics.candidate_sources``' order: by active leaf,
        each concurrent stage's joins after the first of its leaves."""
        result: list[CompiledMove] = []
        stages_seen: set[int] = set()
        stage_of = self.process.stage_of
        for leaf in self.active:
            result.extend(self.enabled_from(leaf))
            stage = stage_of[leaf]
            if stage >= 0 and stage not in stages_seen:
                stages_seen.add(stage)
                result.extend(self.enabled_joins(leaf))
        return result

    def fire(self, move: CompiledMove) -> tuple[int, ...]:
        """Take ``move`` (the caller checked it is enabled); return the leaves it left."""
        before = self.active
        if move.local:
            after = move.after.get(before)
            if after is None:
                i = before.index(move.source)
                after = before[:i] + move.entry + before[i + 1:]
                if len(move.after) < MAX_CONFIGURATIONS:
                    move.after[before] = after
            self.active = after
            self.done_mask |= move.bit
            self.visits[move.entry[0]] += 1
            return move.left
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
