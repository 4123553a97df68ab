"""``policy-kit render`` end to end: every bundled process in every format, through the real
``dot``; the SVG parsed; a missing ``dot``; usage errors."""

from __future__ import annotations

import struct
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit.cli import main
from policy_kit.errors import RenderError
from policy_kit.loader import bundled, load
from policy_kit.render import build, run_dot, to_dot
from policy_kit.render.dot import run_dot as run_graphviz
from policy_kit.render.graphviz import GraphvizMissing
from policy_kit.render.produce import Choices, diagram_text

FIXTURES = Path(__file__).parent / "fixtures"
SVG = "{http://www.w3.org/2000/svg}"
FORMATS = ["dot", "svg", "png", "pdf", "mermaid", "bpmn"]
SUFFIX = {"dot": "dot", "svg": "svg", "png": "png", "pdf": "pdf", "mermaid": "mmd",
          "bpmn": "bpmn"}
HEADERS = {"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF", "bpmn": b"<?xml"}


def render(runner: CliRunner, *args: str | Path) -> tuple[int, str]:
    result = runner.invoke(main, ["render", *map(str, args)])
    return result.exit_code, result.output


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("process", bundled())
def test_every_bundled_process_in_every_format(runner: CliRunner, tmp_path: Path,
                                               process: str, fmt: str) -> None:
    out = tmp_path / f"{process}.{SUFFIX[fmt]}"
    code, output = render(runner, process, "-o", out)
    assert code == 0, output
    assert output.strip() == f"wrote {out}"
    data = out.read_bytes()
    if fmt in HEADERS:
        assert data.startswith(HEADERS[fmt])
    elif fmt == "dot":
        assert data.startswith(b"digraph") and "图例".encode() in data
    else:
        assert data.startswith(b"---\ntitle:") and b"stateDiagram-v2" in data
    assert [p.name for p in tmp_path.iterdir()] == [out.name], "no temporary file is left"


def _svg(runner: CliRunner, tmp_path: Path, spec: str | Path, *extra: str) -> ET.Element:
    out = tmp_path / "picture.svg"
    code, output = render(runner, spec, "-o", out, *extra)
    assert code == 0, output
    return ET.parse(out).getroot()


def _texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def _classes(root: ET.Element, *names: str) -> list[ET.Element]:
    """The SVG groups whose class list holds every one of ``names``."""
    return [g for g in root.iter(f"{SVG}g") if set(names) <= set((g.get("class") or "").split())]


@pytest.mark.parametrize("process", bundled())
def test_svg_holds_stage_names_in_chinese_legend_and_concurrency(
        runner: CliRunner, tmp_path: Path, process: str) -> None:
    root = _svg(runner, tmp_path, process)
    texts = _texts(root)
    definition = load(process)
    for stage in definition.process.stages:
        name = stage.name.pick("zh") if stage.name else stage.id
        assert any(name in t for t in texts), f"stage {name} is not drawn"
    assert "图例" in texts
    for department in definition.process.departments:
        if any(department.id in (g.get("class") or "") for g in _classes(root, "state")):
            assert department.name.pick("zh") in texts
    regions = [r for s in definition.process.stages for r in s.regions]
    assert len(_classes(root, "cluster", "region", "concurrent")) == len(regions)
    concurrent = [s for s in definition.process.stages if s.concurrent]
    assert len(_classes(root, "cluster", "stage", "concurrent")) == len(concurrent)
    assert len(_classes(root, "node", "bar", "fork")) == len(concurrent)
    assert len(_classes(root, "node", "bar", "join")) == len(concurrent)
    if concurrent:
        assert "‖ 并联审批" in " ".join(texts) or "并联审批" in texts


def test_svg_edges_carry_the_whole_guard_as_tooltip(runner: CliRunner, tmp_path: Path) -> None:
    root = _svg(runner, tmp_path, FIXTURES / "render_wide.yaml")
    edge = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "t6")
    titles = [a.get("{http://www.w3.org/1999/xlink}title") for a in edge.iter(f"{SVG}a")]
    assert 'approve when done(fire_check) and amount > 10 and kind in ["a", "b"] and not ' \
           "urgent" in titles


def test_english_and_both_languages(runner: CliRunner, tmp_path: Path) -> None:
    english = _texts(_svg(runner, tmp_path, "xianyang-culture-subsidy", "--lang", "en"))
    assert any("Preliminary review" in t for t in english)
    assert not any("初审" in t for t in english)
    both = _texts(_svg(runner, tmp_path, "xianyang-culture-subsidy", "--lang", "both"))
    assert any("初审" in t for t in both) and any("Preliminary" in t for t in both)


def test_png_is_drawn_at_150_dpi(runner: CliRunner, tmp_path: Path) -> None:
    svg_root = _svg(runner, tmp_path, FIXTURES / "parallel.yaml")
    points = float(svg_root.get("width", "0").removesuffix("pt"))
    out = tmp_path / "p.png"
    assert render(runner, FIXTURES / "parallel.yaml", "-o", out)[0] == 0
    width = struct.unpack(">I", out.read_bytes()[16:20])[0]
    assert width / points * 72 >= 149


def test_pdf_embeds_the_cjk_font(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "p.pdf"
    assert render(runner, FIXTURES / "parallel.yaml", "-o", out)[0] == 0
    assert b"NotoSansCJK" in out.read_bytes()


def test_options_reach_the_dot_text(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "x.gv"
    code, _ = render(runner, FIXTURES / "render_wide.yaml", "-o", out, "--direction", "LR",
                     "--detail", "stages")
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert "rankdir=LR" in text and "fork.reviews" not in text and "plan_review [" in text


def test_format_option_wins_over_the_suffix(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "diagram.txt"
    assert render(runner, FIXTURES / "parallel.yaml", "-o", out, "--format", "mermaid")[0] == 0
    assert "stateDiagram-v2" in out.read_text(encoding="utf-8")


def test_markdown_output_is_a_fenced_mermaid_block(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "README.md"
    assert render(runner, FIXTURES / "parallel.yaml", "-o", out)[0] == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("```mermaid\n---\n") and text.endswith("```\n")


# -- errors ------------------------------------------------------------------------------


@pytest.mark.usefixtures("english")  # its messages are pinned in English
def test_unknown_suffix_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    code, output = render(runner, "xianyang-culture-subsidy", "-o", tmp_path / "x.jpg")
    assert code == 2
    assert "cannot tell the format from `x.jpg`" in output and "Traceback" not in output


def test_missing_dot_writes_the_dot_file_and_says_how_to_install(
        runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out = tmp_path / "out" / "diagram.svg"
    code, output = render(runner, FIXTURES / "parallel.yaml", "-o", out)
    assert code == 1
    assert not out.exists()
    beside = out.with_suffix(".dot")
    assert beside.read_text(encoding="utf-8").startswith('digraph "parallel-fixture"')
    assert len(output.strip().splitlines()) == 1
    assert "apt-get install graphviz" in output and f"dot -Tsvg {beside}" in output


def test_missing_dot_through_the_injectable_lookup() -> None:
    dot = to_dot(build(load(FIXTURES / "parallel.yaml").structure))
    with pytest.raises(GraphvizMissing, match="`dot` program was not found"):
        run_dot(dot, "svg", which=lambda _: None)


def test_dot_failure_is_a_render_error() -> None:
    with pytest.raises(RenderError, match="dot could not draw the diagram: .*syntax error"):
        run_dot("digraph { a -> }", "svg")


def _hanging_dot(folder: Path) -> Path:
    """A ``dot`` that never answers (a stand-in for one stuck on a huge graph)."""
    program = folder / "dot"
    program.write_text("#!/bin/sh\nexec sleep 30\n", encoding="utf-8")
    program.chmod(0o755)
    return program


def test_a_hung_dot_is_stopped_with_a_clear_message(tmp_path: Path) -> None:
    program = str(_hanging_dot(tmp_path))
    with pytest.raises(RenderError, match=r"did not finish the diagram within 0\.3 s .*"
                                          r"POLICY_KIT_DOT_TIMEOUT"):
        run_graphviz("digraph { a }", ["-Tsvg"], which=lambda _: program, timeout=0.3)


def test_a_hung_dot_ends_render_and_bpmn_with_exit_1(
        runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _hanging_dot(tmp_path)
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    monkeypatch.setenv("POLICY_KIT_DOT_TIMEOUT", "0.3")
    code, output = render(runner, FIXTURES / "parallel.yaml", "-o", tmp_path / "x.svg")
    assert code == 1 and "没有画完图" in output and "Traceback" not in output
    assert not (tmp_path / "x.svg").exists()
    code, output = render(runner, FIXTURES / "parallel.yaml", "-o", tmp_path / "x.bpmn")
    assert code == 1 and "没有画完图" in output
    assert not (tmp_path / "x.bpmn").exists()


@pytest.mark.usefixtures("english")  # its messages are pinned in English
def test_overlays_are_refused_for_mermaid(runner: CliRunner, tmp_path: Path) -> None:
    path_file = tmp_path / "p.json"
    path_file.write_text(runner.invoke(main, ["path", str(FIXTURES / "parallel.yaml"),
                                              "--json"]).output, encoding="utf-8")
    code, output = render(runner, FIXTURES / "parallel.yaml", "-o", tmp_path / "x.mmd",
                          "--path", path_file)
    assert code == 2 and "not on Mermaid text" in output


def test_bpmn_is_written_by_the_export_module(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "x.bpmn"
    assert render(runner, "xianyang-culture-subsidy", "-o", out)[0] == 0
    assert b"definitions" in out.read_bytes()[:2000]


@pytest.mark.usefixtures("english")  # its messages are pinned in English
def test_bpmn_without_its_module_is_a_usage_error(runner: CliRunner, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "policy_kit.export.bpmn", None)
    code, output = render(runner, "xianyang-culture-subsidy", "-o", tmp_path / "x.bpmn")
    assert code == 2 and "BPMN export is not available" in output
    assert not (tmp_path / "x.bpmn").exists()


def test_a_broken_definition_is_reported_not_drawn(runner: CliRunner, tmp_path: Path,
                                                   write: Callable[..., Path]) -> None:
    broken = write("format: 1\nid: x\ntitle: t\nstates: []\n")
    code, output = render(runner, broken, "-o", tmp_path / "x.svg")
    assert code == 1 and "process.yaml" in output and "Traceback" not in output


def test_diagram_text_is_the_library_entry() -> None:
    text = diagram_text(load(FIXTURES / "parallel.yaml"), "dot", Choices(lang="en"))
    assert "Parallel reviews" in text
