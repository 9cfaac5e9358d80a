"""Starting the Qt application and its main window."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtWidgets import QApplication

from coach import __version__
from coach.core.paths import DataDir


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Coach")
    app.setOrganizationName("Coach")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("coach")
    return app


def run_app(args: argparse.Namespace) -> int:
    from coach.gui.main_window import MainWindow

    app = make_application()
    window = MainWindow(DataDir(args.data_dir))
    window.show()
    return app.exec()
