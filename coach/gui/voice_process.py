"""The voice in a process of its own: ``python -m coach.gui.voice_process [ENGINE]`` speaks what it reads.

A speech engine that stops answering (speech-dispatcher with no working audio behind it) blocks the
thread that calls it for minutes, and PySide6 keeps Python's lock while it waits, so a thread in the
window's process would freeze the window too. Here it can only freeze this process, which the
window waits for with a time limit and kills (coach/gui/speaker.py).

One JSON object per line. In (stdin): ``{"say": text, "start_at": t, "stop_at": t}`` (say it at
``start_at``, so that a tone plays first, and stop it if it still speaks at ``stop_at``, when the next
tone is due: both optional, moments of time.monotonic), ``{"stop": true}``,
``{"configure": {"voice": name, "rate": -1..1, "volume": 0..1}}``.
Out (stdout): ``{"ready": engine, "voices": [names]}`` once the engine works, or ``{"problem": text}``
and the process ends; then ``{"said": text}`` when the engine took a sentence, ``{"speaking": text}``
when it starts to speak it, ``{"cut": text}`` when it was stopped (at its ``stop_at``, or by ``stop``),
``{"done": text}`` when it has finished speaking it (or was stopped), ``{"error": text}`` when the
engine reports an error. ``said``, ``speaking``, ``cut`` and ``done`` carry ``at``: when, on the
monotonic clock (time.monotonic, which the window's clock also reads).
Ends when stdin closes (the window went away) or, on Linux, when the window's process dies.
Without an ENGINE, the first engine that is not Qt's mock, or the one $COACH_VOICE_ENGINE names.
"""

from __future__ import annotations

import ctypes
import json
import math
import os
import signal
import sys
import time

from coach.gui.cue_messages import (
    VOICE_LIBRARY_BROKEN, VOICE_NO_LIBRARY, VOICE_NOT_INSTALLED, no_pulse_library, voice_engine_broken,
)


#: The engine to use when none is named (for benchmarks: "mock" is Qt's engine that speaks nothing).
ENGINE_ENV = "COACH_VOICE_ENGINE"


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
    from PySide6.QtCore import QCoreApplication, QSocketNotifier, Qt, QTimer

    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as exc:
        _send({"problem": VOICE_NO_LIBRARY if no_pulse_library() else VOICE_LIBRARY_BROKEN.format(reason=exc)})
        return 0

    app = QCoreApplication(argv[:1])
    engines = QTextToSpeech.availableEngines()
    wanted = argv[1] if len(argv) > 1 else os.environ.get(ENGINE_ENV, "")
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
    spoken = {"text": None, "in_say": False, "done_in_say": False, "speaking": False}
    waiting = QTimer()  # the sentence to say once the tone before it has played
    waiting.setSingleShot(True)
    waiting.setTimerType(Qt.TimerType.PreciseTimer)
    limit = QTimer()  # the next tone: a sentence still speaking then is stopped
    limit.setSingleShot(True)
    limit.setTimerType(Qt.TimerType.PreciseTimer)
    next_up: dict = {}

    def finished(text: str) -> None:
        limit.stop()
        _send({"done": text, "at": time.monotonic()})
        spoken["text"] = None

    def on_state(state) -> None:
        if state == QTextToSpeech.State.Error:
            _send({"error": tts.errorString() or "the speech engine reported an error"})
        if state == QTextToSpeech.State.Speaking and spoken["text"] is not None and not spoken["speaking"]:
            spoken["speaking"] = True
            _send({"speaking": spoken["text"], "at": time.monotonic()})
        if state in (QTextToSpeech.State.Ready, QTextToSpeech.State.Error) and spoken["text"] is not None:
            if spoken["in_say"]:
                spoken["done_in_say"] = True
            else:
                finished(spoken["text"])

    tts.stateChanged.connect(on_state)

    def cut() -> None:
        if spoken["text"] is not None:
            _send({"cut": spoken["text"], "at": time.monotonic()})
            tts.stop()

    limit.timeout.connect(cut)

    def speak() -> None:
        text = next_up.pop("text", None)
        if text is None:
            return
        spoken.update(text=text, in_say=True, done_in_say=False, speaking=False)
        if next_up.get("deadline") is not None:
            # Rounded up, as the start: a sentence is never cut before the tone it makes room for
            # (rounded to the nearest millisecond it was, up to 0.5 ms early: CI saw 80 ns).
            limit.start(max(0, math.ceil((next_up["deadline"] - time.monotonic()) * 1000)))
        tts.say(text)
        spoken["in_say"] = False
        _send({"said": text, "at": time.monotonic()})
        if spoken["done_in_say"]:
            finished(text)

    waiting.timeout.connect(speak)

    def handle(message: dict) -> None:
        if "say" in message:
            stop_at = message.get("stop_at")
            next_up.update(text=str(message["say"]), deadline=None if stop_at is None else float(stop_at))
            wait = float(message.get("start_at") or 0) - time.monotonic()
            if wait > 0:
                waiting.start(math.ceil(wait * 1000))  # never before its moment
            else:
                waiting.stop()
                speak()
        elif "stop" in message:
            if waiting.isActive():  # taken, not yet begun: it is over
                waiting.stop()
                _send({"done": next_up.get("text", ""), "at": time.monotonic()})
            next_up.clear()
            if spoken["text"] is not None:
                limit.stop()
                cut()
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
