"""Every bundled definition loads, resolves and compiles: a broken one turns CI red."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_kit import compile, load, walk

PROCESSES = sorted((Path(__file__).parent.parent / "processes").glob("*.yaml"))
DEFINITIONS = [p for p in PROCESSES if p.stem.count(".") == 0]


def test_there_are_bundled_processes() -> None:
    assert {p.stem for p in DEFINITIONS} >= {"xianyang-culture-subsidy"}


@pytest.mark.parametrize("path", DEFINITIONS, ids=lambda p: p.name)
def test_bundled_definition_loads_and_compiles(path: Path) -> None:
    definition = load(path)
    assert definition.id == path.stem, "a process's id is its file name"
    machine = compile(definition)
    assert machine.events


@pytest.mark.parametrize("path", DEFINITIONS, ids=lambda p: p.name)
def test_default_walk_ends_with_an_outcome(path: Path) -> None:
    result = walk(compile(load(path)))
    assert result.outcome is not None


@pytest.mark.parametrize("path", DEFINITIONS, ids=lambda p: p.name)
def test_every_fact_is_sourced_or_marked(path: Path) -> None:
    process = load(path).process
    for department in process.departments:
        assert department.source or department.assumption, department.id
    for certificate in process.certificates:
        assert certificate.source or certificate.assumption, certificate.id
