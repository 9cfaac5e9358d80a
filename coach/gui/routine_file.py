"""A routine file opened from outside (``coach FILE``, the file manager through the menu entry):
shown in the library as an opened file, with the offer to import it, or listed with its problems.

The opened file is added to what the library list shows each time the library is (re)loaded, so a
reload (files changed in the routines folder) keeps it; it is not part of ``window.library``, the
user's routines, so importing it never clashes with itself.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from coach.core.routines.library import Library, LibraryEntry
from coach.core.files.paths import display_name

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QMessageBox

#: How the library calls a routine shown from a file outside it.
OPENED = "opened file"


@dataclass(frozen=True)
class OpenedFile:
    path: Path
    routine: object | None
    problems: list


def with_opened_file(library: Library, opened: OpenedFile | None) -> Library:
    """The library as the list shows it: with the opened file (its routine, or its problems)."""
    if opened is None:
        return library
    entries = list(library.entries)
    if opened.routine is not None:
        entries.append(LibraryEntry(opened.routine, OPENED, opened.path))
    return dataclasses.replace(library, entries=entries, problems=[*library.problems, *opened.problems])


def show_routine_file(window, path: Path, routine, problems: list) -> QMessageBox | None:
    """Shows what ``path`` holds (``routine`` and ``problems`` as the core loader found them):

    - a file already in the library: that routine, selected;
    - a good routine from elsewhere: in the library as an opened file, selected, and a question
      (not blocking) whether to import it into the user's routines;
    - a file with errors: under "Files with problems", selected, each problem as ``file:line:column``.
    """
    if routine is not None:
        for entry in window.library.entries:
            if entry.path is not None and _same(entry.path, path):
                window.library_view.select_routine(entry.routine.id)
                return None
    window.opened_file = OpenedFile(path, routine, list(problems))
    window.set_library(window.library)
    select_opened_file(window)
    if routine is None:
        window.statusBar().showMessage(f"{path.name} has problems: Coach cannot use it until they are fixed")
        return None
    if window.question is not None:  # one question at a time
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
        window.file_question = None
        if box.clickedButton() is imported:
            done = window.routine_actions.import_files([path])
            if done:
                window.opened_file = None
                window.reload_library(done[0].routine.id)

    box.finished.connect(answered)
    box.finished.connect(box.deleteLater)
    window.file_question = box
    box.open()
    return box


def yaml_paths(mime: QMimeData) -> list[Path]:
    """The routine files in something dragged onto the window (for import by drag and drop)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls()
            if url.isLocalFile() and url.toLocalFile().lower().endswith((".yaml", ".yml"))]


def _is_opened(window, row: int) -> bool:
    opened = window.opened_file
    view = window.library_view
    entry = view.entry_at(row)
    if entry is not None:
        return entry.source == OPENED and _same(entry.path, opened.path)
    return view.broken_file_at(row) == display_name(opened.path)


def opened_file_selected(window) -> bool:
    """Whether the library list has the opened file selected."""
    return window.opened_file is not None and _is_opened(window, window.library_view.list.currentRow())


def select_opened_file(window) -> bool:
    """Selects the opened file in the library list (its routine, or its entry under problems)."""
    opened = window.opened_file
    if opened is None:
        return False
    view = window.library_view
    for row in range(view.list.count()):
        if _is_opened(window, row):
            view.list.setCurrentRow(row)
            return True
    return False


def watched_by_coach(window, file: str) -> bool:
    """Whether Coach sees changes to the file with problems listed as ``file`` by itself: every
    file of the routines folder (its watcher), but not the opened file when it lies elsewhere."""
    opened = window.opened_file
    if opened is None or display_name(opened.path) != file:
        return True
    try:
        return Path(opened.path).resolve().is_relative_to(Path(window.data_dir.routines).resolve())
    except OSError:
        return False


def _same(a, b) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False
