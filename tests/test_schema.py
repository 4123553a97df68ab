"""The JSON Schema printed for editors agrees with the loader: they must not drift apart."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_kit import DefinitionError
from policy_kit.cli import main
from policy_kit.kinds import KINDS, kind_of
from policy_kit.schema import json_schema
from policy_kit.source import read_yaml, read_yaml_text
from tests.conftest import MINIMAL

ROOT = Path(__file__).parent.parent
DEFINITIONS = [p for p in sorted((ROOT / "processes").glob("*.yaml")) if "." not in p.stem]
FIXTURES = [p for p in sorted((ROOT / "tests" / "fixtures").glob("*.yaml")) if "." not in p.stem]


@pytest.fixture(scope="module")
def validator() -> Any:
    return jsonschema.Draft202012Validator(json_schema("process"))


def _jsonable(data: Any) -> Any:
    """As an editor's YAML 1.2 reader sees the file: numbers as numbers, dates as text."""
    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        return str(value)

    return json.loads(json.dumps(data, default=plain))


@pytest.mark.parametrize("path", DEFINITIONS + FIXTURES, ids=lambda p: p.name)
def test_bundled_files_satisfy_the_schema(path: Path, validator: Any) -> None:
    data, _ = read_yaml(path)
    errors = list(validator.iter_errors(_jsonable(data)))
    assert not errors, errors[0].message


@pytest.mark.parametrize(
    ("old", "new"),
    [("kind: task", "kind: taks"), ("kind: task", "knd: task"), ("format: 1", "format: 2"),
     ("default: true", "default: yes")],
    ids=["bad-enum", "unknown-key", "bad-format", "yes-is-text"],
)
def test_schema_and_loader_both_refuse(old: str, new: str, validator: Any, tmp_path: Path
                                       ) -> None:
    from policy_kit.loader import parse

    data, source = read_yaml_text(MINIMAL.replace(old, new), "x.yaml")
    assert list(validator.iter_errors(_jsonable(data)))
    with pytest.raises(DefinitionError, match="PK002"):
        parse(data, source)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("abc: -[]{}&*!|>'\"#\n\t0123.,?%@`~\\") +
                                ["<<", "!!python/object", "中文", "yes", "on", "\n  "]),
                max_size=60).map("".join))
def test_any_text_gives_data_or_a_located_error(text: str) -> None:
    try:
        read_yaml_text(text, "fuzz.yaml")
    except DefinitionError as error:
        assert error.problems and all(p.location.file == "fuzz.yaml" for p in error.problems)


COMPANIONS = [p for p in sorted((ROOT / "processes").glob("*.yaml")) if "." in p.stem]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_a_schema_with_an_id(runner: CliRunner, kind: str) -> None:
    result = runner.invoke(main, ["schema", "--kind", kind, "--lang", "en"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:policy-kit:schema:{kind}:1"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert "schema" in schema["title"] or "file" in schema["title"] or kind in schema["title"]


@pytest.mark.parametrize("path", COMPANIONS, ids=lambda p: p.name)
def test_bundled_companions_satisfy_their_schema(path: Path) -> None:
    data, _ = read_yaml(path)
    validator = jsonschema.Draft202012Validator(json_schema(kind_of(path)))
    errors = list(validator.iter_errors(_jsonable(data)))
    assert not errors, errors[0].message


def _first_error(kind: str, data: Any) -> Any:
    validator = jsonschema.Draft202012Validator(json_schema(kind))  # type: ignore[arg-type]
    errors = list(validator.iter_errors(_jsonable(data)))
    assert errors, "the schema accepted a wrong file"
    return errors[0], jsonschema.exceptions.best_match(errors)


def test_an_unknown_key_in_an_attribute_is_the_first_error() -> None:
    data, _ = read_yaml_text(MINIMAL.replace("amount: {type: number, min: 0, example: 10}",
                                             "amount: {type: number, min: 0, example: 10, "
                                             "colour: red}"), "x.yaml")
    first, best = _first_error("process", data)
    for error in (first, best):
        assert "'colour' was unexpected" in error.message
        assert list(error.absolute_path) == ["attributes", "amount"]


def test_a_decimal_bound_must_be_a_number() -> None:
    """Written as a number, as the loader wants it: ``"100.5"`` in quotes is text, refused
    by both (tests/test_strict_numbers.py)."""
    validator = jsonschema.Draft202012Validator(json_schema("process"))
    for text in ('"hundred"', '"100.5"'):
        data, _ = read_yaml_text(MINIMAL.replace("min: 0,", f"max: {text}, min: 0,"), "x.yaml")
        first, _ = _first_error("process", data)
        assert "is not of type 'number'" in first.message
    fine, _ = read_yaml_text(MINIMAL.replace("min: 0,", "max: 100.5, min: 0,"), "x.yaml")
    assert not list(validator.iter_errors(_jsonable(fine)))


def test_an_unknown_distribution_or_key_in_a_scenario_is_named() -> None:
    scenario, _ = read_yaml(ROOT / "processes" / "xianyang-culture-subsidy.scenario.yaml")
    data = _jsonable(scenario)
    state = next(iter(data["durations"]))
    data["durations"][state] = {"dist": "fixed", "value": 2, "colour": "red"}
    first, best = _first_error("scenario", data)
    assert "'colour' was unexpected" in first.message and "'colour'" in best.message
    data["durations"][state] = {"dist": "fixd", "value": 2}
    first, _ = _first_error("scenario", data)
    assert "fixd" in first.message


def test_a_plain_string_fills_both_languages_in_the_schema_too() -> None:
    data, _ = read_yaml_text(MINIMAL, "x.yaml")
    assert isinstance(data["departments"][0]["name"], str)
    validator = jsonschema.Draft202012Validator(json_schema("process"))
    assert not list(validator.iter_errors(_jsonable(data)))


def test_a_holidays_file_and_its_schema_agree(tmp_path: Path) -> None:
    from policy_kit.calendar.holidays_file import load_holidays

    text = "source: a notice\nholidays: [2027-01-01]\nworkdays: [2027-02-14]\n"
    (tmp_path / "h.yaml").write_text(text, encoding="utf-8")
    assert load_holidays(tmp_path / "h.yaml")
    data, _ = read_yaml_text(text, "h.yaml")
    validator = jsonschema.Draft202012Validator(json_schema("holidays"))
    assert not list(validator.iter_errors(_jsonable(data)))
    wrong, _ = read_yaml_text("holiday: [2027-01-01]\n", "h.yaml")
    assert list(validator.iter_errors(_jsonable(wrong)))


def _strings_at(node: Any, key: str) -> list[str]:
    if isinstance(node, list):
        return [found for item in node for found in _strings_at(item, key)]
    if not isinstance(node, dict):
        return []
    here = [node[key]] if isinstance(node.get(key), str) else []
    return here + [found for value in node.values() for found in _strings_at(value, key)]


@pytest.mark.parametrize("kind", KINDS)
def test_a_chinese_schema_describes_every_key_in_chinese(runner: CliRunner, kind: str) -> None:
    """Every description in Chinese (``schema_zh``: a new or reworded docstring needs its
    Chinese there), no English field titles, and still the same schema for a validator."""
    from policy_kit.schema_zh import DESCRIPTIONS_ZH

    english = json_schema(kind, "en")
    untranslated = [text for text in _strings_at(english, "description")[1:]
                    if text not in DESCRIPTIONS_ZH]
    assert not untranslated, "add to policy_kit/schema_zh.py:\n" + "\n".join(untranslated)
    result = runner.invoke(main, ["schema", "--kind", kind, "--lang", "zh"])
    assert result.exit_code == 0, result.output
    chinese = json.loads(result.output)
    jsonschema.Draft202012Validator.check_schema(chinese)
    assert _strings_at(chinese, "title") == [chinese["title"]]
    assert set(_strings_at(chinese, "description")[1:]) <= set(DESCRIPTIONS_ZH.values())
