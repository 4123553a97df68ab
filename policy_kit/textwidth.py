"""How many terminal columns a text takes, for the CLI's aligned tables: ``wcwidth``'s home.

Part of the output edge (simulate, schedule and award tables). A Chinese character takes
two columns, a combining mark none; Python's ``len`` counts neither right, and a table of
Chinese names aligned by it comes out ragged. ``wcwidth`` knows the Unicode tables.
"""

from __future__ import annotations

__all__ = ["columns", "fit", "pad"]


def columns(text: str) -> int:
    """Terminal columns ``text`` takes (a control character counts as none)."""
    if text.isascii() and text.isprintable():  # one column a character: most cells
        return len(text)
    # Imported on the first text that is not plain ASCII: wcwidth loads its Unicode
    # tables at import (about 0.05 s), which a command printing JSON never needs.
    from wcwidth import wcswidth, wcwidth

    width = wcswidth(text)
    if width >= 0:
        return int(width)
    return sum(max(int(wcwidth(char)), 0) for char in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` columns (on the left when ``right``)."""
    spaces = " " * max(0, width - columns(text))
    return spaces + text if right else text + spaces


def fit(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` columns, then padded to exactly ``width``."""
    from wcwidth import wcwidth  # see ``columns``

    out: list[str] = []
    used = 0
    for char in text:
        wide = max(int(wcwidth(char)), 0)
        if used + wide > width:
            break
        out.append(char)
        used += wide
    return "".join(out) + " " * (width - used)
