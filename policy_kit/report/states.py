"""The report's last section: every state of the process, zoomable and pannable.

Part of report. Jining's picture has 74 states; at page width its names are too small to
read, so the picture sits in a frame that the page's small inline script (``page``)
lets one zoom with the wheel or the buttons and pan by dragging. Printed, it is scaled
to one page.
"""

from __future__ import annotations

from ..loader import Definition
from .markup import esc
from .model import Section
from .svg import diagram_svg
from .words import ReportLang, say

__all__ = ["states_section"]


def states_section(definition: Definition, lang: ReportLang) -> Section:
    svg = diagram_svg(definition, "states", lang, "states")
    buttons = "".join(f'<button type="button" data-zoom-action="{action}">{esc(say(word, lang))}'
                      "</button>" for action, word in (("in", "zoom_in"), ("out", "zoom_out"),
                                                       ("reset", "reset")))
    body = (f'<div class="zoom-tools no-print">{buttons}'
            f'<span class="muted">{esc(say("zoom_hint", lang))}</span></div>'
            f'<div class="zoom" data-zoom>{svg}</div>')
    return Section("states", say("states", lang), body)
