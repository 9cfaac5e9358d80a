"""What is heard during a workout: tones from a fake sound sink, sentences from the speaker."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt
from system_parts import need_qt_module

from helpers import run_until


def test_the_cue_sequence_heard_in_a_workout(make_window, clock, sound, speaker) -> None:
    window = make_window()
    window.start_workout(window.routine_view.routine)
    run_until(window, clock, 16)  # get ready, bridges 2 x 2 reps with a rest, the rest after them
    window.command("done")  # pelvic tilts
    run_until(window, clock, 60)
    assert sound.played == [
        "up", "down", "up", "down",  # set 1: a tone per tempo part
        "rest",
        "up", "down", "up", "down",  # set 2
        "rest",
        "go",  # pelvic tilts, at your own pace
        "rest",
        "go", "tick", "tick", "tick",  # the 6 s hold on the left counts down 3-2-1
        "rest",  # switch sides
        "go", "tick", "tick", "tick",
        "complete",
    ]
    said = " | ".join(speaker.spoken)
    assert speaker.spoken[0].startswith("Get ready")
    for words in ("Bridges", "Set 1 of 2", "Set 2 of 2", "Last rep", "Pelvic tilts", "Rest",
                  "Switch sides", "Workout complete"):
        assert words in said
    assert said.index("Bridges") < said.index("Pelvic tilts") < said.index("Switch sides") < said.index("Workout complete")


def test_mute_silences_sound_and_voice_and_m_toggles_it(make_window, qtbot, clock, sound, speaker) -> None:
    window = make_window()
    window.start_workout(window.routine_view.routine)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_M)
    assert window.player.mute.isChecked() and window.player.mute.text() == "Muted"
    run_until(window, clock, 8)
    assert sound.played == [] and len(speaker.spoken) == 1  # only "Get ready", said before muting
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_M)
    run_until(window, clock, 2)  # set 2 of bridges starts
    assert sound.played[:1] == ["up"]


def test_settings_turn_sound_or_voice_off_and_count_reps_aloud(data_dir, clock, sound, speaker) -> None:
    from coach.core.paths import DataDir
    from coach.gui.cues import CuePlayer
    from coach.gui.settings import Settings
    from coach.core.engine import Workout
    from coach.core.timeline import build_timeline
    from helpers import short_routine

    settings = Settings(DataDir(data_dir).settings_file)
    settings.set("sound/enabled", False)
    settings.set("voice/count_reps", True)
    cues = CuePlayer(settings, sound_sink=sound, speaker=speaker)
    workout = Workout(build_timeline(short_routine()), clock)
    cues.handle(workout.start())
    clock.tick(3 + 3.5)  # get ready and most of set 1
    cues.handle(workout.advance())
    assert sound.played == []
    counts = [s for s in speaker.spoken if s.isdigit()]
    assert counts == ["1", "2"]  # once per rep, not once per tempo part
    settings.set("voice/enabled", False)
    settings.set("sound/enabled", True)
    cues.apply_settings(settings)
    before = len(speaker.spoken)
    clock.tick(6)  # the rest, and set 2
    cues.handle(workout.advance())
    assert len(speaker.spoken) == before and sound.played[:2] == ["rest", "up"]


@pytest.fixture
def mock_speaker(qtbot):
    need_qt_module("QtTextToSpeech")
    from coach.gui.cues import Speaker

    speaker = Speaker(engine="mock")
    yield speaker
    speaker.stop()


def test_the_speaker_never_talks_over_itself_and_keeps_only_the_newest(mock_speaker, qtbot) -> None:
    from PySide6.QtTextToSpeech import QTextToSpeech

    speaker = mock_speaker
    assert speaker.problem() == ""
    speaker.say("Bridges. Set 1 of 2. 10 reps.")
    assert speaker._tts.state() == QTextToSpeech.State.Speaking
    speaker.say("Up")
    speaker.say("Down")  # replaces "Up", which never got its turn
    assert speaker.spoken == ["Bridges. Set 1 of 2. 10 reps."] and speaker.pending == "Down"
    with qtbot.waitSignal(speaker._tts.stateChanged, timeout=10000,
                          check_params_cb=lambda state: state == QTextToSpeech.State.Ready):
        pass
    assert speaker.spoken == ["Bridges. Set 1 of 2. 10 reps.", "Down"]
    assert speaker.pending is None


def test_voices_of_the_engine_are_offered(mock_speaker) -> None:
    assert mock_speaker.voice_names()  # the mock engine has a few named voices


def test_no_speech_engine_degrades_with_a_reason(qtbot) -> None:
    need_qt_module("QtTextToSpeech")  # without it there is no engine to ask for
    from coach.gui.cues import Speaker

    speaker = Speaker(engine="no-such-engine")
    speaker.say("Hello")  # nothing happens, nothing breaks
    assert speaker.spoken == []
    assert "no voice" in speaker.problem() and "speech-dispatcher" in speaker.problem()


# Machines without a sound server (CI, this test's) make Qt say so on loading Qt Multimedia.
@pytest.mark.qt_log_ignore("PulseAudioService")
def test_no_sound_files_degrade_with_a_reason(tmp_path) -> None:
    from coach.gui.cues import QtSoundSink

    sink = QtSoundSink(folder=tmp_path)
    sink.play("tick", 0.5)  # nothing to play, nothing breaks
    assert sink.problem().startswith("no sound")


def test_the_cue_tones_are_shipped_and_short() -> None:
    import wave

    from coach.core.paths import resources_dir
    from coach.gui.cues import SOUND_NAMES

    for name in SOUND_NAMES:
        with wave.open(str(resources_dir() / "sounds" / f"{name}.wav")) as tone:
            seconds = tone.getnframes() / tone.getframerate()
            assert 0.05 <= seconds <= 1.0, name


def test_starting_the_window_loads_neither_multimedia_nor_speech(data_dir) -> None:
    import os
    import subprocess

    from coach.gui.app import QUIT_WHEN_SHOWN_ENV

    code = ("import sys\nfrom coach.cli import main\nrc = main([])\n"
            "print(sorted(m for m in sys.modules if 'QtMultimedia' in m or 'QtTextToSpeech' in m))\n")
    env = {**os.environ, QUIT_WHEN_SHOWN_ENV: "1", "COACH_DATA_DIR": str(data_dir)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
