"""Before a workout's clock starts: waiting, a few seconds at most, for the coach's voice to be ready.

speech-dispatcher takes 1.7-5 s to list its voices. A workout asked for sooner (``coach run ROUTINE
--no-checkin`` opens straight into it; a Start pressed right after Coach opened) would have its
first sentence ("Get ready. First: bridges.") said late, shorter, or not at all. So its clock waits
until the voice is ready or has given up, the user does not want to wait (Space, "Start now"), or
``WAIT_LIMIT_S`` has passed, whichever comes first; meanwhile the player shows the workout not yet
started, "Getting the coach's voice ready…". Nothing here waits: the voice loads in its own process
(coach/gui/speaker.py) and says when it is ready; the time limit is a timer.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

#: The longest a workout's clock waits for the voice (speech-dispatcher took up to 5 s here on a
#: loaded machine; the user can start sooner).
WAIT_LIMIT_S = 6.0

#: Why the wait is over (STOPPED: the workout was stopped, or the window closed, before it started).
READY, SKIPPED, TIME_LIMIT, STOPPED = "ready", "skipped", "time limit", "stopped"


class VoiceWait(QObject):
    """Waits for ``cues`` (a CuePlayer) to have a voice, or none: :attr:`over` tells why it ended."""

    #: The wait is over: READY (the voice is ready; or off, and it said why; or muted, or turned off
    #: in the settings), SKIPPED (the user started it), or TIME_LIMIT.
    over = Signal(str)

    def __init__(self, cues, limit_s: float = WAIT_LIMIT_S, *, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cues = cues
        self.limit_s = limit_s
        #: When the wait began, on ``clock`` (the workout's).
        self.began = clock()
        #: Why it ended ("" while it waits).
        self.why = ""
        self._limit = QTimer(self)
        self._limit.setSingleShot(True)
        self._limit.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse one may fire 5 % (0.3 s) late
        self._limit.timeout.connect(lambda: self._end(TIME_LIMIT))
        cues.voices_ready.connect(self._check)  # ready, or given up before it was
        cues.problem_found.connect(self._check)  # given up (or the sound's problem: still loading)
        cues.voice_wanted_changed.connect(self._check)  # muted, or off in the settings: no voice to wait for
        self._limit.start(max(0, round(limit_s * 1000)))

    @staticmethod
    def needed(cues) -> bool:
        """The voice is on (and not muted) but still loading."""
        return cues is not None and cues.voice_loading()

    @property
    def waiting(self) -> bool:
        return not self.why

    def skip(self) -> None:
        """The user starts now."""
        self._end(SKIPPED)

    def close(self) -> None:
        """No more waiting, and no more news of it (why: STOPPED, unless it was over already)."""
        if not self.why:
            self.why = STOPPED
            self._limit.stop()
            self._disconnect()
        self.deleteLater()

    def _check(self, *_) -> None:
        if not self.cues.voice_loading():
            self._end(READY)

    def _end(self, why: str) -> None:
        if self.why:
            return
        self.why = why
        self._limit.stop()
        self._disconnect()
        self.over.emit(why)

    def _disconnect(self) -> None:
        for signal in (self.cues.voices_ready, self.cues.problem_found, self.cues.voice_wanted_changed):
            signal.disconnect(self._check)
