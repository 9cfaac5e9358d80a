"""What is heard during a workout: tones from a fake sound sink, sentences from the speaker."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from system_parts import need_library, need_qt_module

from coach.core.files.paths import DataDir
from helpers import run_until


def test_the_cue_sequence_heard_in_a_workout(make_window, clock, sound, speaker) -> None:
    window = make_window()
    window.session.start_workout(window.routine_view.routine)
    run_until(window, clock, 16)  # get ready, bridges 2 x 2 reps with a rest, the rest after them
    window.session.command("done")  # pelvic tilts
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
    # What is said is planned to fit between the tones (coach/core/workout/what_is_said.py): in this
    # tiny routine of 1 s tempo parts and 2-3 s rests only the shortest wordings fit, and a set of
    # 1 s parts is not announced at all (the screen says it).
    assert speaker.spoken == [
        "Get ready. First: bridges.", "Rest.", "Rest.", "Pelvic tilts. 5 reps.", "Rest.",
        "Knee-to-chest stretches, left.", "Switch sides.", "Knee-to-chest stretches, right.",
        "Workout complete.",
    ]
    # Each is said after the tone at its cue and stopped, if it still speaks, before the next one.
    text, after_s, within_s, seconds = speaker.timed[1]  # the 2 s rest between the sets of bridges
    assert (text, after_s, within_s) == ("Rest.", pytest.approx(0.51 + 0.05), pytest.approx(2.0 - 0.05))
    assert 0.3 < seconds < after_s + within_s
    assert speaker.timed[0][1:3] == (0, pytest.approx(3.0 - 0.05))  # get ready: no tone before it
    assert speaker.timed[-1][1:3] == (pytest.approx(0.87 + 0.05), None)  # after "complete", no limit


def test_mute_silences_sound_and_voice_and_m_toggles_it(make_window, qtbot, clock, sound, speaker) -> None:
    window = make_window()
    window.session.start_workout(window.routine_view.routine)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_M)
    assert window.player.mute.isChecked() and window.player.mute.text() == "Muted"
    run_until(window, clock, 8)
    assert sound.played == [] and len(speaker.spoken) == 1  # only "Get ready", said before muting
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_M)
    run_until(window, clock, 2)  # set 2 of bridges starts
    assert sound.played[:1] == ["up"]


def test_pausing_stops_the_voice_and_resuming_replays_nothing(make_window, qtbot, clock, sound, speaker) -> None:
    window = make_window()
    window.session.start_workout(window.routine_view.routine)
    assert speaker.spoken == ["Get ready. First: bridges."]
    run_until(window, clock, 1)  # the sentence is being said
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Space)  # pause
    assert window.player.buttons["toggle_pause"].text() == "Resume"
    assert speaker.stopped == 1  # the voice stops with the workout
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Right)  # next, while paused: set 1 of bridges
    run_until(window, clock, 30)
    assert sound.played == [] and speaker.spoken == ["Get ready. First: bridges."]  # silent while paused
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Space)  # resume
    assert sound.played == [] and speaker.spoken == ["Get ready. First: bridges."]  # nothing stale
    run_until(window, clock, 1)  # the first part ("up") of the rep ends
    assert sound.played == ["down"]


def test_settings_turn_sound_or_voice_off_and_count_reps_aloud(data_dir, clock, sound, speaker) -> None:
    from coach.core.files.paths import DataDir
    from coach.gui.cues import CuePlayer
    from coach.gui.settings import Settings
    from coach.core.workout.engine import Workout
    from coach.core.workout.timeline import build_timeline
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


FAKE_VOICE = str(Path(__file__).with_name("fake_voice.py"))


@pytest.fixture
def make_speaker(qtbot):
    """Real Speakers (each with its voice process), ended after the test."""
    from coach.gui.speaker import Speaker

    made = []

    def make(*args, **kwargs):
        if "command" not in kwargs:  # a real engine: its voice process needs Qt TextToSpeech
            need_qt_module("QtTextToSpeech")
        speaker = Speaker(*args, **kwargs)
        made.append(speaker)
        return speaker

    yield make
    for speaker in made:
        speaker.shutdown()


def test_the_speaker_never_talks_over_itself_and_keeps_only_the_newest(make_speaker, qtbot) -> None:
    speaker = make_speaker(engine="mock")  # Qt's mock engine "speaks" each word for a while
    with qtbot.waitSignal(speaker.said, timeout=10000):
        speaker.say("Bridges. Set 1 of 2. 10 reps.")
    assert speaker.problem() == ""
    speaker.say("Up")
    speaker.say("Down")  # replaces "Up", which never got its turn
    assert speaker.spoken == ["Bridges. Set 1 of 2. 10 reps."] and speaker.pending == "Down"
    with qtbot.waitSignal(speaker.said, timeout=10000, check_params_cb=lambda text: text == "Down"):
        pass
    assert speaker.spoken == ["Bridges. Set 1 of 2. 10 reps.", "Down"]
    assert speaker.pending is None


def test_a_sentence_asked_for_while_the_voice_loads_waits_and_is_said_in_a_wording_that_still_fits(
        make_speaker, qtbot, clock) -> None:
    speaker = make_speaker(command=[sys.executable, FAKE_VOICE, "slow"], clock=clock)
    shortened = []
    speaker.shortened.connect(lambda planned, said: shortened.append((planned, said)))
    speaker.say("Get ready. First: bridges, 3 reps.", within_s=4.0, seconds=2.8,
                shorter=(("Get ready. First: bridges.", 1.9), ("Get ready.", 0.9)))
    assert speaker.spoken == [] and speaker.pending == "Get ready. First: bridges, 3 reps."  # queued
    clock.tick(1.5)  # the voice loads for 1.5 s: 2.5 s are left before the next tone
    with qtbot.waitSignal(speaker.speaking, timeout=10000) as began:
        speaker._write({"loaded": True})  # the fake voice is ready now
    assert began.args[0] == "Get ready. First: bridges."  # not dropped: the longest that fits
    assert shortened == [("Get ready. First: bridges, 3 reps.", "Get ready. First: bridges.")]
    assert speaker.spoken == ["Get ready. First: bridges."]


def test_voices_of_the_engine_are_offered(make_speaker, qtbot) -> None:
    speaker = make_speaker(engine="mock")
    assert speaker.voice_names() == [] and speaker.voices_loading()
    with qtbot.waitSignal(speaker.voices_ready, timeout=10000) as ready:
        speaker.start()
    assert ready.args[0] and ready.args[0] == speaker.voice_names()  # the mock has a few named voices
    assert not speaker.voices_loading()


def test_no_speech_engine_degrades_with_a_reason(make_speaker, qtbot) -> None:
    speaker = make_speaker(engine="no-such-engine")
    with qtbot.waitSignal(speaker.problem_found, timeout=10000):
        speaker.say("Hello")  # nothing is said, nothing breaks
    assert speaker.spoken == []
    assert speaker.problem() == "No voice: install the package speech-dispatcher, then restart Coach."


@pytest.mark.parametrize("stuck", ["silent", "deaf"])
def test_a_speech_engine_that_never_answers_is_given_up_after_its_time_limit(make_speaker, qtbot, stuck) -> None:
    # silent: stuck while starting (speech-dispatcher without working audio); deaf: stuck in say().
    speaker = make_speaker(command=[sys.executable, FAKE_VOICE, stuck], start_limit_s=0.3, answer_limit_s=0.3)
    started = time.perf_counter()
    speaker.say("Get ready")
    assert time.perf_counter() - started < NEVER_WAITS_S  # handing over a sentence never waits for the engine
    with qtbot.waitSignal(speaker.problem_found, timeout=10000) as told:
        pass
    assert told.args == ["No voice: the speech service did not answer within 0.3 s; check it with "
                         "spd-say hello, then restart Coach."]
    assert speaker.state == "off" and speaker._process is None  # the stuck process is killed
    speaker.say("Up")  # off for the rest of the session: no new process, nothing waits
    assert speaker._process is None and speaker.pending is None


def test_the_cue_tones_are_shipped_and_short() -> None:
    import wave

    from coach.core.files.paths import resources_dir
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


# ----- the window while speech and sound never answer

ONE_FRAME_S = 1 / 60
#: No wake may come near the engines' time limits (a wait for them would take at least that long);
#: a shared, loaded machine sometimes preempts the test for a few frames, so this is the bound on
#: every wake and ONE_FRAME_S the bound on the typical one.
NEVER_WAITS_S = 0.2


def within_a_frame(took: list[float]) -> bool:
    """Phase changes were handled within one frame: the median wake, and every one far from a wait."""
    return sorted(took)[len(took) // 2] < ONE_FRAME_S and max(took) < NEVER_WAITS_S


@pytest.fixture
def speech_service_that_never_answers(monkeypatch, tmp_path):
    """A speech-dispatcher socket that accepts connections and never answers (as one with no
    working audio behind it did), for the real speech-dispatcher client of Qt."""
    import socket
    import threading

    need_qt_module("QtTextToSpeech")
    need_library("libspeechd.so.2", "Qt's speech-dispatcher engine needs it")
    path = tmp_path / "speechd.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen(8)
    accepted = []

    def accept() -> None:
        while True:
            try:
                accepted.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{path}")
    yield accepted
    server.close()
    for connection in accepted:
        connection.close()


def make_window_with(qtbot, data_dir, clock, cues, library):
    from coach.gui.main_window import MainWindow
    from coach.gui.services import Services

    window = MainWindow(DataDir(data_dir), library, cues.settings, services=Services(clock=clock, cues=cues))
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):  # on screen: a workout's clock starts at once (start_when_shown.py)
        window.show()
    return window


def wake_durations(window, clock, seconds: float) -> list[float]:
    """Like helpers.run_until, and how long (real time) the window's thread took for each wake."""
    driver, target, took = window.session.driver, clock.now + seconds, []
    while driver is not None and driver.timer.isActive():
        deadline = driver.workout.next_deadline()
        if deadline is None or deadline > target:
            break
        clock.now = deadline
        started = time.perf_counter()
        driver.wake()
        took.append(time.perf_counter() - started)
        driver = window.session.driver
    return took


def test_speech_and_sound_that_never_answer_never_hold_up_the_window(
        qtbot, data_dir, clock, library, sound_server_that_never_answers,
        speech_service_that_never_answers) -> None:
    from coach.gui.cues import CuePlayer, Speaker
    from coach.gui.settings import Settings
    from coach.gui.tone_stream import ToneStream

    settings = Settings(DataDir(data_dir).settings_file)
    sink = ToneStream(ask_server=sound_server_that_never_answers, start_limit_s=0.5)
    speaker = Speaker("speechd", start_limit_s=1.0)  # the real engine, on a service that never answers
    cues = CuePlayer(settings, sound_sink=sink, speaker=speaker)
    cues.settings = settings
    window = make_window_with(qtbot, data_dir, clock, cues, library)
    started = time.perf_counter()
    window.session.start_workout(window.routine_view.routine)
    assert time.perf_counter() - started < 0.5  # the first one builds the player
    assert window.session.workout.state == "not_started"  # its clock waits for the voice (voice_wait.py) ...
    window.session.command("toggle_pause")  # ... unless the user starts now (Space)
    took = wake_durations(window, clock, 8)  # get ready and set 1 of bridges, while both hang
    assert speaker.state == "starting" and len(took) >= 5
    assert within_a_frame(took), took  # every phase change and cue handled within one frame
    with qtbot.waitSignals([cues.problem_found, cues.problem_found], timeout=10000):
        pass
    # Both are said, in one message, and neither hides the other.
    shown = window.statusBar().currentMessage()
    assert "No sound: the sound server did not answer within 0.5 s" in shown
    assert "No voice: the speech service did not answer within 1 s" in shown
    assert speaker.state == "off" and speaker._process is None
    took = wake_durations(window, clock, 30)  # the workout goes on, silently
    assert within_a_frame(took), took
    assert window.pages.currentWidget() is window.summary or window.session.workout is not None


def test_a_speech_engine_that_never_answers_is_told_and_the_voice_stays_off(
        qtbot, data_dir, clock, library, sound) -> None:
    from coach.gui.cues import CuePlayer, Speaker
    from coach.gui.settings import Settings

    settings = Settings(DataDir(data_dir).settings_file)
    speaker = Speaker(command=[sys.executable, FAKE_VOICE, "silent"], start_limit_s=0.3)
    cues = CuePlayer(settings, sound_sink=sound, speaker=speaker)
    cues.settings = settings
    window = make_window_with(qtbot, data_dir, clock, cues, library)
    with qtbot.waitSignal(cues.problem_found, timeout=10000):
        window.session.start_workout(window.routine_view.routine)
        window.session.command("toggle_pause")  # started without waiting for the voice (Space)
        assert within_a_frame(wake_durations(window, clock, 8))
    message = ("No voice: the speech service did not answer within 0.3 s; check it with spd-say hello, "
               "then restart Coach.")
    assert window.statusBar().currentMessage() == message and window.notices == [message]
    window.show_library()
    window.session.start_workout(window.routine_view.routine)  # the next workout: no new try, nothing told again
    wake_durations(window, clock, 8)
    assert speaker._process is None and window.notices == [message]
    assert sound.played  # the tones go on


def test_sound_and_voice_are_prepared_before_the_workout_clock_starts(make_window, sound, speaker) -> None:
    window = make_window()
    prepared_at_start = []
    window.workout_started.connect(lambda routine, driver: prepared_at_start.append((sound.prepared, speaker.started)))
    window.session.start_workout(window.routine_view.routine)
    assert prepared_at_start == [(1, 1)]


def test_settings_open_at_once_and_fill_the_voices_when_the_engine_answers(
        qtbot, data_dir, clock, library, sound, make_speaker) -> None:
    from coach.gui.cues import CuePlayer
    from coach.gui.settings import Settings

    settings = Settings(DataDir(data_dir).settings_file)
    speaker = make_speaker(engine="mock")
    cues = CuePlayer(settings, sound_sink=sound, speaker=speaker)
    cues.settings = settings
    window = make_window_with(qtbot, data_dir, clock, cues, library)
    with qtbot.waitSignal(cues.voices_ready, timeout=10000):
        dialog = window.open_settings()
        items = [dialog.voice_name.itemText(i) for i in range(dialog.voice_name.count())]
        assert items == ["Default voice", "The voices are loading…"]
    items = [dialog.voice_name.itemText(i) for i in range(dialog.voice_name.count())]
    assert items[0] == "Default voice" and len(items) > 1 and "The voices are loading…" not in items
    assert items[1:] == speaker.voice_names()
    dialog.reject()


class FakeToneStream:
    """A sound sink that can be told the tones to come (as ToneStream can)."""

    def __init__(self) -> None:
        from PySide6.QtCore import QObject, Signal

        class Signals(QObject):
            problem_found = Signal(str)

        self._signals = Signals()
        self.problem_found = self._signals.problem_found
        self.told: list[list[tuple[float, str]]] = []
        self.played: list[tuple[str, float | None]] = []
        self.calls: list[str] = []

    def prepare(self) -> None:
        pass

    def problem(self) -> str:
        return ""

    def schedule(self, tones, volume) -> None:
        self.told.append(list(tones))

    def play(self, name, volume, due=None) -> None:
        self.played.append((name, due))

    def open(self) -> None:
        self.calls.append("open")

    def pause(self) -> None:
        self.calls.append("pause")

    def resume(self) -> None:
        self.calls.append("resume")

    def finish(self) -> None:
        self.calls.append("finish")


def test_the_tones_to_come_are_told_to_the_stream_before_they_are_due(make_window, clock, speaker, data_dir) -> None:
    from coach.gui.cues import CuePlayer
    from coach.gui.main_window import MainWindow
    from coach.gui.settings import Settings

    stream = FakeToneStream()
    window = make_window()
    window.services.cues = CuePlayer(Settings(DataDir(data_dir).settings_file), sound_sink=stream, speaker=speaker)
    window.session.start_workout(window.routine_view.routine)
    assert stream.calls == ["open"]
    run_until(window, clock, 2.5)  # 0.5 s before the first "up": the redraw then tells what comes
    window.session.driver.tick()
    told = stream.told[-1]
    assert [name for _, name in told] == ["up", "down"]  # the next 1.5 s, with their monotonic times
    run_until(window, clock, 0.5)
    # When it is due, the tone is handed over with the time it was told for: the stream plays it once.
    assert stream.played[-1] == ("up", told[0][0])
    window.session.command("toggle_pause")
    assert stream.calls[-1] == "pause"
    window.session.command("toggle_pause")
    assert stream.calls[-1] == "resume"
    window.set_muted(True) if hasattr(window, "set_muted") else window.services.cues.set_muted(True)
    assert stream.told[-1] == []  # muted: nothing more is told
    window.session.command("stop")
    assert stream.calls[-1] == "finish"
