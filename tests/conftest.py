"""Shared fixtures: small definitions written to temporary files, and a CLI runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

FIXTURES = Path(__file__).parent / "fixtures"

MINIMAL = """\
format: 1
id: minimal
title: {zh: 最小流程, en: Minimal process}
source: test
attributes:
  amount: {type: number, min: 0, example: 10}
  kind: {type: enum, values: [a, b], example: a}
departments:
  - {id: office, name: 办公室}
documents:
  - {id: form, name: 申请表, from_applicant: true}
certificates:
  - {id: permit, name: 许可证}
stages:
  - id: review
    states:
      - {id: check, kind: task, department: office, requires: [form]}
states:
  - {id: approved, kind: final, outcome: approved}
  - {id: rejected, kind: final, outcome: rejected}
transitions:
  - {from: check, to: approved, on: approve, when: amount >= 5, issues: [permit], default: true}
  - {from: check, to: rejected, on: reject, when: amount < 5}
"""


@pytest.fixture(autouse=True)
def chinese_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests pin the language they expect: Chinese unless a test says otherwise, whatever
    the locale of the machine running them (``--lang`` follows ``POLICY_KIT_LANG``)."""
    monkeypatch.setenv("POLICY_KIT_LANG", "zh")


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """For a test whose messages are pinned in English (``usefixtures("english")``)."""
    monkeypatch.setenv("POLICY_KIT_LANG", "en")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str | bytes, str], Path]:
    """Write a definition text to a temporary file and return its path."""

    def _write(text: str | bytes, name: str = "process.yaml") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write
