"""BPMN in: a modeller's BPMN 2.0 process as a checked policy-kit definition.

Part of load (**load** → check → compile → simulate → render), beside the YAML loader:
``xml`` reads the file safely with every element's line:col, ``graph`` picks the process
and reads its flow graph, ``translate`` maps it to a definition's data (with
``refusals``, ``blocks``, ``spawning``, ``reading``, ``assemble``), and the result goes
through the ordinary loader, so an imported model is checked like a
hand-written one. ``simulation`` turns Prosimos/Simod parameters into a scenario.

    result = import_bpmn(Path("approval.bpmn"))
    result.text          # the definition file, YAML
    result.definition    # loaded and resolved
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import DefinitionError, Location, Problem
from ..loader import Definition, parse
from ..resolve import resolve
from ..source import read_yaml_text, write_yaml
from .graph import choose, flow_graph
from .naming import MAX_ID, ascii_text
from .simulation import Parameters, read_parameters, scenario_data
from .translate import Imported, to_definition
from .xml import read_bpmn

__all__ = ["ImportResult", "import_bpmn", "process_id_for"]


@dataclass(frozen=True)
class ImportResult:
    """The definition file's text, the loaded definition, and what the import knows."""

    text: str
    definition: Definition
    imported: Imported
    scenario_text: str | None = None


def process_id_for(path: Path) -> str:
    """A valid process id from a file name: ``Approval Process.bpmn`` → ``approval-process``,
    ``审批流程.bpmn`` → ``shen-pi-liu-cheng``. A long name is cut at a word break to the id
    limit: a file name is the user's to choose, and its length must not fail an import."""
    stem = path.name.split(".")[0]
    text = re.sub(r"[^a-z0-9]+", "-", ascii_text(stem).lower()).strip("-")
    if len(text) > MAX_ID:
        cut = text[:MAX_ID + 1]
        text = (cut.rsplit("-", 1)[0] if "-" in cut else cut[:MAX_ID]).rstrip("-")
    return text or "imported"


def import_bpmn(path: Path, *, process: str | None = None, lenient: bool = False,
                outcomes: dict[str, str] | None = None, lang: str = "zh",
                process_id: str | None = None, simulation: Path | None = None) -> ImportResult:
    """Import ``path``; ``DefinitionError`` listing what cannot be mapped, ``UsageError``
    when the file holds several processes and ``process`` names none of them.

    ``simulation`` (Prosimos/Simod parameters) also gives a scenario, and tasks without a
    lane the department of their resource pool."""
    params = read_parameters(simulation) if simulation is not None else None
    root = read_bpmn(path)
    candidate = choose(root, process)
    graph = flow_graph(root, candidate)
    for end_id in (outcomes or {}):
        if end_id not in graph.nodes or graph.nodes[end_id].kind != "endEvent":
            raise DefinitionError.single(Location(str(path)), f"--outcome {end_id}=…: no end "
                                         "event has that id",
                                         zh=(f"--outcome {end_id}=…：没有这个 id 的结束事件", ""))
    pools = {task: (pool.id, pool.name) for task, pool in params.profile_of_task.items()} \
        if params is not None else None
    imported = to_definition(graph, lenient=lenient, outcomes=outcomes, lang=lang,
                             process_id=process_id or process_id_for(path), pools=pools)
    text = write_yaml(imported.data, _header(path, candidate.process.id, imported))
    definition = _load(text, path, imported)
    scenario = None if params is None else _scenario(params, definition, imported)
    return ImportResult(text, definition, imported, scenario)


def _scenario(params: Parameters, definition: Definition, imported: Imported) -> str:
    """The scenario's text, checked against the imported definition like any scenario."""
    from ..simulate.loading import check_scenario
    from ..simulate.scenario import Scenario

    decisions = {p.id for p in definition.structure.places.values()
                 if len(definition.structure.moves_from.get(p.id, ())) > 1}
    data, _ = scenario_data(params, definition.id, imported.state_of, imported.ways,
                            imported.pool_departments, decisions)
    text = write_yaml(data, f"Imported by `policy-kit import --simulation` from "
                            f"{params.path.name}, for `{definition.id}`.")
    parsed, source = read_yaml_text(text, f"{params.path} (imported)")
    problems = check_scenario(Scenario.model_validate(parsed), definition, source)
    if problems:
        raise DefinitionError(problems)
    return text


def _header(path: Path, process: str, imported: Imported) -> str:
    lines = [f"Imported by `policy-kit import` from {path.name} (BPMN process `{process}`).",
             "Check it with `policy-kit validate`; the notes list what the import approximated."]
    if imported.renamed:
        lines.append("BPMN ids made valid (BPMN id → policy-kit id):")
        lines.extend(f"  {bpmn} → {ours}" for bpmn, ours in imported.renamed.items())
    return "\n".join(lines)


def _load(text: str, path: Path, imported: Imported) -> Definition:
    """The written text loaded like any definition file; a failure is the importer's bug,
    reported against the BPMN file."""
    name = f"{path} (imported)"
    data, source = read_yaml_text(text, name)
    try:
        process = parse(data, source)
        return Definition(process, resolve(process, source), source, None)
    except DefinitionError as error:
        raise DefinitionError([
            Problem(p.location, f"{p.message} (in the imported definition: please report "
                    "this BPMN file)", p.hint, p.code, p.ids,
                    f"{p.message_zh or p.message}（在导入得到的定义中：请报告这个 BPMN 文件）",
                    p.hint_zh)
            for p in error.problems]) from None
