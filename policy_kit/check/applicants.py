"""Guards abstracted over attribute domains: a few representative applicants stand for all.

Part of load → **check**. Bools and enums are enumerated; numbers, integers and dates are
split at the constants the guards compare them with, plus the domain's bounds, so one
value from each interval decides every comparison exactly; strings take each compared
literal and one value equal to none. Applicants that make every guard answer alike are
one class; each class is explored once. Where a guard does arithmetic over attributes the
split is not exact, nor is enumerating the split's combinations when a group of attributes
read together has too many: such groups are handed to the solver (``solver``), which finds
one applicant per behaviour and proves there is no other. Only where the solver cannot
decide (non-linear arithmetic beyond it) are values sampled, and the guard reported as
undecided (PK208), never as covered.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..errors import ExpressionError
from ..expr import Call, Compare, Expr, Guard, Name, Value, evaluate
from ..expr.nodes import walk
from ..model import Process
from ..structure import Structure
from ..values import attribute_values
from .domains import representatives
from .solver import Undecided, behaviours

__all__ = ["Applicants", "applicants", "atoms", "done_order", "truth"]

MAX_COMBINATIONS = 4096
"""Value combinations tried per group of attributes that guards read together."""
MAX_CLASSES = 256
"""Applicant classes explored; beyond this the classes are sampled (PK208)."""
_FINITE = ("bool", "enum")


@dataclass(frozen=True)
class Applicants:
    """Representative applicants, one per class of guard behaviour.

    ``inexact`` lists the transitions whose guards were abstracted by sampling, and
    ``sampled`` says whether classes had to be left out because there were too many.
    """

    classes: tuple[Mapping[str, Value], ...]
    inexact: tuple[int, ...]
    sampled: bool
    inexact_conditions: tuple[int, ...] = ()
    """Positions, among the extra conditions (declared properties), of those sampled."""
    reasons: Mapping[int, tuple[str, str]] = field(default_factory=dict)
    """Why the solver could not decide a sampled transition's guard (by index)."""

    @property
    def exact(self) -> bool:
        return not self.inexact and not self.sampled


def done_order(guard: Guard) -> tuple[str, ...]:
    """The order of a guard's ``done(...)`` states in an assignment bit mask."""
    return tuple(sorted(guard.states))


def truth(guard: Guard, values: Mapping[str, Value], assignment: int) -> bool | None:
    """The guard for these values with its history atoms given as bits; ``None`` if it fails.

    The bits follow ``done_order``; a property's condition continues with its
    ``issued(...)`` certificates (sorted) and, last, ``ended()``.
    """
    order = done_order(guard)
    certificates = sorted(guard.certificates)

    def done(state: str) -> bool:
        return bool(assignment >> order.index(state) & 1)

    def issued(certificate: str) -> bool:
        return bool(assignment >> (len(order) + certificates.index(certificate)) & 1)

    ended = bool(assignment >> (len(order) + len(certificates)) & 1) if guard.ends else None
    try:
        return guard.holds(values, done, issued if certificates else None, ended)
    except ExpressionError:
        return None


def atoms(guard: Guard) -> int:
    """How many history atoms ``truth`` reads for ``guard``."""
    return len(guard.states) + len(guard.certificates) + int(guard.ends)


def applicants(structure: Structure, extra: Sequence[Guard] = ()) -> Applicants:
    """The representative applicants of ``structure``'s guards and the ``extra``
    conditions (declared properties), which split the attribute domains too."""
    process = structure.process
    guards = _guards(structure)
    guards.update({-1 - k: condition for k, condition in enumerate(extra)})
    inexact_names: set[str] = set()
    constants: dict[str, set[Value]] = {}
    inexact: list[int] = []
    for index, guard in guards.items():
        if not _collect(guard.tree, process, constants, inexact_names):
            inexact.append(index)
    groups = _groups(guards.values())
    example = attribute_values(process, {})
    per_group: list[list[dict[str, Value]]] = []
    sampled = False
    undecided: dict[int, tuple[str, str]] = {}
    for names in groups:
        members = {i: g for i, g in guards.items() if g.names & set(names)}
        hard = [i for i in members if i in inexact]
        domains = [representatives(process.attributes[n], constants.get(n, set()), False)
                   for n in names]
        if not hard and math.prod(len(d) for d in domains) <= MAX_COMBINATIONS:
            per_group.append(_distinct(names, domains, list(members.values()), example)[0])
            continue
        try:
            per_group.append(behaviours(process, names, list(members.values()), example,
                                        MAX_CLASSES, _table))
            inexact = [i for i in inexact if i not in members]
            continue
        except Undecided as reason:
            undecided.update(dict.fromkeys(hard, (reason.zh, reason.en)))
        domains = [representatives(process.attributes[n], constants.get(n, set()),
                                   n in inexact_names) for n in names]
        found, cut = _distinct(names, domains, list(members.values()), example)
        sampled |= cut
        per_group.append(found)
    classes: list[dict[str, Value]] = []
    for combination in itertools.islice(itertools.product(*per_group), MAX_CLASSES + 1):
        merged = dict(example)
        for part in combination:
            merged.update(part)
        classes.append(merged)
    if len(classes) > MAX_CLASSES:
        sampled = True
        classes = classes[:MAX_CLASSES]
    return Applicants(tuple(classes), tuple(sorted(i for i in inexact if i >= 0)), sampled,
                      tuple(sorted(-1 - i for i in inexact if i < 0)),
                      {i: r for i, r in undecided.items() if i >= 0})



def _guards(structure: Structure) -> dict[int, Guard]:
    return {m.index: m.guard for m in structure.moves if m.guard is not None}


def _groups(guards: Iterable[Guard]) -> list[tuple[str, ...]]:
    """Attributes that some guard reads together, joined into groups (union-find)."""
    parent: dict[str, str] = {}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for guard in guards:
        names = sorted(guard.names)
        for name in names:
            parent.setdefault(name, name)
        for other in names[1:]:
            parent[root(other)] = root(names[0])
    groups: dict[str, list[str]] = {}
    for name in sorted(parent):
        groups.setdefault(root(name), []).append(name)
    return [tuple(g) for g in groups.values()]


def _distinct(names: Sequence[str], domains: Sequence[Sequence[Value]],
              guards: Sequence[Guard], example: Mapping[str, Value],
              ) -> tuple[list[dict[str, Value]], bool]:
    """One value combination per distinct behaviour of ``guards``."""
    total = 1
    for domain in domains:
        total *= len(domain)
    combos: Iterable[tuple[Value, ...]] = itertools.product(*domains)
    cut = total > MAX_COMBINATIONS
    if cut:
        rng = random.Random(20240601)
        combos = [tuple(rng.choice(list(d)) for d in domains) for _ in range(MAX_COMBINATIONS)]
    seen: dict[tuple[tuple[bool | None, ...], ...], dict[str, Value]] = {}
    for combo in combos:
        values = dict(example)
        values.update(zip(names, combo, strict=True))
        signature = tuple(_table(g, values) for g in guards)
        seen.setdefault(signature, dict(zip(names, combo, strict=True)))
    return list(seen.values()), cut


def _table(guard: Guard, values: Mapping[str, Value]) -> tuple[bool | None, ...]:
    width = min(atoms(guard), 8)
    return tuple(truth(guard, values, a) for a in range(1 << width))


# -- constants and exactness -------------------------------------------------------------


def _constant(node: Expr) -> bool:
    return not any(isinstance(n, Name) for n in walk(node))


def _value(node: Expr) -> list[Value]:
    try:
        result = evaluate(node, {}, lambda _state: False)
    except ExpressionError:
        return []
    return list(result) if isinstance(result, tuple) else [result]


def _collect(tree: Expr, process: Process, constants: dict[str, set[Value]],
             inexact_names: set[str]) -> bool:
    """Gather the constants each attribute is compared with; False if not exact."""
    exact = True
    for node in walk(tree):
        if isinstance(node, Call) and node.func not in ("done", "issued", "ended"):
            exact = False
            inexact_names.update(n.id for n in walk(node) if isinstance(n, Name))
        if not isinstance(node, Compare):
            continue
        for left, right in zip(node.operands, node.operands[1:], strict=False):
            if not _pair(left, right, process, constants):
                exact = False
                inexact_names.update(n.id for side in (left, right) for n in walk(side)
                                     if isinstance(n, Name) and n.id in process.attributes)
    return exact


def _pair(left: Expr, right: Expr, process: Process,
          constants: dict[str, set[Value]]) -> bool:
    for name, other in ((left, right), (right, left)):
        if isinstance(name, Name) and name.id in process.attributes and _constant(other):
            constants.setdefault(name.id, set()).update(_value(other))
            return True
    if _constant(left) and _constant(right):
        return True
    names = [n.id for side in (left, right) for n in walk(side) if isinstance(n, Name)]
    return all(process.attributes[n].type in _FINITE for n in names
               if n in process.attributes)
