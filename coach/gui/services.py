"""What the window and its workouts use from outside: the clocks, sound and voice, the history."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coach.core.history.on_demand import HistoryOnDemand

if TYPE_CHECKING:
    from datetime import tzinfo


@dataclass
class Services:
    """Given to the main window (and by it to the workout session); every part has a default
    that works without it: real time, no sound, no history."""

    #: The workouts' monotonic clock (a SpeedClock for a ``--speed`` preview, a fake in tests).
    clock: Callable[[], float] = time.monotonic
    #: UTC seconds, to date sessions and offers.
    wall_clock: Callable[[], float] = time.time
    #: The user's time zone (None: this computer's), set when the history is opened.
    tz: tzinfo | None = None
    #: Sound and voice (coach/gui/cues.py's CuePlayer); None: silent, or not made yet (make_cues).
    cues: object | None = None
    #: Makes ``cues`` when first needed (see ensure_cues): coach/gui/app.py leaves the sound and
    #: voice player (the sound server, the speech engine, Qt Multimedia) for after the first paint.
    make_cues: Callable[[], object] | None = None
    #: Told the ``cues`` that ensure_cues made (the window listens to their problems).
    cues_made: Callable[[object], None] | None = None
    #: Writes every workout event (``coach run --event-log``).
    event_log: object | None = None
    #: >1 for a ``--speed`` preview: not recorded, no check-ins or suggestions.
    speed: float = 1.0
    #: Returns when the computer went to sleep (on ``clock``), once, after it woke up.
    sleep_check: Callable[[], float | None] | None = None
    #: The history, opened on first use.
    history: HistoryOnDemand = field(default_factory=HistoryOnDemand)
    #: False with ``coach run --no-checkin``: no check-in this time, whatever the setting.
    checkin: bool = True

    @classmethod
    def make(cls, *, history=None, open_history: Callable[[], object] | None = None, **parts) -> Services:
        """Services from keyword parts; ``history`` (a History) or ``open_history`` (opens one)."""
        return cls(history=HistoryOnDemand(history, open_history), **parts)

    def ensure_cues(self) -> object | None:
        """``cues``, made now if they were left for later (``make_cues``): before a workout plays
        and before the settings show the voices, whichever comes before the first paint's end."""
        if self.cues is None and self.make_cues is not None:
            make, self.make_cues = self.make_cues, None
            self.cues = make()
            if self.cues_made is not None:
                self.cues_made(self.cues)
        return self.cues

    @property
    def preview(self) -> bool:
        """A ``--speed`` preview: not a workout, so not recorded and no check-ins or suggestions."""
        return self.speed != 1.0
