"""A routine file opened from outside (``coach FILE``, the file manager through the menu entry):
shown in the window, with the offer to import it, or with its problems."""

from __future__ import annotations

from pathlib import Path

from coach.core.paths import display_name

from PySide6.QtWidgets import QMessageBox


def show_routine_file(window, path: Path, routine, problems: list) -> QMessageBox | None:
    """Shows what ``path`` holds (``routine`` and ``problems`` as the core loader found them):

    - a file already in the library: that routine, selected;
    - a good routine from elsewhere: the routine, and a question (not blocking) whether to import
      it into the user's routines (then it is in the library, selected);
    - a file with errors: its problems, each as ``file:line:column``.
    """
    library_view = window.library_view
    if routine is not None:
        for entry in window.library.entries:
            if entry.path is not None and _same(entry.path, path):
                library_view.select_routine(entry.routine.id)
                return None
    # Nothing in the library is what the centre shows now.
    library_view.list.setCurrentItem(None)
    if routine is None:
        window.routine_view.show_problems(display_name(path), problems)
        window.statusBar().showMessage(f"{path.name} has problems: Coach cannot use it until they are fixed")
        window._update_actions()
        return None
    window.routine_view.show_routine(routine, warnings=problems)
    window._update_actions()
    if window.question is not None:
        return None
    box = QMessageBox(QMessageBox.Icon.Question, "Import routine",
                      f"Import “{routine.name}” into your routines?", parent=window)
    box.setObjectName("import_opened_file")
    box.setInformativeText(f"It is shown from {path}. Imported, it stays in your library, to "
                           "edit and to find again.")
    imported = box.addButton("Import", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(imported)

    def answered() -> None:
        window.question = None
        if box.clickedButton() is imported:
            done = window.routine_actions.import_files([path])
            if done:
                window.reload_library(done[0].routine.id)

    box.finished.connect(answered)
    box.finished.connect(box.deleteLater)
    window.question = box
    box.open()
    return box


def _same(a, b) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False
