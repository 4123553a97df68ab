"""The public names are pinned: adding or removing one is a deliberate edit of this file
(and of docs/api.md), never a side effect of a refactoring."""

from __future__ import annotations

import importlib

import pytest

import policy_kit
import policy_kit.api

PUBLIC = {
    "policy_kit": {
        "Application", "Definition", "DefinitionError", "ExpressionError", "Location",
        "PolicyKitError", "Problem", "Process", "ProcessMachine", "RenderError", "Step",
        "UsageError", "Walk", "WalkError", "bundled", "compile", "load", "walk",
    },
    "policy_kit.api": {
        "AwardExplanation", "AwardResult", "CheckResult", "CheckedFinding", "CompareResult",
        "PathResult", "SimulateResult", "award", "check", "compare", "explain_award", "path",
        "simulate",
    },
}


@pytest.mark.parametrize("module", sorted(PUBLIC))
def test_the_public_names_are_the_pinned_ones(module: str) -> None:
    imported = importlib.import_module(module)
    assert set(imported.__all__) == PUBLIC[module]
    assert len(imported.__all__) == len(set(imported.__all__)), "a name listed twice"
    assert set(dir(imported)) >= PUBLIC[module]


@pytest.mark.parametrize(("module", "name"), [
    pytest.param(module, name, id=f"{module}.{name}")
    for module, names in sorted(PUBLIC.items()) for name in sorted(names)])
def test_every_public_name_resolves_and_is_documented(module: str, name: str) -> None:
    value = getattr(importlib.import_module(module), name)
    assert value is not None
    assert (value.__doc__ or "").strip(), f"{module}.{name} has no docstring"


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="policy_kit.api' has no attribute 'nope'"):
        policy_kit.api.nope  # noqa: B018
