"""Starting the Qt application and its main window."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable

# The core modules the window needs (with PyYAML and sqlite3) are imported before PySide6:
# once PySide6 is imported it reads the source of every module imported after it (looking for
# `from __feature__ import`), which cost a few milliseconds at every start.
from coach import __version__
from coach.core.faq import load_faq
from coach.core.history import History
from coach.core.library import load_library
from coach.core.paths import DataDir, builtin_routines_dir
from coach.core.sleep_detect import SleepDetector
from coach.core.streaks import local_zone

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

#: Set to 1 to quit as soon as the main window has been shown and painted: the end-to-end test and
#: the startup benchmark use it to see that the window came up, and how fast.
QUIT_WHEN_SHOWN_ENV = "COACH_QUIT_WHEN_SHOWN"
SHOWN_MESSAGE = "coach: main window shown"
#: Set to 1 to quit when the workout of ``coach run`` ends (the timing benchmark and the tests).
QUIT_WHEN_FINISHED_ENV = "COACH_QUIT_WHEN_FINISHED"


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


def scaled_clock(speed: float, base: Callable[[], float] = time.monotonic) -> Callable[[], float]:
    """A clock that runs ``speed`` times faster than ``base`` (``--speed`` previews a routine)."""
    if speed == 1.0:
        return base
    origin = base()
    return lambda: origin + (base() - origin) * speed


def run_app(args: argparse.Namespace, routine=None, event_log=None) -> int:
    """Opens the main window; with a ``routine`` (``coach run ROUTINE``) straight into that workout.

    ``coach run`` opens the routine and the event log (coach/commands/run.py) and hands them over.
    """
    from coach.gui.cues import CuePlayer
    from coach.gui.main_window import MainWindow
    from coach.gui.settings import Settings

    data_dir = DataDir(args.data_dir)
    faq = load_faq(data_dir)
    speed = getattr(args, "speed", 1.0) or 1.0

    app = make_application()
    library = load_library(builtin_routines_dir(), data_dir.routines, set(faq.ids()))
    settings = Settings(data_dir.settings_file)
    clock = scaled_clock(speed)
    # Sleep is told apart from a real monotonic clock; a sped-up preview has no use for it.
    sleep_check = SleepDetector().check if speed == 1.0 else None

    # Never raises: when the history cannot work, it is off and says why; workouts still play.
    try:
        history = History.open(data_dir)
    except Exception as error:  # noqa: BLE001 - a history problem must never keep Coach from starting
        history = History(data_dir.history_db, None, off_reason=f"history is off: {error}")
    window = MainWindow(data_dir, library, settings, faq=faq, clock=clock, cues=CuePlayer(settings),
                        event_log=event_log, speed=speed, sleep_check=sleep_check, history=history,
                        checkin=not getattr(args, "no_checkin", False), tz=local_zone())
    if os.environ.get(QUIT_WHEN_SHOWN_ENV) == "1":
        _QuitWhenPainted(window)
    if os.environ.get(QUIT_WHEN_FINISHED_ENV) == "1":
        window.workout_ended.connect(lambda record: QTimer.singleShot(0, QApplication.quit))
    window.show()
    if routine is not None:
        window.library_view.select_routine(routine.id)
        window.request_workout(routine)
    else:
        window.offer_resume()
    try:
        return app.exec()
    finally:
        history.close()
        if event_log is not None:
            event_log.close()
