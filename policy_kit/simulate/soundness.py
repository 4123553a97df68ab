"""Refusing to simulate an unsound process, unless asked to go ahead.

Part of check → **simulate**: a model that can deadlock would give cycle times for the
cases that happen to finish and hide the others, so ``simulate`` asks the checker first
(``policy_kit.check``) and stops on any finding of severity ``error``: its ``errors``,
which skips what only warnings need (time limits, checked hints), so the first case runs
sooner. The checker is imported lazily; where it is not installed the refusal is skipped
silently.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any

from ..errors import UnsoundError
from ..loader import Definition

__all__ = ["UnsoundError", "refuse_unsound"]

Checker = Callable[[Definition], Sequence[Any]]


def _default_checker() -> Checker | None:
    try:
        module = importlib.import_module("policy_kit.check")
    except ImportError:
        return None
    checker: Checker | None = getattr(module, "errors", None)
    return checker


def describe(finding: Any, lang: str = "en") -> str:
    """One line for a finding: where, what, and its code (any object with those fields)."""
    message = getattr(finding, "message", None)
    if message is None:
        return str(finding)
    text = message.pick(lang) if hasattr(message, "pick") else str(message)
    location = getattr(finding, "location", None)
    code = getattr(finding, "code", "")
    return f"{location}: {text}" + (f" [{code}]" if code else "") if location else text


def refuse_unsound(definition: Definition, checker: Checker | None = None,
                   lang: str = "en") -> None:
    """Raise ``UnsoundError`` listing the checker's errors for ``definition``, if any, in
    both languages (``lang`` is kept for callers; the CLI picks the language it prints)."""
    check = checker or _default_checker()
    if check is None:
        return
    errors = [f for f in check(definition) if getattr(f, "severity", None) == "error"]
    if errors:
        lines = "\n".join(f"  {describe(f, 'en')}" for f in errors)
        lines_zh = "\n".join(f"  {describe(f, 'zh')}" for f in errors)
        raise UnsoundError(
            f"{definition.id} is unsound; simulating it would hide the cases that can never "
            f"finish:\n{lines}\n    hint: fix the process (see `policy-kit validate`), or "
            "pass --allow-unsound to count such cases as unfinished",
            zh=f"流程 {definition.id} 不健全：模拟它会掩盖那些永远办不完的案件：\n{lines_zh}\n"
               "    提示: 修正流程（见 `policy-kit validate`），或加 --allow-unsound，"
               "把这样的案件计为未办结")
