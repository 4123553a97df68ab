"""A loaded, checked policy with its formulas compiled, and its parameters for one year.

Part of load → check → **compile** → simulate → render: what ``policy.load`` returns and
what the award computation reads. Nothing here reads files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..errors import Location, PolicyYearError
from ..expr import Formula, Guard
from ..loader import Definition
from ..source import SourceMap
from .fast import Compiled, compile_fast
from .model import Eligibility, Parameter, Period, PolicyFile, Reward

__all__ = ["CompiledEligibility", "CompiledReward", "Policy", "PolicyYearError",
           "YearParameters"]


@dataclass(frozen=True)
class CompiledEligibility:
    """An eligibility rule; ``test`` is its guard's fast closure (``policy.fast``)."""

    spec: Eligibility
    guard: Guard
    test: Compiled = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "test", compile_fast(self.guard.tree))


@dataclass(frozen=True)
class CompiledReward:
    """A reward with its guard and formulas, and their fast closures."""

    spec: Reward
    when: Guard
    amount: Formula
    cap: Formula | None
    fast_when: Compiled = field(init=False, repr=False, compare=False)
    fast_amount: Compiled = field(init=False, repr=False, compare=False)
    fast_cap: Compiled | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fast_when", compile_fast(self.when.tree))
        object.__setattr__(self, "fast_amount", compile_fast(self.amount.tree))
        object.__setattr__(self, "fast_cap",
                           None if self.cap is None else compile_fast(self.cap.tree))


@dataclass(frozen=True)
class YearParameters:
    """Every parameter's value in one policy year, with the period (and reference) it
    comes from; ``budget`` is the yearly budget's value."""

    year: int
    values: dict[str, Decimal]
    periods: dict[str, Period]
    budget: Decimal


@dataclass(frozen=True)
class Policy:
    """A policy ready to compute awards: the file, its process, compiled rules.

    ``digest`` is the SHA-256 of the file's bytes, recorded in every trace so that an
    archived explanation names the exact rules it was computed with.
    """

    file: PolicyFile
    path: Path
    digest: str
    source: SourceMap
    definition: Definition
    eligibility: tuple[CompiledEligibility, ...]
    rewards: tuple[CompiledReward, ...]
    firm_cap: Formula | None

    @property
    def id(self) -> str:
        return self.file.id

    def parameters(self, year: int) -> YearParameters:
        """The parameters in force in ``year``; every one must have a value then."""
        values: dict[str, Decimal] = {}
        periods: dict[str, Period] = {}
        missing: list[tuple[str, Location, str]] = []
        for name, parameter in self.file.parameters.items():
            period = next((p for p in parameter.values if p.covers(year)), None)
            if period is None:
                missing.append((name, self.source.locate(("parameters", name)),
                                _covered(parameter)))
                continue
            values[name] = period.value
            periods[name] = period
        if missing:
            raise PolicyYearError(year, tuple(missing))
        return YearParameters(year, values, periods, values[self.file.budget])


def _covered(parameter: Parameter) -> str:
    return ", ".join(period.describe() for period in parameter.values)
