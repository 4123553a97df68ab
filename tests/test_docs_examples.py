"""The references' examples are real files: each one loads without a problem."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from policy_kit.calendar.holidays_file import load_holidays
from policy_kit.files import check_companion
from policy_kit.simulate.scenario import Scenario

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _blocks(name: str, language: str) -> list[str]:
    text = (DOCS / name).read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def test_the_complete_scenario_example_validates_against_its_process(tmp_path: Path) -> None:
    example = _blocks("scenarios.md", "yaml")[0]
    shutil.copy(ROOT / "processes" / "xianyang-culture-subsidy.yaml", tmp_path)
    path = tmp_path / "example.scenario.yaml"
    path.write_text(example, encoding="utf-8")
    assert check_companion(path) == ()


def test_the_scenario_example_shows_every_key() -> None:
    example = _blocks("scenarios.md", "yaml")[0]
    for key in Scenario.model_fields:
        written = Scenario.model_fields[key].alias or key
        assert re.search(rf"^{written}:", example, re.M), written
    for key in ("batches", "yearly", "spread_working_days", "per_working_day", "interarrival",
                "office_hours", "weekdays", "mode", "probabilities", "shares", "distribution",
                "value"):
        assert re.search(rf"\b{key}:", example), key
    for dist in ("fixed", "uniform", "triangular", "normal", "lognormal", "gamma",
                 "exponential", "empirical", "until_deadline"):
        assert f"dist: {dist}" in example, dist


def test_the_holidays_examples_load(tmp_path: Path) -> None:
    yaml_file = tmp_path / "h.yaml"
    yaml_file.write_text(_blocks("holidays.md", "yaml")[0], encoding="utf-8")
    csv_file = tmp_path / "h.csv"
    csv_file.write_text(_blocks("holidays.md", "csv")[0], encoding="utf-8")
    days = load_holidays(yaml_file)
    assert days and load_holidays(csv_file)
    assert any(working for working in days.values())
