"""Every command, given bad input of every kind a user hands it (a missing, empty, binary
or misshapen file; a file of a newer format; JSON, XML, CSV or XLSX that does not parse;
a bad value for an option), answers in Chinese by default: the scan is
``test_chinese_output``'s, over what the command prints.

Left out of the scan: click's usage line (it names the command and its metavariables),
the value or path the user gave (data), and ``wrote PATH`` (issue 20's one line a command
writes a file with).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_kit.cli import main
from tests.test_chinese_output import bundled, english

XI = "xianyang-culture-subsidy"
JI = "jining-construction-start"

FILES: dict[str, str | bytes] = {
    "bad.yaml": "id: [a, b\nx: 1\n", "list.yaml": "- a\n- b\n", "empty.yaml": "",
    "binary.yaml": b"\xff\xfe\x00garbage\x81", "tabs.yaml": "a:\n\tb: 1\n",
    "dup.yaml": "a: 1\na: 2\n", "newer.yaml": "format: 9\nid: x\n",
    "scalar.yaml": "just words\n",
    "not.json": "hello", "empty.json": "", "comma.json": '{"a": 1,,}', "list.json": "[1,2]",
    "other.json": '{"foo": 1}', "newer.json": '{"format": 7}', "binary.json": b"\xff\xfe",
    "bad.csv": 'a,b\n1\n"x\n', "empty.csv": "", "head.csv": "case,activity,time\n",
    "weird.csv": "x,y,z\n1,2,3\n",
    "badtime.csv": "case_id,activity,timestamp\nc1,a,notatime\nc1,b,2024-01-01\n",
    "cut.xes": "<log><trace>", "bad.xes.gz": "not gzip", "bad.xlsx": b"not a zip",
    "text.bpmn": "not xml", "root.bpmn": "<?xml version='1.0'?><root/>",
    "cut.bpmn": "<definitions><process></definitions>",
    "s.scenario.yaml": "format: 1\nprocess: xianyang-culture-subsidy\nfoo: 1\n",
    "other.scenario.yaml": "format: 1\nprocess: nosuch-process\n",
    "act.yaml": "activities: {a: nosuch}\n", "app.csv": "nom,x\na,1\n",
}
YAML = ["bad.yaml", "list.yaml", "empty.yaml", "binary.yaml", "tabs.yaml", "dup.yaml",
        "newer.yaml", "scalar.yaml", "missing.yaml", "."]
JSON = ["not.json", "empty.json", "comma.json", "list.json", "other.json", "newer.json",
        "binary.json", "."]
LOGS = ["bad.csv", "empty.csv", "head.csv", "weird.csv", "badtime.csv", "cut.xes",
        "bad.xes.gz", "bad.xlsx", "binary.yaml", "missing.csv", "."]

CASES: list[tuple[str, list[str]]] = [
    *((f"{command}-{name}", [command, f"{{{name}}}", *more]) for name in YAML
      for command, more in (("show", []), ("validate", []), ("path", []),
                            ("simulate", ["--cases", "5"]), ("award", []),
                            ("render", ["-o", "{out.svg}"]), ("report", ["-o", "{out.html}"]))),
    *((f"{command}-scenario-{name}", [command, XI, "--scenario", f"{{{name}}}", *more])
      for name in [*YAML, "s.scenario.yaml", "other.scenario.yaml"]
      for command, more in (("simulate", ["--cases", "5"]),
                            ("sweep", ["--vary", "arrivals=1,2", "--workers", "0"]))),
    *((f"render-{option}-{name}", ["render", XI, "-o", "{out.svg}", option, f"{{{name}}}"])
      for name in JSON for option in ("--path", "--heat")),
    *((f"{command}-{name}", [command, XI, "--log", f"{{{name}}}", *more]) for name in LOGS
      for command, more in (("conform", []), ("calibrate", ["-o", "{out.yaml}"]),
                            ("forecast", ["--as-of", "2024-06-01"]))),
    *((f"conform-activities-{name}", ["conform", XI, "--log", "{log}", "--activities",
                                      f"{{{name}}}"])
      for name in ["act.yaml", "list.yaml", "bad.yaml", "newer.yaml"]),
    *((f"import-{name}", ["import", f"{{{name}}}"])
      for name in ["text.bpmn", "root.bpmn", "cut.bpmn", "binary.yaml", "missing.bpmn"]),
    *((f"import-simulation-{name}", ["import", "{cut.bpmn}", "--simulation", f"{{{name}}}"])
      for name in JSON),
    *((f"award-applicants-{name}", ["award", XI, "--applicants", f"{{{name}}}"])
      for name in ["app.csv", "bad.csv", "empty.csv", "bad.xlsx", "missing.csv"]),
    ("award-no-policy", ["award", JI]),
    ("path-gantt", ["path", JI, "--gantt", "{out.svg}"]),
    ("path-start", ["path", JI, "--start", "2024-13-01"]),
    ("forecast-as-of", ["forecast", XI, "--log", "{log}", "--as-of", "June"]),
    ("compare-staff", ["compare", XI, "--staff", "x"]),
    ("compare-staff-count", ["compare", XI, "--staff", "culture_office=1.5"]),
    ("compare-duration", ["compare", XI, "--duration", "x"]),
    ("compare-duration-dist", ["compare", XI, "--duration", "submission={dist: nosuch}"]),
    ("compare-prob", ["compare", XI, "--prob", "review=0.5"]),
    ("compare-arrivals", ["compare", XI, "--arrivals", "-1"]),
    ("sweep-vary", ["sweep", XI, "--vary", "bogus"]),
    ("sweep-vary-name", ["sweep", XI, "--vary", "speed=1,2"]),
    ("sweep-vary-values", ["sweep", XI, "--vary", "arrivals=a,b"]),
    ("sweep-vary-range", ["sweep", XI, "--vary", "duration.submission=0.5..1.5"]),
    ("sweep-vary-count", ["sweep", XI, "--vary", "duration.submission=0.5..1.5:1"]),
    ("sweep-target", ["sweep", XI, "--vary", "arrivals=1,2", "--cases", "5",
                      "--replications", "2", "--workers", "0", "--target", "bogus"]),
    ("sweep-cost", ["sweep", XI, "--vary", "arrivals=1,2", "--cost", "a=b"]),
    ("sweep-cluster", ["sweep", XI, "--vary", "arrivals=1,2", "--cluster", "http://h"]),
    ("sweep-tls", ["sweep", XI, "--vary", "arrivals=1,2", "--tls-ca-file", "{log}"]),
    ("sweep-output", ["sweep", XI, "--vary", "arrivals=1,2", "-o", "{out.txt}"]),
    ("conform-calendar", ["conform", XI, "--log", "{log}", "--calendar", "mars"]),
    ("conform-salt", ["conform", XI, "--log", "{log}", "--pseudonymize"]),
    ("import-outcome", ["import", "{cut.bpmn}", "--outcome", "bogus"]),
    ("render-suffix", ["render", XI, "-o", "{out.txt}"]),
    ("simulate-event-log", ["simulate", XI, "--event-log", "{out.txt}"]),
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bad files, and a small good log of the Xianyang process."""
    path = tmp_path_factory.mktemp("bad")
    for name, content in FILES.items():
        if isinstance(content, bytes):
            (path / name).write_bytes(content)
        else:
            (path / name).write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["simulate", XI, "--cases", "20", "--replications",
                                       "1", "--event-log", str(path / "log.csv")])
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize(("name", "args"), CASES, ids=[name for name, _ in CASES])
def test_bad_input_is_said_in_chinese(runner: CliRunner, folder: Path, name: str,
                                      args: list[str]) -> None:
    given = [re.sub(r"\{(.*?)\}", lambda m: str(folder / ("log.csv" if m[1] == "log"
                                                            else m[1])), arg)
             for arg in args]
    result = runner.invoke(main, given)
    assert result.exit_code in (1, 2), result.output  # a refusal, never a crash (exit 1)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    said = re.sub(r"(?m)^(用法：|运行 '|wrote ).*$", " ", result.output)
    assert re.search(r"[\u4e00-\u9fff]", said), result.output  # something said, in Chinese
    for arg in sorted(given, key=len, reverse=True):
        if len(arg) > 2 and not arg.startswith("-"):  # a path or value given: data
            said = said.replace(arg, " ")
    ids, texts = bundled()
    found = [(line, words) for line in said.splitlines()
             if (words := english(line, ids, texts))]
    assert not found, f"{name}: English in Chinese output:\n" + "\n".join(
        f"  {words}  ←  {line.strip()[:160]}" for line, words in found)
