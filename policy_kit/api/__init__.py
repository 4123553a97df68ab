"""The typed public API of what sets policy-kit apart: check, walk and date, simulate,
compare, award — each a function returning a frozen result model (docs/api.md).

The layer above the engines and below the CLI: every command with ``--json`` calls one of
these functions and prints ``result.model_dump(mode="json")``, so the model *is* the
command's JSON, key for key::

    from policy_kit.api import award, check, compare, explain_award, path, simulate

    findings = check("jining-construction-start")              # validate FILE --json
    dated = path("xianyang-culture-subsidy", start=date(2024, 2, 19))   # path --start
    run = simulate("xianyang-culture-subsidy", cases=200, seed=1)       # simulate --json
    saving = compare("jining-construction-start-pre-reform", "jining-construction-start")
    year = award("xianyang-culture-subsidy")                   # award --json
    why = explain_award("xianyang-culture-subsidy", "陕西西创互娱科技有限公司")  # --explain

Bad input raises the errors of ``policy_kit.errors`` (``DefinitionError`` with its
file:line:col, ``UsageError`` for a bad argument). The names below are the whole surface
(``tests/test_api_surface.py`` pins them); the modules behind them are private. Names are
imported lazily, so importing this package costs nothing until a function is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .award_trace import AwardExplanation, explain_award
    from .awards import AwardResult, award
    from .checking import CheckedFinding, CheckResult, check
    from .comparison import CompareResult, compare
    from .paths import PathResult, path
    from .simulation import SimulateResult, simulate

__all__ = [
    "AwardExplanation",
    "AwardResult",
    "CheckResult",
    "CheckedFinding",
    "CompareResult",
    "PathResult",
    "SimulateResult",
    "award",
    "check",
    "compare",
    "explain_award",
    "path",
    "simulate",
]

_HOMES = {
    "AwardResult": "awards", "award": "awards",
    "AwardExplanation": "award_trace", "explain_award": "award_trace",
    "CheckResult": "checking", "CheckedFinding": "checking", "check": "checking",
    "CompareResult": "comparison", "compare": "comparison",
    "PathResult": "paths", "path": "paths",
    "SimulateResult": "simulation", "simulate": "simulation",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module 'policy_kit.api' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
