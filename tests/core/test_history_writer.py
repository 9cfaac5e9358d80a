"""The history's write queue: a workout never waits for the history. Locked by another program (a
real lock, held by another connection), read-only or full, the sets are kept in memory, in order,
and written once the history can take them; a session is never marked completed with sets missing."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from history_helpers import routine

from coach.core.workout.engine import Workout
from coach.core.history.store import History, connect
from coach.core.history.recorder import HistoryRecorder
from coach.core.workout.timeline import build_timeline

WALL0 = 1_750_000_000.0


@pytest.fixture
def history(data_dir: Path):
    with History.open(data_dir, now=WALL0) as h:
        yield h


def stored(path: Path) -> tuple[list[tuple], list[tuple]]:
    """(sessions, sets) as another program reads them (WAL: reading never waits for a writer)."""
    conn = sqlite3.connect(path)
    try:
        sessions = conn.execute("SELECT id, outcome, sets_completed FROM sessions ORDER BY id").fetchall()
        sets = conn.execute("SELECT session_id, exercise_index, set_number, side FROM sets ORDER BY id").fetchall()
        return sessions, sets
    finally:
        conn.close()


class AnotherProgram:
    """Holds the history's write lock, as another program writing would, until ``release``."""

    def __init__(self, path: Path) -> None:
        self.conn = connect(path)
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self.conn.execute("COMMIT")
        self.conn.close()


def play(workout, recorder, clock, until=None) -> float:
    """Plays on the fake clock; returns the longest real time one handle() took."""
    longest = 0.0
    while not workout.is_over and (until is None or not until()):
        events = workout.advance(clock.tick(0.5))
        took = time.perf_counter()
        recorder.handle(events)
        longest = max(longest, time.perf_counter() - took)
    return longest


def test_a_history_locked_by_another_program_never_makes_the_workout_wait(history: History, clock) -> None:
    workout = Workout(build_timeline(routine()), clock)
    recorder = HistoryRecorder(history, routine(), workout.record, clock, wall_clock=lambda: WALL0 + clock())
    recorder.handle(workout.start())
    play(workout, recorder, clock, until=lambda: clock() - 1000 >= 3)
    other = AnotherProgram(history.path)  # 3 s in, for the rest of the workout
    try:
        # The busy wait is off: the lock is seen at once, never waited for (SQLite's would be 10 s).
        assert play(workout, recorder, clock) < 1.0
        assert workout.is_over and len(workout.record.sets) == 4
        writer = history.writer
        assert writer.pending_sets == 4 and recorder.sets_written == 0
        assert writer.problem == ("Another program is using the history; Coach will keep your sets and "
                                  "write them when it is free.")
        sessions, sets = stored(history.path)
        assert sessions == [(recorder.session_id, None, 0)] and sets == []  # not "completed"
        assert writer.retry() is False  # still locked: nothing lost, nothing reordered
    finally:
        other.release()
    assert history.writer.retry() is True and history.writer.problem is None
    sessions, sets = stored(history.path)
    assert sessions == [(recorder.session_id, "completed", 4)]
    assert [s[1:] for s in sets] == [(0, 1, None), (0, 2, None), (1, 1, "left"), (1, 1, "right")]
    assert recorder.sets_written == 4


def test_sets_that_could_not_be_written_by_the_end_leave_the_session_interrupted(
        data_dir: Path, clock) -> None:
    history = History.open(data_dir, now=WALL0)
    workout = Workout(build_timeline(routine()), clock)
    recorder = HistoryRecorder(history, routine(), workout.record, clock, wall_clock=lambda: WALL0 + clock())
    recorder.handle(workout.start())
    play(workout, recorder, clock, until=lambda: len(workout.record.sets) == 1)
    other = AnotherProgram(history.path)
    play(workout, recorder, clock)
    assert history.finish_writing(0) == 4  # three sets and the outcome
    history.close()  # Coach closed while the other program still held the history
    other.release()
    with History.open(data_dir, now=WALL0 + 3600) as again:
        [session] = again.sessions()
        assert (session.outcome, session.sets_completed) == ("interrupted", 1)  # not "completed"
        point = again.interrupted_session_to_resume(WALL0 + 3600)
        assert (point.exercise_index, point.set) == (0, 2)


def test_a_history_locked_from_the_start_keeps_the_session_too(history: History, clock) -> None:
    other = AnotherProgram(history.path)
    try:
        workout = Workout(build_timeline(routine()), clock)
        recorder = HistoryRecorder(history, routine(), workout.record, clock, pain_before=4,
                                   wall_clock=lambda: WALL0 + clock())
        recorder.handle(workout.start())
        play(workout, recorder, clock)
        recorder.checkin_after(2, "fine")
        assert recorder.session_id is None and recorder.recording  # kept, waiting for the history
    finally:
        other.release()
    recorder.handle([])  # any later write tries what waits first
    [session] = history.sessions()
    assert (session.outcome, session.sets_completed, session.pain_before, session.pain_after) == \
        ("completed", 4, 4, 2)
    assert recorder.session_id == session.id


def test_a_read_only_history_lets_the_workout_play_and_keeps_the_sets(history: History, clock) -> None:
    history._conn.execute("PRAGMA query_only = ON")  # every write: "attempt to write a readonly database"
    workout = Workout(build_timeline(routine()), clock)
    recorder = HistoryRecorder(history, routine(), workout.record, clock, wall_clock=lambda: WALL0 + clock())
    recorder.handle(workout.start())
    play(workout, recorder, clock)
    assert workout.is_over and history.writer.pending_sets == 4
    assert history.writer.problem.startswith(f"The history file {history.path} is read-only;")
    history._conn.execute("PRAGMA query_only = OFF")
    assert history.writer.retry()
    assert [(s.outcome, s.sets_completed) for s in history.sessions()] == [("completed", 4)]


def test_a_write_that_waiting_cannot_mend_is_given_up_and_the_session_not_called_completed(
        history: History, clock) -> None:
    workout = Workout(build_timeline(routine()), clock)
    recorder = HistoryRecorder(history, routine(), workout.record, clock, wall_clock=lambda: WALL0 + clock())
    recorder.handle(workout.start())
    play(workout, recorder, clock, until=lambda: len(workout.record.sets) == 1)
    # A trigger stands for a file an old bug or another program left in a state no retry mends.
    history._conn.execute("CREATE TEMP TRIGGER refuse BEFORE INSERT ON sets WHEN NEW.set_number = 2"
                          " BEGIN SELECT RAISE(ABORT, 'refused'); END")
    play(workout, recorder, clock)
    [session] = history.sessions()
    assert (session.outcome, session.sets_completed) == ("interrupted", 3)
    assert history.writer.lost == 1 and history.writer.pending == 0


def test_opening_a_locked_history_does_not_wait_for_it(data_dir: Path) -> None:
    History.open(data_dir, now=WALL0).close()
    with History.open(data_dir, now=WALL0) as first:
        sid = first.begin_session(routine(), WALL0, 100)
    # The session is left open by a program that died; another program holds the lock.
    other = AnotherProgram(Path(data_dir) / "history.sqlite3")
    try:
        began = time.perf_counter()
        with History.open(data_dir, now=WALL0 + 60) as second:
            assert time.perf_counter() - began < 5  # not the 10 s busy wait
            assert second.enabled and second.interrupted_at_opening == []  # closed at a later opening
    finally:
        other.release()
    with History.open(data_dir, now=WALL0 + 120) as third:
        assert [s.id for s in third.interrupted_at_opening] == [sid]


def test_declining_an_offer_while_the_history_is_locked_does_not_wait_and_is_kept(
        history: History, clock) -> None:
    from history_helpers import play as play_session

    sid = play_session(history, WALL0, outcome="interrupted", sets=1)
    other = AnotherProgram(history.path)
    try:
        began = time.perf_counter()
        history.decline_resume(sid, WALL0 + 60)
        history.record_decline("basics", 0, "Bridges", 12, WALL0 + 60)
        assert time.perf_counter() - began < 1.0 and history.writer.pending == 2
    finally:
        other.release()
    assert history.writer.retry()
    assert history.interrupted_session_to_resume(WALL0 + 60) is None
    assert [d.reps for d in history.declines("basics")] == [12]
