"""In Chinese output nothing English but ids and code: every command, run with ``--lang zh``
on the bundled processes, is scanned for ASCII words.

A word is allowed when it is an id in a bundled file (states, triggers, attributes, enum
values, reward ids, …: names a modeller chose; not the format's keys and kinds, which are
words a reader reads), a code word of the guard
language (``and``, ``done``), a unit or acronym in ``ALLOWED``, or part of a path, an
option (``--explain``), a check code (``PK402``) or a number. Free text the modeller wrote
in one language only (a suppression's reason, an assumption, an applicant's note) is data,
not the program's words, and is taken out before the scan; the English half of a bilingual
``{zh, en}`` text is not (printing it in Chinese output is exactly the mistake to catch).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policy_kit.cli import main
from policy_kit.source import read_yaml

PROCESSES = Path(__file__).resolve().parent.parent / "processes"
ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
WORD = re.compile(r"(?<![\w'])[A-Za-z][\w']*")
CODE = re.compile(
    r"`[^`\n]*`"                          # code spans: ids, expressions, commands
    r"|--?[a-z][\w-]*"                    # options, and arrows named by a trigger
    r"|\bPK\d{3}\b"                       # check codes
    r"|U\+[0-9A-F]{4,6}(?: \([^)]*\)| [A-Z -]+[A-Z])"  # a character and its Unicode name
    r"|[\w.~/-]*/[\w./#-]+"               # paths, and links into the docs
    r"|\b\w+(?:\.\w+)+\b"                 # dotted metric names (outcomes.approved)
    r"|\b[\w-]+\.(?:yaml|csv|xlsx|xes|svg|png|html|json|sarif|bpmn|dot)\b"
    r"|(?<![\w.])\.(?:yaml|csv|xlsx|xls|xes|gz|parquet|svg|png|pdf|html|json|sarif|bpmn|dot|gv"
    r"|mmd|md|mermaid)\b"                  # a file name's suffix, said alone
    r"|\b\d[\d,.]*(?:e[-+]?\d+)?(?:wd|nd|x)?\b"  # numbers, with the short units
    r"|\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b"  # process ids and calendars (cn-lenient)
)
ALLOWED = frozenset({
    # the guard language's words (code)
    "and", "or", "not", "in", "true", "false", "done", "issued", "min", "max", "abs",
    # units, statistics and formats that Chinese texts write in Latin letters
    "p50", "p90", "p95", "p99", "p", "F", "wd", "nd", "SLA", "KPI", "BPMN", "JSON", "YAML", "CSV",
    "XLSX", "SVG", "PNG", "HTML", "XES", "SARIF", "PDF", "DOT", "ID", "CI", "Dask", "UTF",
    "ASCII", "m²", "XML", "ZIP", "ISO", "Parquet", "Excel", "GBK",
    "policy", "kit", "GW", "m", "A", "B",
})


FORMAT_WORDS = ("kind", "actor", "clock", "type", "unit", "method", "rounding", "basis",
                "calendar", "severity")
"""Keys whose values are words of the file format (``kind: task``, ``actor: applicant``),
not names a modeller chose: output shows them in the reader's language."""


CHOSEN_KEYS = ("attributes", "parameters", "staff", "durations", "labels", "shares",
               "branches", "probabilities")
"""Sections whose keys the modeller names (attributes, parameters, departments' staff)."""


@cache
def bundled() -> tuple[frozenset[str], tuple[str, ...]]:
    """Every id and key in the bundled files, and their one-language free texts (longest
    first, so that a text is removed before any text inside it)."""
    ids: set[str] = set()
    texts: set[str] = set()
    for path in sorted(PROCESSES.glob("*.yaml")):
        data, _ = read_yaml(path)
        for kind, text in _strings(data):
            if kind == "key" and ("_" in text or text.startswith("chosen:")):
                ids.add(text.removeprefix("chosen:"))  # an attribute, a parameter, …
            if kind in ("key", *FORMAT_WORDS):  # the format's own words: say them in Chinese
                continue
            if ID.match(text):
                ids.add(text)
            elif kind != "en":
                texts.add(text)
    for path in sorted(PROCESSES.glob("*.csv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            texts.update(cell.strip('"') for cell in re.findall(r'"[^"]*"|[^,]+', line))
    return frozenset(ids), tuple(sorted(texts, key=len, reverse=True))


def _strings(data: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(data, dict):
        for name, value in data.items():
            yield "key", f"chosen:{name}" if key in CHOSEN_KEYS else str(name)
            yield from _strings(value, str(name))
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value, key)
    elif isinstance(data, str):
        yield key, data


def english(text: str, ids: frozenset[str] = frozenset(),
            texts: tuple[str, ...] = ()) -> list[str]:
    """The English words of ``text``: ASCII words that are not ids, code, units or data."""
    for data in texts:
        if len(data) > 3 and data in text:
            text = re.sub(rf"(?<![\w-]){re.escape(data)}(?![\w-])", " ", text)
    text = CODE.sub(" ", text)
    return [word for word in WORD.findall(text)
            if word not in ALLOWED and word not in ids and word.strip("'") not in ids]


def test_the_scan_finds_english_and_passes_ids_and_code() -> None:
    """The detector itself: it must catch a heading, and let ids, code and data through."""
    ids = frozenset({"approved", "item_eia"})
    assert english("outcome: approved", ids) == ["outcome"]
    assert english("limit of stage 立项: 3 of 20 wd used", ids) == ["limit", "of", "stage",
                                                                      "of", "used"]
    assert english("结果: approved · item_eia · PK402 · 12.5wd · p90 · `x >= 3` · --explain "
                   "· processes/a.yaml · cn-lenient", ids) == []
    assert english("理由: kept on purpose", ids, ("kept on purpose",)) == []
    assert english("95% CI [1.0, 2.0]") == []


def _run(runner: CliRunner, args: list[str]) -> str:
    result = runner.invoke(main, [*args, "--lang", "zh"])
    assert result.exit_code in (0, 1), result.output
    return result.output


JINING = "jining-construction-start"
XIANYANG = "xianyang-culture-subsidy"
COMMANDS: list[tuple[str, list[str]]] = [
    ("list", ["list"]),
    ("show", ["show", JINING]),
    ("show-policy", ["show", XIANYANG]),
    ("checks", ["checks"]),
    ("path", ["path", JINING]),
    ("path-award", ["path", XIANYANG]),
    ("path-dated", ["path", JINING, "--start", "2024-03-01"]),
    ("path-explain", ["path", XIANYANG, "--explain"]),
    ("validate", ["validate", *(str(p) for p in sorted(PROCESSES.glob("*.yaml")))]),
    ("simulate", ["simulate", XIANYANG, "--cases", "60", "--replications", "2"]),
    ("compare", ["compare", JINING, "jining-construction-start-pre-reform", "--cases", "30",
                 "--replications", "2"]),
    ("award", ["award", XIANYANG]),
    ("award-explain", ["award", XIANYANG, "--explain", "陕西西创互娱科技有限公司"]),
    ("sweep", ["sweep", XIANYANG, "--vary", "staff.culture_office=1..2", "--cases", "20",
               "--replications", "2", "--workers", "0"]),
    ("conform", ["conform", XIANYANG, "--log", "{log}"]),
]


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small event log of the Xianyang process, for the commands that read one."""
    path = tmp_path_factory.mktemp("log") / "cases.csv"
    result = CliRunner().invoke(main, ["simulate", XIANYANG, "--cases", "20",
                                       "--replications", "1", "--event-log", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize(("name", "args"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_chinese_output_has_no_english(runner: CliRunner, log: Path, name: str,
                                       args: list[str]) -> None:
    ids, texts = bundled()
    output = _run(runner, [arg.replace("{log}", str(log)) for arg in args])
    found = [(line, words) for line in output.splitlines()
             if (words := english(line, ids, texts))]
    assert not found, f"{name}: English in Chinese output:\n" + "\n".join(
        f"  {words}  ←  {line.strip()[:140]}" for line, words in found[:40])


def test_sarif_messages_are_chinese(runner: CliRunner) -> None:
    """SARIF carries the message text the code-scanning page shows: Chinese with --lang zh."""
    ids, texts = bundled()
    output = _run(runner, ["validate", "--format", "sarif", JINING])
    sarif = json.loads(output)
    shown = [r["message"]["text"] for run in sarif["runs"] for r in run["results"]]
    shown += [rule.get("help", {}).get("text", "") for run in sarif["runs"]
              for rule in run["tool"]["driver"]["rules"]]
    shown += [rule[key]["text"] for run in sarif["runs"] for rule in run["tool"]["driver"]
              ["rules"] for key in ("shortDescription", "fullDescription") if key in rule]
    assert shown
    found = [(text, words) for text in shown if (words := english(text, ids, texts))]
    assert not found, "\n".join(f"  {w}  ←  {t[:140]}" for t, w in found[:40])


@pytest.mark.parametrize("process", [JINING, XIANYANG])
def test_diagram_text_is_chinese(runner: CliRunner, tmp_path: Path, process: str) -> None:
    """Every text of a rendered diagram (names, arrows, guards, legend) in a Chinese SVG."""
    import html

    ids, texts = bundled()
    target = tmp_path / "d.svg"
    result = runner.invoke(main, ["render", process, "--format", "svg", "-o", str(target),
                                  "--lang", "zh"])
    assert result.exit_code == 0, result.output
    shown = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>",
                                                  target.read_text(encoding="utf-8"))]
    assert shown
    found = [(text, words) for text in shown if (words := english(text, ids, texts))]
    assert not found, "\n".join(f"  {w}  ←  {t[:140]}" for t, w in found[:40])


BROKEN = {
    "over-a-bound": ("requires: [form]}", "requires: [form], max_rounds: 21}"),
    "too-long-id": ("check", "c" * 81),
    "look-alike": ("check", "chеck"),
    "process-id": ("id: minimal", "id: Minimal_One"),
    "unknown-key": ("source: test", "source: test\ncolour: red"),
    "missing-key": ("title: {zh: 最小流程, en: Minimal process}\n", ""),
    "unknown-kind": ("type: number, min: 0", "type: numbr, min: 0"),
    "not-a-bool": ("requires: [form]}", "requires: [form], max_rounds: yes}"),
}


@pytest.mark.parametrize("case", list(BROKEN.values()), ids=list(BROKEN))
def test_format_errors_are_chinese(runner: CliRunner, tmp_path: Path,
                                   case: tuple[str, str]) -> None:
    """A definition that breaks the format: pydantic's messages, said in Chinese."""
    from tests.conftest import MINIMAL

    ids, texts = bundled()
    old, new = case
    path = tmp_path / "minimal.yaml"
    path.write_text(MINIMAL.replace(old, new), encoding="utf-8")
    output = _run(runner, ["validate", str(path)])
    assert "PK002" in output
    words = set(re.findall(r"[A-Za-z_][\w]*", MINIMAL + new)) | {"Minimal_One", "colour"}
    found = [(line, found) for line in output.splitlines()
             if (found := english(line, ids | words, texts))]
    assert not found, "\n".join(f"  {w}  ←  {t.strip()[:140]}" for t, w in found[:40])
