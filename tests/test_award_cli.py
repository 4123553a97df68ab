"""``policy-kit award`` through click's CliRunner: the table, JSON, explanations, errors."""

from __future__ import annotations

import csv
import json
import re
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_kit.api.awards import awarded
from policy_kit.cli import main
from policy_kit.policy import year_report
from policy_kit.textwidth import columns
from tests.policy_fixtures import applicants_csv, tiny_policy, write_tiny

XIANYANG = "xianyang-culture-subsidy"
SEED_FIRMS = {"陕西聚影光年影视文化传媒有限公司", "陕西西创互娱科技有限公司",
              "陕西三木成林传媒有限公司"}


def test_table_of_the_bundled_year(runner: CliRunner) -> None:
    result = runner.invoke(main, ["award", XIANYANG, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "2023" in result.output and "陕西西创互娱科技有限公司" in result.output
    assert "no: sector" in result.output and "yes, no reward applies" in result.output
    assert "budget 20,000,000.00 · paid 1,100,000.00 · left 18,900,000.00" in result.output


def test_table_in_chinese_aligns_every_column(runner: CliRunner) -> None:
    result = runner.invoke(main, ["award", XIANYANG, "--lang", "zh"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[3].split()[:3] == ["申请单位", "数据", "资格"]
    assert "不符合:sector" in result.output and "符合,无适用奖励" in result.output
    assert "预算 20,000,000.00 · 发放 1,100,000.00 · 结余 18,900,000.00" in result.output
    table = lines[3:lines.index("", 3)]
    assert len({columns(line) for line in table}) == 1, "every row as wide as the header"


def test_json_reproduces_the_published_outcome(runner: CliRunner) -> None:
    result = runner.invoke(main, ["award", XIANYANG, "--year", "2023", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total"] == "1100000.00" and data["budget"] == "20000000.00"
    paid = {a["applicant"]: a["amount"] for a in data["awards"] if Decimal(a["amount"]) > 0}
    assert set(paid) == SEED_FIRMS
    assert sum(Decimal(amount) for amount in paid.values()) == Decimal("1100000.00")
    award = next(a for a in data["awards"] if a["applicant"] == "陕西西创互娱科技有限公司")
    assert award["before_caps"] == "212400.00" and award["before_allocation"] == "210000.00"
    assert award["before_rounding"] == "210000.00" and award["amount"] == "210000.00"
    assert all(isinstance(a["amount"], str) for a in data["awards"])
    assert "\\u" not in result.output


def test_explain_in_words(runner: CliRunner) -> None:
    result = runner.invoke(main, ["award", XIANYANG, "--explain", "陕西西创互娱科技有限公司",
                                  "--lang", "en"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "graduate_months * graduate_rent_monthly_max = 24000 — the cap binds" in text
    assert "rent_paid * rent_rate_full = 186000.00" in text
    assert "鼓励企业落户" in text and "每月最高1000元的房租补贴" in text
    assert "Award: 210,000.00 元" in text


def test_explain_rounding_and_ineligible(runner: CliRunner) -> None:
    rounded = runner.invoke(main, ["award", XIANYANG, "--explain", "陕西三木成林传媒有限公司",
                                   "--lang", "en"])
    assert "rent_paid * rent_rate_third_year = 120000.005" in rounded.output
    failed = runner.invoke(main, ["award", XIANYANG, "--explain", "示例文创设计有限公司(虚构)"])
    assert "资格:不符合(expert_review)" in failed.output
    assert "✘ expert_review 通过专家联评: expert_score >= expert_pass_mark" in failed.output
    assert "expert_score = 55, expert_pass_mark = 60" in failed.output


def test_explain_json_is_a_versioned_trace(runner: CliRunner) -> None:
    result = runner.invoke(main, ["award", XIANYANG, "--json", "--explain",
                                  "陕西三木成林传媒有限公司"])
    trace = json.loads(result.output)
    assert trace["trace_format"] == 1 and trace["policy"]["version"] == "2022.1"
    assert len(trace["policy"]["sha256"]) == 64 and trace["applicant"]["row"] == 4
    applied = {r["id"]: r for r in trace["rewards"] if r["applies"]}
    assert set(applied) == {"rent_third_year", "tax_refund"}
    assert applied["rent_third_year"]["raw"] == "120000.005"
    assert applied["rent_third_year"]["amount"] == "120000.00"
    assert applied["tax_refund"]["reference"]["doc"] == "notice"
    assert trace["parameters"]["rent_rate_third_year"]["reference"]["quote"] == "第三年补贴50%房租"
    assert trace["amount"] == "490000.00"


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--explain", "陕西三木成林"], 2, r"no applicant called `陕西三木成林`.*did you mean "
                                       r"`陕西三木成林传媒有限公司`"),
    (["--year", "2021"], 2, r"no parameters for 2021"),
    (["--year", "2024"], 2, r"no example applicants for 2024 \(bundled years: 2023\)"),
    (["--applicants", "nowhere.csv"], 2, r"nowhere.csv: no such applicant file"),
], ids=["unknown-firm", "year-without-parameters", "year-without-applicants",
        "missing-file"])
def test_usage_errors(runner: CliRunner, args: list[str], code: int, message: str) -> None:
    result = runner.invoke(main, ["award", XIANYANG, *args, "--lang", "en"])
    assert result.exit_code == code
    assert "Traceback" not in result.output
    assert re.search(message, result.output, re.S), result.output


def test_bad_applicant_file_prints_no_result(runner: CliRunner, tmp_path: Path) -> None:
    policy = write_tiny(tmp_path)
    path = tmp_path / "applicants.csv"
    path.write_text(applicants_csv([("甲", "800", "a", "1", "2023-02-01"),
                                    ("乙", "eight", "a", "1", "2023-02-01")]), encoding="utf-8")
    result = runner.invoke(main, ["award", str(policy), "--year", "2023", "--applicants",
                                  str(path), "--lang", "en"])
    assert result.exit_code == 1
    assert "applicants.csv:3:2: row 3, `sales`: 'eight' is not a number" in result.output
    assert "total" not in result.output and "甲" not in result.output
    chinese = runner.invoke(main, ["award", str(policy), "--year", "2023", "--applicants",
                                   str(path), "--lang", "zh"])
    assert chinese.exit_code == 1
    assert "applicants.csv:3:2: 第 3 行，`sales`：'eight' 不是数" in chinese.output


def test_own_policy_and_applicants_with_bom(runner: CliRunner, tmp_path: Path) -> None:
    policy = write_tiny(tmp_path)
    path = tmp_path / "applicants.csv"
    path.write_bytes(b"\xef\xbb\xbf" + applicants_csv(
        [("甲", "800", "a", "1", "2023-02-01"), ("乙", "800", "a", "1", "2023-02-01"),
         ("丙", "800", "a", "1", "2023-02-01")]).encode("utf-8"))
    result = runner.invoke(main, ["award", str(tmp_path / "tiny.yaml"), "--year", "2024",
                                  "--applicants", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total"] == data["budget"] == "300.00" and data["demand"] == "1200.00"
    assert [a["amount"] for a in data["awards"]] == ["100.00", "100.00", "100.00"]
    assert [a["before_rounding"] for a in data["awards"]] == ["100.00", "100.00", "100.00"]
    assert policy.exists()


def test_a_broken_policy_is_located(runner: CliRunner, tmp_path: Path) -> None:
    policy = write_tiny(tmp_path)
    policy.write_text(policy.read_text(encoding="utf-8").replace("sales * rate",
                                                                 "sales * rat"),
                      encoding="utf-8")
    result = runner.invoke(main, ["award", str(policy), "--year", "2023", "--lang", "en"])
    assert result.exit_code == 1
    assert "tiny.policy.yaml:31:21: unknown name `rat`" in result.output
    chinese = runner.invoke(main, ["award", str(policy), "--year", "2023", "--lang", "zh"])
    assert "tiny.policy.yaml:31:21: 未知的名称 `rat`" in chinese.output


@pytest.mark.parametrize(("amount", "message", "chinese"), [
    ("sales / (score - score)", r"applicants.csv:3:1: row 3, `乙`: the amount of reward "
                                r"`sales_reward`: division by zero",
     r"applicants.csv:3:1: 第 3 行，`乙`：奖励 `sales_reward` 的金额：除数为零"),
    ("sales * rate - cap", r"applicants.csv:2:1: row 2, `甲`: reward `sales_reward` comes to "
                           r"-350.0, and amounts cannot be negative",
     r"applicants.csv:2:1: 第 2 行，`甲`：奖励 `sales_reward` 算出 -350.0，金额不能为负"),
], ids=["division-by-zero", "negative"])
def test_a_rule_that_fails_on_a_row_names_the_row(runner: CliRunner, tmp_path: Path,
                                                  amount: str, message: str,
                                                  chinese: str) -> None:
    policy = write_tiny(tmp_path, tiny_policy(amount=amount))
    path = tmp_path / "applicants.csv"
    path.write_text(applicants_csv([("甲", "100", "a", "0", "2023-02-01"),
                                    ("乙", "200", "a", "0", "2023-02-01")]), encoding="utf-8")
    result = runner.invoke(main, ["award", str(policy), "--year", "2023", "--applicants",
                                  str(path), "--lang", "en"])
    assert result.exit_code == 1
    assert re.search(message, result.output), result.output
    result = runner.invoke(main, ["award", str(policy), "--year", "2023", "--applicants",
                                  str(path)])
    assert result.exit_code == 1
    assert re.search(chinese, result.output), result.output


def test_explain_a_scaled_share(runner: CliRunner, tmp_path: Path) -> None:
    policy = write_tiny(tmp_path, tiny_policy(budget="700.01", firm_cap=True))
    path = tmp_path / "applicants.csv"
    path.write_text(applicants_csv([("甲", "800", "a", "1", "2023-02-01"),
                                    ("乙", "700", "a", "1", "2023-02-01"),
                                    ("丙", "400", "a", "1", "2023-02-01")]), encoding="utf-8")
    args = ["award", str(policy), "--year", "2023", "--applicants", str(path), "--explain", "甲",
            "--lang", "en"]
    text = runner.invoke(main, args).output
    assert "firm cap firm_limit = 300.00 — binds" in text
    assert ("scaled: 300.00 × 700.01 shared / 800.00 demanded = 262.50375 → rounded down to "
            "the fen + 0.01 of the rounding remainder") in text
    assert "Award: 262.51 元" in text and "firm_limit = 300 (2023–)" in text
    trace = json.loads(runner.invoke(main, [*args, "--json"]).output)
    assert trace["allocation"]["extra_fen"] is True and trace["before_rounding"] == "262.50375"


def test_illustrative_figures_are_said_in_the_table_and_the_json(runner: CliRunner) -> None:
    """The 2023 figures were chosen to reproduce the published total: every reader sees it."""
    text = runner.invoke(main, ["award", XIANYANG, "--lang", "en"]).output
    assert "figures" in text.splitlines()[3]
    assert text.count("illustrative*") == 7 and "* illustrative: the row's figures" in text
    chinese = runner.invoke(main, ["award", XIANYANG, "--lang", "zh"]).output
    assert chinese.count("示例*") == 7 and "* 示例:该行数据未公开" in chinese
    data = json.loads(runner.invoke(main, ["award", XIANYANG, "--json"]).output)
    assert set(data["illustrative"]) >= SEED_FIRMS
    assert all(a["illustrative"] is True and a["note"] for a in data["awards"])


def test_an_unmarked_file_has_no_illustrative_column(runner: CliRunner, tmp_path: Path) -> None:
    source = Path("processes/xianyang-culture-subsidy.applicants-2023.csv")
    lines = source.read_text(encoding="utf-8").splitlines()
    (tmp_path / "a.csv").write_text("\n".join(lines).replace(",true,", ",false,", 1) + "\n",
                                    encoding="utf-8")
    result = runner.invoke(main, ["award", XIANYANG, "--applicants", str(tmp_path / "a.csv"),
                                  "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["awards"][0]["illustrative"] is False and len(data["illustrative"]) == 6


def test_a_bad_illustrative_cell_is_located(runner: CliRunner, tmp_path: Path) -> None:
    source = Path("processes/xianyang-culture-subsidy.applicants-2023.csv")
    text = source.read_text(encoding="utf-8").replace(",true,film_tv_media",
                                                      ",maybe,film_tv_media", 1)
    (tmp_path / "a.csv").write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["award", XIANYANG, "--applicants", str(tmp_path / "a.csv"),
                                  "--lang", "en"])
    assert result.exit_code == 1
    assert "a.csv:2:3" in result.output and "`maybe` is not true or false" in result.output
    chinese = runner.invoke(main, ["award", XIANYANG, "--applicants", str(tmp_path / "a.csv"),
                                   "--lang", "zh"])
    assert "a.csv:2:3" in chinese.output and "`maybe` 不是 true 或 false" in chinese.output


@pytest.mark.parametrize(("sector", "eligible"), [
    pytest.param("other_cultural", True, id="any-cultural-firm"),
    pytest.param("other", False, id="not-cultural"),
])
def test_eligibility_is_any_cultural_or_creative_firm(runner: CliRunner, sector: str,
                                                      eligible: bool) -> None:
    result = runner.invoke(main, ["path", XIANYANG, "--set", f"sector={sector}", "--json"])
    data = json.loads(result.output)
    assert (data["outcome"] == "paid") is eligible


def test_a_new_park_of_ten_thousand_square_metres(runner: CliRunner) -> None:
    result = runner.invoke(main, ["path", XIANYANG, "--start", "2024-02-19", "--set",
                                  "new_park_area=12000", "--set", "paid_in_capital=0", "--json"])
    award = json.loads(result.output)["award"]
    assert award["year"] == 2023
    assert {"id": "new_park", "amount": "1000000.00"} in award["rewards"]


_SECTORS = ["film_tv_media", "ecommerce_livestreaming", "creative_design", "animation_games",
            "cultural_equipment", "other"]
_FLAG = st.sampled_from(["true", "false"])
_MONEY = st.integers(0, 4_000_000_000).map(lambda fen: f"{fen / 100:.2f}")
_APPLICANT = st.fixed_dictionaries({
    "sector": st.sampled_from(_SECTORS), "registered_in_zone": _FLAG,
    "expert_score": st.integers(40, 100).map(str),
    "paid_in_capital": st.integers(0, 20_000).map(lambda k: str(k * 1000)),
    "capital_reward_received": _FLAG, "incubator_year": st.integers(0, 3).map(str),
    "rent_paid": _MONEY, "revenue": st.integers(0, 300_000).map(lambda h: str(h * 100)),
    "revenue_growth": st.integers(-200, 600).map(lambda g: f"{g / 10:.1f}"),
    "vat_paid": _MONEY, "income_tax_paid": _MONEY,
    "tax_refund_years_used": st.integers(0, 4).map(str),
    "new_park_area": st.sampled_from(["0", "5000", "30000"]),
    "new_venue": st.sampled_from(["none", "cinema"]),
    "new_venue_area": st.integers(0, 3000).map(str),
    "films_in_national_cinemas": st.sampled_from(["0", "1"]),
    "dramas_on_key_channels": st.sampled_from(["0", "1"]),
    "graduate_months": st.sampled_from(["0", "12", "24", "36"]),
    "graduate_rent_paid": st.integers(0, 40_000).map(str),
    "note": st.text(max_size=6).map(str.strip), "illustrative": _FLAG,
})


@settings(max_examples=25, deadline=None)
@given(st.lists(_APPLICANT, min_size=1, max_size=12),
       st.lists(st.text(min_size=1, max_size=8).map(str.strip).filter(bool), min_size=12,
                max_size=12, unique=True))
def test_json_is_json_dumps_of_the_report(applicants: list[dict[str, str]],
                                          names: list[str]) -> None:
    """The streamed ``--json`` (its own encoder, 200,000 awards never at once) is the text
    ``json.dumps`` writes of the report, for any applicants: names and notes with quotes,
    newlines and Chinese, awards scaled to the budget or not."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "applicants.csv"
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, ["name", *applicants[0]])
            writer.writeheader()
            writer.writerows({"name": name, **row} for name, row in zip(names, applicants,
                                                                         strict=False))
        printed = CliRunner().invoke(main, ["award", XIANYANG, "--year", "2023",
                                            "--applicants", str(path), "--json"])
        assert printed.exit_code == 0, printed.output
        report = year_report(awarded(XIANYANG, year=2023, applicants=path).year)
    assert printed.stdout == json.dumps(report, ensure_ascii=False, indent=2) + "\n"
