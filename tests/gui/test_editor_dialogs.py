"""The real questions behind the editor's and the commands' askers map each button to its answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from editor_helpers import MINE, make_editor
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from coach.core.routines.user_routines import KEEP_BOTH, REPLACE, UserRoutines
from coach.gui.editor import CANCEL, DISCARD, KEEP_MINE, SAVE, TAKE_THEIRS
from coach.gui.editor.actions import RoutineActions
from coach.gui.editor.editor import _ask_changed_on_disk, _ask_unsaved

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


def answer_with(button_text: str) -> list[str]:
    """Click the button once the question is on screen; collects the question's text."""
    seen: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if box is None:  # not shown yet
            QTimer.singleShot(10, click)
            return
        seen.append(box.text())
        for button in box.buttons():
            if button.text().replace("&", "") == button_text:
                button.click()
                return
        raise AssertionError(f"no button {button_text!r}")

    QTimer.singleShot(0, click)
    return seen


@pytest.mark.parametrize(("button", "choice"), [("Save", SAVE), ("Discard", DISCARD),
                                                ("Cancel", CANCEL)])
def test_unsaved_changes_question(qtbot, data_dir: Path, button: str, choice: str) -> None:
    editor = make_editor(qtbot, data_dir / "routines")
    seen = answer_with(button)
    assert _ask_unsaved(editor) == choice
    assert seen == ["Save the changes to “My back”?"]


@pytest.mark.parametrize(("button", "choice"), [("Keep my edits", KEEP_MINE),
                                                ("Load the file", TAKE_THEIRS)])
def test_changed_on_disk_question(qtbot, data_dir: Path, button: str, choice: str) -> None:
    editor = make_editor(qtbot, data_dir / "routines")
    answer_with(button)
    assert _ask_changed_on_disk(editor) == choice


@pytest.mark.parametrize(("button", "choice"), [("Replace", REPLACE), ("Keep both", KEEP_BOTH),
                                                ("Cancel", None)])
def test_import_clash_question(qtbot, data_dir: Path, button: str, choice: str | None) -> None:
    editor = make_editor(qtbot, data_dir / "routines")
    actions = RoutineActions(UserRoutines(data_dir / "routines"), lambda: None, editor)
    seen = answer_with(button)
    assert actions._ask_clash(MINE) == choice
    assert seen == ["You already have a routine with the id “mine”."]


@pytest.mark.parametrize(("button", "go"), [("Yes", True), ("Cancel", False)])
def test_confirmation(qtbot, data_dir: Path, button: str, go: bool) -> None:
    editor = make_editor(qtbot, data_dir / "routines")
    actions = RoutineActions(UserRoutines(data_dir / "routines"), lambda: None, editor)
    answer_with(button)
    assert actions._confirm("Delete routine", "Delete “My back”?") is go
