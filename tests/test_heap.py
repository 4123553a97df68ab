"""The collector pause around loading and checking: scoped, nested safely, always undone."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from policy_kit.errors import DefinitionError
from policy_kit.heap import collection_paused
from policy_kit.source import read_yaml_text


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_pause_disables_then_restores() -> None:
    gc.enable()
    with collection_paused():
        assert not gc.isenabled()
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "an inner pause must not restart the collector early"
    assert gc.isenabled()


def test_pause_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    with collection_paused():
        pass
    assert not gc.isenabled()


def test_reading_restores_the_collector_after_an_error() -> None:
    gc.enable()
    with pytest.raises(DefinitionError, match="duplicate key"):
        read_yaml_text("format: 1\nformat: 1\n", "dup.yaml")
    assert gc.isenabled()
    data, _ = read_yaml_text("format: 1\n", "ok.yaml")
    assert data == {"format": 1} and gc.isenabled()
