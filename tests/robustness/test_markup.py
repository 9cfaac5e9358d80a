"""Markup in names, instructions and answers shows as plain text everywhere and loads nothing.

Every text Coach puts on screen is collected (labels, tooltips, list and table cells, buttons,
editors, dialogs) and read the way Qt would render it: wherever the user's word appears, the
tags around it must appear literally too. Then every widget is painted and every tooltip shown,
while inotify watches a file named in an ``<img src=file://...>`` and a socket waits for the
``<img src=http://...>``: neither may be touched.
"""

from __future__ import annotations

import ctypes
import os
import socket
import sys
import time
from pathlib import Path

import pytest
import yaml
from shiboken6 import isValid
from PySide6.QtCore import QModelIndex, QPoint
from PySide6.QtGui import QTextDocument, Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox, QLabel, QLineEdit,
                               QMessageBox, QPlainTextEdit, QTextEdit, QToolTip, QWidget)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "gui"))
from helpers import FakeSoundSink, FakeSpeaker  # noqa: E402

from coach.core.faq.entries import load_faq  # noqa: E402
from coach.core.routines.library import load_library  # noqa: E402
from coach.core.files.paths import DataDir, builtin_routines_dir  # noqa: E402

# Tooltips are shown for real, and the offscreen platform cannot raise their windows.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

BOLD = "<b>zqbold</b>"
LINK = "<a href=file:///etc/passwd>zqlink</a>"
IN_OPEN, IN_ACCESS = 0x20, 0x01


class _FileWatch:
    """Says whether anyone opened or read a file (inotify; works for root too)."""

    def __init__(self, path: Path) -> None:
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(os.O_NONBLOCK)
        assert self.fd >= 0
        assert self.libc.inotify_add_watch(self.fd, str(path).encode(), IN_OPEN | IN_ACCESS) >= 0

    def touched(self) -> bool:
        try:
            return bool(os.read(self.fd, 4096))
        except BlockingIOError:
            return False

    def close(self) -> None:
        os.close(self.fd)


def _shown(text: str, rich: bool | None) -> str:
    """``text`` as Qt shows it: ``rich`` True, False, or None for Qt's guess (AutoText)."""
    if rich is None:
        rich = Qt.mightBeRichText(text)
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def _texts(root: QWidget) -> list[tuple[str, str, bool | None]]:
    """(where, text, rich) for every text shown by ``root`` and its children."""
    found: list[tuple[str, str, bool | None]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        where = f"{type(widget).__name__}({widget.objectName() or widget.accessibleName()})"
        if widget.toolTip():
            found.append((where + ".toolTip", widget.toolTip(), None))
        if widget.isWindow() and widget.windowTitle():
            found.append((where + ".windowTitle", widget.windowTitle(), False))
        if isinstance(widget, QLabel):
            fmt = widget.textFormat()
            rich = {Qt.TextFormat.PlainText: False, Qt.TextFormat.RichText: True}.get(fmt)
            found.append((where, widget.text(), True if fmt == Qt.TextFormat.MarkdownText else rich))
        elif isinstance(widget, QMessageBox):
            found.append((where + ".informativeText", widget.informativeText(), None))
        elif isinstance(widget, QAbstractButton):
            found.append((where, widget.text(), False))
        elif isinstance(widget, QLineEdit):
            found.append((where, widget.text(), False))
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            found.append((where, widget.toPlainText(), False))
        elif isinstance(widget, QComboBox):
            found += [(where, widget.itemText(i), False) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:  # a list's model keeps it private: one column
                columns = 1
            for row in range(min(model.rowCount(QModelIndex()), 500)):
                for column in range(columns):
                    index = model.index(row, column)
                    for role, rich in ((Qt.ItemDataRole.DisplayRole, False), (Qt.ItemDataRole.ToolTipRole, None)):
                        value = model.data(index, role)
                        if isinstance(value, str) and value:
                            found.append((f"{where}[{row},{column}]", value, rich))
    return found


def _assert_plain(roots: list[QWidget], markers: list[str]) -> int:
    """Wherever a marker's word shows, the marker shows whole: its tags as text. Returns hits."""
    hits = 0
    for root in roots:
        for where, text, rich in _texts(root):
            shown = _shown(text, rich)
            for marker in markers:
                word = marker.split(">")[1].split("<")[0] if ">" in marker and marker.split(">")[1] else marker
                if word in text:
                    hits += 1
                    assert marker in shown, f"{where} shows {shown!r} for {marker!r} (rich text)"
    return hits


def _paint_everything(roots: list[QWidget]) -> None:
    for root in roots:
        for widget in [root, *root.findChildren(QWidget)]:
            if not isValid(widget):  # freed by a paint that replaced it (deleteLater)
                continue
            if widget.isVisible():
                widget.grab()
            if widget.toolTip():
                QToolTip.showText(widget.mapToGlobal(QPoint(1, 1)), widget.toolTip(), widget)
                QApplication.processEvents()
            if isinstance(widget, QAbstractItemView) and widget.model() is not None:
                model = widget.model()
                for row in range(min(model.rowCount(QModelIndex()), 50)):
                    tip = model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
                    if isinstance(tip, str) and tip:
                        QToolTip.showText(widget.mapToGlobal(QPoint(1, 1)), tip, widget)
                        QApplication.processEvents()
    QToolTip.hideText()
    QApplication.processEvents()


@pytest.fixture
def hostile(tmp_path: Path, data_dir: Path):
    """A user routine and a user FAQ entry full of markup, an image file to watch, a socket."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    marker = tmp_path / "zqmarker.png"
    marker.write_bytes(b"\x89PNG\r\n\x1a\n")
    web_image = f"<img src=http://127.0.0.1:{port}/zqweb.png>"
    file_image = f"<img src=file://{marker}>"
    exercise = f"Bridges {BOLD}"
    routine = {
        "id": "hostile", "name": f"Mine {BOLD} {LINK}", "description": f"{web_image} {file_image} {BOLD}",
        "tags": [BOLD], "get_ready": 1, "rest_between_sets": 1, "rest_between_exercises": 1,
        "exercises": [{"name": exercise, "instructions": f"{file_image} {web_image} {LINK}", "reps": 2,
                       "tempo": {"up": 1, "down": 1}, "sets": 1, "faq": ["zq-answer"]}],
    }
    folder = DataDir(data_dir)
    folder.routines.mkdir(parents=True)
    (folder.routines / "hostile.yaml").write_text(yaml.safe_dump(routine, allow_unicode=True), "utf-8")
    faq = [{"id": "zq-answer", "question": f"Why {BOLD} {LINK}?", "answer": f"{file_image} {web_image} {BOLD}",
            "tags": [BOLD], "exercises": [exercise]}]
    folder.faq_file.write_text(yaml.safe_dump(faq, allow_unicode=True), "utf-8")
    watch = _FileWatch(marker)
    yield folder, [BOLD, LINK, web_image, file_image], watch, listener
    watch.close()
    listener.close()


def _nothing_loaded(watch: _FileWatch, listener: socket.socket) -> None:
    assert not watch.touched(), "an <img src=file://...> in the user's text was opened"
    try:
        connection, _ = listener.accept()
    except BlockingIOError:
        return
    connection.close()
    raise AssertionError("an <img src=http://...> in the user's text was fetched")


def test_markup_shows_as_text_in_every_view_and_loads_nothing(hostile, qtbot, clock) -> None:
    from coach.core.history.store import History
    from coach.gui.checkin_dialog import BEFORE, CheckinDialog
    from coach.gui.cues import CuePlayer
    from coach.gui.editor.editor import RoutineEditor
    from coach.gui.history_view import HistoryView
    from coach.gui.main_window import MainWindow
    from coach.gui.services import Services
    from coach.gui.settings import Settings
    from coach.core.routines.user_routines import UserRoutines

    folder, markers, watch, listener = hostile
    faq = load_faq(folder)
    assert [p for p in faq.problems if p.is_error] == []
    library = load_library(builtin_routines_dir(), folder.routines, set(faq.ids()))
    entry = library.get("hostile")
    assert entry is not None, library.problems
    settings = Settings(folder.settings_file)
    window = MainWindow(folder, library, settings, faq=faq, services=Services(
        clock=clock, cues=CuePlayer(settings, sound_sink=FakeSoundSink(), speaker=FakeSpeaker())))
    qtbot.addWidget(window)
    window.show()
    roots: list[QWidget] = [window]
    seen = 0

    # The library and the routine view.
    assert window.library_view.select_routine("hostile")
    _paint_everything(roots)
    seen += _assert_plain(roots, markers)
    # The FAQ panel on the answer.
    assert window.faq_panel.show_answer("zq-answer")
    _paint_everything(roots)
    seen += _assert_plain(roots, markers)
    # The player, then floor mode.
    window.session.start_workout(entry.routine)
    clock.tick(1.0)
    window.session.driver.wake()
    _paint_everything(roots)
    seen += _assert_plain(roots, markers)
    window.session.set_floor_mode(True)
    _paint_everything(roots)
    seen += _assert_plain(roots, markers)
    window.session.set_floor_mode(False)

    # The editor, the history view and the check-in dialog.
    editor = RoutineEditor(entry.routine, UserRoutines(folder.routines, set(faq.ids())), source=entry.path,
                           faq_choices=[(e.id, e.question) for e in faq.entries])
    qtbot.addWidget(editor)
    editor.show()
    history = History.open(folder)
    session = history.begin_session(entry.routine, time.time() - 60, 10.0, pain_before=2)
    history.finish_session(session, "completed", time.time())
    view = HistoryView(history)
    qtbot.addWidget(view)
    view.show()
    dialog = CheckinDialog(BEFORE, routine_name=entry.routine.name)
    qtbot.addWidget(dialog)
    dialog.show()
    others: list[QWidget] = [editor, view, dialog]
    _paint_everything(others)
    seen += _assert_plain(others, markers)
    history.close()
    _nothing_loaded(watch, listener)
    # The checks above looked at the user's texts, not at nothing.
    assert seen >= 20, seen


def test_the_watch_would_see_a_rich_label_load_the_image(hostile, qtbot) -> None:
    # The same check on a label that does render markup: it must catch it, or it proves nothing.
    _folder, markers, watch, _listener = hostile
    label = QLabel(markers[3])
    label.setTextFormat(Qt.TextFormat.RichText)
    qtbot.addWidget(label)
    label.show()
    label.grab()
    assert watch.touched()
    with pytest.raises(AssertionError):
        _assert_plain([label], markers)


def _answer_the_box(qtbot, ask) -> list[QWidget]:
    """Runs ``ask`` (which opens a modal message box) and cancels the box once it is up."""
    from PySide6.QtCore import QTimer

    boxes: list[QWidget] = []

    def close_it() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(10, close_it)
            return
        boxes.append(box)
        _paint_everything([box])
        seen = _assert_plain([box], [BOLD, LINK])
        assert seen, "the question does not name the routine"
        box.reject()

    QTimer.singleShot(0, close_it)
    ask()
    return boxes


def test_questions_about_a_routine_show_its_name_as_text(qtbot, data_dir: Path) -> None:
    from coach.core.routines.library import Library, LibraryEntry
    from coach.core.routines.routine import Exercise, Routine
    from coach.core.routines.user_routines import UserRoutines
    from coach.gui.editor.actions import RoutineActions
    from coach.gui.editor.editor import RoutineEditor, _ask_unsaved

    routine = Routine(id="mine", name=f"Mine {BOLD} {LINK}", exercises=(Exercise(name="Bridges", reps=3),))
    user = UserRoutines(DataDir(data_dir).routines)
    parent = QWidget()
    qtbot.addWidget(parent)
    actions = RoutineActions(user, lambda: Library([LibraryEntry(routine, "user", Path("/x/mine.yaml"))]), parent)
    assert len(_answer_the_box(qtbot, lambda: actions._confirm("Delete routine", f"Delete “{routine.name}”?"))) == 1
    assert len(_answer_the_box(qtbot, lambda: actions._ask_clash(routine))) == 1
    editor = RoutineEditor(routine, user)
    qtbot.addWidget(editor)
    assert len(_answer_the_box(qtbot, lambda: _ask_unsaved(editor))) == 1
