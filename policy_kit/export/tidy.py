"""The passes after the mapping that make its flows what BPMN's engines and linters read
as meant: merges before forks and joins, labels only where they choose, gateway names.

Part of render (load → … → **render**), pure: they rewrite a ``Draft`` in place. Each is
a rule a BPMN reader applies whatever the definition says — a parallel gateway with two
incoming flows waits for both, an activity with two is read as a join that does not wait,
a label on a flow that chooses nothing is noise — so they live apart from the mapping of
states and moves (``mapping``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..model import Lang, Stage
from .graph import Draft, Node
from .notes import Language, label

__all__ = ["GATEWAY_NAMES", "gateway_name", "merge_before_forks", "merge_before_joins",
           "quiet_labels"]

GATEWAY_NAMES: dict[str, dict[Lang, str]] = {
    "Fork": {"zh": "{}:并行开始", "en": "{}: in parallel"},
    "Join": {"zh": "{}:全部完成", "en": "{}: all done"},
    "Enter": {"zh": "进入{}", "en": "into {}"},
    "Merge": {"zh": "{}:完成", "en": "{}: done"},
    "Into": {"zh": "汇合:{}", "en": "merge: {}"},
    "choice": {"zh": "{}:结果?", "en": "{}: outcome?"},
    "guard": {"zh": "{}:条件?", "en": "{}: condition?"},
    "After": {"zh": "{}:之后", "en": "after {}"},
    "Route": {"zh": "进入{}?", "en": "into {}: where?"},
}
"""Names of the gateways (and sub-process events) the export adds: bpmnlint (and a reader)
wants every one named."""


def gateway_name(kind: str, subject: str, lang: Language) -> str:
    words = GATEWAY_NAMES[kind]
    if lang == "both":
        return f"{words['zh'].format(subject)} / {words['en'].format(subject)}"
    return words[lang].format(subject)


def merge_before_forks(draft: Draft, stages: Sequence[Stage], lang: Language) -> None:
    """A parallel gateway with two incoming flows waits for both: a stage entered from
    several places is entered through an exclusive merge."""
    for stage in stages:
        fork = f"Fork-{stage.id}"
        entering = [i for i, f in enumerate(draft.flows) if f.target == fork]
        if len(entering) < 2:
            continue
        merge = draft.add(Node(f"Enter-{stage.id}", "exclusiveGateway",
                               gateway_name("Enter", label(stage.name, stage.id, lang), lang),
                               stage=stage.id, scope=draft.nodes[fork].scope), follows=fork)
        for i in entering:
            draft.flows[i] = replace(draft.flows[i], target=merge)
        draft.flow(merge, fork)


def merge_before_joins(draft: Draft, lang: Language) -> None:
    """Several flows into an activity or event, or into a gateway that also forks, meet at
    an exclusive merge first: that is what they mean (any one of them arrives), and BPMN's
    linters read anything else as a join that does not wait."""
    incoming: dict[str, list[int]] = {}
    for index, flow in enumerate(draft.flows):
        incoming.setdefault(flow.target, []).append(index)
    outgoing = {f.source for f in draft.flows}
    forks = {s for s in outgoing if sum(f.source == s for f in draft.flows) > 1}
    for target, indices in incoming.items():
        node = draft.nodes[target]
        merging = node.kind in ("exclusiveGateway", "parallelGateway") and target not in forks
        if len(indices) < 2 or merging:
            continue
        merge = draft.add(Node(f"Into-{target}", "exclusiveGateway",
                               gateway_name("Into", node.name or target, lang),
                               stage=node.stage, scope=node.scope), follows=target)
        for i in indices:
            draft.flows[i] = replace(draft.flows[i], target=merge)
        draft.flow(merge, target)


def quiet_labels(draft: Draft) -> None:
    """A flow is labelled only where the label says which way: leaving a choice, or
    carrying a condition; elsewhere the trigger travels in ``pk:transition``."""
    fan = {f.source for f in draft.flows
           if sum(g.source == f.source for g in draft.flows) > 1}
    for index, flow in enumerate(draft.flows):
        source = draft.nodes[flow.source]
        keeps = flow.condition is not None or source.default == flow.id or (
            source.kind == "exclusiveGateway" and flow.source in fan)
        if flow.name and not keeps:
            draft.flows[index] = replace(flow, name="")
