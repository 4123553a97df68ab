"""Terminal widths of Chinese and combining text, the one helper every CLI table uses."""

from __future__ import annotations

import pytest

from policy_kit.textwidth import columns, fit, pad


@pytest.mark.parametrize(("text", "width"), [
    pytest.param("review", 6, id="ascii"),
    pytest.param("审定奖励", 8, id="chinese-two-each"),
    pytest.param("ＡＢ", 4, id="full-width-latin"),
    pytest.param("e\u0301", 1, id="combining-mark-none"),
    pytest.param("a\x07b", 2, id="control-character-none"),
])
def test_columns(text: str, width: int) -> None:
    assert columns(text) == width


def test_fit_never_splits_a_wide_character_and_pads_to_the_width() -> None:
    assert fit("审定奖励", 5) == "审定 "
    assert columns(fit("审定奖励名单", 7)) == 7
    assert fit("ok", 4) == "ok  "


def test_pad_left_or_right() -> None:
    assert pad("金额", 6) == "金额  "
    assert pad("金额", 6, right=True) == "  金额"
    assert pad("too long", 3) == "too long"
