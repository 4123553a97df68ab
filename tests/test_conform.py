"""Conformance: planted deviations found exactly, the real WABO log end to end, bad logs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit.cli import main

ROOT = Path(__file__).resolve().parent.parent
WABO = ROOT / "examples" / "wabo-receipt" / "wabo-receipt.yaml"
WABO_MAP = ROOT / "examples" / "wabo-receipt" / "activities.yaml"
WABO_LOG = ROOT.parent / "shared" / "data" / "wabo-receipt" / "receipt.csv"

NAMES = {
    "CR": "Confirmation of receipt",
    "T02": "T02 Check confirmation of receipt",
    "T03": "T03 Adjust confirmation of receipt",
    "T04": "T04 Determine confirmation of receipt",
    "T05": "T05 Print and send confirmation of receipt",
    "T06": "T06 Determine necessity of stop advice",
    "T10": "T10 Determine necessity to stop indication",
}


def _log(tmp_path: Path, cases: dict[str, str], *, finished: bool = True) -> Path:
    rows = ["case:concept:name,concept:name,time:timestamp,case:enddate"]
    for case, sequence in cases.items():
        for i, short in enumerate(sequence.split()):
            end = "2011-02-01" if finished else ""
            rows.append(f"{case},{NAMES.get(short, short)},"
                        f"2011-01-{10 + i:02d}T10:00:00+01:00,{end}")
    path = tmp_path / "log.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _conform(log: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["conform", str(WABO), "--log", str(log),
                                       "--activities", str(WABO_MAP), *extra])
    return result.exit_code, result.output


def _cases(log: Path) -> dict[str, dict[str, object]]:
    code, out = _conform(log, "--json")
    assert code == 0, out
    return {c["case"]: c for c in json.loads(out)["cases"]}


PLANTED = {
    "fits": ("CR T02 T04 T05 T06 T10", []),
    "swapped": ("CR T04 T02 T05 T06 T10",
                [("unexpected", NAMES["T04"], 1), ("missing", NAMES["T04"], 3)]),
    "skipped_review": ("CR T02 T05 T06 T10", [("missing", NAMES["T04"], 2)]),
    "unknown": ("CR T02 Coffee T04 T05 T06 T10", [("unknown_activity", "Coffee", 2)]),
    "duplicated": ("CR T02 T04 T04 T05 T06 T10", [("unexpected", NAMES["T04"], 3)]),
    "after_end": ("CR T02 T04 T05 T06 T10 T02", [("after_end", NAMES["T02"], 6)]),
    "correction_loop": ("CR T02 T03 T02 T06 T04 T10 T05", []),
}


@pytest.mark.parametrize("name", list(PLANTED), ids=str)
def test_planted_deviation_is_found_exactly(tmp_path: Path, name: str) -> None:
    sequence, expected = PLANTED[name]
    case = _cases(_log(tmp_path, {name: sequence}))[name]
    found = [(d["kind"], d["activity"], d["position"]) for d in case["deviations"]]
    assert found == expected
    assert case["finished"] is True
    assert case["outcome"] == "receipt_confirmed"
    assert (case["fitness"] == 1.0) == (not expected)


def test_open_case_has_no_missing_steps_at_its_end(tmp_path: Path) -> None:
    case = _cases(_log(tmp_path, {"open": "CR T02 T04"}, finished=False))["open"]
    assert case["deviations"] == [] and case["finished"] is False and case["outcome"] is None


def test_fitness_is_pm4py_alignment_fitness(tmp_path: Path) -> None:
    # one missing step in a 5-event trace; the shortest run of the model has 1 step
    # (receipt, then closed; pm4py aligns the empty trace with it): 1 - 1 / (5 + 1)
    case = _cases(_log(tmp_path, {"c": "CR T02 T05 T06 T10"}))["c"]
    assert case["fitness"] == pytest.approx(1 - 1 / (5 + 1))


def test_json_has_the_named_keys(tmp_path: Path) -> None:
    code, out = _conform(_log(tmp_path, PLANTED and {"a": "CR T02 T04 T05 T06 T10"}), "--json")
    data = json.loads(out)
    assert set(data) >= {"process", "log", "summary", "cases", "activities", "departments"}
    assert set(data["summary"]) >= {"cases", "fitting", "fitness", "open", "deadline_breaches"}
    assert set(data["cases"][0]) >= {"case", "fitness", "finished", "outcome", "deviations",
                                     "deadline_breached", "limits_broken"}


def test_cases_out_and_pseudonyms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_KIT_SALT", "a secret salt")
    out = tmp_path / "cases.csv"
    code, text = _conform(_log(tmp_path, {"firm-A": "CR T02 T04 T05 T06 T10"}),
                          "--cases-out", str(out), "--pseudonymize")
    assert code == 0, text
    table = out.read_text(encoding="utf-8")
    assert "firm-A" not in table and "p-" in table


def test_pseudonymize_without_a_salt_is_a_usage_error(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLICY_KIT_SALT", raising=False)
    monkeypatch.delenv("POLICY_KIT_SALT_FILE", raising=False)
    code, out = _conform(_log(tmp_path, {"a": "CR"}), "--pseudonymize")
    assert code == 2 and "POLICY_KIT_SALT" in out


@pytest.mark.parametrize(("content", "message", "message_zh"), [
    ("", "empty", "日志是空的"),
    ("case:concept:name,concept:name,time:timestamp\n", "no events", "没有事件"),
    ("case,step,when\na,Confirmation of receipt,2011-01-01\n", "the columns `case`",
     "找不到环节（--activity-column）、时间（--time-column）的列；文件中的列是 `case`"),
    ("case:concept:name,concept:name,time:timestamp\na,Confirmation of receipt,yesterday\n",
     ":2:3: column `time:timestamp`: `yesterday` is not a timestamp",
     ":2:3：列 `time:timestamp`：`yesterday` 不是时间"),
], ids=["empty", "header-only", "missing-column", "bad-timestamp"])
def test_bad_logs_give_one_message(tmp_path: Path, content: str, message: str,
                                   message_zh: str) -> None:
    """In the reader's language: the log's own column names and values are data."""
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    code, out = _conform(path, "--lang", "en")
    assert code == 1
    assert message in out and "Traceback" not in out
    code, out = _conform(path, "--lang", "zh")
    assert code == 1
    assert message_zh in out and "Traceback" not in out


def test_counted_warnings(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text(
        "case:concept:name,concept:name,time:timestamp\n"
        "a,Confirmation of receipt,2011-01-10T10:00:00+01:00\n"
        "a,Confirmation of receipt,2011-01-10T10:00:00+01:00\n"
        ",T02 Check confirmation of receipt,2011-01-11T10:00:00+01:00\n"
        "b,T02 Check confirmation of receipt,2011-01-12T10:00:00+01:00\n"
        "b,Confirmation of receipt,2011-01-11T10:00:00+01:00\n", encoding="utf-8")
    code, out = _conform(path, "--lang", "en")
    assert code == 0, out
    assert "1 row has no case id" in out and "and was left out" in out
    assert "1 duplicate event (same case" in out and "was counted once" in out
    assert "1 event in 1 case stood out of time order in the file; it was sorted" in out


def test_missing_column_flag_names_the_columns(tmp_path: Path) -> None:
    code, out = _conform(_log(tmp_path, {"a": "CR"}), "--deadline-column", "due", "--lang",
                         "en")
    assert code == 1 and "no column `due`" in out and "`case:enddate`" in out
    code, out = _conform(_log(tmp_path, {"a": "CR"}), "--deadline-column", "due", "--lang",
                         "zh")
    assert code == 1 and "没有列 `due`（--deadline-column）" in out and "`case:enddate`" in out


def test_gb18030_semicolon_log_with_chinese_headers(tmp_path: Path) -> None:
    path = tmp_path / "gov.csv"
    text = ("办件编号;环节名称;结束时间\n"
            "件1;Confirmation of receipt;2011/01/10 10:00\n")
    path.write_bytes(text.encode("gb18030"))
    code, out = _conform(path, "--json")
    assert code == 0, out
    assert json.loads(out)["cases"][0]["case"] == "件1"


def test_wabo_log_runs_as_documented() -> None:
    if not WABO_LOG.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{WABO_LOG} is missing on CI")
        pytest.skip("the shared WABO log is not here")
    code, out = _conform(WABO_LOG, "--deadline-column", "case:deadline", "--json")
    assert code == 0, out
    summary = json.loads(out)["summary"]
    assert summary["cases"] == 1434
    assert summary["fitness"] > 0.95
    assert summary["open"] == 105


def test_render_heat_reads_conform_json(tmp_path: Path) -> None:
    log = _log(tmp_path, {"a": "CR T02 T03 T02 T04 T05 T06 T10", "b": "CR"})
    code, out = _conform(log, "--json")
    assert code == 0, out
    data = json.loads(out)
    assert {"from": "check_confirmation", "to": "adjust_confirmation"}.items() <= next(
        t for t in data["transitions"] if t["on"] == "correct").items()
    assert data["states"]["check_confirmation"]["reached"] == 0.5
    result = tmp_path / "result.json"
    result.write_text(out, encoding="utf-8")
    drawn = CliRunner().invoke(main, ["render", str(WABO), "--heat", str(result), "-o",
                                      str(tmp_path / "heat.dot")])
    assert drawn.exit_code == 0, drawn.output
    assert "×1" in (tmp_path / "heat.dot").read_text(encoding="utf-8")


@pytest.mark.parametrize(("clock", "broken"), [("statutory", 0), ("applicant", 0),
                                               ("government", 1)])
def test_the_process_limit_stands_still_off_the_government_clock(
        tmp_path: Path, clock: str, broken: int) -> None:
    # 2 working days of office work around a 19-day statutory period (or the applicant's
    # time) keep a 5-working-day limit on the government clock; as the office's own, they
    # break it
    from tests.calibrate_fixtures import LIMITED

    process = tmp_path / "limit-fixture.yaml"
    process.write_text(LIMITED % clock, encoding="utf-8")
    log = tmp_path / "done.csv"
    log.write_text("case_id,activity,start,end\n"
                   "A,check,2025-01-06T09:00:00+08:00,2025-01-06T17:00:00+08:00\n"
                   "A,fix,2025-01-06T17:00:00+08:00,2025-02-03T09:00:00+08:00\n"
                   "A,decide,2025-02-03T09:00:00+08:00,2025-02-03T17:00:00+08:00\n",
                   encoding="utf-8")
    ran = CliRunner().invoke(main, ["conform", str(process), "--log", str(log), "--json"])
    assert ran.exit_code == 0, ran.output
    data = json.loads(ran.stdout)
    assert data["summary"]["limits_broken"] == broken


def test_the_english_summary_counts_in_the_singular_and_plural(tmp_path: Path) -> None:
    one = _log(tmp_path, {"only": "CR T02 T04 T05 T06 T10"})
    code, out = _conform(one, "--lang", "en")
    assert code == 0, out
    assert ": 1 case, 6 events, 1 variant" in out
    two = _log(tmp_path, {"a": "CR T02 T04 T05 T06 T10", "b": "CR T02 T05 T06 T10"})
    code, out = _conform(two, "--lang", "en")
    assert code == 0, out
    assert ": 2 cases, 11 events, 2 variants" in out
