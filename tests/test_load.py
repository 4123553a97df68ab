"""Loading: good files load; every kind of bad input gives one located, readable error."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from policy_kit import DefinitionError, load
from tests.conftest import MINIMAL

Write = Callable[..., Path]


def test_minimal_loads(write: Write) -> None:
    definition = load(write(MINIMAL))
    assert definition.id == "minimal"
    assert definition.process.title.pick("zh") == "最小流程"
    assert set(definition.structure.places) == {"check", "approved", "rejected"}


def _error(path: Path) -> DefinitionError:
    with pytest.raises(DefinitionError) as caught:
        load(path)
    return caught.value


@pytest.mark.parametrize(
    ("old", "new", "line", "pattern"),
    [
        ("title: {zh", "title: [zh", 3, r"YAML syntax error"),
        ("kind: task", "kind: 5", 17, r"`kind`: Input should be 'task'"),
        ("kind: task", "knd: task", 17, r"unknown key `knd`"),
        ("to: approved, on: approve", "to: aproved, on: approve", 22,
         r"unknown state or stage `aproved`"),
        ("department: office", "department: ofice", 17, r"unknown department `ofice`"),
        ("requires: [form]", "requires: [from]", 17, r"unknown document `from`"),
        ("issues: [permit]", "issues: [permt]", 22, r"unknown certificate `permt`"),
        ("when: amount >= 5", "when: amont >= 5", 22, r"guard: unknown name"),
        ("when: amount >= 5", "when: __import__('os').system('echo hi')", 22,
         r"guard: calls are limited"),
        ("when: amount >= 5", "when: kind > 3", 22, r"guard: .*"),
        ("format: 1", "format: 2", 1, r"written in format 2, newer than"),
        ("id: minimal", "id: Minimal Process", 2, r"`id`"),
    ],
    ids=["yaml-syntax", "wrong-type", "unknown-key", "unknown-state", "unknown-department",
         "unknown-document", "unknown-certificate", "undeclared-name", "code-in-guard",
         "type-mismatch", "wrong-format", "bad-id"],
)
def test_bad_definition_is_located(write: Write, old: str, new: str, line: int,
                                   pattern: str) -> None:
    assert old in MINIMAL
    path = write(MINIMAL.replace(old, new, 1))
    error = _error(path)
    assert str(error).count(str(path)) >= 1
    first = error.problems[0]
    assert first.location.file == str(path)
    assert first.location.line == line
    assert first.location.column >= 1
    assert re.search(pattern, str(error)), str(error)


def test_unknown_key_suggests_the_right_one(write: Write) -> None:
    error = _error(write(MINIMAL.replace("kind: task", "kidn: task")))
    assert "did you mean `kind`?" in str(error)


def test_guard_error_points_at_the_column(write: Write) -> None:
    error = _error(write(MINIMAL.replace("when: amount >= 5", "when: amount >= 5 and amont")))
    problem = error.problems[0]
    text = MINIMAL.splitlines()[21]
    assert problem.location.column == text.index("amount >= 5") + 1 + len("amount >= 5 and ")


def test_all_problems_are_reported_at_once(write: Write) -> None:
    text = MINIMAL.replace("department: office", "department: ofice").replace(
        "issues: [permit]", "issues: [permt]")
    error = _error(write(text))
    assert [p.location.line for p in error.problems] == [17, 22]


def test_duplicate_keys(write: Write) -> None:
    error = _error(write(MINIMAL.replace("source: test\n", "source: test\nsource: again\n")))
    assert "duplicate key `source`" in str(error)
    assert error.problems[0].location.line == 5


def test_duplicate_state_ids(write: Write) -> None:
    error = _error(write(MINIMAL.replace("{id: rejected, kind: final", "{id: approved, "
                                                                       "kind: final")))
    assert "id `approved` is already used (line 19)" in str(error)


def test_alias_bomb_is_refused(write: Write) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    error = _error(write("\n".join(lines) + "\n"))
    assert "alias bomb" in str(error)


def test_huge_file_is_refused(write: Write) -> None:
    error = _error(write("# " + "x" * (3 * 1024 * 1024) + "\n"))
    assert "bytes; definitions are limited" in str(error)


def test_non_utf8_is_refused(write: Write) -> None:
    error = _error(write("title: 最小".encode("gbk")))
    assert "not UTF-8" in str(error)
    assert error.problems[0].location.line == 1


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n"], ids=["empty", "blank",
                                                                            "comment"])
def test_empty_file(write: Write, text: str) -> None:
    assert "empty" in str(_error(write(text))) or "no YAML document" in str(_error(write(text)))


def test_missing_file(tmp_path: Path) -> None:
    error = _error(tmp_path / "nope.yaml")
    assert "no such file" in str(error)


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "dir.yaml"
    folder.mkdir()
    assert "is a directory" in str(_error(folder))


def test_unknown_bundled_id_suggests() -> None:
    with pytest.raises(DefinitionError, match="did you mean `xianyang-culture-subsidy`"):
        load("xianyang-culture-subsidi")


def test_python_tags_are_refused(write: Write) -> None:
    error = _error(write(MINIMAL.replace("source: test", "source: !!python/object/apply:os.system"
                                                         " ['echo hi']")))
    assert "tag" in str(error) and "not allowed" in str(error)


def test_top_level_must_be_a_mapping(write: Write) -> None:
    assert "mapping" in str(_error(write("- a\n- b\n")))


def test_on_off_yes_no_stay_strings(write: Write) -> None:
    text = MINIMAL.replace("values: [a, b], example: a", "values: [yes, no], example: no")
    text = text.replace("{id: rejected, kind: final, outcome: rejected}",
                        "{id: off, kind: final, outcome: rejected}")
    text = text.replace("to: rejected, on: reject", "to: off, on: on")
    definition = load(write(text))
    assert definition.process.attributes["kind"].values == ("yes", "no")  # type: ignore[union-attr]
    assert "off" in definition.structure.places
    assert definition.process.transitions[1].on == "on"


def test_numbers_are_exact(write: Write) -> None:
    from decimal import Decimal

    definition = load(write(MINIMAL.replace("example: 10}", "example: 0.1}")))
    assert definition.process.attributes["amount"].example == Decimal("0.1")


def test_entering_a_region_from_outside_is_refused() -> None:
    text = (Path(__file__).parent / "fixtures" / "parallel.yaml").read_text(encoding="utf-8")
    bad = text.replace("{from: receive, to: reviews, on: accept}",
                       "{from: receive, to: fire_check, on: accept}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.yaml"
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(DefinitionError, match=r"inside region `fire_review`.*PK103"):
            load(path)


def test_yes_is_not_a_boolean(write: Write) -> None:
    error = _error(write(MINIMAL.replace("default: true", "default: yes")))
    assert "`default`: Input should be a valid boolean (got \"yes\")" in str(error)
    assert "write true or false" in str(error)


def test_a_file_loaded_again_unchanged_is_not_parsed_again(write: Write) -> None:
    """validate loads a process once for itself and again for each file that names it."""
    path = write(MINIMAL)
    first = load(path)
    assert load(path) is first


def test_a_file_changed_between_loads_is_read_again(write: Write) -> None:
    """Same length, same timestamp tick: only the bytes tell the two versions apart."""
    path = write(MINIMAL)
    first = load(path)
    path.write_text(MINIMAL.replace("最小流程", "最短流程"), encoding="utf-8")
    again = load(path)
    assert again is not first
    assert again.process.title.pick("zh") == "最短流程"
    path.write_text(MINIMAL.replace("approved", "aproved", 1), encoding="utf-8")
    with pytest.raises(DefinitionError, match="aproved"):
        load(path)
