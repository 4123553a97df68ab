"""Stable pseudonyms for people and firms in any output: salted hashes of their names.

Case tables name applicants, officers and firms; ``--pseudonymize`` replaces each name
by ``p-`` and 12 hex digits of an HMAC-SHA-256 under a secret salt, so the same name
gets the same pseudonym in every output made with the same salt (tables can still be
joined), and nobody without the salt can check a guessed name. The salt comes from the
environment variable ``POLICY_KIT_SALT`` or from a file named by ``POLICY_KIT_SALT_FILE``
(or given by the caller); there is no default salt, because a known salt is no salt.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable
from pathlib import Path

from .errors import UsageError
from .library_zh import os_error_zh

__all__ = ["pseudonymizer", "salt_from_environment"]


def salt_from_environment(salt_file: Path | None = None) -> bytes:
    """The salt: ``salt_file``, else ``POLICY_KIT_SALT``, else ``POLICY_KIT_SALT_FILE``."""
    named = salt_file or (Path(os.environ["POLICY_KIT_SALT_FILE"])
                          if os.environ.get("POLICY_KIT_SALT_FILE") else None)
    if named is not None:
        try:
            salt = named.read_bytes().strip()
        except OSError as error:
            raise UsageError(f"salt file {named}: {error.strerror}",
                             zh=f"盐文件 {named}：{os_error_zh(error)}") from None
    else:
        salt = os.environ.get("POLICY_KIT_SALT", "").encode("utf-8")
    if len(salt) < 8:
        raise UsageError("--pseudonymize needs a secret salt of at least 8 characters: set "
                         "POLICY_KIT_SALT, or POLICY_KIT_SALT_FILE to a file holding it",
                         zh=("--pseudonymize 需要至少 8 个字符的秘密盐：请设置 `POLICY_KIT_SALT`，"
                             "或把 `POLICY_KIT_SALT_FILE` 设为存放它的文件"))
    return salt


def pseudonymizer(salt: bytes) -> Callable[[str], str]:
    """A function from a name to its pseudonym under ``salt`` (memoised: logs repeat names)."""
    known: dict[str, str] = {}

    def pseudonym(name: str) -> str:
        found = known.get(name)
        if found is None:
            digest = hmac.new(salt, name.encode("utf-8"), hashlib.sha256).hexdigest()
            found = known[name] = f"p-{digest[:12]}"
        return found

    return pseudonym
