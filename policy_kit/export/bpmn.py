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
from .mapping import to_graph
from .notes import Language
from .writer import write

__all__ = ["to_bpmn_xml"]


def to_bpmn_xml(definition: Definition, *, lang: str = "zh") -> bytes:
    """BPMN 2.0 XML (UTF-8) of ``definition``, names in ``lang``, with diagram interchange.

    Raises ``RenderError`` when Graphviz's ``dot`` is missing, or when the definition leaves
    a concurrent region for a state that does not end the case (flat BPMN cannot say it);
    ``UsageError`` for a language other than ``zh``, ``en`` and ``both``.
    """
    graph = to_graph(definition, _language(lang))
    return write(graph, layout(graph))


_LANGUAGES: dict[str, Language] = {"zh": "zh", "en": "en", "both": "both"}


def _language(lang: str) -> Language:
    if lang not in _LANGUAGES:
        raise UsageError(f"no labels in `{lang}`; use zh, en or both")
    return _LANGUAGES[lang]
