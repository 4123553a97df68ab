"""Expected durations for dated paths (``path --expected``): a scenario's medians, in days.

Part of simulate → **date** (``policy_kit.schedule``): the scenario that goes with a
process (``processes/<id>.scenario.yaml``, read and checked by ``policy_kit.simulate``)
gives each task and wait state a duration distribution; a dated path takes its median.

* Medians are exact for ``fixed``, ``uniform``, ``triangular`` and ``empirical``; for the
  truncated ``normal``, ``lognormal``, ``exponential`` and ``gamma`` they are the median of
  4,001 draws of the simulator's own sampler with a fixed seed (it truncates by drawing
  again, which has no closed form for gamma), so they are the same on every run.
* ``until_deadline`` (a public notice) runs to the state's own limit, as promised.
* ``working_hours`` become working days at the office hours of the state's department (its
  staff's hours if the scenario gives them, else the scenario's office hours), and
  ``natural_hours`` natural days of 24 hours.
* A median is rounded to the nearest whole day, half up: with the case received at a
  random time of day, that is the median day on which the work ends (a step of under half
  a day ends the day it starts).
* Queues are not modelled: a median is the time one case takes, not its wait for an
  officer (``policy-kit simulate`` answers that).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..loader import Definition
from ..model import State
from ..simulate import Scenario, load_scenario, scenario_path
from ..simulate.distributions import Distribution, empirical_quantile, sampler
from ..simulate.streams import Stream
from .span import Length, Unit

__all__ = ["DRAWS", "Expected", "expected_lengths", "median"]

DRAWS = 4001
_SEED = 20240219


@dataclass(frozen=True)
class Expected:
    """The length each state takes under a scenario: a ``LengthRule`` for ``date_walk``."""

    scenario: Path
    lengths: Mapping[str, Length]

    def __call__(self, state: State) -> Length | None:
        return self.lengths.get(state.id)


def expected_lengths(definition: Definition, path: Path | None = None) -> Expected:
    """The medians of the scenario at ``path`` (default: the one beside the process)."""
    if path is None:
        try:
            path = scenario_path(definition)
        except UsageError:
            where = (definition.path.with_name(f"{definition.path.stem}.scenario.yaml")
                     if definition.path else f"{definition.id}.scenario.yaml")
            raise UsageError(f"--expected needs a scenario; none is available for this "
                             f"process (no {where}); drop --expected to get the promised "
                             "dates",
                             zh=(f"--expected 需要情景；这个流程没有可用的情景（没有 {where}）；去"
                                 "掉 --expected 可得到承诺的日期")) from None
    scenario = load_scenario(path, definition)
    lengths: dict[str, Length] = {}
    for state_id, dist in scenario.durations.items():
        state = definition.structure.places[state_id].state
        if dist.dist == "until_deadline":
            if state.limit is not None:
                lengths[state_id] = Length.of(state.limit)
            continue
        value = median(dist)
        unit: Unit = "natural_days" if dist.unit in ("natural_days", "natural_hours") else (
            "working_days")
        if dist.unit == "working_hours":
            value /= _hours_per_day(scenario, definition, state_id)
        elif dist.unit == "natural_hours":
            value /= 24
        lengths[state_id] = Length(math.floor(value + 0.5), unit)
    return Expected(path, lengths)


def median(dist: Distribution) -> float:
    """The median of ``dist`` in its own unit (see the module docstring for how)."""
    if dist.dist == "fixed":
        return dist.value
    if dist.dist == "uniform":
        return (dist.low + dist.high) / 2
    if dist.dist == "triangular":
        low, mode, high = dist.low, dist.mode, dist.high
        if mode >= (low + high) / 2:
            return low + math.sqrt((high - low) * (mode - low) / 2)
        return high - math.sqrt((high - low) * (high - mode) / 2)
    if dist.dist == "empirical":
        if dist.tail is not None:
            return empirical_quantile(dist)(0.5)
        return float(statistics.median(dist.samples))
    if dist.dist == "until_deadline":
        raise ValueError("a period until the deadline has no median of its own")
    draw, rng = sampler(dist, 1.0), Stream.seeded(_SEED)
    return float(statistics.median(draw(rng) for _ in range(DRAWS)))


def _hours_per_day(scenario: Scenario, definition: Definition, state_id: str) -> float:
    department = definition.structure.places[state_id].department
    staff = scenario.staff.get(department or "")
    hours = staff.office_hours if staff is not None and staff.office_hours else (
        scenario.calendar.office_hours)
    return hours.end - hours.start
