"""Merging what several applicant classes found into one finding per problem.

Part of load → **check**. The same deadlock is usually reachable by many applicants; the
report keeps one finding per problem, with the shortest counterexample any class gave.
"""

from __future__ import annotations

from collections.abc import Hashable

from .findings import Finding

__all__ = ["MAX_PER_CODE", "Collector"]

MAX_PER_CODE = 8
"""Distinct findings of one behavioural code reported per applicant class."""


class Collector:
    def __init__(self) -> None:
        self._found: dict[Hashable, Finding] = {}

    def add(self, key: Hashable, finding: Finding) -> None:
        known = self._found.get(key)
        if known is None or _length(finding) < _length(known):
            self._found[key] = finding

    def __contains__(self, key: Hashable) -> bool:
        return key in self._found

    def findings(self) -> list[Finding]:
        return list(self._found.values())


def _length(finding: Finding) -> int:
    return len(finding.counterexample) if finding.counterexample is not None else 0
