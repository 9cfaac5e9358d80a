"""The voice in a process of its own: ``python -m coach.gui.voice_process [ENGINE]`` speaks what it reads.

A speech engine that stops answering (speech-dispatcher with no working audio behind it) blocks the
thread that calls it for minutes, and PySide6 keeps Python's lock while it waits, so a thread in the
window's process would freeze the window too. Here it can only freeze this process, which the
window waits for with a time limit and kills (coach/gui/speaker.py).

One JSON object per line. In (stdin): ``{"say": text}``, ``{"stop": true}``,
``{"configure": {"voice": name, "rate": -1..1, "volume": 0..1}}``.
Out (stdout): ``{"ready": engine, "voices": [names]}`` once the engine works, or ``{"problem": text}``
and the process ends; then ``{"said": text}`` when the engine took a sentence, ``{"done": text}``
when it has finished speaking it, ``{"error": text}`` when the engine reports an error.
Ends when stdin closes (the window went away) or, on Linux, when the window's process dies.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import sys

from coach.gui.cue_messages import (
    VOICE_LIBRARY_BROKEN, VOICE_NO_LIBRARY, VOICE_NOT_INSTALLED, no_pulse_library, voice_engine_broken,
)


def _die_with_the_window() -> None:
    """Linux: be killed when the process that started this one dies (even by SIGKILL)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _send(message: dict) -> None:
    try:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()
    except (BrokenPipeError, OSError):
        os._exit(0)  # the window is gone


def main(argv: list[str]) -> int:
    _die_with_the_window()
    from PySide6.QtCore import QCoreApplication, QSocketNotifier

    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as exc:
        _send({"problem": VOICE_NO_LIBRARY if no_pulse_library() else VOICE_LIBRARY_BROKEN.format(reason=exc)})
        return 0

    app = QCoreApplication(argv[:1])
    engines = QTextToSpeech.availableEngines()
    wanted = argv[1] if len(argv) > 1 else ""
    engine = wanted or next((e for e in engines if e != "mock"), "")
    if not engine or engine not in engines:
        _send({"problem": VOICE_NOT_INSTALLED})
        return 0
    tts = QTextToSpeech(engine)  # may never return: the window's time limit covers it
    if tts.state() == QTextToSpeech.State.Error:
        _send({"problem": voice_engine_broken(tts.errorString() or "it did not start")})
        return 0
    voices = {voice.name(): voice for voice in tts.availableVoices()}
    # The sentence being spoken; "done" is told after "said", also when the engine finishes (or
    # fails) inside say() itself.
    spoken = {"text": None, "in_say": False, "done_in_say": False}

    def on_state(state) -> None:
        if state == QTextToSpeech.State.Error:
            _send({"error": tts.errorString() or "the speech engine reported an error"})
        if state in (QTextToSpeech.State.Ready, QTextToSpeech.State.Error) and spoken["text"] is not None:
            if spoken["in_say"]:
                spoken["done_in_say"] = True
            else:
                _send({"done": spoken["text"]})
                spoken["text"] = None

    tts.stateChanged.connect(on_state)

    def handle(message: dict) -> None:
        if "say" in message:
            text = str(message["say"])
            spoken.update(text=text, in_say=True, done_in_say=False)
            tts.say(text)
            spoken["in_say"] = False
            _send({"said": text})
            if spoken["done_in_say"]:
                _send({"done": text})
                spoken["text"] = None
        elif "stop" in message:
            tts.stop()
        elif "configure" in message:
            settings = message["configure"]
            tts.setRate(float(settings.get("rate", 0.0)))
            tts.setVolume(float(settings.get("volume", 1.0)))
            voice = voices.get(settings.get("voice") or "")
            if voice is not None:
                tts.setVoice(voice)

    buffer = bytearray()

    def read_stdin() -> None:
        try:
            chunk = os.read(0, 65536)
        except BlockingIOError:
            return
        if not chunk:
            app.quit()
            return
        buffer.extend(chunk)
        while b"\n" in buffer:
            line, _, rest = bytes(buffer).partition(b"\n")
            buffer[:] = rest
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if isinstance(message, dict):
                handle(message)

    os.set_blocking(0, False)
    notifier = QSocketNotifier(0, QSocketNotifier.Type.Read)
    notifier.activated.connect(read_stdin)
    _send({"ready": engine, "voices": sorted(voices)})
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
