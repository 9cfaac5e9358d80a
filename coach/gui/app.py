"""Starting the Qt application and its main window."""

from __future__ import annotations

import argparse
import linecache
import os
import sys
import time
from collections.abc import Callable

# The core modules the window needs are imported before PySide6: once PySide6 is imported it
# reads the source of every module imported after it (looking for `from __feature__ import`),
# which cost a few milliseconds at every start.
from coach import __version__
from coach.core.app_id import APP_ID
from coach.core.paths import DataDir
from coach.core.resume_hint import may_offer_resume
from coach.core.sleep_detect import SleepDetector
from coach.core.startup_cache import load_faq_and_library

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

#: Set to 1 to quit as soon as the main window has been shown and painted: the end-to-end test and
#: the startup benchmark use it to see that the window came up, and how fast.
QUIT_WHEN_SHOWN_ENV = "COACH_QUIT_WHEN_SHOWN"
SHOWN_MESSAGE = "coach: main window shown"
#: Set to 1 to quit when the workout of ``coach run`` ends (the timing benchmark and the tests).
QUIT_WHEN_FINISHED_ENV = "COACH_QUIT_WHEN_FINISHED"
#: At quitting, how long Coach waits for a history locked by another program (milliseconds).
FINAL_WRITE_WAIT_MS = 3000


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("Coach")
    app.setOrganizationName("Coach")
    app.setApplicationVersion(__version__)
    # Wayland compositors find the window's desktop entry (its name and icon) by this name.
    app.setDesktopFileName(APP_ID)
    from coach.gui.app_icon import app_icon

    app.setWindowIcon(app_icon())
    return app


class _AfterFirstPaint(QObject):
    """Runs ``then`` once the watched window has been painted for the first time.

    What the window does not need to show itself (the offer to resume an interrupted session,
    which opens the history and so loads SQLite; the FAQ's search index) is done here, so the
    window comes up without waiting for it. With ``COACH_QUIT_WHEN_SHOWN=1`` it says when the
    first paint happened, and quits once ``then`` is done, so that the peak memory the startup
    benchmark reads includes all of the startup.
    """

    #: ``then`` has run.
    finished = Signal()

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then = then
        self._quit = os.environ.get(QUIT_WHEN_SHOWN_ENV) == "1"
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            if self._quit:
                print(SHOWN_MESSAGE, file=sys.stderr, flush=True)
            # Let the paint finish first.
            QTimer.singleShot(0, self._finish)
        return False

    def _finish(self) -> None:
        self._then()
        self.finished.emit()
        if self._quit:
            QApplication.quit()


def open_history(data_dir: DataDir):
    """The history store; never raises: when it cannot work, it is off and says why."""
    from coach.core.history import History

    try:
        return History.open(data_dir)
    except Exception as error:  # noqa: BLE001 - a history problem must never keep Coach from starting
        return History(data_dir.history_db, None, off_reason=f"history is off: {error}")


def scaled_clock(speed: float, base: Callable[[], float] = time.monotonic) -> Callable[[], float]:
    """A clock that runs ``speed`` times faster than ``base`` (``--speed`` previews a routine)."""
    if speed == 1.0:
        return base
    origin = base()
    return lambda: origin + (base() - origin) * speed


def open_window(args: argparse.Namespace, routine=None, event_log=None):
    """Builds and shows the main window; with a ``routine`` (``coach run ROUTINE``) it opens
    straight into that workout. The history is opened when first needed (nothing of it shows in
    the library): right after the first paint when a session may wait to be resumed."""
    from coach.gui.cues import CuePlayer
    from coach.gui.main_window import MainWindow
    from coach.gui.settings import Settings

    # PySide6 reads the source of every module imported after it (looking for `from __feature__
    # import`) through linecache, which keeps it all: over 1 MiB of text lines nobody needs
    # unless a traceback is printed, and then linecache reads the file again.
    linecache.clearcache()
    data_dir = DataDir(args.data_dir)
    # What the files held at the last start, unless one of them changed (then they are read).
    faq, library = load_faq_and_library(data_dir)
    speed = getattr(args, "speed", 1.0) or 1.0

    make_application()
    settings = Settings(data_dir.settings_file)
    clock = scaled_clock(speed)
    # Sleep is told apart from a real monotonic clock; a sped-up preview has no use for it.
    sleep_check = SleepDetector().check if speed == 1.0 else None

    def open_the_history():
        from coach.core.streaks import local_zone

        window.tz = local_zone()
        return open_history(data_dir)

    window = MainWindow(data_dir, library, settings, faq=faq, clock=clock, cues=CuePlayer(settings),
                        event_log=event_log, speed=speed, sleep_check=sleep_check,
                        open_history=open_the_history, checkin=not getattr(args, "no_checkin", False))
    if os.environ.get(QUIT_WHEN_FINISHED_ENV) == "1":
        window.workout_ended.connect(lambda record: QTimer.singleShot(0, QApplication.quit))

    def after_first_paint() -> None:
        # The history (SQLite) opens when first needed: at start-up only when a session may be
        # waiting to be resumed, which a small file says without opening it.
        if routine is None and may_offer_resume(data_dir):
            window.offer_resume()
        # Ready before the first keystroke in the FAQ's search field (see prepare_search).
        faq.prepare_search()

    window.after_first_paint = _AfterFirstPaint(window, after_first_paint)
    window.show()
    if routine is not None:
        # `coach run`: the workout (and the check-in before it, which opens the history) first.
        window.library_view.select_routine(routine.id)
        window.request_workout(routine)
    return window


def run_app(args: argparse.Namespace, routine=None, event_log=None) -> int:
    """Opens the main window (see open_window) and runs Coach until it is closed.

    ``coach run`` opens the routine and the event log (coach/commands/run.py) and hands them over.
    """
    window = open_window(args, routine, event_log)
    try:
        return QApplication.instance().exec()
    finally:
        if window.cues is not None:
            window.cues.shutdown()  # a voice process stuck in its engine is killed, not waited for
        if window.history is not None:
            # Sets still waiting for the history (locked by another program, a full disk): one
            # last try, waiting at most a few seconds; say what could not be kept.
            unwritten = window.history.finish_writing(FINAL_WRITE_WAIT_MS)
            if unwritten:
                problem = window.history.writer.problem or ""
                print(f"coach: {unwritten} change{'' if unwritten == 1 else 's'} could not be written to your "
                      f"history and {'is' if unwritten == 1 else 'are'} lost. {problem.split(';')[0]}. "
                      "A session left unfinished is kept as interrupted.", file=sys.stderr)
            window.history.close()
        if event_log is not None:
            event_log.close()
