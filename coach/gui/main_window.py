"""The main window: the library, the routine, the player and the FAQ panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow

from coach import __version__
from coach.core.paths import DataDir


class MainWindow(QMainWindow):
    def __init__(self, data_dir: DataDir) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.setWindowTitle("Coach")
        title = QLabel(f"Coach {__version__}")
        title.setObjectName("title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(title)
        self.resize(1100, 720)
