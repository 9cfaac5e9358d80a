"""Long use: an hour-long routine played ten times through the real window on a fake clock, and
the window left open on the library for eight simulated hours."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractEventDispatcher, QEvent, QObject
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "gui"))
from helpers import FakeSoundSink, FakeSpeaker  # noqa: E402

from coach.core.workout.engine import Workout  # noqa: E402
from coach.core.routines.library import Library, LibraryEntry  # noqa: E402
from coach.core.files.paths import DataDir  # noqa: E402
from coach.core.routines.routine import Exercise, Routine, TempoPart  # noqa: E402
from coach.core.workout.timeline import build_timeline  # noqa: E402

RUNS = 10
RSS_GROWTH_LIMIT = 5 * 1024 * 1024
NAMES = ("Bridges", "Knee-to-chest stretches", "Lower back rotational stretches", "Draw-in maneuvers",
         "Pelvic tilts", "Lying lateral leg lifts", "Cat stretches", "Supermans", "Leg lowers")


def hour_routine() -> Routine:
    """The nine exercises as reps with a tempo, holds on each side and self-paced sets: an hour."""
    exercises = []
    for i, name in enumerate(NAMES):
        if i % 3 == 0:
            exercises.append(Exercise(name=name, sets=4, reps=12, sides="each" if i == 3 else None,
                                      tempo=(TempoPart("up", 2), TempoPart("hold", 2), TempoPart("down", 2))))
        elif i % 3 == 1:
            exercises.append(Exercise(name=name, sets=4, hold=45, sides="each"))
        else:
            exercises.append(Exercise(name=name, sets=4, reps=15))
    return Routine(id="hour", name="An hour", exercises=tuple(exercises), get_ready=10,
                   rest_between_sets=20, rest_between_exercises=30)


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _settle() -> None:
    """Lets Qt delete what was handed to deleteLater, and Python collect cycles."""
    for _ in range(3):
        QApplication.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def _all_objects(window, cues) -> list[QObject]:
    """Every Qt object of this Coach: the window and all it owns, and the cue player.

    (Not all of the application's objects: widgets of earlier tests may be freed meanwhile.)"""
    return [o for root in (window, cues) for o in [root, *root.findChildren(QObject)]]


def _widgets(window) -> int:
    return sum(1 for w in QApplication.allWidgets() if w is window or window.isAncestorOf(w))


def _play(window, clock, routine: Routine) -> int:
    """Plays ``routine`` to its end through the window; returns the peak RSS seen while playing."""
    window.session.start_workout(routine)
    peak = _rss()
    wakes = 0
    while window.session.driver is not None:
        deadline = window.session.workout.next_deadline()
        if deadline is None:
            window.done_action.trigger()  # Enter: the self-paced set is done
        else:
            clock.now = max(clock.now, deadline)
            window.session.driver.wake()
        wakes += 1
        if wakes % 100 == 0:
            QApplication.processEvents()  # paint what is shown, as the event loop would
            peak = max(peak, _rss())
        assert wakes < 20_000
    assert window.pages.currentWidget() is window.summary
    window.summary.back.click()
    _settle()
    return max(peak, _rss())


@pytest.mark.slow
def test_an_hour_long_routine_ten_times_leaks_nothing(qtbot, data_dir: Path, clock) -> None:
    from coach.gui.cues import CuePlayer
    from coach.gui.main_window import MainWindow
    from coach.gui.services import Services
    from coach.gui.settings import Settings

    # Workouts some earlier test in the same process still holds are not this test's to judge
    # (held here, so their ids cannot be taken by a workout of this test).
    earlier = [o for o in gc.get_objects() if isinstance(o, Workout)]
    routine = hour_routine()
    total = build_timeline(routine).total_seconds
    assert 3500 <= total <= 3700, total
    folder = DataDir(data_dir)
    settings = Settings(folder.settings_file)
    cues = CuePlayer(settings, sound_sink=FakeSoundSink(), speaker=FakeSpeaker())
    window = MainWindow(folder, Library([LibraryEntry(routine, "user", Path("/x/hour.yaml"))]), settings,
                        services=Services(clock=clock, cues=cues))
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):  # on screen: a workout's clock starts at once (start_when_shown.py)
        window.show()
    ended = []
    window.workout_ended.connect(ended.append)

    peaks = [_play(window, clock, routine)]
    objects = len(_all_objects(window, cues))
    widgets = _widgets(window)
    for _ in range(RUNS - 1):
        peaks.append(_play(window, clock, routine))
    assert len(ended) == RUNS and all(r.outcome == "completed" for r in ended)
    assert all(len(r.sets) == sum(e.sets * (2 if e.sides else 1) for e in routine.exercises) for r in ended)
    ended.clear()
    _settle()
    growth = max(peaks[1:]) - peaks[0]
    print(f"peak RSS per run (MiB): {[round(p / 2**20, 1) for p in peaks]}; growth {growth / 2**20:.2f} MiB")
    assert growth <= RSS_GROWTH_LIMIT, f"peak RSS grew by {growth / 2**20:.1f} MiB after the first run"
    assert len(_all_objects(window, cues)) == objects, "Qt objects left behind by the workouts"
    assert _widgets(window) == widgets, "widgets left behind by the workouts"
    kept = [o for o in gc.get_objects() if isinstance(o, Workout) and not any(o is e for e in earlier)]
    assert not kept, "a workout was kept alive"

    # Then the window stays open on the library for eight hours: nothing may be scheduled.
    assert window.pages.currentWidget() is window.browse
    dispatcher = QAbstractEventDispatcher.instance()
    timers = {f"{type(o).__name__}({o.objectName()})": dispatcher.registeredTimers(o)
              for o in _all_objects(window, cues)}
    assert {name: t for name, t in timers.items() if t} == {}, "a timer is running while idle"
    fired = []

    class _TimerEvents(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Timer:
                fired.append(type(watched).__name__)
            return False

    counter = _TimerEvents()
    QApplication.instance().installEventFilter(counter)
    try:
        for _hour in range(8):
            clock.tick(3600)
            for _ in range(50):
                QApplication.processEvents()
    finally:
        QApplication.instance().removeEventFilter(counter)
    assert fired == [], f"timers fired while idle: {fired}"
