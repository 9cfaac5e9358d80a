"""The workout's clock: real monotonic time, or ``speed`` times faster for a ``--speed`` preview.

One place turns real time into workout time and back: the window (coach/gui/app.py and its
driver) and the terminal player both play the engine on a SpeedClock.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class SpeedClock:
    """Call it for the workout time now. At speed 1 it is the real clock itself (no rounding);
    faster, it runs ``speed`` times faster than ``real`` from the moment it is made."""

    def __init__(self, speed: float = 1.0, real: Callable[[], float] = time.monotonic) -> None:
        if not speed > 0:
            raise ValueError(f"the speed must be more than 0, not {speed:g}")
        self.speed = float(speed)
        self.real = real
        self.origin = real()

    def __call__(self) -> float:
        return self.at(self.real())

    def at(self, real: float) -> float:
        """The workout time of a reading of the real clock (when the computer went to sleep, ...)."""
        if self.speed == 1.0:
            return real
        return self.origin + (real - self.origin) * self.speed

    def real_seconds(self, workout_seconds: float) -> float:
        """How long to wait in real time for ``workout_seconds`` of the workout to pass."""
        return workout_seconds / self.speed

    @property
    def is_preview(self) -> bool:
        """A sped-up (or slowed-down) play is a preview, not a workout: nothing of it is recorded."""
        return self.speed != 1.0
