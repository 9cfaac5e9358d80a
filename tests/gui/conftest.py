"""Fixtures for the window tests: a main window around a library built in code and a fake clock."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import FakeSoundSink, FakeSpeaker, short_routine  # noqa: E402

from coach.core.routines.library import Library, LibraryEntry  # noqa: E402
from coach.core.files.paths import DataDir  # noqa: E402


@pytest.fixture
def library() -> Library:
    return Library(entries=[LibraryEntry(short_routine(), "built-in", Path("/nowhere/short.yaml"))])


@pytest.fixture
def sound() -> FakeSoundSink:
    return FakeSoundSink()


@pytest.fixture
def speaker() -> FakeSpeaker:
    return FakeSpeaker()


@pytest.fixture
def sound_server_that_never_answers():
    """Stands in for connecting to a sound server that accepted the connection and went quiet
    (libpulse then waits 30 s); it answers only when the test is over."""
    import threading

    released = threading.Event()
    yield lambda: released.wait() and "over"
    released.set()


@pytest.fixture
def make_window(qtbot, data_dir, clock, library, sound, speaker):
    """Builds a MainWindow the way the app does, with fakes for time, sound and voice."""
    from coach.gui.cues import CuePlayer
    from coach.gui.main_window import MainWindow
    from coach.gui.services import Services
    from coach.gui.settings import Settings

    def make(**kwargs):
        """``library``, ``settings`` and ``faq`` for the window; the rest are its Services."""
        folder = DataDir(data_dir)
        settings = kwargs.pop("settings", None) or Settings(folder.settings_file)
        cues = CuePlayer(settings, sound_sink=sound, speaker=speaker)
        library_shown, faq = kwargs.pop("library", library), kwargs.pop("faq", None)
        services = Services.make(clock=clock, cues=cues, **kwargs)
        window = MainWindow(folder, library_shown, settings, faq=faq, services=services)
        qtbot.addWidget(window)
        # Window shortcuts (Space, the arrows) only reach the active window; on screen, a workout
        # starts its clock once its first state is painted (coach/gui/start_when_shown.py), at once.
        with qtbot.waitExposed(window), qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        return window

    return make


@pytest.fixture
def big_font():
    """The application's font at twice its size (200% font scaling), put back afterwards."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    old = app.font()
    doubled = app.font()
    doubled.setPointSizeF(old.pointSizeF() * 2)
    app.setFont(doubled)
    yield doubled
    app.setFont(old)
