"""The timeline of a routine: every combination of tempo / self-paced / hold, sides, sets and rests."""

from __future__ import annotations

import pytest

from coach.core.routines.routine import Exercise, Routine, TempoPart
from coach.core.routines.routine_format import load_routine_text
from coach.core.workout.timeline import GET_READY, HOLD, REP, REST, SELF_PACED, SWITCH_SIDES, build_timeline


def routine(*exercises: Exercise, get_ready: float = 10, rest_sets: float = 30,
            rest_exercises: float = 30, switch: float = 5) -> Routine:
    return Routine(id="t", name="T", exercises=exercises, get_ready=get_ready,
                   rest_between_sets=rest_sets, rest_between_exercises=rest_exercises,
                   switch_sides=switch)


def rows(r: Routine) -> list[tuple]:
    """(kind, exercise index, set, side, rep, part, duration_ms, start_ms) of every phase."""
    return [(p.kind, p.exercise_index, p.set, p.side, p.rep, p.part, p.duration_ms, p.start_ms)
            for p in build_timeline(r).phases]


TEMPO = (TempoPart("up", 2), TempoPart("down", 1.5))


def test_tempo_one_set_no_sides() -> None:
    r = routine(Exercise("Bridges", reps=2, tempo=TEMPO))
    assert rows(r) == [
        (GET_READY, None, None, None, None, None, 10000, 0),
        (REP, 0, 1, None, 1, "up", 2000, 10000),
        (REP, 0, 1, None, 1, "down", 1500, 12000),
        (REP, 0, 1, None, 2, "up", 2000, 13500),
        (REP, 0, 1, None, 2, "down", 1500, 15500),
    ]
    assert build_timeline(r).total_ms == 17000


def test_tempo_several_sets_with_sides() -> None:
    r = routine(Exercise("Leg lifts", sets=2, reps=1, tempo=(TempoPart("rep", 3),), sides="each"),
                get_ready=0, rest_sets=20, switch=4)
    assert rows(r) == [
        (REP, 0, 1, "left", 1, "rep", 3000, 0),
        (SWITCH_SIDES, 0, 1, "right", None, None, 4000, 3000),
        (REP, 0, 1, "right", 1, "rep", 3000, 7000),
        (REST, 0, 1, None, None, None, 20000, 10000),
        (REP, 0, 2, "left", 1, "rep", 3000, 30000),
        (SWITCH_SIDES, 0, 2, "right", None, None, 4000, 33000),
        (REP, 0, 2, "right", 1, "rep", 3000, 37000),
    ]


def test_self_paced_is_one_phase_per_set_with_an_estimate() -> None:
    r = routine(Exercise("Cat stretches", sets=2, reps=8), get_ready=0, rest_sets=15)
    timeline = build_timeline(r)
    assert rows(r) == [
        (SELF_PACED, 0, 1, None, None, None, None, 0),
        (REST, 0, 1, None, None, None, 15000, 24000),
        (SELF_PACED, 0, 2, None, None, None, None, 39000),
    ]
    assert [p.estimate_ms for p in timeline.phases] == [24000, 15000, 24000]
    assert timeline.phases[0].is_self_paced and timeline.phases[0].duration is None
    assert timeline.total_seconds == 63.0


def test_self_paced_with_sides() -> None:
    r = routine(Exercise("Tilts", reps=4, sides="each"), get_ready=0, switch=5)
    assert rows(r) == [
        (SELF_PACED, 0, 1, "left", None, None, None, 0),
        (SWITCH_SIDES, 0, 1, "right", None, None, 5000, 12000),
        (SELF_PACED, 0, 1, "right", None, None, None, 17000),
    ]


def test_hold_one_set() -> None:
    r = routine(Exercise("Plank", hold=30), get_ready=5)
    assert rows(r) == [(GET_READY, None, None, None, None, None, 5000, 0),
                       (HOLD, 0, 1, None, None, None, 30000, 5000)]


def test_hold_several_sets_with_sides_and_own_rest() -> None:
    r = routine(Exercise("Stretch", sets=2, hold=20, sides="each", rest_between_sets=10), get_ready=0)
    assert rows(r) == [
        (HOLD, 0, 1, "left", None, None, 20000, 0),
        (SWITCH_SIDES, 0, 1, "right", None, None, 5000, 20000),
        (HOLD, 0, 1, "right", None, None, 20000, 25000),
        (REST, 0, 1, None, None, None, 10000, 45000),
        (HOLD, 0, 2, "left", None, None, 20000, 55000),
        (SWITCH_SIDES, 0, 2, "right", None, None, 5000, 75000),
        (HOLD, 0, 2, "right", None, None, 20000, 80000),
    ]


def test_rest_between_exercises_and_none_after_the_last() -> None:
    r = routine(Exercise("A", hold=10), Exercise("B", reps=2), Exercise("C", hold=5), get_ready=0,
                rest_exercises=30)
    kinds = [(k, i) for k, i, *_ in rows(r)]
    assert kinds == [(HOLD, 0), (REST, 0), (SELF_PACED, 1), (REST, 1), (HOLD, 2)]
    rest = build_timeline(r).phases[1]
    assert rest.set == 1 and rest.sets == 1 and rest.exercise_name == "A"


@pytest.mark.parametrize("zero", ["get_ready", "rest_sets", "rest_exercises", "switch"])
def test_zero_pauses_are_left_out(zero: str) -> None:
    values = {"get_ready": 10, "rest_sets": 30, "rest_exercises": 30, "switch": 5, zero: 0}
    r = routine(Exercise("A", sets=2, hold=10, sides="each"), Exercise("B", hold=10), **values)
    kinds = [k for k, *_ in rows(r)]
    left_out = {"get_ready": GET_READY, "rest_sets": REST, "rest_exercises": REST,
                "switch": SWITCH_SIDES}[zero]
    full = [GET_READY, HOLD, SWITCH_SIDES, HOLD, REST, HOLD, SWITCH_SIDES, HOLD, REST, HOLD]
    expected = list(full)
    if zero == "rest_sets":
        expected.pop(4)
    elif zero == "rest_exercises":
        expected.pop(8)
    else:
        expected = [k for k in full if k != left_out]
    assert kinds == expected
    timeline = build_timeline(r)
    assert all(p.estimate_ms > 0 for p in timeline.phases)


def test_all_zero_pauses_leave_only_the_work() -> None:
    r = routine(Exercise("A", sets=3, reps=1, tempo=(TempoPart("rep", 1),), sides="each"),
                Exercise("B", hold=2), get_ready=0, rest_sets=0, rest_exercises=0, switch=0)
    assert [k for k, *_ in rows(r)] == [REP] * 6 + [HOLD]
    assert build_timeline(r).total_ms == 8000


def test_exercise_rest_zero_overrides_routine_rest() -> None:
    r = routine(Exercise("A", sets=2, hold=1, rest_between_sets=0), get_ready=0, rest_sets=30)
    assert [k for k, *_ in rows(r)] == [HOLD, HOLD]


def test_starts_are_the_running_sum_and_fractions_are_exact() -> None:
    r = routine(Exercise("A", reps=3, tempo=(TempoPart("up", 0.1), TempoPart("down", 0.2))),
                get_ready=0.3)
    timeline = build_timeline(r)
    offset = 0
    for phase in timeline.phases:
        assert phase.start_ms == offset
        offset += phase.estimate_ms
    assert timeline.total_ms == offset == 1200
    assert [p.index for p in timeline.phases] == list(range(len(timeline)))


def test_every_phase_knows_its_place() -> None:
    r = routine(Exercise("Lifts", sets=2, reps=2, tempo=TEMPO, sides="each"), get_ready=0)
    for phase in build_timeline(r).phases:
        assert phase.exercise_name == "Lifts" and phase.sets == 2 and phase.reps == 2
        if phase.kind == REP:
            assert phase.side in ("left", "right") and phase.part in ("up", "down")
            assert 1 <= phase.rep <= 2 and 1 <= phase.set <= 2


def test_from_a_file_leg_lowers() -> None:
    text = ("name: Core\nget_ready: 5s\nexercises:\n  - name: Leg lowers\n    reps: 10\n"
            "    tempo: {down: 3s, up: 2s}\n")
    r, problems = load_routine_text(text, "core.yaml")
    assert problems == []
    timeline = build_timeline(r)
    assert len(timeline) == 1 + 10 * 2
    assert [p.part for p in timeline.phases[1:5]] == ["down", "up", "down", "up"]
    assert timeline.total_seconds == 5 + 10 * 5
