"""BPMN 2.0 export of a definition, laid out by Graphviz: the entry point of the export.

Part of render (load → check → compile → simulate → **render**): definition → BPMN elements
(``mapping``) → coordinates from ``dot`` (``layout``) → XML (``writer``). The result opens
laid out in bpmn.io and Camunda Modeler and runs in a BPMN engine; docs/bpmn.md says how
each part of a definition maps and why.
"""

from __future__ import annotations

from ..errors import UsageError
from ..loader import Definition
from .layout import layout
from .mapping import PROFILES, STAGE_STYLES, Profile, StageStyle, to_graph
from .notes import Language
from .writer import write

__all__ = ["PROFILES", "STAGE_STYLES", "to_bpmn_xml"]


def to_bpmn_xml(definition: Definition, *, lang: str = "zh",
                profile: str = "engine", stages: str = "groups") -> bytes:
    """BPMN 2.0 XML (UTF-8) of ``definition``, names in ``lang``, with diagram interchange.

    ``profile``: ``engine`` (the default) runs in a BPMN engine, with its waits, timers and
    terminating ends; ``workflow-net`` is for process-mining tools, and converts to a sound
    workflow net (docs/bpmn.md). ``stages``: ``groups`` around each stage's nodes (the
    default), or ``subprocess``: each stage a collapsed sub-process, drawn on a plane of
    its own (engine profile only).

    Raises ``RenderError`` when Graphviz's ``dot`` is missing, or when the definition leaves
    a concurrent region for a state that does not end the case (flat BPMN cannot say it);
    ``UsageError`` for a language other than ``zh``, ``en`` and ``both``, or another profile
    or stage style.
    """
    graph = to_graph(definition, _language(lang), _profile(profile), _stages(stages, profile))
    planes = {sub.id: layout(graph.view(sub.id)) for sub in graph.subprocesses}
    return write(graph, layout(graph.view(None)), planes)


def _stages(stages: str, profile: str) -> StageStyle:
    for known in STAGE_STYLES:
        if stages == known:
            if known == "subprocess" and profile != "engine":
                raise UsageError("stages as sub-processes are for the engine profile: "
                                 "process-mining tools do not read sub-processes",
                                 zh="阶段画成子流程只用于引擎配置：流程挖掘工具不读子流程")
            return known
    raise UsageError(f"no BPMN stage style `{stages}`; use {' or '.join(STAGE_STYLES)}",
                     zh=f"没有 BPMN 阶段样式 `{stages}`；请用 {' 或 '.join(STAGE_STYLES)}")


def _profile(profile: str) -> Profile:
    for known in PROFILES:
        if profile == known:
            return known
    raise UsageError(f"no BPMN profile `{profile}`; use {' or '.join(PROFILES)}",
                     zh=f"没有 BPMN 配置 `{profile}`；请用 {' 或 '.join(PROFILES)}")


_LANGUAGES: dict[str, Language] = {"zh": "zh", "en": "en", "both": "both"}


def _language(lang: str) -> Language:
    if lang not in _LANGUAGES:
        raise UsageError(f"no labels in `{lang}`; use zh, en or both",
                         zh=f"没有 `{lang}` 的标签；请用 zh、en 或 both")
    return _LANGUAGES[lang]
