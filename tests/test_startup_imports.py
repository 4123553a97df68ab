"""A command does not load libraries it does not use: each costs every run's start-up
(``wcwidth`` 0.05 s, ``holidays`` 0.1 s, numpy 0.1 s), and start-up stays near 0.3 s."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("wcwidth", "numpy", "holidays", "ddsketch", "pyarrow", "matplotlib", "z3", "scipy",
         "pandas", "transitions", "lxml", "dask", "distributed")
"""Libraries some command needs, none of them ``simulate --json`` of a few cases."""


def test_simulate_json_of_a_few_cases_loads_no_heavy_library() -> None:
    code = ("import sys\n"
            "from click.testing import CliRunner\n"
            "from policy_kit.cli import main\n"
            "result = CliRunner().invoke(main, ['simulate', 'jining-construction-start',"
            " '--cases', '5', '--replications', '1', '--json'])\n"
            "assert result.exit_code == 0, result.output\n"
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n")
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                            text=True).stdout.strip()
    assert loaded == ""
