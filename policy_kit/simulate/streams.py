"""Each case's own random numbers, cheap enough to give every case a stream of its own.

Part of **simulate**: common random numbers need every case to draw from a stream of its
own, so that two variants run with the same seed give case *n* the same numbers however
the other cases go. A Mersenne Twister per case does that, but seeding one fills 2.5 kB
of state, which cost more than the rest of a case's simulation. So the first ``BLOCK``
numbers of case *n* are the *n*-th block of ``BLOCK`` numbers of one stream per
replication (cases take their blocks in order of arrival, which depends on the seed
alone); a case that needs more goes on with a Twister seeded by (seed, replication,
case), made only then.

Only the public, documented ``random.Random(seed).random()`` is used (seeding by an
integer and the uniform numbers it gives are stable across Python versions); every
distribution is computed here from those uniforms by its textbook formula, so no
Python upgrade can change a seeded result. Streams depend on (seed, replication, case)
only, never on which process runs the replication: the output is the same for any
number of workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import chain, islice
from math import cos, exp, log, sin, sqrt, tau
from random import Random
from typing import TypeVar

__all__ = ["BLOCK", "Draws", "Stream", "Streams", "replication_seed", "triangular"]

BLOCK = 16
"""Numbers a case takes from its replication's block stream; a case of the benchmark
model needs about 11. Changing it changes every result for a seed."""

_T = TypeVar("_T")


class Stream:
    """A stream of uniform numbers in [0, 1), and the distributions built on them."""

    __slots__ = ("gauss_next", "random", "shared")

    def __init__(self, numbers: Callable[[], float]) -> None:
        self.random = numbers
        """The next number in [0, 1) (a C-level call where it can be)."""
        self.gauss_next: float | None = None
        """The second of a pair of normal draws (Box-Muller gives two)."""
        self.shared: float | None = None
        """A case's own factor, which all its durations share (``case_effect``)."""

    @classmethod
    def seeded(cls, seed: int) -> Stream:
        """A stream of its own, from ``random.Random(seed)``."""
        return cls(Random(seed).random)

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self.random()

    def triangular(self, low: float, high: float, mode: float) -> float:
        """By the inverse of the distribution function (one number per draw)."""
        return triangular(low, high, mode)(self)

    def gauss(self, mu: float, sigma: float) -> float:
        """Box-Muller: two numbers give two normal draws; the second is kept for the
        next call."""
        z = self.gauss_next
        self.gauss_next = None
        if z is None:
            angle = self.random() * tau
            radius = sqrt(-2.0 * log(1.0 - self.random()))
            z = cos(angle) * radius
            self.gauss_next = sin(angle) * radius
        return mu + z * sigma

    def lognormvariate(self, mu: float, sigma: float) -> float:
        return exp(self.gauss(mu, sigma))

    def expovariate(self, rate: float) -> float:
        return -log(1.0 - self.random()) / rate

    def gammavariate(self, alpha: float, beta: float) -> float:
        """Marsaglia and Tsang's method (2000); for shape below 1, their boost
        ``G(alpha + 1) * U^(1/alpha)``."""
        if alpha < 1.0:
            boost = exp(log(1.0 - self.random()) / alpha)
            return self.gammavariate(alpha + 1.0, beta) * boost
        d = alpha - 1.0 / 3.0
        c = 1.0 / sqrt(9.0 * d)
        while True:
            x = self.gauss(0.0, 1.0)
            v = 1.0 + c * x
            if v <= 0.0:
                continue
            v = v * v * v
            u = 1.0 - self.random()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v):
                return d * v * beta

    def choice(self, seq: Sequence[_T]) -> _T:
        """An element of ``seq``, each as likely (from one number)."""
        return seq[min(int(self.random() * len(seq)), len(seq) - 1)]


def triangular(low: float, high: float, mode: float) -> Callable[[Stream], float]:
    """A function drawing from the triangular distribution, by the inverse of its
    distribution function (one number per draw), with what does not depend on the number
    worked out once: a Jining case draws about 25 durations, most of them triangular."""
    span = high - low
    back = low - high
    c = (mode - low) / span if span else 0.0

    def draw(stream: Stream) -> float:
        u = stream.random()
        if high == low:
            return low
        if u > c:
            return high + back * sqrt((1.0 - u) * (1.0 - c))
        return low + span * sqrt(u * c)

    return draw


Draws = Stream
"""What a sampler draws from: a replication's arrival stream, or a case's."""


def replication_seed(seed: int, replication: int) -> int:
    """The seed every stream of replication ``replication`` is derived from."""
    return (seed << 64) | (replication << 40)


class Streams:
    """The streams of one replication's cases, handed out in order of arrival."""

    def __init__(self, seed_base: int) -> None:
        self.seed_base = seed_base
        self.blocks = iter(Random(seed_base | _BLOCKS).random, None)

    def arrivals(self) -> Stream:
        """The replication's stream of arrival gaps and batch days."""
        return Stream.seeded(self.seed_base)

    def case(self, number: int) -> Stream:
        """The stream of the case that arrived ``number``-th (from 0), taken in order."""
        return Stream(chain(list(islice(self.blocks, BLOCK)),
                            _More(self.seed_base | (number + 1))).__next__)


_BLOCKS = 1 << 39
"""Marks the seed of the block stream apart from the arrivals' (0) and the cases' own
(their number + 1, far below it)."""


class _More:
    """A case's numbers after its block: a Twister seeded for it, made on first use.

    ``chain`` asks an iterable for its iterator only when it gets there, so the Twister
    is seeded only for a case that needs more than its block; after that each number is
    C calls only (a generator here cost a Python frame per number: Jining's cases take
    about 40 numbers, so most of them came through it)."""

    __slots__ = ("seed",)

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def __iter__(self) -> Iterator[float]:
        return iter(Random(self.seed).random, None)
