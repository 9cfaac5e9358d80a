"""The routine editor's layout: room for the routine's fields, and the exercise list with each dose."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from editor_helpers import MINE, make_editor
from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QStyleOptionFrame,
    QToolButton,
    QToolTip,
)

from coach.core.faq.entries import load_faq
from coach.core.routines.library import load_library
from coach.core.files.paths import DataDir, builtin_routines_dir
from coach.core.routines.routine import Exercise, TempoPart
from coach.gui.editor.draft import WHOLE, tags_text

# The offscreen platform says these when a window or a tooltip is shown; they mean nothing here.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)",
                                       r"This plugin does not support raise\(\)")

DEFAULT_SIZE = (1280, 800)


@pytest.fixture
def folder(data_dir: Path) -> Path:
    return data_dir / "routines"


def doses(editor) -> list[str]:
    return [editor.exercise_list.item(i).text() for i in range(editor.exercise_list.count())]


def test_the_list_shows_each_exercises_dose(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    assert doses(editor) == ["1. Bridges — 2 sets × 10 reps (up 2 s · down 2 s)",
                             "2. Cat stretches — hold 30 s", "3. Supermans — 8 reps at your own pace"]
    # Drawn on two lines: the name, then the dose under it.
    assert editor.exercise_list.row_lines(0) == ("1. Bridges", "2 sets × 10 reps (up 2 s · down 2 s)")
    lst = editor.exercise_list
    assert lst.visualItemRect(lst.item(0)).height() >= 2 * lst.fontMetrics().lineSpacing()


def test_the_dose_follows_every_edit_and_undo(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    first = lambda: editor.exercise_list.item(0).text()  # noqa: E731
    editor.ex_sets.setValue(3)
    assert first() == "1. Bridges — 3 sets × 10 reps (up 2 s · down 2 s)"
    editor.ex_reps.setValue(12)
    assert first() == "1. Bridges — 3 sets × 12 reps (up 2 s · down 2 s)"
    editor.ex_tempo.mode.setCurrentIndex(editor.ex_tempo.mode.findData(WHOLE))
    assert first() == "1. Bridges — 3 sets × 12 reps (3 s a rep)"
    editor.ex_sides.setChecked(True)
    assert first() == "1. Bridges — 3 sets × 12 reps (3 s a rep), each side"
    editor.kind_hold.setChecked(True)
    assert first() == "1. Bridges — 3 sets × hold 30 s, each side"
    editor.ex_name.selectAll()
    qtbot.keyClicks(editor.ex_name, "Glute bridges")
    assert first() == "1. Glute bridges — 3 sets × hold 30 s, each side"
    editor.undo_stack.undo()
    assert first() == "1. Bridges — 3 sets × hold 30 s, each side"
    editor.undo_stack.undo()
    assert first() == "1. Bridges — 3 sets × 12 reps (3 s a rep), each side"
    for _ in range(4):
        editor.undo_stack.undo()
    assert first() == "1. Bridges — 2 sets × 10 reps (up 2 s · down 2 s)"
    assert not editor.is_modified()
    editor.undo_stack.redo()
    assert first() == "1. Bridges — 3 sets × 10 reps (up 2 s · down 2 s)"


def test_a_dose_being_typed(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    editor.exercise_list.setCurrentRow(1)
    editor.ex_hold.selectAll()
    qtbot.keyClicks(editor.ex_hold, "1m3")
    assert editor.exercise_list.item(1).text() == "2. Cat stretches — hold 1 min 3 s"
    qtbot.keyClicks(editor.ex_hold, "x")
    assert editor.exercise_list.item(1).text() == "2. Cat stretches — needs fixing   ⚠"
    assert editor.exercise_list.row_lines(1) == ("2. Cat stretches   ⚠", "needs fixing")
    # The other exercises keep showing theirs.
    assert editor.exercise_list.item(0).text() == "1. Bridges — 2 sets × 10 reps (up 2 s · down 2 s)"
    editor.undo_stack.undo()
    assert editor.exercise_list.item(1).text() == "2. Cat stretches — hold 30 s"
    editor.undo_stack.redo()
    assert "needs fixing" in editor.exercise_list.item(1).text()


# --- at the window's default size, with the FAQ docked beside the editor ------------------------

def text_room(edit: QLineEdit) -> int:
    """The width a line edit has for its text (what QLineEdit itself leaves inside the frame)."""
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    room = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    return room.width() - margins.left() - margins.right() - 2 * 2  # QLineEdit keeps 2 px a side


def lines_shown(box: QPlainTextEdit) -> float:
    inside = box.viewport().height() - 2 * box.document().documentMargin()
    return inside / box.fontMetrics().lineSpacing()


def left_share(editor) -> float:
    left, right = editor.splitter.sizes()
    return left / (left + right)


@pytest.fixture
def window_editor(make_window, data_dir: Path, qtbot):
    """The main window at its default size, FAQ shown, editing the user's copy of a built-in."""
    folder = DataDir(data_dir)
    folder.routines.mkdir(parents=True)
    faq = load_faq(folder)
    window = make_window(library=load_library(builtin_routines_dir(), folder.routines, set(faq.ids())),
                         faq=faq)
    window.resize(*DEFAULT_SIZE)
    window.library_view.select_routine("lower-back-basics")
    window.routine_command("customize")
    QApplication.processEvents()
    assert window.faq_dock.isVisible() and window.faq_dock.width() > 250
    assert window.editor is not None and window.editor.isVisible()
    return window


def test_the_routines_fields_have_room_at_the_default_size(window_editor) -> None:
    window = window_editor
    editor = window.editor
    assert window.size().toTuple() == DEFAULT_SIZE
    description = editor.description_edit
    assert lines_shown(description) >= 5
    assert description.verticalScrollBar().maximum() == 0  # the built-in's description, whole
    tags = editor.tags_edit
    assert tags.fontMetrics().horizontalAdvance(tags.text()) <= text_room(tags)
    for entry in load_library(builtin_routines_dir(), Path("/nonexistent")).entries:
        text = tags_text(list(entry.routine.tags))
        assert tags.fontMetrics().horizontalAdvance(text) <= text_room(tags), entry.routine.id
    # Every exercise's name and dose shown whole, none cut with "…".
    lst = editor.exercise_list
    assert lst.count() == 9
    assert all(lst.row_fits(row) for row in range(lst.count()))
    assert lst.visualItemRect(lst.item(8)).bottom() <= lst.viewport().height()  # no scrolling


def test_the_left_column_keeps_its_share_when_the_window_is_resized(window_editor) -> None:
    window = window_editor
    editor = window.editor
    at_default = left_share(editor)
    assert 0.42 <= at_default <= 0.5
    for size in ((1600, 1000), (1920, 1080), DEFAULT_SIZE):
        window.resize(*size)
        QApplication.processEvents()
        assert left_share(editor) == pytest.approx(at_default, abs=0.02), size
        assert lines_shown(editor.description_edit) >= 5
        assert editor.tags_edit.fontMetrics().horizontalAdvance(editor.tags_edit.text()) <= \
            text_room(editor.tags_edit)


def test_at_200_percent_nothing_is_squeezed_or_cut_off(big_font, window_editor) -> None:
    editor = window_editor.editor
    # The description keeps its lines and the list a few rows: the column scrolls instead.
    assert lines_shown(editor.description_edit) >= 5
    lst = editor.exercise_list
    assert lst.height() >= 3 * 2 * lst.fontMetrics().lineSpacing()
    window_editor.resize(1000, 700)
    QApplication.processEvents()
    assert lines_shown(editor.description_edit) >= 5
    left, right = editor.splitter.widget(0), editor.splitter.widget(1)
    assert left.viewport().width() >= left.widget().minimumSizeHint().width()
    # The exercise form, too wide for what is left, scrolls sideways rather than being cut off.
    form = right.widget()
    assert form.width() > right.viewport().width()
    assert right.horizontalScrollBar().isVisible()
    assert right.horizontalScrollBar().maximum() >= form.width() - right.viewport().width()


def test_a_dose_cut_short_in_a_narrow_list_shows_whole_in_its_tooltip(qtbot, folder) -> None:
    lifts = Exercise(name="Lying lateral leg lifts", sets=2, reps=10, sides="each",
                     tempo=(TempoPart("up", 2), TempoPart("hold", 1), TempoPart("down", 2)))
    editor = make_editor(qtbot, folder, dataclasses.replace(MINE, exercises=(lifts, *MINE.exercises)))
    editor.resize(700, 600)
    editor.show()
    qtbot.waitExposed(editor)
    lst = editor.exercise_list
    editor.splitter.setSizes([1, 10_000])  # as narrow as the left column goes
    QApplication.processEvents()
    assert not lst.row_fits(0)
    assert lst.row_fits(2)  # "3. Cat stretches" and "hold 30 s" still fit
    point = lst.visualItemRect(lst.item(0)).center()
    QApplication.sendEvent(lst.viewport(), QHelpEvent(QEvent.Type.ToolTip, point, lst.viewport().mapToGlobal(point)))
    assert QToolTip.isVisible()
    assert QToolTip.text() == ("1. Lying lateral leg lifts — 2 sets × 10 reps (up 2 s · hold 1 s · down 2 s), "
                               "each side")
    QToolTip.hideText()


def test_at_200_percent_the_title_and_the_buttons_are_all_there(big_font, window_editor) -> None:
    """The top bar at the default size, FAQ docked: the title wraps rather than being cut off."""
    editor = window_editor.editor
    title = editor.title
    assert title.text().startswith("Editing “Lower back basics")
    assert title.fontMetrics().horizontalAdvance(title.text()) > title.width()  # one line cannot hold it
    # ... so it wraps, and every line is inside the label (a cut-off label is shorter than it needs).
    assert title.wordWrap() and title.heightForWidth(title.width()) <= title.height()
    for button in (editor.save_button, *editor.findChildren(QToolButton)):
        if button.isVisible():
            assert button.width() >= button.sizeHint().width(), button.text()
