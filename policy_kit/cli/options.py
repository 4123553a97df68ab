"""Options every command shares, declared once so they behave the same everywhere.

``lang_option``: ``--lang zh|en`` (``both`` where a picture can carry two labels), whose
default is ``policy_kit.language.default_lang()``: ``POLICY_KIT_LANG``, then the locale,
then Chinese. The default is read when the command runs, not when it is imported.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import click

from ..language import ENVIRONMENT_VARIABLE, default_lang

__all__ = ["LANG_DEFAULT_HELP", "lang_option", "parse_date"]

F = TypeVar("F", bound=Callable[..., Any])

LANG_DEFAULT_HELP = f"default: ${ENVIRONMENT_VARIABLE}, else the locale (zh* → zh, C → zh, " \
                    "others → en)"


def lang_option(help: str = "Language of the output.", both: bool = False) -> Callable[[F], F]:
    """``--lang``, with the user's default language; ``both`` adds ``--lang both``."""
    choices = ["zh", "en", "both"] if both else ["zh", "en"]
    return click.option("--lang", type=click.Choice(choices), default=_default,
                        show_default=False, help=f"{help} [{LANG_DEFAULT_HELP}]")


def _default() -> str:
    return default_lang()


def parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """A ``DATE`` option's callback (``--start``, ``--as-of``): ``YYYY-MM-DD``, refused in
    the reader's language (click's own ``DateTime`` says ``'%Y-%m-%d'`` and a datetime)."""
    from .i18n import spoken

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} 不是日期；请写成 `YYYY-MM-DD`，例如 2024-02-19" if spoken() == "zh" else
            f"{value!r} is not a date; write YYYY-MM-DD, for example 2024-02-19") from None
