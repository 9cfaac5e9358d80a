"""Sessions left open by a crash: marked interrupted at the next start, and offered for resuming."""

from __future__ import annotations

from pathlib import Path

from history_helpers import play, routine

from coach.core.history import History
from coach.core.timeline import build_timeline

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
