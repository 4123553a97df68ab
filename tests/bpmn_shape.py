"""The shape of a definition without ids or names: what two imports of one model by
different modellers must share (the same states, ways and stages), whatever ids, names,
namespaces and layout each tool wrote.

States are labelled by kind and by the kind of container they sit in; labels are then
refined three times by the labels of the ways in and out (Weisfeiler-Lehman), so two
definitions agree when their state graphs agree up to renaming.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from policy_kit.loader import Definition


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def shape(definition: Definition) -> tuple[object, ...]:
    structure = definition.structure
    labels: dict[str, str] = {}
    for ref, place in structure.places.items():
        container = "region" if place.region else "stage" if place.stage else "top"
        labels[ref] = f"{place.state.kind}/{container}"
    for ref, stage in structure.stages.items():
        labels[ref] = f"stage/{len(stage.regions)}"
    edges = [(m.source, m.target, f"{m.guard is not None}/{m.default}")
             for m in structure.moves]
    for _ in range(3):
        labels = {ref: _digest(label + "|out:" + ",".join(sorted(
            f"{kind}>{labels[t]}" for s, t, kind in edges if s == ref)) + "|in:" + ",".join(
            sorted(f"{kind}<{labels[s]}" for s, t, kind in edges if t == ref)))
            for ref, label in labels.items()}
    stages = sorted(sorted(labels[s.id] for s in (*stage.states, *(
        state for region in stage.regions for state in region.states)))
        for stage in definition.process.stages)
    return (tuple(sorted(Counter(labels.values()).items())), len(edges),
            tuple(map(tuple, stages)))
