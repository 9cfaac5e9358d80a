"""The Qt driver: one precise timer re-armed to the engine's next deadline, a refresh only while
something on screen moves, the computer's sleep noticed, every event logged."""

from __future__ import annotations

import io
import json
import time

import pytest
from PySide6.QtCore import Qt

from helpers import short_routine

from coach.core.workout.engine import Workout
from coach.core.workout.event_log import EventLog
from coach.core.routines.routine import Exercise, Routine
from coach.core.workout.speed_clock import SpeedClock
from coach.core.workout.timeline import build_timeline
from coach.gui.driver import WorkoutDriver


@pytest.fixture
def driver(qtbot, clock):
    made = WorkoutDriver(Workout(build_timeline(short_routine()), clock), clock)
    yield made
    made.shutdown()


def test_one_precise_single_shot_timer_armed_to_the_next_deadline(driver, clock) -> None:
    driver.start()
    assert driver.timer.isSingleShot() and driver.timer.timerType() == Qt.TimerType.PreciseTimer
    assert driver.timer.isActive() and driver.timer.interval() == 3000  # get ready is 3 s
    clock.tick(2.9996)  # woken a little early: nothing is due, the timer is re-armed for the rest
    driver.wake()
    assert driver.workout.snapshot().kind == "get_ready"
    assert driver.timer.interval() == 1  # 0.4 ms, rounded up: never early
    clock.tick(0.0004)
    driver.wake()
    assert driver.workout.snapshot().part == "up" and driver.timer.interval() == 1000


def test_a_late_wake_up_catches_up_in_order(driver, clock) -> None:
    handled = []
    driver.events_handled.connect(handled.extend)
    driver.start()
    clock.tick(5.5)  # asleep through get ready and a rep and a half
    driver.wake()
    started = [e.phase.part or e.phase.kind for e in handled if e.kind == "phase_started"]
    assert started == ["get_ready", "up", "down", "up"]
    assert driver.armed_for == pytest.approx(1000 + 6.0)


def test_the_display_redraws_when_something_on_it_changes_only_while_running(driver, clock) -> None:
    assert not driver.refresh_timer.isActive() and not driver.bar_timer.isActive()  # idle: nothing runs
    driver.start()
    timer, bars = driver.refresh_timer, driver.bar_timer
    assert timer.isSingleShot() and timer.timerType() == Qt.TimerType.PreciseTimer
    # Get ready is 3 s: its bar steps every 50 ms (3 s / 500, but no more than 20 times a second);
    # the rest of the display changes with the next whole second.
    assert not bars.isSingleShot() and bars.interval() == 50
    assert timer.interval() == 1000 + 1
    clock.tick(0.9995)  # the "2" is due in 0.5 ms: the redraw is armed for it, not 100 ms on
    driver.tick()
    assert timer.interval() == 1 + 1
    assert driver.workout.snapshot().phase_remaining == pytest.approx(2.0005)
    driver.command("pause")
    assert not timer.isActive() and not bars.isActive() and not driver.timer.isActive()
    driver.command("resume")
    assert timer.isActive() and bars.isActive()
    driver.command("stop")
    assert not timer.isActive() and not bars.isActive() and not driver.timer.isActive()


def test_a_bar_step_moves_the_bars_alone(driver, clock) -> None:
    """Between two whole seconds only the bars move: no snapshot is shown anew for them."""
    shown, moved = [], []
    driver.refreshed.connect(shown.append)
    driver.progressed.connect(lambda part, workout: moved.append((part, workout)))
    driver.start()
    shown.clear()
    clock.tick(0.051)
    driver.step_bars()
    assert shown == []
    part, workout = moved[-1]
    assert part == pytest.approx(0.051 / 3)  # of get ready's 3 s
    assert 0 < workout < part
    assert driver.bar_timer.isActive() and driver.bar_timer.interval() == 50  # and again at the next step
    assert driver.refresh_timer.isActive()  # the "2" is still to come
    clock.tick(3.0)  # into the first rep (up 1 s, down 1 s: a 2 s phase): still 20 steps a second
    driver.wake()
    assert driver.bar_timer.interval() == 50


def test_a_long_workout_steps_its_bars_less_often(qtbot, clock) -> None:
    """A step is 1/500 of the part or of the whole workout, whichever is sooner."""
    from coach.core.workout.presentation import next_bar_step

    workout = Workout(build_timeline(Routine(id="r", name="R", get_ready=0, exercises=(
        Exercise(name="Plank", hold=600.0),))), clock)
    made = WorkoutDriver(workout, clock)
    made.start()
    assert next_bar_step(workout.snapshot(clock.now + 0.25)) == pytest.approx(1.2)  # 600 s / 500
    assert made.bar_timer.interval() == 1200
    made.command("pause")
    assert next_bar_step(workout.snapshot()) is None and not made.bar_timer.isActive()
    made.shutdown()


def test_a_long_phase_redraws_at_its_next_whole_second() -> None:
    from coach.core.workout.presentation import next_change

    snap = Workout(build_timeline(Routine(id="r", name="R", get_ready=0, exercises=(
        Exercise(name="Plank", hold=600.0),))), lambda: 0.0)
    snap.start()
    shown = snap.snapshot(0.25)  # 599.75 s left: "600" turns "599" in 0.75 s; the bar steps every 1.2 s
    assert next_change(shown) == pytest.approx(0.75)


def test_a_refused_command_changes_nothing(driver, clock) -> None:
    driver.start()
    before = driver.workout.snapshot()
    assert driver.command("done") == []  # get ready is not a set at your own pace
    assert driver.workout.snapshot() == before


def test_the_computer_slept_pauses_where_it_was(qtbot, clock) -> None:
    slept = []
    workout = Workout(build_timeline(short_routine()), clock)
    made = WorkoutDriver(workout, clock, sleep_check=lambda: slept.pop() if slept else None)
    made.start()
    clock.tick(1.0)
    made.wake()
    # The lid closed at 1.5 s into get ready; monotonic time stood still, then we woke at 600 s.
    slept.append(clock.now + 0.5)
    clock.tick(600)
    made.wake()
    snap = workout.snapshot()
    assert (snap.state, snap.pause_reason, snap.kind) == ("paused", "sleep", "get_ready")
    assert snap.phase_remaining == pytest.approx(1.5)
    assert not made.timer.isActive() and not made.refresh_timer.isActive()
    made.shutdown()


def test_every_event_is_logged_with_due_and_at(qtbot, clock) -> None:
    stream = io.StringIO()
    made = WorkoutDriver(Workout(build_timeline(short_routine()), clock), clock, event_log=EventLog(stream))
    made.start()
    clock.tick(3.25)  # handled 250 ms late
    made.wake()
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines[0]["event"] == "workout_started"
    started = [line for line in lines if line["event"] == "phase_started"]
    assert [line["due"] for line in started] == [1000.0, 1003.0]
    assert [line["at"] for line in started] == [1000.0, 1003.25]
    made.shutdown()


def test_speed_shortens_the_timer_not_the_schedule(qtbot, clock) -> None:
    fast = SpeedClock(10, real=clock)
    made = WorkoutDriver(Workout(build_timeline(short_routine()), fast), fast)
    made.start()
    assert made.timer.interval() == 300  # 3 s of get ready, played ten times faster
    made.shutdown()


def test_the_real_timer_plays_a_tiny_workout_to_its_end(qtbot) -> None:
    routine = Routine(id="tiny", name="Tiny", get_ready=0.1, exercises=(Exercise(name="Bridges", hold=0.15),))
    made = WorkoutDriver(Workout(build_timeline(routine), time.monotonic), time.monotonic)
    with qtbot.waitSignal(made.ended, timeout=5000) as ended:
        made.start()
    record = ended.args[0]
    assert record.outcome == "completed" and record.sets_completed == 1
    assert not made.timer.isActive() and not made.refresh_timer.isActive()


def test_a_sleep_is_noticed_by_the_display_refresh_too(qtbot, clock) -> None:
    slept = []
    workout = Workout(build_timeline(short_routine()), clock)
    made = WorkoutDriver(workout, clock, sleep_check=lambda: slept.pop() if slept else None)
    made.start()
    clock.tick(19)  # into the set at your own pace: no deadline, only the display refresh runs
    made.wake()
    assert workout.snapshot().kind == "self_paced" and made.armed_for is None
    slept.append(clock.now)
    made.tick()
    assert (workout.snapshot().state, workout.snapshot().pause_reason) == ("paused", "sleep")
    made.shutdown()


def test_a_sleep_while_paused_does_not_pause_again_on_resume(qtbot, clock) -> None:
    slept = []
    workout = Workout(build_timeline(short_routine()), clock)
    made = WorkoutDriver(workout, clock, sleep_check=lambda: slept.pop() if slept else None)
    made.start()
    made.command("pause")
    slept.append(clock.now)  # the lid closed while paused
    clock.tick(600)
    made.command("resume")
    made.tick()
    assert workout.snapshot().state == "running"
    made.shutdown()


def test_the_window_logs_when_each_new_countdown_number_is_painted(make_window, qtbot, clock) -> None:
    stream = io.StringIO()
    window = make_window(event_log=EventLog(stream))
    window.session.start_workout(window.routine_view.routine)
    qtbot.waitUntil(lambda: '"countdown_shown"' in stream.getvalue())
    clock.tick(1.0)  # the "2" of get ready is due now: the redraw timer's slot paints it
    window.session.driver.tick()
    window.player.countdown.repaint()
    window.player.countdown.repaint()  # painted twice, noted once
    shown = [json.loads(line) for line in stream.getvalue().splitlines() if '"countdown_shown"' in line]
    assert [(line["text"], line["where"]) for line in shown] == [("3", "player"), ("2", "player")]
    assert shown[-1]["at"] == clock.now and shown[-1]["due"] == pytest.approx(clock.now)  # painted on time
    clock.tick(0.25)
    window.player.countdown.setText("9")  # a number painted 250 ms after its second began
    window.player.countdown.repaint()
    late = json.loads(stream.getvalue().splitlines()[-1])
    assert late["at"] - late["due"] == pytest.approx(0.25)


def test_the_events_to_come_are_told_ahead_without_touching_the_engine(qtbot, clock) -> None:
    workout = Workout(build_timeline(short_routine()), clock)
    made = WorkoutDriver(workout, clock)
    made.look_ahead = True
    told = []
    made.ahead.connect(told.append)
    made.start()
    assert told[-1] == []  # get ready is 3 s: nothing within the next second
    clock.tick(2.5)
    made.tick()
    made.command("pause")
    made.command("resume")  # re-armed: what comes is told again
    ahead = told[-1]
    kinds = [(event.kind, getattr(event, "cue", None)) for event, _ in ahead]
    assert ("phase_started", None) in kinds and ("cue", "tempo") in kinds  # the first "up", 0.5 s on
    due = next(at for event, at in ahead if event.kind == "phase_started")
    assert due == pytest.approx(clock.now + 0.5)  # on the real clock (here the fake one)
    assert workout.snapshot().kind == "get_ready" and made.armed_for == pytest.approx(1003.0)
    assert workout.advance(clock.now) == []  # nothing was handed out by the look ahead
    made.shutdown()


def test_the_event_log_ends_saying_whether_sound_and_voice_were_on(make_window, qtbot, clock) -> None:
    stream = io.StringIO()
    window = make_window(event_log=EventLog(stream))
    window.services.cues.voice_on = False  # as "voice off" in the settings
    window.session.start_workout(window.routine_view.routine)
    window.services.cues.set_muted(True)
    window.session.command("stop")
    last = json.loads(stream.getvalue().splitlines()[-1])
    assert last == {"event": "cues", "due": clock.now, "at": clock.now, "sound": "on",
                    "voice": "off in the settings", "muted": True}


def test_the_bar_steps_are_a_coarse_timer(driver, qtbot) -> None:
    """A coarse timer of 50 ms in a short phase: Qt wakes the window once for it and the other
    coarse timers due within the same few milliseconds."""
    driver.start()
    timer = driver.bar_timer
    assert timer.timerType() == Qt.TimerType.CoarseTimer and timer.interval() == 50
    driver.shutdown()
