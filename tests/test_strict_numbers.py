"""A number must be written as a number: ``working_days: '5'`` (text in YAML) was read as
5, so a figure typed in quotes, or a count written ``2.0`` or ``yes``, passed unseen.
Every file kind refuses it with one located message and a hint, in English and Chinese."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from policy_kit.cli import main

PROCESSES = Path(__file__).resolve().parent.parent / "processes"
XIANYANG = "xianyang-culture-subsidy"

# file, text as bundled, the slip, code, the hint's words
CASES = {
    "limit-in-quotes": ("", "working_days: 5\n", "working_days: '5'\n", "PK002",
                        "without quotes"),
    "limit-with-a-point": ("", "limit: {working_days: 10, assumption: no published limit; "
                               "10 working days}",
                           "limit: {working_days: 10.0, assumption: no published limit; "
                           "10 working days}", "PK002", "whole number"),
    "max-rounds-in-quotes": ("", "max_rounds: 2", "max_rounds: '2'", "PK002", "without quotes"),
    "attribute-bound-in-quotes": ("", "    min: 0", "    min: '0'", "PK002", "without quotes"),
    "staff-in-quotes": (".scenario", "    count: 2", '    count: "2"', "PK501",
                        "without quotes"),
    "batch-cases-in-quotes": (".scenario", "      cases: 60", "      cases: '60'", "PK501",
                              "without quotes"),
    "distribution-in-quotes": (".scenario", "mean: 70, sd: 12", "mean: '70', sd: 12", "PK501",
                               "without quotes"),
    "duration-in-quotes": (".scenario", "low: 0.25, mode: 0.5", "low: '0.25', mode: 0.5",
                           "PK501", "without quotes"),
    "yearly-yes": (".scenario", "  yearly: true", "  yearly: yes", "PK501", "true or false"),
    "cases-as-bool": (".scenario", "\ncases: 120", "\ncases: true", "PK501", "not numbers"),
    "money-in-quotes": (".policy", "value: 20_000_000,", "value: '20000000',", "PK505",
                        "without quotes"),
    "year-in-quotes": (".policy", "{from: 2022, value: 60,", "{from: '2022', value: 60,",
                       "PK505", "without quotes"),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_a_number_in_quotes_is_refused_where_it_is(runner: CliRunner, tmp_path: Path,
                                                   case: tuple[str, str, str, str, str]) -> None:
    kind, old, new, code, hint = case
    shutil.copy(PROCESSES / f"{XIANYANG}.yaml", tmp_path)
    name = f"{XIANYANG}{kind}.yaml"
    text = (PROCESSES / name).read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1 + (old.startswith("\n"))
    result = runner.invoke(main, ["validate", "--lang", "en", str(path)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f" {line}:" in result.output and code in result.output
    assert hint in result.output
    chinese = runner.invoke(main, ["validate", "--lang", "zh", str(path)])
    assert chinese.exit_code == 1 and code in chinese.output and "提示" in chinese.output


def test_numbers_written_as_numbers_still_load(runner: CliRunner) -> None:
    """Integers where a fraction may go (``mean: 70``), and exact decimals (``0.25``)."""
    result = runner.invoke(main, ["validate", "--lang", "en",
                                  str(PROCESSES / f"{XIANYANG}.scenario.yaml"),
                                  str(PROCESSES / f"{XIANYANG}.policy.yaml")])
    assert result.exit_code == 0, result.output


def test_an_exported_number_attribute_imports_as_a_number(runner: CliRunner,
                                                          tmp_path: Path) -> None:
    """The BPMN export's ``pk:attribute`` JSON writes exact numbers as text
    (``"min": "0"``): the importer gives them back as numbers, which the stricter format
    needs (Jining's ``investment_wan``)."""
    exported = tmp_path / "jining.bpmn"
    imported = tmp_path / "jining.yaml"
    assert runner.invoke(main, ["render", "jining-construction-start", "-o",
                                str(exported)]).exit_code == 0
    result = runner.invoke(main, ["import", str(exported), "-o", str(imported)])
    assert result.exit_code == 0, result.output
    text = imported.read_text(encoding="utf-8")
    assert "min: 0" in text and "'0'" not in text


@pytest.mark.parametrize(("kind", "path", "bad", "good"), [
    ("process", ("states", 0, "limit", "working_days"), "5", 5),
    ("scenario", ("durations", "review", "mean"), "2", 2),
    ("scenario", ("durations", "review", "mean"), -1, 0.5),
    ("policy", ("parameters", "budget", "values", 0, "value"), "500000", 500000),
], ids=["limit-text", "mean-text", "mean-negative", "money-text"])
def test_the_json_schema_says_the_same(kind: str, path: tuple[object, ...], bad: object,
                                       good: object) -> None:
    """An editor's validator and the loader agree: a quoted number is refused by both, and
    a bound (``mean >= 0``) is JSON Schema's ``minimum``, not pydantic's ``ge``."""
    import jsonschema

    from policy_kit.schema import json_schema

    schema = json_schema(kind)  # type: ignore[arg-type]
    assert '"ge"' not in json.dumps(schema) and '"gt"' not in json.dumps(schema)
    document = _minimal(kind)
    validator = jsonschema.Draft202012Validator(schema)
    assert not list(validator.iter_errors(_set(document, path, good)))
    assert list(validator.iter_errors(_set(document, path, bad)))


def _minimal(kind: str) -> dict[str, object]:
    if kind == "process":
        return {"format": 1, "id": "q", "title": "q", "states": [
            {"id": "review", "kind": "task", "limit": {"working_days": 1}},
            {"id": "ok", "kind": "final", "outcome": "approved"}],
            "transitions": [{"from": "review", "to": "ok", "on": "approve"}]}
    if kind == "scenario":
        return {"format": 1, "process": "q", "start": "2025-01-01",
                "arrivals": {"per_working_day": 1},
                "durations": {"review": {"dist": "exponential", "mean": 1}}}
    policy = yaml.safe_load((PROCESSES / f"{XIANYANG}.policy.yaml").read_text(encoding="utf-8"))
    loaded: dict[str, object] = json.loads(json.dumps(policy, default=str))  # dates as text
    return loaded


def _set(document: dict[str, object], path: tuple[object, ...],
         value: object) -> dict[str, object]:
    changed = copy.deepcopy(document)
    holder: object = changed
    for key in path[:-1]:
        holder = holder[key]  # type: ignore[index]
    holder[path[-1]] = value  # type: ignore[index]
    return changed
