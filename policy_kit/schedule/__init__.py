"""Dated paths: one application's walk placed on China's statutory calendar ("when?").

Part of compile → walk → **date** → render: ``date_walk`` turns the steps of a ``Walk`` into
``DatedStep`` s on a ``Calendar``; ``explain_walk`` says why each guard held or failed;
``gantt_svg`` draws the result. The rules (also in ``docs/dated-paths.md``):

* **Promised dates.** By default each step takes the longest its limit allows: the date
  the office promises. ``--expected`` takes the median durations of the process's scenario
  instead (``expected``, which imports the simulator and so is not imported here).
* **Receipt.** The case is received on the start date. Each step receives it on the day
  the step before it ended (handing over takes no time), and ``start`` is that day.
  ``start`` and ``end`` are inclusive ISO dates.
* **Working days.** A step on the government clock, or one whose limit counts working
  days, starts on a working day (the next one if it receives the case on a day off); its
  end is a working day too (a deadline on a day off moves to the next working day).
* **The day of receipt is not counted**: a 5-working-day limit received on 2023-09-28
  ends on 2023-10-11. A limit with ``counts_first_day`` (public notices) counts its start
  day: a 5-working-day notice starting on 2023-09-28 ends on 2023-10-10.
* **Same day.** ``working_days: 0`` ends on the day it starts; several same-day steps in
  a row share one date.
* **No limit.** A task or wait without a limit is flagged (``no_limit``) and, on promised
  dates, taken as 0 days, so the dates are a lower bound there. Decisions take no time and
  are not flagged.
* **Clocks.** ``applicant`` steps (corrections, 补正) stop the government clock and
  ``statutory`` periods (public notices, expert review) are excluded from the office's
  limit: a stage's and the process's limits count only the days on which some
  government-clock step in them ran. A task's own limit measures the step, whatever its
  clock. Used and remaining are given at each step's end; remaining < 0 is over.
* **Concurrent regions** run in parallel in time, each from the day the stage is entered;
  the join fires on the day the slowest region ends (``waited_for``), and the step after
  the join receives the case that day. A day counts once against a limit however many
  regions work on it. A way out guarded by ``done(x)`` (x in another region) is taken no
  earlier than the day x was passed: the step is worked from that day (``waited_for``), so
  its own limit counts from the day its inputs were complete.
* **Finish** is the end of the step that reaches the outcome (None when the walk is stuck).
* **Estimates.** With a lenient calendar, years without statutory data are estimated;
  ``DatedPath.estimated_years`` lists them so that output can say so.
"""

from __future__ import annotations

from .dating import Basis, DatedPath, DatedStep, LengthRule, date_walk, promised
from .explain import GuardCheck, Part, explain_walk
from .gantt import gantt_svg
from .raster import svg_to_png
from .span import SAME_DAY, Length, Span, span_for
from .usage import Usage

__all__ = [
    "SAME_DAY",
    "Basis",
    "DatedPath",
    "DatedStep",
    "GuardCheck",
    "Length",
    "LengthRule",
    "Part",
    "Span",
    "Usage",
    "date_walk",
    "explain_walk",
    "gantt_svg",
    "promised",
    "span_for",
    "svg_to_png",
]
