"""Small HTML builders the sections share: escaped text, tables, figure captions.

Part of report. Every piece of text from a definition, a finding or a log goes through
``esc``; the sections write only trusted tags around it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

__all__ = ["esc", "figure", "headline", "table"]


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], css: str = "") -> str:
    """A table; cells are HTML already (escape text with ``esc`` first)."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (f'<table class="{css}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def figure(content: str, caption: str, css: str = "") -> str:
    """A picture with its caption, kept on one printed page."""
    return f'<figure class="{css}">{content}<figcaption>{caption}</figcaption></figure>'


def headline(items: Iterable[tuple[str, str]]) -> str:
    """Big numbers in a row: (label, value HTML) pairs."""
    cells = "".join(f'<div class="tile"><div class="value">{value}</div>'
                    f'<div class="label">{esc(label)}</div></div>' for label, value in items)
    return f'<div class="tiles">{cells}</div>'
