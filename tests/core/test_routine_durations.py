"""Durations in every written form, their limits, and how Coach writes them back."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.core.routines.durations import (MAX_SECONDS, SCHEMA_PATTERN, DurationError, format_clock,
                                  format_duration, parse_duration)
from coach.core.routines.routine_format import load_routine_text


@pytest.mark.parametrize("written, seconds", [
    (45, 45.0),
    (2.5, 2.5),
    ("45", 45.0),
    ("45s", 45.0),
    ("2.5s", 2.5),
    (".5s", 0.5),
    ("1m", 60.0),
    ("1m30s", 90.0),
    ("1m 30s", 90.0),
    ("90 s", 90.0),
    ("1.5m", 90.0),
    ("2 min", 120.0),
    ("10 sec", 10.0),
    ("3 seconds", 3.0),
    ("1 minute", 60.0),
    ("1h", 3600.0),
    ("  30s  ", 30.0),
    ("30S", 30.0),
    ("1M30S", 90.0),
])
def test_written_forms(written: object, seconds: float) -> None:
    assert parse_duration(written) == seconds


@pytest.mark.parametrize("written", ["thirty", "", "s", "m", "1x", "30 ss", "1s30m", "-5s", "1:2:3:4",
                                     "5 m s", "1..5s", "5s5s"])
def test_malformed(written: str) -> None:
    with pytest.raises(DurationError, match="must be a duration such as 45s, 2.5s, 1m, 1m30s"):
        parse_duration(written)


@pytest.mark.parametrize("value", [True, False, None, [1], float("nan")])
def test_not_a_duration(value: object) -> None:
    with pytest.raises(DurationError, match="must be a duration"):
        parse_duration(value)


def test_zero_only_where_allowed() -> None:
    assert parse_duration(0, allow_zero=True) == 0.0
    assert parse_duration("0s", allow_zero=True) == 0.0
    with pytest.raises(DurationError, match="must be longer than 0"):
        parse_duration(0)
    with pytest.raises(DurationError, match="must be longer than 0"):
        parse_duration("0s")


def test_negative_numbers() -> None:
    with pytest.raises(DurationError, match="must be longer than 0"):
        parse_duration(-1)
    with pytest.raises(DurationError, match=r"must be 0 or longer \(0 means no pause\)"):
        parse_duration(-1, allow_zero=True)


def test_at_most_one_hour() -> None:
    assert parse_duration(MAX_SECONDS) == 3600.0
    assert parse_duration("60m") == 3600.0
    for too_long in (3600.5, "61m", "1h1s", float("inf")):
        with pytest.raises(DurationError, match="must be at most 1 hour"):
            parse_duration(too_long)


@pytest.mark.parametrize("seconds, text", [
    (0, "0s"), (0.5, "0.5s"), (2.5, "2.5s"), (45, "45s"), (60, "1m"), (90, "1m30s"),
    (3600, "1h"), (3725.25, "1h2m5.25s"), (1.0004, "1s"),
])
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


@given(st.integers(min_value=1, max_value=3_600_000))
def test_format_reads_back(millis: int) -> None:
    seconds = millis / 1000
    assert parse_duration(format_duration(seconds)) == pytest.approx(seconds, abs=0.0005)


@pytest.mark.parametrize("seconds, text", [(0, "0:00"), (75, "1:15"), (600, "10:00"), (3725, "1:02:05")])
def test_format_clock(seconds: float, text: str) -> None:
    assert format_clock(seconds) == text


@pytest.mark.parametrize("written", ["45s", "2.5s", "1m", "1m30s", "90 s", "1.5m", "2 min", "1h", "45"])
def test_schema_pattern_accepts_what_the_checker_accepts(written: str) -> None:
    assert re.match(SCHEMA_PATTERN, written)


@pytest.mark.parametrize("written", ["thirty", "1x", "s5", "", "  ", "m"])
def test_schema_pattern_refuses_malformed(written: str) -> None:
    assert not re.match(SCHEMA_PATTERN, written)


@pytest.mark.parametrize("yaml_value, seconds", [
    ("30", 30.0), ("2.5", 2.5), ("45s", 45.0), ("'45'", 45.0), ("1m30s", 90.0), ("90 s", 90.0),
    ("1:30", 90.0),  # YAML 1.1 reads 1:30 as the number 90 (base 60): the same as a clock
])
def test_in_a_routine(yaml_value: str, seconds: float) -> None:
    text = f"name: T\nexercises:\n  - name: Plank\n    hold: {yaml_value}\n"
    routine, problems = load_routine_text(text, "t.yaml")
    assert problems == []
    assert routine.exercises[0].hold == seconds
