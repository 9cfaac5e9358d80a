"""Sound and voice: turns engine events into tones (a ToneStream, coach/gui/tone_stream.py) and speech.

Neither may hold up the window: both are prepared when a workout is asked for (before its clock
starts), not on the first cue, and the voice, which takes seconds to load, already right after the
window's first paint; the sound server is first asked for its devices in a helper thread
(coach/gui/tone_stream.py), and the voice runs in a process of its own (coach/gui/speaker.py), both
with a time limit. Without an audio device or a speech engine the workout simply runs with its
visual cues, and ``problem_found`` says why, in plain words (coach/gui/cue_messages.py).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from coach.core.workout.kinds import CueKind, EventKind, PhaseKind
from coach.gui.speaker import Speaker
from coach.gui.spoken_cues import SpokenCues

__all__ = ["CuePlayer", "Speaker", "SOUND_NAMES"]

SOUND_NAMES = ("tick", "go", "up", "hold", "down", "rest", "complete")

#: The tone that starts each kind of phase (rep phases get their tone from the tempo cue).
PHASE_SOUNDS = {PhaseKind.HOLD: "go", PhaseKind.SELF_PACED: "go", PhaseKind.REST: "rest",
                PhaseKind.SWITCH_SIDES: "rest"}
#: The tone of each tempo part.
TEMPO_SOUNDS = {"up": "up", "down": "down", "hold": "hold", "pause": "hold", "rep": "tick"}


def tone_for(event) -> str | None:
    """The tone an engine event brings (None: none)."""
    if event.kind == EventKind.PHASE_STARTED:
        return PHASE_SOUNDS.get(event.phase.kind)
    if event.kind != EventKind.CUE:
        return None
    if event.cue == CueKind.TEMPO:
        return TEMPO_SOUNDS.get(event.text.lower(), "tick")
    return {CueKind.COUNTDOWN: "tick", CueKind.COMPLETE: "complete"}.get(event.cue)


class CuePlayer(QObject):
    """Decides what is heard for each engine event, following the user's settings."""

    #: Sound or voice does not work (off for this session): the reason, a plain sentence.
    problem_found = Signal(str)
    #: The speech engine's voices are known: their names, and why there are none ("" if fine).
    voices_ready = Signal(list, str)
    #: The voice was muted, or turned off or on in the settings (see :meth:`voice_loading`).
    voice_wanted_changed = Signal()

    def __init__(self, settings, sound_sink=None, speaker: Speaker | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        if sound_sink is None:
            from coach.gui.tone_stream import ToneStream

            sound_sink = ToneStream(parent=self)
        self.sound = sound_sink
        #: The sound can be told the tones to come (a ToneStream): the driver then tells them.
        self.plans_ahead = hasattr(sound_sink, "schedule")
        #: When each event told ahead is due on the sound's clock, by (kind, due).
        self._ahead: dict[tuple[str, float], float] = {}
        self.speaker = speaker if speaker is not None else Speaker(parent=self)
        #: What is said, as planned for the workout (coach/gui/spoken_cues.py).
        self.spoken = SpokenCues(self.speaker, parent=self)
        self.sound.problem_found.connect(self.problem_found)
        self.speaker.problem_found.connect(self.problem_found)
        self.speaker.voices_ready.connect(lambda names: self.voices_ready.emit(names, self.speaker.problem()))
        self.muted = False
        #: The workout is paused: nothing is heard until it goes on.
        self.paused = False
        self._phase = None
        self._counted: tuple | None = None
        self.voice_on = False
        self.apply_settings(settings)

    def apply_settings(self, settings) -> None:
        self.sound_on = settings.get("sound/enabled")
        self.volume = settings.get("sound/volume") / 100
        voice_was_on, self.voice_on = self.voice_on, settings.get("voice/enabled")
        self.count_reps = settings.get("voice/count_reps")
        self.speaker.configure(voice=settings.get("voice/name"), rate=settings.speech_rate,
                               volume=max(0.2, self.volume))
        self.spoken.configure(rate=settings.speech_rate, count_reps=self.count_reps)
        if voice_was_on != self.voice_on:
            self.voice_wanted_changed.emit()

    def follow(self, timeline, clock, event_log=None) -> None:
        """The workout about to start: its sentences are planned to leave every tone heard."""
        self.spoken.follow(timeline, clock, event_log)

    def prepare(self) -> None:
        """Gets sound and voice ready before a workout starts (each once; never waits for them)."""
        if self.sound_on:
            self.sound.prepare()
        if self.voice_on:
            self.speaker.start()

    def warm_up(self) -> None:
        """Coach is up (its window painted): the voice, if it is on, starts loading now, in its own
        process, so that it is ready for the first sentence of a workout started soon after
        (speech-dispatcher takes 2-5 s to list its 1,530 voices)."""
        if self.voice_on:
            self.speaker.start()

    def load_voices(self) -> None:
        """Asks the speech engine for its voices (answered by :attr:`voices_ready`)."""
        self.speaker.start()

    def problems(self) -> list[str]:
        """What does not work of what the settings ask for, one sentence each."""
        found = [self.sound.problem() if self.sound_on else "", self.voice_problem() if self.voice_on else ""]
        return [problem for problem in found if problem]

    def in_effect(self) -> dict:
        """Whether sound and voice were on, in words ("on", "off in the settings", "off: why"):
        the event log ends with it, so a timing report says what was playing."""
        def word(on: bool, problem: str) -> str:
            return "off in the settings" if not on else f"off: {problem}" if problem else "on"

        return {"sound": word(self.sound_on, self.sound.problem()),
                "voice": word(self.voice_on, self.voice_problem()), "muted": self.muted}

    def shutdown(self) -> None:
        """The window is closing: the voice process ends now, and the sound stream's thread."""
        self.speaker.shutdown()
        end_sound = getattr(self.sound, "shutdown", None)
        if end_sound is not None:
            end_sound()

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        if muted:
            self.speaker.stop()
            if self.plans_ahead:
                self.sound.schedule([], self.volume)
        self.voice_wanted_changed.emit()

    def plan(self, ahead: list) -> None:
        """The events to come, as (event, due on the sound's clock): their tones are told ahead,
        in place of those told before (a command may have changed what comes)."""
        if not self.plans_ahead:
            return
        self._ahead = {(event.kind, event.due): at for event, at in ahead}
        tones = []
        if self.sound_on and not self.muted:
            tones = [(at, tone) for event, at in ahead if (tone := tone_for(event))]
        self.sound.schedule(tones, self.volume)

    def _follow(self, event) -> None:
        """The sound stream is open while a workout plays, and rests while it is paused."""
        kind = event.kind
        if kind == EventKind.WORKOUT_STARTED and self.sound_on:
            self.sound.open()
        elif kind == EventKind.PAUSED:
            self.sound.pause()
        elif kind == EventKind.RESUMED:
            self.sound.resume()
        elif kind == EventKind.WORKOUT_FINISHED:
            self.sound.finish()

    def _pause_or_go_on(self, event) -> None:
        """A paused workout is silent: the voice stops at the pause, and what happens while it
        is paused (next, previous) is not heard then, nor replayed when it goes on."""
        kind = event.kind
        if kind == EventKind.PAUSED:
            self.paused = True
            self.speaker.stop()
        elif kind in (EventKind.RESUMED, EventKind.WORKOUT_STARTED, EventKind.WORKOUT_FINISHED):
            self.paused = False

    def handle(self, events: list) -> None:
        for event in events:
            if self.plans_ahead:
                self._follow(event)
            self._pause_or_go_on(event)
            sound, words = self.cue_for(event)
            if self.muted or self.paused:
                continue
            if sound and self.sound_on:
                due = self._ahead.get((event.kind, event.due)) if self.plans_ahead else None
                if due is None:
                    self.sound.play(sound, self.volume)
                else:
                    self.sound.play(sound, self.volume, due=due)
            if sound and self.voice_on:
                self.spoken.tone(event.due)
            if words and self.voice_on:
                self.spoken.say(event, words)

    def cue_for(self, event) -> tuple[str | None, str | None]:
        """(tone, sentence) for one engine event; either may be None."""
        if event.kind == EventKind.PHASE_STARTED:
            self._phase = event.phase
            return tone_for(event), None
        if event.kind != EventKind.CUE:
            return None, None
        if event.cue == CueKind.TEMPO:
            return tone_for(event), self._rep_count()
        if event.cue == CueKind.COUNTDOWN:
            return "tick", None
        return tone_for(event), event.text  # announce, complete, halfway, last rep

    def _rep_count(self) -> str | None:
        """The rep number, said once per rep (at its first tempo part) when counting aloud."""
        phase = self._phase
        if not self.count_reps or phase is None or phase.rep is None:
            return None
        key = (phase.exercise_index, phase.set, phase.side, phase.rep)
        if key == self._counted:
            return None
        self._counted = key
        return str(phase.rep)

    def voice_names(self) -> list[str]:
        """The engine's voices; [] while they are loading (see :meth:`voices_loading`)."""
        return self.speaker.voice_names()

    def voices_loading(self) -> bool:
        """True until the speech engine has said which voices it has (or that it has none)."""
        return self.speaker.voices_loading()

    def voice_loading(self) -> bool:
        """The voice is on (and not muted) but not ready yet: a workout's clock waits for it
        (coach/gui/voice_wait.py); it says when it is ready with :attr:`voices_ready`, or that it
        gave up with :attr:`problem_found`."""
        return self.voice_on and not self.muted and self.speaker.voices_loading()

    def voice_problem(self) -> str:
        return self.speaker.problem()

    def sound_problem(self) -> str:
        return self.sound.problem()
