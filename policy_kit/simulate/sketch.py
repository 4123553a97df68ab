"""A figure over many cases in flat memory: count, running moments, and a quantile sketch.

Part of **simulate** (results), and the one home of ``ddsketch``. A run of ten million
cases cannot keep every cycle time to sort for its percentiles; a ``Summary`` keeps

- the count, the sum (exactly rounded: ``math.fsum`` per chunk, the chunks' sums summed
  with ``fsum`` again) and the sum of squared deviations (per chunk, combined with Chan's
  formula), so the mean is as exact as from the whole list and the variance is stable;
- a DDSketch (Masson, Rim & Lee, VLDB 2019) with relative accuracy ``RELATIVE_ACCURACY``:
  every quantile it returns is within that fraction of the true value of some case at
  that rank. It is *mergeable*: replications run in other processes, or on other
  machines, are combined exactly as if one sketch had seen every case.

While a summary has seen at most ``EXACT_UP_TO`` values it also keeps them, and a
percentile of summaries that together saw no more is exact (``stats.percentile``: linear
between order statistics), so small runs and hand-checked tests see the textbook
figure; beyond that, the sketch answers (DDSketch's rank convention, ``q * (n - 1)``,
lower order statistic), within the stated accuracy of the exact one (a test checks on
100,000 cases). Memory stays bounded either way. The engine pays an array append per
case: the values go to the moments 4,096 at a time, and to the sketch only once it is
needed (the summary outgrows ``EXACT_UP_TO``, or is merged), then 4,096 at a time.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable
from typing import Any

from .stats import percentile

__all__ = ["EXACT_UP_TO", "RELATIVE_ACCURACY", "Summary"]

RELATIVE_ACCURACY = 0.005
"""A returned quantile is within 0.5% of the true value (what ``--json`` states)."""

EXACT_UP_TO = 10_000
"""Up to this many values, percentiles are exact (the values are kept: 80 kB at most)."""

_CHUNK = 4096


def _sketch() -> Any:
    from ddsketch import DDSketch  # imported when the first figure is summed up

    return DDSketch(relative_accuracy=RELATIVE_ACCURACY)


class Summary:
    """Count, mean, variance and quantiles of values added one at a time."""

    __slots__ = ("buffer", "exact", "fed", "m2", "mean", "n", "ordered", "partials", "sketch",
                 "sketched")

    def __init__(self) -> None:
        self.buffer = array("d")
        """The values not yet fed to the sketch; while ``exact``, every value so far."""
        self.exact = True
        self.fed = 0
        """How many of ``buffer`` the sketch and the moments have seen."""
        self.n = 0
        self.partials: list[float] = []
        """Each chunk's exact sum (their ``fsum`` is the total)."""
        self.mean = 0.0
        self.m2 = 0.0
        """Sum of squared deviations from the mean (Welford's M2)."""
        self.sketch: Any = None
        self.sketched = 0
        self.ordered: list[float] | None = None
        """While ``exact``, the values sorted, for the percentiles (a report asks a dozen:
        sorted once, not for each; kept while no value is added)."""
        """While ``exact``, how many of ``buffer`` the sketch has seen: none, until a merge
        or the loss of exactness needs it (the percentiles come from the values then; a
        sketch fed as cases finish cost a Jining run of 10,000 cases 2%)."""

    def add(self, value: float) -> None:
        buffer = self.buffer
        buffer.append(value)
        if len(buffer) - self.fed >= _CHUNK:
            self.flush()

    def flush(self) -> None:
        """Feed the values not yet seen to the moments and the sketch."""
        buffer = self.buffer
        if len(buffer) > self.fed:
            chunk = buffer[self.fed:]
            if not self.exact:
                self._feed(chunk)
            total = math.fsum(chunk)
            mean = total / len(chunk)
            m2 = math.fsum((x - mean) ** 2 for x in chunk)
            self._combine(len(chunk), [total], mean, m2)
            self.fed = len(buffer)
        if self.exact and len(buffer) > EXACT_UP_TO:
            self.complete()
            self.exact = False
        if not self.exact:
            self.buffer = array("d")
            self.fed = 0

    def _feed(self, values: Iterable[float]) -> None:
        if self.sketch is None:
            self.sketch = _sketch()
        add = self.sketch.add
        for value in values:
            add(value)

    def complete(self) -> Any:
        """The sketch, having seen every value so far (while ``exact``, the values it has
        not seen yet are fed to it now)."""
        if self.exact and self.sketched < len(self.buffer):
            self._feed(self.buffer[self.sketched:])
            self.sketched = len(self.buffer)
        elif self.sketch is None:
            self.sketch = _sketch()
        return self.sketch

    def _combine(self, n: int, partials: list[float], mean: float, m2: float) -> None:
        """Add ``n`` values of that mean and M2 (Chan, Golub & LeVeque's formula)."""
        before = self.n
        after = before + n
        delta = mean - self.mean
        self.m2 += m2 + delta * delta * before * n / after
        self.mean += delta * n / after
        self.n = after
        self.partials.extend(partials)

    @property
    def count(self) -> int:
        """How many values were added."""
        self.flush()
        return self.n

    @property
    def total(self) -> float:
        self.flush()
        return math.fsum(self.partials)

    def average(self) -> float | None:
        """The mean of every value added (None: none was)."""
        self.flush()
        return math.fsum(self.partials) / self.n if self.n else None

    def variance(self) -> float | None:
        self.flush()
        return self.m2 / (self.n - 1) if self.n > 1 else None

    def percentile(self, p: float) -> float | None:
        """The ``p``-th percentile (0–100): exact while ``exact``, else within
        ``RELATIVE_ACCURACY`` of a true value."""
        self.flush()
        if not self.n:
            return None
        if self.exact:
            ordered = self.ordered
            if ordered is None or len(ordered) != len(self.buffer):  # values only append
                ordered = self.ordered = sorted(self.buffer)
            return percentile(ordered, p)
        value: float = self.sketch.get_quantile_value(p / 100.0)
        return value

    def __getstate__(self) -> dict[str, Any]:
        self.flush()
        state = {name: getattr(self, name) for name in self.__slots__}
        state["ordered"] = None  # made again where it is asked for: not sent to workers
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for key, value in state.items():
            setattr(self, key, value)

    @classmethod
    def merged(cls, summaries: Iterable[Summary]) -> Summary:
        """One summary of everything the given ones saw, combined in the order given (so
        the result does not depend on which process made which)."""
        result = cls()
        result.exact = True
        parts = []
        for summary in summaries:
            summary.flush()
            if not summary.n:
                continue
            parts.append(summary)
            result._combine(summary.n, summary.partials, summary.mean, summary.m2)
            result.exact = result.exact and summary.exact and result.n <= EXACT_UP_TO
            if result.exact:
                result.buffer.extend(summary.buffer)
        if not result.exact:  # its percentiles come from the sketches, merged
            result.buffer = array("d")
            result.sketch = _sketch()
            for summary in parts:
                result.sketch.merge(summary.complete())
        result.fed = len(result.buffer)  # an exact one keeps every value, sketched later
        return result
