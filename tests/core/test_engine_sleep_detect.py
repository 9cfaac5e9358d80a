"""Noticing that the computer slept, with both clocks passed in."""

from __future__ import annotations

import time

from coach.core.workout.sleep_detect import SLEEP_THRESHOLD, SleepDetector, suspend_aware_clock


class Clocks:
    """A monotonic clock that stops while "asleep" and a suspend-aware one that does not."""

    def __init__(self) -> None:
        self.mono = 50.0
        self.boot = 900.0

    def awake(self, seconds: float) -> None:
        self.mono += seconds
        self.boot += seconds

    def asleep(self, seconds: float) -> None:
        self.boot += seconds


def test_no_sleep_no_report() -> None:
    c = Clocks()
    d = SleepDetector(lambda: c.mono, lambda: c.boot)
    for _ in range(10):
        c.awake(0.1)
        assert d.check() is None
    c.awake(600)  # a long time without a check is not sleep either
    assert d.check() is None


def test_sleep_is_reported_once_with_the_time_of_the_last_check() -> None:
    c = Clocks()
    d = SleepDetector(lambda: c.mono, lambda: c.boot)
    c.awake(1)
    assert d.check() is None
    last_check = c.mono
    c.awake(0.05)
    c.asleep(3600)
    c.awake(0.05)
    assert d.check() == last_check
    c.awake(0.1)
    assert d.check() is None


def test_gaps_below_the_threshold_are_noise() -> None:
    c = Clocks()
    d = SleepDetector(lambda: c.mono, lambda: c.boot)
    c.asleep(SLEEP_THRESHOLD * 0.9)
    assert d.check() is None
    c.asleep(SLEEP_THRESHOLD * 1.1)
    assert d.check() is not None


def test_the_real_clocks_of_this_computer_see_no_sleep_right_now() -> None:
    clock, threshold = suspend_aware_clock()
    assert threshold > 0 and isinstance(clock(), float)
    d = SleepDetector(time.monotonic)
    assert d.check() is None


def test_a_driver_that_checks_often_treats_a_long_gap_as_sleep() -> None:
    # Windows counts sleep in the monotonic clock, and Ctrl+Z stops a terminal program:
    # both clocks jump together, only the length of the gap tells.
    c = Clocks()
    d = SleepDetector(lambda: c.mono, lambda: c.boot, max_gap=5.0)
    c.awake(0.1)
    assert d.check() is None
    last_check = c.mono
    c.awake(4.9)
    assert d.check() is None
    c.awake(300)
    assert d.check() == last_check + 4.9
    without = SleepDetector(lambda: c.mono, lambda: c.boot)
    c.awake(300)
    assert without.check() is None
