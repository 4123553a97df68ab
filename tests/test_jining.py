"""Jining's seven-stage "开工一件事": the seed's counts read from the file, walks to every outcome,
the bounds of its correction loops, the waits between parallel reviews, and the CLI."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_kit import Definition, ProcessMachine, UsageError, compile, load, walk
from policy_kit.cli import main

ID = "jining-construction-start"

STAGES = ("screening", "intake", "project_land", "planning_construction", "joint_issuing",
          "integrated_supervision", "completion")
SEED_PHASES = ("立项用地许可阶段", "规划施工许可阶段", "融合监管阶段", "竣工验收阶段")
CERTIFICATES = {
    "planning_permit": "建设工程规划许可证",
    "construction_permit": "建筑工程施工许可证",
    "land_use_planning_permit": "建设用地规划许可证",
    "design_scheme_approval": "建设工程设计方案批复",
    "property_title": "不动产权证书",
    "project_filing": "企业投资项目备案证明",
    "fire_design_approval": "特殊建设工程消防设计审查意见书",
}
SEED_CERTIFICATES = ("planning_permit", "construction_permit")
ITEMS_PER_STAGE = {"project_land": 8, "planning_construction": 7,
                   "integrated_supervision": 6, "completion": 7}
KINDS = ["industrial", "research", "warehousing", "commercial", "residential", "public"]
LIBRARY_KINDS = {"industrial", "research", "warehousing"}

# Stage 3 taken by hand, every region approving (used to reach stage 4 in a controlled way).
STAGE_3 = ("filing.approve", "energy.approve", "heritage_survey.clear", "land_supply.award",
           "land_supply.approve", "land_planning.approve", "environment.approve",
           "soil_water.approve", "join")


@pytest.fixture(scope="module")
def definition() -> Definition:
    return load(ID)


@pytest.fixture(scope="module")
def machine(definition: Definition) -> ProcessMachine:
    return compile(definition)


def _items(definition: Definition) -> list[str]:
    """The counting rule of the file's header: an approval item's id starts with ``item_``."""
    return [state for state in definition.structure.places if state.startswith("item_")]


# -- the seed's counts, read from the file -----------------------------------------------------


def test_seven_stages_hold_the_seeds_four_phases(definition: Definition) -> None:
    stages = definition.process.stages
    assert tuple(s.id for s in stages) == STAGES
    names = [s.name.pick("zh") for s in stages if s.name]
    assert all(phase in names for phase in SEED_PHASES)
    assert all(s.source or s.assumption for s in stages)


def test_thirteen_departments_three_named_by_the_seed(definition: Definition) -> None:
    departments = definition.process.departments
    assert len(departments) == 13
    names = "".join(d.name.pick("zh") for d in departments)
    assert all(word in names for word in ("行政审批", "住房和城乡建设", "国土"))
    seeded = {d.id for d in departments if d.source and "seed" in d.source}
    assert seeded == {"approval", "housing", "land"}
    assert all(d.assumption for d in departments if d.id not in seeded)


def test_twenty_eight_items_each_a_departments_task(definition: Definition) -> None:
    structure = definition.structure
    items = _items(definition)
    assert len(items) == 28
    departments = structure.department_ids
    for item in items:
        place = structure.places[item]
        state = place.state
        assert state.kind == "task", item
        assert place.department in departments, item
        assert state.actor in (None, "department"), item
        assert state.requires and state.provides, item
        assert state.source or state.assumption, item
        assert state.limit is not None, item
        assert state.limit.reference or state.limit.assumption, item
        assert place.region is not None, f"{item} is not reviewed in parallel"
    assert {structure.places[i].department for i in items} == departments
    per_stage: dict[str, int] = {}
    for item in items:
        stage = structure.places[item].stage
        assert stage is not None
        per_stage[stage.id] = per_stage.get(stage.id, 0) + 1
    assert per_stage == ITEMS_PER_STAGE


def test_seven_certificates_issued_on_one_transition(definition: Definition) -> None:
    process = definition.process
    assert {c.id: c.name.pick("zh") for c in process.certificates} == CERTIFICATES
    issuing = [t for t in process.transitions if t.issues]
    assert len(issuing) == 1
    assert set(issuing[0].issues) == set(CERTIFICATES)
    assert definition.structure.places[issuing[0].from_].stage.id == "joint_issuing"  # type: ignore[union-attr]
    for certificate in process.certificates:
        if certificate.id in SEED_CERTIFICATES:
            assert certificate.source and "seed" in certificate.source
        else:
            assert certificate.assumption, f"the choice of {certificate.id} is an assumption"


def test_every_limit_is_referenced_or_marked(definition: Definition) -> None:
    process = definition.process
    assert process.limit is not None and process.limit.reference
    for place in definition.structure.places.values():
        limit = place.state.limit
        if limit is not None:
            assert limit.reference or limit.assumption, place.id


def test_agent_acts_for_the_applicant(definition: Definition) -> None:
    agent = {p.id for p in definition.structure.places.values() if p.state.actor == "agent"}
    assert agent == {"prepare_application", "intake_correction", "design_revision",
                     "drawing_revision", "deliver_certificates", "fire_rectification"}
    assert all(definition.structure.places[s].state.effective_clock == "applicant"
               for s in agent)


# -- walks to every outcome ------------------------------------------------------------------


def test_default_walk_is_approved_with_seven_certificates(machine: ProcessMachine) -> None:
    result = walk(machine)
    assert result.outcome == "approved"
    assert set(result.certificates) == set(CERTIFICATES)
    assert len(result.certificates) == 7
    issuing = [s for s in result.steps if s.certificates]
    assert len(issuing) == 1 and issuing[0].stage == "joint_issuing"
    visited = {s.source for s in result.steps}
    assert set(_items(machine.definition)) <= visited
    assert [s.stage for s in result.steps if s.trigger == "join"] == [
        "project_land", "planning_construction", "integrated_supervision", "completion"]


def test_default_walk_passes_every_parallel_review(machine: ProcessMachine) -> None:
    result = walk(machine)
    walked = {s.region for s in result.steps if s.region}
    assert walked == set(machine.structure.regions)


def test_only_some_stages_can_reject(definition: Definition) -> None:
    structure = definition.structure
    rejecting = {structure.places[m.source].stage.id  # type: ignore[union-attr]
                 for m in structure.moves if m.target == "rejected"}
    assert rejecting == {"intake", "project_land", "planning_construction", "completion"}


@pytest.mark.parametrize(
    ("choices", "stage", "certificates"),
    [
        (("refuse",), "intake", 0),
        (("environment.reject",), "project_land", 0),
        (("heritage_survey.reject",), "project_land", 0),
        (("permit.reject",), "planning_construction", 0),
        (("design_and_planning.request_revision", "design_and_planning.resubmit",
          "design_and_planning.reject"), "planning_construction", 0),
        (("fire_check.reject",), "completion", 7),
        (("completion_filing.reject",), "completion", 7),
    ],
    ids=["intake-refused", "eia-refused", "relics-found", "permit-refused",
         "design-refused-after-revision", "fire-acceptance-failed", "filing-refused"],
)
def test_rejected_at_each_stage_that_can_reject(machine: ProcessMachine, choices: tuple[str, ...],
                                                 stage: str, certificates: int) -> None:
    result = walk(machine, choose=choices)
    assert result.outcome == "rejected"
    assert result.steps[-1].stage == stage
    assert len(result.certificates) == certificates


@pytest.mark.parametrize(
    ("choices", "stage"),
    [
        (("withdraw",), "screening"),
        (("admit", "withdraw"), "intake"),
        (("request_correction", "withdraw"), "intake"),
        (("design_and_planning.request_revision", "withdraw"), "planning_construction"),
        (("drawings.request_revision", "withdraw"), "planning_construction"),
    ],
    ids=["in-pre-screening", "at-the-window", "during-correction", "during-design-revision",
         "during-drawing-revision"],
)
def test_withdrawn(machine: ProcessMachine, choices: tuple[str, ...], stage: str) -> None:
    result = walk(machine, choose=choices)
    assert result.outcome == "withdrawn"
    assert result.steps[-1].stage == stage
    assert result.certificates == ()


@pytest.mark.parametrize(
    "attributes",
    [
        {"investment_wan": 9999},
        {"newly_attracted": False},
        {"conforms_to_plan": False},
        {"project_kind": "residential"},
        {"project_kind": "commercial", "investment_wan": 200000},
    ],
    ids=["below-1亿元", "not-newly-attracted", "outside-the-plan", "residential",
         "large-commercial"],
)
def test_project_outside_the_library_takes_the_ordinary_route(
        machine: ProcessMachine, attributes: dict[str, object]) -> None:
    result = walk(machine, attributes)
    assert result.outcome == "referred"
    assert result.states == ("ordinary_route",)
    assert [s.trigger for s in result.steps] == ["profile", "refer"]
    assert result.certificates == ()


@settings(max_examples=60, deadline=None)
@given(newly=st.booleans(), conforms=st.booleans(), kind=st.sampled_from(KINDS),
       investment=st.one_of(st.integers(0, 300_000), st.sampled_from([9_999, 10_000, 10_001])))
def test_prescreening_admits_or_refers_exactly_one_way(
        machine: ProcessMachine, newly: bool, conforms: bool, kind: str, investment: int) -> None:
    application = machine.start({"newly_attracted": newly, "conforms_to_plan": conforms,
                                 "project_kind": kind, "investment_wan": Decimal(investment)})
    application.fire("profile")
    ways = set(application.triggers()) - {"withdraw"}
    qualifies = newly and conforms and investment >= 10_000 and kind in LIBRARY_KINDS
    assert ways == ({"admit"} if qualifies else {"refer"})


def test_project_without_a_public_venue_skips_the_fire_inspection(
        machine: ProcessMachine) -> None:
    result = walk(machine, {"public_assembly": False})
    assert result.outcome == "approved" and len(result.certificates) == 7
    visited = {s.source for s in result.steps}
    assert "item_fire_safety_inspection" not in visited
    assert "skip" in [s.trigger for s in result.steps]


# -- correction loops and their bounds ---------------------------------------------------------


LOOPS = [
    pytest.param("request_correction", "resubmit", id="intake-correction"),
    pytest.param("design_and_planning.request_revision", "design_and_planning.resubmit",
                 id="design-revision"),
    pytest.param("drawings.request_revision", "drawings.resubmit", id="drawing-revision"),
    pytest.param("fire_check.request_rectification", "fire_check.resubmit",
                 id="fire-rectification"),
]


@pytest.mark.parametrize(("ask", "answer"), LOOPS)
def test_two_rounds_are_allowed(machine: ProcessMachine, ask: str, answer: str) -> None:
    result = walk(machine, choose=(ask, answer) * 2)
    assert result.outcome == "approved"
    assert [s.event for s in result.steps].count(ask) == 2


@pytest.mark.parametrize(("ask", "answer"), LOOPS)
def test_a_third_round_hits_the_bound(machine: ProcessMachine, ask: str, answer: str) -> None:
    with pytest.raises(UsageError, match=rf"--choose {ask} was never enabled"):
        walk(machine, choose=(ask, answer) * 3)


# -- waits between parallel reviews ------------------------------------------------------------


def test_land_reviews_wait_for_filing_survey_and_sale(machine: ProcessMachine) -> None:
    application = machine.start()
    for trigger in ("profile", "admit", "submit", "accept"):
        application.fire(trigger)
    assert len(application.states) == 7
    triggers = application.triggers()
    assert "energy.approve" not in triggers and "energy.reject" in triggers
    assert "land_supply.award" not in triggers
    assert "land_planning.approve" not in triggers
    application.fire("filing.approve")
    assert "energy.approve" in application.triggers()
    application.fire("heritage_survey.clear")
    application.fire("land_supply.award")
    assert "land_planning.approve" in application.triggers()


def test_construction_permit_waits_for_planning_drawings_and_fire(
        machine: ProcessMachine) -> None:
    application = machine.start()
    for trigger in ("profile", "admit", "submit", "accept", *STAGE_3):
        application.fire(trigger)
    assert "permit.approve" not in application.triggers()
    application.fire("design_and_planning.approve")
    application.fire("design_and_planning.approve")
    application.fire("fire_design.approve")
    application.fire("drawings.request_revision")
    # Sent back for revision, the drawing review has been left but is not passed.
    assert application.done("item_drawing_review")
    assert "permit.approve" not in application.triggers()
    application.fire("drawings.resubmit")
    application.fire("drawings.approve")
    assert "permit.approve" in application.triggers()


def test_completion_filing_waits_for_every_acceptance(machine: ProcessMachine) -> None:
    result = walk(machine)
    order = [s.source for s in result.steps]
    filing = order.index("item_completion_filing")
    for acceptance in ("item_planning_verification", "item_fire_acceptance",
                       "item_civil_defence_acceptance", "item_lightning_acceptance",
                       "item_archives_acceptance"):
        assert order.index(acceptance) < filing


# -- the command line --------------------------------------------------------------------------


def test_cli_path_prints_where_each_certificate_is_issued() -> None:
    result = CliRunner().invoke(main, ["path", ID])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    ticks = [i for i, line in enumerate(lines) if "✔" in line]
    assert len(ticks) == 7
    assert ticks == list(range(ticks[0], ticks[0] + 7)), "issued together, on one step"
    assert "统一制证" in lines[ticks[0] - 1] and "--七证齐发-->" in lines[ticks[0] - 1]
    for name in CERTIFICATES.values():
        assert name in result.output
    assert "结果:approved" in result.output
    assert "规划施工许可阶段" in result.output


def test_cli_path_json_shape() -> None:
    result = CliRunner().invoke(main, ["path", ID, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["process"] == ID and data["outcome"] == "approved"
    assert sorted(data["certificates"]) == sorted(CERTIFICATES)
    assert all({"state", "stage", "department", "trigger"} <= set(step)
               for step in data["steps"])
    issuing = [step for step in data["steps"] if step["certificates"]]
    assert len(issuing) == 1
    assert issuing[0]["stage"] == "joint_issuing" and issuing[0]["trigger"] == "issue_all"
    assert data["attributes"]["project_kind"] == "industrial"


def test_cli_path_outside_the_library() -> None:
    result = CliRunner().invoke(main, ["path", ID, "--set", "investment_wan=5000", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["outcome"] == "referred" and data["certificates"] == []


def test_cli_path_refuses_a_fourth_correction() -> None:
    args = ["path", ID]
    for _ in range(3):
        args += ["--choose", "request_correction", "--choose", "resubmit"]
    result = CliRunner().invoke(main, [*args, "--lang", "en"])
    assert result.exit_code == 2
    assert "--choose request_correction was never enabled" in result.output
    assert "Traceback" not in result.output


def test_cli_path_refuses_an_unknown_project_kind() -> None:
    result = CliRunner().invoke(main, ["path", ID, "--set", "project_kind=mall"])
    assert result.exit_code == 2
    assert "project_kind" in result.output and "Traceback" not in result.output


def test_cli_show_reads_well() -> None:
    result = CliRunner().invoke(main, ["show", ID])
    assert result.exit_code == 0, result.output
    for phase in SEED_PHASES:
        assert phase in result.output
    assert "部门 (13):" in result.output
    assert "证照 (7):" in result.output
    assert "[并联]" in result.output


# -- the clock: one figure for each question (docs/jining.md, "What the clock counts") -------


def test_no_approved_way_keeps_shandongs_borrowed_target(definition: Definition) -> None:
    """The checker's bound honours the done() waits: 122 working days on the chain of
    limits (103 the items', 19 the service steps'), the construction period off the clock."""
    from policy_kit.check import check

    [finding] = [f for f in check(definition) if f.code == "PK402"]
    assert "at least 122 working days" in finding.text("en")
    assert finding.suppressed is not None and "122" in finding.suppressed
    assert "Shandong's" in finding.suppressed and "borrowed" in finding.suppressed
    construction = [p.state for p in definition.structure.places.values()
                    if p.stage is not None and p.stage.id == "integrated_supervision"
                    and p.state.kind == "task" and p.state.actor != "applicant"]
    assert construction and all(s.effective_clock == "statutory" for s in construction)


def test_the_default_dated_path_counts_152_working_days() -> None:
    result = CliRunner().invoke(main, ["path", "jining-construction-start", "--start",
                                       "2024-03-01", "--json"])
    assert result.exit_code == 0, result.output
    [process] = [u for u in json.loads(result.output)["limits"] if u["scope"] == "process"]
    assert (process["used"], process["limit"]) == (152, 100)
