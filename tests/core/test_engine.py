"""The workout engine, scenario by scenario, on a fake clock."""

from __future__ import annotations

import copy

import pytest

from coach.core.workout import cue_table
from coach.core.workout.engine import (
    ENDED_COMPLETED,
    ENDED_RESTARTED,
    ENDED_SKIPPED,
    ENDED_STOPPED,
    FINISHED,
    NOT_STARTED,
    PAUSE_SLEEP,
    PAUSE_USER,
    PAUSED,
    RUNNING,
    STOPPED,
    TRANSITIONS,
    CommandRefused,
    Cue,
    Paused,
    PhaseEnded,
    PhaseStarted,
    Resumed,
    SetFinished,
    Workout,
    WorkoutFinished,
    WorkoutStarted,
)
from coach.core.workout.record import COMPLETED, INTERRUPTED, OUTCOME_COMPLETED, OUTCOME_INTERRUPTED, OUTCOME_STOPPED, SKIPPED
from coach.core.routines.routine import Exercise, Routine, TempoPart
from coach.core.workout.timeline import GET_READY, HOLD, REP, REST, SELF_PACED, SWITCH_SIDES, build_timeline

BRIDGES = Exercise("Bridges", sets=2, reps=3, tempo=(TempoPart("up", 2), TempoPart("down", 1.5)))
STRETCH = Exercise("Knee-to-chest stretches", hold=20, sides="each")
SUPERMANS = Exercise("Supermans", reps=5)


def routine(*exercises: Exercise, **settings: float) -> Routine:
    values = {"get_ready": 5.0, "rest_between_sets": 10.0, "rest_between_exercises": 30.0, "switch_sides": 5.0}
    values.update(settings)
    return Routine(id="test", name="Test", exercises=exercises or (BRIDGES, STRETCH, SUPERMANS), **values)


def workout_for(clock, *exercises: Exercise, **settings: float) -> Workout:
    return Workout(build_timeline(routine(*exercises, **settings)), clock)


def phase_starts(events) -> list[int]:
    return [e.phase.index for e in events if isinstance(e, PhaseStarted)]


def cue_texts(events, kind: str | None = None) -> list[str]:
    return [e.text for e in events if isinstance(e, Cue) and (kind is None or e.cue == kind)]


def play_to_the_end(workout: Workout, clock, step: float = 0.25) -> list:
    """Advance in steps; press done on a set at one's own pace after its estimate."""
    events = []
    while not workout.is_over:
        clock.tick(step)
        events += workout.advance(clock())
        snap = workout.snapshot(clock())
        if snap.waiting_for_done and snap.phase_elapsed >= snap.phase.estimate:
            events += workout.done()
    return events


# ------------------------------------------------------------------ playing without commands


def test_a_timed_routine_finishes_exactly_at_its_planned_end(clock) -> None:
    w = workout_for(clock, BRIDGES, STRETCH)
    start = clock()
    events = w.start()
    clock.tick(0.37)
    while not w.is_over:
        events += w.advance(clock())
        clock.tick(0.37)  # a wake-up pattern that never falls on a deadline
    finished = [e for e in events if isinstance(e, WorkoutFinished)]
    assert len(finished) == 1
    assert finished[0].due == start + w.timeline.total_ms / 1000
    assert finished[0].outcome == OUTCOME_COMPLETED
    assert w.state == FINISHED
    assert phase_starts(events) == list(range(len(w.timeline)))
    assert w.record.ended_at == finished[0].due
    assert w.record.outcome == OUTCOME_COMPLETED


def test_phase_boundaries_fall_on_the_planned_offsets(clock) -> None:
    w = workout_for(clock, BRIDGES)
    start = clock()
    events = w.start() + w.advance(start + 10_000)
    for event in events:
        if isinstance(event, PhaseStarted):
            assert event.due == start + event.phase.start_ms / 1000


def test_a_late_wake_up_catches_up_in_order_and_skips_nothing(clock) -> None:
    w1 = workout_for(clock, BRIDGES, STRETCH)
    w1.start()
    one_late_call = w1.advance(clock() + 3600)
    w2 = workout_for(clock, BRIDGES, STRETCH)
    w2.start()
    many_calls = []
    for step in range(1, 4000):
        many_calls += w2.advance(clock() + step * 0.05)
    assert [(type(e), e.due) for e in one_late_call] == [(type(e), e.due) for e in many_calls]
    dues = [e.due for e in one_late_call]
    assert dues == sorted(dues)
    assert isinstance(one_late_call[-1], WorkoutFinished)


def test_advance_returns_only_what_is_due(clock) -> None:
    w = workout_for(clock, STRETCH, get_ready=5)
    start = clock()
    w.start()
    assert w.next_deadline() == start + 2  # the "3" of the get-ready countdown
    assert w.advance(start + 1.999) == []
    events = w.advance(start + 2)
    assert [(type(e), getattr(e, "text", None)) for e in events] == [(Cue, "3")]
    assert w.next_deadline() == start + 3


def test_events_at_a_phase_boundary_come_in_a_fixed_order(clock) -> None:
    w = workout_for(clock, BRIDGES)
    start = clock()
    w.start()
    last_part_of_set_1 = [p for p in w.timeline.phases if p.kind == REP and p.set == 1][-1]
    end = start + (last_part_of_set_1.start_ms + last_part_of_set_1.duration_ms) / 1000
    w.advance(end - 0.001)
    events = w.advance(end)
    assert [type(e) for e in events] == [PhaseEnded, SetFinished, PhaseStarted, Cue]
    assert events[0].reason == ENDED_COMPLETED
    assert events[1].record.status == COMPLETED
    assert events[1].record.reps == 3
    assert events[3].text == "Rest 10 seconds. Next: bridges, set 2 of 2."


def test_every_set_is_recorded_as_it_ends(clock) -> None:
    w = workout_for(clock, BRIDGES, STRETCH, SUPERMANS)
    events = w.start() + play_to_the_end(w, clock)
    finished_sets = [e.record for e in events if isinstance(e, SetFinished)]
    assert finished_sets == w.record.sets
    assert [(s.exercise_name, s.set, s.side, s.reps, s.hold_seconds, s.status) for s in finished_sets] == [
        ("Bridges", 1, None, 3, None, COMPLETED),
        ("Bridges", 2, None, 3, None, COMPLETED),
        ("Knee-to-chest stretches", 1, "left", None, 20.0, COMPLETED),
        ("Knee-to-chest stretches", 1, "right", None, 20.0, COMPLETED),
        ("Supermans", 1, None, 5, None, COMPLETED),
    ]
    left = finished_sets[2]
    assert left.ended_at - left.started_at == pytest.approx(20.0)


# ------------------------------------------------------------------ cues


def test_cues_of_a_whole_workout(clock) -> None:
    w = workout_for(clock, BRIDGES, STRETCH, SUPERMANS)
    events = w.start() + play_to_the_end(w, clock)
    announced = cue_texts(events, cue_table.ANNOUNCE)
    assert announced == [
        "Get ready. First: bridges, set 1 of 2.",
        "Bridges. Set 1 of 2. 3 reps.",
        "Rest 10 seconds. Next: bridges, set 2 of 2.",
        "Bridges. Set 2 of 2. 3 reps.",
        "Rest 30 seconds. Next: knee-to-chest stretches, left side.",
        "Knee-to-chest stretches, left side. Hold 20 seconds.",
        "Switch sides.",
        "Knee-to-chest stretches, right side. Hold 20 seconds.",
        "Rest 30 seconds. Next: supermans.",
        "Supermans. 5 reps.",
    ]
    assert cue_texts(events, cue_table.TEMPO) == ["Up", "Down"] * 6
    assert cue_texts(events, cue_table.LAST_REP) == ["Last rep.", "Last rep."]
    assert cue_texts(events, cue_table.HALFWAY) == ["Halfway.", "Halfway."]
    # get ready, 2 rests, 2 holds, 1 switch, 1 rest: seven 3-2-1 countdowns
    assert cue_texts(events, cue_table.COUNTDOWN) == ["3", "2", "1"] * 7
    assert cue_texts(events, cue_table.COMPLETE) == ["Workout complete."]


def test_countdown_and_halfway_fall_at_the_right_seconds(clock) -> None:
    w = workout_for(clock, Exercise("Plank", hold=30), get_ready=0)
    start = clock()
    events = w.start() + w.advance(start + 100)
    timed = [(e.due - start, e.text) for e in events if isinstance(e, Cue) and e.cue in (cue_table.COUNTDOWN, cue_table.HALFWAY)]
    assert timed == [(15.0, "Halfway."), (27.0, "3"), (28.0, "2"), (29.0, "1")]


def test_last_rep_is_said_before_the_tempo_of_the_last_rep(clock) -> None:
    w = workout_for(clock, BRIDGES)
    events = w.start() + w.advance(clock() + 1000)
    last_rep_index = next(i for i, e in enumerate(events) if isinstance(e, Cue) and e.cue == cue_table.LAST_REP)
    started = events[last_rep_index - 1]
    assert isinstance(started, PhaseStarted) and started.phase.rep == 3 and started.phase.part == "up"
    assert events[last_rep_index + 1].text == "Up"


def test_a_one_part_tempo_counts_the_reps(clock) -> None:
    w = workout_for(clock, Exercise("Pelvic tilts", reps=3, tempo=(TempoPart("rep", 2),)))
    events = w.start() + w.advance(clock() + 100)
    assert [(e.text, e.count) for e in events if isinstance(e, Cue) and e.cue == cue_table.TEMPO] == [
        ("1", 1), ("2", 2), ("3", 3)]


# ------------------------------------------------------------------ pause and resume


def test_pause_and_resume_across_a_phase_boundary_shifts_the_schedule(clock) -> None:
    w = workout_for(clock, STRETCH, get_ready=5)
    start = clock()
    w.start()
    clock.tick(4.5)
    events = w.pause()
    assert [type(e) for e in events] == [Cue, Cue, Cue, Paused]  # 3, 2 caught up, then "1" at 4 s
    assert w.next_deadline() is None
    clock.tick(60)  # far past the planned end of the get-ready
    assert w.advance(clock()) == []
    snap = w.snapshot(clock())
    assert snap.state == PAUSED and snap.pause_reason == PAUSE_USER
    assert snap.kind == GET_READY and snap.phase_remaining == pytest.approx(0.5)
    events = w.resume()
    assert isinstance(events[0], Resumed) and events[0].paused_seconds == pytest.approx(60)
    assert w.next_deadline() == pytest.approx(start + 65)
    events = w.advance(start + 65)
    assert [type(e) for e in events][:2] == [PhaseEnded, PhaseStarted]
    assert events[1].phase.kind == HOLD
    assert w.record.pauses[0].started_at == start + 4.5
    assert w.record.pauses[0].ended_at == start + 64.5
    assert w.record.pauses[0].reason == PAUSE_USER
    events += play_to_the_end(w, clock)
    finished = [e for e in events if isinstance(e, WorkoutFinished)]
    assert finished[0].due == pytest.approx(start + w.timeline.total_ms / 1000 + 60)
    assert w.record.active_seconds == pytest.approx(w.timeline.total_ms / 1000)


def test_toggle_pause_pauses_and_resumes(clock) -> None:
    w = workout_for(clock)
    w.start()
    assert isinstance(w.toggle_pause()[-1], Paused)
    assert w.state == PAUSED
    assert isinstance(w.toggle_pause()[-1], Resumed)
    assert w.state == RUNNING


def test_workout_elapsed_leaves_out_pauses(clock) -> None:
    w = workout_for(clock)
    w.start()
    clock.tick(3)
    w.pause()
    clock.tick(100)
    assert w.snapshot(clock()).workout_elapsed == pytest.approx(3)
    w.resume()
    clock.tick(1)
    w.advance(clock())
    assert w.snapshot(clock()).workout_elapsed == pytest.approx(4)


# ------------------------------------------------------------------ the computer slept


def test_sleep_pauses_where_the_workout_was(clock) -> None:
    w = workout_for(clock, STRETCH, get_ready=5)
    start = clock()
    w.start()
    w.advance(start + 1)
    clock.tick(500)  # woke up long after: the sleep began 1 s into the get-ready
    events = w.computer_slept(start + 1)
    assert [type(e) for e in events] == [Paused]
    assert events[0].reason == PAUSE_SLEEP and events[0].due == start + 1
    snap = w.snapshot(clock())
    assert snap.state == PAUSED and snap.pause_reason == PAUSE_SLEEP
    assert snap.kind == GET_READY and snap.phase_remaining == pytest.approx(4)
    assert w.advance(clock()) == []
    w.resume()
    assert w.next_deadline() == pytest.approx(clock() + 1)  # the "3" of the countdown, not skipped
    assert w.record.pauses[-1].reason == PAUSE_SLEEP


def test_sleep_reported_late_still_gives_the_events_before_the_sleep(clock) -> None:
    w = workout_for(clock, STRETCH, get_ready=5)
    start = clock()
    w.start()
    clock.tick(900)
    events = w.computer_slept(start + 3.5)
    assert [e.text for e in events if isinstance(e, Cue)] == ["3", "2"]
    assert isinstance(events[-1], Paused)


def test_sleep_while_paused_or_over_changes_nothing(clock) -> None:
    w = workout_for(clock)
    assert w.computer_slept(clock()) == []
    assert w.state == NOT_STARTED
    w.start()
    w.pause()
    assert w.computer_slept(clock()) == []
    assert w.snapshot(clock()).pause_reason == PAUSE_USER


# ------------------------------------------------------------------ next, done, previous


def test_next_on_a_set_at_ones_own_pace_records_it_skipped(clock) -> None:
    w = workout_for(clock, SUPERMANS, Exercise("Bridges", reps=2), get_ready=0)
    w.start()
    assert w.next_deadline() is None  # waiting for done
    assert w.snapshot(clock()).waiting_for_done
    clock.tick(4)
    events = w.next()
    assert [type(e) for e in events] == [PhaseEnded, SetFinished, PhaseStarted, Cue]
    assert events[0].reason == ENDED_SKIPPED
    assert events[1].record.status == SKIPPED and events[1].record.reps == 0
    assert events[2].phase.kind == REST


def test_done_ends_a_set_at_ones_own_pace_and_the_schedule_goes_on_from_there(clock) -> None:
    w = workout_for(clock, SUPERMANS, BRIDGES, get_ready=0)
    start = clock()
    w.start()
    clock.tick(40)  # slower than the 15 s estimate
    events = w.done()
    assert events[1].record.status == COMPLETED and events[1].record.reps == 5
    assert events[1].record.started_at == start and events[1].record.ended_at == start + 40
    rest = events[2].phase
    assert rest.kind == REST
    assert w.next_deadline() == start + 40 + rest.duration_ms / 1000 - 3  # its countdown "3"


def test_done_is_refused_outside_a_set_at_ones_own_pace(clock) -> None:
    w = workout_for(clock, BRIDGES)
    w.start()
    with pytest.raises(CommandRefused, match="this is the get-ready countdown"):
        w.done()
    w.next()
    with pytest.raises(CommandRefused, match="cannot mark the set done: only a set done at your own pace waits for done; this is a set with a tempo"):
        w.done()


def test_next_twice_in_a_set_with_a_tempo_skips_the_rest_of_the_set(clock) -> None:
    w = workout_for(clock, BRIDGES, get_ready=0)
    start = clock()
    w.start()
    w.advance(start + 7.5)  # rep 3 started at 7 s
    assert w.snapshot(start + 7.5).rep == 3
    clock.tick(7.5)
    first = w.next()  # ends rep 3's "up" only
    assert [type(e) for e in first] == [PhaseEnded, PhaseStarted, Cue]
    assert (first[1].phase.rep, first[1].phase.part) == (3, "down")
    clock.tick(1.0)
    events = w.next()  # again within 2 s: the rest of the set
    assert [type(e) for e in events][:3] == [PhaseEnded, SetFinished, PhaseStarted]
    record = events[1].record
    assert (record.status, record.reps, record.set) == (SKIPPED, 2, 1)
    assert record.ended_at == clock()  # recorded as it happens
    assert events[2].phase.kind == REST


def test_next_ends_only_the_part_of_a_rep_and_the_set_goes_on(clock) -> None:
    w = workout_for(clock, BRIDGES, get_ready=0)
    w.start()
    clock.tick(0.5)  # rep 1, "up"
    events = w.next()
    assert [type(e) for e in events] == [PhaseEnded, PhaseStarted, Cue]
    assert events[0].reason == ENDED_SKIPPED and events[0].phase.part == "up"
    assert (events[1].phase.rep, events[1].phase.part) == (1, "down")
    assert cue_texts(events) == ["Down"]
    assert w.next_deadline() == clock() + 1.5  # the "down" gets its whole time
    assert w.record.sets == []


def test_next_again_after_two_seconds_ends_only_the_part(clock) -> None:
    w = workout_for(clock, BRIDGES, get_ready=0)
    w.start()
    w.next()  # rep 1 "down"
    clock.tick(1.0)
    w.advance(clock())
    clock.tick(1.1)  # 2.1 s after: rep 2 "up"
    w.advance(clock())
    events = w.next()
    assert (events[1].phase.rep, events[1].phase.part) == (2, "down")
    assert w.record.sets == []


def test_next_twice_from_a_rest_ends_the_rest_and_one_part_not_the_set_after_it(clock) -> None:
    w = workout_for(clock, BRIDGES, get_ready=5)
    w.start()
    first = w.next()  # the get ready
    assert first[1].phase.kind == REP
    clock.tick(0.5)
    second = w.next()  # the first press was not in this set: only the part
    assert (second[1].phase.rep, second[1].phase.part) == (1, "down")


def test_a_set_with_a_part_cut_short_is_recorded_as_skipped_with_every_rep(clock) -> None:
    w = workout_for(clock, BRIDGES, get_ready=0)
    w.start()
    clock.tick(1)
    w.next()  # rep 1 "up" cut short; the set then plays to its end
    clock.tick(20)
    events = w.advance(clock())
    [record] = [e.record for e in events if isinstance(e, SetFinished)][:1]
    assert (record.status, record.reps, record.set) == (SKIPPED, 3, 1)
    # The next set, played in full, is completed.
    clock.tick(20)
    events = w.advance(clock())
    assert [e.record.status for e in events if isinstance(e, SetFinished)] == [COMPLETED]


def test_next_on_the_last_part_of_a_set_ends_it_and_records_it_then(clock) -> None:
    w = workout_for(clock, BRIDGES, get_ready=0)
    start = clock()
    w.start()
    clock.now = start + 3.5 + 3.5 + 2.5  # rep 3 "down"
    w.advance(clock())
    assert (w.snapshot(clock()).rep, w.snapshot(clock()).part) == (3, "down")
    events = w.next()
    assert [type(e) for e in events][:3] == [PhaseEnded, SetFinished, PhaseStarted]
    record = events[1].record
    assert (record.status, record.reps, record.ended_at) == (SKIPPED, 3, clock())
    assert events[2].phase.kind == REST


def test_next_in_a_hold_records_the_seconds_held(clock) -> None:
    w = workout_for(clock, STRETCH, get_ready=0)
    w.start()
    clock.tick(12.5)
    events = w.next()
    assert cue_texts(events, cue_table.HALFWAY) == ["Halfway."]  # due at 10 s: caught up before "next"
    record = events[2].record
    assert (record.status, record.hold_seconds, record.side) == (SKIPPED, 12.5, "left")
    assert events[3].phase.kind == SWITCH_SIDES


def test_next_on_a_rest_moves_on_without_a_set_record(clock) -> None:
    w = workout_for(clock, BRIDGES, get_ready=0)
    start = clock()
    w.start()
    w.advance(start + 11)  # set 1 took 10.5 s; now resting
    assert w.snapshot(start + 11).kind == REST
    clock.tick(11)
    events = w.next()
    assert [type(e) for e in events] == [PhaseEnded, PhaseStarted, Cue, Cue]
    assert events[1].phase.set == 2 and events[1].phase.rep == 1
    assert len(w.record.sets) == 1


def test_next_on_the_last_phase_finishes_once(clock) -> None:
    w = workout_for(clock, SUPERMANS, get_ready=0)
    w.start()
    events = w.next()
    assert [type(e) for e in events][-2:] == [Cue, WorkoutFinished]
    assert events[-1].outcome == OUTCOME_COMPLETED
    assert w.state == FINISHED
    with pytest.raises(CommandRefused):
        w.next()


def test_next_while_paused_stays_paused_and_the_new_phase_waits(clock) -> None:
    w = workout_for(clock, BRIDGES, get_ready=5)
    w.start()
    clock.tick(1)
    w.pause()
    clock.tick(30)
    events = w.next()
    assert events[1].phase.kind == REP
    assert w.state == PAUSED
    assert w.snapshot(clock()).phase_elapsed == 0
    clock.tick(30)
    w.resume()
    assert w.next_deadline() == clock() + 2  # the "up" of rep 1 lasts 2 s from the resume


def test_previous_restarts_the_current_rep(clock) -> None:
    w = workout_for(clock, BRIDGES, get_ready=0)
    start = clock()
    w.start()
    w.advance(start + 6)  # rep 2 "down" (5.5 s .. 7 s)
    assert (w.snapshot(start + 6).rep, w.snapshot(start + 6).part) == (2, "down")
    clock.tick(6)
    events = w.previous()
    assert isinstance(events[0], PhaseEnded) and events[0].reason == ENDED_RESTARTED
    assert (events[1].phase.rep, events[1].phase.part) == (2, "up")
    assert w.next_deadline() == clock() + 2


def test_previous_pressed_twice_goes_back_to_the_previous_set(clock) -> None:
    w = workout_for(clock, BRIDGES, STRETCH, get_ready=0)
    start = clock()
    w.start()
    hold = next(p for p in w.timeline.phases if p.kind == HOLD)
    clock.now = start + hold.start_ms / 1000 + 5
    w.advance(clock())
    assert w.snapshot(clock()).kind == HOLD
    first = w.previous()
    assert first[1].phase.index == hold.index  # restarted the hold
    clock.tick(1.5)
    second = w.previous()
    target = second[1].phase
    assert (target.exercise_name, target.set, target.rep, target.part) == ("Bridges", 2, 1, "up")
    assert second[2].text == "Bridges. Set 2 of 2. 3 reps."
    # the abandoned hold is not recorded; set 2 of bridges will be recorded again when done
    assert [(s.exercise_name, s.set) for s in w.record.sets] == [("Bridges", 1), ("Bridges", 2)]


def test_previous_pressed_again_after_two_seconds_only_restarts(clock) -> None:
    w = workout_for(clock, BRIDGES, STRETCH, get_ready=0)
    hold = next(p for p in w.timeline.phases if p.kind == HOLD)
    w.start()
    clock.tick(hold.start_ms / 1000 + 5)
    w.advance(clock())
    w.previous()
    clock.tick(2.5)
    events = w.previous()
    assert events[1].phase.index == hold.index


def test_previous_from_a_rest_goes_back_to_the_set_just_done(clock) -> None:
    w = workout_for(clock, BRIDGES, get_ready=0)
    start = clock()
    w.start()
    clock.now = start + 12
    w.advance(clock())
    assert w.snapshot(clock()).kind == REST
    w.previous()
    clock.tick(0.5)
    events = w.previous()
    assert (events[1].phase.set, events[1].phase.rep, events[1].phase.part) == (1, 1, "up")


def test_previous_twice_at_the_start_stays_at_the_start(clock) -> None:
    w = workout_for(clock, BRIDGES, get_ready=5)
    w.start()
    clock.tick(1)
    w.previous()
    events = w.previous()
    assert events[1].phase.index == 0


# ------------------------------------------------------------------ stop


def test_stop_in_the_middle_of_a_set_records_what_was_done_as_interrupted(clock) -> None:
    # Interrupted, not skipped: the user did not choose to skip it, and resuming starts at it.
    w = workout_for(clock, BRIDGES, STRETCH, get_ready=0)
    start = clock()
    w.start()
    clock.now = start + 10.5 + 10 + 4  # set 2 of bridges, rep 2 "up"
    events = w.advance(clock()) + w.stop()
    tail = events[-3:]
    assert [type(e) for e in tail] == [PhaseEnded, SetFinished, WorkoutFinished]
    assert tail[0].reason == ENDED_STOPPED
    assert tail[2].outcome == OUTCOME_STOPPED
    assert [(s.set, s.reps, s.status) for s in w.record.sets] == [(1, 3, COMPLETED), (2, 1, INTERRUPTED)]
    assert (w.record.sets_completed, w.record.sets_skipped) == (1, 0)
    assert w.record.sets[-1].started_at == start + 20.5
    assert w.record.outcome == OUTCOME_STOPPED and w.record.ended_at == clock()
    assert w.state == STOPPED and w.next_deadline() is None
    assert w.advance(clock() + 1000) == []
    snap = w.snapshot(clock())
    assert snap.state == STOPPED and snap.phase is None and 0 < snap.percent < 100


def test_stop_while_paused_closes_the_pause(clock) -> None:
    w = workout_for(clock, STRETCH, get_ready=0)
    start = clock()
    w.start()
    clock.tick(7)
    w.pause()
    clock.tick(50)
    w.stop()
    assert w.record.pauses[0].ended_at == start + 57
    assert w.record.sets[0].hold_seconds == 7
    assert w.record.active_seconds == pytest.approx(7)


def test_an_interruption_in_a_hold_records_the_set_interrupted_not_skipped(clock) -> None:
    w = workout_for(clock, STRETCH, get_ready=0)
    w.start()
    clock.tick(20 + 5 + 5)  # left 20 s, switch sides 5 s, then 5 s into the right side's hold
    w.advance(clock())
    w.stop(OUTCOME_INTERRUPTED)
    assert [(s.side, s.status) for s in w.record.sets] == [("left", COMPLETED), ("right", INTERRUPTED)]
    assert w.record.sets[-1].hold_seconds == pytest.approx(5)


def test_a_stop_during_a_rest_records_no_set(clock) -> None:
    w = workout_for(clock, BRIDGES, get_ready=0)
    w.start()
    clock.tick(10.5 + 1)  # in the rest after set 1
    w.advance(clock())
    w.stop()
    assert [(s.set, s.status) for s in w.record.sets] == [(1, COMPLETED)]


# ------------------------------------------------------------------ refused commands


def _state_of(w: Workout, now: float):
    return (w.state, w.snapshot(now), w.next_deadline(), copy.deepcopy(w.record))


@pytest.mark.parametrize(("setup", "command", "message"), [
    ([], "pause", "cannot pause: the workout has not started"),
    ([], "resume", "cannot resume: the workout has not started"),
    ([], "next", "cannot skip ahead: the workout has not started"),
    ([], "previous", "cannot go back: the workout has not started"),
    ([], "done", "cannot mark the set done: the workout has not started"),
    ([], "stop", "cannot stop: the workout has not started"),
    ([], "toggle_pause", "cannot pause or resume: the workout has not started"),
    (["start"], "start", "cannot start: the workout is already running"),
    (["start"], "resume", "cannot resume: the workout is not paused"),
    (["start", "pause"], "pause", "cannot pause: the workout is already paused"),
    (["start", "pause"], "start", "cannot start: the workout is paused"),
    (["start", "stop"], "resume", "cannot resume: the workout was stopped"),
    (["start", "stop"], "stop", "cannot stop: the workout was stopped"),
    (["start", *["next"] * 6], "next", "cannot skip ahead: the workout is finished"),
])
def test_refused_commands_change_nothing(clock, setup, command, message) -> None:
    w = workout_for(clock, BRIDGES, get_ready=5)
    for step in setup:
        getattr(w, step)()
        clock.tick(0.1)
    before = _state_of(w, clock())
    with pytest.raises(CommandRefused) as refused:
        getattr(w, command)()
    assert str(refused.value) == message
    assert _state_of(w, clock()) == before


def test_every_refusal_in_the_table_is_a_state_command_pair_not_listed() -> None:
    states = {s for s, _ in TRANSITIONS} | {FINISHED, STOPPED}
    assert not any((s, c) in TRANSITIONS for s in (FINISHED, STOPPED) for c in ("start", "next", "pause"))
    assert (NOT_STARTED, "start") in TRANSITIONS and len(states) == 5


def test_events_caught_up_before_a_refused_command_are_not_lost(clock) -> None:
    w = workout_for(clock, BRIDGES, get_ready=5)
    start = clock()
    w.start()
    clock.tick(2.5)  # the get-ready's "3" (at 2 s) is due but nobody advanced
    with pytest.raises(CommandRefused):
        w.done()
    assert w.next_deadline() <= clock()  # the driver is asked to come back at once
    events = w.advance(clock())
    assert [(e.text, e.due) for e in events] == [("3", start + 2)]


def test_the_start_events(clock) -> None:
    w = workout_for(clock, BRIDGES)
    events = w.start()
    assert [type(e) for e in events] == [WorkoutStarted, PhaseStarted, Cue]
    assert all(e.due == clock() for e in events)
    assert w.record.started_at == clock()


# ------------------------------------------------------------------ snapshot


def test_snapshot_during_a_rep(clock) -> None:
    w = workout_for(clock, BRIDGES, STRETCH, get_ready=5)
    start = clock()
    w.start()
    now = start + 5 + 3.5 + 0.5  # rep 2, "up", 0.5 s in
    w.advance(now)
    s = w.snapshot(now)
    assert (s.state, s.title, s.exercise_name, s.exercise_index, s.exercise_count) == (
        RUNNING, "Bridges", "Bridges", 0, 2)
    assert (s.set, s.sets, s.rep, s.reps, s.part, s.side) == (1, 2, 2, 3, "up", None)
    assert s.phase_elapsed == pytest.approx(0.5) and s.phase_remaining == pytest.approx(1.5)
    assert s.phase_duration == 2
    assert s.workout_elapsed == pytest.approx(9)
    total = w.timeline.total_ms / 1000
    assert s.workout_remaining == pytest.approx(total - 9)
    assert s.percent == pytest.approx(100 * 9 / total)
    assert (s.upcoming.rep, s.upcoming.part) == (3, "up")  # the next rep of this set
    assert s.exercise_number == 1


def test_snapshot_before_the_start_and_after_the_end(clock) -> None:
    w = workout_for(clock, BRIDGES)
    s = w.snapshot(clock())
    assert (s.state, s.phase_index, s.percent, s.workout_elapsed) == (NOT_STARTED, 0, 0.0, 0.0)
    assert s.workout_remaining == w.timeline.total_ms / 1000
    w.start()
    w.advance(clock() + 1000)
    s = w.snapshot(clock() + 1000)
    assert (s.state, s.phase, s.percent, s.workout_remaining, s.title) == (
        FINISHED, None, 100.0, 0.0, "Workout complete")


def test_snapshot_never_shows_negative_time_when_advance_is_late(clock) -> None:
    w = workout_for(clock, BRIDGES)
    w.start()
    s = w.snapshot(clock() + 7)  # the get-ready ended 2 s ago, nobody advanced yet
    assert s.kind == GET_READY and s.phase_remaining == 0


def test_snapshot_of_a_set_at_ones_own_pace_estimates_the_rest(clock) -> None:
    w = workout_for(clock, SUPERMANS, get_ready=0)
    w.start()
    s = w.snapshot(clock() + 4)
    assert s.kind == SELF_PACED and s.phase_remaining is None and s.waiting_for_done
    assert s.phase_elapsed == 4 and s.workout_remaining == pytest.approx(11)
    s = w.snapshot(clock() + 400)
    assert s.workout_remaining == 0 and s.percent == 100
