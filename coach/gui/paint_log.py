"""The paint hook of the event log: when the countdown's new number was painted on screen.

With ``--event-log`` every new number of the countdown is written as a ``countdown_shown`` line at
the moment its label paints it (``at``, on the same monotonic clock as the engine's events), with
``due`` the moment that number became the right one, so the lag between the second changing and
the person seeing it can be measured (tests/bench/bench_cues.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel

from coach.core.workout.kinds import WorkoutState
from coach.core.workout.presentation import number_age


class CountdownPaintLog(QObject):
    """Watches the paint events of countdown labels and notes each new number once."""

    def __init__(self, event_log, clock: Callable[[], float], snapshot: Callable[[], object],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.event_log = event_log
        self.clock = clock
        #: The workout's snapshot now (None without a workout).
        self.snapshot = snapshot
        self._shown: dict[int, str] = {}

    def watch(self, label: QLabel, where: str) -> None:
        label.setProperty("paint_log_where", where)
        label.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, QLabel):
            text = watched.text()
            if self._shown.get(id(watched)) != text:
                self._shown[id(watched)] = text
                snap = self.snapshot()
                if snap is None or snap.state in (WorkoutState.FINISHED, WorkoutState.STOPPED, WorkoutState.NOT_STARTED):
                    return False
                at = self.clock()
                self.event_log.write_line("countdown_shown", at - number_age(snap), at, text=text,
                                          where=watched.property("paint_log_where"))
        return False
