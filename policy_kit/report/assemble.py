"""Making a report: each command's library function run once, each result a section.

Part of report, the end of load → check → compile → simulate → render: it calls what
``validate``, ``path``, ``simulate`` and ``compare`` call, with the same defaults, so the
page's numbers are the commands' ``--json`` figures. A section appears only when it has
something to show: no findings, no findings section; no scenario, no simulation; a
process the checker finds errors in is not simulated (as ``simulate`` refuses it).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..calendar import calendar_for
from ..check import check_file
from ..check.format_json import json_findings
from ..errors import UsageError
from ..loader import Definition, load
from ..machine import compile
from ..model import label
from ..schedule import date_walk
from ..simulate import Run, prepare, scenario_path, simulate
from ..values import parse_assignment
from ..walker import walk
from .conformance import conformance_section
from .findings import findings_section
from .forecast import forecast_section
from .model import Report, ReportRequest, Section
from .overview import overview_section
from .path import path_section
from .simulation import outcome_names, simulation_section
from .states import states_section
from .whatif import whatif_section

__all__ = ["build_report"]


def build_report(request: ReportRequest) -> Report:
    """Every section the request has something for, in reading order."""
    definition = load(request.spec)
    lang = request.lang
    findings, _ = check_file(request.spec)
    found = json_findings(findings, lang)
    unsound = any(f.severity == "error" and f.counts for f in findings)
    sections: list[Section | None] = [
        overview_section(definition, lang, not any(not f["suppressed"] for f in found),
                         sum(1 for f in found if f["suppressed"])),
        findings_section(found, definition, lang), _path(definition, request)]
    run = None if unsound else _simulate(definition, request)
    if run is not None:
        sections.append(simulation_section(definition, run, lang))
    if request.compare is not None and not unsound:
        sections.append(_whatif(request))
    if request.case_log is not None:
        sections.append(_conformance(definition, request))
        if request.as_of is not None:
            sections.append(_forecast(definition, request))
    sections.append(states_section(definition, lang))
    return Report(label(definition.process.title, definition.id, lang), definition.id, lang,
                  request.command, _version(), run.data["seed"] if run else request.seed,
                  request.today, tuple(s for s in sections if s is not None))


def _path(definition: Definition, request: ReportRequest) -> Section:
    """The walk ``path --start`` takes (``--set``; received on ``--start``, else today)."""
    attributes = dict(parse_assignment(definition.process, a) for a in request.assignments)
    result = walk(compile(definition), attributes, ())
    calendar = calendar_for(definition.process.calendar, "lenient")
    dated = date_walk(definition.structure, result, calendar, request.start or request.today)
    return path_section(definition, result, dated, calendar, request.lang)


def _simulate(definition: Definition, request: ReportRequest) -> Run | None:
    """The run ``simulate`` makes; None when no scenario is given and none lies beside."""
    if request.scenario is None:
        try:
            path = scenario_path(definition)
        except UsageError:
            return None
        name = path.name
    else:
        path, name = request.scenario, str(request.scenario)
    model = prepare(definition, path)
    return simulate(model, cases=request.cases, replications=request.replications,
                    seed=request.seed, scenario_name=name)


def _whatif(request: ReportRequest) -> Section:
    from ..simulate.variants import compare_variants, load_variant

    assert request.compare is not None
    names = (request.spec, request.compare)
    lang = request.lang
    result = compare_variants(load_variant(request.spec, request.scenario, lang=lang),
                              load_variant(request.compare, request.scenario, lang=lang),
                              names, scenario=request.scenario, cases=request.cases,
                              replications=request.replications, seed=request.seed,
                              lang=lang)
    return whatif_section(result, names, lang, outcome_names(load(request.spec), lang))


def _conformance(definition: Definition, request: ReportRequest) -> Section:
    """The replay ``conform`` makes, and its JSON (a pseudonymised log's path is already
    the pseudonym of its name: ``cli.logflags.read_case_log``)."""
    from ..conform import conform

    case_log = request.case_log
    assert case_log is not None
    result = conform(definition, case_log.log, case_log.activities, case_log.settings,
                     steps=False)
    data = result.model_dump(mode="json")
    return conformance_section(definition, data, request.lang)


def _forecast(definition: Definition, request: ReportRequest) -> Section:
    """The forecast ``forecast --as-of`` makes: with the report's --scenario (else one
    calibrated from the cut log), --replications and --seed, else forecast's defaults."""
    from ..cli.logflags import FORECAST_REPLICATIONS, FORECAST_SEED
    from ..cli.logflags import CaseLog as ReadLog
    from ..forecast import run_forecast

    case_log, as_of = request.case_log, request.as_of
    assert case_log is not None and as_of is not None
    read = ReadLog(definition, case_log.log, case_log.activities, case_log.settings,
                   case_log.pseudonymized)
    seed = FORECAST_SEED if request.seed is None else request.seed
    result, calibrated = run_forecast(read, request.scenario, as_of,
                                      request.replications or FORECAST_REPLICATIONS, seed)
    data = result.model_dump(mode="json")
    data["calibrated"] = calibrated
    return forecast_section(definition, data, seed, Path(case_log.log.path).name,
                            request.lang)


def _version() -> str:
    try:
        return version("policy-kit")
    except PackageNotFoundError:  # pragma: no cover - a plain checkout
        return "0"
