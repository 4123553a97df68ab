"""The step semantics of policy-kit: which moves a case can take, and where each one leads.

Part of load → resolve → **semantics** → engines. ``docs/semantics.md`` states these rules
in words; this module is their one home. Every engine derives its own fast form from
the facts here instead of re-deriving a rule: the ``transitions`` machine reads its
conditions and the first-declared-wins order (``policy_kit.machine``), the simulator's
tables are built from its groups (``policy_kit.simulate.compiled``), the checker's
masks subtract earlier moves group by group (``policy_kit.check.enabling``), the BPMN
mapping and the dated path read its entries, and a replay of real cases steps on
``Semantics`` itself.

The facts, each defined once:

- the default initial state of a stage or region (``initial_state``) and the leaf states
  a move enters (``entry_of``; a concurrent stage starts every region);
- *groups*: the moves out of one source on one event, in the file's order. Of a group,
  the first declared move whose condition holds is the one that fires
  (``first_open``); the later ones are shadowed, as in ``transitions`` and as BPMN engines
  take an exclusive gateway's flows in document order;
- a move's condition (``Semantics.condition``): a join needs every region to rest in a
  final state (``join_waits`` says which), the states it enters must be below their
  ``max_rounds``, and its guard must hold for the applicant and the states passed;
- ``done(s)``: the case has left ``s``, or rests in ``s`` and ``s`` is final;
- a guard that only opens (``monotone``): its ``done(...)`` stand under nothing but
  ``and`` and ``or``, so for one applicant, once it holds, passing more states keeps it
  holding; a way waiting on it can still open exactly when it holds with every awaited
  state passed that is passed already or still can be;
- firing (``Semantics.fire``): a move inside a region replaces only its source among the
  active leaves; every other move replaces them all by its entry.

A ``Configuration`` keeps only the history some rule reads (the states a ``done(...)``
asks about, the visits of states with ``max_rounds``), so two cases that differ in
nothing a later step can see stand in the same configuration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

from .errors import ExpressionError
from .expr import Guard, Value
from .expr.nodes import BoolOp, Call, Expr, done_states
from .model import Process, Region, Stage
from .structure import Move, Structure

__all__ = ["Configuration", "Semantics", "Successor", "default_way", "entry_of",
           "first_open", "group_moves", "initial_state", "monotone"]

T = TypeVar("T")


def initial_state(container: Stage | Region) -> str:
    """Where a sequential stage or a region starts: its ``initial``, else its first state."""
    return container.initial or container.states[0].id


def entry_of(process: Process, target: str) -> tuple[str, ...]:
    """The leaf states a move to ``target`` enters (a concurrent stage: each region's
    initial state, in declared order). ``target`` is a state or a stage id."""
    for stage in process.stages:
        if stage.id == target:
            if stage.concurrent:
                return tuple(initial_state(region) for region in stage.regions)
            return (initial_state(stage),)
    return (target,)


def initial_target(process: Process) -> str:
    """What a new case enters: the process's ``initial``, else its first stage or state."""
    if process.initial:
        return process.initial
    return process.stages[0].id if process.stages else process.states[0].id


def group_moves(moves: Iterable[T], key: Callable[[T], object]) -> tuple[tuple[T, ...], ...]:
    """``moves`` grouped by ``key`` (source and event), groups in the order of their first
    member and members in the given (declared) order."""
    groups: dict[object, list[T]] = {}
    for move in moves:
        groups.setdefault(key(move), []).append(move)
    return tuple(tuple(group) for group in groups.values())


def first_open(groups: Iterable[Sequence[T]], is_open: Callable[[T], bool]) -> list[T]:
    """Of each group, the first move whose condition holds: the one its event fires."""
    result: list[T] = []
    for group in groups:
        for move in group:
            if is_open(move):
                result.append(move)
                break
    return result


def default_way(ways: Sequence[T], is_default: Callable[[T], bool]) -> T:
    """When nothing else decides (no ``--choose``, no probabilities): the way marked
    ``default``, else the first in the file."""
    return next((way for way in ways if is_default(way)), ways[0])


def monotone(guard: Guard) -> bool:
    """Whether ``guard`` can only open, never close, as a case passes more states: each
    ``done(...)`` it reads stands under nothing but ``and`` and ``or`` (not under ``not``,
    in a comparison, or as an argument). For one applicant the attributes are fixed, so
    the guard is then an and/or of fixed truths and of ``done`` atoms, which passing a
    state only turns from false to true. Two consequences engines may use: a way waiting
    on it can open later exactly when it holds with every awaited state passed that is
    passed already or can still be passed (one question, not one per subset); and a way
    that can open later keeps that chance while states are only passed, losing it only
    when an awaited state falls out of reach unpassed (skipped, or its region left)."""
    return _positive_done_only(guard.tree)


def _positive_done_only(tree: Expr) -> bool:
    """No ``done(...)`` in ``tree`` stands under anything but ``and`` and ``or``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, BoolOp):
            stack.extend(node.operands)
        elif not (isinstance(node, Call) and node.func == "done") and done_states(node):
            return False
    return True


@dataclass(frozen=True)
class Configuration:
    """Where a case stands: its active leaves (declared order), and the history rules read.

    ``passed`` holds the states the case has left that some guard's ``done(...)`` asks
    about; ``visits`` the entries so far into each state with ``max_rounds`` (by state id,
    sorted). Hashable, so a replay or an alignment can keep sets of configurations.
    """

    active: tuple[str, ...]
    passed: frozenset[str] = frozenset()
    visits: tuple[tuple[str, int], ...] = ()

    def visits_of(self, state: str) -> int:
        return dict(self.visits).get(state, 0)


@dataclass(frozen=True)
class Successor:
    """An enabled move and the configuration it leads to."""

    move: Move
    target: Configuration


class Semantics:
    """The rules of ``docs/semantics.md`` for one resolved process.

    Build it once per ``Structure`` (it caches its tables); it holds no case. Engines with
    a state of their own (the ``transitions`` machine, the simulator's integers, the
    checker's bit masks) use ``groups``, ``candidate_sources``, ``condition`` and
    ``first_open``; a replay or alignment engine can step on ``Configuration`` directly
    with ``initial``, ``successors``, ``is_final`` and ``outcome``.
    """

    def __init__(self, structure: Structure) -> None:
        self.structure = structure

    # -- facts about the process ---------------------------------------------------------

    @cached_property
    def finals(self) -> frozenset[str]:
        """Every final state, region finals included (what a join waits for)."""
        return frozenset(p.id for p in self.structure.places.values()
                         if p.state.kind == "final")

    @cached_property
    def case_finals(self) -> Mapping[str, str | None]:
        """The final states that end the case, with their outcome."""
        return {p.id: p.state.outcome for p in self.structure.places.values() if p.case_final}

    @cached_property
    def groups(self) -> Mapping[str, tuple[tuple[Move, ...], ...]]:
        """By source (a leaf, or a concurrent stage for its joins): the moves on each event,
        in declared order; the first open one of a group is the one that fires."""
        return {source: group_moves(moves, lambda m: m.event)
                for source, moves in self.structure.moves_from.items()}

    @cached_property
    def watched(self) -> frozenset[str]:
        """The states some guard asks ``done(...)`` about: history a configuration keeps."""
        return frozenset(s for m in self.structure.moves if m.guard for s in m.guard.states)

    @cached_property
    def bounded(self) -> Mapping[str, int]:
        """States with ``max_rounds``, and that bound."""
        return {p.id: p.state.max_rounds for p in self.structure.places.values()
                if p.state.max_rounds is not None}

    def join_waits(self, stage: str) -> tuple[tuple[str, ...], ...]:
        """For a concurrent stage, each region's final states: its joins wait until every
        region rests in one of them."""
        return tuple(self.structure.region_finals(region)
                     for region in self.structure.stages[stage].regions)

    def candidate_sources(self, active: Sequence[str]) -> list[str]:
        """Where enabled moves are looked for, in order: each active leaf, and after the
        first leaf of a concurrent stage, that stage (its joins)."""
        places = self.structure.places
        sources: list[str] = []
        seen: set[str] = set()
        for state in active:
            sources.append(state)
            stage = places[state].stage
            if stage is not None and stage.concurrent and stage.id not in seen:
                seen.add(stage.id)
                sources.append(stage.id)
        return sources

    # -- the condition of one move -----------------------------------------------------

    def condition(self, move: Move, active: Sequence[str],
                  visits: Callable[[str], int], values: Mapping[str, Value],
                  done: Callable[[str], bool], *, guard: bool = True) -> bool:
        """Whether ``move``'s condition holds: for a join every active leaf final, every
        state it enters below its ``max_rounds``, its guard true (``guard=False``: left
        out, as if it could hold). A guard that cannot be evaluated for this applicant
        raises ``ExpressionError``."""
        if move.join and not all(state in self.finals for state in active):
            return False
        for state in move.entry:
            rounds = self.bounded.get(state)
            if rounds is not None and visits(state) >= rounds:
                return False
        return move.guard is None or not guard or move.guard.holds(values, done)

    # -- stepping on a Configuration ---------------------------------------------------

    def initial(self) -> Configuration:
        """The configuration a new case starts in (its entry counted as a visit)."""
        entry = self.structure.initial
        return Configuration(entry, frozenset(), self._count((), entry))

    def done(self, config: Configuration) -> Callable[[str], bool]:
        """``done(s)`` in ``config``, for the states a guard can ask about."""
        finals = self.finals

        def passed(state: str) -> bool:
            return state in config.passed or (state in finals and state in config.active)

        return passed

    def enabled(self, config: Configuration, values: Mapping[str, Value]) -> list[Move]:
        """The moves that can fire now, in order: by candidate source, each group's first
        open move."""
        done = self.done(config)
        counts = dict(config.visits)

        def is_open(move: Move) -> bool:
            return self.condition(move, config.active, lambda s: counts.get(s, 0), values,
                                  done)

        result: list[Move] = []
        for source in self.candidate_sources(config.active):
            result.extend(first_open(self.groups.get(source, ()), is_open))
        return result

    def possible(self, config: Configuration,
                 known: Mapping[str, Value] | None = None) -> list[Move]:
        """The moves that could fire when the applicant's attributes are unknown, or only
        some are (a replay of a case log, ``known`` the attributes its case columns
        carry): of each group, every move whose other conditions hold, up to the first
        one that surely fires, which shadows the rest of its group as in ``enabled``. A
        move without a guard surely fires; a guard that reads only ``known`` attributes
        is decided (true: it surely fires; false: it is closed); any other guard could
        hold."""
        counts = dict(config.visits)
        done = self.done(config)
        values = known or {}
        result: list[Move] = []
        for source in self.candidate_sources(config.active):
            for group in self.groups.get(source, ()):
                for move in group:
                    if not self.condition(move, config.active, lambda s: counts.get(s, 0),
                                          values, done, guard=False):
                        continue
                    verdict = self._decided(move, values, done)
                    if verdict is False:
                        continue
                    result.append(move)
                    if verdict:
                        break
        return result

    @staticmethod
    def _decided(move: Move, values: Mapping[str, Value],
                 done: Callable[[str], bool]) -> bool | None:
        """True or False when ``move``'s guard can be answered from ``values`` alone (no
        guard: True), None when it reads an attribute not among them."""
        guard = move.guard
        if guard is None:
            return True
        if not guard.names <= values.keys():
            return None
        try:
            return guard.holds(values, done)
        except ExpressionError:
            return None

    def fire(self, config: Configuration, move: Move) -> Configuration:
        """The configuration after ``move`` (which the caller knows is enabled)."""
        before = config.active
        if self.local(move):
            i = before.index(move.source)
            after = before[:i] + move.entry + before[i + 1:]
            left: Iterable[str] = (move.source,)
        else:
            after = move.entry
            left = before if move.join else (
                s for s in before if s not in after or s == move.source)
        passed = config.passed | {s for s in left if s in self.watched}
        return Configuration(after, passed, self._count(config.visits, move.entry))

    def successors(self, config: Configuration,
                   values: Mapping[str, Value]) -> list[Successor]:
        """Each enabled move with the configuration it leads to."""
        return [Successor(m, self.fire(config, m)) for m in self.enabled(config, values)]

    def outcome(self, config: Configuration) -> str | None:
        """The case's outcome if ``config`` is a case-final state, else None."""
        if len(config.active) != 1:
            return None
        return self.case_finals.get(config.active[0])

    def is_final(self, config: Configuration) -> bool:
        """Whether the case has ended (it rests in a final state outside any region)."""
        return len(config.active) == 1 and config.active[0] in self.case_finals

    def local(self, move: Move) -> bool:
        """A move that stays inside its region: it replaces only its source."""
        if move.join:
            return False
        places = self.structure.places
        region = places[move.source].region
        if region is None or len(move.entry) != 1:
            return False
        entered = places[move.entry[0]].region
        return entered is not None and entered.id == region.id

    def _count(self, visits: tuple[tuple[str, int], ...],
               entry: Sequence[str]) -> tuple[tuple[str, int], ...]:
        counted = [s for s in entry if s in self.bounded]
        if not counted:
            return visits
        table = dict(visits)
        for state in counted:
            table[state] = table.get(state, 0) + 1
        return tuple(sorted(table.items()))
