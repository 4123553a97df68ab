"""Every bound in docs/limits.md, checked: at the bound the input is accepted, past it the
input is refused with the exit code the page gives and one readable message.

Each row of the page's tables is registered here by its first cell; a row added to the
page without a check (or a check whose row was removed) fails
``test_every_row_of_the_page_is_checked``. Speed is the one row not checked by a test:
it names the benchmark that prints the figures (no timing asserts in the suite).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit import source, walker
from policy_kit.bpmn import xml as bpmn_xml
from policy_kit.cli import main
from policy_kit.errors import DefinitionError
from policy_kit.policy import applicants as applicant_files
from policy_kit.policy.money import MoneyError, to_fen
from policy_kit.simulate import firing
from tests.conftest import MINIMAL
from tests.policy_fixtures import applicants_csv, write_tiny

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "limits.md"
PROCESSES = ROOT / "processes"
XIANYANG = "xianyang-culture-subsidy"

Check = Callable[[CliRunner, Path], None]
CHECKS: dict[str, Check] = {}


def row(first_cell: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        CHECKS[first_cell] = check
        return check
    return register


def page_rows() -> set[str]:
    """The first cell of every table row of docs/limits.md (headers and rules left out)."""
    cells = set()
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        if line.startswith("| ") and not line.startswith("| ---"):
            first = line.split("|")[1].strip()
            if first != "limit":
                cells.add(first)
    return cells


def test_every_row_of_the_page_is_checked() -> None:
    assert page_rows() == set(CHECKS)


def validate(runner: CliRunner, path: Path) -> tuple[int, str]:
    result = runner.invoke(main, ["validate", str(path), "--lang", "en"])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def definition(tmp_path: Path, text: str, name: str = "minimal.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def accepted(runner: CliRunner, tmp_path: Path, text: str) -> None:
    code, output = validate(runner, definition(tmp_path, text))
    assert code == 0, output


def refused(runner: CliRunner, tmp_path: Path, text: str | bytes, message: str,
            code: int = 1) -> str:
    path = tmp_path / "minimal.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    exit_code, output = validate(runner, path)
    assert exit_code == code, output
    assert re.search(message, output), output
    return output


def on_check(extra: str) -> str:
    """MINIMAL with ``extra`` keys on its task state ``check``."""
    return MINIMAL.replace("requires: [form]}", f"requires: [form], {extra}}}")


# -- every YAML file ------------------------------------------------------------------------


@row("file size")
def _file_size(runner: CliRunner, tmp_path: Path) -> None:
    assert source.MAX_BYTES == 2_097_152
    padding = source.MAX_BYTES - len(MINIMAL.encode())
    accepted(runner, tmp_path, MINIMAL + "#" * (padding - 1) + "\n")
    refused(runner, tmp_path, MINIMAL + "#" * padding + "\n",
            r"file is 2,097,153 bytes; definitions are limited to 2,097,152 bytes")


@row("YAML values after expanding aliases")
def _aliases(runner: CliRunner, tmp_path: Path) -> None:
    assert source.MAX_NODES == 200_000
    ten = ", ".join(["x"] * 10)
    bomb = (f"a: &a [{ten}]\nb: &b [{', '.join(['*a'] * 10)}]\nc: &c [{', '.join(['*b'] * 10)}]"
            f"\nd: &d [{', '.join(['*c'] * 10)}]\ne: &e [{', '.join(['*d'] * 10)}]\n"
            f"f: [{', '.join(['*e'] * 3)}]\n")  # 300,000 values and more
    refused(runner, tmp_path, MINIMAL + bomb, r"more than 200,000 values")


@row("encoding")
def _encoding(runner: CliRunner, tmp_path: Path) -> None:
    accepted(runner, tmp_path, "\ufeff" + MINIMAL)
    refused(runner, tmp_path, MINIMAL.encode("gb18030"), r"3:\d+ +PK001 +not UTF-8 text")


@row("tags (`!!python/object`), duplicate keys, a NUL byte")
def _unsafe(runner: CliRunner, tmp_path: Path) -> None:
    tagged = MINIMAL.replace("source: test", "source: !!python/object:os.system x")
    refused(runner, tmp_path, tagged, r"4:\d+ +PK001 +tag .*python/object.* is not allowed")
    refused(runner, tmp_path, MINIMAL + "source: twice\n", r"\d+:1 +PK001 +duplicate key "
                                                           r"`source`")
    refused(runner, tmp_path, MINIMAL.replace("source: test", "source: te\0st"),
            r"4:11 +PK001 +the character U\+0000 \(NUL\)")


# -- definitions ----------------------------------------------------------------------------


@row("a guard or formula")
def _guard(runner: CliRunner, tmp_path: Path) -> None:
    guard = "amount >= 5"
    accepted(runner, tmp_path, MINIMAL.replace(f"when: {guard},",
                                               f"when: '{guard:<2000}',"))
    refused(runner, tmp_path, MINIMAL.replace(f"when: {guard},", f"when: '{guard:<2001}',"),
            r"PK105 .*too long \(2001 characters; the limit is 2000\)")


@row("ids (states, stages, regions, triggers, departments, …)")
def _ids(runner: CliRunner, tmp_path: Path) -> None:
    accepted(runner, tmp_path, MINIMAL.replace("check", "c" * 80))
    refused(runner, tmp_path, MINIMAL.replace("check", "c" * 81), r"at most 80 characters")
    refused(runner, tmp_path, MINIMAL.replace("check", "chеck"),
            r"`chеck` contains `е` \(U\+0435 CYRILLIC SMALL LETTER IE\)")
    refused(runner, tmp_path, MINIMAL.replace("check", "9check"), r"PK002 +`id`")


@row("a process id")
def _process_id(runner: CliRunner, tmp_path: Path) -> None:
    accepted(runner, tmp_path, MINIMAL.replace("id: minimal", "id: " + "m-1" * 26 + "mm"))
    refused(runner, tmp_path, MINIMAL.replace("id: minimal", "id: " + "m" * 81),
            r"at most 80 characters")
    refused(runner, tmp_path, MINIMAL.replace("id: minimal", "id: Minimal_One"),
            r"PK002 +`id`: .*Minimal_One")


@row("`working_days`, `natural_days` of a limit")
def _limit_days(runner: CliRunner, tmp_path: Path) -> None:
    for unit in ("working_days", "natural_days"):
        accepted(runner, tmp_path, on_check(f"limit: {{{unit}: 3650, reference: x}}"))
        refused(runner, tmp_path, on_check(f"limit: {{{unit}: 3651, reference: x}}"),
                rf"`{unit}`: Input should be less than or equal to 3650")
        refused(runner, tmp_path, on_check(f"limit: {{{unit}: -1, reference: x}}"),
                rf"`{unit}`: Input should be greater than or equal to 0")


@row("`max_rounds`")
def _max_rounds(runner: CliRunner, tmp_path: Path) -> None:
    accepted(runner, tmp_path, on_check("max_rounds: 20"))
    refused(runner, tmp_path, on_check("max_rounds: 21"), r"less than or equal to 20")
    refused(runner, tmp_path, on_check("max_rounds: 0"), r"greater than or equal to 1")


LOOP = """\
format: 1
id: loop
title: {zh: 循环, en: Loop}
source: test
departments:
  - {id: office, name: 办公室}
states:
  - {id: check, kind: task, department: office}
  - {id: fix, kind: wait}
  - {id: approved, kind: final, outcome: approved}
transitions:
  - {from: check, to: fix, on: ask, default: true}
  - {from: check, to: approved, on: approve}
  - {from: fix, to: check, on: resubmit}
"""


@row("a walk (`path`)")
def _walk(runner: CliRunner, tmp_path: Path) -> None:
    assert walker.MAX_STEPS == 10_000
    result = runner.invoke(main, ["path", str(definition(tmp_path, LOOP)), "--lang", "en"])
    assert result.exit_code == 1
    assert "did not end within 10000 steps" in result.output


@row("`validate`'s state space")
def _state_space(runner: CliRunner, tmp_path: Path) -> None:
    from policy_kit.check import CATALOGUE
    from policy_kit.check.space import MAX_BLOCKS

    assert CATALOGUE["PK209"].severity == "warning" and MAX_BLOCKS == 200_000
    regions = "\n".join(
        f"      - id: r{i}\n        states:\n"
        + "".join(f"          - {{id: r{i}s{j}, kind: task, department: office}}\n"
                  for j in range(4))
        + f"          - {{id: r{i}_done, kind: final}}\n" for i in range(11))
    moves = "".join(f"  - {{from: r{i}s{j}, to: r{i}{'s' + str(j + 1) if j < 3 else '_done'}"
                    f", on: next}}\n" for i in range(11) for j in range(4))
    text = (f"format: 1\nid: wide\ntitle: {{zh: 宽, en: Wide}}\nsource: test\n"
            f"departments:\n  - {{id: office, name: 办公室}}\nstages:\n  - id: all\n"
            f"    regions:\n{regions}states:\n  - {{id: approved, kind: final, outcome: "
            f"approved}}\ntransitions:\n  - {{from: all, to: approved, on: join}}\n{moves}")
    code, output = validate(runner, definition(tmp_path, text))  # 5^11 configurations
    assert "PK209" in output, output
    assert code == 0, "an incomplete exploration is a warning, not a guess either way"


# -- scenarios --------------------------------------------------------------------------------


def scenario(runner: CliRunner, tmp_path: Path, old: str, new: str) -> tuple[int, str]:
    shutil.copy(PROCESSES / f"{XIANYANG}.yaml", tmp_path)
    path = tmp_path / f"{XIANYANG}.scenario.yaml"
    text = (PROCESSES / path.name).read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return validate(runner, path)


def scenario_bound(runner: CliRunner, tmp_path: Path, old: str, template: str, good: object,
                   bad: object, message: str) -> None:
    code, output = scenario(runner, tmp_path, old, template.format(good))
    assert code == 0, output
    code, output = scenario(runner, tmp_path, old, template.format(bad))
    assert code == 1 and re.search(message, output), output


@row("`staff.<dept>.count`")
def _staff(runner: CliRunner, tmp_path: Path) -> None:
    scenario_bound(runner, tmp_path, "    count: 2", "    count: {}", 100_000, 100_001,
                   r"less than or equal to 100000")
    scenario_bound(runner, tmp_path, "    count: 2", "    count: {}", 1, 0,
                   r"greater than or equal to 1")


@row("`cases`, `warmup_cases`, a batch's `cases`")
def _cases(runner: CliRunner, tmp_path: Path) -> None:
    scenario_bound(runner, tmp_path, "cases: 120", "cases: {}", 10_000_000, 10_000_001,
                   r"less than or equal to 10000000")
    scenario_bound(runner, tmp_path, "cases: 120", "cases: 120\nwarmup_cases: {}", 10_000_000,
                   10_000_001, r"less than or equal to 10000000")
    scenario_bound(runner, tmp_path, "      cases: 60", "      cases: {}", 10_000_000,
                   10_000_001, r"less than or equal to 10000000")


@row("`replications`")
def _replications(runner: CliRunner, tmp_path: Path) -> None:
    scenario_bound(runner, tmp_path, "replications: 10", "replications: {}", 10_000, 10_001,
                   r"less than or equal to 10000")
    scenario_bound(runner, tmp_path, "replications: 10", "replications: {}", 1, 0,
                   r"greater than or equal to 1")


@row("`seed`")
def _seed(runner: CliRunner, tmp_path: Path) -> None:
    scenario_bound(runner, tmp_path, "seed: 1", "seed: {}", 2**63, 2**63 + 1,
                   r"less than or equal to 9223372036854775808")
    scenario_bound(runner, tmp_path, "seed: 1", "seed: {}", 0, -1,
                   r"greater than or equal to 0")


@row("`horizon_days`")
def _horizon(runner: CliRunner, tmp_path: Path) -> None:
    scenario_bound(runner, tmp_path, "seed: 1", "seed: 1\nhorizon_days: {}", 36_500, 36_501,
                   r"less than or equal to 36500")
    scenario_bound(runner, tmp_path, "seed: 1", "seed: 1\nhorizon_days: {}", 1, 0,
                   r"greater than or equal to 1")


@row("`spread_working_days`")
def _spread(runner: CliRunner, tmp_path: Path) -> None:
    scenario_bound(runner, tmp_path, "spread_working_days: 20", "spread_working_days: {}",
                   3650, 3651, r"less than or equal to 3650")


@row("a distribution's values")
def _distribution(runner: CliRunner, tmp_path: Path) -> None:
    old = "submission: {dist: triangular, low: 1, mode: 5, high: 20,"
    for bad in ("-1", ".nan", ".inf"):
        code, output = scenario(runner, tmp_path, old,
                                f"submission: {{dist: triangular, low: {bad}, mode: 5, "
                                "high: 20,")
        assert code == 1 and "PK501" in output and "Traceback" not in output, output


@row("a simulated date")
def _far_date(runner: CliRunner, tmp_path: Path) -> None:
    old = "submission: {dist: triangular, low: 1, mode: 5, high: 20,"
    code, output = scenario(runner, tmp_path, old, "submission: {dist: fixed, value: 3000000,")
    assert code == 0, output
    result = runner.invoke(main, ["simulate", str(tmp_path / f"{XIANYANG}.yaml"), "--cases",
                                  "2", "--replications", "1", "--lang", "en"])
    assert result.exit_code == 1 and "year 9999" in result.output, result.output


@row("one case")
def _one_case(runner: CliRunner, tmp_path: Path) -> None:
    assert firing.MAX_STEPS == 10_000
    path = definition(tmp_path, LOOP, "loop.yaml")
    (tmp_path / "loop.scenario.yaml").write_text(
        "format: 1\nprocess: loop\nsource: test\nstart: 2025-01-06\n"
        "arrivals: {interarrival: {dist: fixed, value: 1, unit: working_days}}\n"
        "staff: {office: {count: 1}}\n"
        "durations:\n  check: {dist: fixed, value: 0, unit: working_hours}\n"
        "  fix: {dist: fixed, value: 0, unit: working_hours}\n"
        "branches: {check: {probabilities: {ask: 1, approve: 0}}}\n"
        "cases: 1\nreplications: 1\n", encoding="utf-8")
    result = runner.invoke(main, ["simulate", str(path), "--json", "--allow-unsound"])
    assert result.exit_code == 0, result.output
    assert '"step_limit": 1' in result.output


def test_the_command_line_options_keep_the_same_bounds_as_usage_errors(
        runner: CliRunner) -> None:
    """The paragraph under the scenario table: past a bound, an option is exit 2."""
    for option, bad in (("--cases", "10000001"), ("--replications", "10001"),
                        ("--seed", str(2**63 + 1)), ("--warmup", "10000001")):
        result = runner.invoke(main, ["simulate", XIANYANG, option, bad])
        assert result.exit_code == 2, (option, result.output)
    result = runner.invoke(main, ["compare", XIANYANG, "--staff", "culture_office=100001"])
    assert result.exit_code == 2, result.output


# -- policies and applicants ------------------------------------------------------------------


@row("policy years")
def _years(runner: CliRunner, tmp_path: Path) -> None:
    for year in ("1989", "2201"):
        result = runner.invoke(main, ["award", XIANYANG, "--year", year])
        assert result.exit_code == 2, result.output
    policy = write_tiny(tmp_path)
    text = policy.read_text(encoding="utf-8")
    match = re.search(r"from: (\d{4})", text)
    assert match is not None
    policy.write_text(text.replace(match.group(0), "from: 1989", 1), encoding="utf-8")
    result = runner.invoke(main, ["award", str(policy), "--year", "2023", "--lang", "en"])
    assert result.exit_code == 1 and "1990" in result.output, result.output


@row("an amount")
def _amount(runner: CliRunner, tmp_path: Path) -> None:
    assert to_fen(Decimal("999999999999999.994"), "half_up") == Decimal("999999999999999.99")
    with pytest.raises(MoneyError, match="not a plausible amount"):
        to_fen(Decimal(10) ** 15, "half_up")
    assert to_fen(Decimal("0.015"), "half_even") == Decimal("0.02")  # exact, to the fen


@row("an applicants file (CSV or XLSX)")
def _applicants(runner: CliRunner, tmp_path: Path) -> None:
    assert applicant_files.MAX_BYTES == 256 * 1024 * 1024
    assert applicant_files.MAX_PROBLEMS == 50
    policy = write_tiny(tmp_path)
    rows = [(f"firm{i}", "abc", "a", "1", "2023-02-01") for i in range(60)]
    path = tmp_path / "a.csv"
    path.write_text(applicants_csv(rows), encoding="utf-8")
    result = runner.invoke(main, ["award", str(policy), "--year", "2023", "--applicants",
                                  str(path), "--lang", "en"])
    assert result.exit_code == 1
    assert result.output.count("is not a number") == 50
    assert "more problems not shown; fix these first" in result.output
    big = tmp_path / "big.csv"
    with big.open("wb") as stream:  # sparse: one byte past the limit, nothing written
        stream.truncate(applicant_files.MAX_BYTES + 1)
    with pytest.raises(DefinitionError, match=r"file is 268,435,457 bytes; applicant files "
                                              r"are limited to 268,435,456"):
        from policy_kit.policy import needed_columns, read_applicants, read_policy

        loaded = read_policy(policy)
        read_applicants(big, loaded.definition.process, needed_columns(loaded))


@row("`award` speed")
def _award_speed(runner: CliRunner, tmp_path: Path) -> None:
    """Not timed here: the row names the benchmark that prints the figures."""
    _names_its_benchmark("| `award` speed")


@row("`validate` speed")
def _validate_speed(runner: CliRunner, tmp_path: Path) -> None:
    """Not timed here either: the row names its benchmark."""
    _names_its_benchmark("| `validate` speed")


def _names_its_benchmark(start: str) -> None:
    cell = next(line for line in PAGE.read_text(encoding="utf-8").splitlines()
                if line.startswith(start))
    named = re.findall(r"benchmarks/\w+\.py", cell)
    assert named and all((ROOT / name).is_file() for name in named)


# -- other files ------------------------------------------------------------------------------


@row("a BPMN file (import)")
def _bpmn(runner: CliRunner, tmp_path: Path) -> None:
    assert bpmn_xml.MAX_BYTES == 20_000_000
    path = tmp_path / "big.bpmn"
    with path.open("wb") as stream:
        stream.truncate(bpmn_xml.MAX_BYTES + 1)
    result = runner.invoke(main, ["import", str(path), "-o", str(tmp_path / "out.yaml"),
                                  "--lang", "en"])
    assert result.exit_code == 1 and "20,000,000" in result.output, result.output
    assert not (tmp_path / "out.yaml").exists()


@row("output files")
def _outputs(runner: CliRunner, tmp_path: Path) -> None:
    for target in (tmp_path, Path("/dev/null")):  # a folder, a device
        result = runner.invoke(main, ["render", XIANYANG, "-o", str(target), "--lang", "en"])
        assert result.exit_code == 2, result.output
    written = tmp_path / "new" / "x.svg"
    result = runner.invoke(main, ["render", XIANYANG, "-o", str(written)])
    assert result.exit_code == 0 and written.is_file(), result.output


@pytest.mark.parametrize("name", sorted(CHECKS))  # last: every row above is registered
def test_limit(runner: CliRunner, tmp_path: Path, name: str) -> None:
    CHECKS[name](runner, tmp_path)
