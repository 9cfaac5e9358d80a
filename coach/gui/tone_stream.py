"""Tones on time: one sound stream open while a workout plays, each tone written at its deadline.

QSoundEffect starts a tone when asked, about 20 ms later on a sound server, and corks its stream
before the end of the file (the fade-out is lost and heard at the next tone). Here a single
QAudioSink stays open during the workout (mono, 16 bit, 44.1 kHz) and is fed from a precise timer
every ``TICK_MS``, never more than ``AHEAD_S`` ahead of what the server is playing. The driver
tells the tones to come before they are due (``schedule``), so each one is placed in the stream at
the sample that will be played at its deadline: the position of that sample is worked out from
how much the server has played (``processedUSecs``) at the moment of writing. A tone known only
when it is due (a command such as "next") starts at the first sample not yet written.

One tone sounds at a time: a new tone ends the one still sounding with a 5 ms fade, so nothing of
one tone is heard in the next, and each plays whole, with its own fade-out, when there is room.
Writing never waits: the sink takes what it has room for. If the sound server plays nothing for
``STALL_S``, the tones stop and :attr:`problem_found` says why (the window shows it in the status
bar). The sound server is asked for its devices and the tones are read before the workout starts,
as for QSoundEffect (:class:`coach.gui.cues.QtSoundSink`, whose preparing this shares).
"""

from __future__ import annotations

import array
import sys
import time
import wave
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer

from coach.gui.cue_messages import SOUND_FILE_MISSING, SOUND_STOPPED
from coach.gui.cues import SOUND_NAMES, SOUND_START_LIMIT_S, QtSoundSink, ask_the_sound_server

RATE = 44100
#: How often the stream is fed, and how far ahead of the server it is written.
TICK_MS = 25
AHEAD_S = 0.1
#: What the sound server adds after the position Qt reports as played (``processedUSecs``):
#: measured once with the benchmark (tests/bench/bench_cues.py, docs/TIMING.md) on PulseAudio.
OUTPUT_LATENCY_S = 0.023
#: A server that plays nothing for this long has stopped (a new stream may take this long to start:
#: about 0.6 s on a busy machine).
STALL_S = 1.0
START_S = 3.0
#: The fade that ends a tone cut short by the next one.
CUT_FADE = RATE // 200
#: Two cues for the same tone this close are one (the tone was told ahead and then handed over).
SAME_TONE_S = 0.003


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
    device = sink.start()
    error = sink.error()
    if device is None or error != type(error).NoError:  # QAudio.Error, QtAudio.Error from Qt 6.7
        sink.deleteLater()
        return None, None
    return sink, device


class ToneStream(QtSoundSink):
    """The sound sink of the cue player: ``schedule`` tones ahead, or ``play`` one now."""

    def __init__(self, folder: Path | None = None, parent: QObject | None = None, *,
                 ask_server: Callable[[], str] = ask_the_sound_server,
                 start_limit_s: float = SOUND_START_LIMIT_S, clock: Callable[[], float] = time.monotonic,
                 open_sink: Callable[[QObject], tuple[object, object]] | None = None) -> None:
        super().__init__(folder, parent, ask_server=ask_server, start_limit_s=start_limit_s)
        self.clock = clock
        #: Opens the audio output: (QAudioSink, its QIODevice), or (None, None) when it cannot.
        self.open_sink = open_sink or open_audio_sink
        self._tones: dict[str, array.array] | None = None  # None: not read (yet)
        self._scaled: dict[tuple[str, float], bytes] = {}
        self._sink = None
        self._device = None
        self._open_when_ready = False
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.feed)
        #: Frames handed to the sink since it started.
        self.written = 0
        #: Tones to come: (monotonic time, name, volume), in time order.
        self.upcoming: list[tuple[float, str, float]] = []
        #: The tone sounding: its bytes and how many of them are written.
        self._current: tuple[bytes, int] | None = None
        #: Every tone started, as (monotonic time it was placed at, name), for tests and the bench.
        self.started: list[tuple[float, str]] = []
        self._finishing = False
        #: Since when the server has played nothing (the frame it had played then).
        self._stalled_since: float | None = None
        self._last_played = -1
        #: (due, name) of the tones begun lately: one handed over again when due is not doubled.
        self._begun: list[tuple[float, str]] = []

    # ----- prepared before the workout (see QtSoundSink.prepare): the tones read, not QSoundEffects

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
        self._effects = {}
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
        """Opens the stream for a workout (silence until a tone is due); once the tones are read,
        when they are not yet."""
        if self._sink is not None or self._problem:
            return
        if not self._tones:
            self._open_when_ready = True
            return
        self._open_when_ready = False
        sink, device = self.open_sink(self)
        if sink is None:
            self._fail(SOUND_STOPPED)
            return
        self._device = device
        self._sink = sink
        self._finishing = False
        self.written = 0
        self._stalled_since, self._last_played = None, -1
        self.feed()
        self.timer.start()

    def close(self) -> None:
        self._open_when_ready = False
        self.timer.stop()
        self.upcoming.clear()
        self._current = None
        if self._sink is not None:
            self._sink.stop()
            self._sink.deleteLater()
        self._sink = self._device = None

    def finish(self) -> None:
        """The workout ended: the stream closes once the tones told have played out."""
        self._finishing = True

    def pause(self) -> None:
        """Nothing to play for a while (the workout is paused): no timer runs, the sink rests."""
        self.upcoming.clear()
        self._current = None
        if self._sink is not None:
            self.timer.stop()
            self._sink.suspend()

    def resume(self) -> None:
        if self._sink is not None and not self.timer.isActive():
            self._sink.resume()
            self._stalled_since = None  # a pause is no stall
            self.timer.start()

    # ----- tones

    def schedule(self, tones: list[tuple[float, str]], volume: float) -> None:
        """The tones to come, at monotonic times: they replace those told before that have not
        started (a command may have changed what comes)."""
        self.upcoming = sorted((at, name, volume) for at, name in tones)

    def play(self, name: str, volume: float, due: float | None = None) -> None:
        """A tone due now (``due``: when it was due, on the monotonic clock); nothing when the
        same tone was told ahead for that moment."""
        if self._sink is None:
            return
        due = self.clock() if due is None else due
        for at, told, _ in self.upcoming:
            if told == name and abs(at - due) < SAME_TONE_S:
                return
        if any(told == name and abs(at - due) < SAME_TONE_S for at, told in self._begun):
            return
        self.upcoming.append((due, name, volume))
        self.upcoming.sort()

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
        if self._finishing and self._current is None and not self.upcoming:
            if played >= self.written:  # all written has played: the last tone is heard whole
                self.close()
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
            self._copy_current(chunk, pos, end)
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

    def _copy_current(self, chunk: bytearray, pos: int, end: int) -> None:
        """Copies the sounding tone into ``chunk`` from frame ``pos`` up to ``end``."""
        if self._current is None or pos >= end:
            return
        data, done = self._current
        take = min(end - pos, (len(data) - done) // 2)
        chunk[2 * pos:2 * (pos + take)] = data[done:done + 2 * take]
        done += 2 * take
        self._current = None if done >= len(data) else (data, done)

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
