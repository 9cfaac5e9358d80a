"""The check-in rules: 0-10, skippable, rest advised at 7 or more (the terminal's questions:
tests/terminal/test_terminal_questions.py)."""

from __future__ import annotations

import pytest

from coach.core.workout.checkin import (
    REST_FAQ_ID,
    advice_before,
    parse_pain,
)


@pytest.mark.parametrize("pain", [None, 0, 3, 6])
def test_below_seven_nothing_is_advised(pain) -> None:
    assert advice_before(pain).suggest_rest is False


@pytest.mark.parametrize("pain", [7, 8, 10])
def test_seven_or_more_suggests_resting_and_points_to_the_faq(pain) -> None:
    advice = advice_before(pain)
    assert advice.suggest_rest and advice.faq_id == REST_FAQ_ID == "prevent-lower-back-pain-when-running"
    assert f"{pain}/10" in advice.message and "Resting for a few days" in advice.message


def test_typed_answers() -> None:
    assert parse_pain(" 4 \n") == 4 and parse_pain("") is None and parse_pain("10") == 10
    with pytest.raises(ValueError, match="from 0 to 10"):
        parse_pain("11")
    with pytest.raises(ValueError, match="whole number"):
        parse_pain("a bit")
