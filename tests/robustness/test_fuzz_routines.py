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
