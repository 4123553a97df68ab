"""``--path`` and ``--heat``: overlays change the picture where they should, and bad files
are refused with a clear message and exit code 1."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policy_kit.cli import main
from policy_kit.errors import RenderError
from policy_kit.loader import load
from policy_kit.render import Words, build, heat_overlay, path_overlay, read_heat, read_path

FIXTURES = Path(__file__).parent / "fixtures"
WIDE = FIXTURES / "render_wide.yaml"
HEAT = FIXTURES / "render_heat.json"


def dot_text(runner: CliRunner, tmp_path: Path, *args: str | Path) -> str:
    out = tmp_path / "out.dot"
    result = runner.invoke(main, ["render", str(WIDE), "-o", str(out), *map(str, args)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def walk_json(runner: CliRunner, *choose: str) -> dict[str, Any]:
    args = ["path", str(WIDE), "--json", *(x for c in choose for x in ("--choose", c))]
    data: dict[str, Any] = json.loads(runner.invoke(main, args).output)
    return data


def write_json(tmp_path: Path, data: object, name: str = "file.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def edge_line(dot: str, edge_id: str) -> str:
    pattern = rf'\bid="?{re.escape(edge_id)}"?[\s\]]'
    return next(line for line in dot.splitlines() if re.search(pattern, line))


# -- path --------------------------------------------------------------------------------


def test_path_numbers_the_ways_taken_and_fades_the_rest(runner: CliRunner,
                                                        tmp_path: Path) -> None:
    plain = dot_text(runner, tmp_path)
    walked = walk_json(runner, "request_correction")
    drawn = dot_text(runner, tmp_path, "--path", write_json(tmp_path, walked))
    assert drawn != plain
    taken = edge_line(drawn, "t7")  # plan_check --request_correction--> plan_fix
    number = next(s["number"] for s in walked["steps"] if s["trigger"] == "request_correction")
    assert "on-path" in taken and f"><B>{number}</B></FONT>" in taken
    assert "on-path" not in edge_line(drawn, "t2"), "refuse was not taken"
    assert 'color="#c8c8c8"' in edge_line(drawn, "t2")
    for fork in ("fork-fire_review", "fork-plan_review", "fork-env_review"):
        assert "on-path" in edge_line(drawn, fork)
    visited = {"receive", "plan_fix", "decide", "approved"}
    for node in visited:
        line = next(x for x in drawn.splitlines() if re.match(rf"\s*{node} \[", x))
        assert "on-path" in line
    withdrawn = next(x for x in drawn.splitlines() if '"withdrawn@intake" [' in x)
    assert "on-path" not in withdrawn and "#d9d9d955" in withdrawn
    assert "办理路径" in drawn and f"{len(walked['steps'])}步 → approved" in drawn


def test_path_step_numbers_follow_the_walk(tmp_path: Path, runner: CliRunner) -> None:
    walked = walk_json(runner)
    structure = load(WIDE).structure
    diagram = build(structure)
    overlay = path_overlay(diagram, structure, read_path(write_json(tmp_path, walked)),
                           tmp_path, Words("zh"))
    numbered = {edge: mark.numbers for edge, mark in overlay.edges.items() if mark.numbers}
    steps = sorted(int(n) for numbers in numbered.values() for n in numbers)
    assert steps == list(range(1, len(walked["steps"]) + 1))
    assert numbered["t11"] == ("6",), "check, accept, three reviews, then the join"


def test_path_dates_are_shown_when_the_steps_have_them(runner: CliRunner,
                                                       tmp_path: Path) -> None:
    walked = walk_json(runner)
    for day, step in enumerate(walked["steps"], start=1):
        step["start"], step["end"] = f"2024-03-{day:02d}", f"2024-03-{day + 1:02d}"
    drawn = dot_text(runner, tmp_path, "--path", write_json(tmp_path, walked))
    assert "1 2024-03-02" in edge_line(drawn, "t0")


def test_path_on_the_overview_marks_the_boxes(runner: CliRunner, tmp_path: Path) -> None:
    drawn = dot_text(runner, tmp_path, "--detail", "stages", "--path",
                     write_json(tmp_path, walk_json(runner)))
    line = next(x for x in drawn.splitlines() if re.match(r"\s*plan_review \[", x))
    assert "on-path" in line


# -- heat --------------------------------------------------------------------------------


def test_heat_widens_busy_ways_and_marks_the_bottleneck(runner: CliRunner,
                                                        tmp_path: Path) -> None:
    plain = dot_text(runner, tmp_path)
    drawn = dot_text(runner, tmp_path, "--heat", HEAT)
    assert drawn != plain
    busiest = edge_line(drawn, "t0")  # check: 980, the most taken way
    assert "penwidth=7.0" in busiest and "×980 · 0.98 次/件" in busiest
    rare = edge_line(drawn, "t15")  # object: 10
    assert "penwidth=1.1" in rare
    unused = edge_line(drawn, "t12")  # withdraw from the decision stage: never
    assert "style=dashed" in unused
    stage_wide = edge_line(drawn, "t3")  # withdraw from intake: 20 + 10
    assert "×30 · 0.03 次/件" in stage_wide
    plan = next(x for x in drawn.splitlines() if re.match(r"\s*plan_check \[", x))
    assert "bottleneck" in plan and "▲ 瓶颈" in plan and "penwidth=4" in plan
    assert 'fillcolor="#fd8d3c"' in plan, "the slowest state on the government clock"
    env = next(x for x in drawn.splitlines() if re.match(r"\s*env_check \[", x))
    assert 'fillcolor="#fd8d3c"' not in env, "a statutory period is not on the scale"
    assert "平均 13.0 工作日 · 到达 90% · 非政府计时,不着色" in env
    assert "瓶颈: 规划局 · 建设工程设计方案审查" in drawn
    assert "底色:平均耗时(政府计时,工作日)" in drawn
    assert re.search(r'BGCOLOR="#fd8d3c" BORDER="1">5\.2–6\.5<', drawn), "numbers in the legend"


def test_heat_on_elapsed_time_puts_every_state_on_one_scale(runner: CliRunner,
                                                            tmp_path: Path) -> None:
    drawn = dot_text(runner, tmp_path, "--heat", HEAT, "--heat-clock", "elapsed")
    env = next(x for x in drawn.splitlines() if re.match(r"\s*env_check \[", x))
    assert 'fillcolor="#fd8d3c"' in env, "the slowest state is the hottest"
    assert "非政府计时" not in env
    assert "底色:平均耗时(经过时间,工作日)" in drawn
    assert re.search(r'BGCOLOR="#fd8d3c" BORDER="1">10\.4–13\.0<', drawn)


def test_heat_on_fork_arrows_is_what_entered_the_stage() -> None:
    structure = load(WIDE).structure
    diagram = build(structure)
    overlay = heat_overlay(diagram, structure, read_heat(HEAT), HEAT, Words("en"))
    weights = {e: m.weight for e, m in overlay.edges.items()}
    assert weights["fork.fire_review"] == pytest.approx(900 / 980)
    assert weights["join.plan_done"] == pytest.approx(860 / 980)
    assert overlay.nodes["plan_check"].heat == 1.0
    assert overlay.nodes["env_check"].heat is None, "statutory: off the government clock"
    assert overlay.nodes["plan_check"].bottleneck
    elapsed = heat_overlay(diagram, structure, read_heat(HEAT), HEAT, Words("en"), "elapsed")
    assert elapsed.nodes["env_check"].heat == 1.0
    assert elapsed.scale is not None and elapsed.scale[1][-1][1] == "10.4–13.0"


def test_heat_and_path_together(runner: CliRunner, tmp_path: Path) -> None:
    drawn = dot_text(runner, tmp_path, "--heat", HEAT, "--path",
                     write_json(tmp_path, walk_json(runner)))
    assert "on-path" in edge_line(drawn, "t0") and "×980" in edge_line(drawn, "t0")
    assert "penwidth=7.0" not in edge_line(drawn, "t0"), "the path's colour and width win"


# -- bad files ---------------------------------------------------------------------------


def _render_error(runner: CliRunner, tmp_path: Path, option: str, content: str) -> str:
    """The English message (the tests name its words); the Chinese one is checked to hold
    no English but the file's keys, ids and code."""
    from tests.test_chinese_output import english

    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    out = tmp_path / "x.svg"
    result = runner.invoke(main, ["render", str(WIDE), "-o", str(out), option, str(bad),
                                  "--lang", "zh"])
    assert result.exit_code == 1, result.output
    said = result.output.replace(str(bad), "FILE")
    said = re.sub(r"不是 JSON：.*?（", "不是 JSON：（", said)  # the json module's own words
    ids = frozenset(re.findall(r"[A-Za-z_][A-Za-z0-9_.-]*", content)) | {
        "FILE", "json", "steps", "YYYY", "MM", "DD"}  # a key the file lacks; a date's form
    assert not english(said, ids), said
    result = runner.invoke(main, ["render", str(WIDE), "-o", str(out), option, str(bad),
                                  "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and not out.exists()
    return result.output


def _heat_with(**changes: Any) -> str:
    data = json.loads(HEAT.read_text(encoding="utf-8"))
    data.update(changes)
    return json.dumps(data)


BAD_PATHS = [
    ("not-json", "{\n  steps: [", r"bad\.json:2:3: not JSON"),
    ("no-steps", '{"process": "render-wide"}', r"steps: Field required"),
    ("wrong-process", '{"process": "other", "steps": []}', r"for process `other`"),
    ("unknown-way", '{"steps": [{"number": 1, "state": "receive", "to": "approved", '
                    '"event": "check"}]}', r"no way from `receive` to `approved` on `check`"),
    ("bad-date", '{"steps": [{"number": 1, "state": "receive", "to": "check_docs", '
                 '"event": "check", "end": "March"}]}', r"steps\.0\.end"),
]


@pytest.mark.parametrize(("content", "message"), [c[1:] for c in BAD_PATHS],
                         ids=[c[0] for c in BAD_PATHS])
def test_bad_path_file(runner: CliRunner, tmp_path: Path, content: str, message: str) -> None:
    assert re.search(message, _render_error(runner, tmp_path, "--path", content))


BAD_HEAT = [
    ("list", "[]", r"Input should be a valid dictionary"),
    ("negative-count", _heat_with(transitions=[{"index": 0, "from": "receive", "to":
                                                "check_docs", "on": "check", "count": -1,
                                                "per_case": 0}]),
     r"transitions\.0\.count"),
    ("wrong-index", _heat_with(transitions=[{"index": 5, "from": "receive", "to":
                                             "check_docs", "on": "check", "count": 1,
                                             "per_case": 0}]),
     r"no transition 5 from `receive`"),
    ("unknown-state", _heat_with(states={"nowhere": {"reached": 1, "mean_time": 1}}),
     r"states\.nowhere: .* no state `nowhere`"),
    ("reached-above-one", _heat_with(states={"receive": {"reached": 2, "mean_time": 1}}),
     r"states\.receive\.reached"),
    ("unknown-department", _heat_with(bottlenecks=[{"department": "police"}]),
     r"no department `police`"),
    ("other-process", _heat_with(process="xianyang-culture-subsidy"),
     r"for process `xianyang-culture-subsidy`"),
]


@pytest.mark.parametrize(("content", "message"), [c[1:] for c in BAD_HEAT],
                         ids=[c[0] for c in BAD_HEAT])
def test_bad_heat_file(runner: CliRunner, tmp_path: Path, content: str, message: str) -> None:
    assert re.search(message, _render_error(runner, tmp_path, "--heat", content))


def test_missing_overlay_file_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["render", str(WIDE), "-o", str(tmp_path / "x.svg"),
                                  "--heat", str(tmp_path / "nowhere.json"), "--lang", "en"])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_unreadable_overlay_is_a_render_error(tmp_path: Path) -> None:
    binary = tmp_path / "b.json"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(RenderError, match="cannot read the --path file"):
        read_path(binary)
