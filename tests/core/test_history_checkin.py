"""The check-in rules and the terminal check-in: 0-10, skippable, rest advised at 7 or more."""

from __future__ import annotations

import io

import pytest

from coach.core.checkin import (
    REST_FAQ_ID,
    advice_before,
    ask_after_on_terminal,
    ask_before_on_terminal,
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


def test_the_terminal_asks_again_after_a_wrong_answer() -> None:
    out = io.StringIO()
    answer = ask_before_on_terminal(io.StringIO("lots\n12\n3\n"), out)
    assert (answer.pain, answer.start) == (3, True)
    assert out.getvalue().count("How is your back today?") == 3
    assert "whole number" in out.getvalue() and "not 12" in out.getvalue()


def test_the_terminal_shows_the_faq_answer_and_asks_before_starting_at_seven() -> None:
    out = io.StringIO()
    answer = ask_before_on_terminal(io.StringIO("8\n\n"), out, faq_answer="Rest, ice, then heat.")
    assert (answer.pain, answer.start) == (8, False)  # Enter means no
    assert "Rest, ice, then heat." in out.getvalue() and "Start the workout anyway? [y/N]" in out.getvalue()
    answer = ask_before_on_terminal(io.StringIO("9\ny\n"), io.StringIO())
    assert (answer.pain, answer.start) == (9, True)


def test_end_of_input_skips_the_check_in() -> None:
    assert ask_before_on_terminal(io.StringIO(""), io.StringIO()).pain is None


def test_after_the_terminal_asks_for_a_note_too() -> None:
    answer = ask_after_on_terminal(io.StringIO("2\nfelt loose\n"), io.StringIO())
    assert (answer.pain, answer.note) == (2, "felt loose")
    answer = ask_after_on_terminal(io.StringIO("\n\n"), io.StringIO())
    assert (answer.pain, answer.note) == (None, "")
