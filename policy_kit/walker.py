"""Walking one application through a compiled process: the answer to "what happens to mine?".

Part of compile → **walk** → render: a pure function from a machine, the applicant's
attributes and the user's choices to an immutable record of the steps. The rule at each
step: the next ``--choose`` if it is enabled; otherwise the default way on of the first
region (in declared order) that can move, or that region's first enabled way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .errors import UsageError, WalkError
from .expr import Value
from .machine import Application, ProcessMachine, Step
from .semantics import default_way
from .structure import Move

__all__ = ["Walk", "walk"]

MAX_STEPS = 10_000


@dataclass(frozen=True)
class Walk:
    """Where an application went, and how it ended (``outcome`` is None when stuck)."""

    steps: tuple[Step, ...]
    outcome: str | None
    certificates: tuple[str, ...]
    states: tuple[str, ...]
    attributes: Mapping[str, Value]

    @property
    def stuck(self) -> bool:
        return self.outcome is None


def walk(machine: ProcessMachine, attributes: Mapping[str, object] | None = None,
         choose: Sequence[str] = (), max_steps: int = MAX_STEPS) -> Walk:
    """Walk one application to its end; raise ``UsageError`` if a choice was never used."""
    application = machine.start(attributes)
    pending = list(choose)
    while not application.finished:
        enabled = application.enabled()
        if not enabled:
            break
        if len(application.history) >= max_steps:
            raise WalkError(f"the walk did not end within {max_steps} steps; a loop without "
                            "a bound? (see `policy-kit validate`)",
                            zh=f"走查在 {max_steps} 步内没有结束；是不是有没有上限的循环？"
                               "（见 `policy-kit validate`）")
        move = _chosen(enabled, pending[0]) if pending else None
        if move is not None:
            pending.pop(0)
        else:
            move = _default(application, enabled)
        application.fire(move.event)
    if pending:
        where = ", ".join(application.states)
        raise UsageError(f"--choose {pending[0]} was never enabled (the walk ended at "
                         f"{where}); check the trigger's name and the order of --choose",
                         zh=f"--choose {pending[0]} 始终没有可用(走到 {where} 就结束了);"
                            "检查触发的名称和各个 --choose 的顺序")
    return Walk(application.history, application.outcome, application.certificates,
                application.states, application.attributes)


def _chosen(enabled: Sequence[Move], choice: str) -> Move | None:
    for move in enabled:
        if choice in (move.event, move.trigger):
            return move
    return None


def _default(application: Application, enabled: Sequence[Move]) -> Move:
    first = enabled[0]
    group = [m for m in enabled if m.source == first.source]
    return default_way(group, lambda m: m.default)

