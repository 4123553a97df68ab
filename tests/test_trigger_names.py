"""Ways named once per trigger (``triggers:``): a Chinese diagram or path shows 通过, not
``approve``; a transition's own ``name`` wins; a name for a trigger no way has is an error
at its line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit.cli import main
from policy_kit.loader import load
from policy_kit.model.common import label
from tests.conftest import MINIMAL

NAMED = MINIMAL + """\
triggers:
  approve: {zh: 准予许可, en: Grant}
  reject: {zh: 不予许可, en: Refuse}
"""


def test_a_trigger_name_names_every_way_on_it(write: Callable[..., Path]) -> None:
    process = load(write(NAMED)).process
    assert [label(t.name, t.on, "zh") for t in process.transitions] == ["准予许可", "不予许可"]
    assert [label(t.name, t.on, "en") for t in process.transitions] == ["Grant", "Refuse"]


def test_a_ways_own_name_wins(write: Callable[..., Path]) -> None:
    text = NAMED.replace("on: reject,", "on: reject, name: {zh: 驳回, en: Turn down},")
    process = load(write(text)).process
    assert [label(t.name, t.on, "zh") for t in process.transitions] == ["准予许可", "驳回"]


@pytest.mark.parametrize(("lang", "shown", "hidden"), [("zh", "准予许可", "Grant"),
                                                       ("en", "Grant", "准予许可")])
def test_diagrams_and_paths_show_the_name_in_the_chosen_language(
        runner: CliRunner, write: Callable[..., Path], tmp_path: Path, lang: str, shown: str,
        hidden: str) -> None:
    definition = write(NAMED)
    dot = tmp_path / "out.dot"
    result = runner.invoke(main, ["render", str(definition), "-o", str(dot), "--lang", lang])
    assert result.exit_code == 0, result.output
    text = dot.read_text(encoding="utf-8")
    assert shown in text and hidden not in text
    assert ">approve<" not in text
    path = runner.invoke(main, ["path", str(definition), "--start", "2025-03-03",
                                "--lang", lang])
    assert path.exit_code == 0, path.output
    assert shown in path.output and "--approve-->" not in path.output


def test_a_name_for_a_trigger_no_way_has_is_located(runner: CliRunner,
                                                    write: Callable[..., Path]) -> None:
    text = NAMED.replace("  approve: {zh: 准予许可", "  aprove: {zh: 准予许可")
    definition = write(text)
    line = text.splitlines().index("  aprove: {zh: 准予许可, en: Grant}") + 1
    result = runner.invoke(main, ["validate", str(definition), "--lang", "en"])
    assert result.exit_code == 1
    assert "process.yaml" in result.output and f" {line}:11  PK101" in result.output
    assert "aprove" in result.output and "approve" in result.output  # the hint


def test_every_bundled_way_is_named_in_both_languages() -> None:
    """Chinese pictures and paths of the bundled processes carry no English trigger id."""
    root = Path(__file__).parent.parent
    files = [p for p in [*root.glob("processes/*.yaml"), *root.glob("examples/*/*.yaml")]
             if not p.name.endswith((".scenario.yaml", ".policy.yaml", ".mapping.yaml"))
             and p.name != "activities.yaml"]
    assert len(files) >= 8
    for file in files:
        for way in load(file).process.transitions:
            assert isinstance(way.name, dict) or hasattr(way.name, "zh"), (file, way.on)
            assert label(way.name, way.on, "zh") != way.on, (file, way.on)
            assert label(way.name, way.on, "en") != way.on or way.on[0].isupper(), (
                file, way.on)
