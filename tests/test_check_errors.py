"""``check.errors``, the pre-run check of ``simulate``: exactly the errors ``check`` finds.

It skips the work only warnings and hints need (time limits, checked hints), so it must
refuse the same definitions with the same messages: every file of the fixture corpus (one
per code), every bundled process, and random definitions (the checker's generator, with
deadlocks, gaps and dead transitions among them).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from test_check_properties import SETTINGS, Generated, definitions

from policy_kit.check import Finding, check, errors
from policy_kit.errors import DefinitionError
from policy_kit.loader import Definition, load

ROOT = Path(__file__).parent.parent
FILES = sorted((ROOT / "tests" / "checks").glob("*.yaml")) + sorted(
    p for p in (ROOT / "processes").glob("*.yaml") if p.stem.count(".") == 0)


def _said(findings: tuple[Finding, ...]) -> list[tuple[object, ...]]:
    """What a refusal prints of each finding (``soundness.describe``), and its ids."""
    return [(f.code, str(f.location), f.ids, f.text("en"), f.text("zh")) for f in findings]


def _found(findings: tuple[Finding, ...]) -> list[tuple[object, ...]]:
    """Each finding's code, place and ids. (The applicant a PK301 message names as an
    example is the solver's model, which can differ with what it was asked before in the
    process: the same definition checked twice can name two applicants.)"""
    return [(f.code, str(f.location), f.ids) for f in findings]


def _errors_of_check(definition: Definition) -> tuple[Finding, ...]:
    return tuple(f for f in check(definition) if f.severity == "error")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_errors_are_the_errors_check_finds(path: Path) -> None:
    try:
        definition = load(path)
    except DefinitionError:
        pytest.skip("does not load: its errors are loading problems, before any check")
    assert _said(errors(definition)) == _said(_errors_of_check(definition))


def test_the_corpus_has_errors_for_errors_to_find() -> None:
    """The comparison above is not all empty: most corpus files that load have errors."""
    found = set()
    for path in FILES:
        try:
            found.update(f.code for f in errors(load(path)))
        except DefinitionError:
            continue
    assert {"PK106", "PK113", "PK201", "PK204", "PK301", "PK601"} <= found


@SETTINGS
@given(definitions())
def test_errors_of_random_definitions_are_those_check_finds(generated: Generated) -> None:
    definition = generated.definition
    assert _found(errors(definition)) == _found(_errors_of_check(definition))
