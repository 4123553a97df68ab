"""Other modellers' files: small BPMN models written as Camunda 7 and 8, Signavio and
Flowable write them (their namespaces, extension elements, expression languages, ids and
Chinese names), each importing to the definition its elements mean, or refused with one
located message.

The fixtures (tests/fixtures/bpmn/tools/) are hand-written in each tool's style; what each
exercises is said beside its test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit.bpmn import import_bpmn
from policy_kit.check import check
from policy_kit.cli import main
from policy_kit.errors import DefinitionError, UsageError
from policy_kit.loader import Definition

TOOLS = Path(__file__).parent / "fixtures" / "bpmn" / "tools"
CAMUNDA7 = TOOLS / "camunda7-subsidy.bpmn"
CAMUNDA8 = TOOLS / "camunda8-permit.bpmn"
SIGNAVIO = TOOLS / "signavio-land.bpmn"
FLOWABLE = TOOLS / "flowable-filing.bpmn"


def _ways(definition: Definition) -> dict[tuple[str, str], tuple[str, str | None]]:
    """(source, target) → (trigger, guard as written) of every way."""
    return {(t.from_, t.to): (t.on, t.when) for t in definition.process.transitions}


def _no_errors(definition: Definition) -> None:
    errors = [f for f in check(definition) if f.severity == "error"]
    assert not errors, errors


def test_camunda_7_juel_conditions_lanes_call_activity_data_and_a_form_field() -> None:
    """Camunda 7: JUEL (`${eligible && amount > 50}`, `le`, `!`), a message start event, a
    collaboration whose applicant pool has no process and message flows, three lanes, a
    call activity to a process not in the file, a timer on it, data objects, a text
    annotation, and a condition on a field of the check's form."""
    result = import_bpmn(CAMUNDA7)
    definition = result.definition
    # the process is named 文化产业奖补申报, its pool 高新区管委会: the title is what is run
    assert definition.process.title.pick("zh") == "文化产业奖补申报"
    assert [d.id for d in definition.process.departments] == [
        "Lane_window", "Lane_culture", "Lane_finance"]
    assert definition.structure.initial == ("Task_check",)
    ways = _ways(definition)
    assert ways[("Gateway_amount", "Activity_experts")] == (
        "to_Activity_experts", "eligible and amount > 50")
    assert ways[("Gateway_amount", "Task_pay")][1] == "eligible and amount <= 50"
    assert ways[("Gateway_amount", "Event_rejected")][1] == "not eligible"
    assert ways[("Activity_experts", "Event_rejected")][0] == "timeout"
    # the check's form sets materialsComplete: whoever completes it decides, each round
    assert ways[("Gateway_complete", "Task_review")] == ("flow_complete", None)
    assert "materialsComplete" not in definition.process.attributes
    experts = definition.structure.places["Activity_experts"].state
    assert experts.limit is not None and experts.limit.natural_days == 15
    assert experts.name is not None and experts.name.pick("zh") == "专家评审"
    check_task = definition.structure.places["Task_check"].state
    assert check_task.requires == ("DataObjectReference_form",)
    notes = " ".join(definition.process.notes)
    assert "调用 `ExpertPanelProcess`" in notes and "补正一次性告知" in notes
    assert "由任务表单设定" in notes  # the notes speak the import's language (Chinese)
    assert all(not t.on.startswith("n") or not t.on[1:2].isdigit()
               for t in definition.process.transitions)
    _no_errors(definition)


def test_camunda_8_feel_an_error_end_event_a_timer_on_the_sub_process_and_zeebe() -> None:
    """Camunda 8: FEEL with its leading `=`, a sub-process holding a parallel review
    whose failed drawings end in an error end event caught on the sub-process's border,
    a timer on the sub-process, `zeebe:calledElement`, an event-based gateway with a
    message and a PT72H timer."""
    definition = import_bpmn(CAMUNDA8).definition
    ways = _ways(definition)
    assert ways[("risk", "site_check")] == ("to_site_check", 'riskLevel == "高" or area >= 10000')
    # the error is thrown only where the drawings fail; the timer leaves every state
    into_refused = {(t.from_, t.on) for t in definition.process.transitions
                    if t.to == "refused"}
    assert into_refused == {("drawings_ok", "to_refused"), ("fire", "timeout"),
                            ("drawings", "timeout"), ("drawings_ok", "timeout")}
    assert [s.id for s in definition.process.stages] == ["fork"]
    outcomes = {p.id: p.state.outcome for p in definition.structure.places.values()
                if p.case_final}
    assert outcomes == {"issued": "approved", "refused": "rejected", "lapsed": "lapsed"}
    fee = definition.structure.places["await_fee"].state
    assert fee.kind == "wait" and fee.limit is not None and fee.limit.natural_days == 3
    assert "调用 `site-inspection`" in " ".join(definition.process.notes)
    _no_errors(definition)


def test_signavio_two_pools_nested_lanes_and_conditions_in_words(runner: CliRunner) -> None:
    """Signavio: the default namespace, `sid-` ids, two pools each with a process (the
    command lists them and exits 2), nested lanes (the innermost is the department),
    conditions in prose and XPath (ways named after their flows, noted), and two end
    events whose Chinese names hold no outcome word (told apart by their ids)."""
    result = runner.invoke(main, ["import", str(SIGNAVIO)])
    assert result.exit_code == 2
    assert "sid-P1 (process sid-PR1): 自然资源局" in result.output
    assert "sid-P2 (process sid-PR2): 公共资源交易中心" in result.output
    with pytest.raises(UsageError, match="2 processes"):
        import_bpmn(SIGNAVIO)
    imported = import_bpmn(SIGNAVIO, process="sid-P1")
    definition = imported.definition
    assert [d.id for d in definition.process.departments] == ["sid_L1a", "sid_L1b"]
    assert imported.imported.renamed["sid-T1"] == "sid_T1"
    assert "sid-T1 → sid_T1" in imported.text
    ways = _ways(definition)
    assert ways[("sid_G1", "sid_E1")] == ("sid_sf10", None)
    assert ways[("sid_G1", "sid_E2")] == ("sid_sf11", None)
    outcomes = {p.state.outcome for p in definition.structure.places.values() if p.case_final}
    assert outcomes == {"sid_e1", "sid_e2"}
    assert [s.id for s in definition.process.stages] == ["sid_F1"]
    _no_errors(definition)


def test_flowable_multi_instance_is_refused_at_its_line_then_approximated(
        runner: CliRunner, tmp_path: Path) -> None:
    """Flowable: a parallel multi-instance 会签 task is refused at its line:col (exit 1, no
    output file); with --lenient it is one task and a warning. The applicant's lane makes
    its steps the applicant's; a CDATA JUEL condition with `||` and quotes is a guard, and
    the enum read from it has `other` for the default way; 退回 is a rejection."""
    out = tmp_path / "filing.yaml"
    result = runner.invoke(main, ["import", str(FLOWABLE), "-o", str(out)])
    assert result.exit_code == 1
    assert f"{FLOWABLE}:37:5: `fuhe`：多实例活动" in result.output
    assert not out.exists()
    result = runner.invoke(main, ["import", str(FLOWABLE), "-o", str(out), "--lang", "en"])
    assert f"{FLOWABLE}:37:5: `fuhe`: a multi-instance activity" in result.output
    with pytest.raises(DefinitionError, match="multi-instance"):
        import_bpmn(FLOWABLE)
    definition = import_bpmn(FLOWABLE, lenient=True).definition
    assert any("`fuhe`：多实例活动" in n and "近似为：一个实例" in n
               for n in definition.process.notes)
    assert any("`fuhe`: a multi-instance activity" in n and "approximated: one instance" in n
               for n in import_bpmn(FLOWABLE, lenient=True, lang="en").definition.process.notes)
    filling = definition.structure.places["tianbao"].state
    assert (filling.actor, filling.clock, filling.department) == ("applicant", "applicant",
                                                                  None)
    assert [d.id for d in definition.process.departments] == ["lane_fagai"]
    ways = _ways(definition)
    assert ways[("panduan", "tuihui")] == ("to_tuihui", 'result == "reject" or touzi <= 0')
    result_attribute = definition.process.attributes["result"]
    assert result_attribute.values == ("reject", "other")
    assert definition.structure.places["tuihui"].state.outcome == "rejected"
    _no_errors(definition)


def test_a_flow_into_another_pool_is_one_located_message(runner: CliRunner,
                                                         tmp_path: Path) -> None:
    """A modeller drew a sequence flow from the office's pool into the trading centre's
    (Signavio lets a flow be dropped there): refused at the flow's line:col."""
    text = SIGNAVIO.read_text(encoding="utf-8").replace(
        '<sequenceFlow id="sid-SF8" sourceRef="sid-T3" targetRef="sid-C1"/>',
        '<sequenceFlow id="sid-SF8" sourceRef="sid-T3" targetRef="sid-T4"/>')
    bad = tmp_path / "crossing.bpmn"
    bad.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["import", str(bad), "--process", "sid-P1", "--lang", "en"])
    assert result.exit_code == 1
    line = next(i for i, row in enumerate(text.splitlines(), 1) if 'id="sid-SF8"' in row)
    assert f"{bad}:{line}:7: sequence flow `sid-SF8`: targetRef names `sid-T4`, a node of " \
           "process `sid-PR2`: a sequence flow cannot cross pools" in result.output
    assert "Traceback" not in result.output
