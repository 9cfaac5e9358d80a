"""Starting the app (coach/gui/app.py): the window comes up first; the history opens when needed.

The history (SQLite) shows nothing in the library, so it is opened on first use: a workout, the
History page, or right after the first paint when a session may wait to be resumed (a small
file beside the session locks says so, coach/core/history/resume_hint.py). `coach run` opens it before
the workout shows, as the check-in and the workout record into it.
"""

from __future__ import annotations

import argparse
import time

import pytest
from helpers import short_routine
from system_parts import need_qt_module
from PySide6.QtWidgets import QMessageBox

from coach.core.history.store import History
from coach.core.files.paths import DataDir
from coach.gui.app import open_window
from coach.gui.checkin_dialog import CheckinDialog
from coach.gui.cues import CuePlayer


@pytest.fixture(autouse=True)
def mock_voice(monkeypatch) -> None:
    """The voice starts loading after the first paint: here Qt's mock engine, which speaks nothing
    (not the machine's speech-dispatcher)."""
    from coach.gui.voice_process import ENGINE_ENV

    monkeypatch.setenv(ENGINE_ENV, "mock")


@pytest.fixture
def opened(qtbot):
    """Closes what a test opened: its window (answering nothing), then the window's history;
    pytest-qt then deletes the window (signals connected to lambdas keep it alive otherwise)."""
    windows = []

    def add(window) -> None:
        qtbot.addWidget(window)
        windows.append(window)

    yield add
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


def quiet(window) -> None:
    """No check-in, and no sound or voice (this machine may have neither)."""
    for key in ("checkin/enabled", "sound/enabled", "voice/enabled"):
        window.settings.set(key, False)
    window.services.ensure_cues().apply_settings(window.settings)


def test_the_history_opens_after_the_first_paint_and_offers_to_resume(data_dir, qtbot, opened) -> None:
    interrupted_session(DataDir(data_dir), minutes_ago=5)
    window = open_window(argparse.Namespace(command=None, data_dir=data_dir))
    opened(window)
    assert window.isVisible() and window.history is None  # not before the window is painted
    assert window.history_action.isEnabled()  # it opens on demand
    with qtbot.waitSignal(window.history_ready, timeout=10_000) as ready:
        pass
    assert ready.args[0] is window.history and window.history.enabled
    box = window.question
    assert isinstance(box, QMessageBox) and "Bridges, set 2" in box.text()


def test_with_nothing_to_resume_the_history_opens_at_the_first_workout(data_dir, qtbot, opened) -> None:
    data = DataDir(data_dir)
    interrupted_session(data, minutes_ago=5)
    with History.open(data) as history:  # ... and declined: nothing is left to offer
        history.decline_resume(history.sessions()[-1].id)
    window = open_window(argparse.Namespace(command=None, data_dir=data_dir))
    opened(window)
    painted = []
    window.history_ready.connect(painted.append)
    assert "_index" not in vars(window.faq)  # the FAQ's search index is not built to show the window
    assert window.services.cues is None  # nor the sound and voice player
    with qtbot.waitSignal(window.after_first_paint.finished, timeout=10_000):
        pass
    assert window.history is None and painted == [] and window.question is None
    assert "_index" in vars(window.faq)  # ... but right after, before anyone can type
    assert isinstance(window.services.cues, CuePlayer)
    quiet(window)
    window.request_workout(short_routine())
    assert window.history is not None and window.history.enabled and painted == [window.history]
    assert window.session.workout is not None and window.session.recorder is not None  # recorded as before


def test_a_workout_asked_for_before_the_first_paint_has_its_sound_and_voice(data_dir, qtbot, opened) -> None:
    """The sound and voice player is made after the first paint, or at once when a workout is
    asked for before it."""
    window = open_window(argparse.Namespace(command=None, data_dir=data_dir))
    opened(window)
    assert window.services.cues is None
    for key in ("checkin/enabled", "sound/enabled", "voice/enabled"):
        window.settings.set(key, False)  # this machine may have neither
    window.request_workout(short_routine())
    assert isinstance(window.services.cues, CuePlayer) and window.session.workout is not None
    window.mute_action.trigger()
    assert window.services.cues.muted  # the window's Mute reaches it


def test_a_history_that_cannot_open_is_told_when_a_workout_starts(data_dir, qtbot, opened) -> None:
    data = DataDir(data_dir)
    data.root.mkdir(parents=True)
    data.history_db.mkdir()  # a folder where the database file should be
    window = open_window(argparse.Namespace(command=None, data_dir=data_dir))
    opened(window)
    quiet(window)
    window.request_workout(short_routine())
    assert not window.history.enabled
    assert any("workouts will not be recorded" in notice for notice in window.notices), window.notices
    assert window.session.workout is not None  # the workout plays all the same


def test_coach_run_opens_the_history_before_the_workout_shows(data_dir, qtbot, opened) -> None:
    args = argparse.Namespace(command="run", data_dir=data_dir, speed=1.0, no_checkin=False)
    window = open_window(args, routine=short_routine())
    opened(window)
    assert window.history is not None and window.history.enabled
    # The check-in before the workout needs the history: it is the first thing shown.
    assert isinstance(window.question, CheckinDialog) and window.question.when == "before"


def test_the_window_takes_its_height_once_before_its_first_paint(data_dir, qtbot, opened) -> None:
    """Every height the page area takes before the first paint lays out the routine's exercise
    cards again (each card's text measured anew): it takes its height once. The status bar used to
    get its one-line height only at its first resize, which laid out the whole window a second
    time (docs/ARCHITECTURE.md, "Start-up")."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QStackedWidget

    heights: list[int] = []
    painted: list[bool] = []

    class Watch(QObject):
        def eventFilter(self, watched, event) -> bool:
            if painted:
                return False
            if event.type() == QEvent.Type.Resize and isinstance(watched, QStackedWidget) \
                    and watched.parent() is not None and watched.parent().objectName() == "main_window":
                heights.append(event.size().height())
            elif event.type() == QEvent.Type.Paint and watched.objectName() == "main_window":
                painted.append(True)
            return False

    watch = Watch()
    QApplication.instance().installEventFilter(watch)
    try:
        window = open_window(argparse.Namespace(command=None, data_dir=data_dir))
        opened(window)
        qtbot.waitUntil(lambda: bool(painted))
    finally:
        QApplication.instance().removeEventFilter(watch)
    assert window.pages is window.centralWidget()
    assert heights and len(set(heights)) == 1, heights


def test_the_core_modules_of_a_start_are_imported_before_pyside6() -> None:
    """PySide6 reads the source of every module imported after it (looking for `from __feature__
    import`): app.py imports the core modules a start needs first, which saves a few milliseconds
    of every start (docs/ARCHITECTURE.md, "Start-up"). The source read shows in linecache."""
    import subprocess
    import sys

    code = ("import linecache, sys\nimport coach.gui.app\n"
            "print('\\n'.join(f for f in linecache.cache if '/coach/core/' in f))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == []  # none of core's files was read by PySide6


def test_the_voice_loads_after_the_first_paint_and_is_ready_for_a_workout_s_first_sentence(
        data_dir, qtbot, opened) -> None:
    need_qt_module("QtTextToSpeech")
    window = open_window(argparse.Namespace(command=None, data_dir=data_dir))
    opened(window)
    assert window.services.cues is None  # nothing of the voice (nor of the sound) before the window is painted
    with qtbot.waitSignal(window.after_first_paint.finished, timeout=10_000):
        pass
    speaker = window.services.cues.speaker
    assert speaker.state != "not started"  # started right after the first paint ...
    qtbot.waitUntil(lambda: speaker.state == "ready", timeout=10_000)  # ... and loaded in its own process meanwhile
    for key in ("checkin/enabled", "sound/enabled"):
        window.settings.set(key, False)
    window.services.cues.apply_settings(window.settings)
    window.request_workout(short_routine())
    assert speaker.spoken == ["Get ready. First: bridges."]  # handed to the voice at its cue, not queued


def test_with_the_voice_off_nothing_of_it_is_loaded_at_start_up(data_dir, qtbot, opened) -> None:
    settings_file = DataDir(data_dir).settings_file
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    settings_file.write_text("[voice]\nenabled=false\n", encoding="utf-8")
    window = open_window(argparse.Namespace(command=None, data_dir=data_dir))
    opened(window)
    with qtbot.waitSignal(window.after_first_paint.finished, timeout=10_000):
        pass
    assert window.services.cues.speaker.state == "not started"
