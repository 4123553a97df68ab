"""The errors policy-kit raises, and how each one shows itself to a user.

Every mistake a user can make ends in one of these, never in a traceback. The CLI
catches ``PolicyKitError`` and prints ``str(error)``; the exit code travels with it.

    PolicyKitError                  exit 1: something is wrong with the input
    ├── DefinitionError             a definition file (YAML, schema, references, guards);
    │                               carries every Problem found, each with file:line:col
    ├── ExpressionError             a guard or formula, before it is placed in a file
    │                               (offset into the expression text)
    ├── WalkError                   an application cannot go on (stuck, unknown trigger)
    ├── UnsoundError                the checker found errors, so simulating would hide cases
    │                               that never finish (``--allow-unsound`` goes on anyway)
    ├── MoneyError                  an amount too large to be money (a rule or data mistake)
    ├── LogError                    a case log cannot be read (file:line and the column)
    ├── RenderError                 a diagram could not be drawn
    │   └── GraphvizMissing         no ``dot`` program (render/graphviz.py; the DOT is kept)
    ├── MissingDependency           a Python package a command imports is not installed
    └── UsageError                  exit 2: the command line asks for something impossible
        └── PolicyYearError         the policy has no parameters for the year asked for

    Invalid (a ValueError)          a model validator's complaint in both languages: pydantic
                                    wraps it in its ValidationError, and ``validation`` reads
                                    its Chinese back from the error's context
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DefinitionError",
    "ExpressionError",
    "Invalid",
    "Location",
    "LogError",
    "MissingDependency",
    "MoneyError",
    "PolicyKitError",
    "PolicyYearError",
    "Problem",
    "RenderError",
    "UnsoundError",
    "UsageError",
    "WalkError",
]


@dataclass(frozen=True, order=True)
class Location:
    """A place in a definition file; ``line`` and ``column`` count from 1."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a definition: where, what, and how to fix it."""

    location: Location
    message: str
    hint: str = ""
    code: str = ""
    ids: tuple[str, ...] = ()
    message_zh: str = ""
    """The message in Chinese, where the reader that found the problem gives one (Chinese
    output falls back to ``message``)."""
    hint_zh: str = ""

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str) -> str:
        """The problem as the CLI prints it, in ``lang`` (Chinese where it was given)."""
        zh = lang == "zh"
        code = f" [{self.code}]" if self.code else ""
        text = f"{self.location}: {(self.message_zh if zh else '') or self.message}{code}"
        hint = (self.hint_zh if zh else "") or self.hint
        return f"{text}\n    {'提示' if zh else 'hint'}: {hint}" if hint else text


class PolicyKitError(Exception):
    """Base of every error policy-kit raises on purpose.

    ``zh`` is the message in Chinese, where the code that raises it gives one: ``text``
    picks the reader's language (the CLI prints ``text(lang)``).
    """

    exit_code = 1

    def __init__(self, *args: object, zh: str = "") -> None:
        super().__init__(*args)
        self.zh = zh

    def text(self, lang: str) -> str:
        """The message in ``lang``: the Chinese one where it was given."""
        return self.zh if lang == "zh" and self.zh else str(self)


class DefinitionError(PolicyKitError):
    """A definition file cannot be used; ``problems`` lists every reason found."""

    def __init__(self, problems: tuple[Problem, ...] | list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def text(self, lang: str) -> str:
        return "\n".join(p.text(lang) for p in self.problems)

    @classmethod
    def single(cls, location: Location, message: str, hint: str = "",
               zh: tuple[str, str] = ("", "")) -> DefinitionError:
        """One problem; ``zh`` is its message and hint in Chinese."""
        return cls((Problem(location, message, hint, message_zh=zh[0], hint_zh=zh[1]),))


class ExpressionError(PolicyKitError):
    """A guard or formula is malformed, unsafe or ill-typed.

    ``offset`` is the 0-based character position in the expression text where the
    problem starts; the loader turns it into a file:line:col.
    """

    def __init__(self, message: str, offset: int = 0, hint: str = "",
                 zh: tuple[str, str] | None = None) -> None:
        self.message = message
        self.offset = offset
        self.hint = hint
        self.message_zh, self.hint_zh = zh if zh is not None else (message, hint)
        """The message and hint in Chinese (``zh``; without it, the English ones)."""
        super().__init__(f"column {offset + 1}: {message}" + (f" ({hint})" if hint else ""))


class Invalid(ValueError):
    """What a pydantic model validator refuses, in English (``str``) and in Chinese
    (``zh``). Raised where a validator would raise ``ValueError``: pydantic keeps the
    exception in the error's ``ctx``, so the message survives into Chinese output."""

    def __init__(self, message: str, zh: str) -> None:
        super().__init__(message)
        self.zh = zh


class WalkError(PolicyKitError):
    """An application cannot take the step asked of it."""


class UnsoundError(PolicyKitError):
    """The checker found errors in the process (exit code 1)."""


class MoneyError(PolicyKitError):
    """An amount is too large to be money (exit code 1)."""


class LogError(PolicyKitError):
    """A case log (CSV, XLSX, XES) cannot be read: the message names the file, the row and
    the column where that applies, and what the file has instead."""


class RenderError(PolicyKitError):
    """A diagram could not be produced (for example Graphviz's ``dot`` is missing)."""


# import name → the package that provides it, where the two differ
_DISTRIBUTIONS = {"yaml": "PyYAML", "chinese_calendar": "chinese-calendar",
                  "dateutil": "python-dateutil", "ddsketch": "ddsketch",
                  "distributed": "dask[distributed]", "lxml": "lxml"}


class MissingDependency(PolicyKitError):
    """A command cannot start: a Python package it imports is not installed.

    Said plainly instead of click's "No such command", which hid the ImportError.
    """

    def __init__(self, command: str, module: str) -> None:
        self.command = command
        self.module = module
        top = module.split(".")[0]
        self.package = _DISTRIBUTIONS.get(top, top)
        super().__init__(f"`{command}` needs the Python package `{self.package}` (module "
                         f"`{module}`), which is not installed here: run scripts/setup in the "
                         "checkout (or `pip install policy-kit` again) and try again",
                         zh=f"`{command}` 需要 Python 包 `{self.package}`（模块 `{module}`），"
                            "这里没有安装：请在代码目录中运行 `scripts/setup`（或重新 "
                            "`pip install policy-kit`）后再试")


class UsageError(PolicyKitError):
    """The command line asks for something that cannot be done (exit code 2)."""

    exit_code = 2


_LISTED = 4
"""Parameters named per year in ``PolicyYearError``; the rest are counted."""


class PolicyYearError(UsageError):
    """The policy has no value for some parameter in the year asked for (exit code 2)."""

    def __init__(self, year: int, missing: tuple[tuple[str, Location, str], ...]) -> None:
        self.year = year
        self.missing = missing
        groups: dict[str, list[tuple[str, Location]]] = {}
        for name, where, covered in missing:
            groups.setdefault(covered, []).append((name, where))
        lines = [f"the policy has no parameters for {year}:"]
        lines_zh = [f"政策没有 {year} 年的参数:"]
        for covered, items in groups.items():
            names = ", ".join(f"`{name}`" for name, _ in items[:_LISTED])
            more = f" and {len(items) - _LISTED} more" if len(items) > _LISTED else ""
            more_zh = f" 等 {len(items)} 个" if len(items) > _LISTED else ""
            lines.append(f"  {items[0][1]}: {names}{more} "
                         f"{'is' if len(items) == 1 else 'are'} set for {covered} only")
            lines_zh.append(f"  {items[0][1]}: {names}{more_zh} 只在 {covered} 有值")
        lines.append(f"  hint: choose a year the policy covers, or add values for {year} "
                     "(each with its reference)")
        lines_zh.append(f"  提示: 选政策涵盖的年份,或补上 {year} 年的取值(每个都写明出处)")
        super().__init__("\n".join(lines), zh="\n".join(lines_zh))
