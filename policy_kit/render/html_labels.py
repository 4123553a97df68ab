"""Graphviz HTML-like labels for nodes, arrows, clusters and the legend.

Part of render, used only by ``graphviz``. HTML labels give bold names, small grey
detail lines, coloured certificate lines and numbered badges; every piece of text from
a definition passes through ``esc`` first, since guards contain ``<`` and ``&``.
"""

from __future__ import annotations

from html import escape

from .labels import TITLE_WIDTH, Words, shorten, wrap
from .model import Cluster, Diagram, Edge, Node
from .overlay import EdgeMark, NodeMark, Overlay
from .style import BOTTLENECK_COLOUR, CONCURRENT_COLOUR, PATH_COLOUR, fill

__all__ = ["cluster_label", "edge_label", "legend_label", "node_label", "title_label"]

DETAIL = '<FONT POINT-SIZE="9" COLOR="#404040">{}</FONT>'
SUBTITLE = '<FONT POINT-SIZE="10">{}</FONT>'
CERTIFICATE = '<FONT COLOR="#1a7f37"><B>✔ {}</B></FONT>'


def esc(text: str) -> str:
    return escape(text, quote=False)


def _html(rows: list[str], attributes: str = "") -> str:
    """Rows of one table; Graphviz rejects an empty ``<FONT></FONT>``, so none is made.

    Certificate rows are left-aligned so that a list of them reads as a list.
    """
    left = ' ALIGN="LEFT"'
    body = "".join(f"<TR><TD{left if '✔' in row else attributes}>{row}</TD></TR>"
                   for row in rows)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{body}</TABLE>>'


def node_label(node: Node, mark: NodeMark | None, stripe: str | None, words: Words) -> str:
    """Name in bold, the English name under it, then limit, clock and overlay notes.

    ``stripe``: the department's colour as a bar on the left, used when the fill shows
    heat instead of the department.
    """
    rows = ["<B>" + "<BR/>".join(esc(line) for line in wrap(node.title)) + "</B>"]
    if node.subtitle:
        rows.append(SUBTITLE.format("<BR/>".join(esc(line)
                                                for line in wrap(node.subtitle, 2 * TITLE_WIDTH))))
    rows += [DETAIL.format("<BR/>".join(esc(line) for line in wrap(d, 2 * TITLE_WIDTH)))
             for d in node.details if d]
    if mark is not None:
        rows += [DETAIL.format(esc(n)) for n in mark.notes if n]
        if mark.bottleneck:
            word = esc(words.phrase("bottleneck"))
            rows.append(f'<FONT COLOR="{BOTTLENECK_COLOUR}"><B>▲ {word}</B></FONT>')
    cells = "".join(f"<TR><TD>{row}</TD></TR>" for row in rows)
    inner = f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{cells}</TABLE>'
    if stripe is None:
        return f"<{inner}>"
    return (f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>'
            f'<TD BGCOLOR="{stripe}" WIDTH="8"> </TD><TD WIDTH="4"> </TD><TD>{inner}</TD>'
            f"</TR></TABLE>>")


def edge_label(edge: Edge, mark: EdgeMark | None) -> str:
    """Trigger (bold on the default way), shortened guard, certificates, overlay notes;
    a path's step numbers as white-on-blue badges in front of the trigger."""
    numbers = mark.numbers if mark is not None else ()
    trigger = (f"<B>{esc(edge.trigger)}</B>" if edge.default else esc(edge.trigger)) if (
        edge.trigger) else ""
    rows: list[str] = []
    if edge.guard:
        rows.append(DETAIL.format(esc(f"[{shorten(edge.guard)}]")))
    rows += [CERTIFICATE.format(esc(c)) for c in edge.certificates]
    if mark is not None:
        rows += [DETAIL.format(esc(n)) for n in mark.notes if n]
    if not numbers:
        return _html([trigger, *rows] if trigger else rows) if (trigger or rows) else ""
    # Fixed-size badges: a free cell would stretch to the width of the guard line.
    badges = "".join(f'<TD BGCOLOR="{PATH_COLOUR}" FIXEDSIZE="TRUE" WIDTH="{8 + 7 * len(n)}" '
                     f'HEIGHT="15"><FONT COLOR="white"><B>{esc(n)}</B></FONT></TD>'
                     for n in numbers)
    span = len(numbers) + 1
    body = f'<TR>{badges}<TD ALIGN="LEFT">{trigger}</TD></TR>' + "".join(
        f'<TR><TD COLSPAN="{span}">{row}</TD></TR>' for row in rows)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="1">{body}</TABLE>>'


def cluster_label(cluster: Cluster, words: Words) -> str:
    title = f"<B>{esc(cluster.title)}</B>"
    if cluster.concurrent:
        title += (f'   <FONT COLOR="{CONCURRENT_COLOUR}"><B>‖ {esc(words.phrase("concurrent"))}'
                  f"</B></FONT>")
    if cluster.region:
        title = f'<FONT COLOR="{CONCURRENT_COLOUR}"><B>‖</B></FONT> ' + title
    rows = [title]
    if cluster.subtitle:
        rows.append(SUBTITLE.format(esc(cluster.subtitle)))
    rows += [DETAIL.format(esc(d)) for d in cluster.details if d]
    return _html(rows, ' ALIGN="LEFT"')


def title_label(diagram: Diagram, legend: str) -> str:
    """The title, the process id, and the legend under them: kept in the graph's label so
    that the legend never pushes the stages apart."""
    return _html([f'<FONT POINT-SIZE="18"><B>{esc(diagram.title)}</B></FONT>',
                  DETAIL.format(esc(diagram.process)), legend], ' ALIGN="LEFT"')


def legend_label(diagram: Diagram, words: Words, colours: dict[str, str],
                 overlay: Overlay | None, columns: int = 3) -> str:
    """Departments with their colours, then shapes, clocks and overlay keys, in columns."""
    cells = [(f'<TD BGCOLOR="{fill(colours, department)}" WIDTH="16" BORDER="1"> </TD>',
              name) for department, name in diagram.departments]
    keys = [("▭", words.phrase("task")), ("⬚", words.phrase("wait")),
            ("◇", words.phrase("decision")), ("◎", words.phrase("final")),
            ("─", words.phrase("key_government")), ("┅", words.phrase("key_applicant")),
            ("┈", words.phrase("key_statutory")), ("‖", words.phrase("key_concurrent")),
            ("✔", words.phrase("certificate"))]
    if diagram.detail == "stages":
        keys = [("‖", words.phrase("concurrent")), keys[-1]]
    if overlay is not None:
        keys += list(overlay.legend)
    cells += [(f"<TD>{esc(symbol)}</TD>", text) for symbol, text in keys]
    rows = [f'<TR><TD COLSPAN="{3 * columns}" ALIGN="LEFT"><B>{esc(words.phrase("legend"))}'
            "</B></TD></TR>"]
    for start in range(0, len(cells), columns):
        row = "".join(f'{swatch}<TD ALIGN="LEFT">{esc(text)}</TD><TD WIDTH="6"></TD>'
                      for swatch, text in cells[start:start + columns])
        rows.append(f"<TR>{row}</TR>")
    if overlay is not None and overlay.scale is not None:
        rows.append(_scale_row(overlay.scale, 3 * columns))
    return ('<TABLE BORDER="1" COLOR="#999999" CELLBORDER="0" CELLSPACING="2" '
            f'CELLPADDING="1">{"".join(rows)}</TABLE>')


def _scale_row(scale: tuple[str, tuple[tuple[str, str], ...]], span: int) -> str:
    """The heat scale as a strip of swatches, each with the range of numbers it stands for."""
    title, steps = scale
    cells = "".join(f'<TD BGCOLOR="{colour}" BORDER="1">{esc(text)}</TD>'
                    for colour, text in steps)
    strip = (f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3"><TR>'
             f'<TD ALIGN="LEFT">{esc(title)}</TD>{cells}</TR></TABLE>')
    return f'<TR><TD COLSPAN="{span}" ALIGN="LEFT">{strip}</TD></TR>'
