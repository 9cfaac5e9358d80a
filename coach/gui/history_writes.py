"""The history's writes on a thread of their own, told to the window as a Qt signal."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal


class _WritesChanged(QObject):
    """Emitted on the history's thread; Qt delivers it in the window's thread (a queued signal)."""

    changed = Signal()


def write_off_the_window(history, check: Callable[[], None], parent: QObject) -> None:
    """From now on ``history`` writes (and answers the window's questions) on its own thread, so
    a disk that hangs cannot freeze the window (coach/core/history/writer.py); ``check`` is
    called in the window's thread whenever what waits to be written, or why, has changed."""
    if not history.enabled:
        return
    writer = history.writer
    bridge = _WritesChanged(parent)
    bridge.changed.connect(check)
    writer.on_change = bridge.changed.emit
    writer.start()
