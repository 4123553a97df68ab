"""policy-kit: government policies and approval processes as data — check, walk, simulate, draw.

The public API (everything else is private and may change)::

    definition = policy_kit.load("xianyang-culture-subsidy")   # or a path to a .yaml file
    machine = policy_kit.compile(definition)                   # a transitions machine
    application = machine.start({"sector": "animation_games"})
    application.fire("submit"); application.enabled(); application.outcome
    policy_kit.walk(machine, choose=["request_supplement"])     # one whole path

Checking, walking and dating, simulating, comparing and awarding, with typed results that
are the commands' ``--json``, are ``policy_kit.api`` (docs/api.md).

Names are imported lazily so that ``policy-kit --help`` does not pay for pydantic and
``transitions`` before it needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errors import (
        DefinitionError,
        ExpressionError,
        Location,
        PolicyKitError,
        Problem,
        RenderError,
        UsageError,
        WalkError,
    )
    from .loader import Definition, bundled, load
    from .machine import Application, ProcessMachine, Step, compile
    from .model import Process
    from .walker import Walk, walk

__all__ = [
    "Application",
    "Definition",
    "DefinitionError",
    "ExpressionError",
    "Location",
    "PolicyKitError",
    "Problem",
    "Process",
    "ProcessMachine",
    "RenderError",
    "Step",
    "UsageError",
    "Walk",
    "WalkError",
    "bundled",
    "compile",
    "load",
    "walk",
]

_HOMES = {
    "Application": "machine", "ProcessMachine": "machine", "Step": "machine",
    "compile": "machine", "Definition": "loader", "bundled": "loader", "load": "loader",
    "Process": "model", "Walk": "walker", "walk": "walker",
    "DefinitionError": "errors", "ExpressionError": "errors", "Location": "errors",
    "PolicyKitError": "errors", "Problem": "errors", "RenderError": "errors",
    "UsageError": "errors", "WalkError": "errors",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module 'policy_kit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
