"""The routine editor's layout: room for the routine's fields, and the exercise list with each dose."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from editor_helpers import MINE, make_editor
from PySide6.QtCore import QEvent, QPoint, QSize
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QStyle,
    QStyleOptionFrame,
    QToolButton,
    QToolTip,
    QWidget,
)

from coach.core.faq.entries import load_faq
from coach.core.routines.library import load_library
from coach.core.files.paths import DataDir, builtin_routines_dir
from coach.core.routines.routine import Exercise, TempoPart
from coach.gui.editor.draft import WHOLE, tags_text
from test_run_on_x11 import x_display  # noqa: F401 - the fixture: a private Xvfb

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
    # The exercise form fits what is left (its labels above its fields, its controls on more
    # lines): no sideways scrolling, and nothing squeezed or out of view to the side.
    assert sideways(right) == []
    assert sideways(left) == []


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


# --- on small screens: the exercise form fits the width, it never scrolls sideways --------------

#: 800x600, and the window at 200% scaling on a 1280x800 screen (624x352 of its 640x400 under openbox).
SMALL = {"800x600": (800, 600), "200% on 1280x800": (624, 352)}


def sideways(column) -> list[str]:
    """What does not fit the width of a column of the editor (a scroll area): its sideways scroll
    bar, and every field narrower than it needs or out of the column's view to the left or right."""
    wrong = []
    if column.horizontalScrollBar().isVisible():
        wrong.append(f"{column.objectName()}: a sideways scroll bar")
    view = column.viewport()
    for widget in column.widget().findChildren(QWidget):
        if not widget.isVisible() or widget.parent() is None or not widget.parent().isVisible():
            continue
        left = widget.mapTo(view, QPoint(0, 0)).x()
        squeezed = widget.width() < widget.minimumSizeHint().width() and widget.sizePolicy().horizontalPolicy() \
            != QSizePolicy.Policy.Ignored
        if left < 0 or left + widget.width() > view.width() or squeezed:
            wrong.append(f"{type(widget).__name__} {widget.objectName() or widget.accessibleName()}: "
                         f"x {left}..{left + widget.width()} of {view.width()}, min {widget.minimumSizeHint().width()}")
    return wrong


@pytest.mark.parametrize("size", SMALL.values(), ids=SMALL.keys())
def test_on_a_small_screen_the_exercise_form_fits_the_width(window_editor, size) -> None:
    window = window_editor
    window.setMinimumSize(window.minimumSize().boundedTo(QSize(*size)))  # as on a screen of that size
    window.resize(*size)
    QApplication.processEvents()
    editor = window.editor
    assert editor.width() <= window.width()
    left, right = editor.splitter.widget(0), editor.splitter.widget(1)
    assert right.objectName() == "exercise_column"
    # A timed hold on each side; reps with a tempo in parts; reps with a progression.
    for row, name in ((0, "Knee-to-chest stretches"), (2, "Pelvic tilts"), (8, "Leg lowers")):
        editor.exercise_list.setCurrentRow(row)
        for _ in range(3):
            QApplication.processEvents()
        assert editor.ex_name.text() == name
        assert sideways(right) == [], name
        assert sideways(left) == [], name
        assert right.viewport().width() >= 0.4 * editor.width()  # the form keeps a fair share


EDITOR_AT_200_PERCENT = """
import json, sys
from pathlib import Path
sys.path[:0] = [{tests!r}, str(Path({tests!r}).parent)]
from coach.core.faq.entries import load_faq
from coach.core.routines.library import load_library
from coach.core.files.paths import DataDir, builtin_routines_dir
from coach.gui.app import make_application
from coach.gui.main_window import MainWindow
from coach.gui.settings import Settings
from test_editor_layout import sideways
app = make_application()
data = DataDir(Path({data!r}))
faq = load_faq(data)
window = MainWindow(data, load_library(builtin_routines_dir(), data.routines, set(faq.ids())),
                    Settings(data.settings_file), faq=faq)
window.show()
window.library_view.select_routine("lower-back-basics")
window.routine_command("customize")
wrong = []
for row in (0, 2, 8):
    window.editor.exercise_list.setCurrentRow(row)
    for _ in range(5):
        app.processEvents()
    wrong += sideways(window.editor.splitter.widget(1)) + sideways(window.editor.splitter.widget(0))
print(json.dumps({{"scale": window.devicePixelRatio(), "window": window.size().toTuple(), "wrong": wrong}}))
"""


@pytest.mark.slow
def test_at_200_percent_on_x11_the_exercise_form_fits_the_width(x_display, tmp_path: Path) -> None:  # noqa: F811
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": x_display, "QT_SCALE_FACTOR": "2"}
    script = EDITOR_AT_200_PERCENT.format(tests=str(Path(__file__).parent), data=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout.splitlines()[-1])
    assert shown["scale"] == 2.0 and shown["window"][0] <= 640, shown  # Xvfb's 1280x800 at 200%
    assert shown["wrong"] == [], shown
