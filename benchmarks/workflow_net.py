"""The process as a workflow net for pm4py (PNML): the model pm4py aligns against in
benchmarks/conformance.py.

Why not the BPMN export converted by pm4py: that conversion gives one sink place per end
event, so the net is no workflow net (the final marking names one sink; a case ending at
another end event can never reach it, and pm4py's alignments then search their whole
state space). Until the export joins its end events into one (issue 18), the benchmark
builds the net here, fairly and from the same model:

- one place per configuration policy-kit's replay can reach (``Configurations``: the
  process's own moves from ``policy_kit.semantics``, with each recorded state owing its
  step), so guards, joins, ``max_rounds`` and ``done(...)`` mean what they mean to
  policy-kit, with nothing dropped or added;
- one visible transition per recorded step (labelled with the state's English task name,
  as the benchmark's logs name activities), one silent transition per move of the
  process, and one silent transition from every final configuration to the single sink.

pm4py's alignments then search (marking, position in the trace) over this net, the same
space policy-kit's alignment searches over (configuration, position): the same work on
both sides. The net is a state machine (one token), so it is sound by construction.
"""

from __future__ import annotations

import sys
from collections import deque
from pathlib import Path
from xml.sax.saxutils import quoteattr

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 200_000


def write_pnml(spec: str, names: dict[str, str], out: Path) -> tuple[int, int]:
    """Write the net of ``spec`` to ``out``; the numbers of places and transitions."""
    sys.path.insert(0, str(ROOT))
    from policy_kit.conform.configurations import Configurations
    from policy_kit.loader import load

    structure = load(spec).structure
    observed = frozenset(n for n, p in structure.places.items()
                         if p.state.kind in ("task", "wait"))  # as conform without a map
    confs = Configurations.of(structure, observed)
    start = confs.initial()[1]
    place = {start: "p0"}
    queue = deque([start])
    arcs: list[tuple[str, str | None, str]] = []  # (from place, label or silent, to place)
    while queue:
        node = queue.popleft()
        ways = [(names[s], way[1]) for s in confs.pending(node)
                if (way := confs.observe(node, s)) is not None]
        ways += [(None, after) for _, after in confs.moves(node)]
        for label, after in ways:
            if after not in place:
                if len(place) >= LIMIT:
                    raise SystemExit(f"{spec}: more than {LIMIT:,} configurations")
                place[after] = f"p{len(place)}"
                queue.append(after)
            arcs.append((place[node], label, place[after]))
        if confs.is_final(node):
            arcs.append((place[node], None, "sink"))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<pnml>",
             '<net id="net" type="http://www.pnml.org/version-2009/grammar/pnmlcoremodel">',
             '<page id="page">']
    for ident in [*place.values(), "sink"]:
        marking = ('<initialMarking><text>1</text></initialMarking>'
                   if ident == "p0" else "")
        lines.append(f'<place id="{ident}"><name><text>{ident}</text></name>{marking}</place>')
    for number, (source, label, target) in enumerate(arcs):
        ident = f"t{number}"
        if label is None:
            lines.append(f'<transition id="{ident}"><name><text>tau</text></name>'
                         f'<toolspecific tool="ProM" version="6.4" activity="$invisible$" '
                         f'localNodeID="{ident}"/></transition>')
        else:
            lines.append(f'<transition id="{ident}"><name><text>{_text(label)}</text></name>'
                         "</transition>")
        lines.append(f'<arc id="a{ident}" source="{source}" target="{ident}"/>')
        lines.append(f'<arc id="b{ident}" source="{ident}" target="{target}"/>')
    lines += ["</page>", '<finalmarkings><marking><place idref="sink"><text>1</text></place>'
              "</marking></finalmarkings>", "</net>", "</pnml>"]
    out.write_text("\n".join(lines), encoding="utf-8")
    return len(place) + 1, len(arcs)


def _text(label: str) -> str:
    return quoteattr(label)[1:-1]
