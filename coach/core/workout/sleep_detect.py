"""Noticing that the computer slept, so a driver can pause the workout where it was.

``time.monotonic`` stands still while a Linux or macOS computer is suspended; a suspend-aware
clock (Linux's CLOCK_BOOTTIME) keeps counting. When the second moved much more than the first
between two checks, the computer slept in between. Where no suspend-aware clock exists, the
wall clock stands in for it (with a larger margin, as it can be set by hand or by NTP).

Where the monotonic clock itself counts the sleep (Windows), or when the process was stopped
(Ctrl+Z in a terminal), only a driver that knows how often it checks can tell: give ``max_gap``
and a gap longer than that between two checks counts as sleep too.
"""

from __future__ import annotations

import time
from collections.abc import Callable

#: Gaps below this many seconds are scheduling noise, not sleep.
SLEEP_THRESHOLD = 2.0
#: The wall clock can be corrected a little at any time: ask for a clearer gap.
WALL_CLOCK_THRESHOLD = 10.0


def suspend_aware_clock() -> tuple[Callable[[], float], float]:
    """The best clock that keeps counting during sleep here, and the gap that means "slept"."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        try:
            time.clock_gettime(boottime)
        except OSError:
            pass
        else:
            return (lambda: time.clock_gettime(boottime)), SLEEP_THRESHOLD
    return time.time, WALL_CLOCK_THRESHOLD


class SleepDetector:
    """Call ``check()`` every time the driver wakes; it returns the monotonic time at which the
    computer went to sleep when it slept since the previous check, else None."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic,
                 suspend_aware: Callable[[], float] | None = None,
                 threshold: float | None = None, max_gap: float | None = None) -> None:
        if suspend_aware is None:
            suspend_aware, default_threshold = suspend_aware_clock()
        else:
            default_threshold = SLEEP_THRESHOLD
        self._monotonic = monotonic
        self._suspend_aware = suspend_aware
        self.threshold = default_threshold if threshold is None else threshold
        #: A driver that checks at least this often (seconds) treats a longer gap as sleep.
        self.max_gap = max_gap
        self._last_monotonic = monotonic()
        self._last_suspend_aware = suspend_aware()

    def check(self) -> float | None:
        mono = self._monotonic()
        aware = self._suspend_aware()
        gap = (aware - self._last_suspend_aware) - (mono - self._last_monotonic)
        too_long = self.max_gap is not None and mono - self._last_monotonic > self.max_gap
        slept_at = self._last_monotonic if gap > self.threshold or too_long else None
        self._last_monotonic = mono
        self._last_suspend_aware = aware
        return slept_at
