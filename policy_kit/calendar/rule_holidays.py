"""China's days off by rule, for the years ``ChineseCalendar`` estimates beyond the published data.

The ``holidays`` package computes them (lunar holidays included), but importing it loads
every country's module (about 325 modules, 0.1 s), which a simulation walking decades past
the published years would pay in every process for 4 ms of China's holidays. So policy-kit
ships what it computes: ``cn_rule_holidays.tsv`` beside this module, written by
``scripts/cn-rule-holidays`` with the ``holidays`` version its first line names. The table
is read (once, all years) only while that very version is installed; with any other one (a
newer ``holidays`` may know more, such as a year the State Council has since published) or
one whose version cannot be told, the package is asked live, exactly as the table was made.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path

__all__ = ["RULE_BATCH", "RULE_YEARS", "TABLE", "compute", "format_table",
           "installed_holidays_version", "rule_holidays", "table_version"]

RULE_YEARS = range(1950, 2101)
"""The years the ``holidays`` package computes Chinese holidays for (``China.start_year``
to ``end_year`` in holidays 0.109); it answers any other year with none, so those years
are plain weekends without asking it."""

RULE_BATCH = 25
"""Years asked of ``holidays`` at once when it is asked live. It spends most of a year's cost
setting up (about 4.7 ms for one year alone, 0.55 ms a year in a batch); a simulation of
10,000 Jining cases at 60 a year walks 166 years forward, so the years after the one asked
for are asked too."""

TABLE = Path(__file__).with_name("cn_rule_holidays.tsv")
"""The shipped table: a header line ``# holidays VERSION``, comment lines, then one line a
day off, ``YYYY-MM-DD<TAB>name`` in date order, UTF-8."""

_HEADER = "# holidays "
_SWAP_MARK = "调休"
"""In ``holidays``' Chinese labels, marks a weekday off swapped for a weekend worked."""

_KNOWN: dict[int, dict[date, str]] = {}
"""Years already read or computed: per process, shared by every calendar."""


def rule_holidays(year: int) -> dict[date, str]:
    """China's days off by rule in ``year``, named in Chinese, in date order.

    The day-off halves of the 调休 swaps ``holidays`` knows are dropped: the worked weekend
    that pays for them is not in the package, and keeping one half would overcount days off.
    """
    known = _KNOWN.get(year)
    if known is not None:
        return known
    if year not in RULE_YEARS:
        return {}
    table = _read_table()
    if table is not None:
        _KNOWN.update(table)
    else:
        _KNOWN.update(compute(range(year, min(year + RULE_BATCH, RULE_YEARS.stop))))
    return _KNOWN[year]


def compute(years: range) -> dict[int, dict[date, str]]:
    """Ask the ``holidays`` package (imported here: it is what the table saves) for ``years``."""
    import holidays

    found = holidays.country_holidays("CN", years=years, language="zh_CN")
    days: dict[int, dict[date, str]] = {year: {} for year in years}
    for day, name in sorted(found.items()):
        if _SWAP_MARK not in str(name) and day.year in days:
            days[day.year].setdefault(day, str(name))
    return days


def installed_holidays_version() -> str | None:
    """The installed ``holidays``' version, read without importing it (nor
    ``importlib.metadata``, 33 ms): from the ``METADATA`` of the one ``holidays-*.dist-info``
    folder beside the package Python would import. None when it cannot be told (not
    installed, installed in a way without such a folder, or several of them)."""
    from importlib.util import find_spec

    spec = find_spec("holidays")
    places = list(spec.submodule_search_locations or ()) if spec is not None else []
    if len(places) != 1:
        return None
    folder = os.path.dirname(places[0])
    infos = [entry for entry in os.listdir(folder)
             if entry.lower().startswith("holidays-") and entry.endswith(".dist-info")]
    if len(infos) != 1:
        return None
    try:
        with open(os.path.join(folder, infos[0], "METADATA"), encoding="utf-8") as lines:
            fields = dict(_metadata_fields(lines))
    except OSError:
        return None
    if fields.get("name", "").lower() != "holidays":
        return None
    return fields.get("version")


def _metadata_fields(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """The ``Name`` and ``Version`` of a core-metadata header (it ends at its first blank
    line, before the long description)."""
    for line in lines:
        if not line.strip():
            return
        key, _, value = line.partition(":")
        if key.lower() in ("name", "version"):
            yield key.lower(), value.strip()


def table_version() -> str | None:
    """The ``holidays`` version the shipped table was computed with (None without a table)."""
    try:
        with TABLE.open(encoding="utf-8") as lines:
            return _version_of(next(lines, ""))
    except FileNotFoundError:
        return None


def _version_of(header: str) -> str | None:
    if not header.startswith(_HEADER):
        return None
    return header[len(_HEADER):].strip() or None


def _read_table() -> dict[int, dict[date, str]] | None:
    """Every year of the table, or None when the installed ``holidays`` is not the version
    it was computed with."""
    try:
        text = TABLE.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    header, _, rows = text.partition("\n")
    version = _version_of(header)
    if version is None or version != installed_holidays_version():
        return None
    days: dict[int, dict[date, str]] = {year: {} for year in RULE_YEARS}
    for row in rows.splitlines():
        if row and not row.startswith("#"):
            day, _, name = row.partition("\t")
            found = date.fromisoformat(day)
            days[found.year][found] = name
    return days


def format_table(version: str, years: Mapping[int, Mapping[date, str]]) -> str:
    """The table's text for ``years`` as ``holidays`` ``version`` computes them."""
    lines = [
        f"{_HEADER}{version}",
        f"# China's days off by rule, {min(years)}-{max(years)}, as policy-kit's estimated "
        "years take them (调休 halves dropped).",
        "# Written by scripts/cn-rule-holidays; read only while this holidays version is "
        "installed.",
    ]
    for year in sorted(years):
        for day, name in sorted(years[year].items()):
            if "\t" in name or "\n" in name:
                raise ValueError(f"{day}: a name with a tab or line break: {name!r}")
            lines.append(f"{day.isoformat()}\t{name}")
    return "\n".join(lines) + "\n"
