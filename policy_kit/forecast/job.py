"""One forecast from end to end, as ``policy-kit forecast`` runs it.

Part of **forecast**. Without ``--scenario`` the scenario is calibrated first, from the
log as it stood on the ``--as-of`` day (nothing later is used), and the result says so.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .cut import as_of_moment, cut
from .forecast import Forecast, forecast_open

if TYPE_CHECKING:
    from ..cli.logflags import CaseLog

__all__ = ["run_forecast"]


def run_forecast(case_log: CaseLog, scenario_path: Path | None, as_of: date,
                 replications: int, seed: int) -> tuple[Forecast, bool]:
    """The forecast, and whether its scenario was calibrated from the log."""
    from ..conform import conform, replayer_for
    from ..simulate import load_scenario
    from ..simulate.scenario import Scenario

    definition = case_log.definition
    settings = case_log.settings
    replayer = replayer_for(definition, case_log.activities, case_log.log, settings)
    clock = replayer.clock
    moment = as_of_moment(as_of, clock.zone)
    known = cut(case_log.log, moment, replayer.finished_column)
    replay = conform(definition, known, case_log.activities, settings)
    calibrated = scenario_path is None
    has_starts = any(s.start is not None for t in known.traces for s in t.steps)
    if scenario_path is not None:
        scenario = load_scenario(scenario_path, definition)
        name = scenario_path.name
    else:
        from ..calibrate.calibrate import calibrate
        from ..calibrate.run import base_scenario

        base, base_name = base_scenario(definition, None)
        # steps under way at the cut are censored at it: the calibration must not see
        # only the steps short enough to have ended already
        calibration = calibrate(definition, replay, clock, has_starts, base, base_name,
                                Path(known.path).name, log_end=moment)
        scenario = Scenario.model_validate(calibration.scenario)
        name = f"calibrated from {Path(known.path).name} up to {as_of}"  # forecast.text reads it
    deadlines: dict[str, datetime | None] = {settings.rename(t.case): t.deadline
                                             for t in known.traces}
    result = forecast_open(definition, replay, clock, scenario, name, as_of, replications,
                           seed, deadlines, has_starts)
    return result, calibrated
