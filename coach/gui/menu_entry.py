"""Help > Add Coach to the applications menu: runs ``coach desktop install`` as a child process
(it writes files and runs the desktop's cache tools: never on the window's thread), within a time
limit, and says how it went."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

#: How long the install may take before it is stopped (milliseconds).
TIME_LIMIT_MS = 60_000


class MenuEntryInstaller(QObject):
    #: (it worked, what to tell the user)
    finished = Signal(bool, str)

    def __init__(self, parent: QObject | None = None, command: list[str] | None = None,
                 time_limit_ms: int = TIME_LIMIT_MS) -> None:
        super().__init__(parent)
        self._command = command or [sys.executable, "-m", "coach", "desktop", "install"]
        self._process = QProcess(self)
        self._process.finished.connect(self._on_finished)
        self._process.errorOccurred.connect(self._on_error)
        self._timer = QTimer(self, singleShot=True, interval=time_limit_ms)
        self._timer.timeout.connect(self._on_time_out)
        self._done = False

    def start(self) -> None:
        self._timer.start()
        self._process.start(self._command[0], self._command[1:])

    def _finish(self, ok: bool, message: str) -> None:
        if self._done:
            return
        self._done = True
        self._timer.stop()
        self.finished.emit(ok, message)

    def _on_finished(self, code: int, _status) -> None:
        out = bytes(self._process.readAllStandardOutput()).decode("utf-8", "replace").strip()
        err = bytes(self._process.readAllStandardError()).decode("utf-8", "replace").strip()
        if code == 0:
            self._finish(True, out or "Coach is in the applications menu.")
        else:
            self._finish(False, (err or out or f"exit code {code}").removeprefix("coach: "))

    def _on_error(self, error) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._finish(False, f"Could not run {self._command[0]}: {self._process.errorString()}")

    def _on_time_out(self) -> None:
        # Said first: killing the process finishes it, and that is not what happened.
        self._finish(False, f"Adding Coach to the applications menu did not finish within "
                            f"{self._timer.interval() // 1000} s.")
        self._process.kill()
        self._process.waitForFinished(1000)  # a killed process ends at once; never wait longer
