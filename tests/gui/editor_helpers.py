"""Building a routine editor around a data folder for the editor tests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from coach.core.routines.library import Library, load_library
from coach.core.files.paths import builtin_routines_dir
from coach.core.routines.routine import Exercise, Routine, TempoPart
from coach.core.routines.routine_writer import save_routine
from coach.core.routines.user_routines import UserRoutines
from coach.gui.editor import RoutineEditor

FAQ = [("strengthen-lower-back", "How can I strengthen my lower back?"),
       ("run-every-day", "Should I run every day?"),
       ("runners-face", "What is runner's face?")]

MINE = Routine(id="mine", name="My back", exercises=(
    Exercise(name="Bridges", sets=2, reps=10, tempo=(TempoPart("up", 2), TempoPart("down", 2))),
    Exercise(name="Cat stretches", hold=30),
    Exercise(name="Supermans", reps=8),
))


def load_lib(folder: Path) -> Library:
    return load_library(builtin_routines_dir(), folder)


def make_editor(qtbot, folder: Path, routine: Routine = MINE, *, saved: bool = True,
                source: Path | None = None, **more) -> RoutineEditor:
    """An editor on ``routine``, saved in ``folder`` first unless ``saved`` is false; ``more`` goes
    to the editor (``figures``, ``clock``)."""
    if saved and source is None:
        source = folder / f"{routine.id}.yaml"
        save_routine(routine, source)
    editor = RoutineEditor(routine, UserRoutines(folder), source=source, faq_choices=FAQ,
                           taken=lambda: {e.id: e.path for e in load_lib(folder).entries}, **more)
    qtbot.addWidget(editor)
    editor.ask_unsaved = _must_not_ask
    editor.ask_changed_on_disk = _must_not_ask
    return editor


def show_active(qtbot, editor: RoutineEditor) -> None:
    """Shown and active, so that keyboard shortcuts reach it like in the real window."""
    editor.resize(1200, 800)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)


def _must_not_ask(_editor) -> str:
    raise AssertionError("the editor asked the user when it had no reason to")
