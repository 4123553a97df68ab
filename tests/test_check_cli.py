"""``policy-kit validate`` and ``policy-kit checks`` through click's CliRunner."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit.check import CATALOGUE
from policy_kit.cli import main
from policy_kit.loader import bundled
from tests.conftest import FIXTURES, MINIMAL

Write = Callable[..., Path]
CORPUS = Path(__file__).parent / "checks"
LOOP = MINIMAL + """\
  - {from: check, to: fix, on: request_correction}
  - {from: fix, to: check, on: resubmit}
""".replace("", "")
LOOP = LOOP.replace("states:\n  - {id: approved", "states:\n  - {id: fix, kind: wait}\n"
                    "  - {id: approved").replace(
                        "amount < 5}", "amount < 5, assumption: test}").replace(
                        "example: 10}", "example: 10, assumption: test}").replace(
                        "default: true}", "default: true, assumption: test}")


def test_clean_file_exits_0(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", "xianyang-culture-subsidy", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "no problems found" in result.output
    assert "1 file: 0 errors, 0 warnings" in result.output


def test_errors_exit_1_with_code_and_place(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(CORPUS / "pk301-guard-gap.yaml")])
    assert result.exit_code == 1
    assert "PK301" in result.output and "9:10" in result.output
    assert "错误 (1)" in result.output and "反例" in result.output
    assert "amount=" in result.output


def test_warnings_pass_unless_strict(runner: CliRunner, write: Write) -> None:
    path = str(write(LOOP))
    assert runner.invoke(main, ["validate", path]).exit_code == 0
    strict = runner.invoke(main, ["validate", path, "--strict", "--lang", "en"])
    assert strict.exit_code == 1
    assert "PK206" in strict.output and "warnings (1)" in strict.output


def test_suppressed_warnings_pass_strict_and_show_the_reason(runner: CliRunner,
                                                             write: Write) -> None:
    path = write(LOOP + "suppress:\n  - {code: PK206, id: fix, reason: 法律未限制补正次数}\n")
    result = runner.invoke(main, ["validate", str(path), "--strict", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "suppressed (1)" in result.output and "法律未限制补正次数" in result.output
    assert "(1 suppressed)" in result.output


def test_broken_yaml_gives_a_coded_finding_not_a_traceback(runner: CliRunner,
                                                           write: Write) -> None:
    path = write("format: 1\nid: [unclosed\n")
    result = runner.invoke(main, ["validate", str(path), "--json"])
    assert result.exit_code == 1
    [finding] = json.loads(result.output)
    assert finding["code"] == "PK001" and finding["line"] >= 2
    assert "Traceback" not in result.output


def test_json_output(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(FIXTURES / "parallel.yaml"), "--json"])
    assert result.exit_code == 0
    [finding] = json.loads(result.output)
    assert set(finding) >= {"code", "severity", "file", "line", "column", "ids", "message",
                            "counterexample", "suppressed", "labels", "hint", "title"}
    assert finding["code"] == "PK203" and finding["severity"] == "warning"
    assert finding["labels"][0] == "并联审查"
    steps = finding["counterexample"]["steps"]
    assert [s["event"] for s in steps] == ["accept", "fire_review.reject"]
    assert finding["counterexample"]["applicant"] == {"risky": False}
    assert "并联审查" in result.output  # ensure_ascii=False


def test_json_lang_en(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(CORPUS / "pk111-unused.yaml"),
                                  "--format", "json", "--lang", "en"])
    [finding] = json.loads(result.output)
    assert finding["message"].startswith("department `archive`")
    assert finding["title"] == "Declared but never used"


def test_sarif_output(runner: CliRunner) -> None:
    paths = [str(CORPUS / name) for name in ("pk301-guard-gap.yaml", "pk003-suppression.yaml",
                                             "pk208-sampled.yaml")]
    result = runner.invoke(main, ["validate", *paths, "--format", "sarif"])
    assert result.exit_code == 1
    log = json.loads(result.output)
    assert log["version"] == "2.1.0" and "sarif-2.1.0" in log["$schema"]
    [run] = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "policy-kit"
    assert [r["id"] for r in rules] == sorted(CATALOGUE)
    levels = set()
    for result_ in run["results"]:
        assert rules[result_["ruleIndex"]]["id"] == result_["ruleId"]
        levels.add(result_["level"])
        [location] = result_["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"].endswith(".yaml")
        assert physical["region"]["startLine"] >= 1 and physical["region"]["startColumn"] >= 1
        assert result_["message"]["text"]
    assert levels == {"error", "warning", "note"}
    gap = next(r for r in run["results"] if r["ruleId"] == "PK301")
    assert "codeFlows" not in gap  # stuck at the start: no steps to show
    suppressed = next(r for r in run["results"] if r["ruleId"] == "PK206")
    assert suppressed["suppressions"] == [{"kind": "inSource", "justification":
                                           "the law sets no limit on corrections"}]
    assert suppressed["codeFlows"][0]["threadFlows"][0]["locations"]


def test_sarif_flows_follow_the_counterexample(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(FIXTURES / "parallel.yaml"),
                                  "--format", "sarif"])
    [finding] = json.loads(result.output)["runs"][0]["results"]
    texts = [step["location"]["message"]["text"]
             for step in finding["codeFlows"][0]["threadFlows"][0]["locations"]]
    assert texts == ["accept → fire_check, plan_check", "fire_review.reject → rejected"]


@pytest.mark.parametrize("arguments", [
    pytest.param(["--json", "--format", "sarif"], id="json-and-sarif"),
    pytest.param(["--format", "xml"], id="unknown-format"),
    pytest.param(["--lang", "fr"], id="unknown-language"),
])
def test_usage_errors_exit_2(runner: CliRunner, arguments: list[str]) -> None:
    result = runner.invoke(main, ["validate", "xianyang-culture-subsidy", *arguments])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_json_and_format_json_agree(runner: CliRunner) -> None:
    spec = str(CORPUS / "pk106-unreachable.yaml")
    assert (runner.invoke(main, ["validate", spec, "--json"]).output
            == runner.invoke(main, ["validate", spec, "--format", "json"]).output)


def test_missing_file(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", "does-not-exist.yaml", "--lang", "en"])
    assert result.exit_code == 1
    assert "PK001" in result.output and "no such file" in result.output


def test_companion_files_are_checked_not_skipped(runner: CliRunner, write: Write) -> None:
    scenario = write("anything: 1\n", "x.scenario.yaml")
    process = write(MINIMAL, "minimal.yaml")
    result = runner.invoke(main, ["validate", str(process), str(scenario), "--lang", "en"])
    assert result.exit_code == 1
    assert "the file names no process" in result.output
    assert "2 files" in result.output


def test_without_arguments_checks_every_bundled_file(runner: CliRunner) -> None:
    text = runner.invoke(main, ["validate", "--lang", "en"]).output
    shown = {Path(line).name for line in text.splitlines() if line.endswith(".yaml")}
    folder = Path(__file__).resolve().parent.parent / "processes"
    assert {f"{name}.yaml" for name in bundled()} < shown
    assert shown == {p.name for p in folder.glob("*.yaml")}
    assert f"{len(shown)} files:" in text


def test_several_files_are_grouped(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", "--lang", "en", str(CORPUS / "pk107-dead-end.yaml"),
                                  str(CORPUS / "pk206-unbounded-loop.yaml")])
    assert result.exit_code == 1
    output = result.output
    assert output.index("pk107-dead-end.yaml") < output.index("errors (1)") < output.index(
        "pk206-unbounded-loop.yaml") < output.index("warnings (1)")
    assert "2 files: 1 error, 1 warning" in output


def test_colour_only_on_a_terminal(runner: CliRunner) -> None:
    spec = str(CORPUS / "pk107-dead-end.yaml")
    assert "\x1b[" not in runner.invoke(main, ["validate", spec]).output
    assert "\x1b[" in runner.invoke(main, ["validate", spec], color=True).output


def test_checks_lists_every_code(runner: CliRunner) -> None:
    result = runner.invoke(main, ["checks", "--lang", "en"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines] == list(CATALOGUE)
    assert any(line.startswith("PK201  error") and "Deadlock" in line for line in lines)
    data = json.loads(runner.invoke(main, ["checks", "--json"]).output)
    assert {row["code"] for row in data} == set(CATALOGUE)
    assert data[0]["title"] == "文件无法读取"


def test_sarif_maps_files_for_code_scanning(runner: CliRunner, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """URIs relative to a declared base (the repository), a tool home page, rule help."""
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    (repository / "processes").mkdir()
    (repository / "processes" / "gap.yaml").write_text(
        (CORPUS / "pk301-guard-gap.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(repository / "processes")
    log = json.loads(runner.invoke(main, ["validate", "gap.yaml", "--format", "sarif"]).output)
    [run] = log["runs"]
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == repository.resolve().as_uri() + "/"
    artifact = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "processes/gap.yaml", "uriBaseId": "SRCROOT"}
    driver = run["tool"]["driver"]
    assert driver["informationUri"].startswith("https://")
    rule = next(r for r in driver["rules"] if r["id"] == "PK301")
    assert "docs/checks.md#pk301" in rule["help"]["text"]
    assert rule["help"]["markdown"].startswith("**PK301")
    assert CATALOGUE["PK301"].summary.pick("zh") in rule["help"]["text"]


def test_counterexamples_write_values_as_the_file_does(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", "jining-construction-start", "--lang", "en"])
    assert "newly_attracted=true" in result.output
    assert "=True" not in result.output and "=False" not in result.output
