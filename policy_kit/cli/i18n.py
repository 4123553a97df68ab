"""One language a run: our help in Chinese, and click's own words (``Usage:``, ``No such
option``, ``Invalid value for``) through the gettext catalogue click is written for.

Part of the CLI edge of load → check → compile → simulate → render. The language is
``--lang`` if the command line gives it, else ``policy_kit.language.default_lang``
(``POLICY_KIT_LANG``, then the locale). It must be known before click parses anything:
``--help`` and a usage error are answered while parsing, before ``--lang`` is an option
value, so :func:`asked_lang` reads the raw arguments.

Two kinds of text are translated, each the way its owner allows:

- click's strings go through ``gettext.gettext`` in click's modules. :func:`speaking`
  points gettext's default domain at our compiled catalogue (``policy_kit/locale``, from
  ``click_zh.CLICK_ZH``) and ``LANGUAGE`` at ``zh`` for the run, then puts both back. The
  trap: gettext reads the language from the environment at every call, and a few click
  strings are made at import (a ``click.Path``'s "file"): those are left English in the
  catalogue's messages (``click_zh`` writes the Chinese without them).
- our command docstrings and option help are English in the code and Chinese in
  ``help_zh.HELP_ZH``, keyed by the English (gettext's way): :class:`Formatter`, the help
  formatter of every command (``command`` declares them with :class:`Command`), writes the
  Chinese when the run speaks Chinese. An English text without a Chinese one is written as
  it is; a test reads every command's ``--help`` in Chinese for ASCII words.
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import click

from ..errors import PolicyKitError
from ..language import LANGUAGES, default_lang
from ..model import Lang
from ..textwidth import columns
from .help_zh import HELP_ZH, LANG_DEFAULT_HELP_ZH
from .options import LANG_DEFAULT_HELP

__all__ = ["DOMAIN", "LOCALE_DIR", "Command", "Context", "Formatter", "asked_lang", "command",
           "speaking", "translated"]

DOMAIN = "policy_kit_click"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
_SPOKEN: ContextVar[Lang | None] = ContextVar("policy_kit_spoken", default=None)


def asked_lang(args: Sequence[str]) -> Lang:
    """The ``--lang`` of the raw arguments (``zh`` or ``en``; ``both`` reads as Chinese),
    else the default language; a bad ``POLICY_KIT_LANG`` reads as English, the language of
    its own error message's reader."""
    for index, arg in enumerate(args):
        value = args[index + 1] if arg == "--lang" and index + 1 < len(args) else (
            arg.partition("=")[2] if arg.startswith("--lang=") else None)
        if value in LANGUAGES:
            return "zh" if value == "zh" else "en"
        if value == "both":
            return "zh"
    try:
        return default_lang()
    except PolicyKitError:
        return "en"


def spoken() -> Lang:
    """The language of this run (``speaking``), else the default one."""
    lang = _SPOKEN.get()
    if lang is not None:
        return lang
    try:
        return default_lang()
    except PolicyKitError:
        return "en"


@contextmanager
def speaking(lang: Lang) -> Iterator[None]:
    """Run click in ``lang``: our help and click's own strings both (see the module)."""
    token = _SPOKEN.set(lang)
    if lang != "zh":
        try:
            yield
        finally:
            _SPOKEN.reset(token)
        return
    domain = gettext.textdomain()
    language = os.environ.get("LANGUAGE")
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = "zh"
    try:
        yield
    finally:
        gettext.textdomain(domain)
        if language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = language
        _SPOKEN.reset(token)


def translated(text: str) -> str:
    """``text`` in the run's language: the Chinese of ``HELP_ZH`` when it speaks Chinese
    (a ``--lang`` help's default note too), else ``text``."""
    if spoken() != "zh":
        return text
    found = HELP_ZH.get(text)
    if found is not None:
        return found
    note = f" [{LANG_DEFAULT_HELP}]"
    if text.endswith(note):
        head = HELP_ZH.get(text[: -len(note)])
        if head is not None:
            return f"{head}[{LANG_DEFAULT_HELP_ZH}]"
    return text


_USAGE_WORDS = {"[OPTIONS]": "[选项]", "COMMAND": "命令", "[ARGS]...": "[参数]..."}


class Formatter(click.HelpFormatter):
    """click's help formatter, writing our help texts in the run's language. Chinese is
    wrapped by terminal columns (click's wrapping counts characters and breaks only at
    spaces, which Chinese has none of)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if spoken() == "zh":
            args = " ".join(_USAGE_WORDS.get(word, word) for word in args.split(" "))
        super().write_usage(prog, args, prefix)

    def write_text(self, text: str) -> None:
        text = translated(text)
        if spoken() != "zh":
            super().write_text(text)
            return
        indent = " " * self.current_indent
        for index, paragraph in enumerate(text.split("\n\n")):
            if index:
                self.write("\n")
            for line in paragraph.split("\n"):
                self.write("".join(f"{indent}{part}\n" for part in
                                   _wrapped(line, self.width - self.current_indent)))

    def section(self, name: str) -> Any:
        return super().section(translated(name))

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        rows = [(term, _described(text)) for term, text in rows]
        if spoken() != "zh":
            super().write_dl(rows, col_max, col_spacing)
            return
        first = min(max((columns(term) for term, _ in rows), default=0), col_max) \
            + col_spacing
        lead = " " * self.current_indent
        for term, text in rows:
            self.write(f"{lead}{term}")
            if columns(term) <= first - col_spacing:
                self.write(" " * (first - columns(term)))
            else:
                self.write("\n" + " " * (first + self.current_indent))
            lines = _wrapped(text, max(self.width - first - self.current_indent, 10)) or [""]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (first + self.current_indent) + line + "\n")


_TOKEN = re.compile(r"[!-~]+|\s+|.")
"""A run of visible ASCII (a word, an option, code: never split), a space, or one other
character (a Chinese line may break between any two)."""


def _wrapped(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns (a longer word alone)."""
    lines: list[str] = []
    line, used = "", 0
    for token in _TOKEN.findall(text):
        size = columns(token)
        if used + size > width and line.strip():
            lines.append(line.rstrip())
            line, used = "", 0
        if not line and token.isspace():
            continue
        line += token
        used += size
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _described(text: str) -> str:
    """An option's help as click composed it, ``HELP  [EXTRAS]``, with ``HELP`` translated
    (click's extras are its own gettext strings)."""
    head, gap, extras = text.rpartition("  [")
    if gap and extras.endswith("]"):
        return translated(head) + gap + extras
    return translated(text)


class Context(click.Context):
    formatter_class = Formatter


class Command(click.Command):
    context_class = Context


def command(name: str, **settings: Any) -> Callable[[Callable[..., Any]], Command]:
    """``click.command`` for our commands: their help follows the run's language."""
    return click.command(name, cls=Command, **settings)
