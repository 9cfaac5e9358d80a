"""Sessions left open by a crash: marked interrupted at the next start, and offered for resuming."""

from __future__ import annotations

from pathlib import Path

from history_helpers import play, routine

from coach.core.history.store import History
from coach.core.files.paths import DataDir
from coach.core.workout.timeline import GET_READY, build_timeline

T0 = 1_750_000_000.0
HOUR = 3600.0


def crash_after(data_dir: Path, sets: int, started: float = T0) -> int:
    """A workout whose program dies after ``sets`` sets (closing without finishing frees its lock)."""
    history = History.open(data_dir, now=started)
    sid = play(history, started, outcome=None, sets=sets, pain=(4, None))
    history.close()
    return sid


def test_a_session_left_open_is_marked_interrupted_at_the_next_start(data_dir: Path) -> None:
    sid = crash_after(data_dir, sets=3)
    with History.open(data_dir, now=T0 + HOUR) as history:
        [closed] = history.interrupted_at_opening
        assert closed.id == sid and closed.outcome == "interrupted"
        assert closed.sets_completed == 3 and closed.pain_before == 4
        assert closed.ended_at == history.sets_of(sid)[-1].ended_at
    with History.open(data_dir, now=T0 + HOUR) as history:
        assert history.interrupted_at_opening == []  # only once
        assert history.session(sid).outcome == "interrupted"


def test_a_session_another_coach_is_playing_is_left_alone(data_dir: Path) -> None:
    playing = History.open(data_dir, now=T0)
    sid = playing.begin_session(routine(), T0, 300)
    with History.open(data_dir, now=T0 + 60) as second:
        assert second.interrupted_at_opening == []
        assert second.session(sid).outcome is None
    playing.finish_session(sid, "completed", T0 + 300, 290)
    playing.close()
    with History.open(data_dir, now=T0 + 400) as third:
        assert third.interrupted_at_opening == [] and third.session(sid).outcome == "completed"


def test_resuming_goes_on_from_the_first_set_not_done(data_dir: Path) -> None:
    sid = crash_after(data_dir, sets=3)
    with History.open(data_dir, now=T0 + HOUR) as history:
        point = history.interrupted_session_to_resume(T0 + 2 * HOUR)
        assert point is not None and point.session.id == sid
        assert (point.exercise_name, point.set, point.side) == ("Lower back rotational stretches", 1, "right")
        assert point.routine == routine() and len(point.sets_done) == 3
        timeline = build_timeline(point.routine)
        phase = timeline[point.phase_index(timeline)]
        assert (phase.kind, phase.exercise_index, phase.side) == ("hold", 1, "right")

        history.resume_session(sid)
        assert history.session(sid).outcome is None
        history.record_set(sid, 1, "Lower back rotational stretches", 1, "right", None, 20.0, "completed",
                           T0 + 2 * HOUR, T0 + 2 * HOUR + 20)
        history.finish_session(sid, "completed", T0 + 2 * HOUR + 20, 180)
        session = history.session(sid)
        assert session.outcome == "completed" and session.sets_completed == 4
        assert history.interrupted_session_to_resume(T0 + 2 * HOUR + 30) is None


def test_an_interruption_12_hours_old_or_more_is_not_offered(data_dir: Path) -> None:
    crash_after(data_dir, sets=1)
    with History.open(data_dir, now=T0 + HOUR) as history:
        assert history.interrupted_session_to_resume(T0 + 12 * HOUR - 1) is not None
        assert history.interrupted_session_to_resume(T0 + 12 * HOUR) is None


def test_a_declined_resume_is_not_offered_again(data_dir: Path) -> None:
    sid = crash_after(data_dir, sets=1)
    with History.open(data_dir, now=T0 + HOUR) as history:
        history.decline_resume(sid)
        assert history.interrupted_session_to_resume(T0 + HOUR) is None


def test_only_the_latest_session_is_offered(data_dir: Path) -> None:
    crash_after(data_dir, sets=1)
    with History.open(data_dir, now=T0 + HOUR) as history:
        play(history, T0 + HOUR)
        assert history.interrupted_session_to_resume(T0 + 2 * HOUR) is None


def test_an_interruption_after_the_last_set_has_nothing_to_resume(data_dir: Path) -> None:
    crash_after(data_dir, sets=4)
    with History.open(data_dir, now=T0 + HOUR) as history:
        assert history.session(1).outcome == "interrupted"
        assert history.interrupted_session_to_resume(T0 + HOUR) is None


def test_a_set_cut_short_is_resumed_at_its_start(data_dir: Path) -> None:
    # Closed 12 s into set 2 of bridges: that set is kept as interrupted, counted neither done
    # nor skipped, and the session goes on from its start (not from the stretch after it).
    history = History.open(data_dir, now=T0)
    sid = play(history, T0, outcome=None, sets=1)
    history.record_set(sid, 0, "Bridges", 2, None, 3, None, "interrupted", T0 + 40, T0 + 52)
    history.close()
    with History.open(data_dir, now=T0 + HOUR) as history:
        session = history.session(sid)
        assert (session.outcome, session.sets_completed, session.sets_skipped) == ("interrupted", 1, 0)
        assert [s.status for s in history.sets_of(sid)] == ["completed", "interrupted"]
        point = history.interrupted_session_to_resume(T0 + HOUR)
        assert (point.exercise_name, point.set, point.side) == ("Bridges", 2, None)
        assert [(s.set, s.status) for s in point.sets_done] == [(1, "completed")]


def test_a_resumed_workout_starts_with_its_get_ready_countdown(data_dir: Path) -> None:
    crash_after(data_dir, sets=3)
    with History.open(data_dir, now=T0 + HOUR) as history:
        point = history.interrupted_session_to_resume(T0 + HOUR)
    timeline = point.timeline()
    whole = build_timeline(point.routine)
    first, second = timeline.phases[:2]
    assert first.kind == GET_READY and first.duration_ms == whole.phases[0].duration_ms
    assert (second.kind, second.exercise_index, second.side) == ("hold", 1, "right")
    # Numbered and timed from the start of the resumed workout.
    assert [p.index for p in timeline.phases] == list(range(len(timeline.phases)))
    assert [p.start_ms for p in timeline.phases[1:]] == [
        sum(p.estimate_ms for p in timeline.phases[:i]) for i in range(1, len(timeline.phases))]
    assert timeline.total_ms == whole.total_ms - whole.phases[point.phase_index(whole)].start_ms \
        + whole.phases[0].estimate_ms


def test_a_version_1_file_is_upgraded_to_keep_interrupted_sets(data_dir: Path) -> None:
    import sqlite3

    from coach.core.history.store import MIGRATIONS

    path = DataDir(data_dir).history_db
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with History.open(data_dir, now=T0) as history:
        sid = play(history, T0, outcome=None, sets=2)
        history.record_set(sid, 1, "Lower back rotational stretches", 1, "left", None, 4.0, "interrupted",
                           T0 + 90, T0 + 94)
        assert [s.status for s in history.sets_of(sid)] == ["completed", "completed", "interrupted"]
        assert history._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert history._conn.execute("PRAGMA foreign_key_check").fetchall() == []
