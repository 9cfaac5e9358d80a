"""The one speed clock: workout time from real time, and real waits from workout time."""

import pytest

from coach.core.workout.speed_clock import SpeedClock


def test_at_speed_one_it_is_the_real_clock_itself(clock) -> None:
    played = SpeedClock(1.0, real=clock)
    clock.tick(12.345678)
    assert played() == clock() and played.real_seconds(3.0) == 3.0 and not played.is_preview


def test_faster_it_runs_from_the_moment_it_is_made(clock) -> None:
    clock.tick(100)  # real time before the preview started does not count ten times
    played = SpeedClock(10, real=clock)
    start = played()
    clock.tick(0.3)
    assert played() - start == pytest.approx(3.0)
    assert played.at(clock() + 1) - start == pytest.approx(13.0)  # a reading taken elsewhere
    assert played.real_seconds(3.0) == pytest.approx(0.3) and played.is_preview


@pytest.mark.parametrize("speed", [0, -2])
def test_a_speed_must_be_more_than_zero(speed, clock) -> None:
    with pytest.raises(ValueError, match="more than 0"):
        SpeedClock(speed, real=clock)
