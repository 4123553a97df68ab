"""A long tail beyond an empirical table: the longest durations as a generalized Pareto.

Part of **simulate** (the scenario format's ``empirical`` distribution, its optional
``tail``). A table of observed durations says nothing beyond its longest row, and
little between its top rows; in an office where most cases pass a step at once and a
few wait for weeks, that top is where a forecast lives: a case that has waited 50
working days is asked how much longer it will wait. The peaks-over-threshold result of
extreme-value theory (Pickands; Balkema and de Haan) is that the excess of a duration
over a high threshold, given it passed the threshold, is close to a generalized Pareto
distribution: P(T > above + y | T > above) = (1 + ξ·y/σ)^(−1/ξ) (for ξ = 0, e^(−y/σ)).
Its shape ξ says how the wait left grows with the wait so far: given T > above + d, the
excess beyond it is again generalized Pareto with the same ξ and scale σ + ξ·d, so with
ξ > 0 a case that has waited longer is expected to wait longer still, with ξ = 0 the
tail has no memory, with ξ < 0 it ends at above + σ/|ξ|.

The table stays the body: with a ``tail``, a share ``share`` of the durations lie beyond
``above``, drawn as ``above`` plus a generalized Pareto excess, and the others are the
table's rows at or below ``above``, each equally likely. ``policy-kit calibrate`` fits
it (``policy_kit.calibrate.fit``); ``docs/scenarios.md`` documents it.
"""

from __future__ import annotations

import math

from pydantic import Field

from ..model import Frozen

__all__ = ["Tail"]

_NO_SHAPE = 1e-9
"""A shape this close to 0 is read as 0 (the exponential limit of the formulas)."""


class Tail(Frozen):
    """The durations beyond ``above``: a share of them, spread as a generalized Pareto."""

    above: float = Field(ge=0, allow_inf_nan=False, description=(
        "The threshold: the table describes the durations up to it."))
    share: float = Field(gt=0, lt=1, description="The share of durations beyond `above`.")
    shape: float = Field(ge=-1, lt=1, allow_inf_nan=False, description=(
        "ξ: above 0 a heavy tail (the longer a case has waited, the longer it is expected "
        "to wait), 0 no memory, below 0 a tail that ends; below 1, so the mean is finite."))
    scale: float = Field(gt=0, allow_inf_nan=False, description=(
        "σ, in the distribution's unit: the spread of the excess just beyond `above`."))

    def excess(self, level: float, ran: float = 0.0) -> float:
        """The excess beyond ``above + ran`` at ``level`` in [0, 1) of the excesses of
        durations known to be longer than ``above + ran`` (0 where the tail ended)."""
        xi = self.shape
        scale = self.scale + xi * ran
        if scale <= 0:
            return 0.0
        if abs(xi) < _NO_SHAPE:
            return -scale * math.log1p(-level)
        return scale / xi * math.expm1(-xi * math.log1p(-level))

    def survival(self, beyond: float) -> float:
        """P(T > above + beyond | T > above)."""
        if beyond <= 0:
            return 1.0
        xi = self.shape
        if abs(xi) < _NO_SHAPE:
            return math.exp(-beyond / self.scale)
        base = 1.0 + xi * beyond / self.scale
        return 0.0 if base <= 0 else base ** (-1.0 / xi)

    def mean_excess(self) -> float:
        """The mean of the excess beyond ``above`` (finite: the shape is below 1)."""
        return self.scale / (1.0 - self.shape)
