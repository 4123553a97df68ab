"""Colours, shapes and fonts of the drawings: how a kind of thing looks, decided once.

Part of render. Departments get pastel fills, light enough for black text and distinct
when printed; the heat ramp runs from pale yellow to orange (ColorBrewer YlOrRd), so
"hot" reads as hot without a legend. Clocks are told apart by the border, not the fill,
which belongs to the department.
"""

from __future__ import annotations

__all__ = [
    "BOTTLENECK_COLOUR", "CJK_FONT", "CONCURRENT_COLOUR", "DEPARTMENT_COLOURS", "EDGE_RAMP",
    "FILL_RAMP", "OUTCOME_COLOURS", "PATH_COLOUR", "REGIONS_PER_ROW", "clock_style",
    "department_colours", "fill", "outcome_colour", "ramp",
]

CJK_FONT = "Noto Sans CJK SC"
"""Set on graph, nodes and edges: without a CJK font, Graphviz draws Chinese as boxes."""

DEPARTMENT_COLOURS = (
    "#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69",
    "#fccde5", "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f", "#b3e2cd", "#fdcdac",
    "#cbd5e8", "#f4cae4", "#e6f5c9", "#fff2ae",
)
"""ColorBrewer Set3 then Pastel2: eighteen fills, more than any bundled process needs."""

NO_DEPARTMENT = "#ffffff"

SUCCESS, FAILURE, NEUTRAL, WITHDRAWN = "#a1d99b", "#fc9272", "#c6dbef", "#d9d9d9"
OUTCOME_COLOURS = {"approved": SUCCESS, "paid": SUCCESS, "issued": SUCCESS,
                   "granted": SUCCESS, "withdrawn": WITHDRAWN, "terminated": WITHDRAWN}
_FAILURE_WORDS = ("reject", "refus", "declin", "denied", "fail", "not_", "unsold", "lapse")

FILL_RAMP = ("#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c")
"""Light enough at the hot end for black text to stay readable."""
EDGE_RAMP = ("#fdae61", "#f46d43", "#d73027", "#a50026")
PATH_COLOUR = "#1f4e9e"
BOTTLENECK_COLOUR = "#b10026"
CONCURRENT_COLOUR = "#2b6c8f"

REGIONS_PER_ROW = 4
"""Parallel regions drawn side by side before a new row starts: eight reviews in one
row are too wide for a page; two rows of four inside one "parallel" frame still read
as running together."""


def department_colours(departments: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """A fill per department, in legend order, cycling if there are more than 18."""
    return {d: DEPARTMENT_COLOURS[i % len(DEPARTMENT_COLOURS)]
            for i, (d, _) in enumerate(departments)}


def fill(colours: dict[str, str], department: str | None) -> str:
    return colours.get(department or "", NO_DEPARTMENT)


def outcome_colour(outcome: str | None, usual: bool = False) -> str:
    """Green for the good ends, red for refusals, grey for withdrawals, pale blue else.

    Outcome ids are the authors' own (``listed``, ``supplied``, ``city_declined``): a
    known id decides, then an end reached by a default way counts as the good one, then
    words such as "declined" or "not_" mark a refusal.
    """
    key = outcome or ""
    if key in OUTCOME_COLOURS:
        return OUTCOME_COLOURS[key]
    if usual:
        return SUCCESS
    return FAILURE if any(word in key for word in _FAILURE_WORDS) else NEUTRAL


def clock_style(clock: str | None) -> str:
    """Border style by clock: the office's time solid, the applicant's dashed, law's dotted."""
    return {"applicant": "dashed", "statutory": "dotted"}.get(clock or "", "solid")


def ramp(colours: tuple[str, ...], share: float) -> str:
    """The colour for ``share`` in [0, 1] along ``colours``."""
    share = min(max(share, 0.0), 1.0)
    return colours[min(int(share * len(colours)), len(colours) - 1)]
