"""Forecast: when each open case of a log will finish, and the chance it runs late.

Part of the engines (log → replay → **forecast**): cut the log at the ``--as-of`` day,
replay it on the one step semantics, place each open case where it stands, and simulate
them together on the simulator. ``run_forecast`` is the whole job.
"""

from .forecast import CaseForecast, Forecast, ForecastSummary, forecast_open
from .job import run_forecast

__all__ = ["CaseForecast", "Forecast", "ForecastSummary", "forecast_open", "run_forecast"]
