"""docs/api.md is run, not read: every fenced ``python`` block runs in order, as a plain
script from a folder of its own, and prints exactly the ``text`` block that follows it."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parent.parent / "docs" / "api.md"
FENCE = re.compile(r"```(python|text)\n(.*?)```\n", re.S)
CAPABILITIES = ("check(", "path(", "simulate(", "compare(", "award(")


def _examples() -> list[tuple[str, str | None]]:
    """Each python block with the output shown right under it (None: none shown)."""
    text = DOC.read_text(encoding="utf-8")
    found = list(FENCE.finditer(text))
    examples = []
    for index, match in enumerate(found):
        if match.group(1) != "python":
            continue
        following = found[index + 1] if index + 1 < len(found) else None
        shown = None
        if following is not None and following.group(1) == "text" and \
                not text[match.end():following.start()].strip():
            shown = following.group(2)
        examples.append((match.group(2), shown))
    return examples


def test_every_capability_has_an_example() -> None:
    code = "\n".join(block for block, _ in _examples())
    for call in CAPABILITIES:
        assert call in code, f"docs/api.md shows no {call}…)"
    assert all(">>>" not in block for block, _ in _examples()), "plain scripts, no prompts"


@pytest.mark.parametrize(("number", "block", "shown"), [
    pytest.param(n, block, shown, id=f"block-{n}")
    for n, (block, shown) in enumerate(_examples(), start=1)])
def test_the_example_runs_and_prints_what_is_shown(number: int, block: str, shown: str | None,
                                                    tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # bundled ids, not paths: it runs from any folder
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(block, f"docs/api.md block {number}", "exec"), {"__name__": "__main__"})
    if shown is not None:
        assert printed.getvalue() == shown
