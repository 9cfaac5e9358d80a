"""The start-up hint that a session may wait to be resumed (coach/core/history/resume_hint.py).

The window opens the history (SQLite) at start-up only when this hint is there, so it must be
there whenever the history would offer a session, and should be gone when nothing is left.
"""

from __future__ import annotations

from pathlib import Path

from history_helpers import play, routine

from coach.core.history.store import RESUME_WITHIN_SECONDS, History
from coach.core.files.paths import DataDir
from coach.core.history.resume_hint import hint_file, may_offer_resume

T0 = 1.7e9


def offered(history: History, now: float) -> bool:
    return history.interrupted_session_to_resume(now) is not None


def test_a_new_data_folder_has_nothing_to_offer(data_dir: Path) -> None:
    assert not may_offer_resume(DataDir(data_dir))
    with History.open(DataDir(data_dir)):
        pass
    assert not may_offer_resume(DataDir(data_dir))


def test_a_session_being_played_may_need_resuming_and_a_finished_one_does_not(data_dir: Path) -> None:
    data = DataDir(data_dir)
    with History.open(data) as history:
        sid = history.begin_session(routine(), T0, 300.0)
        assert may_offer_resume(data)  # were Coach killed now, the next start must ask
        history.finish_session(sid, "completed", T0 + 300)
        assert not may_offer_resume(data)
        play(history, T0 + 1000, outcome="stopped", sets=1)
        assert not may_offer_resume(data) and not offered(history, T0 + 1500)


def test_an_interrupted_session_keeps_the_hint_until_it_is_declined(data_dir: Path) -> None:
    data = DataDir(data_dir)
    with History.open(data) as history:
        sid = play(history, T0, outcome="interrupted", sets=1)
        assert may_offer_resume(data) and offered(history, T0 + 600)
        history.decline_resume(sid, T0 + 600)
        assert not may_offer_resume(data)


def test_an_interrupted_session_resumed_and_finished_drops_the_hint(data_dir: Path) -> None:
    data = DataDir(data_dir)
    with History.open(data) as history:
        sid = play(history, T0, outcome="interrupted", sets=1)
        history.resume_session(sid)
        assert may_offer_resume(data)
        history.finish_session(sid, "completed", T0 + 900)
        assert not may_offer_resume(data)


def test_a_crash_leaves_the_hint_and_the_next_opening_offers_the_session(data_dir: Path) -> None:
    data = DataDir(data_dir)
    history = History.open(data)
    play(history, T0, outcome=None, sets=1)  # Coach dies here: the session is never finished
    history.close()
    assert may_offer_resume(data)
    with History.open(data) as reopened:
        assert offered(reopened, T0 + 600)


def test_a_session_finished_while_another_is_open_keeps_the_hint(data_dir: Path) -> None:
    """Two Coach windows: one ends its workout while the other still plays (and may be killed)."""
    data = DataDir(data_dir)
    with History.open(data) as first, History.open(data) as second:
        first.begin_session(routine(), T0, 300.0)
        sid = second.begin_session(routine(), T0 - 100, 300.0)
        second.finish_session(sid, "completed", T0 + 50)
        assert may_offer_resume(data)


def test_settling_drops_a_hint_that_is_too_old_to_offer(data_dir: Path) -> None:
    data = DataDir(data_dir)
    with History.open(data) as history:
        play(history, T0, outcome="interrupted", sets=1)
        history.settle_resume_hint(T0 + 600)
        assert may_offer_resume(data)  # still offered
        later = T0 + RESUME_WITHIN_SECONDS + 1
        assert not offered(history, later)
        history.settle_resume_hint(later)
        assert not may_offer_resume(data)


def test_the_hint_lives_beside_the_session_locks(data_dir: Path) -> None:
    data = DataDir(data_dir)
    with History.open(data) as history:
        history.begin_session(routine(), T0, 300.0)
    assert hint_file(data.history_db).parent == data.history_db.with_name(".history-sessions")
    assert hint_file(data.history_db).is_file()
