"""What every result model of the public API shares: frozen, exact, and printed as given.

Part of the API layer (above the engines, below the CLI). A result is read from the plain
data an engine produces (``policy_kit.jsontext.plain``), so the model and ``--json`` come
from one source; ``extra="forbid"`` makes a key the model does not know an error (caught
by the tests that hold each model to its command), and a field with a default is written
back only when the data had it: ``path --json`` has no ``start`` key unless the walk was
dated, and neither has the model's dump. A key that is a Python keyword (``from``) is
the field's alias, and is written under it.
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, SerializerFunctionWrapHandler, model_serializer

from ..jsontext import plain

__all__ = ["Result"]


class Result(BaseModel):
    """A frozen record whose ``model_dump(mode="json")`` is the command's ``--json``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @model_serializer(mode="wrap")
    def _as_given(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        given = self.model_fields_set
        result = {}
        for name, field in type(self).model_fields.items():
            key = field.alias or name  # JSON's own key, such as ``from``, always
            if (name in given or field.is_required()) and (name in data or key in data):
                result[key] = data[name] if name in data else data[key]
        return result

    @classmethod
    def of(cls, data: Any) -> Self:
        """The model of an engine's plain data (decimals and dates as JSON writes them)."""
        return cls.model_validate(plain(data))
