"""Which language a user reads when they did not say: ``POLICY_KIT_LANG``, then the locale.

Part of the output edge of load → check → compile → simulate → render. Every command's
``--lang`` takes its default from :func:`default_lang` (through the one click option,
``policy_kit.cli.options.lang_option``), so a user chooses once, not per command:

1. ``POLICY_KIT_LANG`` — ``zh`` or ``en`` (anything else is a usage error, exit 2);
2. the locale for messages — the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is
   set and not empty, as POSIX orders them: ``zh*`` → Chinese; another language's locale
   (``en_US.UTF-8``, ``de_DE``, …) → English, the language the other one can read;
3. no locale at all — unset, ``C``, ``C.UTF-8`` or ``POSIX`` (servers, containers, CI) —
   → Chinese, the project's home language.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from .errors import UsageError
from .model import Lang

__all__ = ["ENVIRONMENT_VARIABLE", "LANGUAGES", "default_lang"]

ENVIRONMENT_VARIABLE = "POLICY_KIT_LANG"
LANGUAGES: tuple[Lang, ...] = ("zh", "en")
_NO_LOCALE = ("", "C", "POSIX")


def default_lang(environ: Mapping[str, str] | None = None) -> Lang:
    """The language to use when ``--lang`` is not given (see the module docstring)."""
    env = os.environ if environ is None else environ
    chosen = env.get(ENVIRONMENT_VARIABLE, "").strip()
    if chosen:
        if chosen not in LANGUAGES:
            raise UsageError(f"{ENVIRONMENT_VARIABLE}={chosen!r}: give zh or en",
                             zh=f"{ENVIRONMENT_VARIABLE}={chosen!r}：请给出 zh 或 en")
        return "zh" if chosen == "zh" else "en"
    locale = next((env[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG")
                   if env.get(name, "").strip()), "")
    return _from_locale(locale)


def _from_locale(locale: str) -> Lang:
    language = locale.strip().split(".")[0].split("@")[0]
    if language in _NO_LOCALE:
        return "zh"
    return "zh" if language.lower().startswith("zh") else "en"
