"""Tones on time: each tone written into a sound stream at the sample heard at its deadline.

While a workout plays, a thread of its own keeps one stream open on the sound server
(coach/gui/pulse_stream.py) and hands it a piece of sound whenever the server has room (every
50 ms, about 200 ms ahead of what is heard). Before each piece it asks the server how long until
the next sample written is heard (``latency``), so the piece's first sample is heard at
``now + latency``; the mixer (coach/gui/tone_mixer.py) places every tone due within the piece at
the sample heard at its deadline. The driver tells the tones 1.5 s before they are due
(``schedule``), so each one is in place long before the server needs it; a tone known only when
it is due (a command such as "next") starts in the next piece, about 200 ms later.

The window's thread never waits for the sound server: it only tells the mixer the tones to come,
under a lock the stream's thread holds for the moment it takes to fill a piece (well under a
millisecond). The stream's thread wakes 20 times a second: about 0.6% of a core, with libpulse's
own thread, while a workout plays (docs/TIMING.md). It closes the stream when the workout is
paused (and opens a new one when it goes on) and once the last tone has been heard after the
workout ended.

Before the workout starts (``prepare``), the sound server is asked in a helper thread, with a time
limit (connecting waits as long as the server does: up to libpulse's 30 s), and the tones are read
once it has answered. If the server then stops taking sound (a write or a new connection waits for
more than ``STALL_S``), the tones stop and :attr:`problem_found` says why (the window shows it in
the status bar); a new stream has ``START_S`` to start playing.
"""

from __future__ import annotations

import array
import sys
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from coach.core.files.paths import resources_dir
from coach.gui import pulse_stream
from coach.gui.cue_messages import (
    SOUND_FILE_MISSING, SOUND_LIBRARY_BROKEN, SOUND_NO_LIBRARY, SOUND_NO_SERVER, SOUND_NOT_ANSWERING,
    SOUND_REFUSED, SOUND_STOPPED,
)
from coach.gui.cues import SOUND_NAMES
from coach.gui.tone_mixer import RATE, ToneMixer

#: Each piece of sound handed to the server: the stream asks for pieces of this size.
PIECE = RATE * pulse_stream.PIECE_MS // 1000
#: A server that takes no sound for this long (a write or a connection waiting) has stopped.
STALL_S = 1.0
#: A new stream may wait this long before it starts playing (0.9 s was seen on an idle sink; a
#: device waking from its power saving takes up to about 2 s): its first writes, until the
#: server has taken more than its buffer holds, have this long.
START_S = 3.0
STARTING_PIECES = pulse_stream.BUFFER_MS // pulse_stream.PIECE_MS + 1
#: Once the workout has ended, the tones still to come are written in one piece of at most this
#: long: no wake-up of the stream's thread is needed (with a piece every 25 ms and a buffer of
#: about 60 ms, the workout's busy end left a 35 ms gap in the last tone in 1 of 20 runs).
END_S = 3.0
#: The sound server must answer within this (it answers in about 10 ms; libpulse's own limit,
#: when a server accepts the connection and never answers, is 30 s).
SOUND_START_LIMIT_S = 3.0

# What the stream's thread is asked to do.
_IDLE, _PLAY, _FINISH, _QUIT = "idle", "play", "finish", "quit"


def ask_the_sound_server() -> str:
    """Connects a stream to the sound server and closes it: "" when tones can play, else the
    problem in plain words. Run in a helper thread (it waits as long as the server)."""
    try:
        pulse_stream.connect().close()
    except pulse_stream.SoundServerError as exc:
        if exc.no_library:
            return SOUND_NO_LIBRARY
        return SOUND_NO_SERVER if exc.no_server else SOUND_REFUSED.format(reason=exc)
    return ""


def read_tone(path: Path) -> array.array:
    """The samples of a mono 16 bit 44.1 kHz WAV file; raises ValueError for any other kind."""
    with wave.open(str(path)) as w:
        if (w.getframerate(), w.getsampwidth(), w.getnchannels()) != (RATE, 2, 1):
            raise ValueError(f"{path.name} is not mono 16 bit {RATE} Hz")
        samples = array.array("h", w.readframes(w.getnframes()))
    if sys.byteorder != "little":
        samples.byteswap()
    return samples


class ToneStream(QObject):
    """The sound sink of the cue player: ``prepare`` it, ``open`` it when a workout starts, then
    ``schedule`` tones ahead, or ``play`` one now."""

    #: Sound does not work, and is off for this session: the reason, in plain words.
    problem_found = Signal(str)
    #: The tones are read and can be played.
    ready = Signal()
    _answered = Signal(str)  # from the helper thread
    _broke = Signal(str)  # from the stream's thread

    def __init__(self, folder: Path | None = None, parent: QObject | None = None, *,
                 ask_server: Callable[[], str] = ask_the_sound_server,
                 start_limit_s: float = SOUND_START_LIMIT_S, clock: Callable[[], float] = time.monotonic,
                 connect: Callable[[], object] = pulse_stream.connect) -> None:
        super().__init__(parent)
        self.folder = folder if folder is not None else resources_dir() / "sounds"
        self.ask_server = ask_server
        self.start_limit_s = start_limit_s
        self.clock = clock
        #: Opens a stream on the sound server (waits for it): a pulse_stream.PulseStream.
        self.connect = connect
        self._problem = ""
        self._asked = False
        self._limit = QTimer(self)
        self._limit.setSingleShot(True)
        self._limit.timeout.connect(self._not_answering)
        self._answered.connect(self._on_answer)
        self._broke.connect(self._on_broken)
        #: The tones told (from before they are read: the driver tells them as the workout starts).
        self._mixer = ToneMixer({})
        self._tones_read = False
        #: Every tone started, as (monotonic time it is heard at, name), for tests and the bench.
        self.started = self._mixer.started
        #: A workout plays (from ``open`` to ``close``): tones told are played.
        self.active = False
        self._open_when_ready = False
        self._lock = threading.Lock()  # the mixer's: the window's thread tells, the stream's fills
        self._asked_to = threading.Condition()
        self._want = _IDLE
        self._finishing = False  # the workout ended: a tone told after that is still played
        self._round = 0  # one more at each pause: the stream open then is closed
        self._writer: threading.Thread | None = None
        #: Since when (and for how long at most) the stream's thread waits for the server.
        self._waiting: tuple[float, float] | None = None
        #: How many times a stream was opened, and for how long they were open in all (seconds).
        self.openings = 0
        self.open_seconds = 0.0

    # ----- prepared before the workout: the sound server asked, with a time limit; the tones read

    def prepare(self) -> None:
        """Asks the sound server (once), in a helper thread; returns at once."""
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
        self.close()
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
        self._mixer.tones = tones
        self._tones_read = True
        self.ready.emit()
        if self._open_when_ready:
            self.open()

    # ----- the workout: the stream's thread asked to play, finish, rest

    def open(self) -> None:
        """A workout starts: a stream opens now (once the tones are read, when they are not yet)."""
        if self._problem:
            return
        self.active, self._finishing = True, False
        if not self._tones_read:
            self._open_when_ready = True
            return
        self._open_when_ready = False
        self._ask(_PLAY)

    def finish(self) -> None:
        """The workout ended: the stream closes once the tones told have been heard."""
        if self.active and self._tones_read:
            self._finishing = True
            self._ask(_FINISH)
        else:
            self.close()

    def pause(self) -> None:
        """Nothing to play for a while (the workout is paused): the stream closes; what was told is
        forgotten (the driver tells it again on resuming)."""
        self._forget()
        with self._asked_to:
            self._round += 1
        self._ask(_IDLE)

    def resume(self) -> None:
        """The workout goes on: a stream opens again."""
        if self.active and not self._problem and self._tones_read:
            self._ask(_PLAY)

    def close(self) -> None:
        """No more tones: the workout ended or the window closes."""
        self._open_when_ready = False
        self.active = self._finishing = False
        self._forget()
        self._ask(_IDLE)

    def shutdown(self) -> None:
        """Coach ends: the stream's thread ends too (it is never waited for)."""
        self.close()
        self._ask(_QUIT)

    def _forget(self) -> None:
        with self._lock:
            self._mixer.forget()

    def _ask(self, want: str) -> None:
        with self._asked_to:
            if self._want == _QUIT:
                return
            self._want = want
            self._asked_to.notify()
        if want in (_PLAY, _FINISH) and self._writer is None:
            self._writer = threading.Thread(target=self._write, name="coach-tones", daemon=True)
            self._writer.start()

    # ----- tones

    def schedule(self, tones: list[tuple[float, str]], volume: float) -> None:
        """The tones to come, at monotonic times: they replace those told before that have not
        started (a command may have changed what comes)."""
        if self._stalled():
            return
        with self._lock:
            self._mixer.tell(tones, volume)

    def play(self, name: str, volume: float, due: float | None = None) -> None:
        """A tone due now (``due``: when it was due, on the monotonic clock); nothing when the
        same tone was told ahead for that moment."""
        if not self.active or self._stalled():
            return
        with self._lock:
            self._mixer.add(self.clock() if due is None else due, name, volume)
        if self._finishing:  # the stream may have closed already: it opens again for this tone
            self._ask(_FINISH)

    def _stalled(self) -> bool:
        """True (and the user told) once the stream's thread has waited too long for the server."""
        waiting = self._waiting
        if waiting is None or self._problem:
            return bool(self._problem)
        since, limit = waiting
        if self.clock() - since < limit:
            return False
        self._fail(SOUND_STOPPED)
        return True

    def _on_broken(self, problem: str) -> None:
        if not self._problem:
            self._fail(problem)

    # ----- the stream's thread

    def _write(self) -> None:
        """Opens a stream whenever a workout plays and hands it pieces of sound; never ends on an
        error (it is said, and the thread waits to be asked again)."""
        pulse_stream.name_this_thread(b"coach-tones")
        while True:
            with self._asked_to:
                while self._want == _IDLE:
                    self._asked_to.wait()
                if self._want == _QUIT:
                    return
                this_round = self._round
            try:
                self._waiting = (self.clock(), self.start_limit_s)
                stream = self.connect()
            except Exception as exc:  # noqa: BLE001 - said in plain words, never a traceback
                self._waiting = None
                self._broken(exc)
                continue
            self._waiting = None
            self.openings += 1
            opened = self.clock()
            try:
                self._play_on(stream, this_round)
            except Exception as exc:  # noqa: BLE001
                self._broken(exc)
            finally:
                self._waiting = None
                try:
                    stream.close()
                except Exception:  # noqa: BLE001 - the stream is given up either way
                    pass
                self.open_seconds += self.clock() - opened

    def _play_on(self, stream, this_round: int) -> None:
        mixer = self._mixer
        pieces = 0
        while True:
            with self._asked_to:
                want = self._want
                if want in (_IDLE, _QUIT) or self._round != this_round:
                    return
            ahead = stream.latency()
            now = self.clock()
            with self._lock:
                if want == _FINISH and mixer.done(now):
                    with self._asked_to:
                        if self._want == _FINISH:
                            self._want = _IDLE
                    return
                if want == _FINISH:
                    # The workout's end, written at once: libpulse hands it over from its own
                    # thread, so the window's busy end (history, summary) cannot hold it up.
                    piece = mixer.fill_to_end(now + ahead, PIECE, END_S)
                else:
                    piece = mixer.fill(now + ahead, PIECE)
            limit = START_S if pieces < STARTING_PIECES else STALL_S
            self._waiting = (self.clock(), limit + len(piece) / 2 / RATE)
            stream.write(piece)
            self._waiting = None
            pieces += 1

    def _broken(self, exc: Exception) -> None:
        """The sound server failed the stream: sound is off for the session, and the user told."""
        with self._asked_to:
            if self._want != _QUIT:
                self._want = _IDLE
        if isinstance(exc, pulse_stream.SoundServerError) and exc.no_library:
            problem = SOUND_NO_LIBRARY
        else:
            problem = SOUND_STOPPED
        try:
            self._broke.emit(problem)
        except RuntimeError:  # the stream is gone (the window closed meanwhile)
            pass
