"""Starting the Qt application and its main window."""

from __future__ import annotations

import argparse
import os
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from coach import __version__
from coach.core.paths import DataDir

#: Set to 1 to quit as soon as the main window has been shown and painted: the end-to-end test and
#: the startup benchmark use it to see that the window came up, and how fast.
QUIT_WHEN_SHOWN_ENV = "COACH_QUIT_WHEN_SHOWN"
SHOWN_MESSAGE = "coach: main window shown"


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Coach")
    app.setOrganizationName("Coach")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("coach")
    return app


class _QuitWhenPainted(QObject):
    """Prints a line and quits after the first paint of the watched window."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print(SHOWN_MESSAGE, file=sys.stderr, flush=True)
            # Let the paint finish before quitting.
            QTimer.singleShot(0, QApplication.quit)
        return False


def run_app(args: argparse.Namespace) -> int:
    from coach.gui.main_window import MainWindow

    app = make_application()
    window = MainWindow(DataDir(args.data_dir))
    if os.environ.get(QUIT_WHEN_SHOWN_ENV) == "1":
        _QuitWhenPainted(window)
    window.show()
    return app.exec()
