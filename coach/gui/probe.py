"""Checks of the Qt side of an installation, run by ``coach doctor`` in a child process.

A missing platform plugin aborts the whole process inside Qt, so each check runs on its own:
``python -m coach.gui.probe window|sound|speech`` prints one JSON line ``{"status", "detail"}``.
"""

from __future__ import annotations

import ctypes.util
import json
import sys


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


# Qt's sound and speech modules both link the PulseAudio client library: without it neither loads.
NO_PULSE = ("the PulseAudio client library (libpulse.so.0) is missing; "
            "install the package 'libpulse0' (Debian/Ubuntu) or 'pulseaudio-libs' (Fedora)")


def check_sound() -> tuple[str, str]:
    if ctypes.util.find_library("pulse") is None:
        return "WARN", f"no sound: {NO_PULSE}"
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtMultimedia import QMediaDevices

    QCoreApplication(sys.argv[:1])
    outputs = QMediaDevices.audioOutputs()
    if not outputs:
        return "WARN", ("no sound: no audio output device was found (is a sound server such as "
                        "PipeWire or PulseAudio running?); workouts show visual cues only")
    default = QMediaDevices.defaultAudioOutput()
    return "OK", f"sound plays on '{default.description()}'"


def check_speech() -> tuple[str, str]:
    if ctypes.util.find_library("pulse") is None:
        return "WARN", f"no voice: {NO_PULSE}"
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtTextToSpeech import QTextToSpeech

    QCoreApplication(sys.argv[:1])
    engines = [e for e in QTextToSpeech.availableEngines() if e != "mock"]
    if not engines:
        return "WARN", ("no voice: Qt found no speech engine; install 'speech-dispatcher' "
                        "(Debian/Ubuntu) to hear the cues spoken")
    reasons = []
    for engine in engines:
        tts = QTextToSpeech(engine)
        if tts.state() != QTextToSpeech.State.Error:
            return "OK", f"speech engine '{engine}' is ready"
        reasons.append(f"'{engine}': {tts.errorString() or 'failed to start'}")
    return "WARN", ("no voice: no speech engine works (" + "; ".join(reasons) + "); install and start "
                    "'speech-dispatcher' (Debian/Ubuntu) to hear the cues spoken")


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
        status, detail = CHECKS[name]()
    except ImportError as exc:
        # Without sound or voice Coach still works, silently; without windows it does not.
        status = "FAIL" if name == "window" else "WARN"
        detail = f"a part of Qt could not be loaded: {exc}"
    print(json.dumps({"status": status, "detail": detail}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
