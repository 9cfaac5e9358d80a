"""The recorder between the engine and the history: every set as it ends, then the outcome."""

from __future__ import annotations

from pathlib import Path

import pytest
from history_helpers import routine

from coach.core.workout.engine import Workout
from coach.core.history.store import History
from coach.core.history.recorder import HistoryRecorder
from coach.core.workout.timeline import build_timeline

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
    from coach.core.workout.engine import Paused

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
