"""``validate`` reads every kind of file: a scenario, policy or mapping file is checked
against the process it names, each problem coded (PK5xx) and located at file:line:col."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit.cli import main
from policy_kit.files import kind_of

PROCESSES = Path(__file__).resolve().parent.parent / "processes"
XIANYANG = "xianyang-culture-subsidy"
PRE = "jining-construction-start-pre-reform"


def _copy(tmp_path: Path, name: str, old: str = "", new: str = "") -> Path:
    text = (PROCESSES / name).read_text(encoding="utf-8")
    if old:
        assert old in text, old
        text = text.replace(old, new, 1)
    target = tmp_path / name
    target.write_text(text, encoding="utf-8")
    return target


def _validate(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(main, ["validate", "--lang", "en", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.mark.parametrize("name", sorted(p.name for p in PROCESSES.glob("*.yaml")
                                        if kind_of(p) != "process"))
def test_every_bundled_companion_file_validates(runner: CliRunner, name: str) -> None:
    code, output = _validate(runner, str(PROCESSES / name))
    assert code == 0, output
    assert "1 file" in output


def test_validate_without_arguments_covers_the_companions(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", "--json"])
    assert result.exit_code == 0, result.output
    code, output = _validate(runner)
    assert f"{XIANYANG}.scenario.yaml" in output and f"{PRE}.mapping.yaml" in output
    assert f"{XIANYANG}.policy.yaml" in output


SCENARIO_CASES = {
    "unknown-key": ("staff:\n", "staf:\n", "PK501", "staf"),
    "unknown-state": ("  submission: {dist", "  submision: {dist", "PK502", "submision"),
    "unknown-department": ("  culture_office:\n    count: 2", "  culture_ofice:\n    count: 2",
                           "PK502", "culture_ofice"),
    "no-such-process": ("process: xianyang-culture-subsidy", "process: no-such-process",
                        "PK502", "no-such-process"),
}


@pytest.mark.parametrize("case", list(SCENARIO_CASES.values()), ids=list(SCENARIO_CASES))
def test_a_bad_scenario_is_reported_at_its_line(runner: CliRunner, tmp_path: Path,
                                                case: tuple[str, str, str, str]) -> None:
    old, new, code, word = case
    shutil.copy(PROCESSES / f"{XIANYANG}.yaml", tmp_path)
    path = _copy(tmp_path, f"{XIANYANG}.scenario.yaml", old, new)
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if new.splitlines()[0] in text)
    exit_code, output = _validate(runner, str(path))
    assert exit_code == 1, output
    assert code in output and word in output
    assert f"{line}:" in output
    sarif = json.loads(runner.invoke(main, ["validate", "--format", "sarif", str(path)]).output)
    result = next(r for r in sarif["runs"][0]["results"] if word in r["message"]["text"])
    assert result["ruleId"] == code
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == line


def test_a_bad_policy_is_reported_with_its_own_code(runner: CliRunner, tmp_path: Path) -> None:
    shutil.copy(PROCESSES / f"{XIANYANG}.yaml", tmp_path)
    path = _copy(tmp_path, f"{XIANYANG}.policy.yaml", "budget: budget", "budgett: budget")
    code, output = _validate(runner, str(path))
    assert code == 1, output
    assert "PK505" in output and "budgett" in output and "PK301" not in output


def test_a_bad_mapping_names_the_wrong_state(runner: CliRunner, tmp_path: Path) -> None:
    path = _copy(tmp_path, f"{PRE}.mapping.yaml",
                 "{before: item_eia, after: [item_eia]}", "{before: item_eia, after: [item_ei]}")
    code, output = _validate(runner, str(path))
    assert code == 1, output
    assert "PK504" in output and "`item_ei` is not a state of `jining-construction-start`" \
        in output and "did you mean `item_eia`" in output


def test_a_mapping_that_changes_an_item_must_say_why(runner: CliRunner, tmp_path: Path) -> None:
    path = _copy(tmp_path, f"{PRE}.mapping.yaml",
                 "{before: item_eia, after: [item_eia]}",
                 "{before: item_eia, after: [item_soil_water]}")
    code, output = _validate(runner, str(path))
    assert code == 1, output
    assert "`item_eia` did not stay as it was but no reason is given" in output


def test_a_mapping_with_an_unknown_key_is_pk503(runner: CliRunner, tmp_path: Path) -> None:
    path = _copy(tmp_path, f"{PRE}.mapping.yaml", "items:", "itemz:")
    code, output = _validate(runner, str(path))
    assert code == 1, output
    assert "PK503" in output and "itemz" in output


def test_a_scenario_number_without_provenance_is_pk701(runner: CliRunner, tmp_path: Path
                                                       ) -> None:
    shutil.copy(PROCESSES / f"{XIANYANG}.yaml", tmp_path)
    path = _copy(tmp_path, f"{XIANYANG}.scenario.yaml",
                 "    count: 2\n    assumption: two officers run the preliminary review and "
                 "re-examinations\n", "    count: 2\n")
    code, output = _validate(runner, str(path))
    assert code == 0, output
    assert "PK701" in output
    strict, _ = _validate(runner, "--strict", str(path))
    assert strict == 1


def test_a_missing_companion_file_is_pk001(runner: CliRunner, tmp_path: Path) -> None:
    code, output = _validate(runner, str(tmp_path / "gone.scenario.yaml"))
    assert code == 1
    assert "PK001" in output and "no such file" in output
