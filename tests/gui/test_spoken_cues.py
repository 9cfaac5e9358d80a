"""The planned sentences said on time: after the tone at their cue, stopped at the next tone, logged."""

from __future__ import annotations

import io
import json

import pytest
from PySide6.QtCore import QObject, Signal
from system_parts import need_qt_module

from coach.core.routines.routine import Exercise, Routine, TempoPart
from coach.core.workout.engine import Cue, Workout
from coach.core.workout.event_log import EventLog
from coach.core.workout.timeline import build_timeline
from coach.gui.spoken_cues import STOP_LEAD_S, SpokenCues


class TellingSpeaker(QObject):
    """A stand-in speaker that tells when it speaks, as the real one does, when the test says so."""

    speaking = Signal(str, float)
    cut = Signal(str, float)
    finished = Signal(str, float)
    dropped = Signal(str)
    shortened = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        self.timed: list[tuple] = []
        self.stopped = 0

    def say(self, text, *, after_s=0.0, within_s=None, seconds=0.0, shorter=()) -> None:
        self.timed.append((text, after_s, within_s, seconds, shorter))

    def stop(self) -> None:
        self.stopped += 1


def routine() -> Routine:
    return Routine(id="r", name="R", get_ready=10, rest_between_exercises=10, switch_sides=5, exercises=(
        Exercise(name="Bridges", reps=3, tempo=(TempoPart("up", 2), TempoPart("hold", 2), TempoPart("down", 2))),
        Exercise(name="Side plank", hold=6, sides="each"),
    ))


def cues_of(workout: Workout, clock, until: float) -> list[Cue]:
    found = [e for e in workout.start() if isinstance(e, Cue)]
    while clock.now < until:
        clock.tick(0.25)
        found += [e for e in workout.advance() if isinstance(e, Cue)]
    return found


def test_each_cue_is_said_after_its_tone_and_stopped_before_the_next(clock) -> None:
    speaker = TellingSpeaker()
    spoken = SpokenCues(speaker)
    timeline = build_timeline(routine())
    spoken.follow(timeline, clock)
    workout = Workout(timeline, clock)
    cues = cues_of(workout, clock, 1000 + 10 + 18 + 10 + 1)
    rest = next(c for c in cues if c.cue == "announce" and c.text.startswith("Rest"))
    clock.now = rest.due + 0.002  # handled 2 ms after it was due: the times still count from the due
    spoken.say(rest, rest.text)
    text, after_s, within_s, seconds, _shorter = speaker.timed[-1]
    assert text == "Rest 10 seconds. Next: side plank, left side."
    assert after_s == pytest.approx(0.51 + 0.05 - 0.002)  # after the rest tone
    assert within_s == pytest.approx(7.0 - 0.002 - STOP_LEAD_S)  # over before the "3"
    assert seconds == pytest.approx(3.75, abs=0.5)


def test_a_cue_the_plan_leaves_silent_is_not_said(clock) -> None:
    speaker = TellingSpeaker()
    spoken = SpokenCues(speaker)
    short = Routine(id="s", name="S", get_ready=10, rest_between_exercises=4, exercises=(
        Exercise(name="Bridges", reps=1, tempo=(TempoPart("up", 2),)),
        Exercise(name="Side plank", hold=6, sides="each")))
    timeline = build_timeline(short)
    spoken.follow(timeline, clock)
    workout = Workout(timeline, clock)
    rest = next(c for c in cues_of(workout, clock, 1000 + 13) if c.text.startswith("Rest"))
    spoken.say(rest, rest.text)  # "Rest 4 seconds. Next: ..." took 3.7 s of the 4 and covered 3 tones
    assert [t[0] for t in speaker.timed] == []


def test_what_is_heard_is_written_to_the_event_log(clock) -> None:
    speaker = TellingSpeaker()
    spoken = SpokenCues(speaker)
    timeline = build_timeline(routine())
    stream = io.StringIO()
    spoken.follow(timeline, clock, EventLog(stream))
    workout = Workout(timeline, clock)
    first = next(c for c in workout.start() if isinstance(c, Cue))
    spoken.say(first, first.text)
    clock.tick(0.12)
    speaker.speaking.emit("Get ready. First: bridges.", 0.0)
    clock.tick(2.0)
    speaker.cut.emit("Get ready. First: bridges.", 0.0)
    speaker.finished.emit("Get ready. First: bridges.", 0.0)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    # due: when it was planned to be heard (no tone before it: at its cue); never after ``at``.
    assert [(l["event"], l["due"], l["at"]) for l in lines] == [
        ("speech_started", first.due, first.due + 0.12),
        ("speech_cut", first.due, first.due + 2.12),
        ("speech_ended", first.due, first.due + 2.12),
    ]
    assert all(l["text"] == "Get ready. First: bridges." and l["cue"] == "announce" and l["cue_due"] == first.due
               and l["next_tone_due"] == first.due + 7.0 for l in lines)  # the "3" of get ready


def test_a_sentence_said_shorter_because_the_voice_was_late_is_logged_as_said(clock) -> None:
    speaker = TellingSpeaker()
    spoken = SpokenCues(speaker)
    timeline = build_timeline(routine())
    stream = io.StringIO()
    spoken.follow(timeline, clock, EventLog(stream))
    workout = Workout(timeline, clock)
    first = next(c for c in workout.start() if isinstance(c, Cue))
    spoken.say(first, first.text)
    assert speaker.timed[-1][0] == "Get ready. First: bridges."
    assert speaker.timed[-1][4] == (("Get ready.", pytest.approx(1.0, abs=0.3)),)  # what else would fit
    clock.tick(5.0)  # the voice loaded for 5 s: of the 7 s before the "3", only "Get ready." fits
    speaker.shortened.emit("Get ready. First: bridges.", "Get ready.")
    speaker.speaking.emit("Get ready.", 0.0)
    clock.tick(1.0)
    speaker.finished.emit("Get ready.", 0.0)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [(l["event"], l["text"], l["cue"], l["due"], l["at"]) for l in lines] == [
        ("speech_started", "Get ready.", "announce", first.due, first.due + 5.0),
        ("speech_ended", "Get ready.", "announce", first.due, first.due + 6.0)]


def test_a_tone_sooner_than_planned_stops_the_sentence(clock) -> None:
    speaker = TellingSpeaker()
    spoken = SpokenCues(speaker)
    timeline = build_timeline(routine())
    spoken.follow(timeline, clock)
    workout = Workout(timeline, clock)
    first = next(c for c in workout.start() if isinstance(c, Cue))
    spoken.say(first, first.text)
    spoken.tone(first.due + 7.0)  # the planned "3": the sentence is over by then
    speaker.speaking.emit(first.text, 0.0)
    assert speaker.stopped == 0
    spoken.tone(first.due + 7.0)
    assert speaker.stopped == 0
    spoken.tone(first.due + 1.0)  # "next" pressed: the first set's tone comes now
    assert speaker.stopped == 1


# ----- the real speaker and voice process, with Qt's mock engine


@pytest.fixture
def mock_speaker(qtbot):
    need_qt_module("QtTextToSpeech")
    from coach.gui.speaker import Speaker

    speaker = Speaker("mock")
    with qtbot.waitSignal(speaker.voices_ready, timeout=10000):
        speaker.start()
    yield speaker
    speaker.shutdown()


def test_the_voice_waits_for_the_tone_and_stops_at_the_next(mock_speaker, qtbot) -> None:
    import time

    ended: list[str] = []
    mock_speaker.finished.connect(lambda text, at: ended.append(text))
    asked = time.monotonic()
    with qtbot.waitSignal(mock_speaker.speaking, timeout=10000) as began:
        mock_speaker.say("Rest 10 seconds. Next: side plank, left side.", after_s=0.2, within_s=0.5,
                         seconds=0.2)
    assert began.args[1] - asked >= 0.2  # said after the tone
    with qtbot.waitSignal(mock_speaker.cut, timeout=10000) as cut:  # the mock takes about 0.8 s for it
        pass
    assert 0.5 <= cut.args[1] - asked < 0.5 + 0.2  # stopped at the next tone
    qtbot.waitUntil(lambda: ended == ["Rest 10 seconds. Next: side plank, left side."], timeout=10000)
    assert mock_speaker.state == "ready"


def test_a_sentence_that_no_longer_fits_is_dropped(mock_speaker, qtbot) -> None:
    with qtbot.waitSignal(mock_speaker.dropped, timeout=1000) as dropped:
        mock_speaker.say("Rest 10 seconds.", within_s=0.5, seconds=0.8)
    assert dropped.args == ["Rest 10 seconds."] and mock_speaker.state == "ready"
    assert "Rest 10 seconds." not in mock_speaker.spoken


def test_the_plan_knows_each_tone_and_its_length_as_the_window_plays_it() -> None:
    import wave

    from coach.core.files.paths import resources_dir
    from coach.core.workout import what_is_said
    from coach.gui.cues import PHASE_SOUNDS, SOUND_NAMES, TEMPO_SOUNDS

    for name in SOUND_NAMES:
        with wave.open(str(resources_dir() / "sounds" / f"{name}.wav")) as sound:
            assert what_is_said.TONE_MS[name] == round(1000 * sound.getnframes() / sound.getframerate())
    assert what_is_said.PHASE_TONES == PHASE_SOUNDS
    assert what_is_said.TEMPO_TONES == TEMPO_SOUNDS


def test_a_sentence_that_reaches_the_voice_late_is_not_said_late(mock_speaker, qtbot) -> None:
    import time

    from coach.gui.speaker import Sentence

    # Handed over 0.3 s ago (the window was busy): "in 0.5 s" is 0.2 s from now, not 0.5 s.
    asked = time.monotonic() - 0.3
    with qtbot.waitSignal(mock_speaker.speaking, timeout=10000) as began:
        mock_speaker._send_sentence(Sentence("Workout complete.", after_s=0.5, within_s=None, seconds=1.0,
                                             asked_at=asked))
    assert asked + 0.5 <= began.args[1] < asked + 0.5 + 0.25


def test_a_pause_stops_the_sentence_and_the_one_waiting_for_its_tone_is_never_said(mock_speaker, qtbot) -> None:
    from coach.core.workout.engine import Paused
    from coach.core.workout.kinds import PauseReason
    from coach.gui.cues import CuePlayer
    from helpers import FakeSoundSink

    class Settings(dict):
        speech_rate = 0.0

    settings = Settings({"sound/enabled": False, "sound/volume": 100, "voice/enabled": True,
                         "voice/count_reps": False, "voice/name": ""})
    cues = CuePlayer(settings, sound_sink=FakeSoundSink(), speaker=mock_speaker)
    began: list[str] = []
    mock_speaker.speaking.connect(lambda text, at: began.append(text))
    with qtbot.waitSignal(mock_speaker.speaking, timeout=10000):
        mock_speaker.say("Rest 30 seconds. Next: side plank, left side.")  # the mock takes seconds for it
    with qtbot.waitSignal(mock_speaker.cut, timeout=10000) as cut:
        cues.handle([Paused(0.0, next(iter(PauseReason)))])
    assert cut.args[0] == "Rest 30 seconds. Next: side plank, left side."
    qtbot.waitUntil(lambda: mock_speaker.state == "ready", timeout=10000)
    # A sentence handed over just before a pause, to be said after its tone: never said.
    mock_speaker.say("Bridges.", after_s=0.3)
    with qtbot.waitSignal(mock_speaker.finished, timeout=10000):
        cues.handle([Paused(0.0, next(iter(PauseReason)))])
    # The voice takes its messages in order: one to be said after "Bridges." was due comes first.
    with qtbot.waitSignal(mock_speaker.speaking, timeout=10000):
        mock_speaker.say("Go.", after_s=0.4)
    assert began == ["Rest 30 seconds. Next: side plank, left side.", "Go."]
