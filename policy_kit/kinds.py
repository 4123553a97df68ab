"""The kinds of file policy-kit reads, told apart by name: imported at start-up, so tiny.

Part of load. ``policy_kit.files`` checks each kind against its process; ``policy_kit.schema``
writes each kind's JSON Schema.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

__all__ = ["KINDS", "Kind", "kind_of"]

Kind = Literal["process", "scenario", "policy", "mapping", "holidays"]
KINDS: tuple[Kind, ...] = ("process", "scenario", "policy", "mapping", "holidays")
_SUFFIXES: dict[str, Kind] = {".scenario.yaml": "scenario", ".scenario.yml": "scenario",
                              ".policy.yaml": "policy", ".policy.yml": "policy",
                              ".mapping.yaml": "mapping", ".mapping.yml": "mapping"}


def kind_of(spec: str | Path) -> Kind:
    """The kind of file ``spec`` names, by its name (a bundled id is a process)."""
    name = Path(spec).name.lower()
    return next((kind for suffix, kind in _SUFFIXES.items() if name.endswith(suffix)),
                "process")
