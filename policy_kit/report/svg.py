"""Pictures made for a page: Graphviz's SVG cleaned to sit inline in HTML.

Part of report. Graphviz writes a stand-alone document (an XML prolog, a DOCTYPE that
names a DTD on w3.org, a size in points); inline, the prolog and DOCTYPE go (a browser
never fetches them, but nothing in the file should even name an address it would
load; matplotlib's RDF metadata goes too, for the same reason), the picture scales to
the page's width with its ``viewBox``, and every ``id`` gets
a prefix so two pictures on one page never share one.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..loader import Definition
from ..render import Diagram, build, run_dot, to_dot
from ..render.overlay import Overlay
from .words import ReportLang

__all__ = ["diagram_svg", "inline_svg"]

_PROLOG = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->|<metadata>.*?</metadata>",
                     re.S)
_ROOT = re.compile(r"<svg\b[^>]*>", re.S)


def inline_svg(svg: str, prefix: str, css_class: str) -> str:
    """``svg`` ready to be placed in HTML: no prolog, prefixed ids, scaled by CSS."""
    text = _PROLOG.sub("", svg).strip()
    text = re.sub(r'\bid="([^"]*)"', lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = re.sub(r'url\(#([^)]*)\)', lambda m: f"url(#{prefix}-{m.group(1)})", text)
    text = re.sub(r'xlink:href="#([^"]*)"', lambda m: f'xlink:href="#{prefix}-{m.group(1)}"',
                  text)
    root = _ROOT.search(text)
    if root is None:
        return text
    tag = root.group(0)
    size = {k: float(v) for k, v in re.findall(r'\b(width|height)="([\d.]+)(?:pt|px)?"', tag)}
    cleaned = re.sub(r'\s(width|height|class)="[^"]*"', "", tag)
    extra = f' class="{css_class}" preserveAspectRatio="xMidYMin meet"'
    if "width" in size:  # points: never drawn larger than its natural size
        extra += f' style="width:100%;max-width:{size["width"] * 4 / 3:.0f}px"'
    cleaned = cleaned[:-1] + extra + ">"
    return text[:root.start()] + cleaned + text[root.end():]


def diagram_svg(definition: Definition, detail: str, lang: ReportLang, prefix: str,
                overlay: Callable[[Diagram], Overlay] | None = None) -> str:
    """A process diagram (``states`` or ``stages``) drawn by ``dot``, inline-ready;
    ``overlay`` marks the diagram (it needs the diagram's ids, so it is made from it)."""
    diagram = build(definition.structure, lang, "stages" if detail == "stages" else "states")
    marks = overlay(diagram) if overlay is not None else None
    svg = run_dot(to_dot(diagram, "TB", marks), "svg").decode("utf-8")
    return inline_svg(svg, prefix, f"diagram {detail}")
