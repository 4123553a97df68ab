"""Checking process definitions like a model checker: structure, behaviour, time limits and
declared properties.

The check stage of load → check → compile → simulate → render. Public API::

    from policy_kit.check import check, Finding
    findings = check(definition)          # tuple[Finding, ...], sorted
    errors = [f for f in findings if f.severity == "error"]
    refusing = errors(definition)         # the same errors, without warnings' work

Each ``Finding`` has a stable ``code`` (see ``CATALOGUE`` and ``policy-kit checks``), a
``severity``, a ``location`` (file:line:col), the ``ids`` it is about with their
``labels``, a ``message`` and ``hint`` in Chinese and English, a ``counterexample`` for
behavioural findings (the shortest trigger sequence from the start, with the applicant's
attribute values) and ``suppressed`` (the authors' reason, for accepted warnings).
Time limits (PK4xx) add up the steps' limits on the government clock along the slowest
and fastest ways (``timing``); declared ``properties:`` (PK6xx) are proved over the state
space or refuted with a counterexample (``properties``).
"""

from .catalogue import CATALOGUE, Rule
from .findings import SEVERITIES, Counterexample, Finding, Severity, Step, Words
from .run import check, check_file, errors, from_problems

__all__ = [
    "CATALOGUE", "SEVERITIES", "Counterexample", "Finding", "Rule", "Severity", "Step",
    "Words", "check", "check_file", "errors", "from_problems",
]
