"""The history in ``coach run --terminal``: the check-ins asked, resuming, and the workout recorded."""

from __future__ import annotations

import io
from pathlib import Path

from history_helpers import play, routine

from coach.core.workout.engine import Workout
from coach.core.history.store import History
from coach.terminal.history import TerminalHistory

WALL0 = 1_750_000_000.0  # UTC seconds when the fake monotonic clock reads 0


class Keyboard(io.StringIO):
    """Typed answers on a terminal."""

    def isatty(self) -> bool:
        return True


def test_terminal_history_asks_before_and_after_and_records(data_dir: Path, clock) -> None:
    out = io.StringIO()
    th = TerminalHistory(data_dir, routine(), stdin=Keyboard("3\n2\nloose today\n"), stdout=out,
                         stderr=io.StringIO(), wall_clock=lambda: WALL0 + clock())
    assert th.before()
    workout = th.workout_to_play(clock)
    th.handle(workout.start())
    while not workout.is_over:
        th.handle(workout.advance(clock.tick(1.0)))
    th.after()
    with History.open(data_dir) as history:
        [session] = history.sessions()
    assert (session.outcome, session.pain_before, session.pain_after, session.note) == \
        ("completed", 3, 2, "loose today")
    assert "How is your back today?" in out.getvalue() and "How is your back now?" in out.getvalue()


def test_terminal_history_at_eight_shows_the_faq_and_can_rest_instead(data_dir: Path) -> None:
    out = io.StringIO()
    th = TerminalHistory(data_dir, routine(), stdin=Keyboard("8\nn\n"), stdout=out, stderr=io.StringIO())
    assert th.before() is False
    assert "Resting for a few days" in out.getvalue()
    assert "strain" in out.getvalue().lower()  # the FAQ answer about treating strains at home
    with History.open(data_dir) as history:
        assert history.sessions() == []


def test_terminal_history_without_a_terminal_asks_nothing(data_dir: Path, clock) -> None:
    out = io.StringIO()
    th = TerminalHistory(data_dir, routine(), stdin=io.StringIO("5\n"), stdout=out, stderr=io.StringIO())
    assert th.before() and out.getvalue() == ""
    workout = th.workout_to_play(clock)
    th.handle(workout.start())
    th.handle(workout.stop())
    th.after()
    with History.open(data_dir) as history:
        [session] = history.sessions()
    assert (session.outcome, session.pain_before) == ("stopped", None)


def test_terminal_history_off_says_so_and_plays_on(tmp_path: Path, clock) -> None:
    (tmp_path / "file").write_text("x")
    err = io.StringIO()
    th = TerminalHistory(tmp_path / "file" / "data", routine(), stdin=io.StringIO(), stdout=io.StringIO(),
                         stderr=err)
    assert th.before()
    assert "history is off" in err.getvalue() and "will not be recorded" in err.getvalue()
    workout = th.workout_to_play(clock)
    th.handle(workout.start())
    th.handle(workout.stop())
    th.after()


def interrupted_session(data_dir: Path, sets: int) -> int:
    """A session of routine() interrupted 25 minutes before WALL0 after ``sets`` sets."""
    with History.open(data_dir, now=WALL0) as history:
        sid = play(history, WALL0 - 3600, outcome=None, sets=sets)
        history.finish_session(sid, "interrupted", WALL0 - 25 * 60)
    return sid


def wall_from(clock):
    """Wall time that reads WALL0 now and then moves with ``clock``."""
    start = clock()
    return lambda: WALL0 + clock() - start


def play_through(th: TerminalHistory, clock) -> Workout:
    workout = th.workout_to_play(clock)
    th.handle(workout.start())
    while not workout.is_over:
        th.handle(workout.advance(clock.tick(1.0)))
    return workout


def test_terminal_history_goes_on_with_the_interrupted_session_even_without_check_ins(
        data_dir: Path, clock) -> None:
    sid = interrupted_session(data_dir, sets=1)
    out = io.StringIO()
    th = TerminalHistory(data_dir, routine(), checkin=False, stdin=Keyboard("\n"), stdout=out,
                         stderr=io.StringIO(), wall_clock=wall_from(clock))
    assert th.before()
    assert "You stopped Lower back basics 25 minutes ago at Bridges, set 2 of 2." in out.getvalue()
    workout = play_through(th, clock)
    th.after()
    assert workout.record.sets_completed == 3  # Bridges set 2 and both sides of the stretch
    with History.open(data_dir) as history:
        [session] = history.sessions()
        sets = history.sets_of(sid)
    assert (session.id, session.outcome, session.sets_completed) == (sid, "completed", 4)
    assert [(s.exercise_index, s.set, s.side) for s in sets] == [(0, 1, None), (0, 2, None), (1, 1, "left"),
                                                                (1, 1, "right")]


def test_terminal_history_starts_over_when_the_session_was_resumed_elsewhere_meanwhile(
        data_dir: Path, clock) -> None:
    sid = interrupted_session(data_dir, sets=1)
    err = io.StringIO()
    th = TerminalHistory(data_dir, routine(), checkin=False, stdin=Keyboard("y\n"), stdout=io.StringIO(),
                         stderr=err, wall_clock=wall_from(clock))
    assert th.before() and th.resume_point is not None
    with History.open(data_dir, now=WALL0) as window:  # another Coach takes it first
        window.resume_session(sid)
        workout = play_through(th, clock)
        th.after()
    assert "can no longer be resumed; starting from the beginning" in err.getvalue()
    assert workout.record.sets_completed == 4
    with History.open(data_dir) as history:
        sessions = history.sessions()
    assert [s.id for s in sessions][0] == sid and len(sessions) == 2
    assert sessions[1].sets_completed == 4


def test_terminal_history_does_not_ask_about_another_routines_session(data_dir: Path) -> None:
    interrupted_session(data_dir, sets=1)
    out = io.StringIO()
    th = TerminalHistory(data_dir, routine(routine_id="other", name="Other"), checkin=False,
                         stdin=Keyboard(""), stdout=out, stderr=io.StringIO(), wall_clock=lambda: WALL0)
    assert th.before() and th.resume_point is None and out.getvalue() == ""
    th.close()
