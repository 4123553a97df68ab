"""``scripts/setup`` is idempotent for real: a second run on a ready machine installs nothing
and contacts no package server; it waits for another package manager, then says why not.

These run the real script with stand-ins for ``apt-get``, ``sudo`` and ``npm`` that record
being called and fail, and with pip pointed at a closed port: any contact is a failure.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETUP = ROOT / "scripts" / "setup"


def _stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


def _recording_stubs(folder: Path, record: Path) -> None:
    for name in ("apt-get", "apt", "sudo", "npm", "dpkg"):
        _stub(folder, name, f'echo "{name} $*" >> "{record}"; exit 1')


def _environment(bin_folder: Path, path: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV"))}
    env.update(PATH=f"{bin_folder}:{path}", PIP_INDEX_URL="http://127.0.0.1:9/simple",
               PIP_NO_INDEX="1", PIP_RETRIES="0", PIP_TIMEOUT="1")
    return env


def _ready() -> bool:
    return (ROOT / ".venv" / "bin" / "python").exists() and shutil.which("dot") is not None


@pytest.mark.parametrize("extras", [[], ["--test"]], ids=["runtime", "test"])
def test_a_second_run_installs_nothing_and_says_so_in_one_line(tmp_path: Path,
                                                               extras: list[str]) -> None:
    if not _ready() and os.environ.get("CI") != "true":
        pytest.skip("this checkout has not been set up (run scripts/setup --test)")
    record = tmp_path / "called"
    stubs = tmp_path / "bin"
    stubs.mkdir()
    _recording_stubs(stubs, record)
    # The font is there, listed first among many: `fc-list | grep -q` used to fail with
    # SIGPIPE under pipefail and reinstall it about every other run.
    _stub(stubs, "fc-list", 'echo "Noto Sans CJK SC"; i=0; while [ $i -lt 20000 ]; do '
                            'echo "DejaVu Sans $i"; i=$((i+1)); done')
    for _ in range(3):
        result = subprocess.run([str(SETUP), *extras], capture_output=True, text=True,
                                env=_environment(stubs, os.environ["PATH"]), timeout=120,
                                check=False)
        assert result.returncode == 0, result.stderr
        assert not record.exists(), record.read_text(encoding="utf-8")
        assert result.stdout.splitlines() == [result.stdout.strip()]
        assert "nothing installed" in result.stdout
        assert result.stderr == ""


def _python() -> str:
    return getattr(sys, "_base_executable", None) or sys.executable


def test_a_held_package_lock_is_waited_for_then_explained(tmp_path: Path) -> None:
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    record = tmp_path / "called"
    _recording_stubs(bin_folder, record)
    _stub(bin_folder, "sudo", 'exec "$@"')  # not root: run the lock check as ourselves
    _stub(bin_folder, "fc-list", 'echo "Noto Sans CJK SC"')
    _stub(bin_folder, "rsvg-convert", "exit 0")
    for tool in ("env", "bash", "dirname", "id", "grep", "sed"):  # no `dot`: graphviz is due
        found = shutil.which(tool, path="/usr/bin:/bin")
        assert found is not None, tool
        (bin_folder / tool).symlink_to(found)
    (bin_folder / "python3").symlink_to(_python())
    lock = tmp_path / "lock-frontend"
    lock.write_text("", encoding="utf-8")
    env = {"PATH": str(bin_folder), "HOME": str(tmp_path), "POLICY_KIT_SETUP_LOCKS": str(lock),
           "POLICY_KIT_SETUP_LOCK_TIMEOUT": "1"}
    with lock.open("r+") as held:
        fcntl.lockf(held, fcntl.LOCK_EX)  # another package manager at work
        result = subprocess.run([str(SETUP)], capture_output=True, text=True, env=env,
                                timeout=60, check=False)
    assert result.returncode != 0
    assert "installing OS packages: graphviz" in result.stderr
    assert "waiting up to 1 s for another package manager" in result.stderr
    assert "still holds the package manager's lock after 1 s" in result.stderr
    assert "POLICY_KIT_SETUP_LOCK_TIMEOUT" in result.stderr
    assert not record.exists() or "apt-get" not in record.read_text(encoding="utf-8")


def test_an_unknown_option_is_a_usage_error() -> None:
    result = subprocess.run([str(SETUP), "--tset"], capture_output=True, text=True,
                            timeout=30, check=False)
    assert result.returncode == 2
    assert "unknown option --tset" in result.stderr


@pytest.mark.parametrize(("module", "package"), [("transitions", "transitions"),
                                                  ("yaml", "PyYAML")])
def test_a_missing_dependency_is_named_not_no_such_command(module: str, package: str) -> None:
    code = (f"import sys; sys.modules[{module!r}] = None\n"
            "from policy_kit.cli import main\n"
            "main(['path', 'xianyang-culture-subsidy'], prog_name='policy-kit')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=60, check=False,
                            env={**os.environ, "POLICY_KIT_LANG": "en"})
    assert result.returncode == 1, result.stderr
    assert "No such command" not in result.stderr and "Traceback" not in result.stderr
    assert f"`path` needs the Python package `{package}`" in result.stderr
    assert "run scripts/setup" in result.stderr
    chinese = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             cwd=ROOT, timeout=60, check=False,
                             env={**os.environ, "POLICY_KIT_LANG": "zh"})
    assert chinese.returncode == 1, chinese.stderr
    assert f"`path` 需要 Python 包 `{package}`" in chinese.stderr, chinese.stderr
