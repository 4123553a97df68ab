"""The fixture corpus: one small definition per code, each stating exactly what it yields.

Each file in ``tests/checks/`` carries ``# expect: CODE ids LINE [suppressed]`` lines; the
checker must report exactly those findings (codes, ids in order, lines), no more, no
fewer (PK701 aside, outside its own fixtures). The scenario codes (PK5xx) have a scenario
in ``tests/checks/scenarios/`` beside the process it is written for, and state what
loading it reports. ``docs/checks.md`` shows the same files, and every code in the
catalogue has one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_kit.check import CATALOGUE, check_file
from policy_kit.files import check_companion

CORPUS = Path(__file__).parent / "checks"
FILES = sorted(CORPUS.glob("*.yaml"))
SCENARIOS = sorted(p for p in (CORPUS / "scenarios").glob("*.*.yaml"))
"""Scenario, policy and mapping files, each beside the process(es) it names."""
DOCS = Path(__file__).parent.parent / "docs" / "checks.md"
PROVENANCE = "PK701"
"""Held to its own fixtures (``pk7*``): the others are minimal examples of their code and
leave their numbers unsourced, so their PK701s are not part of what they state."""


def _expected(path: Path) -> list[tuple[str, str, int, bool]]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect:"):
            parts = line.removeprefix("# expect:").split()
            found.append((parts[0], parts[1], int(parts[2]), parts[3:] == ["suppressed"]))
    return sorted(found)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_fixture_yields_exactly_its_findings(path: Path) -> None:
    expected = _expected(path)
    assert expected, "a fixture states what it expects"
    findings, _ = check_file(path)
    got = sorted((f.code, ",".join(f.ids) or "-", f.location.line, f.suppressed is not None)
                 for f in findings if f.code != PROVENANCE or path.name.startswith("pk7"))
    assert got == expected


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_companion_fixture_yields_exactly_its_problems(path: Path) -> None:
    expected = _expected(path)
    assert expected, "a fixture states what it expects"
    problems = check_companion(path)
    assert all(p.location.file == str(path) for p in problems)
    got = sorted((p.code, ",".join(p.ids) or "-", p.location.line, False) for p in problems)
    assert got == expected


@pytest.mark.parametrize("path", [*FILES, *SCENARIOS], ids=lambda p: p.name)
def test_fixture_is_named_for_its_code(path: Path) -> None:
    code = path.name[:5].upper()
    assert code in CATALOGUE
    assert code in {c for c, *_ in _expected(path)}


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_has_a_fixture(code: str) -> None:
    assert any(p.name.upper().startswith(code) for p in [*FILES, *SCENARIOS]), code


@pytest.mark.parametrize("path", [*FILES, *SCENARIOS], ids=lambda p: p.name)
def test_docs_show_each_fixture(path: Path) -> None:
    docs = DOCS.read_text(encoding="utf-8")
    body = path.read_text(encoding="utf-8").rstrip("\n")
    assert f"```yaml\n{body}\n```" in docs, f"docs/checks.md does not show {path.name}"


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_docs_explain_every_code(code: str) -> None:
    assert f"## {code}" in DOCS.read_text(encoding="utf-8")
