"""Routine documents, valid and mutated, through load, check, plan, engine, save and load again."""

from __future__ import annotations

import pytest

from coach.core.routines.routine_format import load_routine_text

BASE = "name: x\nexercises:\n  - name: a\n    {key}: {value}\n"


@pytest.mark.parametrize("value", ["9" * 4301, "9" * 5000, "-" + "9" * 5000])
def test_a_whole_number_too_long_for_python_is_a_problem_not_a_crash(value: str) -> None:
    # Python refuses int() of more than 4300 digits with a ValueError that escaped the loader.
    routine, problems = load_routine_text(BASE.format(key="reps", value=value), "long.yaml")
    assert routine is None
    assert [(p.line, p.column) for p in problems if p.is_error] == [(4, 11)]
    assert "'reps'" in problems[0].message


@pytest.mark.parametrize("value", ["9" * 400, "-" + "9" * 400, "0b" + "1" * 2000, "0x" + "f" * 1000])
def test_a_huge_whole_number_of_seconds_is_out_of_range_not_a_crash(value: str) -> None:
    # float() of such a number raised OverflowError inside the duration check.
    routine, problems = load_routine_text(BASE.format(key="hold", value=value), "huge.yaml")
    assert routine is None
    errors = [p for p in problems if p.is_error]
    assert [(p.line, p.column) for p in errors] == [(4, 11)]
    assert "'hold' must be" in errors[0].message


def test_a_long_set_is_prepared_in_linear_time() -> None:
    # The next-up line of every phase scanned its whole set again: a set of 1000 reps of a
    # four-part tempo on both sides took minutes to start. 16,000 steps now take well under 1 s.
    import time

    from coach.core.workout.engine import Workout
    from coach.core.workout.timeline import build_timeline

    text = ("name: long\nexercises:\n  - name: e\n    sets: 2\n    reps: 1000\n    sides: each\n"
            "    tempo: {up: 1, hold: 1, down: 1, pause: 1}\n")
    routine, problems = load_routine_text(text, "long.yaml")
    assert problems == []
    timeline = build_timeline(routine)
    assert len(timeline) > 16_000
    started = time.process_time()
    workout = Workout(timeline, lambda: 0.0)
    assert time.process_time() - started < 1.0
    snapshot = workout.snapshot(0.0)
    assert snapshot is not None


def test_a_routine_too_long_to_plan_is_a_problem_at_its_exercises() -> None:
    # Each key within its bounds, but 800,200 steps: planning took minutes and gigabytes.
    text = ("name: huge\nexercises:\n  - name: e\n    sets: 100\n    reps: 1000\n    sides: each\n"
            "    tempo: {up: 1, hold: 1, down: 1, pause: 1}\n")
    routine, problems = load_routine_text(text, "huge.yaml")
    assert routine is None
    assert [(p.line, p.column) for p in problems] == [(2, 1)]
    assert "at most 20,000" in problems[0].message and "'reps'" in problems[0].message


# --- property-based: any document, valid or mutated ---------------------------------------------

from pathlib import Path  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from strategies import examples, mutated_routine_text, playable_routines, routines, yaml_lines  # noqa: E402

from coach.core.workout.engine import FINISHED, Workout  # noqa: E402
from coach.core.routines.routine import Routine  # noqa: E402
from coach.core.routines.routine_format import load_routine_file  # noqa: E402
from coach.core.routines.routine_writer import routine_to_yaml, save_routine  # noqa: E402
from coach.core.workout.timeline import build_timeline  # noqa: E402

NAME = "fuzz.yaml"


def _check_problems(problems: list, data: str | bytes) -> None:
    lines = yaml_lines(data)
    for problem in problems:
        assert problem.file == NAME and problem.message.strip()
        assert problem.severity in ("error", "warning")
        assert str(problem).startswith(NAME)
        if problem.line is not None:
            assert 1 <= problem.line <= lines, problem
            assert problem.column is not None and problem.column >= 1


def _play(routine: Routine) -> None:
    """Plays the whole routine on a fake clock, pressing 'done' on sets at the user's own pace."""
    timeline = build_timeline(routine)
    now = [0.0]
    workout = Workout(timeline, lambda: now[0])
    workout.start()
    for _ in range(10 * len(timeline) + 10):  # a phase has at most a few cues inside
        if workout.is_over:
            break
        deadline = workout.next_deadline()
        if deadline is None:
            workout.done()
        else:
            now[0] = deadline
            workout.advance(deadline)
        snapshot = workout.snapshot(now[0])
        assert snapshot.phase_remaining is None or snapshot.phase_remaining >= 0
        assert snapshot.workout_remaining >= 0
    assert workout.state == FINISHED
    sides = sum(e.sets * (2 if e.sides else 1) for e in routine.exercises)
    assert len(workout.record.sets) == sides
    assert all(s.status == "completed" for s in workout.record.sets)


def _through_everything(data: str | bytes, folder: Path) -> Routine | None:
    """Load, check, plan, play, save and load again: a routine or a clear problem report."""
    routine, problems = load_routine_text(data, NAME)
    _check_problems(problems, data)
    errors = [p for p in problems if p.is_error]
    if routine is None:
        assert errors, "no routine and no error"
        return None
    assert not errors
    _play(routine)
    path = folder / f"{routine.id}.yaml"
    save_routine(routine, path)
    again, again_problems = load_routine_file(path)
    assert [p for p in again_problems if p.is_error] == []
    assert again == routine
    assert routine_to_yaml(again) == routine_to_yaml(routine)
    return routine


@pytest.mark.slow
@settings(max_examples=examples(4))
@given(routine=playable_routines())
def test_a_valid_routine_goes_through_everything_and_saves_back_the_same(routine: Routine,
                                                                           tmp_path_factory) -> None:
    folder = tmp_path_factory.mktemp("valid")
    loaded = _through_everything(routine_to_yaml(routine), folder)
    assert loaded == routine


@pytest.mark.slow
@settings(max_examples=examples(3))
@given(routine=routines)
def test_any_routine_the_format_allows_loads_back_the_same(routine: Routine, tmp_path_factory) -> None:
    text = routine_to_yaml(routine)
    loaded, problems = load_routine_text(text, NAME)
    assert [p for p in problems if p.is_error] == []
    assert loaded == routine
    assert len(build_timeline(loaded)) <= 20_000 + 2


@pytest.mark.slow
@settings(max_examples=examples(8))
@given(data=mutated_routine_text())
def test_a_mutated_routine_gives_a_routine_or_a_clear_problem(data: str | bytes, tmp_path_factory) -> None:
    _through_everything(data, tmp_path_factory.mktemp("mutated"))
