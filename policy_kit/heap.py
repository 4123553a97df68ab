"""Pausing Python's cyclic garbage collector while a large input is built and checked.

Used at the edges of load and check. Reading a definition creates hundreds of thousands
of small objects that all stay alive (YAML nodes, then the data and its map of
positions); CPython's collector answers every 700 new objects with a young collection and,
as the heap keeps growing, with full ones that walk every object again. On a chain of
10,000 states those full collections were 2.1 s of `validate`'s 2.9 s of CPU, for
nothing: none of these objects is garbage yet. The pause is scoped, not global: the
collector runs again (and picks up any cycles left) when the outermost pause ends, and
inputs are bounded (`source.MAX_BYTES`), so the memory it can hold back is bounded too.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collection_paused"]


@contextmanager
def collection_paused() -> Iterator[None]:
    """Run the block without cyclic collections; nested pauses are safe (the outermost
    restores the collector as it found it)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
