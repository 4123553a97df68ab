"""Conformance: holding an office's case log against a process.

Part of the engines (load → **conform**): replay each case on the process's moves, align
the cases that do not fit with the fewest deviations, time every step on the process
calendar and check its limits. ``conform`` runs a whole log; ``Replayer.case`` one case.
"""

from __future__ import annotations

from .activities import ActivityMap, load_activities, match_names
from .replay import Replayer
from .result import AlignedStep, CaseResult, Conformance, Deviation
from .run import Conformer, Settings, conform, replayer_for

__all__ = [
    "ActivityMap",
    "AlignedStep",
    "CaseResult",
    "Conformance",
    "Conformer",
    "Deviation",
    "Replayer",
    "Settings",
    "conform",
    "load_activities",
    "match_names",
    "replayer_for",
]
