"""The questions the terminal asks: the check-ins before and after, and "go on from there?"."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from history_helpers import play

from coach.core.history.store import History
from coach.core.history.resume_offer import QUIT, RESUME, START_OVER
from coach.terminal.questions import ANSWER_HINT, ask_after_on_terminal, ask_before_on_terminal, ask_resume_on_terminal

WALL0 = 1_750_000_000.0


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


def interrupted_after(data_dir: Path, sets: int, minutes_ago: float = 25):
    """The ResumePoint of a session of routine() interrupted after ``sets`` sets."""
    with History.open(data_dir, now=WALL0) as history:
        sid = play(history, WALL0 - 3600, outcome=None, sets=sets)
        history.finish_session(sid, "interrupted", WALL0 - minutes_ago * 60)
        point = history.interrupted_session_to_resume(WALL0)
    assert point is not None
    return point


@pytest.mark.parametrize(("typed", "answer"), [
    ("\n", RESUME), ("y\n", RESUME), ("Yes\n", RESUME), ("n\n", START_OVER), (" NO \n", START_OVER),
    ("q\n", QUIT), ("quit\n", QUIT), ("", QUIT),
])
def test_the_answers(data_dir: Path, typed: str, answer: str) -> None:
    out = io.StringIO()
    assert ask_resume_on_terminal(io.StringIO(typed), out, interrupted_after(data_dir, sets=1), WALL0) == answer
    assert out.getvalue().count("Go on from there?") == 1


def test_an_unclear_answer_explains_the_keys_and_asks_again(data_dir: Path) -> None:
    out = io.StringIO()
    assert ask_resume_on_terminal(io.StringIO("maybe\nn\n"), out, interrupted_after(data_dir, sets=1),
                                  WALL0) == START_OVER
    assert ANSWER_HINT in out.getvalue()
    assert out.getvalue().count("Go on from there?") == 2
