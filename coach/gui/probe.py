"""Checks of the Qt side of an installation, run by ``coach doctor`` in a child process.

A missing platform plugin aborts the whole process inside Qt, so each check runs on its own:
``python -m coach.gui.probe window|sound|speech [LIMIT_S]`` prints one JSON line ``{"status", "detail"}``.
A sound server or speech service that never answers makes a check wait for ever: ``coach doctor``
kills the check after its time limit (coach/commands/doctor.py).
"""

from __future__ import annotations

import json
import math
import sys
import time

from coach.gui.cue_messages import (
    VOICE_LIBRARY_BROKEN, VOICE_NO_LIBRARY, VOICE_NOT_INSTALLED, VOICE_NOT_SPOKEN, no_pulse_library,
    voice_engine_broken,
)


def check_window() -> tuple[str, str]:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(200, 100)
    window.show()
    app.processEvents()
    platform = app.platformName()
    window.close()
    return "OK", f"Qt {_qt_version()} shows windows on the '{platform}' platform"


def check_sound(limit_s: float = 10.0) -> tuple[str, str]:
    """Opens a stream on the sound server as a workout does (waits as long as the server: doctor's
    time limit covers it)."""
    from coach.gui.tone_stream import ask_the_sound_server

    problem = ask_the_sound_server()
    if problem:
        return "WARN", problem
    return "OK", "tones play on the sound server's default output"


#: What the voice check says aloud: Coach is OK only when a sentence was really spoken.
TEST_SENTENCE = "Coach can speak."


def check_speech(limit_s: float = 10.0) -> tuple[str, str]:
    """OK only when the engine took a sentence and began to speak it within ``limit_s``."""
    if no_pulse_library():  # Qt's speech module links the PulseAudio client library too
        return "WARN", VOICE_NO_LIBRARY
    try:
        from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as exc:
        return "WARN", VOICE_LIBRARY_BROKEN.format(reason=exc)

    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    engines = [e for e in QTextToSpeech.availableEngines() if e != "mock"]
    if not engines:
        return "WARN", VOICE_NOT_INSTALLED
    reasons = []
    for engine in engines:
        started = time.monotonic()
        tts = QTextToSpeech(engine)  # may never return: doctor's time limit covers it
        if tts.state() == QTextToSpeech.State.Error:
            reasons.append(f"'{engine}': {tts.errorString() or 'it did not start'}")
            continue
        states = []
        loop = QEventLoop()
        tts.stateChanged.connect(lambda state: (states.append(state), loop.quit()))
        tts.say(TEST_SENTENCE)
        deadline = started + limit_s
        timer = QTimer()
        timer.setSingleShot(True)
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(loop.quit)
        while not any(s in states for s in (QTextToSpeech.State.Speaking, QTextToSpeech.State.Error)):
            left_ms = math.ceil((deadline - time.monotonic()) * 1000)
            if left_ms <= 0:
                break
            timer.start(left_ms)
            loop.exec()
        app.processEvents()
        if QTextToSpeech.State.Error in states or tts.state() == QTextToSpeech.State.Error:
            reasons.append(f"'{engine}': {tts.errorString() or 'it failed to speak'}")
            continue
        if QTextToSpeech.State.Speaking in states:
            tts.stop()
            return "OK", f"the speech service '{engine}' spoke a sentence"
        return "WARN", VOICE_NOT_SPOKEN.format(limit=limit_s)
    return "WARN", voice_engine_broken("; ".join(reasons))


def _qt_version() -> str:
    from PySide6.QtCore import qVersion

    return qVersion()


CHECKS = {"window": check_window, "sound": check_sound, "speech": check_speech}


def main(argv: list[str]) -> int:
    name = argv[1] if len(argv) > 1 else ""
    if name not in CHECKS:
        print(f"usage: python -m coach.gui.probe {{{'|'.join(CHECKS)}}}", file=sys.stderr)
        return 2
    try:
        limit_s = float(argv[2]) if len(argv) > 2 else 10.0
    except ValueError:
        limit_s = 10.0
    try:
        status, detail = CHECKS[name]() if name == "window" else CHECKS[name](limit_s)
    except ImportError as exc:
        # Without sound or voice Coach still works, silently; without windows it does not.
        status = "FAIL" if name == "window" else "WARN"
        detail = f"a part of Qt could not be loaded: {exc}"
    print(json.dumps({"status": status, "detail": detail}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
