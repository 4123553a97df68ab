"""The quick way through a plain CSV log: whole columns at a time instead of row by row.

Part of **load**, beside ``table``. A million-row log read row by row spends its time in
Python per cell (a lookup, a strip, a parse, a record per row); here each column of a
block of rows is mapped at once by C-level functions (``datetime.fromisoformat`` over a
column, one dict numbering the case ids, one interning the names), the cases are cut
out of the file's order in one pass, and only a case whose steps are not in strictly
increasing time order goes through the exact dedupe-and-sort of ``collect``.

It takes only a table it reads exactly as the row reader does: every row as wide as the
header, case ids and activities written without surrounding blanks, no lifecycle
column, no quoted line breaks, every time a timestamp the row reader accepts. For
anything else, every bad input included, it returns None and the caller reads the file
row by row, which says what is wrong where, as it always has: one log either way, and
every message is the row reader's.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime, tzinfo
from itertools import compress, islice, repeat
from typing import Protocol

from ..errors import LogError
from ..model.common import Text
from .collect import oddities, order, out_of_order, unique
from .model import Step, Trace
from .times import parse_timestamp, shared_offset

__all__ = ["CaseColumns", "Columnar", "read_columns"]

BLOCK = 65536
"""Rows mapped at a time: a block's columns are made, used and dropped, so the file's
text never sits in memory whole."""

CaseColumns = tuple[Sequence["str | None"], Sequence["datetime | None"],
                    Sequence[Mapping[str, str]]]
"""What the cases' first rows say of each whole case: outcomes, deadlines, attributes."""
CaseLevel = Callable[[list[list[str]], list[int]], CaseColumns]
"""Reads the case-level columns of the cases' first rows (with their lines)."""


class Columnar(Protocol):
    """What this reader needs of the table reader (``table._Reader``)."""

    headers: list[str]
    case: int | None
    activity: int | None
    end: int | None
    start: int | None
    resource: int | None
    lifecycle: int | None
    naive: bool

    @property
    def zone(self) -> tzinfo: ...


class _Rows(Protocol):
    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...
    def __next__(self) -> list[str]: ...


_parse = datetime.fromisoformat
_combine = datetime.combine
_zone_of = operator.attrgetter("tzinfo")
_new = tuple.__new__
Times = list["datetime | None"]


class _NotQuick(Exception):
    """The table needs the row reader."""


def read_columns(rows: _Rows, reader: Columnar,
                 case_columns: CaseLevel | None,
                 ) -> tuple[tuple[Trace, ...], int, list[Text]] | None:
    """The cases of the rows after the header, the number of events and the warnings
    (as ``Collector.traces`` says them); None when the row reader must read the file.
    ``case_columns`` reads a case's first row (with its line), when the table has
    case-level columns."""
    if reader.lifecycle is not None or reader.case is None or reader.activity is None:
        return None
    try:
        return _read(rows, reader, case_columns)
    except (_NotQuick, LogError):
        return None


def _read(rows: _Rows, reader: Columnar,
          case_columns: CaseLevel | None,
          ) -> tuple[tuple[Trace, ...], int, list[Text]] | None:
    assert reader.case is not None and reader.activity is not None
    width = len(reader.headers)
    ids: defaultdict[str, int] = defaultdict()
    ids.default_factory = ids.__len__  # a new case id gets the next number
    names: dict[str, str] = {}
    people: dict[str, str] = {}
    cases: list[int] = []
    activities: list[str] = []
    resources: list[str | None] = []
    ends: Times = []
    starts: Times = []
    firsts: dict[int, tuple[int, list[str]]] = {}
    count = 0
    while block := list(islice(rows, BLOCK)):
        if set(map(len, block)) != {width}:
            raise _NotQuick
        columns = list(zip(*block, strict=True))
        known = len(ids)
        numbered = list(map(ids.__getitem__, columns[reader.case]))
        if case_columns is not None and len(ids) > known:
            # each case's first row in the block: later rows written first, so the
            # first one stays
            at = dict(zip(reversed(numbered), range(len(numbered) - 1, -1, -1), strict=True))
            for number in range(known, len(ids)):
                firsts[number] = (count + at[number], block[at[number]])
        cases += numbered
        column = columns[reader.activity]
        activities += map(names.setdefault, column, column)
        if reader.resource is not None:
            column = columns[reader.resource]
            resources += map(people.setdefault, column, column)
        if reader.end is not None:
            ends += _times(columns[reader.end], reader, required=reader.start is None)
        if reader.start is not None:
            starts += _times(columns[reader.start], reader, required=reader.end is None)
        count += len(block)
    if not count or rows.line_num != count + 1:  # quoted line breaks, or nothing
        raise _NotQuick
    if not _clean(names) or not _clean(ids) or not _clean(people.keys() - {""}):
        raise _NotQuick  # blanks to strip, or a cell left empty: the row reader's work
    if "" in people:  # no resource named
        resources = [person or None for person in resources]
    _check_steps(starts if reader.start is not None else None,
                 ends if reader.end is not None else None)
    steps = list(map(_new, repeat(Step), zip(
        activities,
        starts if reader.start is not None else repeat(None),
        ends if reader.end is not None else repeat(None),
        resources if reader.resource is not None else repeat(None),
        range(2, count + 2), strict=False)))
    del activities, resources, ends, starts
    return _cases(steps, cases, list(ids), firsts, case_columns)


def _clean(texts: Iterable[str]) -> bool:
    """No text empty, none with blanks around it (as the row reader strips them)."""
    listed = list(texts)
    return "" not in listed and list(map(str.strip, listed)) == listed


def _times(column: Sequence[str], reader: Columnar, required: bool) -> Times:
    """A column's moments, each with its offset's one shared object (``times``), a
    naive one taken in the reader's zone; an empty cell is None where allowed."""
    zone = reader.zone
    try:
        parsed: Times = list(map(_parse, column))
    except ValueError:  # an empty cell, or a form other than ISO 8601
        return _each(column, reader, required)
    zones = set(map(_zone_of, parsed))
    if None in zones:
        if len(zones) > 1:
            return _each(column, reader, required)
        reader.naive = True
        return list(map(_naive, parsed, repeat(zone)))  # type: ignore[arg-type]
    offsets = {offset: shared_offset(offset) for offset in zones}
    return list(map(datetime.astimezone, parsed,  # type: ignore[arg-type]
                    map(offsets.__getitem__, map(_zone_of, parsed))))


def _naive(moment: datetime, zone: tzinfo) -> datetime:
    return _combine(moment.date(), moment.time(), zone)


def _each(column: Sequence[str], reader: Columnar, required: bool) -> Times:
    """The row reader's parse, cell by cell, for a column with other forms in it."""
    parsed: Times = []
    for text in column:
        if not text.strip():
            if required:
                raise _NotQuick
            parsed.append(None)
            continue
        moment, naive = parse_timestamp(text, reader.zone)
        if moment is None:
            raise _NotQuick
        reader.naive |= naive
        parsed.append(moment)
    return parsed


def _check_steps(starts: Times | None, ends: Times | None) -> None:
    """A step with neither time, or ending before it starts, is the row reader's to
    report."""
    if starts is None or ends is None:
        return
    if None in starts or None in ends:
        if any((s is None and e is None) or (s is not None and e is not None and e < s)
               for s, e in zip(starts, ends, strict=True)):
            raise _NotQuick
    elif any(map(operator.lt, ends, starts)):  # type: ignore[arg-type]
        raise _NotQuick


def _moments(steps: list[Step]) -> list[datetime]:
    """Each step's ``moment``: read straight off the tuples when every step has a start,
    or none has."""
    if all(step.start is None for step in islice(steps, 1)) and not any(
            map(operator.itemgetter(1), steps)):
        return list(map(operator.itemgetter(2), steps))
    if all(map(operator.itemgetter(1), steps)):
        return list(map(operator.itemgetter(1), steps))
    return [step.moment for step in steps]


def _cases(steps: list[Step], cases: list[int], names: list[str],
           firsts: dict[int, tuple[int, list[str]]], case_columns: CaseLevel | None,
           ) -> tuple[tuple[Trace, ...], int, list[Text]]:
    """Cut the steps into cases (in the order they first appear), each in time order."""
    count = len(steps)
    same = list(map(operator.eq, cases, islice(cases, 1, None)))
    if count - sum(same) != len(names):  # a case's rows are not all together: gather them
        placed = sorted(range(count), key=cases.__getitem__)  # stable: file order kept
        steps = list(map(steps.__getitem__, placed))
        cases = list(map(cases.__getitem__, placed))
        same = list(map(operator.eq, cases, islice(cases, 1, None)))
    moments = _moments(steps)
    rising = map(operator.lt, moments, islice(moments, 1, None))
    unsure = sorted({cases[i] for i in compress(range(count - 1),
                                                map(operator.gt, same, rising))})
    bounds = [0, *(i + 1 for i in compress(range(count - 1), map(operator.not_, same))),
              count]
    parts: list[tuple[Step, ...]] = list(map(tuple, map(steps.__getitem__, map(
        slice, bounds, islice(bounds, 1, None)))))
    late = [0] * len(names)
    duplicates = reordered = 0
    for number in unsure:  # not in strictly rising time: collect's exact way
        kept, dropped = unique(list(parts[number]))
        duplicates += dropped
        late[number] = out_of_order(kept)
        reordered += late[number]
        kept.sort(key=order)
        parts[number] = tuple(kept)
    if case_columns is not None:
        rows = [firsts[number] for number in range(len(names))]
        outcomes, deadlines, attributes = case_columns([row for _, row in rows],
                                                       [index + 2 for index, _ in rows])
        traces = tuple(map(Trace, names, parts, outcomes, deadlines, attributes, late))
    else:
        traces = tuple(map(Trace, names, parts, repeat(None), repeat(None), repeat({}), late))
    return traces, count, oddities(duplicates, reordered, sum(1 for n in late if n), 0)
