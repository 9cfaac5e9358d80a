"""The WorkoutSession on its own (no main window): the chain around a workout and the signals the
views are built from, played with the fake clock."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import FakeSoundSink, FakeSpeaker, short_routine
from PySide6.QtWidgets import QMessageBox

from coach.core.files.paths import DataDir
from coach.core.history.recorder import preview_notice
from coach.core.history.store import History
from coach.core.workout.kinds import Outcome, WorkoutState
from coach.core.workout.presentation import Display
from coach.core.workout.session_flow import REST_WELL, Idle
from coach.gui.checkin_dialog import CheckinDialog
from coach.gui.cues import CuePlayer
from coach.gui.services import Services
from coach.gui.settings import Settings
from coach.gui.workout_session import WorkoutSession


class Heard:
    """Every signal of a session, in order, as (name, args)."""

    NAMES = ("started", "showing", "events", "exercise_changed", "floor_mode_changed", "ended", "interrupted",
             "resuming", "changed", "told", "said", "history_changed")

    def __init__(self, session: WorkoutSession) -> None:
        self.all: list[tuple[str, tuple]] = []
        for name in self.NAMES:
            getattr(session, name).connect(lambda *args, name=name: self.all.append((name, args)))

    def names(self) -> list[str]:
        return [name for name, _ in self.all]

    def of(self, name: str) -> list[tuple]:
        return [args for n, args in self.all if n == name]


@pytest.fixture
def history(data_dir: Path):
    opened = History.open(DataDir(data_dir))
    yield opened
    opened.close()


@pytest.fixture
def make_session(qtbot, data_dir, clock):
    made = []

    def make(**parts) -> tuple[WorkoutSession, Heard]:
        settings = Settings(DataDir(data_dir).settings_file)
        cues = CuePlayer(settings, sound_sink=FakeSoundSink(), speaker=FakeSpeaker())
        session = WorkoutSession(Services.make(clock=clock, cues=cues, **parts), settings)
        made.append(session)
        return session, Heard(session)

    yield make
    for session in made:
        if session.question is not None:
            session.question.close()


def run_until(session: WorkoutSession, clock, seconds: float) -> None:
    """Moves the fake clock on, waking the driver at each deadline it asked for."""
    target = clock.now + seconds
    while session.driver is not None and session.driver.timer.isActive():
        deadline = session.driver.workout.next_deadline()
        if deadline is None or deadline > target:
            break
        clock.now = deadline
        session.driver.wake()


def play_to_the_end(session: WorkoutSession, clock) -> None:
    while session.driver is not None:
        run_until(session, clock, 10)
        if session.waiting_for_done:
            session.command("done")


def test_without_a_history_the_request_plays_at_once_and_the_views_get_what_to_show(make_session, clock) -> None:
    session, heard = make_session()
    routine = short_routine()
    session.request_workout(routine)
    assert session.question is None and session.playing
    [(started_routine, driver)] = heard.of("started")
    assert started_routine is routine and driver is session.driver
    display, snapshot = heard.of("showing")[-1]
    assert isinstance(display, Display) and display == Display.of(snapshot)
    assert snapshot.state == WorkoutState.RUNNING
    run_until(session, clock, 3.5)  # get ready, then the bridges
    assert heard.of("exercise_changed")[:2] == [("Bridges", (), True), ("Bridges", (), False)]  # next, then now
    assert any(events for (events,) in heard.of("events"))
    play_to_the_end(session, clock)
    [(record, totals)] = heard.of("ended")
    assert record.outcome == Outcome.COMPLETED and totals is None  # nothing recorded: the record's own
    assert heard.of("exercise_changed")[-1] == (None, (), False)
    assert not session.playing and session.flow.step == Idle()


def test_a_set_at_ones_own_pace_tells_the_window_that_done_is_possible(make_session, clock) -> None:
    session, heard = make_session()
    session.start_workout(short_routine())
    run_until(session, clock, 3 + 4 + 2 + 4 + 3 + 1)  # the pelvic tilts, at one's own pace
    assert session.waiting_for_done and heard.names().count("changed") >= 2
    session.command("done")
    assert not session.waiting_for_done


def test_check_in_before_then_the_workout_recorded_with_it_then_the_check_in_after(
        make_session, history, clock) -> None:
    session, heard = make_session(history=history)
    session.request_workout(short_routine())
    before = session.question
    assert isinstance(before, CheckinDialog) and before.when == "before" and not session.playing
    before.scale.set_value(3)
    before.confirm()
    assert session.playing and session.question is None
    play_to_the_end(session, clock)
    after = session.question
    assert isinstance(after, CheckinDialog) and after.when == "after"
    assert heard.names().index("ended") < len(heard.names()) - 1
    changes_before = len(heard.of("history_changed"))
    after.scale.set_value(1)
    after.confirm()
    [stored] = history.sessions()
    assert (stored.pain_before, stored.pain_after, stored.outcome) == (3, 1, "completed")
    assert len(heard.of("history_changed")) == changes_before + 1  # the History page reads it again
    assert session.flow.step == Idle()


def test_resting_instead_starts_nothing_and_says_so(make_session, history) -> None:
    session, heard = make_session(history=history)
    session.request_workout(short_routine())
    session.question.scale.set_value(8)
    session.question.rest_instead()
    assert not session.playing and heard.of("started") == [] and (REST_WELL,) in heard.of("told")
    assert history.sessions() == []


def test_a_preview_is_not_recorded_and_asks_nothing(make_session, history, clock) -> None:
    session, heard = make_session(history=history, speed=10.0)
    session.request_workout(short_routine())
    assert session.question is None and session.playing and session.recorder is None
    assert (preview_notice(10.0),) in heard.of("told")


def test_the_stop_question_pauses_and_keep_going_resumes(make_session, clock) -> None:
    session, heard = make_session()
    session.start_workout(short_routine())
    run_until(session, clock, 3.5)
    box = session.ask_stop()
    assert session.ask_stop() is box  # one question at a time
    assert session.workout.state == WorkoutState.PAUSED
    box.button(QMessageBox.StandardButton.No).click()
    assert session.workout.state == WorkoutState.RUNNING and session.stop_question is None


def test_stop_workout_ends_it_as_stopped(make_session, clock) -> None:
    session, heard = make_session()
    session.start_workout(short_routine())
    run_until(session, clock, 3.5)
    session.ask_stop().button(QMessageBox.StandardButton.Yes).click()
    [(record, _totals)] = heard.of("ended")
    assert record.outcome == Outcome.STOPPED and not session.playing


def test_floor_mode_only_during_a_workout_and_left_before_the_end_is_shown(make_session, clock) -> None:
    session, heard = make_session()
    session.set_floor_mode(True)
    assert heard.of("floor_mode_changed") == [] and not session.floor_mode
    session.start_workout(short_routine())
    session.set_floor_mode(True)
    assert heard.of("floor_mode_changed") == [(True,)] and session.floor_mode
    assert heard.names()[-1] == "showing"  # shown again at once, on the floor view
    session.command("stop")
    names = heard.names()
    assert heard.of("floor_mode_changed") == [(True,), (False,)]
    assert names.index("ended") > max(i for i, name in enumerate(names) if name == "floor_mode_changed")


def test_floor_mode_by_default_comes_right_after_the_start(make_session, clock) -> None:
    session, heard = make_session()
    session.settings.set("player/floor_mode_by_default", True)
    session.start_workout(short_routine())
    names = heard.names()
    assert names.index("started") < names.index("floor_mode_changed") and session.floor_mode


def test_closing_mid_workout_keeps_it_as_interrupted(make_session, history, clock) -> None:
    session, heard = make_session(history=history, checkin=False)
    session.request_workout(short_routine())
    run_until(session, clock, 8)
    session.interrupt()
    [(record,)] = heard.of("interrupted")
    assert record.outcome == Outcome.INTERRUPTED and heard.of("ended") == []
    [stored] = history.sessions()
    assert stored.outcome == "interrupted"


def test_resuming_an_interrupted_session_says_which_routine_and_goes_on_in_it(
        make_session, history, clock) -> None:
    first, _ = make_session(history=history, checkin=False)
    first.request_workout(short_routine())
    run_until(first, clock, 3 + 4 + 2 + 4)  # both sets of bridges done
    first.interrupt()
    [stored] = history.sessions()
    session, heard = make_session(history=history)
    box = session.offer_resume()
    assert box is not None and box is session.question and not session.playing
    box.button(QMessageBox.StandardButton.Yes).click()
    [(routine,)] = heard.of("resuming")
    assert routine.id == "short" and session.playing
    assert session.recorder.session_id == stored.id  # the sets go on in the same session
    assert session.workout.snapshot(clock()).title == "Get ready"


def test_declining_the_resume_is_kept_and_plays_nothing(make_session, history, clock) -> None:
    first, _ = make_session(history=history, checkin=False)
    first.request_workout(short_routine())
    run_until(first, clock, 5)
    first.interrupt()
    session, heard = make_session(history=history)
    session.offer_resume().button(QMessageBox.StandardButton.No).click()
    assert not session.playing and heard.of("resuming") == [] and session.offer_resume() is None
