"""The pages a workout is shown on: the player, floor mode and the summary at the end.

They show what the ``WorkoutSession`` emits (coach/gui/workout_session.py): the display and the
exercise's figure on whichever of the player and floor mode is up, what the voice says for a
screen reader, the summary. The main window builds them on the first workout (so their imports
wait until then) and puts them in its stack of pages.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from coach.gui import accessible
from coach.gui.figure_view import show_snapshot
from coach.gui.floor_mode import FloorView
from coach.gui.paint_log import CountdownPaintLog
from coach.gui.player import PlayerView
from coach.gui.services import Services
from coach.gui.summary import SummaryView
from coach.gui.workout_session import WorkoutSession


class WorkoutPages:
    """The player, floor mode and the summary, showing ``session``'s workouts.

    ``figure_of(exercise)`` gives an exercise's figure (None: it has none)."""

    def __init__(self, session: WorkoutSession, services: Services, figure_of: Callable,
                 parent: QWidget | None = None) -> None:
        self.session = session
        self.figure_of = figure_of
        self.player = PlayerView()
        self.floor = FloorView()
        for view in (self.player.figure, self.floor.figure):
            view.clock = services.clock
        self.summary = SummaryView()
        self.paint_log = None
        if services.event_log is not None:
            # When the countdown's number changes on screen, in the event log (docs/TIMING.md).
            self.paint_log = CountdownPaintLog(services.event_log, services.clock, session.snapshot_now, parent)
            self.paint_log.watch(self.player.countdown, "player")
            self.paint_log.watch(self.floor.countdown, "floor")
            session.events.connect(self.paint_log.workout_started)
        session.showing.connect(self.show_display)
        session.progressing.connect(self.show_progress)
        session.events.connect(self.announce)

    @property
    def pages(self) -> tuple[QWidget, ...]:
        return (self.player, self.floor, self.summary)

    @property
    def shown(self) -> PlayerView | FloorView:
        """The page the workout is on now: floor mode or the player."""
        return self.floor if self.session.floor_mode else self.player

    def animate_figures(self, animate: bool) -> None:
        """Figures move with the tempo (True), or stand still in each part's pose."""
        for view in (self.player.figure, self.floor.figure):
            view.set_animate(animate)

    def show_display(self, display, snapshot) -> None:
        """The workout now, on the player or floor mode (whichever is up), with its figure."""
        shown = self.shown
        other = self.player if shown is self.floor else self.floor
        shown.show_display(display)
        other.figure.hide_figure()
        show_snapshot(shown.figure, snapshot, self.figure_for_exercise)

    def show_progress(self, part: float, workout: float) -> None:
        """The bars moved (up to 20 times a second): only they are shown anew."""
        self.shown.show_progress(part, workout)

    def figure_for_exercise(self, index: int | None):  # noqa: ANN201 - a Figure or None
        """The figure of exercise ``index`` of the routine being played."""
        routine = self.session.routine
        if routine is None or index is None or not 0 <= index < len(routine.exercises):
            return None
        return self.figure_of(routine.exercises[index])

    def announce(self, events: list) -> None:
        """Tells a screen reader what the voice says, when it says it (and the 3, 2, 1 ticks)."""
        shown = self.shown
        for event in events:
            accessible.announce(shown, accessible.words_heard(event))

    def show_summary(self, record, totals) -> None:
        """The end of the workout (``totals``: the whole session when it was resumed)."""
        self.summary.show_record(record, totals)
