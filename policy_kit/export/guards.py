"""A move's guard as a BPMN condition: the text a gateway's flow carries.

Part of render (load → … → **render**), pure. Of two moves on one trigger the first
declared wins (docs/semantics.md); not every engine takes an exclusive gateway's flows in
document order (SpiffWorkflow does not), so a later move's condition also says that every
earlier one of its group is closed (``and not (…)``). A task's outcome gateway reads the
outcome its form set (``trigger == "pass"``), and-ed with that.
"""

from __future__ import annotations

from ..expr import BoolOp, Expr, to_text
from ..semantics import Semantics
from ..structure import Move

__all__ = ["Conditions"]


class Conditions:
    """Conditions of one process's moves; ``variable`` is what a task's form sets."""

    def __init__(self, semantics: Semantics, variable: str) -> None:
        self.variable = variable
        self.earlier: dict[tuple[int, str], tuple[Move, ...]] = {
            move.key: group[:i] for groups in semantics.groups.values()
            for group in groups for i, move in enumerate(group)}
        """For each move, the moves declared before it in its group: they win if open."""

    def excluding(self, move: Move) -> str | None:
        """The move's guard, and-ed with ``not (…)`` of each earlier move of its group;
        "false" after one that is always open; None when nothing restricts it."""
        parts = [] if move.guard is None else [_operand(move.guard.tree)]
        for before in self.earlier.get(move.key, ()):
            if before.guard is None:
                return "false"
            parts.append(f"not ({to_text(before.guard.tree)})")
        return " and ".join(parts) or None

    def choice(self, move: Move) -> str:
        """``trigger == "pass"``, and-ed with the move's guard: the task's outcome, if
        allowed."""
        text = f'{self.variable} == "{move.trigger}"'
        guard = self.excluding(move)
        return text if guard is None else f"{text} and {guard}"


def _operand(tree: Expr) -> str:
    """A guard's text, parenthesised when it is an ``or`` (so ``and`` binds as meant)."""
    text = to_text(tree)
    return f"({text})" if isinstance(tree, BoolOp) and tree.op == "or" else text
