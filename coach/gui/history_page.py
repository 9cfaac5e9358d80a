"""The History page of the window: a title, "Back to the library" (Esc too) and the history view."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from coach.core.history.store import History
from coach.gui.history_view import HistoryView


class HistoryPage(QWidget):
    """View > History: the sessions, streaks and charts of ``history``, under a title with the
    way back to the library. ``refresh()`` reads the history again."""

    #: "Back to the library" (the button, or Esc anywhere on the page).
    back_requested = Signal()
    #: Something done that the user should read about (the status bar shows it).
    told = Signal(str)

    def __init__(self, history: History, *, tz: tzinfo | None = None, now: Callable[[], float] = time.time,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_page")
        title = QLabel("History")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        # Made on the page before the view: Tab goes in the order widgets joined the page, so the
        # way back is the page's first stop, not its last (after the whole table).
        self.back = QPushButton("◀  Back to the library", self)
        self.back.setObjectName("history_back")
        self.back.setToolTip("Back to the library (Esc)")
        self.back.clicked.connect(self.back_requested)
        back_key = QAction(self)
        back_key.setShortcut(QKeySequence("Escape"))
        back_key.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back_key.triggered.connect(self.back_requested)
        self.addAction(back_key)
        top = QHBoxLayout()
        top.setContentsMargins(12, 10, 12, 0)
        top.addWidget(title, 1)
        top.addWidget(self.back)
        self.view = HistoryView(history, tz=tz, now=now, parent=self)
        self.view.told.connect(self.told)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

    def refresh(self) -> None:
        """Reads the history again (after a workout was recorded)."""
        self.view.refresh()
