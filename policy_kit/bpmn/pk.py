"""policy-kit's own extension elements (``pk:``), read back from a file it exported.

Part of load (**load** → …). Every other tool's extension elements are ignored; these
carry what BPMN has no place for (kinds, clocks, limits, documents, the trigger and guard
of each way, ``max_rounds``), so that an exported definition imports to the same moves.
"""

from __future__ import annotations

from .xml import XmlElement

__all__ = ["PK_NAMESPACE", "PkFile"]

PK_NAMESPACE = "urn:policy-kit:bpmn:1"


class PkFile:
    """The ``pk:`` extensions of one file; ``present`` when it was written by policy-kit."""

    def __init__(self, root: XmlElement) -> None:
        self.present = any(e.namespace == PK_NAMESPACE for e in root.iter())

    @staticmethod
    def extensions(element: XmlElement, tag: str) -> list[dict[str, str]]:
        holder = element.find("extensionElements")
        if holder is None:
            return []
        return [dict(e.attributes) for e in holder.children
                if e.namespace == PK_NAMESPACE and e.tag == tag]

    def state(self, element: XmlElement) -> dict[str, str] | None:
        found = self.extensions(element, "state")
        return found[0] if found else None

    def transition(self, element: XmlElement) -> dict[str, str] | None:
        found = self.extensions(element, "transition")
        return found[0] if found else None

    def limit(self, element: XmlElement) -> dict[str, object] | None:
        found = self.extensions(element, "limit")
        if not found:
            return None
        attributes = found[0]
        limit: dict[str, object] = {}
        for key, name in (("workingDays", "working_days"), ("naturalDays", "natural_days")):
            if key in attributes:
                limit[name] = int(attributes[key])
        if attributes.get("countsFirstDay") == "true":
            limit["counts_first_day"] = True
        if attributes.get("reference"):
            limit["reference"] = attributes["reference"]
        return limit or None

    def documents(self, element: XmlElement, tag: str) -> list[str]:
        return [e["document"] for e in self.extensions(element, tag) if "document" in e]
