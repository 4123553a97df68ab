"""A report one can hand to a zone's leadership: one self-contained HTML file.

The last step of load → check → compile → simulate → render → **report**:

    request = ReportRequest("jining-construction-start", start=date(2024, 2, 19))
    html = to_html(build_report(request))        # write it anywhere; it loads nothing

``assemble`` runs what ``validate``, ``path``, ``simulate``, ``compare``, ``conform`` and
``forecast`` run and makes a section of each result (``overview``, ``findings``, ``path``,
``simulation``, ``whatif``, ``conformance``, ``forecast``, ``states``); ``plots`` draws
with matplotlib, ``svg`` cleans Graphviz's pictures for the page, ``page`` writes the
HTML with its inline style and script.
"""

from __future__ import annotations

from .assemble import build_report
from .model import CaseLog, Figure, Report, ReportRequest, Section
from .page import to_html

__all__ = ["CaseLog", "Figure", "Report", "ReportRequest", "Section", "build_report", "to_html"]
