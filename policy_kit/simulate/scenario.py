"""The scenario file format: what a simulation assumes about a process (``*.scenario.yaml``).

Part of load → **simulate**: one process, many scenarios. A scenario holds what the
definition deliberately leaves out (durations, branch probabilities, who applies and
when, staff and office hours, the calendar, how long and how often to run), each value
with its ``source`` or ``assumption``. Frozen pydantic models that reject unknown keys,
versioned by ``format``; ``policy_kit.simulate.loading`` checks them against the process.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import Field, StrictBool, field_validator, model_validator

from ..errors import Invalid
from ..model import Frozen, Id, Number, ProcessId, Provenance, Text, Whole
from .distributions import Distribution
from .shared_delay import CaseEffect

__all__ = [
    "Applicant",
    "Arrivals",
    "Batch",
    "Branch",
    "OfficeHours",
    "Scenario",
    "ScenarioCalendar",
    "Staff",
]

_HOURS = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-4]):([0-5][0-9])$")

Probability = Annotated[Number, Field(ge=0, le=1, allow_inf_nan=False)]


class OfficeHours(Frozen):
    """``"09:00-17:00"``: when staff work; durations in working hours count only then."""

    start: float
    end: float

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        match = _HOURS.match(value.strip())
        if match is None:
            raise Invalid(f"office hours look like \"09:00-17:00\", not {value!r}",
                          f"办公时间的写法如 \"09:00-17:00\"，不是 {value!r}")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        return {"start": h1 + m1 / 60, "end": min(h2 + m2 / 60, 24.0)}

    @model_validator(mode="after")
    def _order(self) -> OfficeHours:
        if not 0 <= self.start < self.end <= 24:
            raise Invalid("office hours must end after they start, within one day",
                          "办公时间必须在同一天内，且结束晚于开始")
        return self

    def __str__(self) -> str:
        def hm(x: float) -> str:
            return f"{int(x):02d}:{round((x - int(x)) * 60):02d}"
        return f"{hm(self.start)}-{hm(self.end)}"


DEFAULT_HOURS = OfficeHours(start=9.0, end=17.0)


class ScenarioCalendar(Provenance):
    kind: Literal["cn", "weekly"] | None = Field(
        default=None, description="Default: the process's own calendar.")
    mode: Literal["strict", "lenient"] = Field(
        default="lenient", description="cn beyond its published years: estimate or refuse.")
    weekdays: tuple[Annotated[Whole, Field(ge=0, le=6)], ...] = Field(
        default=(0, 1, 2, 3, 4), min_length=1, description="weekly: working weekdays, 0=Monday.")
    office_hours: OfficeHours = Field(default=DEFAULT_HOURS,
                                      description="The offices' hours unless staff say else.")


class Staff(Provenance):
    """How many officers of a department work cases, in parallel, first come first served."""

    count: Whole = Field(ge=1, le=100_000)
    office_hours: OfficeHours | None = None


class Batch(Provenance):
    """A dated wave of applications (an application window), spread over working days."""

    date: dt.date
    cases: Whole = Field(ge=1, le=10_000_000)
    spread_working_days: Whole = Field(default=1, ge=1, le=3650)


MonthRate = Annotated[Number, Field(ge=0, allow_inf_nan=False)]
Month = Annotated[int, Field(ge=1, le=12)]  # a key: JSON writes it "1"


class Arrivals(Provenance):
    """Exactly one of: a Poisson rate, a distribution of the time between applications,
    or dated batches (``yearly: true`` repeats them).

    Gaps in working hours or days count office time only; gaps in natural hours or days
    count clock time, and an application that would come while offices are closed comes
    at the next opening (as in Prosimos).

    ``by_month`` makes the Poisson rate seasonal: calendar month (1–12) → applications
    per working day in that month of every year; a month not listed keeps
    ``per_working_day``.
    """

    per_working_day: Number | None = Field(default=None, gt=0, allow_inf_nan=False)
    by_month: dict[Month, MonthRate] | None = Field(
        default=None, description="Calendar month (1-12) -> applications per working day "
                                  "in that month; other months keep `per_working_day`.")
    interarrival: Distribution | None = None
    batches: tuple[Batch, ...] = ()
    yearly: StrictBool = False

    @model_validator(mode="after")
    def _one_kind(self) -> Arrivals:
        if self.by_month is not None and self.per_working_day is None:
            raise Invalid("`by_month` makes `per_working_day` seasonal; give "
                          "`per_working_day` (the rate of the months not listed)",
                          "`by_month` 按月调整 `per_working_day`：请给出 `per_working_day`"
                          "（未列出的月份的到达率）")
        kinds = [self.per_working_day is not None, self.interarrival is not None,
                 bool(self.batches)]
        if sum(kinds) != 1:
            raise Invalid("give exactly one of `per_working_day`, `interarrival` and "
                          "`batches`",
                          "`per_working_day`、`interarrival` 和 `batches` 三者恰好给出一个")
        if self.yearly and not self.batches:
            raise Invalid("`yearly` repeats `batches`; there are none",
                          "`yearly` 重复的是 `batches`，但没有给出 `batches`")
        if self.by_month is not None and max(self.rate_in(m) for m in range(1, 13)) == 0:
            raise Invalid("`by_month` gives every month a rate of 0: no application "
                          "would ever come", "`by_month` 给每个月的到达率都是 0：永远不会有申请")
        return self

    def rate_in(self, month: int) -> float:
        """The Poisson rate per working day in calendar ``month`` (1–12)."""
        assert self.per_working_day is not None
        if self.by_month is None:
            return self.per_working_day
        return self.by_month.get(month, self.per_working_day)


class Branch(Provenance):
    """How often each way out of a state is taken, by trigger; they must sum to 1.

    Only enabled ways count: when a guard or ``max_rounds`` disables one, the others
    share its probability in proportion.
    """

    probabilities: dict[Id, Probability] = Field(min_length=1)

    @field_validator("probabilities")
    @classmethod
    def _sum_to_one(cls, value: dict[str, float]) -> dict[str, float]:
        total = sum(value.values())
        if abs(total - 1) > 1e-9:
            raise Invalid(f"probabilities sum to {total:g}, not 1", f"概率之和为 {total:g}，不是 1")
        return value


class Applicant(Provenance):
    """How one attribute of the applicants is drawn: ``shares`` of values, a ``distribution``
    (numbers), or one ``value`` for everyone. Attributes not named take their example."""

    shares: dict[str, Probability] = Field(default_factory=dict)
    distribution: Distribution | None = None
    value: str | float | bool | dt.date | None = None

    @field_validator("shares", mode="before")
    @classmethod
    def _boolean_keys(cls, value: object) -> object:
        if isinstance(value, dict):
            return {str(k).lower() if isinstance(k, bool) else k: v for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> Applicant:
        if sum([bool(self.shares), self.distribution is not None, self.value is not None]) != 1:
            raise Invalid("give exactly one of `shares`, `distribution` and `value`",
                          "`shares`、`distribution` 和 `value` 三者恰好给出一个")
        if self.shares and abs(sum(self.shares.values()) - 1) > 1e-9:
            raise Invalid(f"shares sum to {sum(self.shares.values()):g}, not 1",
                          f"`shares` 之和为 {sum(self.shares.values()):g}，不是 1")
        return self


class Scenario(Provenance):
    """A whole scenario file."""

    format: Literal[1] = Field(default=1, description=(
        "Version of the scenario format (docs/format.md); a file without it is format 1."))
    process: ProcessId = Field(description="The id of the process this scenario is for.")
    title: Text | None = None
    description: Text | None = None
    calendar: ScenarioCalendar = Field(default_factory=ScenarioCalendar)
    start: dt.date = Field(description="The first day of the simulated period.")
    arrivals: Arrivals
    staff: dict[Id, Staff] = Field(default_factory=dict,
                                   description="Departments whose tasks queue for officers.")
    durations: dict[Id, Distribution] = Field(
        default_factory=dict, description="Every task and wait state: how long it takes "
                                          "(for a wait state: how long the applicant takes).")
    branches: dict[Id, Branch] = Field(default_factory=dict)
    case_effect: CaseEffect | None = Field(default=None, description=(
        "A delay shared by each case's steps: their durations drawn together (a Gaussian "
        "copula with one factor per case) with this correlation; none: independent."))
    applicants: dict[Id, Applicant] = Field(default_factory=dict)
    cases: Whole = Field(default=1000, ge=1, le=10_000_000,
                       description="Cases per replication, warm-up excluded.")
    warmup_cases: Whole = Field(default=0, ge=0, le=10_000_000)
    replications: Whole = Field(default=5, ge=1, le=10_000)
    seed: Whole = Field(default=1, ge=0, le=2**63)
    horizon_days: Whole | None = Field(
        default=None, ge=1, le=36_500,
        description="Stop after this many natural days; open cases count as unfinished.")
    notes: tuple[str, ...] = ()
