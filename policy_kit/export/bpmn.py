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
from .mapping import PROFILES, Profile, to_graph
from .notes import Language
from .writer import write

__all__ = ["PROFILES", "to_bpmn_xml"]


def to_bpmn_xml(definition: Definition, *, lang: str = "zh",
                profile: str = "engine") -> bytes:
    """BPMN 2.0 XML (UTF-8) of ``definition``, names in ``lang``, with diagram interchange.

    ``profile``: ``engine`` (the default) runs in a BPMN engine, with its waits, timers and
    terminating ends; ``workflow-net`` is for process-mining tools, and converts to a sound
    workflow net (docs/bpmn.md).

    Raises ``RenderError`` when Graphviz's ``dot`` is missing, or when the definition leaves
    a concurrent region for a state that does not end the case (flat BPMN cannot say it);
    ``UsageError`` for a language other than ``zh``, ``en`` and ``both``, or another profile.
    """
    graph = to_graph(definition, _language(lang), _profile(profile))
    return write(graph, layout(graph))


def _profile(profile: str) -> Profile:
    for known in PROFILES:
        if profile == known:
            return known
    raise UsageError(f"no BPMN profile `{profile}`; use {' or '.join(PROFILES)}")


_LANGUAGES: dict[str, Language] = {"zh": "zh", "en": "en", "both": "both"}


def _language(lang: str) -> Language:
    if lang not in _LANGUAGES:
        raise UsageError(f"no labels in `{lang}`; use zh, en or both")
    return _LANGUAGES[lang]
