"""Tones on time: each tone written into a sound stream at the sample played at its deadline.

QSoundEffect starts a tone when asked, about 20 ms later on a sound server, and corks its stream
before the end of the file (the fade-out is lost and heard at the next tone). Here a QAudioSink
(mono, 16 bit, 44.1 kHz) is fed from a timer every ``TICK_MS``, never more than ``AHEAD_S``
ahead of what the server is playing. The driver tells the tones to come before they are due
(``schedule``), so each one is placed in the stream at the sample that will be played at its
deadline: the position of that sample is worked out from how much the server has played
(``processedUSecs``) at the moment of writing. A tone known only when it is due (a command such
as "next") starts at the first sample not yet written.

The stream is open only around tones: it opens ``OPEN_AHEAD_S`` before the next tone told and
closes once its last tone has played out when the next one is more than ``KEEP_OPEN_S`` away. An
open stream costs about 3% of a core whatever is written into it (Qt's PulseAudio sink wakes the
window's thread and its own at every period of about 5 ms), so a workout's long holds and rests
cost nothing; docs/TIMING.md has the figures. The stream is also opened when the workout starts,
so that a first tone soon after the start finds it running.

One tone sounds at a time: a new tone ends the one still sounding with a 5 ms fade, so nothing of
one tone is heard in the next, and each plays whole, with its own fade-out, when there is room.
Writing never waits: the sink takes what it has room for. If the sound server plays nothing for
``STALL_S``, the tones stop and :attr:`problem_found` says why (the window shows it in the status
bar). Before the workout starts (``prepare``), the sound server is asked for its devices in a
helper thread, with a time limit (connecting waits as long as the server does: up to libpulse's
30 s), and the tones are read once it has answered; no stream is opened before that.
"""

from __future__ import annotations

import array
import math
import os
import sys
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from coach.core.files.paths import resources_dir
from coach.gui.cue_messages import (
    SOUND_FILE_MISSING, SOUND_LIBRARY_BROKEN, SOUND_NO_LIBRARY, SOUND_NO_SERVER, SOUND_NOT_ANSWERING,
    SOUND_STOPPED, no_pulse_library,
)
from coach.gui.cues import SOUND_NAMES

RATE = 44100
#: How often the stream is fed, and how far ahead of the server it is written. Where a tone falls
#: does not depend on when it is written (its sample is worked out at the moment of writing), so
#: the feed's timer is a coarse one: Qt wakes coarse timers of 50 ms together (the bars' steps).
#: A feed may be 150 ms late before the server runs out of what was written.
TICK_MS = 50
AHEAD_S = 0.2
#: The latency the sound server is asked for (libpulse's PULSE_LATENCY_MSEC, unless the user set
#: it): Qt asks PulseAudio for a buffer of about 17 ms, which runs dry (a gap in the tone, and the
#: tones after it late by as much) whenever the thread feeding it is held up that long, as it was in
#: 13 of 20 benchmark runs with another core busy. 60 ms gives a buffer of about 40 ms.
SERVER_LATENCY_MS = 60
#: What the sound server adds after the position Qt reports as played (``processedUSecs``), with
#: that latency: measured with the benchmark (tests/bench/bench_cues.py, docs/TIMING.md) on PulseAudio
#: (23 ms with Qt's own request; with 60 ms asked, tones were heard 24.5 ms later than that, median of 63).
OUTPUT_LATENCY_S = 0.0475
#: A server that plays nothing for this long has stopped (a new stream may take this long to start:
#: about 0.6 s on a busy machine).
STALL_S = 1.0
START_S = 3.0
#: The stream opens this long before a tone (a new stream plays within about 50 ms here, 0.3 s on
#: a busy machine), and stays open while the next tone is due within ``KEEP_OPEN_S``.
OPEN_AHEAD_S = 0.6
KEEP_OPEN_S = 1.0
#: Closing drops what the server holds (``OUTPUT_LATENCY_S``): it waits this many frames after
#: the end of the last tone was taken.
TAIL = round((OUTPUT_LATENCY_S + 0.03) * RATE)
#: The fade that ends a tone cut short by the next one.
CUT_FADE = RATE // 200
#: Two cues for the same tone this close are one (the tone was told ahead and then handed over).
SAME_TONE_S = 0.003
#: The sound server must list its devices within this (it answers in about 10 ms; libpulse's own
#: limit, when a server accepts the connection and never answers, is 30 s).
SOUND_START_LIMIT_S = 3.0


def ask_the_sound_server() -> str:
    """Loads Qt Multimedia and connects it to the sound server; "" when there is an output to play
    on, else the problem in plain words. Run in a helper thread: PySide6 lets the window's thread
    run while it waits."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError as exc:
        return SOUND_NO_LIBRARY if no_pulse_library() else SOUND_LIBRARY_BROKEN.format(reason=exc)
    if QMediaDevices.audioOutputs():
        return ""
    return SOUND_NO_LIBRARY if no_pulse_library() else SOUND_NO_SERVER


def read_tone(path: Path) -> array.array:
    """The samples of a mono 16 bit 44.1 kHz WAV file; raises ValueError for any other kind."""
    with wave.open(str(path)) as w:
        if (w.getframerate(), w.getsampwidth(), w.getnchannels()) != (RATE, 2, 1):
            raise ValueError(f"{path.name} is not mono 16 bit {RATE} Hz")
        samples = array.array("h", w.readframes(w.getnframes()))
    if sys.byteorder != "little":
        samples.byteswap()
    return samples


def open_audio_sink(parent: QObject) -> tuple[object, object]:
    """The default audio output as a stream of mono 16 bit samples (push mode); never waits."""
    from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices

    audio_format = QAudioFormat()
    audio_format.setSampleRate(RATE)
    audio_format.setChannelCount(1)
    audio_format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    sink = QAudioSink(QMediaDevices.defaultAudioOutput(), audio_format, parent)
    sink.setBufferSize(int(RATE * 2 * AHEAD_S * 2))
    asked = "PULSE_LATENCY_MSEC" not in os.environ  # libpulse reads it when the stream connects
    if asked:
        os.environ["PULSE_LATENCY_MSEC"] = str(SERVER_LATENCY_MS)
    try:
        device = sink.start()
    finally:
        if asked:
            os.environ.pop("PULSE_LATENCY_MSEC", None)
    error = sink.error()
    if device is None or error != type(error).NoError:  # QAudio.Error, QtAudio.Error from Qt 6.7
        sink.deleteLater()
        return None, None
    return sink, device


class ToneStream(QObject):
    """The sound sink of the cue player: ``prepare`` it, then ``schedule`` tones ahead, or ``play``
    one now."""

    #: Sound does not work, and is off for this session: the reason, in plain words.
    problem_found = Signal(str)
    #: The tones are read and can be played.
    ready = Signal()
    _answered = Signal(str)  # from the helper thread

    def __init__(self, folder: Path | None = None, parent: QObject | None = None, *,
                 ask_server: Callable[[], str] = ask_the_sound_server,
                 start_limit_s: float = SOUND_START_LIMIT_S, clock: Callable[[], float] = time.monotonic,
                 open_sink: Callable[[QObject], tuple[object, object]] | None = None) -> None:
        super().__init__(parent)
        self.folder = folder if folder is not None else resources_dir() / "sounds"
        self.ask_server = ask_server
        self.start_limit_s = start_limit_s
        self._problem = ""
        self._asked = False
        self._limit = QTimer(self)
        self._limit.setSingleShot(True)
        self._limit.timeout.connect(self._not_answering)
        self._answered.connect(self._on_answer)
        self.clock = clock
        #: Opens the audio output: (QAudioSink, its QIODevice), or (None, None) when it cannot.
        self.open_sink = open_sink or open_audio_sink
        self._tones: dict[str, array.array] | None = None  # None: not read (yet)
        self._scaled: dict[tuple[str, float], bytes] = {}
        self._sink = None
        self._device = None
        self._open_when_ready = False
        #: A workout plays: the stream opens around each tone (see the module's docstring).
        self.active = False
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.CoarseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.feed)
        #: Opens the stream ``OPEN_AHEAD_S`` before the next tone while it is closed.
        self.opener = QTimer(self)
        self.opener.setSingleShot(True)
        self.opener.setTimerType(Qt.TimerType.PreciseTimer)
        self.opener.timeout.connect(self._open_for_next)
        #: Frames handed to the sink since it opened.
        self.written = 0
        #: The frame just after the end of the last tone written (0: none yet).
        self._sound_until = 0
        #: Tones to come: (monotonic time, name, volume), in time order.
        self.upcoming: list[tuple[float, str, float]] = []
        #: The tone sounding: its bytes and how many of them are written.
        self._current: tuple[bytes, int] | None = None
        #: Every tone started, as (monotonic time it was placed at, name), for tests and the bench.
        self.started: list[tuple[float, str]] = []
        #: How many times the stream was opened, and for how long it was open in all (seconds).
        self.openings = 0
        self.open_seconds = 0.0
        self._opened_at = 0.0
        self._finishing = False
        #: Since when the server has played nothing (the frame it had played then).
        self._stalled_since: float | None = None
        self._last_played = -1
        #: (due, name) of the tones begun lately: one handed over again when due is not doubled.
        self._begun: list[tuple[float, str]] = []

    # ----- prepared before the workout: the sound server asked, with a time limit; the tones read

    def prepare(self) -> None:
        """Asks the sound server for its devices (once), in a helper thread; returns at once."""
        if self._asked:
            return
        self._asked = True
        missing = [name for name in SOUND_NAMES if not (self.folder / f"{name}.wav").is_file()]
        if missing:
            self._fail(SOUND_FILE_MISSING.format(path=self.folder / f"{missing[0]}.wav"))
            return
        self._limit.start(max(0, round(self.start_limit_s * 1000)))
        ask, answered = self.ask_server, self._answered

        def helper() -> None:
            try:
                problem = ask()
            except Exception as exc:  # noqa: BLE001 - told as a problem, never a traceback
                problem = SOUND_LIBRARY_BROKEN.format(reason=exc)
            try:
                answered.emit(problem)
            except RuntimeError:  # the stream is gone (the window closed meanwhile)
                pass

        threading.Thread(target=helper, name="coach-sound-server", daemon=True).start()

    def _not_answering(self) -> None:
        self._fail(SOUND_NOT_ANSWERING.format(limit=self.start_limit_s))

    def _fail(self, problem: str) -> None:
        self._problem = problem
        self.problem_found.emit(problem)

    def problem(self) -> str:
        """Why there is no sound ("" while it works, or is not known yet not to)."""
        return self._problem

    def _on_answer(self, problem: str) -> None:
        if not self._limit.isActive():
            return  # too late: sound is already off for this session
        self._limit.stop()
        if problem:
            self._fail(problem)
            return
        tones = {}
        for name in SOUND_NAMES:
            path = self.folder / f"{name}.wav"
            try:
                tones[name] = read_tone(path)
            except (OSError, EOFError, ValueError, wave.Error):
                self._fail(SOUND_FILE_MISSING.format(path=path))
                return
        self._tones = tones
        self.ready.emit()
        if self._open_when_ready:
            self.open()

    def _bytes(self, name: str, volume: float) -> bytes | None:
        tone = (self._tones or {}).get(name)
        if tone is None:
            return None
        key = (name, round(volume, 3))
        if key not in self._scaled:
            scaled = array.array("h", (int(v * volume) for v in tone))
            if sys.byteorder != "little":
                scaled.byteswap()
            self._scaled[key] = scaled.tobytes()
        return self._scaled[key]

    # ----- the stream

    def open(self) -> None:
        """A workout starts: the stream opens now (a first tone soon after the start finds it
        running), then around each tone; once the tones are read, when they are not yet."""
        if self._problem:
            return
        self.active, self._finishing = True, False
        if not self._tones:
            self._open_when_ready = True
            return
        self._open_when_ready = False
        self._open_sink()

    def _open_sink(self) -> None:
        # Only once the tones are read: that is, the sound server has answered (opening a sink
        # before would wait for it on the window's thread, up to libpulse's 30 s).
        if self._sink is not None or self._problem or not self.active or not self._tones:
            return
        self.opener.stop()
        sink, device = self.open_sink(self)
        if sink is None:
            self.close()
            self._fail(SOUND_STOPPED)
            return
        self._device = device
        self._sink = sink
        self.written, self._sound_until = 0, 0
        self._stalled_since, self._last_played = None, -1
        self.openings += 1
        self._opened_at = self.clock()
        self.feed()
        self.timer.start()

    def _close_sink(self) -> None:
        """Closes the stream (what is written and not yet played is dropped: silence, or a tone
        that no longer comes)."""
        self.timer.stop()
        self._current = None
        if self._sink is not None:
            self.open_seconds += self.clock() - self._opened_at
            self._sink.reset()
            self._sink.deleteLater()
        self._sink = self._device = None

    def close(self) -> None:
        """No more tones: the workout ended or the window closes."""
        self._open_when_ready = False
        self.active = False
        self.opener.stop()
        self.upcoming.clear()
        self._close_sink()

    def finish(self) -> None:
        """The workout ended: the stream closes once the tones told have played out."""
        self._finishing = True
        if self._sink is None:
            self.close()

    def pause(self) -> None:
        """Nothing to play for a while (the workout is paused): the stream closes; what was
        told is forgotten (the driver tells it again on resuming)."""
        self.upcoming.clear()
        self.opener.stop()
        self._close_sink()

    def resume(self) -> None:
        """The workout goes on: the stream opens again before the next tone told."""

    def _open_for_next(self) -> None:
        """The opener's slot: the next tone is ``OPEN_AHEAD_S`` away (or nearer)."""
        if self.active and self.upcoming and self._sink is None:
            self._open_sink()

    def _arm_opener(self) -> None:
        if self._sink is not None or not self.active or not self.upcoming:
            self.opener.stop()
            return
        wait = self.upcoming[0][0] - OPEN_AHEAD_S - self.clock()
        if wait <= 0:
            self._open_sink()
        else:
            self.opener.start(math.ceil(wait * 1000))

    # ----- tones

    def schedule(self, tones: list[tuple[float, str]], volume: float) -> None:
        """The tones to come, at monotonic times: they replace those told before that have not
        started (a command may have changed what comes)."""
        self.upcoming = sorted((at, name, volume) for at, name in tones)
        self._arm_opener()

    def play(self, name: str, volume: float, due: float | None = None) -> None:
        """A tone due now (``due``: when it was due, on the monotonic clock); nothing when the
        same tone was told ahead for that moment."""
        if not self.active:
            return
        due = self.clock() if due is None else due
        for at, told, _ in self.upcoming:
            if told == name and abs(at - due) < SAME_TONE_S:
                return
        if any(told == name and abs(at - due) < SAME_TONE_S for at, told in self._begun):
            return
        self.upcoming.append((due, name, volume))
        self.upcoming.sort()
        self._arm_opener()

    def _play_position(self) -> tuple[float, int]:
        """(monotonic time, frame): the frame the server plays at that time."""
        played = self._sink.processedUSecs() * RATE // 1_000_000
        return self.clock(), played

    def feed(self) -> None:
        """The timer's slot: writes up to ``AHEAD_S`` ahead of the server, tones at their samples."""
        sink = self._sink
        if sink is None:
            return
        now, played = self._play_position()
        if played != self._last_played or self._stalled_since is None:
            self._last_played, self._stalled_since = played, now
        elif now - self._stalled_since >= (STALL_S if played else START_S):
            self._stall()
            return
        if self._current is None and played >= self._sound_until + TAIL:  # the last tone is heard whole
            if self._finishing and not self.upcoming:
                self.close()
                return
            far = not self.upcoming or self.upcoming[0][0] - now > KEEP_OPEN_S
            if far and now - self._opened_at >= OPEN_AHEAD_S:  # nothing near: closed until then
                self._close_sink()
                self._arm_opener()
                return
        room = sink.bytesFree() // 2
        want = max(0, round(AHEAD_S * RATE) - (self.written - played))
        count = min(room, want)
        if count <= 0:
            return
        first = self.written  # the frame played at now + (first - played) / RATE
        chunk = bytearray(2 * count)
        fades = []
        pos = 0
        while pos < count:
            start = self._next_tone_frame(now, played, first)
            if start is not None and start - first <= pos:
                at, name, volume = self.upcoming.pop(0)
                data = self._bytes(name, volume)
                if data is None:
                    continue
                if self._current is not None:
                    fades.append((pos, self._cut()))
                self._current = (data, 0)
                self.started.append((now + (first + pos - played) / RATE + OUTPUT_LATENCY_S, name))
                self._begun = [*self._begun[-3:], (at, name)]
                continue
            end = count if start is None else min(count, start - first)
            taken = self._copy_current(chunk, pos, end)
            if taken:
                self._sound_until = first + pos + taken
            pos = end  # the rest up to ``end`` is silence (the chunk is zeros)
        for pos, faded in fades:
            room = min(len(faded), count - pos)
            mixed = array.array("h", bytes(chunk[2 * pos:2 * (pos + room)]))
            for i in range(room):
                mixed[i] = max(-32768, min(32767, mixed[i] + faded[i]))
            chunk[2 * pos:2 * (pos + room)] = mixed.tobytes()
        self._device.write(bytes(chunk))
        self.written += count

    def _next_tone_frame(self, now: float, played: int, first: int) -> int | None:
        if not self.upcoming:
            return None
        at = self.upcoming[0][0]
        return max(first, played + round((at - now - OUTPUT_LATENCY_S) * RATE))

    def _copy_current(self, chunk: bytearray, pos: int, end: int) -> int:
        """Copies the sounding tone into ``chunk`` from frame ``pos`` up to ``end``; the frames copied."""
        if self._current is None or pos >= end:
            return 0
        data, done = self._current
        take = min(end - pos, (len(data) - done) // 2)
        chunk[2 * pos:2 * (pos + take)] = data[done:done + 2 * take]
        done += 2 * take
        self._current = None if done >= len(data) else (data, done)
        return take

    def _cut(self) -> array.array:
        """Ends the sounding tone: its next ``CUT_FADE`` samples, faded out, to mix under the new one."""
        data, done = self._current
        self._current = None
        rest = array.array("h", data[done:done + 2 * CUT_FADE])
        if sys.byteorder != "little":
            rest.byteswap()
        return array.array("h", (int(v * (1 - i / CUT_FADE)) for i, v in enumerate(rest)))

    def _stall(self) -> None:
        """The server has played nothing for ``STALL_S``: no more tones, and the user is told."""
        self.close()
        self._fail(SOUND_STOPPED)
