"""The window's side of the voice: hands sentences to the voice process, never waiting for it.

The speech engine runs in a child process (coach/gui/voice_process.py), because an engine that stops
answering blocks whatever calls it, and in this process that would be the window. Everything here is
asynchronous (QProcess, signals, timers): the window never waits. Time limits: the engine must be
ready within ``start_limit_s`` and take each sentence within ``answer_limit_s`` (and finish speaking
it within ``speaking_limit_s``); when it does not, the process is killed, the voice is off for the
rest of the session and :attr:`problem_found` says why in plain words.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

from coach.gui.cue_messages import VOICE_ENDED, VOICE_FAILED, VOICE_NOT_ANSWERING

#: The speech engine must be ready within this (speech-dispatcher listing 1,500 voices took 2.2 s
#: here on a busy machine; a Python child process starts in about 0.25 s).
START_LIMIT_S = 8.0
#: ... and take each sentence within this (the first say() of speech-dispatcher took 1.7 s).
ANSWER_LIMIT_S = 5.0
#: ... and finish speaking it within this (Coach's longest sentences take about 4 s).
SPEAKING_LIMIT_S = 30.0

NOT_STARTED, STARTING, READY, SPEAKING, OFF = "not started", "starting", "ready", "speaking", "off"


def _when(message: dict) -> float:
    """When the voice process says something happened (time.monotonic()), or now."""
    at = message.get("at")
    return float(at) if isinstance(at, (int, float)) else time.monotonic()


def voice_process_command(engine: str | None) -> list[str]:
    return [sys.executable, "-m", "coach.gui.voice_process", *([engine] if engine else [])]


class Sentence(NamedTuple):
    """A sentence handed to the speaker, with its timing (seconds, from when it was handed over)."""

    text: str
    after_s: float = 0.0  # say it this much later (the tone at its cue plays first)
    within_s: float | None = None  # it must be over by then (the next tone): stopped if not
    seconds: float = 0.0  # how long it takes to say, about (what_is_said.speaking_seconds)
    asked_at: float = 0.0  # time.monotonic() when it was handed over
    #: Shorter ways to say it, longest first, with how long each takes: when the voice can start
    #: it only later than planned (it was still loading), the longest that still fits is said.
    shorter: tuple[tuple[str, float], ...] = ()


class Speaker(QObject):
    """Speaks one sentence at a time; a newer sentence replaces one still waiting its turn.

    A sentence can be timed: said ``after_s`` seconds from now and stopped ``within_s`` seconds from
    now if it still speaks then (the voice process keeps both moments, on the monotonic clock). One
    that waited its turn (the voice still loading) so long that it can no longer be said whole
    before ``within_s`` is said in the longest of its ``shorter`` wordings that still fits, and
    dropped only when none does.
    """

    #: The voice does not work, and is off for this session: the reason, in plain words.
    problem_found = Signal(str)
    #: The engine's voices are known (names), for the settings.
    voices_ready = Signal(list)
    #: The engine has taken a sentence (it is queued or being spoken).
    said = Signal(str)
    #: The engine began to speak a sentence: the sentence, and when (time.monotonic()).
    speaking = Signal(str, float)
    #: A sentence still speaking at its ``within_s`` was stopped there: the sentence, and when.
    cut = Signal(str, float)
    #: The engine is done with a sentence (said whole, cut or stopped): the sentence, and when.
    finished = Signal(str, float)
    #: A sentence that waited its turn (the voice loading) is said in a shorter wording that still
    #: fits its time: the sentence as planned, and as it is said.
    shortened = Signal(str, str)
    #: A sentence that waited its turn too long to be said in its time (not even shorter), and was not said.
    dropped = Signal(str)

    def __init__(self, engine: str | None = None, parent: QObject | None = None, *,
                 command: list[str] | None = None, start_limit_s: float = START_LIMIT_S,
                 answer_limit_s: float = ANSWER_LIMIT_S,
                 speaking_limit_s: float = SPEAKING_LIMIT_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        #: The monotonic clock the voice process also reads (a test's fake clock for the fit).
        self.clock = clock
        self.engine = engine
        self.command = command or voice_process_command(engine)
        self.start_limit_s = start_limit_s
        self.answer_limit_s = answer_limit_s
        self.speaking_limit_s = speaking_limit_s
        self.state = NOT_STARTED
        self._pending: Sentence | None = None  # the sentence waiting its turn
        #: Every sentence handed to the speech engine, in order.
        self.spoken: list[str] = []
        self.voices: list[str] | None = None  # None: not known yet
        self.voice = ""
        self.rate = 0.0
        self.volume = 1.0
        self._problem = ""
        self._process: QProcess | None = None
        self._buffer = b""
        self._limit = QTimer(self)
        self._limit.setSingleShot(True)
        self._limit.timeout.connect(self._not_answering)
        self._limit_s = 0.0

    @property
    def pending(self) -> str | None:
        """The sentence waiting its turn (None: none)."""
        return None if self._pending is None else self._pending.text

    # ----- what the window asks

    def start(self) -> None:
        """Starts the voice process (if not yet); returns at once."""
        if self.state != NOT_STARTED:
            return
        self.state = STARTING
        process = QProcess(self)
        process.setProgram(self.command[0])
        process.setArguments(self.command[1:])
        process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        process.setStandardErrorFile(QProcess.nullDevice())
        process.readyReadStandardOutput.connect(self._read)
        process.errorOccurred.connect(self._process_error)
        process.finished.connect(self._process_finished)
        self._process = process
        self._arm(self.start_limit_s)
        process.start()

    def say(self, text: str, *, after_s: float = 0.0, within_s: float | None = None,
            seconds: float = 0.0, shorter: tuple[tuple[str, float], ...] = ()) -> None:
        if self.state == OFF:
            return
        sentence = Sentence(text, after_s, within_s, seconds, self.clock(), tuple(shorter))
        if self.state == READY:
            self._send_sentence(sentence)
            return
        self._pending = sentence  # never talk over ourselves; the latest news wins
        self.start()

    def stop(self) -> None:
        self._pending = None
        if self.state == SPEAKING:
            self._write({"stop": True})

    def configure(self, *, voice: str, rate: float, volume: float) -> None:
        self.voice, self.rate, self.volume = voice, rate, volume
        if self.state in (READY, SPEAKING):
            self._write({"configure": {"voice": voice, "rate": rate, "volume": volume}})

    def voice_names(self) -> list[str]:
        """The engine's voices, [] while they are not known yet (see :attr:`voices_ready`)."""
        return list(self.voices or [])

    def voices_loading(self) -> bool:
        return self.state in (NOT_STARTED, STARTING)

    def problem(self) -> str:
        """Why there is no voice ("" while it works, or is not known yet not to)."""
        return self._problem

    def shutdown(self) -> None:
        """Ends the voice process now (it may be stuck in the engine: killed, not asked)."""
        process, self._process = self._process, None
        self._limit.stop()
        if process is not None:
            for signal in (process.readyReadStandardOutput, process.errorOccurred, process.finished):
                signal.disconnect()
            process.kill()
            process.waitForFinished(1000)  # a killed process is reaped at once
            process.deleteLater()
        if self.state != OFF:
            self.state = NOT_STARTED if not self._problem else OFF

    # ----- the conversation with the voice process

    def _send_sentence(self, sentence: Sentence) -> None:
        self._pending = None
        # The times go over as moments of the monotonic clock, which both processes read: a
        # message that reaches the voice late (the window busy, a loaded machine) is not said late.
        now = self.clock()
        start_at = sentence.asked_at + sentence.after_s
        text = sentence.text
        message: dict = {}
        if start_at > now:
            message["start_at"] = start_at
        if sentence.within_s is not None:
            stop_at = sentence.asked_at + sentence.within_s
            room = stop_at - max(now, start_at)
            if room < sentence.seconds:  # said whole, it would run into the next tone
                text = next((way for way, seconds in sentence.shorter if seconds <= room), "")
                if not text:
                    self.dropped.emit(sentence.text)
                    return
                self.shortened.emit(sentence.text, text)
            message["stop_at"] = stop_at
        message["say"] = text
        self.spoken.append(text)
        self.state = SPEAKING
        self._arm(self.answer_limit_s + max(0.0, start_at - now))
        self._write(message)

    def _write(self, message: dict) -> None:
        if self._process is not None:
            self._process.write((json.dumps(message) + "\n").encode("utf-8"))
            self._process.waitForBytesWritten(0)  # into the pipe now, not when the window is idle again

    def _arm(self, seconds: float) -> None:
        self._limit_s = seconds
        self._limit.start(max(0, round(seconds * 1000)))

    def _read(self) -> None:
        if self._process is None:
            return
        self._buffer += bytes(self._process.readAllStandardOutput())
        while b"\n" in self._buffer:
            line, self._buffer = self._buffer.split(b"\n", 1)
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if isinstance(message, dict):
                self._handle(message)

    def _handle(self, message: dict) -> None:
        if "problem" in message:
            self._give_up(str(message["problem"]))
        elif "ready" in message:
            self._limit.stop()
            self.state = READY
            self.voices = [str(name) for name in message.get("voices", [])]
            self.configure(voice=self.voice, rate=self.rate, volume=self.volume)
            self.voices_ready.emit(self.voice_names())
            if self._pending is not None:
                self._send_sentence(self._pending)
        elif "said" in message:
            self._arm(self.speaking_limit_s)
            self.said.emit(str(message["said"]))
        elif "speaking" in message:
            self.speaking.emit(str(message["speaking"]), _when(message))
        elif "cut" in message:
            self.cut.emit(str(message["cut"]), _when(message))
        elif "done" in message and self.state == SPEAKING:
            self._limit.stop()
            self.state = READY
            self.finished.emit(str(message["done"]), _when(message))
            if self._pending is not None:
                self._send_sentence(self._pending)
        elif "error" in message:
            self._give_up(VOICE_FAILED.format(reason=message["error"]))

    def _not_answering(self) -> None:
        self._give_up(VOICE_NOT_ANSWERING.format(limit=self._limit_s))

    def _process_error(self, error) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._give_up(VOICE_ENDED.format(reason=f"it could not be started: {self._process.errorString()}"))

    def _process_finished(self, code: int, status) -> None:
        self._read()  # a last line (the reason it ended) may still be waiting
        if self.state != OFF:
            self._give_up(VOICE_ENDED.format(reason=f"exit code {code}"))

    def _give_up(self, reason: str) -> None:
        if self.state == OFF:
            return
        self._problem = reason
        self._pending = None
        self.shutdown()
        self.state = OFF
        if self.voices is None:
            self.voices = []
            self.voices_ready.emit([])
        self.problem_found.emit(reason)
