"""Graphviz, in one place: the ``graphviz`` library that writes DOT text, and the ``dot`` program.

Part of render. Both DOT writers (the diagram renderer, ``render/graphviz.py``, and the
BPMN layout, ``export/layout.py``) build their graphs with ``Digraph`` from here, so the
quoting of ids and labels is the library's, written once; and both run ``dot`` through
``run_dot``, so a missing program, a failure and a ``dot`` that never returns each end
in one ``RenderError`` (exit code 1) with a message that says what to do.

A large or pathological graph can keep ``dot`` busy for minutes; after
``DOT_TIMEOUT`` seconds (``POLICY_KIT_DOT_TIMEOUT`` overrides it) the program is stopped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Sequence

from graphviz import Digraph

from ..errors import RenderError

__all__ = ["DOT_TIMEOUT", "Digraph", "GraphvizMissing", "Which", "dot_timeout", "run_dot"]

DOT_TIMEOUT = 120.0
"""Seconds ``dot`` may take before it is stopped."""

INSTALL_HINT = ("Graphviz's `dot` program was not found: install Graphviz (Debian/Ubuntu: "
                "`apt-get install graphviz`; macOS: `brew install graphviz`)")
INSTALL_HINT_ZH = ("找不到 Graphviz 的 `dot` 程序：请安装 Graphviz（Debian/Ubuntu："
                   "`apt-get install graphviz`；macOS：`brew install graphviz`）")

Which = Callable[[str], str | None]


class GraphvizMissing(RenderError):
    """The ``dot`` program is not installed (a ``RenderError``: exit code 1)."""


def dot_timeout() -> float:
    """``DOT_TIMEOUT``, or ``POLICY_KIT_DOT_TIMEOUT`` when set to a positive number."""
    text = os.environ.get("POLICY_KIT_DOT_TIMEOUT", "")
    try:
        value = float(text)
    except ValueError:
        return DOT_TIMEOUT
    return value if value > 0 else DOT_TIMEOUT


def run_dot(source: str, arguments: Sequence[str], *, what: str = "the diagram",
            which: Which = shutil.which, timeout: float | None = None) -> bytes:
    """Run ``dot`` with ``arguments`` (``-Tsvg`` …) on DOT ``source``; its output.

    ``what`` names the drawing in messages; ``which`` finds the program (a test seam).
    """
    program = which("dot")
    if program is None:
        raise GraphvizMissing(INSTALL_HINT, zh=INSTALL_HINT_ZH)
    limit = dot_timeout() if timeout is None else timeout
    try:
        done = subprocess.run([program, *arguments], input=source.encode("utf-8"),
                              capture_output=True, check=False, timeout=limit)
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"Graphviz's dot did not finish {what} within {limit:g} s and was stopped; a "
            "very large diagram? Draw a part of it (a stage), or allow more time with "
            "POLICY_KIT_DOT_TIMEOUT=<seconds>",
            zh=f"Graphviz 的 dot 在 {limit:g} 秒内没有画完图，已被停止；图太大了吗？"
               "请只画一部分（一个阶段），或用 POLICY_KIT_DOT_TIMEOUT=<秒数> 放宽时间") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[-1] if lines else f"exit code {done.returncode}"
        raise RenderError(f"Graphviz's dot could not draw {what}: {reason}",
                          zh=f"Graphviz 的 dot 画不出图：{reason}")
    return done.stdout
