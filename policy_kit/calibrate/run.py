"""One calibration from end to end: replay the log, estimate, write, and (asked) measure.

Part of **calibrate**; the function the CLI calls. The scenario text is checked by the
same loader ``simulate`` uses before anything is written, so a calibrated scenario that
``simulate`` would refuse is a bug reported here, not a file left for the user to find.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DefinitionError, PolicyKitError, UsageError
from ..logs.collect import counted
from ..model import Frozen
from .calibrate import Calibration, calibrate
from .fidelity import Fidelity, measure

if TYPE_CHECKING:
    from ..cli.logflags import CaseLog
    from ..simulate.scenario import Scenario

__all__ = ["CalibrationRun", "base_scenario", "run_calibration", "scenario_text"]


class CalibrationRun(Frozen):
    calibration: Calibration
    report: Fidelity | None
    base: str | None
    yaml: str

    def json_data(self) -> dict[str, Any]:
        data = self.calibration.model_dump(mode="json")
        data["base_scenario"] = self.base
        data["report"] = None if self.report is None else self.report.model_dump(mode="json")
        return data


def run_calibration(case_log: CaseLog, base_path: Path | None, *, report: bool = False,
                    seed: int = 1) -> CalibrationRun:
    """Calibrate ``case_log``'s process; ``base_path`` None: the process's own scenario,
    when it has one."""
    from ..conform import conform, replayer_for

    definition = case_log.definition
    base, base_name = base_scenario(definition, base_path)
    result = conform(definition, case_log.log, case_log.activities, case_log.settings)
    clock = replayer_for(definition, case_log.activities, case_log.log,
                         case_log.settings).clock
    has_starts = any(step.start is not None for trace in case_log.log.traces
                     for step in trace.steps)
    name = Path(case_log.log.path).name
    calibration = calibrate(definition, result, clock, has_starts, base, base_name, name)
    text = scenario_text(calibration)
    _check(text, definition)
    fidelity = (measure(definition, calibration.scenario, result, clock,
                        calibration.whole_span, seed) if report else None)
    return CalibrationRun(calibration=calibration, report=fidelity, base=base_name,
                          yaml=text)


def base_scenario(definition: Any, path: Path | None) -> tuple[Scenario | None, str | None]:
    from ..simulate import load_scenario, scenario_path

    if path is None:
        try:
            path = scenario_path(definition)
        except UsageError:
            return None, None
    scenario = load_scenario(path, definition)
    if scenario.process != definition.id:  # load_scenario reports it; kept for clarity
        raise UsageError(f"--scenario {path} is for `{scenario.process}`",
                         zh=f"--scenario {path} 是 `{scenario.process}` 的情景")
    return scenario, path.name


def scenario_text(calibration: Calibration) -> str:
    """The scenario as YAML, with a header that says what made it."""
    import yaml

    header = (f"# Calibrated by `policy-kit calibrate` from the case log {calibration.log} on "
              f"{date.today().isoformat()}.\n"
              f"# {calibration.used:,} of {counted(calibration.cases, 'case')} "
              f"{'fits' if calibration.used == 1 else 'fit'} the process and "
              f"{'was' if calibration.used == 1 else 'were'} used; "
              f"{counted(calibration.left_out, 'deviating case')} "
              f"{'was' if calibration.left_out == 1 else 'were'} left out.\n"
              "# Every figure says where it comes from (`source:`), or that it is an "
              "`assumption:`.\n")
    class Dumper(yaml.SafeDumper):
        """Mappings as blocks, lists (an empirical table) on a few lines each."""

    Dumper.add_representer(list, lambda dumper, data: dumper.represent_sequence(
        "tag:yaml.org,2002:seq", data, flow_style=True))
    body = yaml.dump(calibration.scenario, Dumper=Dumper, allow_unicode=True,
                     sort_keys=False, width=100, default_flow_style=False)
    return header + body


def _check(text: str, definition: Any) -> None:
    from pydantic import ValidationError

    from ..simulate.loading import check_scenario
    from ..simulate.scenario import Scenario
    from ..source import read_yaml_text
    from ..validation import error_text

    data, source = read_yaml_text(text, "calibrated scenario")
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        raise PolicyKitError(f"calibrate made a scenario the format refuses (a bug): "
                             f"{error}",
                             zh=f"calibrate 生成的情景不符合格式（这是程序错误，请报告）："
                                f"{error_text(error.errors()[0])[1]}") from None
    problems = check_scenario(scenario, definition, source)
    if problems:
        raise DefinitionError(problems)
