"""What a report is made of: the request, the headline figures, the sections.

Part of report. A ``Figure`` remembers which command's ``--json`` it comes from and where
in that JSON it sits, and the page writes both into the HTML (``<data>`` elements), so
that anyone (and the browser tests) can check that the page shows the very figure the
command prints.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..conform import ActivityMap, Settings
    from ..logs import Log

from .words import ReportLang

__all__ = ["CaseLog", "Figure", "ReportRequest", "Section", "Report"]


@dataclass(frozen=True)
class CaseLog:
    """A case log read for the process (by conform's flags), ready to be replayed."""

    log: Log
    activities: ActivityMap | None
    settings: Settings
    pseudonymized: bool = False


@dataclass(frozen=True)
class ReportRequest:
    """The user's choices, as ``policy-kit report`` takes them (defaults as the commands')."""

    spec: str
    scenario: Path | None = None
    cases: int | None = None
    replications: int | None = None
    seed: int | None = None
    start: date | None = None
    assignments: tuple[str, ...] = ()
    compare: str | None = None
    lang: ReportLang = "zh"
    command: str = ""
    """The command line as typed, shown in the header so the numbers can be reproduced."""
    today: date = field(default_factory=date.today)
    case_log: CaseLog | None = None
    """With ``--log``: the office's cases, held against the process (``conform``)."""
    as_of: date | None = None
    """With ``--log`` and ``--as-of``: the day the open cases are forecast from."""


@dataclass(frozen=True)
class Figure:
    """A number the page shows, and where the command's ``--json`` prints it.

    ``source`` names the command (``simulate``, ``compare``, ``path``, ``validate``);
    ``key`` is the path of keys into its JSON (a list, since compare's figure names
    contain dots); ``value`` is the JSON value itself; ``text`` what the page prints.
    """

    source: str
    key: tuple[str | int, ...]
    value: float | int | str | None
    text: str

    def html(self) -> str:
        key = escape(json.dumps(list(self.key), ensure_ascii=False))
        value = "" if self.value is None else escape(str(self.value))
        return (f'<data class="figure" value="{value}" data-source="{self.source}" '
                f'data-key="{key}">{escape(self.text)}</data>')


@dataclass(frozen=True)
class Section:
    """One part of the page: ``body`` is HTML made by the section's own module."""

    id: str
    title: str
    body: str


@dataclass(frozen=True)
class Report:
    """The sections in order, and what the header says about the run."""

    title: str
    process: str
    lang: ReportLang
    command: str
    version: str
    seed: int | None
    today: date
    sections: tuple[Section, ...]
