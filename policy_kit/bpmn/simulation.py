"""Prosimos/Simod simulation parameters (``PARAMS.json``) as a policy-kit scenario.

Part of load (**load** → … → simulate), beside the BPMN importer: a JSON file written for
Prosimos (or discovered by Simod) holds what a scenario holds — arrivals and their
calendar, task durations per resource, resource pools with calendars, gateway branching
probabilities — keyed by the BPMN's ids. The importer keeps those ids (made valid), so
each value lands on the state, department or way it was written for. Times in the JSON
are seconds; the scenario's are hours: working hours on the pool's calendar, or natural
hours for a pool that works round the clock (as Prosimos counts them).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DefinitionError, Location
from ..library_zh import decode_error_zh, json_error_zh, os_error_zh

__all__ = ["Parameters", "Pool", "read_parameters", "scenario_data"]

_DAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
_NOT_READ = ("event_distribution", "batch_processing", "case_attributes",
             "prioritisation_rules")
START = "2025-01-06"


@dataclass(frozen=True)
class Pool:
    """A resource profile: who works a task, how many of them, on which calendar."""

    id: str
    name: str
    amount: int
    calendar: str


@dataclass(frozen=True)
class Parameters:
    """The JSON, its resource profiles by id, each resource's profile, each task's."""

    path: Path
    data: dict[str, Any]
    profiles: dict[str, Pool]
    profile_of_resource: dict[str, Pool]
    profile_of_task: dict[str, Pool]

    def location(self) -> Location:
        return Location(str(self.path))


def read_parameters(path: Path) -> Parameters:
    """The JSON file, checked for the keys a scenario needs; one located message if not."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DefinitionError.single(Location(str(path), error.lineno, error.colno),
                                     f"not JSON: {error.msg}",
                                     zh=(f"不是 JSON：{json_error_zh(error)}", "")) from None
    except UnicodeDecodeError as error:
        raise DefinitionError.single(Location(str(path)), f"cannot read: {error}",
                                     zh=(f"无法读取：{decode_error_zh(error)}", "")) from None
    except OSError as error:
        raise DefinitionError.single(Location(str(path)), f"cannot read: {error}",
                                     zh=(f"无法读取：{os_error_zh(error)}", "")) from None
    if not isinstance(data, dict) or "task_resource_distribution" not in data:
        raise DefinitionError.single(Location(str(path)), "not Prosimos/Simod simulation "
                                     "parameters: no `task_resource_distribution`",
                                     "give the JSON that Prosimos runs with the BPMN",
                                     zh=("不是 Prosimos/Simod 仿真参数：没有 "
                                         "`task_resource_distribution`",
                                         "请给出 Prosimos 与该 BPMN 一起运行的 JSON"))
    profiles: dict[str, Pool] = {}
    of_resource: dict[str, Pool] = {}
    of_task: dict[str, Pool] = {}
    for profile in data.get("resource_profiles", []):
        resources = profile.get("resource_list", [])
        calendars = [str(r.get("calendar", "")) for r in resources]
        pool = Pool(str(profile["id"]), str(profile.get("name") or profile["id"]),
                    sum(int(r.get("amount", 1)) for r in resources),
                    calendars[0] if calendars else "")
        profiles[pool.id] = pool
        for resource in resources:
            of_resource[str(resource["id"])] = pool
            for task in resource.get("assignedTasks", []):
                of_task.setdefault(str(task), pool)
    return Parameters(path, data, profiles, of_resource, of_task)


def _calendars(data: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    return {str(c["id"]): list(c.get("time_periods", []))
            for c in data.get("resource_calendars", [])}


def _round_the_clock(periods: list[dict[str, str]]) -> bool:
    days: set[int] = set()
    for period in periods:
        first, last = _DAYS.index(period["from"]), _DAYS.index(period["to"])
        if period.get("beginTime", "")[:5] == "00:00" and \
                period.get("endTime", "")[:5] in ("23:59", "24:00"):
            days.update(range(first, last + 1))
    return days == set(range(7))


def _hours(text: str) -> str:
    return text[:5] if text[:5] != "23:59" else "24:00"


def _distribution(spec: dict[str, Any], unit: str, where: str,
                  path: Path) -> dict[str, Any]:
    """A Prosimos distribution (seconds) as a scenario distribution (hours)."""
    name = spec.get("distribution_name")
    values = [float(p["value"]) / 3600 for p in spec.get("distribution_params", [])]
    raw = [float(p["value"]) for p in spec.get("distribution_params", [])]

    def bounds(low: float, high: float) -> dict[str, float]:
        return {"low": round(low, 6), "high": round(high, 6)}

    if name == "fix" and values:
        result: dict[str, Any] = {"dist": "fixed", "value": round(values[0], 6)}
    elif name == "norm" and len(values) >= 4:
        result = {"dist": "normal", "mean": round(values[0], 6), "sd": round(values[1], 6),
                  **bounds(values[2], values[3])}
    elif name == "expon" and len(values) >= 3:
        result = {"dist": "exponential", "mean": round(values[0], 6),
                  **bounds(values[1], values[2])}
    elif name == "uniform" and len(values) >= 2:
        result = {"dist": "uniform", **bounds(values[0], values[1])}
    elif name in ("lognorm", "gamma") and len(values) >= 4:
        # Prosimos gives the mean and the variance (seconds²)
        result = {"dist": "lognormal" if name == "lognorm" else "gamma",
                  "mean": round(values[0], 6), "sd": round(math.sqrt(raw[1]) / 3600, 6),
                  **bounds(values[2], values[3])}
    elif name == "triang" and len(values) >= 3:
        c, low, high = raw[0], values[1], values[2]
        result = {"dist": "triangular", "low": round(low, 6), "high": round(high, 6),
                  "mode": round(low + c * (high - low), 6)}
    else:
        known = "fix, norm, expon, uniform, lognorm, gamma, triang"
        raise DefinitionError.single(Location(str(path)), f"{where}: distribution "
                                     f"`{name}` with {len(values)} parameters is not one "
                                     f"Prosimos defines ({known})",
                                     zh=(f"{where}：带 {len(values)} 个参数的分布 `{name}` 不是 "
                                         f"Prosimos 定义的分布（{known}）", ""))
    result["unit"] = unit
    result["source"] = f"{path.name} ({name} {', '.join(f'{v:g}' for v in raw)} s)"
    return result


def scenario_data(params: Parameters, process_id: str, state_of: dict[str, str],
                  ways: dict[str, tuple[str, str]], department_of_pool: dict[str, str],
                  decisions: set[str]) -> tuple[dict[str, Any], list[str]]:
    """The scenario's data, and notes on what the JSON holds that it does not use."""
    data = params.data
    path = params.path
    calendars = _calendars(data)
    notes: list[str] = []
    office = Counter(p.calendar for p in params.profiles.values()
                     if not _round_the_clock(calendars.get(p.calendar, [])))
    main = calendars.get(office.most_common(1)[0][0], []) if office else []
    weekdays = sorted({d for period in main for d in range(
        _DAYS.index(period["from"]), _DAYS.index(period["to"]) + 1)}) or [0, 1, 2, 3, 4]
    hours = f"{_hours(main[0]['beginTime'])}-{_hours(main[0]['endTime'])}" if main \
        else "09:00-17:00"
    scenario: dict[str, Any] = {
        "format": 1, "process": process_id,
        "title": {"zh": "导入的仿真参数", "en": "Imported simulation parameters"},
        "source": path.name,
        "calendar": {"kind": "weekly", "weekdays": weekdays, "office_hours": hours,
                     "source": f"{path.name} resource_calendars (Prosimos calendars are "
                               "weekly: no dated holidays)"},
        "start": START,
        "assumption": f"the simulated period starts on Monday {START}: the JSON gives no date",
    }
    arrival = data.get("arrival_time_distribution")
    if arrival is None:
        raise DefinitionError.single(params.location(), "no `arrival_time_distribution`",
                                     zh=("没有 `arrival_time_distribution`", ""))
    scenario["arrivals"] = {"interarrival": _distribution(arrival, "natural_hours",
                                                          "arrival_time_distribution", path),
                            "source": f"{path.name} arrival_time_distribution on "
                                      "arrival_time_calendar"}
    scenario["staff"] = _staff(params, calendars, department_of_pool, notes)
    scenario["durations"] = _durations(params, calendars, state_of, notes)
    branches = _branches(data, ways, decisions, state_of, notes, path)
    if branches:
        scenario["branches"] = branches
    scenario.update({"cases": 1000, "replications": 3, "seed": 1})
    for key in _NOT_READ:
        if data.get(key):
            notes.append(f"{path.name}: `{key}` is not read (no counterpart in a scenario)")
    if notes:
        scenario["notes"] = notes
    return scenario, notes


def _staff(params: Parameters, calendars: dict[str, list[dict[str, str]]],
           department_of_pool: dict[str, str], notes: list[str]) -> dict[str, Any]:
    """Officers per department. A pool that works round the clock, weekends included, has
    no counterpart (a scenario's staff keep the calendar's weekdays): its tasks run
    unqueued in clock time, which is what a pool large enough never to queue does."""
    staff: dict[str, Any] = {}
    for pool_id, department in department_of_pool.items():
        pool = params.profiles[pool_id]
        if _round_the_clock(calendars.get(pool.calendar, [])):
            notes.append(f"{params.path.name}: pool `{pool_id}` ({pool.amount} on "
                         f"`{pool.calendar}`, round the clock) is not queued: its tasks take "
                         "their time in natural hours")
            continue
        entry: dict[str, Any] = staff.setdefault(department, {"count": 0})
        entry["count"] += pool.amount
        entry["source"] = f"{params.path.name} resource_profiles ({pool_id})"
    return staff


def _durations(params: Parameters, calendars: dict[str, list[dict[str, str]]],
               state_of: dict[str, str], notes: list[str]) -> dict[str, Any]:
    durations: dict[str, Any] = {}
    for task in params.data.get("task_resource_distribution", []):
        state = state_of.get(str(task.get("task_id")))
        resources = task.get("resources", [])
        if state is None or not resources:
            notes.append(f"{params.path.name}: durations of `{task.get('task_id')}`, no task "
                         "of the imported process, are not read")
            continue
        first = resources[0]
        pool = params.profile_of_resource.get(str(first.get("resource_id")))
        clock = pool is not None and _round_the_clock(calendars.get(pool.calendar, []))
        durations[state] = _distribution(first, "natural_hours" if clock else "working_hours",
                                         f"task `{task.get('task_id')}`", params.path)
        if len(resources) > 1:
            notes.append(f"{params.path.name}: `{task.get('task_id')}` has {len(resources)} "
                         "resources with their own durations; the first one's is used")
    return durations


def _branches(data: dict[str, Any], ways: dict[str, tuple[str, str]], decisions: set[str],
              state_of: dict[str, str], notes: list[str],
              path: Path) -> dict[str, Any]:
    branches: dict[str, Any] = {}
    for gateway in data.get("gateway_branching_probabilities", []):
        shares: dict[str, float] = {}
        state = state_of.get(str(gateway.get("gateway_id")))
        for choice in gateway.get("probabilities", []):
            way = ways.get(str(choice.get("path_id")))
            if way is None:
                continue
            state = state or way[0]
            shares[way[1]] = shares.get(way[1], 0.0) + float(choice.get("value", 0))
        total = sum(shares.values())
        if state is None or state not in decisions or len(shares) < 2 or total <= 0:
            notes.append(f"{path.name}: the branching of `{gateway.get('gateway_id')}` is "
                         "not read (no choice of the imported process)")
            continue
        rounded = {k: round(v / total, 6) for k, v in shares.items()}
        last = next(reversed(rounded))
        rounded[last] = round(1 - sum(v for k, v in rounded.items() if k != last), 6)
        branches[state] = {"probabilities": rounded,
                           "source": f"{path.name} gateway_branching_probabilities "
                                     f"({gateway.get('gateway_id')})"}
    return branches
