"""The definition format's schema: pydantic v2 models, frozen, unknown keys rejected.

Part of load → check → compile → simulate → render. ``Process`` is the root; the JSON
Schema that ``policy-kit schema`` prints is generated from it.
"""

from .attributes import (
    Attribute,
    BoolAttribute,
    DateAttribute,
    EnumAttribute,
    IntegerAttribute,
    NumberAttribute,
    StringAttribute,
)
from .common import (
    Exact,
    Frozen,
    Id,
    Lang,
    Limit,
    Number,
    ProcessId,
    Provenance,
    Text,
    Whole,
    label,
)
from .process import (
    Certificate,
    Clock,
    Department,
    Document,
    Process,
    Region,
    Stage,
    State,
    StateKind,
    Suppression,
    Transition,
)

__all__ = [
    "Attribute",
    "BoolAttribute",
    "Certificate",
    "Clock",
    "DateAttribute",
    "Department",
    "Document",
    "EnumAttribute",
    "Exact",
    "Frozen",
    "Id",
    "IntegerAttribute",
    "Lang",
    "Limit",
    "Number",
    "NumberAttribute",
    "Process",
    "ProcessId",
    "Provenance",
    "Region",
    "Stage",
    "State",
    "StateKind",
    "StringAttribute",
    "Suppression",
    "Text",
    "Transition",
    "Whole",
    "label",
]
