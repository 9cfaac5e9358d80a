"""The history's write queue: a workout never waits for the history. Locked by another program (a
real lock, held by another connection), read-only or full, the sets are kept in memory, in order,
and written once the history can take them; a session is never marked completed with sets missing."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from history_helpers import routine

from coach.core.workout.engine import Workout
from coach.core.history.store import History, connect
from coach.core.history.recorder import HistoryRecorder
from coach.core.workout.timeline import build_timeline

WALL0 = 1_750_000_000.0


class LockWaits:
    """What could wait for another program's lock: every statement run on a connection opened
    while this watches, with SQLite's busy timeout in force when it ran (set_trace_callback sees
    each statement as it starts, before it meets the lock). A write run with a timeout above 0
    while another program holds the lock waits that long; one run with 0 fails at once."""

    def __init__(self, monkeypatch) -> None:
        #: (busy timeout in ms, SQL) of every statement but the busy-timeout pragmas, in order.
        self.statements: list[tuple[int, str]] = []
        real_connect = sqlite3.connect

        def connect(*args, **kwargs) -> sqlite3.Connection:
            conn = real_connect(*args, **kwargs)
            timeout = [round(kwargs.get("timeout", 5.0) * 1000)]

            def trace(sql: str) -> None:
                pragma = re.fullmatch(r"\s*PRAGMA busy_timeout\s*=\s*(\d+)\s*", sql, re.IGNORECASE)
                if pragma:
                    timeout[0] = int(pragma.group(1))
                else:
                    self.statements.append((timeout[0], sql))
            conn.set_trace_callback(trace)
            return conn

        monkeypatch.setattr(sqlite3, "connect", connect)

    def mark(self) -> int:
        return len(self.statements)

    def writes_that_would_wait(self, since: int) -> list[tuple[int, str]]:
        """The statements since ``since`` that write (reads never wait for a writer in WAL) with a
        busy timeout above 0."""
        return [(ms, sql) for ms, sql in self.statements[since:]
                if ms > 0 and not re.match(r"\s*(SELECT|PRAGMA)\b", sql, re.IGNORECASE)]


@pytest.fixture
def lock_waits(monkeypatch) -> LockWaits:
    return LockWaits(monkeypatch)


def test_the_lock_watch_sees_a_write_that_would_wait(data_dir: Path, lock_waits: LockWaits) -> None:
    """The watch itself: a plain write with the usual busy timeout is seen, one with 0 is not."""
    History.open(data_dir, now=WALL0).close()
    conn = connect(Path(data_dir) / "history.sqlite3")
    since = lock_waits.mark()
    conn.execute("DELETE FROM sets WHERE id = -1")
    assert [sql for _, sql in lock_waits.writes_that_would_wait(since)] == ["DELETE FROM sets WHERE id = -1"]
    since = lock_waits.mark()
    conn.execute("PRAGMA busy_timeout = 0")
    conn.execute("DELETE FROM sets WHERE id = -1")
    assert lock_waits.writes_that_would_wait(since) == []
    conn.close()


@pytest.fixture
def history(data_dir: Path, lock_waits: LockWaits):
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


def play(workout, recorder, clock, until=None) -> None:
    """Plays on the fake clock."""
    while not workout.is_over and (until is None or not until()):
        recorder.handle(workout.advance(clock.tick(0.5)))


def test_a_history_locked_by_another_program_never_makes_the_workout_wait(
        history: History, clock, lock_waits: LockWaits) -> None:
    workout = Workout(build_timeline(routine()), clock)
    recorder = HistoryRecorder(history, routine(), workout.record, clock, wall_clock=lambda: WALL0 + clock())
    recorder.handle(workout.start())
    play(workout, recorder, clock, until=lambda: clock() - 1000 >= 3)
    other = AnotherProgram(history.path)  # 3 s in, for the rest of the workout
    try:
        # The busy wait is off: the lock is seen at once, never waited for (SQLite's would be 10 s).
        since = lock_waits.mark()
        play(workout, recorder, clock)
        assert lock_waits.statements[since:] != [] and lock_waits.writes_that_would_wait(since) == []
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


def test_opening_a_locked_history_does_not_wait_for_it(data_dir: Path, lock_waits: LockWaits) -> None:
    History.open(data_dir, now=WALL0).close()
    with History.open(data_dir, now=WALL0) as first:
        sid = first.begin_session(routine(), WALL0, 100)
    # The session is left open by a program that died; another program holds the lock.
    other = AnotherProgram(Path(data_dir) / "history.sqlite3")
    try:
        since = lock_waits.mark()
        with History.open(data_dir, now=WALL0 + 60) as second:
            assert lock_waits.writes_that_would_wait(since) == []  # not the 10 s busy wait
            assert second.enabled and second.interrupted_at_opening == []  # closed at a later opening
    finally:
        other.release()
    with History.open(data_dir, now=WALL0 + 120) as third:
        assert [s.id for s in third.interrupted_at_opening] == [sid]


def test_declining_an_offer_while_the_history_is_locked_does_not_wait_and_is_kept(
        history: History, clock, lock_waits: LockWaits) -> None:
    from history_helpers import play as play_session

    sid = play_session(history, WALL0, outcome="interrupted", sets=1)
    other = AnotherProgram(history.path)
    try:
        since = lock_waits.mark()
        history.decline_resume(sid, WALL0 + 60)
        history.record_decline("basics", 0, "Bridges", 12, WALL0 + 60)
        assert lock_waits.writes_that_would_wait(since) == [] and history.writer.pending == 2
    finally:
        other.release()
    assert history.writer.retry()
    assert history.interrupted_session_to_resume(WALL0 + 60) is None
    assert [d.reps for d in history.declines("basics")] == [12]


class DiskThatNeverAnswers:
    """The history's connection on a disk whose fsync hangs: every statement that makes SQLite
    sync (COMMIT, a write outside a transaction) waits until ``answer()`` (20 s at most, so that
    code waiting for it fails a test instead of hanging it). ``waiting``: the statements inside
    such a wait now; a caller that returns while one is still waiting did not wait for it."""

    def __init__(self, conn) -> None:
        import threading

        self.conn = conn
        self.answered = threading.Event()
        self.hanging = threading.Event()
        self.waiting = 0
        self.gave_up = False  # the 20 s ran out: someone waited for the disk

    def execute(self, sql: str, *args):
        words = sql.lstrip().upper()
        if words.startswith("COMMIT") or (words.startswith(("INSERT", "UPDATE")) and not self.conn.in_transaction):
            self.waiting += 1
            self.hanging.set()
            if not self.answered.wait(20):
                self.gave_up = True
            self.waiting -= 1
        return self.conn.execute(sql, *args)

    def answer(self) -> None:
        self.answered.set()

    def __getattr__(self, name):
        return getattr(self.conn, name)


def test_on_its_own_thread_a_write_that_hangs_is_told_kept_and_never_waited_for(history: History, clock) -> None:
    from coach.core.history.writer import HistoryNotAnswering

    disk = DiskThatNeverAnswers(history._conn)
    history._conn = disk
    writer = history.writer
    writer.clock = clock
    writer.start()
    try:
        workout = Workout(build_timeline(routine()), clock)
        recorder = HistoryRecorder(history, routine(), workout.record, clock, wall_clock=lambda: WALL0 + clock())
        recorder.handle(workout.start())
        assert disk.hanging.wait(5)  # the session's first write hangs on the history's thread
        play(workout, recorder, clock)
        assert workout.is_over and disk.waiting == 1  # the workout is over; its first write still hangs
        assert writer.pending == 6 and writer.late  # the start, 4 sets, the end
        assert writer.problem.startswith("Writing to the history has not finished within 5 s")
        with pytest.raises(HistoryNotAnswering):
            history.sessions()  # a write is late: the question is not even asked
        assert not writer._asks
        assert writer.finish(200) == 6  # the end: a limited wait, and the count of what is not written
        assert disk.waiting == 1 and not disk.gave_up  # nobody waited for the disk
        assert writer.not_written() == "the start of a workout, 4 sets and the end of a workout"
    finally:
        disk.answer()
    assert writer.finish(5000) == 0
    sessions, sets = stored(history.path)
    assert sessions == [(recorder.session_id, "completed", 4)] and len(sets) == 4


def test_a_question_the_thread_does_not_answer_in_time_is_given_up(history: History) -> None:
    import threading

    from coach.core.history.writer import HistoryNotAnswering

    writer = history.writer
    writer.ask_limit = 0.2
    writer.start()
    busy = threading.Event()
    writer.submit(lambda: busy.wait(20))  # a write that is not late yet, but long
    try:
        with pytest.raises(HistoryNotAnswering, match="did not answer within 0.2 s"):
            history.sessions()
        assert writer.pending == 1  # given up while the write still ran
    finally:
        busy.set()
    assert history.sessions() == []  # answered once the thread is free


def test_closing_while_a_write_hangs_does_not_wait_for_it(data_dir: Path) -> None:
    history = History.open(data_dir, now=WALL0)
    disk = DiskThatNeverAnswers(history._conn)
    history._conn = disk
    history.writer.start()
    history.writer.begin_session(routine(), WALL0, 100)
    assert disk.hanging.wait(5)
    history.close()
    assert disk.waiting == 1 and not history.enabled  # closed while the write still hangs
    disk.answer()
    history.writer._thread.join(5)  # the thread closes the history once its write has ended
    assert not history.writer.running and history._left_to_its_thread is None and not history._locks
    assert not disk.gave_up
