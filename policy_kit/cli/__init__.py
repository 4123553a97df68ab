"""The ``policy-kit`` command line: parse arguments, call the library, print.

The edge of load → check → compile → simulate → render: no domain logic lives here.
Commands are imported only when invoked, keeping start-up fast (``validate`` on every
bundled process must take well under a second, start-up included).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Sequence
from typing import Any

import click

from ..errors import MissingDependency, PolicyKitError
from ..library_zh import os_error_zh
from .i18n import Context, asked_lang, speaking, spoken

__all__ = ["main"]

# command name → (module, attribute, one-line help shown by --help without importing it)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "list": ("catalogue", "list_command", "List the bundled processes."),
    "show": ("catalogue", "show_command", "Show a process: stages, limits, departments, …"),
    "schema": ("catalogue", "schema_command", "Print the JSON Schema of definition files."),
    "validate": ("validate", "validate_command", "Check definitions before anyone relies on "
                                                 "them."),
    "checks": ("validate", "checks_command", "List every check with its code."),
    "path": ("path", "path_command", "Walk one application through a process."),
    "render": ("render", "render_command", "Draw a process as a diagram."),
    "simulate": ("simulate", "simulate_command", "Simulate many applications."),
    "compare": ("compare", "compare_command", "Compare two processes or scenarios."),
    "sweep": ("sweep", "sweep_command", "Simulate a grid of what-ifs; the cheapest meeting "
                                        "a target."),
    "award": ("award", "award_command", "Compute a policy's awards and explain them."),
    "conform": ("conform", "conform_command", "Replay a case log against a process."),
    "calibrate": ("calibrate", "calibrate_command", "Fit a scenario to a case log."),
    "forecast": ("forecast", "forecast_command", "Forecast when a log's open cases finish."),
    "import": ("importer", "import_command", "Import a BPMN 2.0 process as a definition."),
    "report": ("report", "report_command", "Write one self-contained HTML report of a "
                                           "process."),
}


class _Group(click.Group):
    """Loads commands lazily and turns ``PolicyKitError`` into a message and an exit code;
    runs in one language (``i18n``), its help and click's own messages included."""

    context_class = Context

    def main(self, args: Sequence[str] | None = None, *rest: Any, **settings: Any) -> Any:
        arguments = list(sys.argv[1:] if args is None else args)
        with speaking(asked_lang(arguments)):
            return super().main(arguments, *rest, **settings)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self._available(name)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute, _ = COMMANDS[cmd_name]
        try:
            module = importlib.import_module(f"{__name__}.{module_name}")
        except ModuleNotFoundError as error:
            if error.name == f"{__name__}.{module_name}":  # the command is not in this build
                return None
            raise MissingDependency(cmd_name, error.name or str(error)) from None
        command: click.Command = getattr(module, attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PolicyKitError as error:
            lang = spoken()
            text = error.text(lang)
            click.echo(text if "\n" in text else f"{'错误' if lang == 'zh' else 'error'}: {text}",
                       err=True)
            ctx.exit(error.exit_code)
        except OSError as error:  # a file that cannot be read or written: not a crash
            where = f"{error.filename}: " if error.filename else ""
            said = os_error_zh(error) if spoken() == "zh" else error.strerror or error
            click.echo(f"{'错误' if spoken() == 'zh' else 'error'}: {where}{said}", err=True)
            ctx.exit(1)

    @staticmethod
    def _available(name: str) -> bool:
        module_name = COMMANDS[name][0]
        return importlib.util.find_spec(f"{__name__}.{module_name}") is not None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policy-kit", prog_name="policy-kit")
def main() -> None:
    """policy-kit: model government approval processes as data; check, walk, simulate and
    draw them.

    ID|FILE arguments take a bundled process id (see `policy-kit list`) or a path.
    Exit codes: 0 success, 1 the input has errors, 2 usage errors.
    """
    if sys.stdout.encoding and sys.stdout.encoding.lower() in ("ascii", "ansi_x3.4-1968"):
        sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
