"""The library's routine commands (customize, reset, duplicate, new, delete, import, export) with
their questions to the user; the work itself is done by :class:`UserRoutines`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from coach.core.routines.library import BUILT_IN, CUSTOMIZED, USER, Library, LibraryEntry
from coach.core.routines.routine import Routine
from coach.core.routines.routine_format import export_file_name, with_routine_suffix
from coach.core.routines.routine_writer import SaveError, SaveResult
from coach.core.routines.user_routines import (
    KEEP_BOTH,
    REPLACE,
    Done,
    ImportClash,
    ImportRefused,
    UserRoutineError,
    UserRoutines,
)
from coach.gui.plain_text import plain_tip


class RoutineActions(QObject):
    """Runs one routine command, asking the user first where the issue says so.

    The askers are attributes, so tests (and other front ends) can answer without a dialog.
    """

    #: Files in the user folder changed: reload the library now (the watcher would, a bit later).
    changed = Signal()
    #: Open the editor on this routine (Routine, the Path of its file; None for a new routine).
    edit_requested = Signal(object, object)
    #: Something could not be done; the message says why, in the user's words.
    failed = Signal(str)
    #: Something was done that the user should read about (where a file went, say).
    told = Signal(str)

    def __init__(self, user_routines: UserRoutines, library: Callable[[], Library],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user_routines = user_routines
        self.library = library
        self.window = parent
        #: (title, question) -> True to go ahead.
        self.confirm: Callable[[str, str], bool] = self._confirm
        #: The imported routine whose id is taken -> REPLACE, KEEP_BOTH or None to skip it.
        self.ask_clash: Callable[[Routine], str | None] = self._ask_clash
        self.choose_import_files: Callable[[], list[Path]] = self._choose_import_files
        self.choose_export_path: Callable[[Routine], Path | None] = self._choose_export_path

    def _taken(self) -> dict[str, Path]:
        return {e.id: e.path for e in self.library().entries}

    def _run(self, work: Callable[[], object]) -> object | None:
        try:
            return work()
        except (UserRoutineError, SaveError) as error:
            self.failed.emit(str(error))
            return None

    # --- commands -----------------------------------------------------------------------------

    def edit(self, entry: LibraryEntry) -> None:
        """Open the editor; a built-in becomes the user's copy when it is saved."""
        self.edit_requested.emit(entry.routine, entry.path)

    def customize(self, entry: LibraryEntry) -> Done | None:
        """A built-in becomes a user copy with the same id, opened in the editor."""
        if entry.source != BUILT_IN:
            self.edit(entry)
            return None
        done = self._run(lambda: self.user_routines.customize(entry.routine))
        if done is not None:
            self.changed.emit()
            self.edit_requested.emit(done.routine, done.path)
        return done

    def reset_to_builtin(self, entry: LibraryEntry) -> bool:
        if entry.source != CUSTOMIZED:
            return False
        if not self.confirm("Reset to built-in",
                            f"Delete your version of “{entry.routine.name}” and use the built-in "
                            "routine again? Your changes to it will be lost."):
            return False
        if self._run(lambda: self.user_routines.reset_to_builtin(entry.path) or True) is None:
            return False
        self.changed.emit()
        return True

    def duplicate(self, entry: LibraryEntry) -> Done | None:
        done = self._run(lambda: self.user_routines.duplicate(entry.routine, self._taken()))
        if done is not None:
            self.changed.emit()
            self.edit_requested.emit(done.routine, done.path)
        return done

    def new_routine(self) -> Routine:
        """Open the editor on a new routine; nothing is written until the user saves it."""
        routine = self.user_routines.new_routine(self._taken())
        self.edit_requested.emit(routine, None)
        return routine

    def delete(self, entry: LibraryEntry) -> bool:
        """Delete a routine of the user's own; a customized built-in is reset instead."""
        if entry.source == CUSTOMIZED:
            return self.reset_to_builtin(entry)
        if entry.source != USER:
            self.failed.emit("Built-in routines cannot be deleted. Customize one to change it.")
            return False
        if not self.confirm("Delete routine", f"Delete “{entry.routine.name}”? "
                                              f"Its file {entry.path.name} will be removed."):
            return False
        if self._run(lambda: self.user_routines.delete(entry.path) or True) is None:
            return False
        self.changed.emit()
        return True

    def import_files(self, paths: Iterable[Path] | None = None) -> list[Done]:
        """Import routine files (chosen in a dialog when ``paths`` is None, or dropped)."""
        chosen = list(paths) if paths is not None else self.choose_import_files()
        imported: list[Done] = []
        problems: list[str] = []
        for path in chosen:
            try:
                try:
                    done = self.user_routines.import_file(path, self._taken())
                except ImportClash as clash:
                    choice = self.ask_clash(clash.routine)
                    if choice is None:
                        continue
                    done = self.user_routines.import_file(path, self._taken(), on_clash=choice)
            except ImportRefused as refused:
                problems.append(str(refused))
                continue
            except (UserRoutineError, SaveError) as error:
                problems.append(str(error))
                continue
            imported.append(done)
        if imported:
            self.changed.emit()
        if problems:
            self.failed.emit("\n\n".join(problems))
        return imported

    def keep_more_reps(self, changed: Routine, suggestion) -> tuple[Done | None, str]:
        """Saves ``changed`` (a routine with a "more reps?" suggestion's new reps) as the user's
        copy, with the editor's safe save; returns what was saved (None: nothing could be) and
        what to tell the user."""
        entry = self.library().get(changed.id)
        replacing = entry.path if entry is not None and entry.source != BUILT_IN else None
        try:
            done = self.user_routines.save(changed, replacing=replacing, taken=self._taken())
        except (SaveError, UserRoutineError) as error:
            return None, (f"{suggestion.exercise_name}: {suggestion.new_reps} reps this time; they could "
                          f"not be saved for next time ({error})")
        return done, (f"{suggestion.exercise_name}: {suggestion.new_reps} reps from now on "
                      f"(saved to {done.path.name}).")

    def export(self, entry: LibraryEntry, destination: Path | None = None) -> SaveResult | None:
        target = destination if destination is not None else self.choose_export_path(entry.routine)
        if target is None:
            return None
        result = self._run(lambda: self.user_routines.export(entry.routine, target))
        if result is not None:
            self.told.emit(f"Exported “{entry.routine.name}” to {result.path}")
        return result

    # --- the real questions -------------------------------------------------------------------

    def _confirm(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self.window, title, plain_tip(question),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def _ask_clash(self, routine: Routine) -> str | None:
        box = QMessageBox(QMessageBox.Icon.Question, "Routine already there",
                          f"You already have a routine with the id “{routine.id}”.", parent=self.window)
        box.setInformativeText(plain_tip(f"Replace it with the imported “{routine.name}”, or keep both?"))
        replace = box.addButton("Replace", QMessageBox.ButtonRole.DestructiveRole)
        both = box.addButton("Keep both", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(both)
        box.exec()
        return {replace: REPLACE, both: KEEP_BOTH}.get(box.clickedButton())

    def _choose_import_files(self) -> list[Path]:
        # *.coach.yaml (what Export writes) ends in .yaml: both kinds are offered.
        files, _filter = QFileDialog.getOpenFileNames(self.window, "Import routines", str(Path.home()),
                                                      "Routines (*.coach.yaml *.yaml *.yml)")
        return [Path(f) for f in files]

    def _choose_export_path(self, routine: Routine) -> Path | None:
        # <id>.coach.yaml: the desktop's routine file type, so the file opens in Coach.
        chosen, _filter = QFileDialog.getSaveFileName(
            self.window, "Export routine", str(Path.home() / export_file_name(routine.id)),
            "Routines (*.coach.yaml *.yaml)")
        return with_routine_suffix(Path(chosen)) if chosen else None
