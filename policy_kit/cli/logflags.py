"""The case-log flags that ``conform``, ``calibrate`` and ``forecast`` share, declared once.

A user who learnt ``conform --log … --activities … --deadline-column …`` types the same
flags to the other log commands; ``log_options`` declares them and ``read_case_log``
turns them into what the library reads (the definition's log, its activity map and the
replay settings), so the three commands cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import UsageError
from .options import parse_date

if TYPE_CHECKING:
    from ..conform import ActivityMap, Settings
    from ..loader import Definition
    from ..logs import Log

__all__ = ["CaseLog", "FORECAST_REPLICATIONS", "FORECAST_SEED", "LOG_FLAGS", "as_of_option",
           "log_options", "optional_log_options", "read_case_log"]

F = TypeVar("F", bound=Callable[..., Any])

LOG_FLAGS = ("log_path", "activities", "case_column", "activity_column", "time_column",
             "start_column", "resource_column", "deadline_column", "outcome_column",
             "finished_column", "encoding", "sheet", "calendar", "pseudonymize")
"""The keyword arguments ``log_options`` adds to a command, in order."""

FORECAST_REPLICATIONS, FORECAST_SEED = 200, 1
"""``forecast``'s defaults, which ``report --as-of`` takes too when not given its own."""


def log_options(func: F) -> F:
    """Add the log flags (``--log`` required) to a click command."""
    return _with_log_options(func, required=True)


def optional_log_options(func: F) -> F:
    """The same flags with ``--log`` optional (``report``: a section only with a log)."""
    return _with_log_options(func, required=False)


def _with_log_options(func: F, required: bool) -> F:
    options = [
        click.option("--log", "log_path", required=required, type=click.Path(path_type=Path),
                     help="The case log: CSV, XLSX, XES or gzipped XES."),
        click.option("--activities", type=click.Path(path_type=Path),
                     help="YAML mapping of the log's activities to state ids."),
        click.option("--case-column", help="The case id column (default: recognised)."),
        click.option("--activity-column", help="The activity column."),
        click.option("--time-column", help="The (completion) timestamp column."),
        click.option("--start-column", help="The start timestamp column."),
        click.option("--resource-column", help="The resource (officer) column."),
        click.option("--deadline-column", help="A case column with each case's deadline."),
        click.option("--outcome-column", help="A case column saying how the case ended."),
        click.option("--finished-column",
                     help="A case column that is filled once a case has ended."),
        click.option("--encoding",
                     help="The CSV's encoding (default: UTF-8 or GB18030, detected)."),
        click.option("--sheet", help="The XLSX sheet (default: the first)."),
        click.option("--calendar", help="cn, weekly or weekly:CC (default: the process's)."),
        click.option("--pseudonymize", is_flag=True,
                     help="Replace case ids and resource names by salted hashes "
                          "(salt: POLICY_KIT_SALT or POLICY_KIT_SALT_FILE)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def as_of_option(required: bool, help: str) -> Callable[[F], F]:
    """``--as-of DATE``: the day a forecast starts from (``forecast``; ``report`` with a log)."""
    return click.option("--as-of", "as_of", required=required,
                        callback=parse_date, metavar="DATE", help=help)


@dataclass(frozen=True)
class CaseLog:
    """A log read for one process, with the mapping and settings its replay needs."""

    definition: Definition
    log: Log
    activities: ActivityMap | None
    settings: Settings
    pseudonymized: bool


def read_case_log(definition: Definition, flags: dict[str, Any]) -> CaseLog:
    """Read the log the flags name (``flags`` holds at least the keys of ``LOG_FLAGS``).

    Usage errors (exit 2) for a missing ``--activities`` file or an unknown ``--calendar``;
    the readers report a bad log at its row and column (exit 1).
    """
    from ..calendar import zone_of
    from ..conform import Settings, load_activities
    from ..logs import ReadOptions, read_log

    activities: Path | None = flags["activities"]
    if activities is not None and not activities.exists():
        raise UsageError(f"--activities {activities}: no such file",
                         zh=f"--activities {activities}：没有这个文件")
    calendar: str | None = flags["calendar"]
    if calendar is not None and not (calendar in ("cn", "weekly")
                                     or calendar.startswith("weekly:")):
        raise UsageError(f"--calendar {calendar}: choose cn, weekly or weekly:CC",
                         zh=f"--calendar {calendar}：请选 `cn`、`weekly` 或 `weekly:国家代码`")
    mapping = load_activities(activities, definition) if activities is not None else None
    given = mapping.columns if mapping is not None else None
    kind = calendar or definition.process.calendar
    rename: Callable[[str], str] = str
    if flags["pseudonymize"]:
        from ..pseudonym import pseudonymizer, salt_from_environment
        rename = pseudonymizer(salt_from_environment())

    def column(flag: str, attribute: str) -> str | None:
        value: str | None = flags[flag]
        return value or (getattr(given, attribute) if given else None)

    # the column that says a case has ended is a case attribute whatever its name
    # (`closed` as well as `case:closed`); read it so the replay can see it
    finished = tuple(c for c in (column("finished_column", "finished"),) if c)
    options = ReadOptions(
        zone_of(kind), case=column("case_column", "case"),
        activity=column("activity_column", "activity"), end=column("time_column", "time"),
        start=column("start_column", "start"), resource=column("resource_column", "resource"),
        outcome=column("outcome_column", "outcome"),
        deadline=column("deadline_column", "deadline"),
        encoding=flags["encoding"], sheet=flags["sheet"],
        attributes=(*definition.process.attributes, *finished))
    log = read_log(flags["log_path"], options)
    if flags["pseudonymize"]:  # the file's name can name the firm or the person, too
        log = replace(log, path=rename(Path(log.path).name))
    settings = Settings(calendar=calendar, finished_column=flags["finished_column"],
                        rename=rename)
    return CaseLog(definition, log, mapping, settings, bool(flags["pseudonymize"]))
