"""The recorder between the engine and the history: every set as it ends, then the outcome."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from history_helpers import play, routine

from coach.core.engine import Workout
from coach.core.history import History
from coach.core.history_recorder import HistoryRecorder, TerminalHistory
from coach.core.timeline import build_timeline

WALL0 = 1_750_000_000.0  # UTC seconds when the fake monotonic clock reads 0


@pytest.fixture
def history(data_dir: Path):
    with History.open(data_dir, now=WALL0) as h:
        yield h


def start(history: History, clock, r=None, **kwargs):
    r = r or routine()
    workout = Workout(build_timeline(r), clock)
    recorder = HistoryRecorder(history, r, workout.record, clock, wall_clock=lambda: WALL0 + clock(), **kwargs)
    recorder.handle(workout.start())
    return workout, recorder


def run_until(workout, recorder, clock, seconds: float, step: float = 0.5) -> None:
    end = clock() + seconds
    while clock() < end and not workout.is_over:
        clock.tick(step)
        recorder.handle(workout.advance(clock()))


def test_each_set_is_in_the_history_as_soon_as_it_ends(history: History, clock) -> None:
    workout, recorder = start(history, clock, pain_before=3)
    [session] = history.sessions()
    assert session.outcome is None and session.pain_before == 3
    assert session.started_at == pytest.approx(WALL0 + clock())
    seen = 0
    while len(workout.record.sets) < 3:
        clock.tick(0.25)
        recorder.handle(workout.advance(clock()))
        stored = history.sets_of(session.id)
        assert len(stored) == len(workout.record.sets)  # never behind the engine
        seen = len(stored)
    assert seen == 3
    stored = history.sets_of(session.id)
    for done, kept in zip(workout.record.sets, stored):
        assert (kept.exercise_index, kept.exercise_name, kept.set, kept.side, kept.reps, kept.hold_seconds,
                kept.status) == (done.exercise_index, done.exercise_name, done.set, done.side, done.reps,
                                 done.hold_seconds, done.status)
        assert kept.ended_at == pytest.approx(WALL0 + done.ended_at)
    assert history.session(session.id).sets_completed == 3
    assert history.session(session.id).active_seconds == pytest.approx(workout.record.sets[-1].ended_at
                                                                       - workout.record.started_at)


def test_a_completed_workout_is_closed_with_its_outcome_and_check_in(history: History, clock) -> None:
    workout, recorder = start(history, clock)
    run_until(workout, recorder, clock, 10_000, step=1.0)
    assert workout.is_over and recorder.finished
    recorder.checkin_after(2, "easier than last week")
    [session] = history.sessions()
    assert session.outcome == "completed" and session.sets_completed == 4 and session.sets_skipped == 0
    assert session.ended_at == pytest.approx(WALL0 + workout.record.ended_at)
    assert session.active_seconds == pytest.approx(workout.record.active_seconds)
    assert (session.pain_after, session.note) == (2, "easier than last week")
    assert history.routine_played(session.id) == routine()


def test_a_stopped_workout_keeps_its_sets_and_pauses_are_not_active_time(history: History, clock) -> None:
    workout, recorder = start(history, clock)
    run_until(workout, recorder, clock, 20)
    recorder.handle(workout.pause())
    clock.tick(300)
    recorder.handle(workout.resume())
    run_until(workout, recorder, clock, 30)
    while workout.phase.kind not in ("rep", "hold"):
        recorder.handle(workout.advance(clock.tick(0.5)))
    recorder.handle(workout.next())
    recorder.handle(workout.next())  # twice at once: skip the rest of this set
    recorder.handle(workout.advance(clock.tick(0.5)))
    while workout.phase.kind not in ("rep", "hold"):
        recorder.handle(workout.advance(clock.tick(0.5)))
    recorder.handle(workout.stop())  # cuts the next set short
    [session] = history.sessions()
    assert session.outcome == "stopped"
    assert [s.status for s in history.sets_of(session.id)] == [s.status for s in workout.record.sets]
    assert workout.record.sets[-1].status == "interrupted"
    assert session.sets_skipped == workout.record.sets_skipped >= 1
    assert session.active_seconds == pytest.approx(workout.record.active_seconds)
    assert session.active_seconds < session.ended_at - session.started_at - 299


def test_events_after_the_end_are_ignored(history: History, clock) -> None:
    workout, recorder = start(history, clock)
    recorder.handle(workout.stop())
    recorder.handle(workout.advance(clock.tick(100)))
    [session] = history.sessions()
    assert session.outcome == "stopped" and session.sets_completed == 0


def test_a_resumed_session_goes_on_in_the_same_row(history: History, clock, data_dir: Path) -> None:
    workout, recorder = start(history, clock)
    while len(workout.record.sets) < 2:
        clock.tick(0.5)
        recorder.handle(workout.advance(clock()))
    history.close()  # the program dies mid-workout

    with History.open(data_dir, now=WALL0 + clock()) as again:
        point = again.interrupted_session_to_resume(WALL0 + clock())
        assert point is not None and (point.exercise_index, point.set) == (1, 1)
        timeline = build_timeline(point.routine)
        second = Workout(timeline, clock)
        recorder2 = HistoryRecorder.resuming(again, point, second.record, clock,
                                             wall_clock=lambda: WALL0 + clock())
        recorder2.handle(second.start(at_phase=point.phase_index(timeline)))
        run_until(second, recorder2, clock, 10_000, step=1.0)
        [session] = again.sessions()
        assert session.outcome == "completed"
        names = [(s.exercise_index, s.set, s.side, s.status) for s in again.sets_of(session.id)]
        # The sets skipped on the way back to where it stopped are not written again.
        assert names == [(0, 1, None, "completed"), (0, 2, None, "completed"),
                         (1, 1, "left", "completed"), (1, 1, "right", "completed")]
        assert session.sets_completed == 4 and session.sets_skipped == 0


def test_with_history_off_the_workout_goes_on(tmp_path: Path, clock) -> None:
    (tmp_path / "file").write_text("x")
    off = History.open(tmp_path / "file" / "data")
    workout, recorder = start(off, clock)
    run_until(workout, recorder, clock, 10_000, step=1.0)
    assert workout.is_over and recorder.finished and off.sessions() == []


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


@pytest.mark.parametrize("jump", [-86400.0, 3600.0], ids=["back-a-day", "forward-an-hour"])
def test_a_wall_clock_jump_during_a_workout_changes_no_duration(history: History, clock, jump) -> None:
    # Durations come from the monotonic clock; the wall clock, set back or forward in the middle
    # of a set (NTP, by hand, faketime), only labelled the start.
    wall = {"offset": WALL0}
    workout = Workout(build_timeline(routine()), clock)
    recorder = HistoryRecorder(history, routine(), workout.record, clock,
                               wall_clock=lambda: wall["offset"] + clock())
    recorder.handle(workout.start())
    started_wall = WALL0 + clock()
    while workout.phase.kind != "rep":
        recorder.handle(workout.advance(clock.tick(0.5)))
    clock.tick(1)
    wall["offset"] += jump  # in the middle of set 1
    while not workout.is_over:
        recorder.handle(workout.advance(clock.tick(0.5)))
    [session] = history.sessions()
    assert session.started_at == pytest.approx(started_wall)
    assert session.ended_at - session.started_at == pytest.approx(workout.record.ended_at - workout.record.started_at)
    stored = history.sets_of(session.id)
    for done, kept in zip(workout.record.sets, stored, strict=True):
        assert kept.ended_at - kept.started_at == pytest.approx(done.ended_at - done.started_at)
        assert kept.started_at == pytest.approx(started_wall + done.started_at - workout.record.started_at)


def test_after_the_computer_slept_later_times_move_on_with_the_wall_clock(history: History, clock) -> None:
    from coach.core.engine import Paused

    wall = {"offset": WALL0}
    workout = Workout(build_timeline(routine()), clock)
    recorder = HistoryRecorder(history, routine(), workout.record, clock,
                               wall_clock=lambda: wall["offset"] + clock())
    recorder.handle(workout.start())
    recorder.handle(workout.advance(clock.tick(2)))
    wall["offset"] += 8 * 3600  # asleep 8 hours: the monotonic clock stood still
    events = workout.computer_slept(clock())
    assert any(isinstance(e, Paused) for e in events)
    recorder.handle(events)
    recorder.handle(workout.resume())
    while not workout.is_over:
        recorder.handle(workout.advance(clock.tick(0.5)))
    [session] = history.sessions()
    assert session.ended_at == pytest.approx(WALL0 + 8 * 3600 + workout.record.ended_at)
