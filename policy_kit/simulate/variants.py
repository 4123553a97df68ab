"""Two variants of a process run on the same applicants: what ``compare`` and reports share.

Part of **simulate**. A variant is a process with its scenario, or a scenario file that
names its process; ``compare_variants`` runs both with the same settings and seed
(common random numbers) and returns exactly what ``policy-kit compare --json`` prints,
so a report quoting a saving quotes the command's figure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..formats import FORMATS
from ..loader import bundled_dir, load
from ..source import read_yaml
from .build import Model, build
from .compare import compare, summary
from .loading import load_scenario, scenario_path
from .run import simulate
from .soundness import refuse_unsound

__all__ = ["SUFFIX", "compare_variants", "load_variant", "variant_names"]

SUFFIX = ".scenario.yaml"


def load_variant(spec: str, scenario: Path | None, allow_unsound: bool = False,
                 lang: str = "en") -> Model:
    """A process with its (or the given) scenario, or a scenario file with its process."""
    if spec.endswith(SUFFIX):
        path = Path(spec)
        definition = load(_process_of(path))
        chosen = path
    else:
        definition = load(spec)
        chosen = scenario if scenario is not None else scenario_path(definition)
    if not allow_unsound:
        refuse_unsound(definition, lang=lang)
    return build(definition, load_scenario(chosen, definition))


def compare_variants(model_a: Model, model_b: Model, specs: tuple[str, str | None], *,
                     scenario: Path | None = None, cases: int | None = None,
                     replications: int | None = None, seed: int | None = None,
                     lang: str = "en", workers: int | None = None) -> dict[str, Any]:
    """Both variants simulated on A's settings (at least two paired replications), each
    figure's difference with its interval, and the summary sentence: ``compare --json``.

    ``specs``: A and B as the user named them (B None: A with changes).
    """
    a, b = specs
    settings = model_a.scenario
    runs = [simulate(m, cases=cases or settings.cases,
                     replications=replications or max(settings.replications, 2),
                     seed=settings.seed if seed is None else seed, scenario_name=name,
                     workers=workers)
            for m, name in ((model_a, a), (model_b, b or f"{a} (changed)"))]
    difference = compare(*runs)
    name_a, name_b = variant_names(a, b, model_a, model_b, scenario, lang)
    return {"format": FORMATS["compare"], "a": runs[0].data, "b": runs[1].data,
            "difference": difference,
            "summary": summary(difference, name_a, name_b, lang)}


def variant_names(a: str, b: str | None, model_a: Model, model_b: Model,
                  scenario: Path | None, lang: str) -> tuple[str, str]:
    """What the summary calls A and B: their processes when those differ, else their
    scenarios (two scenarios of one process), else "A" and "the change"."""
    if b is None:
        return "A", ("改动后" if lang == "zh" else "the change")
    if model_a.definition.id != model_b.definition.id:
        return model_a.definition.id, model_b.definition.id
    names = _scenario_name(a, scenario), _scenario_name(b, scenario)
    if names[0] == names[1]:  # the same file name in two folders: the paths as given
        names = (a, b) if a != b else ("A", "B")
    return names


def _scenario_name(spec: str, scenario: Path | None) -> str:
    if spec.endswith(SUFFIX):
        return Path(spec).name
    return scenario.name if scenario is not None else spec


def _process_of(path: Path) -> str | Path:
    """The process a scenario file is for: the file beside it, else the bundled one."""
    data, _ = read_yaml(path)
    name = data.get("process") if isinstance(data, dict) else None
    if not isinstance(name, str):
        raise UsageError(f"{path}: a scenario names its process with `process:`",
                         zh=f"{path}：情景用 `process:` 写明它的流程")
    beside = path.parent / f"{name}.yaml"
    if beside.exists():
        return beside
    if (bundled_dir() / f"{name}.yaml").exists():
        return name
    raise UsageError(f"{path}: no process `{name}` beside it or bundled",
                     zh=f"{path}：旁边和内置流程中都没有流程 `{name}`")
