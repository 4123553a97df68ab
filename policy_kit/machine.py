"""Compiling a definition to a ``transitions`` HierarchicalMachine, and one application on it.

Part of load → check → **compile** → simulate. The ``transitions`` machine is the
reference semantics of policy-kit: the checker and the simulator's fast paths are tested
against it. Three things ``transitions`` does by default would be wrong here, so:

- ``auto_transitions=False``: no ``to_<state>`` shortcut jumps around the rules;
- a separator of our own (``/``): the default ``_`` splits ids like ``fast_track``;
- triggers scoped by region (``fire_review.approve``): a plain ``approve`` would fire in
  every concurrent region at once.

``transitions`` attaches methods to the object it drives, so it drives a private plain
object (``_Case``); users see the typed ``Application``.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from transitions.extensions import HierarchicalMachine
from transitions.extensions.nesting import NestedState

from .errors import DefinitionError, ExpressionError, UsageError, WalkError
from .expr import Value
from .loader import Definition
from .semantics import Semantics, first_open, initial_state
from .structure import Move, Structure
from .values import attribute_values

__all__ = ["Application", "ProcessMachine", "Step", "compile"]


class _State(NestedState):
    separator = "/"


class _Machine(HierarchicalMachine):
    state_cls = _State


class _Case:
    """The plain object ``transitions`` drives; it holds what guards read."""

    def __init__(self, values: Mapping[str, Value]) -> None:
        self.values = dict(values)
        self.exited: set[str] = set()
        self.visits: Counter[str] = Counter()
        self.finals: frozenset[str] = frozenset()
        self.active: tuple[str, ...] = ()
        self.fired: Move | None = None

    def done(self, state: str) -> bool:
        """``done(s)``: the case has left ``s``, or rests in ``s`` and ``s`` is final."""
        return state in self.exited or (state in self.finals and state in self.active)


@dataclass(frozen=True)
class Step:
    """One step an application took: which trigger, from where, to where, what it issued."""

    number: int
    trigger: str
    event: str
    source: str
    target: str
    entered: tuple[str, ...]
    stage: str | None
    region: str | None
    department: str | None
    certificates: tuple[str, ...]
    transition: int = -1
    """Index of the transition taken in the file's ``transitions`` list."""


class ProcessMachine:
    """A compiled definition: one ``transitions`` machine shared by its applications."""

    def __init__(self, definition: Definition) -> None:
        self.definition = definition
        self.structure: Structure = definition.structure
        self.semantics = Semantics(self.structure)
        self.finals = self.semantics.finals
        self.machine = _Machine(model=None, states=_states(self.structure),
                                initial=self._initial_name(), auto_transitions=False,
                                send_event=True, queued=False)
        for move in self.structure.moves:
            self.machine.add_transition(
                move.event, self._source_name(move), self._target_name(move),
                conditions=[partial(self.allows, move)],
                after=[partial(_record, move)])

    @property
    def events(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.event for m in self.structure.moves))

    def start(self, attributes: Mapping[str, object] | None = None) -> Application:
        return Application(self, attributes)

    def allows(self, move: Move, event: Any) -> bool:
        """The condition of ``move`` for the case ``event.model`` (also used by walks)."""
        return self.permits(move, event.model)

    def permits(self, move: Move, case: _Case) -> bool:
        """``Semantics.condition`` for the case; a guard that fails to evaluate is the
        definition's error, located at its ``when``."""
        try:
            return self.semantics.condition(move, case.active, case.visits.__getitem__,
                                            case.values, case.done)
        except ExpressionError as error:  # e.g. a division by zero for this applicant
            where = self.definition.source.locate_in_scalar(
                ("transitions", move.index, "when"), error.offset)
            raise DefinitionError.single(where, f"guard: {error.message}", error.hint,
                                         (f"条件：{error.message_zh}", error.hint_zh)) from None

    def _initial_name(self) -> str | list[str]:
        names = [self.structure.places[s].machine_name for s in self.structure.initial]
        if len(names) == 1:
            return names[0]
        stage = self.structure.places[self.structure.initial[0]].stage
        assert stage is not None
        return stage.id

    def _source_name(self, move: Move) -> str:
        if move.join:
            return move.source
        return self.structure.places[move.source].machine_name

    def _target_name(self, move: Move) -> str:
        if move.target in self.structure.stages:
            return move.target
        return self.structure.places[move.target].machine_name


def _record(move: Move, event: Any) -> None:
    event.model.fired = move


def _states(structure: Structure) -> list[dict[str, Any]]:
    """The nested state list ``transitions`` expects, built from the stages."""

    def leaf(state_id: str) -> dict[str, Any]:
        # Final states are not marked for ``transitions``: its on_final handling raises
        # AttributeError ('scoped_enter') when an earlier region moves while the last one
        # rests in a final state. The joins and outcomes here read ``finals`` instead.
        return {"name": state_id}

    result: list[dict[str, Any]] = []
    for stage in structure.process.stages:
        if stage.concurrent:
            regions = [{"name": r.id, "children": [leaf(s.id) for s in r.states],
                        "initial": initial_state(r)} for r in stage.regions]
            result.append({"name": stage.id, "parallel": regions})
        else:
            result.append({"name": stage.id, "children": [leaf(s.id) for s in stage.states],
                           "initial": initial_state(stage)})
    result.extend(leaf(s.id) for s in structure.process.states)
    return result


def compile(definition: Definition) -> ProcessMachine:  # noqa: A001 - the public verb
    """Compile a loaded definition into its ``transitions`` machine."""
    return ProcessMachine(definition)


class Application:
    """One case moving through a compiled process."""

    def __init__(self, machine: ProcessMachine,
                 attributes: Mapping[str, object] | None = None) -> None:
        self.machine = machine
        self.structure = machine.structure
        self._case = _Case(attribute_values(machine.structure.process, attributes or {}))
        self._case.finals = machine.finals
        machine.machine.add_model(self._case)
        # The shared machine holds the case; let it go when the application goes.
        weakref.finalize(self, machine.machine.remove_model, self._case)
        self._history: list[Step] = []
        self._certificates: list[str] = []
        self._sync()
        for state in self._case.active:
            self._case.visits[state] += 1

    # -- what the case is now ------------------------------------------------------------

    @property
    def attributes(self) -> dict[str, Value]:
        return dict(self._case.values)

    @property
    def states(self) -> tuple[str, ...]:
        """The active leaf states, one per running region, in declared order."""
        return self._case.active

    @property
    def history(self) -> tuple[Step, ...]:
        return tuple(self._history)

    @property
    def certificates(self) -> tuple[str, ...]:
        return tuple(self._certificates)

    @property
    def finished(self) -> bool:
        return self.outcome is not None

    @property
    def outcome(self) -> str | None:
        if len(self._case.active) != 1:
            return None
        place = self.structure.places[self._case.active[0]]
        return place.state.outcome if place.case_final else None

    def done(self, state: str) -> bool:
        return self._case.done(state)

    def enabled(self, *, shadowed: bool = False) -> tuple[Move, ...]:
        """The moves that may fire now, in the order of the file's regions and transitions.

        Of two open moves from one state on one event, the first in the file fires
        (``docs/semantics.md``, as ``transitions`` does); the second is shadowed and not
        listed (unless ``shadowed``: the checker's overlap tests want to see it), so a walk
        never picks a move that firing its event would not take.
        """
        semantics = self.machine.semantics
        case = self._case

        def is_open(move: Move) -> bool:
            return self.machine.permits(move, case)

        open_moves: list[Move] = []
        for source in semantics.candidate_sources(case.active):
            groups = semantics.groups.get(source, ())
            if shadowed:
                open_moves.extend(m for m in self.structure.moves_from.get(source, ())
                                  if is_open(m))
            else:
                open_moves.extend(first_open(groups, is_open))
        return tuple(open_moves)

    def triggers(self) -> tuple[str, ...]:
        """The enabled triggers as a user types them (``approve`` or ``region.approve``)."""
        return tuple(dict.fromkeys(m.event for m in self.enabled()))

    # -- acting ------------------------------------------------------------------------

    def fire(self, trigger: str) -> Step:
        """Fire ``trigger`` (``approve``, or ``fire_review.approve`` to name the region)."""
        event = self._event_for(trigger)
        before = self._case.active
        self._case.fired = None
        if not self._case.trigger(event):  # type: ignore[attr-defined]  # pragma: no cover - _event_for checked it
            raise WalkError(f"`{trigger}` did not fire from {', '.join(before)}",
                            zh=f"`{trigger}` 没能从 {', '.join(before)} 触发")
        move = self._case.fired
        assert move is not None
        self._sync()
        left = set(before) - set(self._case.active) if not move.join else set(before)
        left.add(move.source)
        self._case.exited.update(s for s in left if s in self.structure.places)
        for state in move.entry:
            self._case.visits[state] += 1
        source = self.structure.places.get(move.source)
        step = Step(len(self._history) + 1, move.trigger, move.event, move.source,
                    move.target, move.entry,
                    source.stage.id if source and source.stage else move.source if move.join
                    else None,
                    move.region, source.department if source else None, move.issues,
                    move.index)
        self._history.append(step)
        self._certificates.extend(move.issues)
        return step

    def _event_for(self, trigger: str) -> str:
        enabled = self.enabled()
        exact = [m for m in enabled if m.event == trigger]
        if exact:
            return trigger
        matching = list(dict.fromkeys(m.event for m in enabled if m.trigger == trigger))
        if len(matching) == 1:
            return matching[0]
        if len(matching) > 1:
            raise UsageError(f"`{trigger}` is enabled in several regions: "
                             f"{', '.join(matching)}; name one",
                             zh=f"`{trigger}` 在多个区域都可走：{', '.join(matching)}；请指定一个")
        here = ", ".join(self._case.active)
        triggers = ", ".join(self.triggers())
        options = triggers or "none (the case is finished or stuck)"
        raise WalkError(f"`{trigger}` is not enabled in {here}; enabled: {options}",
                        zh=f"`{trigger}` 在 {here} 不可用；可用的："
                           f"{triggers or '无（案件已办结或卡住）'}")

    def _sync(self) -> None:
        self._case.active = _leaves(self._case.state)  # type: ignore[attr-defined]


def _leaves(state: object) -> tuple[str, ...]:
    if isinstance(state, str):
        return (state.rsplit("/", 1)[-1],)
    if isinstance(state, list | tuple):
        return tuple(leaf for item in state for leaf in _leaves(item))
    return (str(state).rsplit("/", 1)[-1],)
