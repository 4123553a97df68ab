"""The checker's index of ids: a label comes from the kind of thing named.

Xianyang's process has a state and a certificate both called ``award_decision``; a message
about the state must show the state's name, one about the certificate the certificate's.
"""

from __future__ import annotations

from policy_kit import load
from policy_kit.check.where import Where


def test_a_state_and_a_certificate_sharing_an_id_keep_their_own_labels() -> None:
    where = Where(load("xianyang-culture-subsidy"))
    assert where.label("award_decision").zh == "审定奖励名单与金额"
    assert where.label("award_decision", "state").zh == "审定奖励名单与金额"
    assert where.label("award_decision", "certificate").zh == "奖励资金下达通知"
    assert "审定奖励名单与金额" in where.show(("award_decision",), "zh")
    assert "奖励资金下达通知" in where.show(("award_decision",), "zh", kind="certificate")
    assert where.of("award_decision", kind="certificate") != where.of("award_decision")


def test_a_finding_labels_its_ids_by_the_kinds_it_names() -> None:
    where = Where(load("xianyang-culture-subsidy"))
    finding = where.finding("PK112", where.of("award_decision"), ("award_decision",) * 2,
                            "甲", "a", kinds=("certificate",))
    assert [label.zh for label in finding.labels] == ["奖励资金下达通知", "审定奖励名单与金额"]
