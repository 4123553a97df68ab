"""Resolving a schema-valid process: every reference checked, every guard compiled.

The second pass of loading (load → **resolve** → check → compile …): pydantic has
checked each value's shape; this pass checks what refers to what, and reports every
problem it finds with its file:line:col, not just the first.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from .errors import DefinitionError, ExpressionError, Problem
from .expr import BOOL, DATE, NUMBER, STRING, Guard, ValueType, compile_guard, enum_type
from .model import Attribute, Process, Region, Stage
from .semantics import entry_of, initial_target
from .source import SourceMap
from .structure import Move, PathKey, Place, Structure

__all__ = ["attribute_types", "resolve"]

UNKNOWN_REFERENCE = "PK101"
DUPLICATE_ID = "PK102"
ILLEGAL_TRANSITION = "PK103"
REGION_OUTCOME = "PK104"
BAD_GUARD = "PK105"
REGION_WITHOUT_FINAL = "PK114"


def attribute_types(process: Process) -> dict[str, ValueType]:
    """The guard language's view of each declared attribute."""
    return {name: _value_type(attribute) for name, attribute in process.attributes.items()}


def _value_type(attribute: Attribute) -> ValueType:
    if attribute.type == "bool":
        return BOOL
    if attribute.type == "enum":
        return enum_type(attribute.values)
    if attribute.type in ("integer", "number"):
        return NUMBER
    if attribute.type == "date":
        return DATE
    return STRING


def resolve(process: Process, source: SourceMap) -> Structure:
    """Build the ``Structure`` of ``process`` or raise ``DefinitionError`` with all problems."""
    resolver = _Resolver(process, source)
    return resolver.run()


class _Resolver:
    def __init__(self, process: Process, source: SourceMap) -> None:
        self.process = process
        self.source = source
        self.problems: list[Problem] = []
        self.places: dict[str, Place] = {}
        self.containers: dict[str, Stage | Region] = {}

    # -- reporting ---------------------------------------------------------------------

    def report(self, path: PathKey, code: str, message: str, hint: str = "",
               ids: tuple[str, ...] = (), zh: tuple[str, str] = ("", "")) -> None:
        """A problem at ``path``; ``zh`` is its message and hint in Chinese."""
        self.problems.append(Problem(self.source.locate(path), message, hint, code, ids,
                                     message_zh=zh[0], hint_zh=zh[1]))

    def unknown(self, path: PathKey, kind: str, name: str, known: Iterable[str],
                kind_zh: str = "") -> None:
        """``kind`` is what ``name`` should be (``state or stage``); ``kind_zh`` the same
        in Chinese (default: ``_KINDS_ZH[kind]``)."""
        kind_zh = kind_zh or _KINDS_ZH.get(kind, kind)
        choices = sorted(known)
        close = difflib.get_close_matches(name, choices, n=1)
        shown = ", ".join(choices[:12]) + (", …" if len(choices) > 12 else "")
        if close:
            hint, hint_zh = f"did you mean `{close[0]}`?", f"是不是 `{close[0]}`?"
        elif choices:
            hint, hint_zh = f"declared {kind}s: {shown}", f"已声明的{kind_zh}:{shown}"
        else:
            hint, hint_zh = f"no {kind} is declared", f"没有声明任何{kind_zh}"
        self.report(path, UNKNOWN_REFERENCE, f"unknown {kind} `{name}`", hint, (name,),
                    (f"未声明的{kind_zh} `{name}`", hint_zh))

    # -- the pass ----------------------------------------------------------------------

    def run(self) -> Structure:
        self._collect_places()
        self._check_catalogues()
        self._check_trigger_names()
        self._check_state_references()
        initial = self._initial()
        moves = self._moves()
        self._check_suppressions()
        if self.problems:
            raise DefinitionError(sorted(self.problems, key=lambda p: p.location))
        return Structure(self.process, self.places, tuple(moves), initial)

    def _collect_places(self) -> None:
        seen: dict[str, PathKey] = {}

        def claim(identifier: str, path: PathKey) -> None:
            if identifier in seen:
                line = self.source.locate(seen[identifier]).line
                self.report((*path, "id"), DUPLICATE_ID,
                            f"id `{identifier}` is already used (line {line})",
                            "states, stages and regions share one namespace; rename one",
                            (identifier,), (f"标识 `{identifier}` 已在第 {line} 行用过",
                                            "状态、阶段和分支共用一套标识:改掉其中一个"))
            else:
                seen[identifier] = path

        for place in _walk_places(self.process):
            claim(place.id, place.path)
            self.places.setdefault(place.id, place)
        for s, stage in enumerate(self.process.stages):
            claim(stage.id, ("stages", s))
            self.containers[stage.id] = stage
            for r, region in enumerate(stage.regions):
                claim(region.id, ("stages", s, "regions", r))
                self.containers[region.id] = region

    def _check_catalogues(self) -> None:
        for key in ("departments", "documents", "certificates"):
            seen: set[str] = set()
            for i, item in enumerate(getattr(self.process, key)):
                if item.id in seen:
                    self.report((key, i, "id"), DUPLICATE_ID,
                                f"{key[:-1]} `{item.id}` is declared twice", ids=(item.id,),
                                zh=(f"{_KINDS_ZH.get(key[:-1], key[:-1])} `{item.id}` "
                                    "声明了两次", ""))
                seen.add(item.id)
        departments = {d.id for d in self.process.departments}
        outcomes = {p.state.outcome for p in _walk_places(self.process) if p.state.outcome}
        for i, certificate in enumerate(self.process.certificates):
            if certificate.department and certificate.department not in departments:
                self.unknown(("certificates", i, "department"), "department",
                             certificate.department, departments)
            for k, outcome in enumerate(certificate.promised):
                if outcome not in outcomes:
                    self.unknown(("certificates", i, "promised", k), "outcome", outcome,
                                 outcomes)
        for s, stage in enumerate(self.process.stages):
            if stage.department and stage.department not in departments:
                self.unknown(("stages", s, "department"), "department", stage.department,
                             departments)
            for r, region in enumerate(stage.regions):
                if region.department and region.department not in departments:
                    self.unknown(("stages", s, "regions", r, "department"), "department",
                                 region.department, departments)

    def _check_trigger_names(self) -> None:
        """A name in ``triggers`` for a trigger no transition has is a slip (a typo, or a
        way renamed since): it would name nothing."""
        triggers = {t.on for t in self.process.transitions}
        for trigger in self.process.triggers:
            if trigger not in triggers:
                self.unknown(("triggers", trigger), "trigger", trigger, triggers)

    def _check_state_references(self) -> None:
        departments = {d.id for d in self.process.departments}
        documents = {d.id for d in self.process.documents}
        for place in self.places.values():
            state = place.state
            if state.department and state.department not in departments:
                self.unknown((*place.path, "department"), "department", state.department,
                             departments)
            for key in ("requires", "provides"):
                for i, doc in enumerate(getattr(state, key)):
                    if doc not in documents:
                        self.unknown((*place.path, key, i), "document", doc, documents)
            if place.region is not None and place.region_final and state.outcome is not None:
                self.report((*place.path, "outcome"), REGION_OUTCOME,
                            f"final state `{state.id}` is inside region `{place.region.id}`"
                            " and so ends only that region; it cannot have an outcome",
                            "move it out of the stage, or remove `outcome`", (state.id,),
                            (f"终止状态 `{state.id}` 在分支 `{place.region.id}` 之内,只结束该"
                             "分支,不能有结果(`outcome`)",
                             "把它移出阶段,或删去 `outcome`"))
            if place.case_final and state.outcome is None:
                self.report((*place.path, "kind"), REGION_OUTCOME,
                            f"final state `{state.id}` ends the case and needs an `outcome`",
                            "add e.g. `outcome: approved` (or rejected, withdrawn, paid)",
                            (state.id,), (f"终止状态 `{state.id}` 结束案件,需要写明结果"
                                          "(`outcome`)",
                                          "加上例如 `outcome: approved`(或 rejected、"
                                          "withdrawn、paid)"))
        for s, stage in enumerate(self.process.stages):
            self._check_initial(stage, ("stages", s))
            for r, region in enumerate(stage.regions):
                self._check_initial(region, ("stages", s, "regions", r))
                if not any(st.kind == "final" for st in region.states):
                    self.report(("stages", s, "regions", r, "states"), REGION_WITHOUT_FINAL,
                                f"region `{region.id}` has no final state, so the stage "
                                "can never be joined", "add a `final` state to the region",
                                (region.id,), (f"分支 `{region.id}` 没有终止状态,所以阶段"
                                               "永远无法汇合",
                                               "在该分支中加一个 `final`(终止)状态"))

    def _check_initial(self, container: Stage | Region, path: PathKey) -> None:
        if container.initial and container.initial not in {s.id for s in container.states}:
            self.unknown((*path, "initial"), f"state of `{container.id}`", container.initial,
                         (s.id for s in container.states), f"`{container.id}` 中的状态")

    def _initial(self) -> tuple[str, ...]:
        target = initial_target(self.process)
        if target not in self.places and target not in self.containers:
            self.unknown(("initial",), "state or stage", target,
                         [*self.places, *self.containers])
            return ()
        if target in self.containers and isinstance(self.containers[target], Region):
            self.report(("initial",), ILLEGAL_TRANSITION,
                        f"`{target}` is a region; a case starts at a state or a stage",
                        zh=(f"`{target}` 是分支;案件从状态或阶段开始", ""))
            return ()
        return entry_of(self.process, target)

    def _moves(self) -> list[Move]:
        names = attribute_types(self.process)
        states = frozenset(self.places)
        moves: list[Move] = []
        for index, transition in enumerate(self.process.transitions):
            path: PathKey = ("transitions", index)
            guard = self._guard(transition.when, (*path, "when"), names, states)
            sources = self._sources(transition.from_, (*path, "from"))
            if not self._target_ok(transition.from_, transition.to, path):
                continue
            for certificate in transition.issues:
                if certificate not in {c.id for c in self.process.certificates}:
                    self.unknown((*path, "issues"), "certificate", certificate,
                                 (c.id for c in self.process.certificates))
            entry = entry_of(self.process, transition.to)
            for source, region, join in sources:
                event = f"{region}.{transition.on}" if region else transition.on
                moves.append(Move(index, transition, source, entry, transition.on, event,
                                  region, guard, join))
        return moves

    def _guard(self, text: str | None, path: PathKey, names: dict[str, ValueType],
               states: frozenset[str]) -> Guard | None:
        if text is None:
            return None
        try:
            return compile_guard(text, names, states)
        except ExpressionError as error:
            location = self.source.locate_in_scalar(path, error.offset)
            self.problems.append(Problem(location, f"guard: {error.message}", error.hint,
                                         BAD_GUARD, message_zh=f"条件:{error.message_zh}",
                                         hint_zh=error.hint_zh))
            return None

    def _sources(self, name: str, path: PathKey) -> list[tuple[str, str | None, bool]]:
        """(leaf or stage id, scoping region, is a join) for each state a `from` covers."""
        if name in self.places:
            place = self.places[name]
            return [(name, place.region.id if place.region else None, False)]
        container = self.containers.get(name)
        if container is None:
            self.unknown(path, "state, stage or region", name,
                         [*self.places, *self.containers])
            return []
        if isinstance(container, Stage) and container.concurrent:
            return [(name, None, True)]
        region = container.id if isinstance(container, Region) else None
        return [(s.id, region, False) for s in container.states if s.kind != "final"]

    def _target_ok(self, source: str, target: str, path: PathKey) -> bool:
        if target not in self.places and target not in self.containers:
            self.unknown((*path, "to"), "state or stage", target,
                         [*self.places, *self.containers])
            return False
        if isinstance(self.containers.get(target), Region):
            self.report((*path, "to"), ILLEGAL_TRANSITION,
                        f"`{target}` is a region: a case cannot enter one region of a "
                        "concurrent stage alone", "go to the stage, which starts every region",
                        (target,), (f"`{target}` 是分支:案件不能只进入并行阶段的一个分支",
                                    "转到该阶段,它会启动每个分支"))
            return False
        target_region = self._region_of(target)
        if target_region is not None and self._region_of(source) != target_region:
            self.report((*path, "to"), ILLEGAL_TRANSITION,
                        f"`{target}` is inside region `{target_region}`, which can only be "
                        "entered through its stage", "go to the stage instead", (target,),
                        (f"`{target}` 在分支 `{target_region}` 之内,只能经由其所属阶段进入",
                         "改为转到该阶段"))
            return False
        return True

    def _region_of(self, name: str) -> str | None:
        if name in self.places:
            region = self.places[name].region
            return region.id if region else None
        container = self.containers.get(name)
        return container.id if isinstance(container, Region) else None

    def _check_suppressions(self) -> None:
        known = {*self.places, *self.containers, *self.process.attributes,
                 *(d.id for d in self.process.departments),
                 *(d.id for d in self.process.documents),
                 *(c.id for c in self.process.certificates)}
        for i, suppression in enumerate(self.process.suppress):
            if suppression.id not in known:
                self.unknown(("suppress", i, "id"), "id", suppression.id, known)


_KINDS_ZH = {
    "department": "部门", "document": "材料", "certificate": "证照", "outcome": "结果",
    "state or stage": "状态或阶段", "state, stage or region": "状态、阶段或分支",
    "id": "标识", "trigger": "触发",
}
"""What an unknown name should have been, in Chinese."""


def _walk_places(process: Process) -> Iterator[Place]:
    for s, stage in enumerate(process.stages):
        for i, state in enumerate(stage.states):
            yield Place(state, stage, None, ("stages", s, "states", i),
                        state.department or stage.department)
        for r, region in enumerate(stage.regions):
            for i, state in enumerate(region.states):
                yield Place(state, stage, region, ("stages", s, "regions", r, "states", i),
                            state.department or region.department or stage.department)
    for i, state in enumerate(process.states):
        yield Place(state, None, None, ("states", i), state.department)

