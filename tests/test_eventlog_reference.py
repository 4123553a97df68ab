"""The fast CSV event-log writer against a plain one, on random stays (and the Parquet
writer against the same rows).

The writer turns a batch of ended cases' stays into columns and its text into pieces
picked out by array indexing (``policy_kit.simulate.logsteps``, ``logformats``,
``moments``); the reference here does what the log promises the plain way: per case, each
stay's start (an officer's from when the office took it up), ``datetime`` for each
moment, ``csv`` for each row, rows by start, then end (a step still going last), then
text. Cases arrive in any order in the run's journal, are written in the order they
ended, and the batches cut them anywhere."""

from __future__ import annotations

import csv
import io
import math
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_kit import load
from policy_kit.calendar import zone_of
from policy_kit.simulate import Model, eventlog, prepare
from policy_kit.simulate.build import DEADLINE, QUEUED, TIMED
from policy_kit.simulate.moments import Moments

Stay = tuple[int, int, float, float, float, bool]


@cache
def _model() -> Model:
    return prepare(load("jining-construction-start"))


def _logged_states(model: Model) -> list[int]:
    return [i for i, kind in enumerate(model.kind) if kind in (TIMED, QUEUED, DEADLINE)]


class _Case:
    """What the log reads of an ended case."""

    def __init__(self, number: int, outcome: str | None, measured: bool,
                 journal: list[float]) -> None:
        self.number = number
        self.name = f"case-{number + 1}"
        self.outcome = outcome
        self.measured = measured
        self.log = journal


def _reference(model: Model, cases: list[tuple[int, str | None, list[Stay]]],
               first_day: date) -> str:
    zone = zone_of(model.scenario.calendar.kind or model.definition.process.calendar)
    origin = datetime.combine(first_day, time(0))

    def moment(seconds: int) -> str:
        return (origin + timedelta(seconds=seconds)).replace(tzinfo=zone).isoformat()

    names = model.process.names
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(eventlog.COLUMNS)
    for number, outcome, stays in cases:
        rows = []
        for leaf, server, office, entered, ended, _ in stays:
            place = model.definition.structure.places[names[leaf]]
            stage = place.stage.id if place.stage else ""
            if model.kind[leaf] == QUEUED:
                department = model.departments[model.department[leaf]]
                resource = f"{department.id}#{server + 1}"
                start = department.axis.begin(office)
            else:
                resource, start = "", entered
            still = math.isnan(ended)
            begun = round((start if still else min(start, ended)) * 3600)
            end = None if still else round(ended * 3600)
            line = io.StringIO()
            csv.writer(line, lineterminator="\n").writerow([
                f"case-{number + 1}", names[leaf], resource, moment(begun),
                "" if end is None else moment(end), stage, model.clock[leaf],
                model.actor[leaf], outcome or ""])
            rows.append((begun, math.inf if end is None else end, line.getvalue()))
        out.write("".join(text for *_, text in sorted(rows)))
    return out.getvalue()


@st.composite
def _runs(draw: Any) -> tuple[list[tuple[int, str | None, bool, list[Stay]]], list[int],
                              list[int]]:
    model = _model()
    states = _logged_states(model)
    moments = st.sampled_from([9.0, 9.5, 33.25, 40.0]) | st.floats(0, 24 * 900)

    def stay() -> Stay:
        leaf = draw(st.sampled_from(states))
        queued = model.kind[leaf] == QUEUED
        staff = model.departments[model.department[leaf]].staff if queued else 0
        entered = draw(moments)
        ended = draw(st.just(math.nan) | moments | st.floats(0, 48).map(
            lambda d: entered + d))
        return (leaf, draw(st.integers(0, staff - 1)) if queued else -1,
                draw(st.floats(0, 8 * 600)) if queued else 0.0, entered, ended,
                draw(st.booleans()))

    # case numbers close together, or far apart (a case stuck since the run began)
    spread = draw(st.sampled_from([1, 1, 3, 1_000_003]))
    cases = [(spread * number, draw(st.sampled_from([None, "approved", 'refused, "late"'])),
              draw(st.booleans()), [stay() for _ in range(draw(st.integers(0, 6)))])
             for number in range(draw(st.integers(1, 12)))]
    # the journal takes stays as they end, cases interleaved; cases end in any order
    tags = [number for number, _, _, stays in cases for _ in stays]
    return cases, draw(st.permutations(tags)), draw(st.permutations(range(len(cases))))


@settings(max_examples=60, deadline=None)
@given(run=_runs(), batch=st.sampled_from([1, 3, 1 << 14]), old=st.booleans())
def test_the_csv_log_says_what_a_plain_writer_says(
        run: tuple[list[tuple[int, str | None, bool, list[Stay]]], list[int], list[int]],
        batch: int, old: bool, tmp_path_factory: pytest.TempPathFactory) -> None:
    """``old``: the run starts on 1 December 1900, so its first month is in Shanghai's
    local mean time (``+08:05:43``) and the rest in China Standard Time: a batch's
    moments are written in two lengths."""
    cases, interleaving, ending = run
    model = _model()
    first_day = date(1900, 12, 1) if old else model.scenario.start
    path = tmp_path_factory.mktemp("log") / "log.csv"
    _write(path, model, run, batch, first_day)
    expected = _reference(model, [(cases[p][0], cases[p][1], cases[p][3]) for p in ending],
                          first_day)
    assert Path(path).read_text(encoding="utf-8") == expected
    if not old:  # the same run as Parquet: the same rows, a missing text or end as null
        import pyarrow.parquet as pq

        _write(path.with_suffix(".parquet"), model, run, batch, first_day)
        table = pq.read_table(path.with_suffix(".parquet")).to_pylist()
        assert _ties_sorted([{key: value.isoformat() if isinstance(value, datetime)
                              else value or "" for key, value in row.items()}
                             for row in table]) == _ties_sorted(
            list(csv.DictReader(io.StringIO(expected))))


def _ties_sorted(rows: list[dict[str, str]]) -> list[list[str]]:
    """Rows, those of a case starting and ending together sorted by their texts (CSV
    orders them so; Parquet keeps the order they ended in)."""
    runs: list[list[list[str]]] = []
    for row in rows:
        values = list(row.values())
        if runs and runs[-1][0][0] == values[0] and runs[-1][0][3:5] == values[3:5]:
            runs[-1].append(values)
        else:
            runs.append([values])
    return [values for run in runs for values in sorted(run)]


def _write(path: Path, model: Model,
           run: tuple[list[tuple[int, str | None, bool, list[Stay]]], list[int], list[int]],
           batch: int, first_day: date) -> None:
    """Log ``run`` as the engine would hand it over, into ``path``."""
    cases, interleaving, ending = run
    journal: list[float] = []
    left = {number: list(stays) for number, _, _, stays in cases}
    for number in interleaving:  # as the engine hands a stay over (``cases.Stay``)
        leaf, server, office, entered, ended, completed = left[number].pop(0)
        journal.extend((number, leaf if completed else ~leaf, server,
                        office if server >= 0 else entered, ended))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(eventlog, "_BATCH", batch)
        patch.setattr(eventlog, "Moments", lambda _, zone: Moments(first_day, zone))
        with eventlog.open_event_log(path, model) as log:
            for place in ending:
                number, outcome, measured, _ = cases[place]
                log.write(_Case(number, outcome, measured, journal))  # type: ignore[arg-type]
