"""The diagram model and its text renderers: what is drawn, DOT and Mermaid snapshots."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy_kit.loader import load
from policy_kit.render import build, to_dot, to_mermaid
from policy_kit.render.extract import fork_id, join_id
from policy_kit.render.labels import Words, shorten, wrap
from policy_kit.render.mermaid import text as mermaid_text
from policy_kit.render.model import Edge

FIXTURES = Path(__file__).parent / "fixtures"
SNAPSHOTS = Path(__file__).parent / "snapshots"
PARALLEL = FIXTURES / "parallel.yaml"
WIDE = FIXTURES / "render_wide.yaml"


def check_snapshot(name: str, text: str) -> None:
    """Compare with ``tests/snapshots/NAME``; ``UPDATE_SNAPSHOTS=1`` rewrites it."""
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {name}: run with UPDATE_SNAPSHOTS=1, review the diff"
    assert text == path.read_text(encoding="utf-8"), f"{name} changed (UPDATE_SNAPSHOTS=1)"


SNAPSHOT_CASES = [
    ("parallel.states.dot", PARALLEL, "dot", "zh", "states", "TB"),
    ("parallel.stages.dot", PARALLEL, "dot", "zh", "stages", "TB"),
    ("parallel.states.mmd", PARALLEL, "mermaid", "zh", "states", "TB"),
    ("parallel.stages.mmd", PARALLEL, "mermaid", "zh", "stages", "TB"),
    ("render_wide.states.dot", WIDE, "dot", "zh", "states", "TB"),
    ("render_wide.both-lr.dot", WIDE, "dot", "both", "states", "LR"),
    ("render_wide.stages.dot", WIDE, "dot", "en", "stages", "TB"),
    ("render_wide.states.mmd", WIDE, "mermaid", "zh", "states", "LR"),
]


@pytest.mark.parametrize(("name", "spec", "kind", "lang", "detail", "direction"),
                         SNAPSHOT_CASES, ids=[c[0] for c in SNAPSHOT_CASES])
def test_snapshot(name: str, spec: Path, kind: str, lang: str, detail: str,
                  direction: str) -> None:
    diagram = build(load(spec).structure, lang, detail)  # type: ignore[arg-type]  # ids
    text = to_dot(diagram, direction) if kind == "dot" else to_mermaid(diagram, direction)
    check_snapshot(name, text)


# -- what the state-level diagram holds -------------------------------------------------


def test_concurrent_stage_has_fork_join_and_one_cluster_per_region() -> None:
    diagram = build(load(PARALLEL).structure)
    stage = next(c for c in diagram.clusters if c.id == "reviews")
    assert stage.concurrent and [r.id for r in stage.clusters] == ["fire_review", "plan_review"]
    assert all(r.region for r in stage.clusters)
    forks = [e for e in diagram.edges if e.kind == "fork"]
    assert {(e.source, e.target) for e in forks} == {
        (fork_id("reviews"), "fire_check"), (fork_id("reviews"), "plan_check")}
    joins = {(e.source, e.target) for e in diagram.edges if e.kind == "join"}
    assert joins == {("fire_done", join_id("reviews")), ("plan_done", join_id("reviews"))}
    into = next(e for e in diagram.edges if e.trigger == "accept")
    out = next(e for e in diagram.edges if e.trigger == "join")
    assert into.target == fork_id("reviews") and out.source == join_id("reviews")


def test_stage_wide_way_is_one_arrow_from_the_stage_border() -> None:
    structure = load(WIDE).structure
    diagram = build(structure)
    withdraw = [e for e in diagram.edges if e.trigger == "withdraw"]
    from_intake = next(e for e in withdraw if e.tail_cluster == "intake")
    assert {m[0] for m in from_intake.moves} == {"receive", "check_docs"}
    from_region = next(e for e in withdraw if e.tail_cluster == "plan_review")
    assert {m[0] for m in from_region.moves} == {"plan_check", "plan_fix"}
    assert len(withdraw) == 3


def test_a_way_out_every_review_can_take_is_one_arrow_from_the_stage_frame() -> None:
    """Jining: each parallel review can reject; drawn once per stage, not once per region."""
    structure = load("jining-construction-start").structure
    diagram = build(structure)
    concurrent = [s for s in structure.process.stages if s.concurrent]
    inside = {n for c in diagram.all_clusters() if c.region for n in c.nodes}
    for stage in concurrent:
        rejects = [e for e in diagram.edges if _on(e) == {"reject"}
                   and e.tail_cluster == stage.id]
        assert len(rejects) <= 1, stage.id
    assert not [e for e in diagram.edges if _on(e) == {"reject"} and e.source in inside
                and diagram.nodes[e.target].kind == "final"]
    project_land = next(e for e in diagram.edges if e.tail_cluster == "project_land")
    assert project_land.source == join_id("project_land") and _on(project_land) == {"reject"}
    assert project_land.trigger == "不予许可", "labelled by the trigger's name (triggers:)"
    sources = {m[0] for m in project_land.moves}
    assert {"item_project_filing", "item_eia", "item_soil_water"} <= sources
    drawn = {m for e in diagram.edges for m in e.moves}
    assert {(m.source, m.target, m.trigger) for m in structure.moves} <= drawn, \
        "every move still has its arrow (overlays find it)"


def _on(edge: Edge) -> set[str]:
    """The triggers an arrow draws (its label is their names)."""
    return {m[2] for m in edge.moves}


def test_arrows_into_a_frame_stop_at_its_border_above_its_title() -> None:
    text = to_dot(build(load(PARALLEL).structure))
    assert re.search(r'"fork\.reviews" -> fire_check \[[^]]*lhead=cluster_fire_review', text)
    assert re.search(r'receive -> "fork\.reviews" \[[^]]*lhead=cluster_reviews', text)


def test_a_narrow_stage_is_centred_between_its_name_and_an_invisible_twin() -> None:
    text = to_dot(build(load(PARALLEL).structure))
    assert '"balance.intake"' in text and 'receive -> "balance.intake" [style=invis]' in text


def test_wrap_breaks_between_words() -> None:
    assert wrap("施工图设计文件审查(多审合一)") == ["施工图设计文件", "审查(多审合一)"]
    assert wrap("国有建设用地使用权出让(招拍挂)") == ["国有建设用地", "使用权出让(招拍挂)"]
    assert wrap("item_land_use_planning_permit", 6) == ["item_land_use_planning_permit"]
    english = "Review of the construction drawings"
    lines = wrap(english, 8)
    assert len(lines) > 1 and " ".join(lines) == english, "broken at spaces only"


def test_an_end_reached_from_several_stages_is_drawn_next_to_each() -> None:
    diagram = build(load(WIDE).structure)
    copies = sorted(n for n in diagram.nodes if n.startswith("withdrawn"))
    assert copies == ["withdrawn@decision", "withdrawn@intake", "withdrawn@reviews"]
    assert all(diagram.nodes[c].states == ("withdrawn",) for c in copies)
    assert "withdrawn" not in diagram.free, "no arrow is left for the shared box"


def test_plain_ways_between_the_same_states_share_an_arrow() -> None:
    diagram = build(load("xianyang-culture-subsidy").structure)
    merged = next(e for e in diagram.edges if e.source == "supplement" and "withdraw" in _on(e))
    assert merged.trigger == "撤回, 逾期未补正"
    assert {m[2] for m in merged.moves} == {"withdraw", "expire"}


def test_guard_is_shortened_on_the_arrow_and_whole_in_the_tooltip() -> None:
    dot = to_dot(build(load(WIDE).structure))
    whole = 'done(fire_check) and amount > 10 and kind in ["a", "b"] and not urgent'
    assert f"approve when {whole}".replace('"', '\\"') in dot
    assert "[done(fire_check) and amount &gt; …]" in dot
    assert "amount &lt; 5" in dot, "guards are escaped for HTML labels"


def test_every_node_edge_and_graph_names_the_cjk_font() -> None:
    dot = to_dot(build(load(PARALLEL).structure))
    for scope in ("graph", "node", "edge"):
        pattern = rf'{scope} \[.*fontname="Noto Sans CJK SC"' if scope != "graph" else (
            r'^\s*charset=.*fontname="Noto Sans CJK SC"')
        assert re.search(pattern, dot, re.MULTILINE), scope


def test_states_show_clock_limit_and_department() -> None:
    diagram = build(load(WIDE).structure)
    env = diagram.nodes["env_check"]
    assert env.clock == "statutory" and env.department == "env"
    assert env.details == ("20个自然日 · 法定期间·不计时限",)
    assert diagram.nodes["plan_fix"].details == ("5个工作日 · 申请人计时", "至多2次")
    assert diagram.nodes["receive"].details == ("1个工作日", "帮办代办")
    english = build(load(WIDE).structure, "en").nodes["plan_fix"]
    assert english.details[0] == "5 working days · applicant's clock"


def test_legend_lists_the_departments_drawn_in_declared_order() -> None:
    diagram = build(load(WIDE).structure)
    assert [d for d, _ in diagram.departments] == ["office", "fire", "plan", "env"]
    dot = to_dot(diagram)
    assert "图例" in dot and "消防救援大队" in dot and "并联审批" in dot


def test_certificates_are_on_the_ways_that_issue_them() -> None:
    diagram = build(load(WIDE).structure)
    issuing = {e.trigger: e.certificates for e in diagram.edges if e.certificates}
    assert issuing == {"publish": ("建设工程规划许可证",), "complete": ("建筑工程施工许可证",)}


# -- the overview ------------------------------------------------------------------------


def test_overview_has_one_box_per_stage_and_regions_side_by_side() -> None:
    diagram = build(load(WIDE).structure, detail="stages")
    assert {"intake", "decision"} <= set(diagram.free)
    stage = next(c for c in diagram.clusters if c.id == "reviews")
    assert stage.concurrent and stage.nodes == ("fire_review", "plan_review", "env_review")
    assert diagram.nodes["plan_review"].states == ("plan_check", "plan_fix", "plan_done")
    assert not any(e.source == e.target for e in diagram.edges)
    assert not [e for e in diagram.edges if e.kind in ("fork", "join")]


def test_overview_draws_a_way_out_of_several_regions_once_from_the_stage() -> None:
    diagram = build(load(WIDE).structure, detail="stages")
    out = [e for e in diagram.edges if e.tail_cluster == "reviews"]
    to_decide = next(e for e in out if e.target == "decision")
    assert ("reviews", "decide", "join") in to_decide.moves
    into = next(e for e in diagram.edges if e.head_cluster == "reviews")
    assert into.source == "intake" and into.trigger == "accept"


# -- Mermaid -----------------------------------------------------------------------------


def test_mermaid_concurrent_stage_is_a_composite_with_one_part_per_region() -> None:
    text = to_mermaid(build(load(WIDE).structure))
    block = text[text.index('as reviews {'):text.index('state "3.')]
    assert block.count("\n        --\n") == 2
    for region in ("fire_review", "plan_review", "env_review"):
        assert f"as {region} {{" in block
    assert "fire_check --> [*] : approve" in block
    assert "reviews --> decide : join" in text
    assert "check_docs --> reviews : accept" in text
    assert "#lt;" in text and "<" not in text.replace("<br/>", "")


def test_mermaid_never_uses_a_reserved_word_as_an_id(write: Callable[..., Path]) -> None:
    source = PARALLEL.read_text(encoding="utf-8").replace("decide", "state").replace(
        "receive", "class")
    text = to_mermaid(build(load(write(source)).structure))
    assert "as s_state" in text and "s_class --> reviews" in text
    assert not re.search(r"(^|\s)(state|class) -->", text)


# -- labels ------------------------------------------------------------------------------


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60))
def test_mermaid_text_leaves_no_character_its_parser_takes(value: str) -> None:
    safe = mermaid_text(value)
    entity = r"#(\d+|quot|lt|gt);"
    assert not set(re.sub(entity, "", safe)) & set('"<>;{}#\n\r')
    decoded = re.sub(entity, lambda m: {"quot": '"', "lt": "<", "gt": ">"}.get(
        m.group(1)) or chr(int(m.group(1))), safe)
    assert decoded == value.replace("\n", " ").replace("\r", " ")


@given(st.text(alphabet="审查许可证建设工程规划 ab、(c)", min_size=1, max_size=40))
def test_wrap_keeps_every_character_in_order(value: str) -> None:
    lines = wrap(value, 6)
    assert "".join(lines).replace(" ", "") == value.replace(" ", "")


def test_wrap_balances_chinese_names() -> None:
    assert wrap("建设工程消防设计审查") == ["建设工程消防设计审查"]
    assert wrap("公众聚集场所投入使用、营业前消防安全检查") == [
        "公众聚集场所投入使用、", "营业前消防安全检查"]


@given(st.text(max_size=80))
def test_shorten_keeps_a_prefix_and_marks_the_cut(value: str) -> None:
    short = shorten(value, 20)
    assert short == value if len(value) <= 20 else (
        short.endswith(" …") and value.startswith(short[:-2].rstrip()) and len(short) <= 22)


def test_words_in_both_languages() -> None:
    words = Words("both")
    assert words.phrase("legend") == "图例 / Legend"
    assert words.pair("同", "同") == "同"
