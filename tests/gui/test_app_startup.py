"""Starting the app (coach/gui/app.py): the window comes up first, then the history opens.

The history (SQLite) shows nothing in the library, so it is opened right after the first paint;
what depends on it at start (the offer to resume an interrupted session, the history's notices)
must still happen. `coach run` opens it before the window shows, as the workout records into it.
"""

from __future__ import annotations

import argparse
import time

import pytest
from helpers import short_routine
from PySide6.QtWidgets import QMessageBox

from coach.core.history import History
from coach.core.paths import DataDir
from coach.gui.app import open_window
from coach.gui.checkin_dialog import CheckinDialog


@pytest.fixture
def opened(qtbot):
    """Closes what a test opened: its window (answering nothing), then the window's history."""
    windows = []
    yield windows.append
    for window in windows:
        if window.question is not None:
            window.question.done(QMessageBox.StandardButton.No)
        window.close()
        if window.history is not None:
            window.history.close()


def interrupted_session(data: DataDir, minutes_ago: float) -> None:
    """A session of the short routine that stopped after its first set, ``minutes_ago``."""
    started = time.time() - minutes_ago * 60
    with History.open(data) as history:
        session = history.begin_session(short_routine(), started, 60.0)
        history.record_set(session, 0, "Bridges", 1, None, 3, None, "completed", started + 3, started + 7)
        history.finish_session(session, "interrupted", started + 9)


def test_the_history_opens_after_the_first_paint_and_offers_to_resume(data_dir, qtbot, opened) -> None:
    interrupted_session(DataDir(data_dir), minutes_ago=5)
    window = open_window(argparse.Namespace(command=None, data_dir=data_dir))
    opened(window)
    assert window.isVisible() and window.history is None  # not before the window is painted
    with qtbot.waitSignal(window.history_ready, timeout=10_000) as ready:
        pass
    assert ready.args[0] is window.history and window.history.enabled
    assert window.history_action.isEnabled()
    box = window.question
    assert isinstance(box, QMessageBox) and "Bridges, set 2" in box.text()


def test_a_history_that_cannot_open_is_told_after_the_first_paint(data_dir, qtbot, opened) -> None:
    data = DataDir(data_dir)
    data.root.mkdir(parents=True)
    data.history_db.mkdir()  # a folder where the database file should be
    window = open_window(argparse.Namespace(command=None, data_dir=data_dir))
    opened(window)
    with qtbot.waitSignal(window.history_ready, timeout=10_000):
        pass
    assert not window.history.enabled
    assert any("workouts will not be recorded" in notice for notice in window.notices), window.notices
    assert window.question is None  # and no workout is offered or started


def test_coach_run_opens_the_history_before_the_workout_shows(data_dir, qtbot, opened) -> None:
    args = argparse.Namespace(command="run", data_dir=data_dir, speed=1.0, no_checkin=False)
    window = open_window(args, routine=short_routine())
    opened(window)
    assert window.history is not None and window.history.enabled
    # The check-in before the workout needs the history: it is the first thing shown.
    assert isinstance(window.question, CheckinDialog) and window.question.when == "before"


def test_a_second_start_shows_the_window_without_reading_any_yaml(data_dir) -> None:
    """The FAQ and the routines come from the startup cache when no file changed since."""
    import os
    import subprocess
    import sys

    from coach.gui.app import QUIT_WHEN_SHOWN_ENV

    code = ("import sys\nfrom coach.cli import main\nrc = main([])\n"
            "print(rc, sorted(m for m in sys.modules if m == 'yaml' or m.startswith('yaml.')) != [])\n")
    env = {**os.environ, QUIT_WHEN_SHOWN_ENV: "1", "COACH_DATA_DIR": str(data_dir)}
    said = []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == 0, done.stderr
        said.append(done.stdout.split()[-2:])
    assert said == [["0", "True"], ["0", "False"]]  # the first start parsed the files, the second did not
