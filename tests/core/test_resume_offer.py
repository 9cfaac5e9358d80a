"""The question about going on with an interrupted session, in words (its answers at a terminal:
tests/terminal/test_terminal_questions.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from history_helpers import play, routine

from coach.core.history.store import History
from coach.core.history.resume_offer import (
    ago_text,
    resume_question,
)

WALL0 = 1_750_000_000.0


def interrupted_after(data_dir: Path, sets: int, minutes_ago: float = 25):
    """The ResumePoint of a session of routine() interrupted after ``sets`` sets."""
    with History.open(data_dir, now=WALL0) as history:
        sid = play(history, WALL0 - 3600, outcome=None, sets=sets)
        history.finish_session(sid, "interrupted", WALL0 - minutes_ago * 60)
        point = history.interrupted_session_to_resume(WALL0)
    assert point is not None
    return point


@pytest.mark.parametrize(("seconds", "text"), [
    (-5, "less than a minute ago"), (59, "less than a minute ago"), (60, "1 minute ago"),
    (25 * 60 + 59, "25 minutes ago"), (3600, "1 hour ago"), (2 * 3600 + 5 * 60, "2 hours 5 minutes ago"),
    (11 * 3600 + 60, "11 hours 1 minute ago"),
])
def test_how_long_ago_in_words(seconds: float, text: str) -> None:
    assert ago_text(seconds) == text


def test_the_question_names_the_routine_when_it_stopped_and_the_set(data_dir: Path) -> None:
    point = interrupted_after(data_dir, sets=1)
    assert resume_question(point, WALL0) == \
        "You stopped Lower back basics 25 minutes ago at Bridges, set 2 of 2. Go on from there? [Y/n, q to quit] "


def test_the_question_names_the_side_and_leaves_out_set_1_of_1(data_dir: Path) -> None:
    point = interrupted_after(data_dir, sets=3, minutes_ago=90)  # both Bridges sets and the left side
    assert resume_question(point, WALL0).startswith(
        "You stopped Lower back basics 1 hour 30 minutes ago at Lower back rotational stretches, right side. ")
