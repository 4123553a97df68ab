"""What the checker reports: findings with a code, a place in the file and, for behaviour,
a counterexample.

Part of load → **check** → compile → simulate → render. Findings are plain frozen values;
the formats (text, JSON, SARIF) and the CLI only read them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Literal

from ..errors import Location
from ..expr import Value

__all__ = ["SEVERITIES", "Counterexample", "Finding", "Severity", "Step", "Words"]

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
"""From worst to mildest; output is grouped in this order."""


@dataclass(frozen=True)
class Words:
    """A sentence in Chinese and in English (the checker speaks both; ``--lang`` picks)."""

    zh: str
    en: str

    def pick(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Step:
    """One fired trigger of a counterexample and the active states after it.

    ``event`` is what ``Application.fire`` takes (``fire_review.approve``); ``source`` is
    the state the move leaves (the stage, for a join).
    """

    trigger: str
    event: str
    source: str
    states: tuple[str, ...]


@dataclass(frozen=True)
class Counterexample:
    """The shortest way, from the start, for one applicant to reach the problem.

    Iterating over it gives its steps; ``applicant`` holds every attribute value, and
    ``start`` the states a case begins in.
    """

    applicant: Mapping[str, Value]
    start: tuple[str, ...]
    steps: tuple[Step, ...] = ()

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def end(self) -> tuple[str, ...]:
        """The active states where the counterexample ends."""
        return self.steps[-1].states if self.steps else self.start


@dataclass(frozen=True)
class Finding:
    """One problem (or remark) about a definition.

    ``ids`` are the ids the finding is about, first the main one; ``labels`` gives each
    its readable name. ``suppressed`` holds the authors' reason when a suppression in the
    file accepts this warning (errors are never suppressed).
    """

    code: str
    severity: Severity
    location: Location
    ids: tuple[str, ...]
    message: Words
    hint: Words | None = None
    labels: tuple[Words, ...] = ()
    counterexample: Counterexample | None = None
    suppressed: str | None = None

    def text(self, lang: str = "zh") -> str:
        return self.message.pick(lang)

    @property
    def counts(self) -> bool:
        """Whether the finding counts towards the exit code (not suppressed)."""
        return self.suppressed is None

    def suppress(self, reason: str) -> Finding:
        return replace(self, suppressed=reason)

    def sort_key(self) -> tuple[str, int, int, int, str, tuple[str, ...]]:
        return (self.location.file, SEVERITIES.index(self.severity), self.location.line,
                self.location.column, self.code, self.ids)
