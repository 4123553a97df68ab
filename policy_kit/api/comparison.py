"""Comparing two variants from Python: ``compare(...)``, whose result is ``compare --json``.

Part of the API layer over **simulate**. Both variants run on A's settings with the same
seed, so the same applicants arrive at the same times in both (common random numbers);
each figure's difference B − A has a 95% interval over the paired replications, and a
verdict only where that interval excludes zero.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from .base import Result
from .simulation import Interval, SimulateResult

__all__ = ["CompareResult", "compare", "compare_changes"]


class Difference(Result):
    """One figure: A's and B's means over the replications, and B − A."""

    a: float | None
    b: float | None
    difference: float | None
    ci95: Interval
    verdict: Literal["B higher", "B lower"] | None


class CompareResult(Result):
    """Both runs in full, each figure's paired difference, and the headline sentence."""

    format: int
    """The version of this JSON's format (docs/format.md)."""
    a: SimulateResult
    b: SimulateResult
    difference: dict[str, Difference]
    """By flat figure name: ``cycle_time.government.mean``, ``outcomes.approved``, …"""
    summary: str
    """The headline in one sentence, in the language asked for."""


def compare(a: str | Path, b: str | Path | None = None, *, scenario: Path | None = None,
            cases: int | None = None, replications: int | None = None,
            seed: int | None = None, staff: Mapping[str, int] | None = None,
            durations: Mapping[str, str | Mapping[str, object]] | None = None,
            arrivals: float | None = None, probabilities: Mapping[str, float] | None = None,
            allow_unsound: bool = False, workers: int | None = None,
            lang: str = "zh") -> CompareResult:
    """A against B on the same applicants.

    ``a`` and ``b`` are processes (id or file, each with its scenario) or scenario files
    (``*.scenario.yaml``, which name their process). Without ``b``, B is A changed by
    ``staff`` (officers by department), ``durations`` (a task's duration, e.g.
    ``{"dist": "fixed", "value": 2}``), ``arrivals`` (Poisson arrivals per working day)
    and ``probabilities`` (``"STATE.TRIGGER"`` → the chance of that way out); with ``b``,
    the changes apply to B. At least two paired replications are run.
    """
    return compare_changes(str(a), None if b is None else str(b), scenario=scenario, cases=cases,
                    replications=replications, seed=seed,
                    staff=tuple(f"{k}={v}" for k, v in (staff or {}).items()),
                    durations=tuple(f"{k}={v if isinstance(v, str) else json.dumps(v)}"
                                    for k, v in (durations or {}).items()),
                    arrivals=arrivals,
                    probabilities=tuple(f"{k}={v}" for k, v in (probabilities or {}).items()),
                    allow_unsound=allow_unsound, workers=workers, lang=lang)


def compare_changes(a: str, b: str | None, *, scenario: Path | None, cases: int | None,
             replications: int | None, seed: int | None, staff: tuple[str, ...],
             durations: tuple[str, ...], arrivals: float | None,
             probabilities: tuple[str, ...], allow_unsound: bool, workers: int | None,
             lang: str) -> CompareResult:
    """``compare`` with the changes as the command line writes them (``DEPT=N``, …)."""
    from ..errors import UsageError
    from ..simulate import build
    from ..simulate.compare import vary
    from ..simulate.variants import compare_variants, load_variant

    changed = bool(staff or durations or arrivals is not None or probabilities)
    if b is None and not changed:
        raise UsageError("give B, or a change for B (--staff, --duration, --arrivals, --prob)",
                         zh=("请给出 B，或给出对 B 的修改（--staff、--duration、--arrivals、--pr"
                             "ob）"))
    model_a = load_variant(a, scenario, allow_unsound, lang)
    model_b = load_variant(b, scenario, allow_unsound, lang) if b is not None else model_a
    if changed:
        varied = vary(model_b.scenario, model_b.definition, staff=staff, durations=durations,
                      arrivals=arrivals, probabilities=probabilities)
        model_b = build(model_b.definition, varied)
    return CompareResult.of(compare_variants(
        model_a, model_b, (a, b), scenario=scenario, cases=cases, replications=replications,
        seed=seed, lang=lang, workers=workers))
