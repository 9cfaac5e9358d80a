"""Undo and redo in the routine editor: every edit, with the keys, wherever the focus is; drag and drop."""

from __future__ import annotations

from pathlib import Path

import pytest
from editor_helpers import make_editor, show_active
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QDropEvent

from coach.gui.editor.draft import HOLD, WHOLE

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def folder(data_dir: Path) -> Path:
    return data_dir / "routines"


def names(editor) -> list[str]:
    return [e["name"] for e in editor.draft["exercises"]]


# Each edit done through a widget, and what it changes in the draft.
EDITS = {
    "routine name": lambda e, q: q.keyClicks(e.name_edit, " too"),
    "description": lambda e, q: q.keyClicks(e.description_edit, "More."),
    "tags": lambda e, q: q.keyClicks(e.tags_edit, "x"),
    "get ready": lambda e, q: q.keyClicks(e.routine_edits["get_ready"], "0"),
    "id": lambda e, q: q.keyClicks(e.id_edit, "-2"),
    "exercise name": lambda e, q: q.keyClicks(e.ex_name, "!"),
    "instructions": lambda e, q: q.keyClicks(e.ex_instructions, "Slowly."),
    "sets": lambda e, q: e.ex_sets.setValue(5),
    "reps": lambda e, q: e.ex_reps.setValue(12),
    "kind": lambda e, q: e.kind_hold.setChecked(True),
    "tempo mode": lambda e, q: e.ex_tempo.mode.setCurrentIndex(e.ex_tempo.mode.findData(WHOLE)),
    "tempo part": lambda e, q: q.keyClicks(e.ex_tempo._row_widgets[0][1], "5"),
    "tempo part name": lambda e, q: e.ex_tempo._row_widgets[0][0].setCurrentText("hold"),
    "add tempo part": lambda e, q: e.ex_tempo.add_part.click(),
    "sides": lambda e, q: e.ex_sides.setChecked(True),
    "own rest": lambda e, q: e.ex_own_rest.setChecked(True),
    "faq": lambda e, q: e.ex_faq.item(1).setCheckState(Qt.CheckState.Checked),
    "progression": lambda e, q: e.ex_progression.setChecked(True),
    "image": lambda e, q: (setattr(e, "choose_image_file", lambda: "b.png"), e.ex_image.choose_button.click()),
    "add exercise": lambda e, q: e.add_button.click(),
    "duplicate exercise": lambda e, q: e.duplicate_button.click(),
    "remove exercise": lambda e, q: e.remove_button.click(),
    "move exercise down": lambda e, q: e.down_button.click(),
}


@pytest.mark.parametrize("edit", EDITS)
def test_every_edit_can_be_undone_and_redone(qtbot, folder, edit: str) -> None:
    editor = make_editor(qtbot, folder)
    original = editor.draft
    EDITS[edit](editor, qtbot)
    changed = editor.draft
    assert changed != original and editor.is_modified()
    assert editor.undo_stack.count() == 1  # typing several letters is one step
    editor.undo_action.trigger()
    assert editor.draft == original and not editor.is_modified()
    editor.redo_action.trigger()
    assert editor.draft == changed and editor.is_modified()


def test_undo_puts_the_widgets_back(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    editor.kind_hold.setChecked(True)
    editor.ex_hold.setText("")
    qtbot.keyClicks(editor.ex_hold, "45s")
    assert editor.ex_hold.text() == "45s"
    editor.undo_stack.undo()
    assert editor.ex_hold.text() == "30s"
    editor.undo_stack.undo()
    assert editor.kind_reps.isChecked() and editor.ex_rows["tempo"].isVisibleTo(editor)
    assert editor.draft["exercises"][0]["kind"] != HOLD


def test_ctrl_z_and_ctrl_shift_z_work_in_a_text_field(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    show_active(qtbot, editor)
    editor.ex_sets.setValue(3)  # an earlier edit, in another field
    editor.name_edit.setFocus()
    qtbot.keyClicks(editor.name_edit, " ok")
    assert editor.name_edit.text() == "My back ok"
    qtbot.keyClick(editor.name_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.name_edit.text() == "My back"
    # The text field's own history does not get the key: the editor's stack does.
    qtbot.keyClick(editor.name_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.ex_sets.value() == 2
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(editor.name_edit, Qt.Key.Key_Z, redo)
    qtbot.keyClick(editor.name_edit, Qt.Key.Key_Z, redo)
    assert editor.ex_sets.value() == 3 and editor.name_edit.text() == "My back ok"


def test_ctrl_z_works_in_the_exercise_list(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    show_active(qtbot, editor)
    editor.add_button.click()
    editor.exercise_list.setFocus()
    qtbot.keyClick(editor.exercise_list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert names(editor) == ["Bridges", "Cat stretches", "Supermans"]


def test_undoing_a_move_follows_the_exercise(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    editor.exercise_list.setCurrentRow(2)
    editor.up_button.click()
    assert names(editor) == ["Bridges", "Supermans", "Cat stretches"]
    assert editor.exercise_list.currentRow() == 1 and editor.ex_name.text() == "Supermans"
    editor.undo_stack.undo()
    assert names(editor) == ["Bridges", "Cat stretches", "Supermans"]
    assert editor.exercise_list.currentRow() == 2 and editor.ex_name.text() == "Supermans"


def test_add_duplicate_remove(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    editor.exercise_list.setCurrentRow(1)
    editor.duplicate_button.click()
    assert names(editor) == ["Bridges", "Cat stretches", "Cat stretches", "Supermans"]
    assert editor.exercise_list.currentRow() == 2
    editor.add_button.click()
    assert names(editor)[3] == "New exercise" and editor.ex_name.text() == "New exercise"
    assert editor.check.ok  # a new exercise is valid as it is
    for _ in range(4):
        editor.remove_button.click()
    assert len(names(editor)) == 1
    assert not editor.remove_button.isEnabled()  # a routine keeps at least one exercise


def _drop(editor, source_row: int, target_row: int, lower_half: bool) -> None:
    lst = editor.exercise_list
    lst.setCurrentRow(source_row)
    rect = lst.visualRect(lst.model().index(target_row, 0))
    y = rect.bottom() - 2 if lower_half else rect.top() + 2
    data = lst.model().mimeData([lst.model().index(source_row, 0)])
    event = QDropEvent(QPointF(rect.center().x(), y), Qt.DropAction.MoveAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QEvent.Type.Drop)
    # A drop event sent through the event loop only arrives during a real drag (QDrag.exec runs
    # its own loop and needs a window system), so the list gets the drop the way Qt hands it over.
    lst.dropEvent(event)
    assert event.isAccepted()


def test_drag_and_drop_reorders_and_can_be_undone(qtbot, folder) -> None:
    editor = make_editor(qtbot, folder)
    show_active(qtbot, editor)
    _drop(editor, 0, 2, lower_half=True)  # Bridges below Supermans
    assert names(editor) == ["Cat stretches", "Supermans", "Bridges"]
    assert [editor.exercise_list.item(i).text() for i in range(3)] == [  # each dose moves along
        "1. Cat stretches — hold 30 s", "2. Supermans — 8 reps at your own pace",
        "3. Bridges — 2 sets × 10 reps (up 2 s · down 2 s)"]
    assert editor.exercise_list.currentRow() == 2
    _drop(editor, 2, 0, lower_half=False)  # and back to the top
    assert names(editor) == ["Bridges", "Cat stretches", "Supermans"]
    editor.undo_stack.undo()
    assert names(editor) == ["Cat stretches", "Supermans", "Bridges"]
    _drop(editor, 1, 1, lower_half=False)  # onto itself: nothing
    assert names(editor) == ["Cat stretches", "Supermans", "Bridges"]
    assert editor.undo_stack.canRedo()  # no new edit was pushed
