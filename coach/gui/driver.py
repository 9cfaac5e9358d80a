"""The Qt driver of the workout engine: one precise timer re-armed to the next deadline."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from coach.core.workout.kinds import WorkoutState
from coach.core.workout.presentation import next_bar_step, next_change, progress
from coach.core.workout.record import OUTCOME_INTERRUPTED
from coach.core.workout.speed_clock import SpeedClock

#: How far ahead (in real seconds) the events to come are told, when someone listens to ``ahead``.
LOOK_AHEAD_S = 1.5


class WorkoutDriver(QObject):
    """Plays a ``Workout`` on the Qt event loop.

    The engine keeps every deadline on the monotonic ``clock``; the driver only asks it when it
    next needs to wake up and arms a single-shot precise timer for then, so nothing drifts
    however late a wake-up is. A second precise single-shot timer redraws the display when
    something written on it next changes (the countdown's next whole second, the workout's times;
    see :func:`coach.core.workout.presentation.next_change`), and a third moves the bars alone
    at their next step (:func:`coach.core.workout.presentation.next_bar_step`, up to 20 times a
    second: nothing else of the display is made or shown anew for it); all only while a workout
    runs: a paused or idle window does no work at all.
    """

    #: Every list of events the engine returned, in order, as the driver handled them.
    events_handled = Signal(list)
    #: A fresh engine Snapshot to show.
    refreshed = Signal(object)
    #: The bars moved, between two snapshots: how far the part and the whole workout are (0..1).
    progressed = Signal(float, float)
    #: The workout ended (finished or stopped); carries its WorkoutRecord.
    ended = Signal(object)
    #: The events of the next ``LOOK_AHEAD_S`` as they stand now, as (event, when it is due on the
    #: real clock the workout's clock runs on: time.monotonic in the window),
    #: after every wake-up and command while running (with :attr:`look_ahead` on): tones are
    #: written into the sound stream ahead, at their deadlines (coach/gui/tone_stream.py).
    ahead = Signal(list)

    def __init__(self, workout, clock: Callable[[], float], *, event_log=None,
                 sleep_check: Callable[[], float | None] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workout = workout
        #: The workout's clock; a SpeedClock says how long its seconds last in real time.
        self.clock = clock if isinstance(clock, SpeedClock) else SpeedClock(1.0, real=clock)
        self.event_log = event_log
        #: Returns the moment (on ``clock``) the computer went to sleep, once, after it woke up.
        self.sleep_check = sleep_check
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.wake)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setSingleShot(True)
        self.refresh_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.refresh_timer.timeout.connect(self.tick)
        #: Repeats at the bars' step (set anew when a wake-up or a command changes the step). A
        #: coarse timer: a step a few milliseconds off shows nothing, and Qt wakes coarse timers
        #: due within the same few milliseconds together.
        self.bar_timer = QTimer(self)
        self.bar_timer.setTimerType(Qt.TimerType.CoarseTimer)
        self.bar_timer.timeout.connect(self.step_bars)
        self._ended = False
        #: The engine deadline the timer is armed for (None when it is not armed).
        self.armed_for: float | None = None
        #: Emit ``ahead`` (off unless someone plays the events to come ahead of time).
        self.look_ahead = False
        self._told_until: float | None = None  # how far (on the clock) ``ahead`` told last

    # ----- commands

    def start(self, at_phase: int = 0) -> list:
        """Start the workout (at phase ``at_phase`` when resuming an interrupted one)."""
        return self._run(lambda: self.workout.start(at_phase))

    def command(self, name: str) -> list:
        """Runs an engine command by name; a refused command changes nothing and returns []."""
        from coach.core.workout.engine import CommandRefused

        try:
            return self._run(getattr(self.workout, name))
        except CommandRefused:
            # Nothing changed, but the engine may hold events it caught up on: hand them out.
            self._rearm()
            return []

    def interrupt(self) -> list:
        """Ends the workout as interrupted (the window closes): what was done is kept."""
        if self.workout.is_over:
            return []
        return self._run(lambda: self.workout.stop(OUTCOME_INTERRUPTED))

    def computer_slept(self, at: float) -> list:
        return self._run(lambda: self.workout.computer_slept(at))

    # ----- time

    def wake(self) -> None:
        """The timer's slot (and what tests call after moving a fake clock)."""
        if self._slept():
            return
        events = self.workout.advance(self.clock())
        self._handle(events)
        self._rearm()

    def tick(self) -> None:
        """The display timer's slot: notices a sleep, or redraws and arms itself for the next change."""
        if not self._slept():
            taken = self.clock()
            snapshot = self.workout.snapshot(taken)
            self.refreshed.emit(snapshot)
            self._arm_refresh(snapshot, taken)  # one snapshot a redraw
            self._within_reach()

    def step_bars(self) -> None:
        """The bar timer's slot: moves the bars (a snapshot, two numbers; no redraw of the rest)."""
        if not self._slept():
            self.progressed.emit(*progress(self.workout.snapshot(self.clock())))
            self._within_reach()

    def _within_reach(self) -> None:
        deadline = self.workout.next_deadline()
        if deadline is not None and self._told_until is not None and deadline > self._told_until:
            self._look_ahead()  # the next deadline came within reach between two wake-ups

    def _slept(self) -> bool:
        if self.sleep_check is None:
            return False
        slept_at = self.sleep_check()
        if slept_at is None or self.state() != WorkoutState.RUNNING:
            return False
        # Pause where the workout was when the computer went to sleep, not skip ahead.
        self.computer_slept(slept_at)
        return True

    def _run(self, command: Callable[[], list]) -> list:
        if self.sleep_check is not None and self.state() != WorkoutState.RUNNING:
            # A sleep while paused (or before the start) changes nothing: forget it, so that
            # resuming does not pause again at once.
            self.sleep_check()
        events = command()
        self._handle(events)
        self._rearm()
        return events

    def _handle(self, events: list) -> None:
        if events:
            if self.event_log is not None:
                self.event_log.write(events, self.clock())
            self.events_handled.emit(list(events))
        self.refresh()
        if not self._ended and self.state() in (WorkoutState.FINISHED, WorkoutState.STOPPED):
            self._ended = True
            self.timer.stop()
            self.refresh_timer.stop()
            self.bar_timer.stop()
            self.ended.emit(self.workout.record)

    def _rearm(self) -> None:
        deadline = self.workout.next_deadline()
        self.armed_for = None if self._ended else deadline
        if deadline is None or self._ended:
            self.timer.stop()
        else:
            # Rounded up: a wake-up a little early would only find nothing due and re-arm.
            delay_ms = math.ceil(self.clock.real_seconds(max(0.0, deadline - self.clock())) * 1000)
            self.timer.start(delay_ms)
        self._arm_display()
        self._look_ahead()

    def first_snapshot(self):  # noqa: ANN201 - a Snapshot
        """What the workout shows at its start, before its clock starts (the engine is started on
        a copy; the workout itself is untouched): the window paints it first (docs/TIMING.md)."""
        shadow = self._copy()
        shadow.start()
        return shadow.snapshot()

    def _copy(self):  # noqa: ANN202 - a Workout
        """The engine as it stands, copied (its tables, tuples made once, shared)."""
        workout = self.workout
        keep = {id(value): value for value in vars(workout).values() if isinstance(value, tuple)}
        keep[id(workout.timeline)] = workout.timeline
        return copy.deepcopy(workout, keep)

    def _look_ahead(self) -> None:
        """Plays the engine forward on a copy (the engine itself is not touched) to tell what comes."""
        if not self.look_ahead or self._ended or self.state() != WorkoutState.RUNNING:
            return
        shadow = self._copy()
        real_now = self.clock.real()
        now = self.clock.at(real_now)
        self._told_until = self.clock.at(real_now + LOOK_AHEAD_S)
        events = shadow.advance(self._told_until)
        self.ahead.emit([(event, real_now + self.clock.real_seconds(event.due - now)) for event in events
                         if event.due > now])

    def _arm_display(self) -> None:
        """Arms the redraw and the bars' next step for what a snapshot of now shows."""
        taken = self.clock()
        snapshot = self.workout.snapshot(taken)
        self._arm_refresh(snapshot, taken)
        self._arm_bars(snapshot)

    def _arm_refresh(self, snapshot, taken: float) -> None:
        """Arms the redraw for the next change of what ``snapshot`` (taken at ``taken`` on the
        clock) shows."""
        self._arm(self.refresh_timer, None if self._ended else next_change(snapshot), taken)

    def _arm_bars(self, snapshot) -> None:
        """The bars step every :func:`next_bar_step` of ``snapshot`` (a repeating timer, started
        anew only when the step changes: a step itself arms nothing)."""
        step = None if self._ended else next_bar_step(snapshot)
        if step is None:
            self.bar_timer.stop()
            return
        interval = max(1, round(self.clock.real_seconds(step) * 1000))
        if not self.bar_timer.isActive() or self.bar_timer.interval() != interval:
            self.bar_timer.start(interval)

    def _arm(self, timer: QTimer, wait: float | None, taken: float) -> None:
        """Starts ``timer`` for ``wait`` seconds (on the workout's clock) after ``taken``."""
        if wait is None:
            timer.stop()
        else:
            wait = max(0.0, wait - (self.clock() - taken))  # the redraw itself took some time
            # Rounded up, plus a millisecond: a redraw a little early would show the old number.
            timer.start(math.ceil(self.clock.real_seconds(wait) * 1000) + 1)

    def state(self) -> str:
        return self.workout.state

    def refresh(self) -> None:
        self.refreshed.emit(self.workout.snapshot(self.clock()))

    def shutdown(self) -> None:
        self.timer.stop()
        self.refresh_timer.stop()
        self.bar_timer.stop()
