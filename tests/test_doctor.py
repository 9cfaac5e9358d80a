"""``coach doctor``: one line per check, the fix in plain words, exit 0 unless something FAILs."""

from __future__ import annotations

import argparse
import ctypes.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from system_parts import need_library, need_qt_module

from coach.commands import doctor
from coach.gui import probe

CHECK_NAMES = ["window", "routines", "faq", "data folder", "sound", "voice", "menu entry"]


def run_doctor(data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **env}
    return subprocess.run([sys.executable, "-m", "coach", "--data-dir", str(data_dir), "doctor"],
                          capture_output=True, text=True, env=environment, timeout=300)


def lines_by_check(output: str) -> dict[str, tuple[str, str]]:
    found = {}
    for line in output.splitlines():
        status, _, rest = line.partition("  ")
        for name in CHECK_NAMES:
            if rest.strip().startswith(name + " "):
                found[name] = (status.strip(), rest.strip()[len(name):].strip())
    return found


@pytest.mark.slow
def test_doctor_prints_every_check_and_passes_without_sound(data_dir: Path, speech_service) -> None:
    done = run_doctor(data_dir)
    found = lines_by_check(done.stdout)
    assert list(found) == CHECK_NAMES, done.stdout + done.stderr
    for name in ["window", "routines", "faq", "data folder"]:
        assert found[name][0] == "OK", done.stdout
    # This machine may or may not have a sound server; either way missing sound is only a warning
    # that says what is missing.
    for name in ["sound", "voice"]:
        status, detail = found[name]
        assert status in ("OK", "WARN"), done.stdout
        if status == "WARN":
            assert detail.startswith("No sound: " if name == "sound" else "No voice: ")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_doctor_fails_on_a_data_folder_that_cannot_be_written(tmp_path: Path, speech_service) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    done = run_doctor(blocker / "data")
    status, detail = lines_by_check(done.stdout)["data folder"]
    assert status == "FAIL"
    assert "--data-dir" in detail
    assert done.returncode == 1
    assert "cannot work until the failures above are fixed" in done.stdout


def test_sound_check_names_the_missing_package(monkeypatch: pytest.MonkeyPatch) -> None:
    from coach.gui import pulse_stream

    monkeypatch.setattr(pulse_stream, "LIBRARY", "libpulse-simple-not-installed.so.0")
    monkeypatch.setattr(pulse_stream, "_library", None)
    status, detail = probe.check_sound()
    assert status == "WARN"
    # The package to install, in plain words: not the name of a library file.
    assert detail.startswith("No sound: install the package libpulse0") and "libpulse.so" not in detail


@pytest.fixture
def services_that_never_answer(tmp_path: Path):
    """A PulseAudio server and a speech-dispatcher that accept connections and never answer (as
    a hung sound server or a speech service with no working audio behind it)."""
    import socket
    import threading

    need_library("libpulse-simple.so.0", "Coach plays its tones through it")
    need_qt_module("QtTextToSpeech")
    need_library("libspeechd.so.2", "Qt's speech-dispatcher engine needs it")
    sockets = []
    for name in ("pulse.sock", "speechd.sock"):
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(tmp_path / name))
        server.listen(8)
        sockets.append(server)

    def accept(server) -> None:
        held = []
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                for connection in held:  # closed here, not by the garbage collector in a later test
                    connection.close()
                return

    for server in sockets:
        threading.Thread(target=accept, args=(server,), daemon=True).start()
    yield {"PULSE_SERVER": f"unix:{tmp_path / 'pulse.sock'}",
           "SPEECHD_ADDRESS": f"unix_socket:{tmp_path / 'speechd.sock'}"}
    for server in sockets:
        server.close()


@pytest.mark.slow
def test_doctor_never_hangs_on_sound_and_speech_that_never_answer(data_dir: Path, services_that_never_answer) -> None:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **services_that_never_answer}
    done = subprocess.run([sys.executable, "-m", "coach", "--data-dir", str(data_dir), "doctor", "--time-limit", "2"],
                          capture_output=True, text=True, env=environment, timeout=120)
    found = lines_by_check(done.stdout)
    assert list(found) == CHECK_NAMES, done.stdout + done.stderr
    assert found["sound"] == ("WARN", "No sound: the sound server did not answer within 2 s; restart it "
                                      "(pulseaudio -k), then run 'coach doctor' again.")
    assert found["voice"] == ("WARN", "No voice: the speech service did not answer within 2 s; check it "
                                      "with 'spd-say hello', then run 'coach doctor' again.")
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_check_in_coach_itself_that_hangs_is_cut_off_at_its_time_limit() -> None:
    import threading

    never = threading.Event()
    status, detail = doctor.with_time_limit(lambda: never.wait() and ("OK", "fine"), 0.05,
                                            ("FAIL", "writing to the data folder did not finish within 0.05 s"))
    assert (status, detail) == ("FAIL", "writing to the data folder did not finish within 0.05 s")
    never.set()


def test_voice_is_ok_only_when_a_sentence_was_spoken(monkeypatch: pytest.MonkeyPatch, qapp) -> None:
    # qapp: the check makes a QCoreApplication when none exists, which later window tests cannot use.
    # A speech engine that starts without an error and takes the sentence, but never speaks it
    # (speech-dispatcher with no audio device behind it): not OK.
    fake = _FakeSpeechEngines(speaks=False)
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", fake.module)
    status, detail = probe.check_speech(limit_s=0.2)
    assert (status, detail) == ("WARN", "No voice: the speech service took a sentence but did not speak it "
                                        "within 0.2 s (is a sound server running?).")
    assert fake.said == [probe.TEST_SENTENCE]
    fake = _FakeSpeechEngines(speaks=True)
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", fake.module)
    assert probe.check_speech(limit_s=5) == ("OK", "the speech service 'fake' spoke a sentence")


def test_voice_check_without_the_sound_library_names_the_missing_package(monkeypatch: pytest.MonkeyPatch) -> None:
    # Qt's speech module links libpulse.so.0 too: on a machine without libpulse0 it cannot load.
    real = ctypes.util.find_library
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None if name == "pulse" else real(name))
    status, detail = probe.check_speech()
    assert status == "WARN"
    assert detail == "No voice: install the package libpulse0, then restart Coach."


def test_a_crashing_probe_is_a_failure_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    class Crashed:
        def __init__(self, *args, **kwargs) -> None:
            self.pid, self.returncode = 0, -6

        def communicate(self, timeout=None):
            return "", "qt.qpa.plugin: Could not load the Qt platform plugin \"xcb\"\n"

    monkeypatch.setattr(doctor.subprocess, "Popen", Crashed)
    status, detail = doctor.probe("window")
    assert status == "FAIL"
    assert "Could not load the Qt platform plugin" in detail


def test_window_failure_without_a_display_says_how_to_check_headless(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor, "probe", lambda name, limit_s=None: ("FAIL", "Qt could not start"))
    for variable in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(variable, raising=False)
    status, detail = doctor.check_window()
    assert status == "FAIL"
    assert "QT_QPA_PLATFORM=offscreen" in detail


def test_data_folder_check_creates_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "new" / "data"
    status, _ = doctor.check_data_folder(argparse.Namespace(data_dir=target))
    assert status == "OK"
    assert target.is_dir()
    assert list(target.iterdir()) == []  # the probe file is cleaned up


class _FakeSpeechEngines:
    """Stands in for PySide6.QtTextToSpeech in the voice check: one engine, "fake", which takes
    every sentence and speaks it (or never does)."""

    def __init__(self, *, speaks: bool) -> None:
        import enum
        import types

        from PySide6.QtCore import QObject, QTimer, Signal

        outer = self
        self.said: list[str] = []

        class State(enum.Enum):
            Ready, Speaking, Paused, Error, Synthesizing = range(5)

        class QTextToSpeech(QObject):
            stateChanged = Signal(object)

            def __init__(self, engine: str) -> None:
                super().__init__()
                self._state = State.Ready

            @staticmethod
            def availableEngines() -> list[str]:
                return ["fake", "mock"]

            def state(self):
                return self._state

            def errorString(self) -> str:
                return ""

            def say(self, text: str) -> None:
                outer.said.append(text)
                if speaks:
                    QTimer.singleShot(0, lambda: self.stateChanged.emit(State.Speaking))

            def stop(self) -> None:
                pass

        QTextToSpeech.State = State
        self.module = types.SimpleNamespace(QTextToSpeech=QTextToSpeech)
