"""The engine's stepper on the ``transitions`` machine: slow, and the reference.

Part of compile → **simulate**: the engine can step cases on ``Application`` (the
``transitions`` HierarchicalMachine, policy-kit's reference semantics) instead of the
compiled table form. Nobody simulates this way for real; the benchmark measures what the
table form saves, and the property tests use it to hold the two to the same behaviour.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..expr import Value
from ..machine import Application, ProcessMachine
from ..machine import compile as compile_machine
from .build import Model
from .compiled import CompiledMove, CompiledProcess

__all__ = ["MachineCase", "machine_starter"]


class MachineCase:
    """A case on the ``transitions`` machine, seen through the engine's ``Stepper`` protocol."""

    def __init__(self, machine: ProcessMachine, process: CompiledProcess,
                 by_move: Mapping[tuple[int, str], CompiledMove],
                 values: Mapping[str, Value]) -> None:
        self.application: Application = machine.start(dict(values))
        self.process = process
        self.by_move = by_move
        self.values = values
        self.active = self._active()
        self.visits = [0] * len(process.names)
        for leaf in self.active:
            self.visits[leaf] += 1

    def _active(self) -> tuple[int, ...]:
        number = self.process.number
        return tuple(number[s] for s in self.application.states)

    def _enabled(self) -> list[CompiledMove]:
        return [self.by_move[m.key] for m in self.application.enabled()]

    def enabled_from(self, leaf: int) -> list[CompiledMove]:
        return [m for m in self._enabled() if m.source == leaf]

    def enabled_joins(self, leaf: int) -> list[CompiledMove]:
        joins = self.process.joins_of[leaf]
        return [m for m in self._enabled() if m.join and any(m in group for group in joins)]

    def enabled(self) -> list[CompiledMove]:
        return self._enabled()

    def done(self, state: str) -> bool:
        return self.application.done(state)

    def passed(self, leaf: int) -> bool:
        return self.application.done(self.process.names[leaf])

    def fire(self, move: CompiledMove) -> tuple[int, ...]:
        before = self.active
        self.application.fire(move.move.event)
        self.active = self._active()
        for leaf in move.entry:
            self.visits[leaf] += 1
        return (move.source,) if move.local else before


def machine_starter(model: Model) -> Callable[[Mapping[str, Value]], MachineCase]:
    """A ``StartCase`` for the engine that steps every case on the ``transitions`` machine."""
    machine = compile_machine(model.definition)
    by_move = {m.move.key: m for m in model.process.moves}

    def start(values: Mapping[str, Value]) -> MachineCase:
        return MachineCase(machine, model.process, by_move, values)

    return start
