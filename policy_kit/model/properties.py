"""Declared properties: what the authors say holds for every case, for the checker to prove.

Part of the schema (load → **check** → …). A property is data, like the rest of the file;
``policy_kit.check.properties`` checks each one over the state space and reports a
violated one with a counterexample. Three forms, one per entry::

    properties:
      - {id: fire_first, never: "issued(construction_permit) and not done(fire_review)"}
      - {id: every_case_ends, eventually: "ended()"}
      - {id: answer_in_time, within: {from: intake, to: [approved, rejected], working_days: 60}}

``never`` and ``eventually`` take a condition in the guard language, which may also use
``issued(certificate)`` and ``ended()``; ``within`` bounds the government clock between
entering one step and first entering another.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from ..errors import Invalid
from .common import Frozen, Id, Limit, Provenance, Text, Whole

__all__ = ["Property", "PropertyKind", "Within"]

PropertyKind = Literal["never", "eventually", "within"]


class Within(Frozen):
    """From entering ``from`` to first entering one of ``to``: at most this long.

    Measured like a stage's limit, on the government clock: the limits of the steps in
    between, applicant and statutory time left out, concurrent regions counting as the
    slowest one.
    """

    from_: Id = Field(alias="from", description="A state or stage outside concurrent regions.")
    to: Id | tuple[Id, ...] = Field(description="A state or stage, or a list of them.")
    working_days: Whole | None = Field(default=None, ge=0, le=3650)
    natural_days: Whole | None = Field(default=None, ge=0, le=3650)

    @model_validator(mode="after")
    def _one_unit(self) -> Within:
        if (self.working_days is None) == (self.natural_days is None):
            raise Invalid("give exactly one of `working_days` and `natural_days`",
                          "`working_days` 和 `natural_days` 恰好给出一个")
        if isinstance(self.to, tuple) and not self.to:
            raise Invalid("`to` needs at least one state or stage", "`to` 至少需要一个状态或阶段")
        return self

    @property
    def targets(self) -> tuple[str, ...]:
        return (self.to,) if isinstance(self.to, str) else self.to

    @property
    def limit(self) -> Limit:
        return Limit(working_days=self.working_days, natural_days=self.natural_days)


class Property(Provenance):
    """One claim about every case; exactly one of ``never``, ``eventually``, ``within``."""

    id: Id
    name: Text | None = None
    never: str | None = Field(default=None, description="A condition no case may ever reach.")
    eventually: str | None = Field(
        default=None, description="A condition every case reaches, however it goes.")
    within: Within | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Property:
        given = [k for k in ("never", "eventually", "within") if getattr(self, k) is not None]
        if len(given) != 1:
            raise Invalid("give exactly one of `never`, `eventually` and `within`",
                          "`never`、`eventually` 和 `within` 恰好给出一个")
        return self

    @property
    def kind(self) -> PropertyKind:
        if self.never is not None:
            return "never"
        return "eventually" if self.eventually is not None else "within"
