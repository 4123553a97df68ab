"""Comparing two variants on the same applicants: paired differences with 95% intervals.

Part of **simulate**: two runs made with the same seed face the same arrivals and the
same applicants (common random numbers, ``policy_kit.simulate.run``), so replication
``r`` of A and replication ``r`` of B form a pair, and the interval for a difference is
taken over the pairs' differences. A difference gets a verdict only when its interval
excludes zero. ``vary`` makes the variant of a scenario that one command-line change
describes (one more officer, another duration, another arrival rate or probability).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..errors import DefinitionError, UsageError
from ..loader import Definition
from ..source import SourceMap, read_yaml_text
from ..validation import error_text
from .distributions import Distribution
from .loading import check_scenario
from .results import figures
from .run import Run
from .scenario import Arrivals, Branch, Scenario, Staff
from .stats import mean_interval

__all__ = ["compare", "scale", "summary", "vary"]


def compare(a: Run, b: Run) -> dict[str, dict[str, Any]]:
    """Every figure both runs have: A's and B's means, B − A, its 95% interval, a verdict."""
    if len(a.tallies) != len(b.tallies):
        raise UsageError("the two variants need the same number of replications",
                         zh="两个方案的重复次数必须相同")
    pairs = list(zip((figures(t) for t in a.tallies), (figures(t) for t in b.tallies),
                     strict=True))
    result: dict[str, dict[str, Any]] = {}
    for name in pairs[0][0]:
        if name not in pairs[0][1]:
            continue
        both = [(x[name], y[name]) for x, y in pairs
                if x.get(name) is not None and y.get(name) is not None]
        if not both:
            continue
        diffs = [float(y) - float(x) for x, y in both]  # type: ignore[arg-type]
        mean, low, high = mean_interval(diffs)
        verdict = None
        if low is not None and high is not None and (low > 0 or high < 0) and (
                round(mean, 6) != 0):
            verdict = "B higher" if mean > 0 else "B lower"
        result[name] = {
            "a": _r(math.fsum(float(x) for x, _ in both) / len(both)),  # type: ignore[arg-type]
            "b": _r(math.fsum(float(y) for _, y in both) / len(both)),  # type: ignore[arg-type]
            "difference": _r(mean),
            "ci95": [_r(low), _r(high)] if low is not None else None,
            "verdict": verdict,
        }
    return result


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def summary(difference: dict[str, dict[str, Any]], a_name: str, b_name: str,
            lang: str = "en") -> str:
    """A sentence for a report on what B changes in the government-clock cycle time."""
    zh = lang == "zh"
    for key, who in (("cycle_time.government.approved.mean", ("an approved case", "获批案件")),
                     ("cycle_time.government.mean", ("a case", "每件案件"))):
        row = difference.get(key)
        if row is None:
            continue
        if row["verdict"] is None:
            if zh:
                return (f"与 {a_name} 相比,{b_name} 对{who[1]}在政府时钟上所用的工作日没有明确"
                        f"影响({row['a']:.1f} 对 {row['b']:.1f};差值的 95% 区间包含零)。")
            return (f"Against {a_name}, {b_name} makes no clear difference to the working days "
                    f"{who[0]} spends on the government clock ({row['a']:.1f} against "
                    f"{row['b']:.1f}; the 95% interval of the difference includes zero).")
        low, high = row["ci95"]
        if zh:
            change = "节省" if row["difference"] < 0 else "增加"
            return (f"对{who[1]}而言,与 {a_name} 相比,{b_name} 在政府时钟上{change} "
                    f"{abs(row['difference']):.1f} 个工作日({row['a']:.1f} → {row['b']:.1f};"
                    f"差值的 95% 区间 {low:+.1f} 至 {high:+.1f},基于同一批申请人的配对重复运行)。")
        change = "saves" if row["difference"] < 0 else "adds"
        return (f"For {who[0]}, {b_name} {change} {abs(row['difference']):.1f} working days on "
                f"the government clock against {a_name} ({row['a']:.1f} → {row['b']:.1f}; "
                f"95% interval of the difference {low:+.1f} to {high:+.1f}, over paired "
                f"replications on the same applicants).")
    return "两个方案中没有同时办结的案件,无从比较。" if zh else (
        "No case finished in both variants; nothing to compare.")


def vary(scenario: Scenario, definition: Definition, *, staff: Sequence[str] = (),
         durations: Sequence[str] = (), arrivals: float | None = None,
         probabilities: Sequence[str] = ()) -> Scenario:
    """``scenario`` with the command line's changes; every change is checked."""
    return _validated(lambda: _changed(scenario, definition, staff, durations, arrivals,
                                       probabilities), definition)


def scale(scenario: Scenario, definition: Definition, *,
          durations: Mapping[str, float] | None = None,
          arrivals: float | None = None) -> Scenario:
    """``scenario`` with durations (by state) and the arrival rate multiplied by factors.

    A duration's every parameter (value, bounds, mode, mean, sd, samples) is multiplied,
    so the whole distribution stretches; arrivals come ``arrivals`` times as often (a
    rate multiplied, a gap between applications divided, a batch's cases multiplied and
    rounded)."""
    def data() -> dict[str, Any]:
        result = scenario.model_dump(by_alias=True, exclude_none=True)
        for state, factor in (durations or {}).items():
            _positive(factor, f"duration.{state}")
            old = result["durations"].get(state)
            if old is None:
                raise UsageError(f"duration.{state}: the scenario gives `{state}` no duration "
                                 "to scale",
                                 zh=f"duration.{state}：情景没有给 `{state}` 可缩放的办理时长")
            if old["dist"] == "until_deadline":
                raise UsageError(f"duration.{state}: a period until the deadline has no "
                                 "length to scale",
                                 zh=f"duration.{state}：到期限为止的期间没有可缩放的长度")
            result["durations"][state] = _stretched(old, factor)
        if arrivals is not None:
            _positive(arrivals, "arrivals")
            _more_often(result["arrivals"], arrivals)
        return result

    return _validated(data, definition)


_SCALED = ("value", "low", "high", "mode", "mean", "sd")


def _stretched(distribution: dict[str, Any], factor: float) -> dict[str, Any]:
    result = dict(distribution)
    for key in _SCALED:
        if key in result:
            result[key] = result[key] * factor
    if "samples" in result:
        result["samples"] = [x * factor for x in result["samples"]]
    return result


def _more_often(arrivals: dict[str, Any], factor: float) -> None:
    if arrivals.get("per_working_day") is not None:
        arrivals["per_working_day"] *= factor
        if arrivals.get("by_month"):
            arrivals["by_month"] = {m: r * factor for m, r in arrivals["by_month"].items()}
    elif arrivals.get("interarrival") is not None:
        arrivals["interarrival"] = _stretched(arrivals["interarrival"], 1.0 / factor)
    for batch in arrivals.get("batches") or ():
        batch["cases"] = max(1, round(batch["cases"] * factor))


def _positive(factor: float, name: str) -> None:
    if not (factor > 0 and math.isfinite(factor)):
        raise UsageError(f"{name}: a scale factor is a number > 0, not {factor}",
                         zh=f"{name}：缩放系数是大于 0 的数，不是 {factor}")


def _validated(changes: Callable[[], dict[str, Any]], definition: Definition) -> Scenario:
    try:
        varied = Scenario.model_validate(changes())
    except ValidationError as error:
        english, chinese = _first(error)
        raise UsageError(f"the changes make the scenario invalid: {english}",
                         zh=f"修改后的情景无效：{chinese}") from None
    problems = check_scenario(varied, definition, SourceMap("command line"))
    if problems:
        raise UsageError("; ".join(f"{p.message}" + (f" ({p.hint})" if p.hint else "")
                                   for p in problems),
                         zh="；".join((p.message_zh or p.message)
                                     + (f"（{p.hint_zh or p.hint}）" if p.hint else "")
                                     for p in problems))
    return varied


def _changed(scenario: Scenario, definition: Definition, staff: Sequence[str],
             durations: Sequence[str], arrivals: float | None,
             probabilities: Sequence[str]) -> dict[str, Any]:
    """The scenario's data with each change applied (pydantic checks each as it is built)."""
    data = scenario.model_dump(by_alias=True, exclude_none=True)
    for text in staff:
        name, count = _split(text, "--staff", ("DEPT=N", "部门=人数"))
        if not count.isdigit() or int(count) < 1:
            raise UsageError(f"--staff {text}: N is a whole number of officers ≥ 1",
                             zh=f"--staff {text}：人数是不小于 1 的整数")
        old = scenario.staff.get(name)
        data["staff"][name] = Staff(
            count=int(count), office_hours=old.office_hours if old else None,
            assumption=f"compare --staff {text}").model_dump(exclude_none=True)
    for text in durations:
        name, spec = _split(text, "--duration", ("TASK=DIST", "环节=分布"))
        data["durations"][name] = _distribution(text, spec).model_dump(exclude_none=True)
    if arrivals is not None:
        if not arrivals > 0:
            raise UsageError("--arrivals takes a rate > 0 (applications per working day)",
                             zh="--arrivals 需要大于 0 的到达率（每个工作日的申请数）")
        data["arrivals"] = Arrivals(per_working_day=arrivals,
                                    assumption=f"compare --arrivals {arrivals}").model_dump(
            exclude_none=True)
    for text in probabilities:
        _set_probability(data, definition, text)
    return data


def _split(text: str, option: str, shape: tuple[str, str]) -> tuple[str, str]:
    """``NAME=VALUE`` split; ``shape`` is how the option is written, in English and
    Chinese (the metavariables said in the reader's language)."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise UsageError(f"{option} takes {shape[0]}, not `{text}`",
                         zh=f"{option} 的写法是 `{shape[1]}`，不是 `{text}`")
    return name.strip(), value.strip()


def _distribution(text: str, spec: str) -> Distribution:
    """``{dist: triangular, low: 1, mode: 3, high: 8}`` (YAML flow style) → a distribution."""
    try:
        data, _ = read_yaml_text(spec, "--duration")
        result: Distribution = TypeAdapter(Distribution).validate_python(data)
    except (DefinitionError, ValidationError) as error:
        english, chinese = _first(error) if isinstance(error, ValidationError) else (
            str(error), error.text("zh"))
        raise UsageError(f"--duration {text}: {english}; write the distribution as in a "
                         "scenario file, e.g. TASK='{dist: fixed, value: 2}'",
                         zh=(f"--duration {text}：{chinese}；请像情景文件中那样写分布，例如 `环节='"
                             f"{{dist: fixed, value: 2}}'`")) from None
    return result


def _first(error: ValidationError) -> tuple[str, str]:
    """The first problem pydantic found, with the key it is about, in English and in
    Chinese (``validation.error_text``: pydantic's own words are English only)."""
    item = error.errors()[0]
    key = next((str(k) for k in reversed(item["loc"]) if isinstance(k, str)
                and k not in ("fixed", "uniform", "triangular", "normal", "lognormal",
                              "exponential", "gamma", "empirical", "until_deadline")), "")
    english, chinese = error_text(item)
    if item["type"] in ("missing", "extra_forbidden"):  # the key is in the message
        return english, chinese
    where = f"`{key}`: " if key else ""
    return where + english, where + chinese


def _set_probability(data: dict[str, Any], definition: Definition, text: str) -> None:
    """``STATE.TRIGGER=P``: that way gets P; the state's other ways share the rest in
    proportion to their old probabilities (equally, if the state had none)."""
    target, value = _split(text, "--prob", ("STATE.TRIGGER=P", "状态.触发=概率"))
    state, dot, trigger = target.partition(".")
    try:
        p = float(value)
    except ValueError:
        p = -1.0
    if not dot or not 0 <= p <= 1:
        raise UsageError(f"--prob takes STATE.TRIGGER=P with 0 ≤ P ≤ 1, not `{text}`",
                         zh=f"--prob 的写法是 `状态.触发=概率`，概率在 0 到 1 之间，不是 `{text}`")
    moves = definition.structure.moves_from.get(state, ())
    triggers = list(dict.fromkeys(m.trigger for m in moves))
    if trigger not in triggers:
        raise UsageError(f"--prob {text}: `{state}` has no way out called `{trigger}`"
                         + (f"; its triggers: {', '.join(triggers)}" if triggers else ""),
                         zh=f"--prob {text}：`{state}` 没有名为 `{trigger}` 的出路"
                         + ("；它的触发有 " + "、".join(f"`{t}`" for t in triggers)
                            if triggers else ""))
    old = dict(data["branches"].get(state, {}).get("probabilities", {}))
    others = [t for t in triggers if t != trigger]
    rest = sum(old.get(t, 0.0) for t in others)
    shares = {t: (old.get(t, 0.0) / rest if rest else 1 / len(others)) * (1 - p)
              for t in others} if others else {}
    shares[trigger] = p
    data["branches"][state] = Branch(probabilities=shares,
                                     assumption=f"compare --prob {text}").model_dump(
        exclude_none=True)
