"""Tests for the Gantt chart: the SVG read back as XML, and one real PNG through rsvg-convert."""

from __future__ import annotations

import os
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from policy_kit.calendar import ChineseCalendar
from policy_kit.calendar.protocol import Calendar
from policy_kit.errors import RenderError
from policy_kit.loader import load
from policy_kit.machine import compile
from policy_kit.schedule import date_walk, gantt_svg, svg_to_png
from policy_kit.walker import walk

FIXTURES = Path(__file__).parent / "fixtures"
SVG = "{http://www.w3.org/2000/svg}"


def chart(spec: str | Path, start: date, lang: str = "zh",
          calendar: Calendar | None = None) -> ET.Element:
    definition = load(spec)
    calendar = calendar or ChineseCalendar()
    dated = date_walk(definition.structure, walk(compile(definition)), calendar, start)
    return ET.fromstring(gantt_svg(definition.structure, dated, calendar, lang))


def texts(root: ET.Element, css: str | None = None) -> list[str]:
    return [e.text or "" for e in root.iter(f"{SVG}text")
            if css is None or e.get("class") == css]


def rects(root: ET.Element, css: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{SVG}rect") if e.get("class") == css]


def tip(element: ET.Element) -> str:
    found = element.find(f"{SVG}title")
    return found.text or "" if found is not None else ""


def test_labels_are_chinese_in_a_cjk_font() -> None:
    root = chart(FIXTURES / "dated.yaml", date(2024, 2, 6))
    assert "Noto Sans CJK SC" in (root.get("font-family") or "")
    assert texts(root, "row-label") == ["受理审查", "公示", "制证发证"]
    assert texts(root, "title") == ["日期推算示例"]
    assert "受理 2024-02-06 → 办结 2024-02-23" in texts(root, "subtitle")[0]
    assert "审查" in texts(root, "step-name")
    assert "政府时限（计入办理时限）" in texts(root, "legend")


def test_spring_festival_is_shaded_and_named() -> None:
    root = chart(FIXTURES / "dated.yaml", date(2024, 2, 6))
    holidays = rects(root, "holiday")
    assert len(holidays) == 8  # 2024-02-10 .. 02-17
    assert all("春节" in tip(r) for r in holidays)
    assert texts(root, "holiday-name") == ["春节"]
    makeup = [e for e in root.iter(f"{SVG}text") if e.get("class") == "makeup"]
    assert len(makeup) == 1 and makeup[0].text == "班"
    assert rects(root, "weekend")  # 2024-02-24, after the path's end


def test_steps_are_coloured_by_clock_and_milestones_flag_missing_limits() -> None:
    root = chart(FIXTURES / "dated.yaml", date(2024, 2, 6))
    assert len(rects(root, "step government")) == 1
    assert len(rects(root, "step statutory")) == 1
    milestones = [e for e in root.iter(f"{SVG}polygon")
                  if (e.get("class") or "").startswith("milestone")]
    assert len(milestones) == 3  # sign, stamp, archive, all on 2024-02-23
    assert len({e.get("points") for e in milestones}) == 3  # side by side, not stacked
    assert [tip(e) for e in milestones if "no-limit" in (e.get("class") or "")] == [
        "归档: 2024-02-23 → 2024-02-23"]


def test_parallel_reviews_get_a_row_each_under_their_stage() -> None:
    root = chart(FIXTURES / "dated-parallel.yaml", date(2024, 2, 6))
    assert texts(root, "row-label") == ["受理", "并联审查", "‖ 消防审查", "‖ 规划审查", "发证"]
    assert len(rects(root, "stage")) == 1
    tips = [tip(r) for r in rects(root, "step government")]
    assert "消防设计审查: 2024-02-08 → 2024-02-21" in tips
    assert "规划方案审查: 2024-02-08 → 2024-02-28" in tips


def test_english_labels() -> None:
    root = chart(FIXTURES / "dated-parallel.yaml", date(2024, 2, 6), lang="en")
    assert texts(root, "row-label") == ["Intake", "Parallel reviews", "‖ Fire review",
                                        "‖ Planning review", "Grant"]
    assert "government clock (counts)" in texts(root, "legend")


def test_states_outside_stages_get_rows() -> None:
    root = chart(FIXTURES / "dated-notice.yaml", date(2023, 9, 28))
    assert texts(root, "row-label") == ["拟批准事项公示", "作出决定"]
    assert {t for r in rects(root, "holiday") for t in [tip(r)]} >= {
        "2023-09-29 中秋", "2023-10-01 国庆节"}


def test_text_is_escaped(write: Callable[[str, str], Path]) -> None:
    text = (FIXTURES / "dated-notice.yaml").read_text(encoding="utf-8").replace(
        "title: {zh: 公示起算示例, en: Notice-first fixture}",
        'title: {zh: "A&B <公示>", en: x}')
    root = chart(write(text, "amp.yaml"), date(2023, 9, 28))
    assert texts(root, "title") == ["A&B <公示>"]


def test_a_strict_calendar_does_not_fail_in_the_margin_after_the_path() -> None:
    root = chart(FIXTURES / "dated.yaml", date(2026, 12, 18), calendar=ChineseCalendar("strict"))
    assert "办结 2026-12-31" in texts(root, "subtitle")[0]
    assert not any("2027" in tip(r) for r in rects(root, "holiday") + rects(root, "weekend"))


def test_missing_converter_is_a_render_error() -> None:
    with pytest.raises(RenderError, match="`no-such-rsvg` is not installed"):
        svg_to_png("<svg xmlns='http://www.w3.org/2000/svg'/>", program="no-such-rsvg")


@pytest.mark.skipif(shutil.which("rsvg-convert") is None and not os.environ.get("CI"),
                    reason="rsvg-convert (librsvg2-bin) is not installed; CI installs it")
def test_png_is_drawn() -> None:
    definition = load(FIXTURES / "dated.yaml")
    calendar = ChineseCalendar()
    dated = date_walk(definition.structure, walk(compile(definition)), calendar,
                      date(2024, 2, 6))
    png = svg_to_png(gantt_svg(definition.structure, dated, calendar))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(png[16:20], "big")
    assert width > 1000  # drawn at twice the SVG's size


def _extent(element: ET.Element) -> tuple[float, float]:
    """Left and right of a step name, by the chart's own width estimate."""
    from policy_kit.schedule.gantt_frame import text_width

    x, width = float(element.get("x") or 0), text_width(element.text or "", 11)
    return (x - width, x) if element.get("text-anchor") == "end" else (
        (x - width / 2, x + width / 2) if element.get("text-anchor") == "middle"
        else (x, x + width))


def test_step_names_stay_inside_the_picture_and_the_last_stage_keeps_them() -> None:
    """Bars that end near the right edge get their name before them, not cut off."""
    root = chart("jining-construction-start", date(2024, 2, 19))
    width = float(root.get("width") or 0)
    names = [e for e in root.iter(f"{SVG}text") if e.get("class") == "step-name"]
    for element in names:
        left, right = _extent(element)
        assert left >= 0 and right <= width, element.text
    shown = {e.text for e in names}
    assert {"特殊建设工程消防验收", "竣工验收备案"} <= shown
    assert any(e.get("text-anchor") == "end" for e in names)
