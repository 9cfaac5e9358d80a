"""Sound and voice: turns engine events into short tones (QSoundEffect) and speech (QTextToSpeech).

Both parts of Qt are loaded on the first cue, not at startup, and both degrade: without an audio
device or a speech engine the workout simply runs with its visual cues, and ``*_problem()`` says why.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl

from coach.core.paths import resources_dir

SOUND_NAMES = ("tick", "go", "up", "hold", "down", "rest", "complete")

#: The tone that starts each kind of phase (rep phases get their tone from the tempo cue).
PHASE_SOUNDS = {"hold": "go", "self_paced": "go", "rest": "rest", "switch_sides": "rest"}
#: The tone of each tempo part.
TEMPO_SOUNDS = {"up": "up", "down": "down", "hold": "hold", "pause": "hold", "rep": "tick"}


class QtSoundSink:
    """Plays the WAV files in resources/sounds with QSoundEffect (low latency, made for cues)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else resources_dir() / "sounds"
        self._effects: dict[str, object] | None = None
        self._problem = ""

    def _load(self) -> None:
        self._effects = {}
        try:
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
        except ImportError as exc:
            self._problem = f"no sound: Qt Multimedia could not be loaded ({exc})"
            return
        if not QMediaDevices.audioOutputs():
            self._problem = ("no sound: no audio output device was found (is a sound server such as "
                             "PipeWire or PulseAudio running?); workouts show visual cues only")
            return
        for name in SOUND_NAMES:
            path = self.folder / f"{name}.wav"
            if not path.is_file():
                self._problem = f"no sound: {path} is missing"
                continue
            effect = QSoundEffect()
            effect.setSource(QUrl.fromLocalFile(str(path)))
            self._effects[name] = effect

    def play(self, name: str, volume: float) -> None:
        if self._effects is None:
            self._load()
        effect = self._effects.get(name)
        if effect is not None:
            effect.setVolume(volume)
            effect.play()

    def problem(self) -> str:
        if self._effects is None:
            self._load()
        return self._problem


class Speaker(QObject):
    """Speaks one sentence at a time; a newer sentence replaces one still waiting its turn."""

    def __init__(self, engine: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self._tts = None
        self._problem = ""
        self._loaded = False
        self.pending: str | None = None
        #: Every sentence handed to the speech engine, in order.
        self.spoken: list[str] = []
        self.voice = ""
        self.rate = 0.0
        self.volume = 1.0

    def _load(self) -> None:
        self._loaded = True
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as exc:
            self._problem = f"no voice: Qt TextToSpeech could not be loaded ({exc})"
            return
        engines = QTextToSpeech.availableEngines()
        engine = self.engine or next((e for e in engines if e != "mock"), None)
        if engine is None or engine not in engines:
            self._problem = ("no voice: Qt found no speech engine; install 'speech-dispatcher' "
                             "(Debian/Ubuntu) to hear the cues spoken")
            return
        tts = QTextToSpeech(engine, self)
        if tts.state() == QTextToSpeech.State.Error:
            self._problem = (f"no voice: the speech engine '{engine}' does not work "
                             f"({tts.errorString() or 'it failed to start'}); install and start "
                             "'speech-dispatcher' to hear the cues spoken")
            return
        self._tts = tts
        tts.stateChanged.connect(self._on_state)
        self._apply()

    def _apply(self) -> None:
        if self._tts is None:
            return
        self._tts.setRate(self.rate)
        self._tts.setVolume(self.volume)
        if self.voice:
            for voice in self._tts.availableVoices():
                if voice.name() == self.voice:
                    self._tts.setVoice(voice)
                    break

    def configure(self, *, voice: str, rate: float, volume: float) -> None:
        self.voice, self.rate, self.volume = voice, rate, volume
        self._apply()

    def say(self, text: str) -> None:
        if not self._loaded:
            self._load()
        if self._tts is None:
            return
        from PySide6.QtTextToSpeech import QTextToSpeech

        if self._tts.state() in (QTextToSpeech.State.Speaking, QTextToSpeech.State.Synthesizing):
            self.pending = text  # never talk over ourselves; the latest news wins
            return
        self.pending = None
        self.spoken.append(text)
        self._tts.say(text)

    def _on_state(self, state) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if state == QTextToSpeech.State.Ready and self.pending is not None:
            text, self.pending = self.pending, None
            self.spoken.append(text)
            self._tts.say(text)

    def stop(self) -> None:
        self.pending = None
        if self._tts is not None:
            self._tts.stop()

    def voice_names(self) -> list[str]:
        if not self._loaded:
            self._load()
        return [v.name() for v in self._tts.availableVoices()] if self._tts is not None else []

    def problem(self) -> str:
        if not self._loaded:
            self._load()
        return self._problem


class CuePlayer(QObject):
    """Decides what is heard for each engine event, following the user's settings."""

    def __init__(self, settings, sound_sink=None, speaker: Speaker | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sound = sound_sink if sound_sink is not None else QtSoundSink()
        self.speaker = speaker if speaker is not None else Speaker(parent=self)
        self.muted = False
        self._phase = None
        self._counted: tuple | None = None
        self.apply_settings(settings)

    def apply_settings(self, settings) -> None:
        self.sound_on = settings.get("sound/enabled")
        self.volume = settings.get("sound/volume") / 100
        self.voice_on = settings.get("voice/enabled")
        self.count_reps = settings.get("voice/count_reps")
        if self.speaker._loaded or self.voice_on:
            self.speaker.configure(voice=settings.get("voice/name"), rate=settings.speech_rate,
                                   volume=max(0.2, self.volume))

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        if muted:
            self.speaker.stop()

    def handle(self, events: list) -> None:
        for event in events:
            sound, words = self.cue_for(event)
            if self.muted:
                continue
            if sound and self.sound_on:
                self.sound.play(sound, self.volume)
            if words and self.voice_on:
                self.speaker.say(words)

    def cue_for(self, event) -> tuple[str | None, str | None]:
        """(tone, sentence) for one engine event; either may be None."""
        kind = event.kind
        if kind == "phase_started":
            self._phase = event.phase
            return PHASE_SOUNDS.get(event.phase.kind), None
        if kind != "cue":
            return None, None
        cue = event.cue
        if cue == "announce":
            return None, event.text
        if cue == "tempo":
            tone = TEMPO_SOUNDS.get(event.text.lower(), "tick")
            return tone, self._rep_count()
        if cue == "countdown":
            return "tick", None
        if cue == "complete":
            return "complete", event.text
        return None, event.text  # halfway, last rep

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
        return self.speaker.voice_names()

    def voice_problem(self) -> str:
        return self.speaker.problem()

    def sound_problem(self) -> str:
        return self.sound.problem()

