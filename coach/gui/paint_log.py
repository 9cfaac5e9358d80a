"""The paint hook of the event log: when the countdown's new number was painted on screen.

With ``--event-log`` every new number of the countdown is written as a ``countdown_shown`` line at
the moment its label paints it (``at``, on the same monotonic clock as the engine's events), with
``due`` the moment that number became the right one, so the lag between the second changing and
the person seeing it can be measured (tests/bench/bench_cues.py, tests/bench/bench_timing.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel

from coach.core.workout.kinds import EventKind, WorkoutState
from coach.core.workout.presentation import number_age


class CountdownPaintLog(QObject):
    """Watches the paint events of countdown labels and notes each new number once.

    The workout's first number is painted before its clock starts (coach/gui/start_when_shown.py):
    it is noted when the workout starts (``workout_started``), with the moment it was painted,
    which is then before the moment it became the right one."""

    def __init__(self, event_log, clock: Callable[[], float], snapshot: Callable[[], object],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.event_log = event_log
        self.clock = clock
        #: The workout's snapshot now (None without a workout).
        self.snapshot = snapshot
        self._shown: dict[int, str] = {}
        #: Numbers painted before the workout's clock started: label -> (text, when painted).
        self._before_start: dict[QLabel, tuple[str, float]] = {}

    def watch(self, label: QLabel, where: str) -> None:
        label.setProperty("paint_log_where", where)
        label.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, QLabel):
            text = watched.text()
            if self._shown.get(id(watched)) != text:
                self._shown[id(watched)] = text
                snap = self.snapshot()
                if snap is not None and snap.state == WorkoutState.NOT_STARTED:
                    self._before_start[watched] = (text, self.clock())
                    return False
                if snap is None or snap.state in (WorkoutState.FINISHED, WorkoutState.STOPPED):
                    return False
                at = self.clock()
                self._write(watched, text, at - number_age(snap), at)
        return False

    def workout_started(self, events: list) -> None:
        """The workout's events as they happen: at its start, the numbers painted before it."""
        started = next((event for event in events if event.kind == EventKind.WORKOUT_STARTED), None)
        if started is None:
            return
        painted, self._before_start = self._before_start, {}
        for label, (text, at) in painted.items():  # the first number: due when the workout starts
            if label.text() == text:  # still on screen as its second begins
                self._write(label, text, started.due, at)

    def _write(self, label: QLabel, text: str, due: float, at: float) -> None:
        self.event_log.write_line("countdown_shown", due, at, text=text, where=label.property("paint_log_where"))
