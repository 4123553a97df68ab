"""What-ifs by the dozen: a grid (or a random sample) of scenario changes, each point
simulated on common random numbers, with its KPIs, their intervals, and the cheapest point
that meets a target.

Part of **simulate**, beside ``compare``: a parameter is named as ``compare`` names a
change — ``staff.DEPARTMENT`` (officers), ``duration.STATE`` (a scale factor on the
state's duration), ``arrivals`` (a scale factor on how often applications come),
``prob.STATE.TRIGGER`` (a probability) — and takes values as ``1..3`` (whole numbers,
both ends), ``0.8..1.2:5`` (five evenly spaced), or ``1,2,4`` (a list). Every point runs
the same replications with the same seed, so its cases meet the same applicants at the
same moments as every other point's: differences between points are the changes', not
luck's. The work is a list of (point, replication) tasks; ``policy_kit.simulate.cluster``
runs them on Dask, or this module in-process; each task's figures depend on the task
alone, so both give the same table.

A KPI is the mean over replications of a replication's figure, with a 95% interval
(Student's t over replications): ``government.p50`` / ``.p90`` / ``.mean`` and the same
for ``elapsed`` (working days), ``breach.process`` (share of cases over the process's
limit), ``outcome.ID`` (share of cases), ``utilization.DEPARTMENT``. A target is one or
more comparisons of a KPI's mean with a number, joined by ``and``
(``government.p90 <= 100 and outcome.approved >= 0.8``). The cost of a point is the
officers it adds to the base scenario (each department's added officers weighted by
``costs`` where given); the cheapest point meeting the target wins (ties: the lower first
KPI of the target, then the earlier point).
"""

from __future__ import annotations

import itertools
import math
import operator
import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import UsageError
from ..loader import Definition
from .build import build
from .compare import scale, vary
from .parallel import Replications, replicate
from .results import figures
from .scenario import Scenario
from .stats import mean_interval

__all__ = ["Parameter", "Point", "Sweep", "Target", "kpis_of", "parse_target",
           "parse_vary", "plan_points", "run_task", "summarise"]

KINDS = ("staff", "duration", "arrivals", "prob")


@dataclass(frozen=True)
class Parameter:
    """One ``--vary``: what it changes and the values it takes."""

    name: str
    """As written: ``staff.office``, ``duration.review``, ``arrivals``, ``prob.s.t``."""
    kind: str
    target: str
    """The department, state, or ``STATE.TRIGGER``; empty for arrivals."""
    values: tuple[float, ...]
    low: float
    high: float
    whole: bool
    """Whole numbers only (staff)."""
    spread: bool
    """Given as ``A..B:N``: a random sample draws anywhere between the ends."""


def parse_vary(text: str) -> Parameter:
    """``NAME=VALUES`` → a ``Parameter`` (a ``UsageError`` says what is wrong)."""
    name, sep, spec = text.partition("=")
    name, spec = name.strip(), spec.strip()
    if not sep or not name or not spec:
        raise UsageError(f"--vary takes NAME=VALUES, not `{text}`",
                         zh=f"--vary 的写法是 `参数=取值`（例如 `staff.部门=1..3`），不是 `{text}`")
    kind, _, target = name.partition(".")
    if kind not in KINDS or (kind == "arrivals") != (target == "") or (
            kind == "prob" and "." not in target):
        raise UsageError(f"--vary {text}: NAME is staff.DEPARTMENT, duration.STATE, arrivals "
                         "or prob.STATE.TRIGGER",
                         zh=(f"--vary {text}：参数是 `staff.部门`、`duration.状态`、`arrivals` 或 "
                             "`prob.状态.触发`"))
    whole = kind == "staff"
    values = _values(text, spec, whole)
    spread = _RANGE.match(spec) is not None and ":" in spec
    if whole and any(v < 1 for v in values):
        raise UsageError(f"--vary {text}: staff counts are whole numbers ≥ 1",
                         zh=f"--vary {text}：人数是不小于 1 的整数")
    if kind == "prob" and any(not 0 <= v <= 1 for v in values):
        raise UsageError(f"--vary {text}: probabilities lie between 0 and 1",
                         zh=f"--vary {text}：概率在 0 和 1 之间")
    if kind in ("duration", "arrivals") and any(v <= 0 for v in values):
        raise UsageError(f"--vary {text}: a scale factor is a number > 0",
                         zh=f"--vary {text}：缩放系数是大于 0 的数")
    return Parameter(name, kind, target, values, min(values), max(values), whole, spread)


_RANGE = re.compile(r"^(?P<low>[^.:,]+(?:\.\d+)?)\.\.(?P<high>[^:,]+)(?::(?P<n>\d+))?$")


def _values(text: str, spec: str, whole: bool) -> tuple[float, ...]:
    try:
        match = _RANGE.match(spec)
        if match is None:
            values = tuple(float(v) for v in spec.split(","))
        else:
            low, high = float(match["low"]), float(match["high"])
            if high < low:
                raise UsageError(f"--vary {text}: the range runs from low to high",
                                 zh=f"--vary {text}：范围应从小到大")
            if match["n"] is None:
                if low != int(low) or high != int(high):
                    raise UsageError(f"--vary {text}: A..B counts whole numbers; for "
                                     "fractions give how many values: A..B:N",
                                     zh=(f"--vary {text}：`A..B` 取其间的整数；要取小数，请给出"
                                         "取值个数：`A..B:N`"))
                values = tuple(float(v) for v in range(int(low), int(high) + 1))
            else:
                n = int(match["n"])
                if n < 2:
                    raise UsageError(f"--vary {text}: A..B:N takes N ≥ 2 values",
                                     zh=f"--vary {text}：`A..B:N` 中的个数 `N` 至少为 2")
                values = tuple(low + (high - low) * i / (n - 1) for i in range(n))
    except ValueError:
        raise UsageError(f"--vary {text}: VALUES is A..B, A..B:N or a list a,b,c of "
                         "numbers",
                         zh=(f"--vary {text}：取值写成 `A..B`（其间的整数）、`A..B:N`（`N` 个等距"
                             "的值）或数字列表 `a,b,c`")) from None
    if not all(math.isfinite(v) for v in values):
        raise UsageError(f"--vary {text}: the values must be finite numbers",
                         zh=f"--vary {text}：值必须是有限的数")
    if whole and any(v != int(v) for v in values):
        raise UsageError(f"--vary {text}: staff counts are whole numbers",
                         zh=f"--vary {text}：人数是整数")
    return tuple(dict.fromkeys(round(v, 9) for v in values))


Point = tuple[float, ...]
"""One value per parameter, in the order of the ``--vary`` options."""


def plan_points(parameters: Sequence[Parameter], samples: int | None,
                seed: int) -> list[Point]:
    """The grid of every combination, or ``samples`` points drawn from the box (whole
    numbers among the listed or ranged values, fractions uniformly between the ends)."""
    if samples is None:
        return list(itertools.product(*(p.values for p in parameters)))
    rng = random.Random(seed)
    return [tuple(round(rng.uniform(p.low, p.high), 6) if p.spread and not p.whole
                  else rng.choice(p.values) for p in parameters)
            for _ in range(samples)]


def scenario_at(base: Scenario, definition: Definition, parameters: Sequence[Parameter],
                point: Point) -> Scenario:
    """The base scenario with the point's changes (each checked as ``compare``'s)."""
    staff = [f"{p.target}={int(v)}" for p, v in zip(parameters, point, strict=True)
             if p.kind == "staff"]
    probabilities = [f"{p.target}={v!r}" for p, v in zip(parameters, point, strict=True)
                     if p.kind == "prob"]
    scenario = vary(base, definition, staff=staff, probabilities=probabilities) \
        if staff or probabilities else base
    durations = {p.target: v for p, v in zip(parameters, point, strict=True)
                 if p.kind == "duration"}
    arrivals = next((v for p, v in zip(parameters, point, strict=True)
                     if p.kind == "arrivals"), None)
    if durations or arrivals is not None:
        scenario = scale(scenario, definition, durations=durations, arrivals=arrivals)
    return scenario


def cost_of(base: Scenario, parameters: Sequence[Parameter], point: Point,
            costs: Mapping[str, float]) -> float:
    """Officers added to the base scenario, each department's weighted by ``costs``."""
    total = 0.0
    for p, v in zip(parameters, point, strict=True):
        if p.kind == "staff":
            old = base.staff[p.target].count if p.target in base.staff else 0
            total += (v - old) * costs.get(p.target, 1.0)
    return total


# -- one task: a point's replication ------------------------------------------------------

def run_task(definition: Definition, scenario: Scenario, plan: Replications,
             replication: int) -> dict[str, float | None]:
    """Replication ``replication`` of a point, as its KPIs (what a Dask worker runs)."""
    model = build(definition, scenario)
    tally = replicate(model, model.process.start, plan, replication)
    return kpis_of(figures(tally))


def kpis_of(figure: Mapping[str, float | None]) -> dict[str, float | None]:
    """A replication's figures under the sweep's KPI names."""
    result: dict[str, float | None] = {}
    for clock in ("government", "elapsed"):
        for stat in ("p50", "p90", "mean"):
            result[f"{clock}.{stat}"] = figure.get(f"cycle_time.{clock}.{stat}")
    result["breach.process"] = figure.get("sla_breach_rate.process")
    for name, value in figure.items():
        if name.startswith("outcomes."):
            result["outcome." + name.removeprefix("outcomes.")] = value
        elif name.startswith("departments.") and name.endswith(".utilization"):
            result["utilization." + name.split(".")[1]] = value
    return result


# -- targets --------------------------------------------------------------------------------

_OPS: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt,
    "==": operator.eq}
_COMPARISON = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*(<=|>=|==|<|>)\s*(-?[\d.]+(?:e-?\d+)?)\s*$")


@dataclass(frozen=True)
class Target:
    text: str
    terms: tuple[tuple[str, str, float], ...]

    def met(self, kpis: Mapping[str, Mapping[str, Any]]) -> bool:
        for name, op, bound in self.terms:
            value = kpis.get(name, {}).get("mean")
            if value is None or not _OPS[op](value, bound):
                return False
        return True


def parse_target(text: str, names: Iterable[str]) -> Target:
    """``KPI OP NUMBER [and ...]`` → a ``Target``; unknown KPIs are named with the known."""
    known = list(names)
    terms = []
    for part in re.split(r"\s+and\s+", text.strip()):
        match = _COMPARISON.match(part)
        if match is None:
            raise UsageError(f"--target {text}: write KPI OP NUMBER (OP one of <= < >= > ==), "
                             "several joined by `and`, e.g. `government.p90 <= 100`",
                             zh=(f"--target {text}：请写成 `指标 比较符 数`（比较符为 `<=`、`<`、"
                                 "`>=`、`>`、`==` 之一），多个用 `and` 连接，例如 "
                                 "`government.p90 <= 100`"))
        name, op, number = match.groups()
        if name not in known:
            raise UsageError(f"--target {text}: no KPI `{name}`; the KPIs are "
                             + ", ".join(known),
                             zh=f"--target {text}：没有指标 `{name}`；指标有 " + "、".join(
                                 f"`{k}`" for k in known))
        terms.append((name, op, float(number)))
    return Target(text, tuple(terms))


# -- the whole sweep --------------------------------------------------------------------------

@dataclass(frozen=True)
class Sweep:
    """A sweep's table: each point's values, cost, KPIs with intervals, and the verdict."""

    parameters: tuple[Parameter, ...]
    points: tuple[dict[str, Any], ...]
    kpi_names: tuple[str, ...]
    target: Target | None
    cheapest: int | None
    """Index into ``points`` of the cheapest point meeting the target (None: none does,
    or no target)."""


_SHARES = ("breach.", "outcome.", "utilization.")
"""KPIs that are shares of cases or of officers' time: 0 to 1."""


def summarise(parameters: Sequence[Parameter], points: Sequence[Point],
              costs: Sequence[float], results: Sequence[Sequence[dict[str, float | None]]],
              target_text: str | None) -> Sweep:
    """Per point, each KPI's mean and 95% interval over the replications; the cheapest
    point meeting the target."""
    names = list(dict.fromkeys(name for rows in results for row in rows for name in row))
    rows: list[dict[str, Any]] = []
    for i, (point, cost, replications) in enumerate(zip(points, costs, results,
                                                        strict=True)):
        kpis: dict[str, Any] = {}
        for name in names:
            values = [v for row in replications if (v := row.get(name)) is not None]
            if not values:
                kpis[name] = {"mean": None, "ci95": None}
                continue
            mean, low, high = mean_interval(values)
            if low is not None and high is not None:
                # every KPI is a time, a share or a utilization: a t interval over a
                # few replications can reach past the values the figure can take
                low, high = max(low, 0.0), (min(high, 1.0) if name.startswith(_SHARES)
                                            else high)
            kpis[name] = {"mean": _r(mean),
                          "ci95": [_r(low), _r(high)] if low is not None else None}
        rows.append({"point": i + 1,
                     "values": {p.name: (int(v) if p.whole else v)
                                for p, v in zip(parameters, point, strict=True)},
                     "cost": _r(cost), "kpis": kpis})
    target = parse_target(target_text, names) if target_text else None
    cheapest = None
    if target is not None:
        first = target.terms[0][0]
        meeting = [i for i, row in enumerate(rows) if target.met(row["kpis"])]
        for i, row in enumerate(rows):
            row["meets_target"] = i in meeting
        if meeting:
            cheapest = min(meeting, key=lambda i: (rows[i]["cost"],
                                                   rows[i]["kpis"][first]["mean"], i))
    return Sweep(tuple(parameters), tuple(rows), tuple(names), target, cheapest)


def _r(x: float | None) -> float | None:
    return None if x is None or math.isnan(x) else round(x, 6)
