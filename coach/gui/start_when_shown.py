"""A workout's clock starts once its first state is on screen, so its first number is seen on time.

Laying out and painting the player the first time takes tens of milliseconds (32-68 ms in the
timing benchmark, docs/TIMING.md): started before, the clock ran while the first number was still
being painted. Here the page showing the workout's first state is laid out and painted
synchronously, then the clock starts; a window not on screen yet (``coach run`` at start-up, before
the window system has shown it) starts the clock right after the page's first paint, or after
``FIRST_PAINT_LIMIT_MS`` if that paint never comes (a window on another desktop).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

#: How long a workout waits for a window that is not on screen yet to paint its first state.
FIRST_PAINT_LIMIT_MS = 1000


def start_when_shown(page: QWidget, start: Callable[[], None]) -> None:
    """Paints ``page`` (the player or floor mode, showing the workout's first state), then calls
    ``start``: at once when the window is on screen or hidden, at the page's first paint when the
    window is shown but not on screen yet."""
    window = page.window()
    handle = window.windowHandle()
    if window.isVisible() and (handle is None or not handle.isExposed()):
        _StartAtFirstPaint(page, start)
        return
    if window.isVisible():
        # The layouts the page's new texts asked for, then one paint of all that changed (the
        # repaint manager paints and flushes every dirty part of the window now).
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        page.repaint()
    start()


class _StartAtFirstPaint(QObject):
    """Calls ``start`` once, right after ``page``'s first paint (or after FIRST_PAINT_LIMIT_MS)."""

    def __init__(self, page: QWidget, start: Callable[[], None]) -> None:
        super().__init__(page)
        self._page = page
        self._start = start
        page.installEventFilter(self)
        self._limit = QTimer(self)
        self._limit.setSingleShot(True)
        self._limit.timeout.connect(self._go)
        self._limit.start(FIRST_PAINT_LIMIT_MS)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self._page.removeEventFilter(self)
            # Once this paint is done: its children painted, and the whole flushed to the screen.
            QTimer.singleShot(0, self, self._go)
        return False

    def _go(self) -> None:
        if self._start is None:
            return
        start, self._start = self._start, None
        self._page.removeEventFilter(self)
        self._limit.stop()
        self.deleteLater()
        start()
