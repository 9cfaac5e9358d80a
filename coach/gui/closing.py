"""Closing the window while writes still wait for the history: a last try, then what was not saved.

The history may still hold writes when the window is closed (another program holds its lock, the
disk is full, a write hangs on a disk that does not answer). The window stays open while they get
a last try of at most ``FINAL_WRITE_WAIT_MS`` (on the history's thread: the window never waits),
then says in a message what could not be saved and that an unfinished workout is kept as
interrupted; the message closes by itself after ``NOT_SAVED_SHOWN_MS``, so quitting never hangs.
``coach/gui/app.py`` also writes it on stderr, for the terminal that started Coach.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from coach.core.history.writer import late_text

#: At quitting, how long the history gets to write what still waits (milliseconds).
FINAL_WRITE_WAIT_MS = 3000
#: How long the window shows what was not saved before it closes by itself (milliseconds).
NOT_SAVED_SHOWN_MS = 30000


def not_saved(history) -> str | None:
    """What the history still has not written, in the user's words; None when nothing waits."""
    if history is None or not history.enabled:
        return None
    writer = history.writer
    if writer.pending == 0:
        return None
    # A write that hangs is told as late only after LATE_AFTER_S; before that it is why all the same.
    problem = writer.problem or late_text(history.path, FINAL_WRITE_WAIT_MS / 1000)
    return (f"Not saved in your history: {writer.not_written()}. {problem.split(';')[0]}. A workout left "
            "unfinished is kept as interrupted and offered for resuming at the next start.")


def last_writes(history, wait_ms: int = FINAL_WRITE_WAIT_MS) -> str | None:
    """Once the window is gone: what still waits is tried once more, waiting at most ``wait_ms``
    (for the lock, or the history's thread); returns what could not be written (see not_saved)."""
    if history is None or not history.enabled or history.finish_writing(wait_ms) == 0:
        return None
    return not_saved(history)


class LastWrites(QObject):
    """The window's last try of the history's writes, and the message saying what it could not
    save; ``over`` is emitted when the window may close."""

    over = Signal()

    def __init__(self, history, window: QWidget) -> None:
        super().__init__(window)
        self.history = history
        self.window = window
        #: What was not saved (None: everything was, or not known yet).
        self.told: str | None = None
        #: The message saying it, while it is shown (or once it was).
        self.message: QMessageBox | None = None
        self.done = False
        self._limit = QTimer(self)
        self._limit.setSingleShot(True)
        self._limit.timeout.connect(self._time_is_up)

    @staticmethod
    def needed(history) -> bool:
        return history is not None and history.enabled and history.writer.pending > 0

    def start(self) -> None:
        """Gives the writes their last try, without waiting for it."""
        writer = self.history.writer
        self.window.statusBar().showMessage(
            f"Saving your history before Coach closes (at most {FINAL_WRITE_WAIT_MS / 1000:g} s)…")
        if writer.running:
            writer.wait_ms = FINAL_WRITE_WAIT_MS  # one wait for the lock, on the history's thread
            writer.retry()
            self._limit.start(FINAL_WRITE_WAIT_MS)
        else:  # no thread of its own: this try waits, at most that long
            self.history.finish_writing(FINAL_WRITE_WAIT_MS)
            self._time_is_up()

    def changed(self) -> None:
        """The history's writes changed (the window's signal from the history's thread)."""
        if not self.done and self.message is None and self.history.writer.pending == 0:
            self._limit.stop()
            self._finish()

    def _time_is_up(self) -> None:
        if self.message is not None:  # the message was shown long enough
            self.message.done(QMessageBox.StandardButton.Ok)
            return
        self.told = not_saved(self.history)
        if self.told is None:
            self._finish()
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "Not saved in your history", self.told,
                          QMessageBox.StandardButton.Ok, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)  # a path in it is text, never markup
        box.button(QMessageBox.StandardButton.Ok).setText("Close Coach")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(lambda _result: self._finish())
        self.message = box
        box.open()
        self._limit.start(NOT_SAVED_SHOWN_MS)

    def _finish(self) -> None:
        if self.done:
            return
        self.done = True
        self._limit.stop()
        self.over.emit()
