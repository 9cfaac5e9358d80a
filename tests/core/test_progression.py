"""The progression rules: when "+step reps" is suggested, declined, and what accepting changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from history_helpers import DAY, play, routine

from coach.core.history import progression
from coach.core.history.store import History
from coach.core.routines.routine import Progression

T0 = 1_750_000_000.0


@pytest.fixture
def history(data_dir: Path):
    with History.open(data_dir, now=T0) as h:
        yield h


def sessions(history: History, n: int, *, start_day: int = 0, reps: int = 10, **kwargs) -> None:
    for day in range(start_day, start_day + n):
        play(history, T0 + day * DAY, routine(reps=reps), **kwargs)


def test_every_good_session_at_the_current_reps_counts_towards_the_suggestion(history: History) -> None:
    sessions(history, 2, pain=(3, 3))
    assert progression.suggestions_for(routine(), history) == []
    sessions(history, 1, start_day=2, pain=(3, 2))
    [s] = progression.suggestions_for(routine(), history)
    assert (s.exercise_index, s.exercise_name, s.reps, s.new_reps, s.sessions) == (0, "Bridges", 10, 12, 3)
    assert "Try 12 reps" in s.text


def test_sessions_with_more_pain_after_or_not_completed_do_not_count(history: History) -> None:
    sessions(history, 2, pain=(3, 4))           # pain went up
    sessions(history, 1, start_day=2, outcome="stopped")
    sessions(history, 1, start_day=3, outcome="interrupted")
    sessions(history, 2, start_day=4, pain=(5, 5))
    assert progression.suggestions_for(routine(), history) == []
    sessions(history, 1, start_day=6)  # no check-in: nothing says the pain went up
    assert [s.sessions for s in progression.suggestions_for(routine(), history)] == [3]


def test_only_sessions_at_the_current_reps_count(history: History) -> None:
    sessions(history, 5, reps=8)
    sessions(history, 2, start_day=5, reps=10)
    assert progression.suggestions_for(routine(reps=10), history) == []
    assert progression.suggestions_for(routine(reps=8), history) == []  # the latest were at 10


def test_other_routines_do_not_count(history: History) -> None:
    other = routine(routine_id="short-core", name="Short core")
    for day in range(3):
        play(history, T0 + day * DAY, other)
    assert progression.suggestions_for(routine(), history) == []
    assert len(progression.suggestions_for(other, history)) == 1


def test_never_above_to_and_nothing_once_there(history: History) -> None:
    sessions(history, 3, reps=19)
    [s] = progression.suggestions_for(routine(reps=19), history)
    assert s.new_reps == 20
    sessions(history, 3, start_day=3, reps=20)
    assert progression.suggestions_for(routine(reps=20), history) == []


def test_exercises_without_progression_or_with_holds_get_nothing(history: History) -> None:
    plain = routine(progression=None)
    for day in range(5):
        play(history, T0 + day * DAY, plain)
    assert progression.suggestions_for(plain, history) == []


def test_a_declined_suggestion_waits_for_every_more_good_sessions(history: History) -> None:
    sessions(history, 3)
    [s] = progression.suggestions_for(routine(), history)
    progression.decline(history, s, at=T0 + 3 * DAY - 60)
    assert progression.suggestions_for(routine(), history) == []
    sessions(history, 2, start_day=3)
    assert progression.suggestions_for(routine(), history) == []
    sessions(history, 1, start_day=5, outcome="stopped")  # does not count
    assert progression.suggestions_for(routine(), history) == []
    sessions(history, 1, start_day=6)
    [again] = progression.suggestions_for(routine(), history)
    assert (again.reps, again.new_reps, again.sessions) == (10, 12, 3)


def test_accepting_returns_the_routine_with_more_reps_and_nothing_else_changed(history: History) -> None:
    sessions(history, 3)
    original = routine()
    [s] = progression.suggestions_for(original, history)
    updated = progression.accept(original, [s])
    assert updated.exercises[0].reps == 12
    assert updated.exercises[0].progression == Progression(to=20, step=2, every=3)
    assert updated.exercises[1:] == original.exercises[1:]
    assert (updated.id, updated.name, updated.rest_between_sets) == (original.id, original.name, 10)
    # Once played at 12, the count starts again from zero.
    assert progression.suggestions_for(updated, history) == []
    for day in range(3, 6):
        play(history, T0 + day * DAY, updated)
    assert [x.new_reps for x in progression.suggestions_for(updated, history)] == [14]


def test_accepting_a_suggestion_for_another_version_of_the_routine_is_refused(history: History) -> None:
    sessions(history, 3)
    [s] = progression.suggestions_for(routine(), history)
    with pytest.raises(ValueError, match="does not match"):
        progression.accept(routine(reps=12), [s])


def test_the_rules_work_on_plain_values_without_a_database() -> None:
    from coach.core.history.store import PlayedSession

    r = routine(progression=Progression(to=30, step=5, every=2))
    played = [PlayedSession(T0 - d * DAY, "completed", 2, 1, r) for d in range(2)]
    assert [s.new_reps for s in progression.suggestions(r, played)] == [15]
