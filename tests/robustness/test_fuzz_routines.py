"""Routine documents, valid and mutated, through load, check, plan, engine, save and load again."""

from __future__ import annotations

import pytest

from coach.core.routine_format import load_routine_text

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

    from coach.core.engine import Workout
    from coach.core.timeline import build_timeline

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
