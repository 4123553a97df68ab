"""Calibrate: from a replayed case log to a scenario whose every figure says where it came from.

Part of log → replay → **calibrate** → scenario. ``run_calibration`` is the whole job
(what ``policy-kit calibrate`` runs); ``calibrate`` the estimates from a conformance
result; ``fit_durations`` and ``distance`` the statistics under them.
"""

from .calibrate import Calibration, calibrate
from .distance import Distance, distance
from .fidelity import Fidelity
from .fit import Fit, fit_durations
from .run import CalibrationRun, run_calibration, scenario_text

__all__ = ["Calibration", "CalibrationRun", "Distance", "Fidelity", "Fit", "calibrate",
           "distance", "fit_durations", "run_calibration", "scenario_text"]
