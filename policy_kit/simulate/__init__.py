"""Simulating many applications through a process: the **simulate** stage of
load → check → compile → simulate → render.

    definition = policy_kit.load("xianyang-culture-subsidy")
    model = prepare(definition)                    # its bundled scenario, checked
    result = simulate(model, cases=1000, seed=7)   # result.data is what --json prints

Modules, in the order data flows: ``scenario`` and ``distributions`` (the file format),
``loading`` (reading and checking it against the process), ``soundness`` (asking the
checker first), ``compiled`` (the process as tables; ``reference`` steps the
``transitions`` machine instead), ``timeaxis`` (office time as numbers), ``population``
(who applies and when), ``streams`` (each case's random numbers), ``build`` (the
engine's tables), ``cases``/``choice``/``engine`` (the event loop, with ``entering``,
``firing`` and ``ending``: what entering a state, taking a move and the rarer paths do),
``tally``/``stats``/``results`` (figures), ``eventlog`` (CSV and XES), ``run``
(replications), ``compare`` (paired differences), ``table`` (terminal text).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..loader import Definition
from .build import Model, build
from .loading import load_scenario, scenario_path
from .scenario import Scenario
from .soundness import refuse_unsound

if TYPE_CHECKING:
    from .run import Run, simulate

__all__ = ["Model", "Run", "Scenario", "build", "load_scenario", "prepare", "refuse_unsound",
           "scenario_path", "simulate"]


def __getattr__(name: str) -> Any:
    """``Run`` and ``simulate`` on first use: the runner brings the worker pool
    (``multiprocessing``), which ``validate`` reading a scenario does not need."""
    if name in ("Run", "simulate"):
        return getattr(importlib.import_module(".run", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def prepare(definition: Definition, scenario: Path | None = None) -> Model:
    """The model of ``definition`` under ``scenario`` (default: the one beside it)."""
    path = scenario if scenario is not None else scenario_path(definition)
    return build(definition, load_scenario(path, definition))
