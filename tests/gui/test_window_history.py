"""The history around a workout, through the real window: check-ins, sets written as they end,
"more reps?" suggestions, the History page and resuming an interrupted session."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from helpers import run_until, short_routine
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from coach.core.faq.entries import load_faq
from coach.core.history.store import History
from coach.core.routines.routine_format import load_routine_file
from coach.core.files.paths import DataDir
from coach.core.workout.record import OUTCOME_COMPLETED
from coach.core.routines.routine import Routine
from coach.gui.checkin_dialog import CheckinDialog


@pytest.fixture
def history(data_dir: Path):
    opened = History.open(DataDir(data_dir))
    yield opened
    opened.close()


def play_to_the_end(window, clock) -> None:
    """Plays the running workout to its end with the fake clock, pressing Done on a set at one's
    own pace after ten seconds."""
    while window.session.driver is not None:
        run_until(window, clock, 10)
        if window.session.driver is not None and window.session.driver.workout.snapshot(clock()).waiting_for_done:
            window.session.command("done")


def checkin(window) -> CheckinDialog:
    dialog = window.question
    assert isinstance(dialog, CheckinDialog) and dialog.isVisible()
    return dialog


def test_a_workout_writes_its_sets_and_the_checkins(make_window, history, clock, qtbot) -> None:
    window = make_window(history=history)
    window.request_workout(short_routine())
    assert window.session.workout is None  # not before the check-in is answered
    before = checkin(window)
    assert before.when == "before"
    before.scale.set_value(3)
    qtbot.mouseClick(before.ok_button, Qt.MouseButton.LeftButton)
    assert window.session.workout is not None and window.question is None
    [session] = history.sessions()
    assert session.pain_before == 3 and session.outcome is None
    run_until(window, clock, 3 + 4)  # get ready, then the first set of bridges
    assert [(s.exercise_name, s.set) for s in history.sets_of(session.id)] == [("Bridges", 1)]
    play_to_the_end(window, clock)
    assert window.pages.currentWidget() is window.summary
    after = checkin(window)
    assert after.when == "after"
    after.scale.set_value(2)
    qtbot.keyClicks(after.note, "Felt loose")
    qtbot.mouseClick(after.ok_button, Qt.MouseButton.LeftButton)
    [session] = history.sessions()
    assert (session.outcome, session.pain_before, session.pain_after, session.note) == (
        OUTCOME_COMPLETED, 3, 2, "Felt loose")
    assert session.sets_completed == 5  # 2 bridges, 1 pelvic tilts, a hold on each side
    # View → History shows it.
    window.history_action.trigger()
    assert window.pages.currentWidget() is window.history_page
    assert window.history_page.view.model.rowCount() == 1
    qtbot.keyClick(window.history_page.back, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.browse


def test_no_checkin_starts_at_once(make_window, history) -> None:
    window = make_window(history=history, checkin=False)  # coach run ROUTINE --no-checkin
    window.request_workout(short_routine())
    assert window.session.workout is not None and window.question is None
    window.close()
    [session] = history.sessions()
    assert session.pain_before is None and session.outcome == "interrupted"


def test_the_setting_turns_the_checkins_off(make_window, history) -> None:
    window = make_window(history=history)
    window.settings.set("checkin/enabled", False)
    window.request_workout(short_routine())
    assert window.session.workout is not None and window.question is None


def test_pain_8_before_advises_rest_with_the_faq_answer(make_window, history, data_dir, qtbot) -> None:
    faq = load_faq(DataDir(data_dir))
    window = make_window(history=history, faq=faq)
    window.request_workout(short_routine())
    dialog = checkin(window)
    dialog.scale.set_value(8)
    assert dialog.advice.isVisible() and dialog.rest_button.isVisible()
    assert dialog.ok_button.text() == "Start anyway"
    rest = faq.get("prevent-lower-back-pain-when-running")
    assert rest.question in dialog.faq_view.toPlainText()
    qtbot.mouseClick(dialog.rest_button, Qt.MouseButton.LeftButton)
    assert window.session.workout is None and history.sessions() == []
    assert "Rest well" in window.statusBar().currentMessage()


def runners_core(data_dir: Path):
    from coach.core.routines.library import load_library
    from coach.core.files.paths import builtin_routines_dir

    library = load_library(builtin_routines_dir(), data_dir / "routines")
    return library, library.get("runners-core").routine


def good_sessions(history: History, routine: Routine, count: int) -> None:
    now = time.time()
    for n in range(count):
        started = now - (count - n) * 20 * 3600
        session = history.begin_session(routine, started, 600.0, pain_before=3)
        history.finish_session(session, OUTCOME_COMPLETED, started + 600, 600.0)


def leg_lowers(routine: Routine) -> int:
    return next(i for i, e in enumerate(routine.exercises) if e.name == "Leg lowers")


def answer_progression(window, yes: bool) -> None:
    box = window.question
    assert isinstance(box, QMessageBox) and box.objectName() == "progression-question"
    assert "Leg lowers" in box.text() and "Try 12 reps" in box.text()
    box.button(QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No).click()


def test_an_accepted_suggestion_saves_the_users_copy(make_window, history, data_dir) -> None:
    library, routine = runners_core(data_dir)
    good_sessions(history, routine, 3)
    window = make_window(history=history, library=library, checkin=False)
    window.request_workout(routine)
    answer_progression(window, yes=True)
    saved, problems = load_routine_file(data_dir / "routines" / "runners-core.yaml")
    assert not [p for p in problems if p.is_error]
    assert saved.exercises[leg_lowers(routine)].reps == 12
    assert window.library.get("runners-core").source == "customized"
    assert window.session.workout.timeline.routine.exercises[leg_lowers(routine)].reps == 12


def test_an_accepted_suggestion_that_cannot_be_saved_plays_this_time_and_says_why(
        make_window, history, data_dir) -> None:
    library, routine = runners_core(data_dir)
    good_sessions(history, routine, 3)
    window = make_window(history=history, library=library, checkin=False)
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "routines").write_text("not a folder")  # nowhere to save the user's copy
    window.request_workout(routine)
    answer_progression(window, yes=True)
    assert window.session.workout.timeline.routine.exercises[leg_lowers(routine)].reps == 12
    assert any(n.startswith("Leg lowers: 12 reps this time; they could not be saved for next time (")
               for n in window.notices), window.notices
    assert window.library.get("runners-core").source == "built-in"


def test_a_declined_suggestion_is_remembered(make_window, history, data_dir) -> None:
    library, routine = runners_core(data_dir)
    good_sessions(history, routine, 3)
    window = make_window(history=history, library=library, checkin=False)
    window.request_workout(routine)
    answer_progression(window, yes=False)
    assert not (data_dir / "routines" / "runners-core.yaml").exists()
    assert [d.reps for d in history.declines("runners-core")] == [10]
    assert window.session.workout.timeline.routine.exercises[leg_lowers(routine)].reps == 10


def test_an_interrupted_session_is_offered_and_resumes_at_its_set(make_window, history, clock) -> None:
    first = make_window(history=history, checkin=False)
    first.request_workout(short_routine())
    run_until(first, clock, 3 + 4 + 2 + 4)  # get ready, both sets of bridges
    assert len(first.session.workout.record.sets) == 2
    first.close()  # Coach closed mid-workout
    [session] = history.sessions()
    assert session.outcome == "interrupted"

    window = make_window(history=history, checkin=False)
    box = window.offer_resume()
    assert box is not None and "(2 sets done)" in box.text()
    assert "Go on from the start of Pelvic tilts?" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert window.session.workout.snapshot(clock()).title == "Get ready"  # its countdown first
    run_until(window, clock, 3)
    snapshot = window.session.workout.snapshot(clock())
    assert (snapshot.exercise_name, snapshot.set) == ("Pelvic tilts", 1)
    assert window.session.workout.record.sets == []  # nothing replayed before it
    play_to_the_end(window, clock)
    [session] = history.sessions()
    assert session.outcome == OUTCOME_COMPLETED and session.sets_completed == 5
    assert [(s.exercise_name, s.set, s.side) for s in history.sets_of(session.id)] == [
        ("Bridges", 1, None), ("Bridges", 2, None), ("Pelvic tilts", 1, None),
        ("Knee-to-chest stretches", 1, "left"), ("Knee-to-chest stretches", 1, "right")]
    assert window.offer_resume() is None  # nothing left to resume


def test_closed_in_a_set_resumes_at_its_start_after_get_ready_and_sums_up_the_whole_session(
        make_window, history, clock) -> None:
    from coach.core.history.store import local_time
    from coach.core.workout.presentation import elapsed_text

    first = make_window(history=history, checkin=False)
    first.request_workout(short_routine())
    run_until(first, clock, 3 + 4 + 2 + 1)  # get ready, bridges set 1, the rest, 1 s into set 2
    first.close()  # Coach closed in the middle of set 2
    [session] = history.sessions()
    assert [(s.set, s.status) for s in history.sets_of(session.id)] == [(1, "completed"), (2, "interrupted")]

    window = make_window(history=history, checkin=False)
    box = window.offer_resume()
    assert (f"Short test routine: the workout you started at {local_time(session.started_at):%H:%M} "
            "stopped before it was over (1 set done).") in box.text()
    assert "Go on from the start of Bridges, set 2 of 2?" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    snapshot = window.session.workout.snapshot(clock())
    assert (snapshot.title, snapshot.phase_remaining) == ("Get ready", 3)
    run_until(window, clock, 3)
    snapshot = window.session.workout.snapshot(clock())
    assert (snapshot.exercise_name, snapshot.set, snapshot.rep, snapshot.part) == ("Bridges", 2, 1, "up")
    ended = []
    window.workout_ended.connect(ended.append)
    play_to_the_end(window, clock)
    [session] = history.sessions()
    assert (session.outcome, session.sets_completed, session.sets_skipped) == (OUTCOME_COMPLETED, 5, 0)
    # The summary counts the whole session, as the history does: not only the part after resuming.
    figures = window.summary.figures.text()
    assert "Sets done: 5" in figures and "Sets skipped: 0" in figures
    assert f"Time: {elapsed_text(session.active_seconds)}" in figures
    assert session.active_seconds == pytest.approx(10 + ended[0].active_seconds)  # 10 s before closing


def test_declining_the_resume_is_not_asked_again(make_window, history, clock) -> None:
    first = make_window(history=history, checkin=False)
    first.request_workout(short_routine())
    run_until(first, clock, 5)
    first.close()
    window = make_window(history=history, checkin=False)
    window.offer_resume().button(QMessageBox.StandardButton.No).click()
    assert window.session.workout is None and window.offer_resume() is None


def test_the_settings_dialog_has_the_checkin_choice(make_window, history) -> None:
    window = make_window(history=history)
    dialog = window.open_settings()
    assert dialog.checkin.isChecked()  # on by default
    dialog.checkin.setChecked(False)
    dialog.accept()
    assert window.settings.get("checkin/enabled") is False and not window.session.checkins_on()


def test_a_damaged_history_file_is_moved_aside_and_the_window_says_where(make_window, data_dir) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    DataDir(data_dir).history_db.write_bytes(b"this is not a database" * 100)
    history = History.open(DataDir(data_dir))
    try:
        window = make_window(history=history)
        message = window.statusBar().currentMessage()
        assert "damaged" in message and str(history.moved_aside) in message
        assert history.moved_aside.exists()
    finally:
        history.close()


def test_history_off_says_why_and_workouts_still_play(make_window, tmp_path) -> None:
    (tmp_path / "file").write_text("x")
    history = History.open(tmp_path / "file" / "data")  # a file where the data folder should be
    window = make_window(history=history)
    message = window.statusBar().currentMessage()
    assert message.startswith("History is off") and "will not be recorded" in message
    window.request_workout(short_routine())
    window.question.skip()  # the check-in still gives its advice; nothing is stored
    assert window.session.workout is not None


def test_a_speed_preview_is_not_recorded_and_asks_nothing(make_window, history, clock) -> None:
    # `coach run ROUTINE --speed 10`: a preview of the routine, not a workout.
    window = make_window(history=history, speed=10.0)
    window.request_workout(short_routine())
    assert window.question is None and window.session.workout is not None  # no check-in before
    assert window.statusBar().currentMessage() == \
        "Preview at 10x speed: not recorded in your history, and no check-ins."
    play_to_the_end(window, clock)
    assert window.pages.currentWidget() is window.summary
    assert window.question is None  # no check-in after
    assert history.sessions() == []


def test_export_csv_says_in_the_status_bar_where_the_file_went(make_window, history, clock, tmp_path) -> None:
    window = make_window(history=history, checkin=False)
    window.session.start_workout(short_routine())
    play_to_the_end(window, clock)
    window.show_library()
    window.history_action.trigger()
    target = tmp_path / "history.csv"
    window.history_page.view.export_path_chooser = lambda: str(target)
    window.history_page.view.export_button.click()
    assert target.exists()
    assert window.statusBar().currentMessage() == f"Exported 1 session to {target}"


def test_a_history_locked_by_another_program_never_makes_the_window_wait(make_window, history, clock,
                                                                            qtbot) -> None:
    from coach.core.history.store import connect

    window = make_window(history=history, checkin=False)
    window.request_workout(short_routine())
    run_until(window, clock, 3)
    # The session is in the history (written on the history's thread); then another program takes it.
    qtbot.waitUntil(lambda: history.writer.pending == 0)
    other = connect(history.path)
    other.execute("BEGIN IMMEDIATE")
    try:
        began = time.perf_counter()
        play_to_the_end(window, clock)
        assert time.perf_counter() - began < 5  # not 10 s per set, as SQLite's busy wait made it
        assert window.pages.currentWidget() is window.summary
        # Said as soon as the history's thread has tried them (it writes off the window's thread).
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == (
            "5 sets not in your history yet: Another program is using the history; Coach will keep your "
            "sets and write them when it is free."))
        [session] = history.sessions()
        assert session.outcome is None and history.sets_of(session.id) == []  # not "completed"
        assert window.session._history_retry.isActive()  # tried again while they wait
        window.session.retry_history_writes()
        assert history.writer.pending_sets == 5
    finally:
        other.execute("COMMIT")
        other.close()
    window.session.retry_history_writes()  # what the timer does
    [session] = history.sessions()
    assert (session.outcome, session.sets_completed) == (OUTCOME_COMPLETED, 5)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage()
                    == "Everything that waited is now written to your history.")
    assert not window.session._history_retry.isActive()


def test_the_history_page_says_a_workouts_time_and_pain_as_the_summary_and_the_checkins_did(
        make_window, history, clock, qtbot) -> None:
    """One presentation (coach/core/workout/presentation.py): the time the summary showed at the
    end of a workout is the time its row shows on the history page, rounded the same way."""
    from coach.core.workout.presentation import elapsed_text, pain_text

    window = make_window(history=history)
    window.request_workout(short_routine())
    before = checkin(window)
    before.scale.set_value(4)
    qtbot.mouseClick(before.ok_button, Qt.MouseButton.LeftButton)
    while not window.session.driver.workout.snapshot(clock()).waiting_for_done:
        run_until(window, clock, 1)
    run_until(window, clock, 2.7)  # a set at one's own pace, done after 2.7 s: a time with a fraction
    window.session.command("done")
    play_to_the_end(window, clock)
    time_line = window.summary.figures.text().splitlines()[0]
    after = checkin(window)
    after.skip_button.click()
    [session] = history.sessions()
    assert time_line == f"Time: {elapsed_text(session.active_seconds)}"
    assert session.active_seconds % 1 > 0.5  # where rounding to the nearest second would say one more
    window.history_action.trigger()
    model = window.history_page.view.model
    duration = model.data(model.index(0, model.COLUMNS.index("Duration")))
    pain = model.data(model.index(0, model.COLUMNS.index("Pain")))
    assert f"Time: {duration}" == time_line
    assert pain == pain_text(4, None) == "4 → –"
