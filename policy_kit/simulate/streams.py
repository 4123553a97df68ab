"""Each case's own random numbers, cheap enough to give every case a stream of its own.

Part of **simulate**: common random numbers need every case to draw from a stream of its
own, so that two variants run with the same seed give case *n* the same numbers however
the other cases go. A Mersenne Twister per case does that, but seeding one fills 2.5 kB
of state, which cost more than the rest of a case's simulation. So the first ``BLOCK``
numbers of case *n* are the *n*-th block of ``BLOCK`` numbers of one stream per
replication (cases take their blocks in order of arrival, which depends on the seed
alone); a case that needs more goes on with a Twister seeded by (seed, replication,
case), made only then. ``Stream`` offers what the samplers use of ``random.Random``,
computed from these numbers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain, islice
from random import Random
from typing import TypeVar, cast

__all__ = ["BLOCK", "Draws", "Stream", "Streams"]

BLOCK = 16
"""Numbers a case takes from its replication's block stream; a case of the benchmark
model needs about 11. Changing it changes every result for a seed."""

_T = TypeVar("_T")


class Stream:
    """One case's random numbers: ``random()`` and what ``random.Random`` builds on it."""

    __slots__ = ("gauss_next", "random")

    def __init__(self, block: list[float], more: Iterator[float]) -> None:
        self.random = chain(block, more).__next__
        """The next number in [0, 1) (a C-level call, as ``Random.random`` is)."""
        self.gauss_next: float | None = None
        """The second of a pair of normal draws (``Random.gauss``'s cache)."""

    # The rest of what samplers ask of a stream, with ``random.Random``'s arithmetic:
    # its methods read nothing of their object but ``random()`` (and ``normalvariate``).

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self.random()

    def triangular(self, low: float, high: float, mode: float) -> float:
        return Random.triangular(cast(Random, self), low, high, mode)

    def normalvariate(self, mu: float, sigma: float) -> float:
        return Random.normalvariate(cast(Random, self), mu, sigma)

    def lognormvariate(self, mu: float, sigma: float) -> float:
        return Random.lognormvariate(cast(Random, self), mu, sigma)

    def gammavariate(self, alpha: float, beta: float) -> float:
        return Random.gammavariate(cast(Random, self), alpha, beta)

    def expovariate(self, lambd: float) -> float:
        return Random.expovariate(cast(Random, self), lambd)

    def choice(self, seq: Sequence[_T]) -> _T:
        """An element of ``seq``, each as likely (from one number, not ``getrandbits``)."""
        return seq[min(int(self.random() * len(seq)), len(seq) - 1)]


Draws = Random | Stream
"""What a sampler draws from: a replication's own stream, or a case's."""


class Streams:
    """The streams of one replication's cases, handed out in order of arrival."""

    def __init__(self, seed_base: int) -> None:
        self.seed_base = seed_base
        self.blocks = iter(Random(seed_base | _BLOCKS).random, None)

    def case(self, number: int) -> Stream:
        """The stream of the case that arrived ``number``-th (from 0), taken in order."""
        return Stream(list(islice(self.blocks, BLOCK)), _more(self.seed_base | (number + 1)))


_BLOCKS = 1 << 39
"""Marks the seed of the block stream apart from the arrivals' (0) and the cases' own
(their number + 1, far below it)."""


def _more(seed: int) -> Iterator[float]:
    """A case's numbers after its block: a Twister seeded for it, made on first use."""
    yield from iter(Random(seed).random, None)
