"""A workout asked for while the coach's voice still loads: its clock waits for the voice (a few
seconds at most), so that its first sentence is said at its cue, whole (coach/gui/voice_wait.py).

speech-dispatcher takes 1.7-5 s to list its voices. ``coach run ROUTINE --no-checkin`` opens
straight into the workout, and a Start pressed right after Coach opened comes as soon: without
the wait, the get-ready sentence waited for the voice and was said late, shorter, or not at all.
The voice here is tests/gui/fake_voice.py in its own process: "slow" says it is ready only when
the test says so (after the fake clock moved on, as the voice loads), "silent" never does.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from helpers import FakeSoundSink, run_until
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from coach.core.files.paths import DataDir

FAKE_VOICE = str(Path(__file__).with_name("fake_voice.py"))
#: Handing the workout over never waits for the voice (a loaded machine may hold the test up a little).
NEVER_WAITS_S = 0.2
GET_READY = "Get ready. First: bridges."


@pytest.fixture
def voice_window(qtbot, data_dir, clock, library):
    """A window whose voice is a fake voice process (``voice_window("slow")``), ended after the test."""
    from coach.gui.cues import CuePlayer
    from coach.gui.main_window import MainWindow
    from coach.gui.services import Services
    from coach.gui.settings import Settings
    from coach.gui.speaker import Speaker

    speakers = []

    def make(voice: str, **speaker_options):
        settings = Settings(DataDir(data_dir).settings_file)
        speaker = Speaker(command=[sys.executable, FAKE_VOICE, voice], clock=clock, **speaker_options)
        speakers.append(speaker)
        cues = CuePlayer(settings, sound_sink=FakeSoundSink(), speaker=speaker)
        window = MainWindow(DataDir(data_dir), library, settings, services=Services(clock=clock, cues=cues))
        qtbot.addWidget(window)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        return window, speaker

    yield make
    for speaker in speakers:
        speaker.shutdown()


def start(window) -> None:
    started = time.perf_counter()
    window.session.start_workout(window.routine_view.routine)
    assert time.perf_counter() - started < NEVER_WAITS_S  # the window never waits for the voice


def test_the_workout_starts_when_the_voice_is_ready_and_its_first_sentence_is_said_whole_at_its_cue(
        voice_window, qtbot, clock) -> None:
    from coach.gui.cue_messages import GETTING_VOICE_READY

    window, speaker = voice_window("slow")
    shortened, dropped = [], []
    speaker.shortened.connect(lambda planned, said: shortened.append(said))
    speaker.dropped.connect(dropped.append)
    start(window)
    workout = window.session.workout
    assert workout.state == "not_started"  # its clock waits for the voice
    assert window.player.status.text() == GETTING_VOICE_READY
    assert window.player.part.text() == "GET READY" and window.player.countdown.text() == "3"
    assert window.player.buttons["toggle_pause"].text() == "Start now"
    assert not window.player.buttons["next"].isEnabled() and not window.player.buttons["previous"].isEnabled()
    clock.tick(2.5)  # the voice lists its voices meanwhile
    run_until(window, clock, 0)
    assert workout.state == "not_started" and speaker.spoken == []
    with qtbot.waitSignal(speaker.speaking, timeout=10_000) as began:
        speaker._write({"loaded": True})  # the voice is ready now
    assert workout.state == "running" and workout.record.started_at == clock.now  # started then
    assert began.args[0] == GET_READY and speaker.spoken == [GET_READY]  # said at its cue, whole
    assert shortened == [] and dropped == []
    assert window.player.status.text() == "" and window.player.buttons["toggle_pause"].text() == "Pause"
    assert window.player.buttons["next"].isEnabled() and window.player.buttons["previous"].isEnabled()
    run_until(window, clock, 3.5)  # get ready, then bridges: the workout plays on as usual
    assert window.player.exercise.text() == "Bridges"


def test_a_voice_that_never_answers_holds_the_workout_only_until_the_time_limit(
        voice_window, qtbot, clock) -> None:
    window, speaker = voice_window("silent")  # stuck while loading; it gives up only after 8 s
    window.session.voice_wait_limit_s = 0.3
    start(window)
    assert window.session.workout.state == "not_started"
    with qtbot.waitSignal(window.session.voice_wait.over, timeout=10_000):
        pass
    assert window.session.workout.state == "running" and window.session.voice_wait is None
    assert window.statusBar().currentMessage() == (
        "The coach's voice was not ready within 0.3 s: the workout started without it; "
        "it joins in when it is ready.")
    assert speaker.state == "starting" and speaker.pending == GET_READY  # said when ready if it still fits
    run_until(window, clock, 3.5)  # the workout goes on while the voice still loads
    assert window.player.exercise.text() == "Bridges"


def test_space_or_start_now_starts_the_workout_without_waiting_for_the_voice(
        voice_window, qtbot, clock) -> None:
    window, speaker = voice_window("slow")
    start(window)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Space)
    assert window.session.workout.state == "running"  # Space: start now
    assert window.statusBar().currentMessage() == ""  # the user chose it: nothing to tell
    assert speaker.pending == GET_READY  # it waits for the voice, as before
    window.session.command("stop")  # (the stop question is tested below)
    window.show_library()
    start(window)  # the voice still loads: the next workout waits too
    assert window.session.workout.state == "not_started"
    qtbot.mouseClick(window.player.buttons["toggle_pause"], Qt.MouseButton.LeftButton)
    assert window.session.workout.state == "running"


def test_a_voice_that_gives_up_lets_the_workout_start_at_once(voice_window, qtbot) -> None:
    window, speaker = voice_window("silent", start_limit_s=0.3)
    start(window)
    with qtbot.waitSignal(speaker.problem_found, timeout=10_000):
        pass
    assert window.session.workout.state == "running"
    assert window.statusBar().currentMessage().startswith("No voice: the speech service did not answer within 0.3 s")


def test_muted_the_workout_does_not_wait_for_the_voice(voice_window, qtbot) -> None:
    window, speaker = voice_window("slow")
    qtbot.keyClick(window, Qt.Key.Key_M)
    start(window)
    assert window.session.workout.state == "running" and window.session.voice_wait is None


def test_stop_while_waiting_ends_it_without_a_word(voice_window, qtbot, clock) -> None:
    window, speaker = voice_window("slow")
    start(window)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Escape)
    box = window.session.stop_question
    assert box is not None and box.isVisible()
    with qtbot.waitSignal(speaker.voices_ready, timeout=10_000):
        speaker._write({"loaded": True})
    assert window.session.workout.state == "not_started"  # not while the user thinks
    with qtbot.waitSignal(window.workout_ended) as ended:
        box.button(QMessageBox.StandardButton.Yes).click()  # Stop workout
    assert ended.args[0].outcome == "stopped" and window.pages.currentWidget() is window.summary
    assert speaker.spoken == [] and speaker.pending is None  # no "Get ready" after the stop


def test_keep_going_while_waiting_starts_once_the_voice_is_ready(voice_window, qtbot, clock) -> None:
    window, speaker = voice_window("slow")
    start(window)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Escape)
    box = window.session.stop_question
    box.button(QMessageBox.StandardButton.No).click()  # Keep going: still waiting for the voice
    assert window.session.workout.state == "not_started" and window.session.voice_wait is not None
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Escape)
    box = window.session.stop_question
    with qtbot.waitSignal(speaker.voices_ready, timeout=10_000):
        speaker._write({"loaded": True})
    with qtbot.waitSignal(speaker.speaking, timeout=10_000) as began:
        box.button(QMessageBox.StandardButton.No).click()  # the voice is ready: the workout starts now
    assert window.session.workout.state == "running" and began.args[0] == GET_READY


def test_closing_the_window_while_waiting_for_the_voice(voice_window, qtbot) -> None:
    window, speaker = voice_window("silent")
    start(window)
    with qtbot.waitSignal(window.workout_ended):
        window.close()  # no traceback, the workout ends as interrupted
    assert speaker.spoken == []


def test_the_event_log_says_how_long_the_workout_waited_for_the_voice(voice_window, qtbot, clock) -> None:
    import io
    import json

    from coach.core.workout.event_log import EventLog

    window, speaker = voice_window("slow")
    stream = io.StringIO()
    window.services.event_log = EventLog(stream)
    start(window)
    asked = clock.now
    clock.tick(2.0)
    with qtbot.waitSignal(speaker.speaking, timeout=10_000):
        speaker._write({"loaded": True})
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    waited = next(line for line in lines if line["event"] == "voice_waited")
    assert (waited["due"], waited["at"], waited["why"]) == (asked, asked + 2.0, "ready")
    assert lines[0]["event"] == "workout_started" and lines[0]["due"] == asked + 2.0  # the log begins with the workout


def test_floor_mode_says_the_voice_loads_and_that_space_starts_now(voice_window, qtbot, clock) -> None:
    from coach.gui.floor_mode import START_HINT

    window, speaker = voice_window("slow")
    start(window)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F)
    assert window.in_floor_mode
    assert (window.floor.part.text(), window.floor.hint.text()) == ("GET READY", START_HINT)
    assert window.floor.countdown.text() == "3"
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Space)
    assert window.session.workout.state == "running"
    assert (window.floor.part.text(), window.floor.hint.text()) == ("GET READY", "")


def test_the_voice_turned_off_in_the_settings_while_waiting_starts_the_workout(voice_window, qtbot) -> None:
    window, speaker = voice_window("slow")
    start(window)
    dialog = window.open_settings()  # Ctrl+, works during a workout
    dialog.voice.setChecked(False)
    dialog.accept()
    assert window.session.workout.state == "running" and window.session.voice_wait is None
    assert speaker.spoken == [] and speaker.pending is None  # nothing to say: the voice is off
