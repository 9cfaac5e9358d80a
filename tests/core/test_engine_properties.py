"""Properties of the workout engine for random routines, wake-up patterns and commands."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.core.workout import cue_table
from coach.core.workout.engine import (
    ENDED_COMPLETED,
    CommandRefused,
    Cue,
    PhaseEnded,
    PhaseStarted,
    SetFinished,
    Workout,
    WorkoutFinished,
    WorkoutStarted,
)
from coach.core.routines.routine import TEMPO_PART_NAMES, Exercise, Routine, TempoPart
from coach.core.workout.timeline import build_timeline


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


# Durations as whole milliseconds turned into seconds, as a routine file gives them.
def seconds(low_ms: int, high_ms: int) -> st.SearchStrategy[float]:
    return st.integers(low_ms, high_ms).map(lambda ms: ms / 1000)


@st.composite
def exercises(draw, self_paced: bool = True) -> Exercise:
    kinds = ["hold", "tempo"] + (["self_paced"] if self_paced else [])
    kind = draw(st.sampled_from(kinds))
    common = {
        "name": draw(st.sampled_from(["Bridges", "Supermans", "Leg lowers", "Cat stretches"])),
        "sets": draw(st.integers(1, 3)),
        "sides": draw(st.sampled_from([None, "each"])),
        "rest_between_sets": draw(st.one_of(st.none(), seconds(0, 12_000))),
    }
    if kind == "hold":
        return Exercise(hold=draw(seconds(1, 25_000)), **common)
    if kind == "tempo":
        names = draw(st.lists(st.sampled_from(TEMPO_PART_NAMES), min_size=1, max_size=3, unique=True))
        tempo = tuple(TempoPart(n, draw(seconds(1, 3_000))) for n in names)
        return Exercise(reps=draw(st.integers(1, 4)), tempo=tempo, **common)
    return Exercise(reps=draw(st.integers(1, 6)), **common)


@st.composite
def routines(draw, self_paced: bool = True) -> Routine:
    return Routine(
        id="random", name="Random",
        exercises=tuple(draw(st.lists(exercises(self_paced), min_size=1, max_size=3))),
        get_ready=draw(seconds(0, 10_000)),
        rest_between_sets=draw(seconds(0, 10_000)),
        rest_between_exercises=draw(seconds(0, 10_000)),
        switch_sides=draw(seconds(0, 6_000)),
    )


START_TIMES = st.sampled_from([0.0, 1000.0, 123456.789, 0.1])
STEPS = st.lists(st.integers(1, 4_000).map(lambda ms: ms / 1000), min_size=1, max_size=60)


def signature(event) -> tuple:
    phase = getattr(event, "phase", None)
    return (event.kind, event.due, phase.index if phase else None, getattr(event, "text", None),
            getattr(event, "reason", None))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(routine=routines(self_paced=False), start=START_TIMES, steps=STEPS)
def test_without_commands_the_finish_is_exactly_the_planned_total(routine, start, steps) -> None:
    timeline = build_timeline(routine)
    clock = Clock(start)
    workout = Workout(timeline, clock)
    events = workout.start()
    last = start
    i = 0
    while not workout.is_over:
        clock.now += steps[i % len(steps)]
        i += 1
        got = workout.advance(clock.now)
        for event in got:
            # due by now, and not due at the previous wake-up (else that one should have had it)
            assert last < event.due <= clock.now
        last = clock.now
        events += got
        deadline = workout.next_deadline()
        assert deadline is None or deadline > clock.now

    finished = [e for e in events if isinstance(e, WorkoutFinished)]
    assert len(finished) == 1 and finished[0] is events[-1]
    assert finished[0].due == start + timeline.total_ms / 1000
    assert [e.phase.index for e in events if isinstance(e, PhaseStarted)] == list(range(len(timeline)))
    assert [e.phase.index for e in events if isinstance(e, PhaseEnded)] == list(range(len(timeline)))
    dues = [e.due for e in events]
    assert dues == sorted(dues)
    # Whatever the wake-ups, the same events: one late call gives exactly the same list.
    other = Workout(timeline, Clock(start))
    one_call = other.start() + other.advance(start + timeline.total_ms / 1000 + 1)
    assert [signature(e) for e in events] == [signature(e) for e in one_call]
    # Every planned cue inside a phase, exactly once, at its planned time.
    planned = sorted(
        (start + (p.start_ms + offset) / 1000, p.index, spec.text)
        for p in timeline.phases for offset, spec in cue_table.in_phase_cues(p)
    )
    inner = [(e.due, e.phase_index, e.text) for e in events
             if isinstance(e, Cue) and e.cue in (cue_table.COUNTDOWN, cue_table.HALFWAY)]
    assert sorted(inner) == planned
    assert len(workout.record.sets) == sum(e.sets * len(e.side_names) for e in routine.exercises)
    assert workout.advance(clock.now + 1000) == []


COMMANDS = ["pause", "resume", "toggle_pause", "next", "previous", "done", "stop", "slept", "snapshot", "wait"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    routine=routines(),
    start=START_TIMES,
    script=st.lists(
        st.tuples(st.integers(0, 8_000).map(lambda ms: ms / 1000), st.sampled_from(COMMANDS)),
        max_size=40,
    ),
)
def test_random_commands_at_random_times(routine, start, script) -> None:
    timeline = build_timeline(routine)
    clock = Clock(start)
    workout = Workout(timeline, clock)
    from_advance: list[list] = []
    events = workout.start()
    moved_by_command = set()  # PhaseStarted events that a command caused

    def note_command(got) -> None:
        for event in got:
            if isinstance(event, PhaseStarted):
                moved_by_command.add(id(event))

    for wait, command in script:
        clock.now += wait
        # Hand out what is due, so that a command's own events can be told apart.
        got = workout.advance(clock.now)
        from_advance.append(got)
        events += got
        check_snapshot(workout, clock.now)
        if command in ("snapshot", "wait"):
            continue
        before = (workout.state, workout.snapshot(clock.now), workout.next_deadline(),
                  copy.deepcopy(workout.record))
        try:
            if command == "slept":
                got = workout.computer_slept(clock.now - wait / 2)
            else:
                got = getattr(workout, command)()
        except CommandRefused:
            after = (workout.state, workout.snapshot(clock.now), workout.next_deadline(), workout.record)
            assert after == before
            continue
        note_command(got)
        events += got
        check_snapshot(workout, clock.now)

    # Play on to the end: resume if paused, "done" on sets at one's own pace.
    guard = 0
    while not workout.is_over:
        guard += 1
        assert guard < 10_000
        if workout.state == "paused":
            got = workout.resume()
        elif workout.next_deadline() is None:
            got = workout.done()
            note_command(got)
        else:
            clock.now = max(clock.now, workout.next_deadline())
            got = workout.advance(clock.now)
        events += got
        check_snapshot(workout, clock.now)

    assert isinstance(events[0], WorkoutStarted)
    assert sum(isinstance(e, WorkoutStarted) for e in events) == 1
    finished = [e for e in events if isinstance(e, WorkoutFinished)]
    assert len(finished) == 1 and finished[0] is events[-1]
    assert workout.record.outcome == finished[0].outcome
    dues = [e.due for e in events]
    assert dues == sorted(dues)

    # Phases: each start is followed by its end; in timeline order except where a command moved.
    current = None
    previous_index = -1
    visit_cues: list[tuple] = []
    for event in events:
        if isinstance(event, PhaseStarted):
            assert current is None
            if id(event) not in moved_by_command:
                assert event.phase.index == previous_index + 1
            current = event.phase
            visit_cues = []
        elif isinstance(event, PhaseEnded):
            assert current is not None and event.phase == current
            expected = [spec.text for _, spec in cue_table.in_phase_cues(current)]
            if event.reason == ENDED_COMPLETED and event.phase.duration_ms is not None:
                # a phase played to its end said each of its inner cues exactly once, in order
                assert visit_cues == expected
            else:  # cut short: the cues said so far, each once
                assert visit_cues == expected[:len(visit_cues)]
            previous_index = event.phase.index
            current = None
        elif isinstance(event, Cue) and event.cue in (cue_table.COUNTDOWN, cue_table.HALFWAY):
            assert current is not None and event.phase_index == current.index
            visit_cues.append(event.text)
    assert current is None

    records = [e.record for e in events if isinstance(e, SetFinished)]
    assert records == workout.record.sets
    for record in records:
        assert record.ended_at >= record.started_at
        assert record.hold_seconds is None or record.hold_seconds >= 0
        assert record.reps is None or record.reps >= 0
    assert workout.advance(clock.now + 1e6) == []


def check_snapshot(workout: Workout, now: float) -> None:
    snap = workout.snapshot(now)
    assert snap.phase_elapsed >= 0
    assert snap.phase_remaining is None or snap.phase_remaining >= 0
    assert snap.workout_remaining >= 0
    assert snap.workout_elapsed >= 0
    assert 0 <= snap.percent <= 100


@settings(max_examples=100, deadline=None)
@given(
    routine=routines(self_paced=False),
    start=START_TIMES,
    pauses=st.lists(st.tuples(st.integers(0, 20_000), st.integers(0, 60_000)), max_size=6),
)
def test_pauses_shift_the_finish_by_the_time_paused(routine, start, pauses) -> None:
    timeline = build_timeline(routine)
    clock = Clock(start)
    workout = Workout(timeline, clock)
    events = workout.start()
    paused_total = 0.0
    for run_ms, pause_ms in pauses:
        clock.now += run_ms / 1000
        events += workout.advance(clock.now)
        if workout.is_over:
            break
        events += workout.pause()
        clock.now += pause_ms / 1000
        assert workout.advance(clock.now) == []
        events += workout.resume()
        paused_total += pause_ms / 1000
    events += workout.advance(clock.now + timeline.total_ms / 1000 + 1)
    finished = [e for e in events if isinstance(e, WorkoutFinished)]
    assert len(finished) == 1
    assert abs(finished[0].due - (start + timeline.total_ms / 1000 + paused_total)) < 1e-6
    assert abs(workout.record.active_seconds - timeline.total_ms / 1000) < 1e-6
    assert [e.phase.index for e in events if isinstance(e, PhaseStarted)] == list(range(len(timeline)))
