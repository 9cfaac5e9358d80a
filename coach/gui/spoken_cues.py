"""The window's side of what is said: the planned sentences handed to the speaker on time.

What is said for each cue, and when, is planned for the whole workout in core
(coach/core/workout/what_is_said.py): each sentence after the tone at its cue and over before the
next tone. Here each cue's sentence is handed to the speaker with those times, counted from the
cue's due moment (so a cue handled a little late is not said late): the voice process says it
after the tone and stops it at the next tone if it still speaks then (a voice slower than
estimated loses the end of a sentence, never a tone). A tone that comes earlier than planned
(next, previous, done) stops the sentence at once.

With ``--event-log``, every sentence is written there as it is heard: ``speech_started``,
``speech_ended``, ``speech_cut`` (stopped before its end) and ``speech_dropped`` (it waited its turn
too long to fit, and was not said), each with ``at`` on the workout's clock, ``due`` when it was
planned to be heard (dropped: its cue's due), ``text``, ``cue``, ``cue_due`` and ``next_tone_due``
(when the next tone was due, which it must not reach; null: none);
tests/bench/bench_speech.py counts the tones they cover.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject

from coach.core.workout.speed_clock import SpeedClock
from coach.core.workout.what_is_said import SpeechPlan, plan_speech, speed_of_rate

#: A sentence is stopped this long before the next tone: what speech-dispatcher takes to go quiet.
STOP_LEAD_S = 0.05


@dataclass
class Told:
    """A sentence handed to the speaker, on the workout's clock."""

    text: str
    cue: str
    cue_due: float
    heard_due: float  # when it was planned to be heard (after the tone at its cue)
    until_due: float | None  # when the next tone is due
    speaking: bool = False


class SpokenCues(QObject):
    """Hands each cue's planned sentence to the speaker, timed; logs what is heard."""

    def __init__(self, speaker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.speaker = speaker
        self.plan: SpeechPlan | None = None
        self.clock: SpeedClock | None = None
        self.event_log = None
        self.rate = 0.0
        self.count_reps = False
        self._timeline = None
        self._told: dict[str, Told] = {}  # the sentences handed over, by their words
        for name, slot in (("speaking", self._started), ("cut", self._cut), ("finished", self._ended),
                           ("dropped", self._dropped), ("shortened", self._shortened)):
            signal = getattr(speaker, name, None)
            if signal is not None:  # a stand-in speaker of the tests may not tell these
                signal.connect(slot)

    def follow(self, timeline, clock, event_log=None) -> None:
        """From now on the cues of ``timeline`` (played on ``clock``) are said as planned."""
        self._timeline = timeline
        self.clock = clock if isinstance(clock, SpeedClock) else SpeedClock(1.0, real=clock)
        self.event_log = event_log
        self._told = {}
        self._plan()

    def configure(self, *, rate: float, count_reps: bool) -> None:
        """The voice's rate and whether reps are counted aloud (the plan follows)."""
        self.rate, self.count_reps = rate, count_reps
        if self._timeline is not None:
            self._plan()

    def _plan(self) -> None:
        self.plan = plan_speech(self._timeline, speed=speed_of_rate(self.rate), count_reps=self.count_reps)

    def say(self, event, words: str) -> None:
        """Says the planned sentence of a cue (``words``: the cue's full sentence)."""
        if self.plan is None or self.clock is None:
            self.speaker.say(words)  # no workout followed: said as it comes
            return
        sentence = self.plan.sentence_for(event.phase_index, event.cue)
        if sentence is None or not sentence.text:
            return
        now = self.clock()
        heard_due = event.due + sentence.delay_ms / 1000
        until_due = None if sentence.room_ms is None else event.due + sentence.room_ms / 1000
        after = self.clock.real_seconds(max(0.0, heard_due - now))
        within = None if until_due is None else self.clock.real_seconds(until_due - now) - STOP_LEAD_S
        self._told[sentence.text] = Told(sentence.text, str(event.cue), event.due, heard_due, until_due)
        self.speaker.say(sentence.text, after_s=after, within_s=within, seconds=sentence.seconds,
                         shorter=sentence.shorter)

    def tone(self, due: float) -> None:
        """A tone sounds at ``due``: a sentence planned to speak past it (a command moved the
        workout) is stopped now."""
        if any(told.speaking and told.until_due is not None and due < told.until_due - 1e-3
               for told in self._told.values()):
            self.speaker.stop()

    # ----- what the voice process tells, into the event log

    def _workout_time(self, at: float) -> float:
        clock = self.clock
        if clock is not None and clock.real is time.monotonic:
            return clock.at(at)
        return clock() if clock is not None else at  # a test's clock: when the window heard of it

    def _log(self, kind: str, due: float, at: float, told: Told) -> None:
        if self.event_log is not None:
            self.event_log.write_line(kind, due, self._workout_time(at), text=told.text, cue=told.cue,
                                      cue_due=told.cue_due, next_tone_due=told.until_due)

    def _matching(self, text: str) -> Told | None:
        return self._told.get(text)

    def _shortened(self, planned: str, said: str) -> None:
        told = self._told.get(planned)
        if told is not None:
            self._told[said] = replace(told, text=said)

    def _started(self, text: str, at: float) -> None:
        told = self._matching(text)
        if told is not None:
            told.speaking = True
            self._log("speech_started", told.heard_due, at, told)

    def _cut(self, text: str, at: float) -> None:
        told = self._matching(text)
        if told is not None:
            self._log("speech_cut", told.heard_due, at, told)

    def _ended(self, text: str, at: float) -> None:
        told = self._matching(text)
        if told is not None:
            if told.speaking:
                self._log("speech_ended", told.heard_due, at, told)
            told.speaking = False

    def _dropped(self, text: str) -> None:
        told = self._matching(text)
        if told is not None:
            self._log("speech_dropped", told.cue_due, time.monotonic(), told)
