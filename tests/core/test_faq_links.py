"""Links both ways: answers name exercises, routine exercises list answers with ``faq:``."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.core.faq.entries import load_faq
from coach.core.routines.library import load_library
from coach.core.files.paths import DataDir, builtin_routines_dir


@pytest.fixture(scope="module")
def faq():
    return load_faq(DataDir(Path("/nonexistent-coach-data")))


@pytest.fixture(scope="module")
def routines(faq):
    library = load_library(builtin_routines_dir(), Path("/nonexistent-coach-data/routines"), set(faq.ids()))
    assert library.problems == []
    return [entry.routine for entry in library.entries if entry.source == "built-in"]


def test_every_answer_a_built_in_routine_links_to_exists(faq, routines) -> None:
    linked = {faq_id for r in routines for e in r.exercises for faq_id in e.faq}
    assert linked, "the built-in routines link to answers"
    assert linked <= set(faq.ids())


def test_every_exercise_an_answer_names_is_in_a_built_in_routine(faq, routines) -> None:
    # so that clicking a related exercise can always show a routine containing it
    in_routines = {e.name for r in routines for e in r.exercises}
    assert set(faq.exercises_linked()) <= in_routines


def test_about_an_exercise_joins_both_directions(faq, routines) -> None:
    for routine in routines:
        for exercise in routine.exercises:
            about = {e.id for e in faq.about_exercise(exercise.name, exercise.faq)}
            assert set(exercise.faq) <= about
            assert {e.id for e in faq.for_exercise(exercise.name)} <= about


def test_about_an_exercise_keeps_faq_order_and_skips_unknown_ids(faq) -> None:
    about = faq.about_exercise("Draw-in maneuvers", ["running-strengthens-core", "no-such-answer"])
    assert [e.id for e in about] == ["strengthen-lower-back", "running-strengthens-core"]
    assert [e.id for e in faq.about_exercise("Side plank", ["runners-face"])] == ["runners-face"]
    assert faq.about_exercise("Side plank") == []
