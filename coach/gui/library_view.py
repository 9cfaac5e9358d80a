"""The library on the left: built-in and user routines, a search field, files with problems."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from coach.core.files.paths import display_name
from coach.core.workout.plural import plural
from coach.core.files.problems import Problem
from coach.core.workout.timeline import build_timeline
from coach.gui.accessible import name_clear_button
from coach.gui.plain_text import plain_tip
from coach.gui.words import about_text, routine_search_text

ROLE_KIND = Qt.ItemDataRole.UserRole
ROLE_VALUE = Qt.ItemDataRole.UserRole + 1
ROLE_SEARCH = Qt.ItemDataRole.UserRole + 2

SOURCE_WORDS = {"built-in": "built-in", "user": "your routine", "customized": "customized"}


def problems_by_file(problems: list[Problem]) -> dict[str, list[Problem]]:
    grouped: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        grouped[problem.file].append(problem)
    return dict(grouped)


class LibraryView(QWidget):
    """Lists a ``Library``; says which routine or broken file the user picked."""

    routine_selected = Signal(object)  # LibraryEntry
    routine_activated = Signal(object)  # LibraryEntry (Enter or double click)
    broken_file_selected = Signal(str, list)  # file, [Problem]

    def __init__(self, library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search routines")
        self.search.setAccessibleName("Search routines")
        self.search.setClearButtonEnabled(True)
        name_clear_button(self.search)
        self.list = QListWidget()
        self.list.setAccessibleName("Routines")
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setSpacing(3)
        font = self.list.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.list.setFont(font)
        self.empty = QLabel("No routines match")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        self.search.textChanged.connect(self.filter)
        self.list.currentItemChanged.connect(self._on_current_changed)
        self.list.itemActivated.connect(self._on_activated)
        self.set_library(library)

    def needed_width(self) -> int:
        """Narrower than this, a routine's name shows only a few letters a line."""
        margins = self.layout().contentsMargins()
        return (self.list.fontMetrics().averageCharWidth() * 16 + margins.left() + margins.right()
                + self.list.verticalScrollBar().sizeHint().width() + 2 * self.list.frameWidth())

    def set_library(self, library) -> None:
        self.library = library
        self.list.clear()
        self.problems = problems_by_file(list(library.problems))
        entry_files = {name for e in library.entries for name in _file_names(e.path)}
        for entry in sorted(library.entries, key=lambda e: e.routine.name.casefold()):
            self._add_routine(entry)
        broken = {f: ps for f, ps in self.problems.items() if f not in entry_files and _has_errors(ps, f, entry_files)}
        if broken:
            header = QListWidgetItem(f"Files with problems ({len(broken)})")
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            header.setData(ROLE_KIND, "header")
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            self.list.addItem(header)
            for file, problems in sorted(broken.items()):
                errors = sum(1 for p in problems if p.is_error)
                item = QListWidgetItem(f"⚠ {_short_name(file)}\n{plural(errors, 'error')} — select to see")
                item.setData(ROLE_KIND, "broken")
                item.setData(ROLE_VALUE, file)
                item.setData(ROLE_SEARCH, file.casefold())
                item.setToolTip(plain_tip(file))
                self.list.addItem(item)
        self.filter(self.search.text())

    def _add_routine(self, entry) -> None:
        routine = entry.routine
        minutes = about_text(build_timeline(routine).total_seconds)
        source = SOURCE_WORDS.get(entry.source, entry.source)
        mark = "✎ " if entry.source == "customized" else ""
        item = QListWidgetItem(f"{mark}{routine.name}\n{minutes} · {plural(len(routine.exercises), 'exercise')} · {source}")
        item.setData(ROLE_KIND, "routine")
        item.setData(ROLE_VALUE, entry)
        item.setData(ROLE_SEARCH, routine_search_text(routine) + " " + source)
        item.setToolTip(plain_tip(f"{routine.name} ({source})"))
        self.list.addItem(item)

    def filter(self, text: str) -> None:
        words = text.casefold().split()
        shown = 0
        for row in range(self.list.count()):
            item = self.list.item(row)
            kind = item.data(ROLE_KIND)
            if kind == "header":
                continue
            hit = all(w in item.data(ROLE_SEARCH) for w in words)
            item.setHidden(not hit)
            shown += hit
        # A header with nothing under it shown is noise.
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(ROLE_KIND) == "header":
                item.setHidden(not any(not self.list.item(r).isHidden() for r in range(row + 1, self.list.count())))
        self.empty.setVisible(shown == 0)
        current = self.list.currentItem()
        if current is None or current.isHidden():
            self.select_first()

    def select_first(self) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if not item.isHidden() and item.data(ROLE_KIND) != "header":
                self.list.setCurrentItem(item)
                return

    def select_routine(self, routine_id: str) -> bool:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(ROLE_KIND) == "routine" and item.data(ROLE_VALUE).routine.id == routine_id:
                self.list.setCurrentItem(item)
                return True
        return False

    def entry_at(self, row: int):
        """The routine entry of the list's row, or None (a header, a file with problems)."""
        item = self.list.item(row)
        return item.data(ROLE_VALUE) if item is not None and item.data(ROLE_KIND) == "routine" else None

    def broken_file_at(self, row: int) -> str | None:
        """The file with problems that the list's row stands for, or None."""
        item = self.list.item(row)
        return item.data(ROLE_VALUE) if item is not None and item.data(ROLE_KIND) == "broken" else None

    def current_entry(self):
        item = self.list.currentItem()
        if item is not None and item.data(ROLE_KIND) == "routine":
            return item.data(ROLE_VALUE)
        return None

    def visible_names(self) -> list[str]:
        return [self.list.item(r).text().split("\n")[0] for r in range(self.list.count())
                if not self.list.item(r).isHidden()]

    def warnings_for(self, entry) -> list[Problem]:
        return [p for name in dict.fromkeys(_file_names(entry.path)) for p in self.problems.get(name, [])]

    def _on_current_changed(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None:
            return
        kind = item.data(ROLE_KIND)
        if kind == "routine":
            self.routine_selected.emit(item.data(ROLE_VALUE))
        elif kind == "broken":
            file = item.data(ROLE_VALUE)
            self.broken_file_selected.emit(file, self.problems.get(file, []))

    def _on_activated(self, item: QListWidgetItem) -> None:
        if item.data(ROLE_KIND) == "routine":
            self.routine_activated.emit(item.data(ROLE_VALUE))


def _has_errors(problems: list[Problem], file: str, entry_files: set[str]) -> bool:
    return any(p.is_error for p in problems)


def _file_names(path) -> list[str]:
    """The names a problem may use for the file of a routine (as given, or as shown in messages)."""
    if path is None:
        return []
    return [str(path), display_name(path)]


def _short_name(file: str) -> str:
    return file.replace("\\", "/").rsplit("/", 1)[-1]
