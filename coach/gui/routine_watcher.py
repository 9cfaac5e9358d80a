"""Watching the user's routine folder, so files added, changed or removed by hand show up at once."""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from coach.core.routines.library import Library, load_library, routine_files
from coach.core.files.paths import builtin_routines_dir

#: Saving a file makes several events (temporary file, rename, folder change): wait until they
#: settle, then look once.
SETTLE_MS = 150


@dataclass(frozen=True)
class FolderChange:
    """Routine files that appeared, changed or disappeared since the last look."""

    added: tuple[Path, ...] = ()
    changed: tuple[Path, ...] = ()
    removed: tuple[Path, ...] = ()

    @property
    def paths(self) -> tuple[Path, ...]:
        return (*self.added, *self.changed, *self.removed)

    def __bool__(self) -> bool:
        return bool(self.paths)


def _stamp(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    # The inode changes on an atomic replace, even when size and time happen to be equal.
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


class RoutineFolderWatcher(QObject):
    """Emits :attr:`routines_changed` when a routine file in ``folder`` is added, changed or removed.

    Watches the folder (files added, removed, renamed) and every routine file in it (changed in
    place). A file replaced atomically stops being watched by the system, so after every change
    the watches are set again. A folder that does not exist yet is waited for by watching the
    nearest folder above it.
    """

    routines_changed = Signal(object)  # FolderChange

    def __init__(self, folder: Path, parent: QObject | None = None, settle_ms: int = SETTLE_MS) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._something_changed)
        self._watcher.fileChanged.connect(self._something_changed)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(settle_ms)
        self._settle.timeout.connect(self.refresh)
        self._known = self._scan()
        self._watch()

    def watched(self) -> list[str]:
        return sorted([*self._watcher.directories(), *self._watcher.files()])

    def _scan(self) -> dict[Path, tuple[int, int, int, int]]:
        stamps = {}
        for path in routine_files(self.folder):
            stamp = _stamp(path)
            if stamp is not None:
                stamps[path] = stamp
        return stamps

    def _watch(self) -> None:
        wanted: set[str] = set()
        if self.folder.is_dir():
            wanted.add(str(self.folder))
            wanted.update(str(p) for p in self._known)
        else:
            ancestor = self.folder.parent
            while not ancestor.is_dir() and ancestor != ancestor.parent:
                ancestor = ancestor.parent
            wanted.add(str(ancestor))
        current = {*self._watcher.files(), *self._watcher.directories()}
        stale = sorted(current - wanted)
        if stale:
            self._watcher.removePaths(stale)
        missing = sorted(p for p in wanted - current if os.path.exists(p))
        if missing:
            self._watcher.addPaths(missing)

    def _something_changed(self, _path: str) -> None:
        self._settle.start()

    def refresh(self) -> FolderChange:
        """Look at the folder now; emits :attr:`routines_changed` when a routine file changed."""
        self._settle.stop()
        now = self._scan()
        before = self._known
        change = FolderChange(
            added=tuple(sorted(p for p in now if p not in before)),
            changed=tuple(sorted(p for p in now if p in before and now[p] != before[p])),
            removed=tuple(sorted(p for p in before if p not in now)),
        )
        self._known = now
        self._watch()
        if change:
            self.routines_changed.emit(change)
        return change


class LibrarySync(QObject):
    """Keeps the library in step with the user's routine folder, and tells an open editor.

    On every change it reloads the library (a file broken by hand keeps its last good routine,
    see :func:`keep_last_good`) and emits :attr:`library_changed`. When the file of
    :attr:`editor` changed, the editor is told (it asks the user if it holds unsaved changes).
    """

    library_changed = Signal(object)  # Library

    def __init__(self, library: Library, user_dir: Path, *, builtin_dir: Path | None = None,
                 faq_ids: Collection[str] | None = None, parent: QObject | None = None,
                 settle_ms: int = SETTLE_MS) -> None:
        super().__init__(parent)
        self.library = library
        self.user_dir = Path(user_dir)
        self.builtin_dir = builtin_dir if builtin_dir is not None else builtin_routines_dir()
        self.faq_ids = faq_ids
        #: The routine editor on screen, if any (the main window sets and clears it).
        self.editor = None
        self.watcher = RoutineFolderWatcher(self.user_dir, self, settle_ms)
        self.watcher.routines_changed.connect(self.reload)

    def reload(self, change: FolderChange | None = None) -> Library:
        # Imported here, not at the top: the window builds a LibrarySync at startup, and
        # user_routines brings the routine writer (decimal, tempfile), only needed once a file changes.
        from coach.core.routines.user_routines import file_state, keep_last_good

        fresh = load_library(self.builtin_dir, self.user_dir, self.faq_ids)
        self.library = keep_last_good(self.library, fresh)
        self.library_changed.emit(self.library)
        editor = self.editor
        if editor is not None and shiboken6.isValid(editor) and editor.source is not None:
            source = Path(editor.source)
            if change is None or any(_same_file(source, p) for p in change.paths):
                editor.file_changed_on_disk(*file_state(fresh, source))
        return self.library


def _same_file(a: Path, b: Path) -> bool:
    return os.path.abspath(a) == os.path.abspath(b)
