"""Starting a workout at a given phase (resuming an interrupted session)."""

from __future__ import annotations

import pytest

from coach.core.workout.engine import Cue, PhaseStarted, SetFinished, Workout
from coach.core.workout.record import OUTCOME_COMPLETED
from coach.core.routines.routine import Exercise, Routine, TempoPart
from coach.core.workout.timeline import HOLD, REP, build_timeline

BRIDGES = Exercise("Bridges", sets=2, reps=3, tempo=(TempoPart("up", 2), TempoPart("down", 1.5)))
STRETCH = Exercise("Knee-to-chest stretches", hold=20, sides="each")
ROUTINE = Routine(id="test", name="Test", exercises=(BRIDGES, STRETCH), get_ready=5.0, rest_between_sets=10.0,
                  rest_between_exercises=30.0, switch_sides=5.0)


def first_phase_of(timeline, exercise_index: int, set_number: int) -> int:
    return next(p.index for p in timeline.phases
                if p.exercise_index == exercise_index and p.set == set_number and p.kind in (REP, HOLD))


def play(workout: Workout, clock, step: float = 0.5) -> list:
    events = []
    while not workout.is_over:
        events += workout.advance(clock.tick(step))
    return events


def test_starting_at_a_phase_plays_nothing_before_it(clock) -> None:
    timeline = build_timeline(ROUTINE)
    at = first_phase_of(timeline, 0, 2)
    workout = Workout(timeline, clock)
    events = workout.start(at_phase=at)
    started = [e.phase.index for e in events if isinstance(e, PhaseStarted)]
    assert started == [at]
    # The first cue is the one of the set resumed, none of the get-ready or set 1.
    cues = [e for e in events if isinstance(e, Cue)]
    assert cues and {c.phase_index for c in cues} == {at}
    events += play(workout, clock)
    assert all(e.phase.index >= at for e in events if isinstance(e, PhaseStarted))
    assert all(c.phase_index is None or c.phase_index >= at for c in events if isinstance(c, Cue))
    sets = [(e.record.exercise_index, e.record.set, e.record.side) for e in events if isinstance(e, SetFinished)]
    assert sets == [(0, 2, None), (1, 1, "left"), (1, 1, "right")]
    assert workout.record.outcome == OUTCOME_COMPLETED


def test_the_remaining_time_and_the_end_count_from_the_phase_started_at(clock) -> None:
    timeline = build_timeline(ROUTINE)
    at = first_phase_of(timeline, 1, 1)
    left_ms = timeline.total_ms - timeline.phases[at].start_ms
    workout = Workout(timeline, clock)
    begin = clock()
    workout.start(at_phase=at)
    snap = workout.snapshot(clock())
    assert snap.workout_remaining == pytest.approx(left_ms / 1000)
    assert snap.workout_elapsed == 0.0
    assert snap.phase_index == at
    clock.tick(3)
    assert workout.snapshot(clock()).workout_remaining == pytest.approx(left_ms / 1000 - 3)
    play(workout, clock, step=0.25)
    # Timed phases only: the workout ends exactly the remaining planned time after the start.
    assert workout.record.ended_at == pytest.approx(begin + left_ms / 1000)


def test_a_phase_out_of_range_is_refused_without_starting(clock) -> None:
    timeline = build_timeline(ROUTINE)
    workout = Workout(timeline, clock)
    with pytest.raises(ValueError):
        workout.start(at_phase=len(timeline.phases))
    assert workout.state == "not_started" or workout.record.started_at is None
    assert workout.start(at_phase=0)[0].kind == "workout_started"
