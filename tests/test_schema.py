"""The JSON Schema printed for editors agrees with the loader: they must not drift apart."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_kit import DefinitionError
from policy_kit.model import Process
from policy_kit.source import read_yaml, read_yaml_text
from tests.conftest import MINIMAL

ROOT = Path(__file__).parent.parent
DEFINITIONS = [p for p in sorted((ROOT / "processes").glob("*.yaml")) if "." not in p.stem]
FIXTURES = sorted((ROOT / "tests" / "fixtures").glob("*.yaml"))


@pytest.fixture(scope="module")
def validator() -> Any:
    schema = Process.model_json_schema(by_alias=True)
    return jsonschema.Draft202012Validator(schema)


def _jsonable(data: Any) -> Any:
    return json.loads(json.dumps(data, default=str))


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
