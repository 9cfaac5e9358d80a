"""Starting the Qt application and its main window."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable

# The core modules the window needs are imported before PySide6: once PySide6 is imported it
# reads the source of every module imported after it (looking for `from __feature__ import`),
# which cost a few milliseconds at every start.
from coach import __version__
from coach.core.files.app_id import APP_ID
from coach.core.files.paths import DataDir, builtin_routines_dir
from coach.core.history.resume_hint import may_offer_resume
from coach.core.workout.sleep_detect import SleepDetector
from coach.core.workout.speed_clock import SpeedClock
from coach.core.faq.entries import load_faq
from coach.core.routines.library import load_library

from PySide6.QtCore import QEvent, QObject, QSocketNotifier, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

#: Set to 1 to quit as soon as the main window has been shown and painted: the end-to-end test and
#: the startup benchmark use it to see that the window came up, and how fast.
QUIT_WHEN_SHOWN_ENV = "COACH_QUIT_WHEN_SHOWN"
SHOWN_MESSAGE = "coach: main window shown"
#: Set to 1 to quit when the workout of ``coach run`` ends (the timing benchmark and the tests).
QUIT_WHEN_FINISHED_ENV = "COACH_QUIT_WHEN_FINISHED"
LAST_TONE_MS = 1000
#: How long the window waits for the history to open (a disk that does not answer).
HISTORY_OPEN_LIMIT_S = 5.0


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


class _EndOnSignals(QObject):
    """Ctrl+C in the terminal that started the window (SIGINT), SIGTERM and SIGHUP close the window
    as Quit does (a workout in progress is kept as interrupted); a second one ends Coach even when
    the window asked to stay open (unsaved edits).

    Python runs its signal handlers only between Python instructions, and the Qt event loop may
    wait in C++ for minutes: so the signal's number is written to a pipe (signal.set_wakeup_fd,
    done by Python's C handler the moment the signal comes) that a QSocketNotifier watches, and the
    window is closed from the event loop. The Python handlers do nothing (no KeyboardInterrupt).
    """

    SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")

    def __init__(self) -> None:
        super().__init__()
        self._window: QWidget | None = None
        #: The signals received, in order.
        self.received: list[int] = []
        self._previous: dict[int, object] = {}
        self._previous_fd: int | None = None
        self._reader, self._writer = os.pipe()
        for end in (self._reader, self._writer):
            os.set_blocking(end, False)
        try:
            self._previous_fd = signal.set_wakeup_fd(self._writer, warn_on_full_buffer=False)
        except ValueError:  # not the main thread (never in Coach): leave the signals alone
            return
        for name in self.SIGNALS:
            signum = getattr(signal, name, None)
            if signum is not None:
                self._previous[signum] = signal.signal(signum, lambda *_: None)
        self._notifier = QSocketNotifier(self._reader, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_signal)

    def _on_signal(self) -> None:
        try:
            numbers = os.read(self._reader, 64)
        except OSError:
            return
        for signum in numbers:
            if signum not in self._previous:
                continue
            self.received.append(signum)
            self._end(first=len(self.received) == 1)

    def attach(self, window: QWidget) -> None:
        """The window to close; closed at once when a signal came while it was being opened."""
        self._window = window
        if self.received:
            QTimer.singleShot(0, lambda: self._end(first=len(self.received) == 1))

    def _end(self, first: bool) -> None:
        if self._window is None:
            return  # attach() closes it
        if first and self._window.isVisible():
            self._window.close()  # as Quit: may ask about unsaved edits
        else:
            QApplication.quit()

    def restore(self) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        if self._previous_fd is not None:
            signal.set_wakeup_fd(self._previous_fd)
        os.close(self._reader)
        os.close(self._writer)


def open_history(data_dir: DataDir, limit: float = HISTORY_OPEN_LIMIT_S):
    """The history store, opened off the window's thread and waited for at most ``limit``
    seconds; never raises: when it cannot work (or does not open in time), it is off and says why."""
    from coach.core.history.store import open_within

    return open_within(data_dir, limit)


def open_window(args: argparse.Namespace, routine=None, event_log=None):
    """Builds and shows the main window; with a ``routine`` (``coach run ROUTINE``) it opens
    straight into that workout. The history is opened when first needed (nothing of it shows in
    the library): right after the first paint when a session may wait to be resumed."""
    from coach.gui.main_window import MainWindow
    from coach.gui.services import Services
    from coach.gui.settings import Settings

    data_dir = DataDir(args.data_dir)
    faq = load_faq(data_dir)
    library = load_library(builtin_routines_dir(), data_dir.routines, set(faq.ids()))
    speed = getattr(args, "speed", 1.0) or 1.0

    make_application()
    settings = Settings(data_dir.settings_file)
    clock = SpeedClock(speed)
    # Sleep is told apart from a real monotonic clock; a sped-up preview has no use for it.
    sleep_check = None if clock.is_preview else SleepDetector().check

    def open_the_history():
        from coach.core.history.streaks import local_zone

        services.tz = local_zone()
        return open_history(data_dir)

    def make_cues():
        from coach.gui.cues import CuePlayer

        return CuePlayer(settings)

    # The sound and voice player shows nothing, and making it (Qt Multimedia, the sound server's
    # and the speech engine's clients) was 6% of the CPU time to the first paint: it is made
    # right after the first paint, or when first needed (`coach run` plays at once).
    services = Services.make(clock=clock, cues=make_cues() if routine is not None else None,
                             make_cues=make_cues, event_log=event_log, speed=speed,
                             sleep_check=sleep_check, open_history=open_the_history,
                             checkin=not getattr(args, "no_checkin", False))
    window = MainWindow(data_dir, library, settings, faq=faq, services=services)
    if os.environ.get(QUIT_WHEN_FINISHED_ENV) == "1":
        # A second later: the last tone ("complete") plays out whole before the window goes.
        window.workout_ended.connect(lambda record: QTimer.singleShot(LAST_TONE_MS, QApplication.quit))

    def after_first_paint() -> None:
        # The sound and voice player, made now (the window did not wait for it). The voice loads
        # in its own process for seconds: started now, it is ready for the first sentence of a
        # workout started soon after.
        services.ensure_cues().warm_up()
        # The history (SQLite) opens when first needed: at start-up only when a session may be
        # waiting to be resumed, which a small file says without opening it.
        if routine is None and may_offer_resume(data_dir):
            window.offer_resume()
        # Ready before the first keystroke in the FAQ's search field (see prepare_search).
        faq.prepare_search()
        # The routine view's figures, a moment later (their files are read then).
        window.show_figures()

    if getattr(args, "data_dir_notice", None):
        window.tell(args.data_dir_notice)
    window.after_first_paint = _AfterFirstPaint(window, after_first_paint)
    window.show()
    opened = getattr(args, "open_file", None)
    if opened is not None and routine is None:
        # `coach FILE` (the menu entry's Exec=coach %f): read and checked here, shown by the window.
        from pathlib import Path

        from coach.core.routines.routine_format import load_routine_file

        path = Path(opened).absolute()
        found, problems = load_routine_file(path, faq_ids={e.id for e in faq.entries} if faq else None)
        window.open_routine_file(path, found, problems)
    if routine is not None:
        # `coach run`: the workout (and the check-in before it, which opens the history) first.
        window.library_view.select_routine(routine.id)
        window.request_workout(routine)
    return window


def run_app(args: argparse.Namespace, routine=None, event_log=None) -> int:
    """Opens the main window (see open_window) and runs Coach until it is closed.

    ``coach run`` opens the routine and the event log (coach/commands/run.py) and hands them over.
    """
    make_application()
    ending = _EndOnSignals()  # before the window: a signal while it opens closes it once it is open
    window = open_window(args, routine, event_log)
    ending.attach(window)
    try:
        code = QApplication.instance().exec()
        return 128 + ending.received[0] if ending.received else code
    finally:
        ending.restore()
        if window.services.cues is not None:
            window.services.cues.shutdown()  # a voice process stuck in its engine is killed, not waited for
        if window.history is not None:
            from coach.gui.closing import FINAL_WRITE_WAIT_MS, last_writes

            # The window gave them their last try and said what was lost, unless Coach ended
            # without closing it (a second signal): then they get it here.
            tried = window.closing is not None and window.closing.done
            lost = last_writes(window.history, 0 if tried else FINAL_WRITE_WAIT_MS)
            if lost:  # for the terminal that started Coach
                print(f"coach: {lost}", file=sys.stderr)
            window.history.close()
        if event_log is not None:
            event_log.close()
