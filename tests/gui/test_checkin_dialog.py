"""The check-in dialog: 0-10 before and after, a note after, skipping, and the advice to rest at 7+."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from coach.core.workout.checkin import REST_FAQ_ID
from coach.core.faq.entries import load_faq
from coach.core.files.paths import DataDir
from coach.gui.checkin_dialog import AFTER, BEFORE, CheckinDialog

# The offscreen platform says this of every top-level dialog shown; it is not about our code.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def rest_answer(data_dir: Path):
    entry = load_faq(DataDir(data_dir)).get(REST_FAQ_ID)
    assert entry is not None, "the shipped FAQ must have the answer about treating strains at home"
    return entry


def make(qtbot, when: str, **kwargs) -> CheckinDialog:
    dialog = CheckinDialog(when, routine_name="Lower back basics", **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_before_a_number_must_be_chosen_to_start(qtbot) -> None:
    dialog = make(qtbot, BEFORE)
    assert not dialog.ok_button.isEnabled() and dialog.ok_button.text() == "Start"
    assert not dialog.note.isVisible() and not dialog.advice.isVisible()
    click(qtbot, dialog.scale.group.button(3))
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.answered) as blocker:
        click(qtbot, dialog.ok_button)
    assert blocker.args[0].pain == 3 and blocker.args[0].start
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.answer.note == ""


def test_skipping_starts_without_a_number(qtbot) -> None:
    dialog = make(qtbot, BEFORE)
    click(qtbot, dialog.skip_button)
    assert (dialog.answer.pain, dialog.answer.start) == (None, True)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_seven_or_more_suggests_resting_and_shows_the_faq_answer(qtbot, rest_answer) -> None:
    dialog = make(qtbot, BEFORE, rest_answer=rest_answer)
    click(qtbot, dialog.scale.group.button(7))
    assert dialog.advice.isVisible() and dialog.rest_button.isVisible()
    assert "Resting for a few days" in dialog.advice_text.text() and "7/10" in dialog.advice_text.text()
    assert rest_answer.question in dialog.faq_view.toPlainText()
    assert rest_answer.answer.split()[0] in dialog.faq_view.toPlainText()
    assert dialog.ok_button.text() == "Start anyway" and dialog.rest_button.isDefault()
    click(qtbot, dialog.rest_button)
    assert (dialog.answer.pain, dialog.answer.start) == (7, False)
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_starting_anyway_at_nine_keeps_the_number(qtbot, rest_answer) -> None:
    dialog = make(qtbot, BEFORE, rest_answer=rest_answer)
    click(qtbot, dialog.scale.group.button(9))
    click(qtbot, dialog.ok_button)
    assert (dialog.answer.pain, dialog.answer.start) == (9, True)


def test_going_back_below_seven_hides_the_advice(qtbot) -> None:
    dialog = make(qtbot, BEFORE)
    click(qtbot, dialog.scale.group.button(8))
    assert dialog.advice.isVisible() and not dialog.faq_view.isVisible()  # no FAQ given: no empty box
    click(qtbot, dialog.scale.group.button(4))
    assert not dialog.advice.isVisible() and not dialog.rest_button.isVisible()
    assert dialog.ok_button.text() == "Start" and dialog.ok_button.isDefault()


def test_keys_choose_the_number(qtbot) -> None:
    dialog = make(qtbot, BEFORE)
    dialog.scale.setFocus()
    qtbot.keyClick(dialog.scale, Qt.Key.Key_5)
    assert dialog.scale.value() == 5
    qtbot.keyClick(dialog.scale, Qt.Key.Key_Right)
    qtbot.keyClick(dialog.scale, Qt.Key.Key_Right)
    assert dialog.scale.value() == 7 and dialog.advice.isVisible()
    qtbot.keyClick(dialog.scale, Qt.Key.Key_1)
    qtbot.keyClick(dialog.scale, Qt.Key.Key_0)
    assert dialog.scale.value() == 10
    qtbot.keyClick(dialog.scale, Qt.Key.Key_Right)
    assert dialog.scale.value() == 10  # never above 10
    qtbot.keyClick(dialog.scale, Qt.Key.Key_0)
    qtbot.keyClick(dialog.scale, Qt.Key.Key_Left)
    assert dialog.scale.value() == 0  # never below 0


def test_escape_before_a_workout_does_not_start_it(qtbot) -> None:
    dialog = make(qtbot, BEFORE)
    click(qtbot, dialog.scale.group.button(2))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.answer.start is False and dialog.answer.pain is None


def test_after_the_number_and_a_note_are_saved(qtbot) -> None:
    dialog = make(qtbot, AFTER)
    assert dialog.windowTitle() == "After your workout" and dialog.note.isVisible()
    assert dialog.ok_button.text() == "Save" and not dialog.rest_button.isVisible()
    click(qtbot, dialog.scale.group.button(8))
    assert not dialog.advice.isVisible()  # the advice is about starting, not after
    qtbot.keyClicks(dialog.note, "  left side tight after supermans ")
    click(qtbot, dialog.ok_button)
    assert (dialog.answer.pain, dialog.answer.note) == (8, "left side tight after supermans")


def test_skipping_after_keeps_nothing(qtbot) -> None:
    dialog = make(qtbot, AFTER)
    click(qtbot, dialog.scale.group.button(1))
    qtbot.keyClicks(dialog.note, "something")
    click(qtbot, dialog.skip_button)
    assert (dialog.answer.pain, dialog.answer.note) == (None, "")


def test_an_unknown_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="before"):
        CheckinDialog("during")


def test_the_dialog_is_freed_as_soon_as_it_is_dropped(qtbot) -> None:
    import gc
    import weakref

    dialog = CheckinDialog(BEFORE)
    dialog.scale.set_value(8)
    freed = weakref.ref(dialog)
    gc.disable()
    try:
        del dialog
        assert freed() is None
    finally:
        gc.enable()


def test_the_resume_question_says_where_it_goes_on(qtbot, data_dir: Path) -> None:
    from zoneinfo import ZoneInfo

    from coach.core.history.store import History
    from coach.core.routines.routine import Exercise, Routine
    from coach.gui.checkin_dialog import resume_question

    routine = Routine(id="r", name="Lower back basics", exercises=(
        Exercise("Bridges", sets=1, reps=10), Exercise("Cat stretches", sets=2, hold=20, sides="each")))
    t0 = 1_750_000_000.0  # 17:06 in Berlin
    history = History.open(data_dir, now=t0)
    sid = history.begin_session(routine, t0, 300)
    history.record_set(sid, 0, "Bridges", 1, None, 10, None, "completed", t0, t0 + 30)
    history.record_set(sid, 1, "Cat stretches", 1, "left", None, 20.0, "completed", t0 + 40, t0 + 60)
    history.close()
    with History.open(data_dir, now=t0 + 600) as history:
        point = history.interrupted_session_to_resume(t0 + 600)
    box = resume_question(point, ZoneInfo("Europe/Berlin"))
    qtbot.addWidget(box)
    # "started at": "workout of 17:06" read like a duration.
    assert ("Lower back basics: the workout you started at 17:06 stopped before it was over "
            "(2 sets done).") in box.text()
    assert "Go on from the start of Cat stretches, set 1 of 2, right side?" in box.text()
    assert box.button(QMessageBox.StandardButton.Yes).text() == "Resume"


def test_the_progression_question_names_the_new_reps(qtbot) -> None:
    from coach.core.history.progression import Suggestion
    from coach.gui.checkin_dialog import progression_question

    box = progression_question(Suggestion("r", 0, "Leg lowers", 10, 12, 3))
    qtbot.addWidget(box)
    assert "Leg lowers: 3 good sessions at 10 reps" in box.text() and "Try 12 reps" in box.text()
    assert box.button(QMessageBox.StandardButton.Yes).text() == "Try 12 reps"
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)


def test_the_resume_question_says_1_set(qtbot) -> None:
    from coach.core.history.store import ResumePoint, Session
    from coach.core.routines.routine import Exercise, Routine
    from coach.gui.checkin_dialog import resume_question

    routine = Routine(id="r", name="Basics", exercises=(Exercise("Bridges", sets=2, reps=5),))
    session = Session(1, "r", "Basics", 0.0, 60.0, 120.0, 60.0, "interrupted", None, None, "", 1, 0)
    box = resume_question(ResumePoint(session, routine, (), 0, 2, None))
    qtbot.addWidget(box)
    assert "(1 set done)" in box.text()
