"""What the sound stream plays, piece by piece: each tone placed at the sample heard at its deadline.

The stream's thread asks for the next piece of sound with the moment its first sample will be
heard (:meth:`ToneMixer.fill`); every tone due within the piece starts at the sample heard at its
deadline, a tone already due starts at the first sample. One tone sounds at a time: a new tone ends
the one still sounding with a 5 ms fade, so nothing of one tone is heard in the next, and each
plays whole, with its own fade-out, when there is room. Pure Python, no Qt, no waiting: the window's
thread tells the tones (under the stream's lock) while the stream's thread fills.
"""

from __future__ import annotations

import array
import sys

RATE = 44100
#: The fade that ends a tone cut short by the next one.
CUT_FADE = RATE // 200
#: Two cues for the same tone this close are one (the tone was told ahead and then handed over).
SAME_TONE_S = 0.003


class ToneMixer:
    """The tones to come (``tell``, ``add``) turned into pieces of sound (``fill``)."""

    def __init__(self, tones: dict[str, array.array]) -> None:
        self.tones = tones
        self._scaled: dict[tuple[str, float], bytes] = {}
        #: Tones to come: (monotonic time, name, volume), in time order.
        self.upcoming: list[tuple[float, str, float]] = []
        #: The tone sounding: its bytes and how many of them are written.
        self._current: tuple[bytes, int] | None = None
        #: Every tone started, as (monotonic time it is heard at, name), for tests and the bench.
        self.started: list[tuple[float, str]] = []
        #: (due, name) of the tones begun lately: one handed over again when due is not doubled.
        self._begun: list[tuple[float, str]] = []
        #: When the end of the last tone written is heard.
        self.sound_until = float("-inf")

    def tell(self, tones: list[tuple[float, str]], volume: float) -> None:
        """The tones to come, at monotonic times: they replace those told before that have not
        started (a command may have changed what comes). One already begun is not begun again (the
        driver tells what is due after now, and a tone starts a piece ahead of its deadline)."""
        self.upcoming = sorted((at, name, volume) for at, name in tones
                               if not any(told == name and abs(at - due) < SAME_TONE_S for due, told in self._begun))

    def add(self, due: float, name: str, volume: float) -> bool:
        """A tone due at ``due``; False when the same tone was told or begun for that moment."""
        if any(told == name and abs(at - due) < SAME_TONE_S for at, told, _ in self.upcoming):
            return False
        if any(told == name and abs(at - due) < SAME_TONE_S for at, told in self._begun):
            return False
        self.upcoming.append((due, name, volume))
        self.upcoming.sort()
        return True

    def forget(self) -> None:
        """Nothing more is played: the tones told and the one sounding are dropped."""
        self.upcoming.clear()
        self._current = None

    def done(self, now: float) -> bool:
        """Nothing is told, nothing sounds, and the last tone has been heard whole by ``now``."""
        return not self.upcoming and self._current is None and now >= self.sound_until

    def fill_to_end(self, at: float, frames: int, limit_s: float) -> bytes:
        """Pieces of ``frames`` from ``at`` until every tone told has been written whole (at most
        ``limit_s`` of sound): the end of a workout, written at once."""
        pieces = [self.fill(at, frames)]
        while (self.upcoming or self._current is not None) and len(pieces) * frames < limit_s * RATE:
            pieces.append(self.fill(at + len(pieces) * frames / RATE, frames))
        return b"".join(pieces)

    def fill(self, at: float, frames: int) -> bytes:
        """The next ``frames`` samples (16 bit, little-endian), the first of them heard at ``at``."""
        chunk = bytearray(2 * frames)
        fades = []
        pos = 0
        while pos < frames:
            start = max(0, round((self.upcoming[0][0] - at) * RATE)) if self.upcoming else None
            if start is not None and start <= pos:
                due, name, volume = self.upcoming.pop(0)
                data = self._bytes(name, volume)
                if data is None:
                    continue
                if self._current is not None:
                    fades.append((pos, self._cut()))
                self._current = (data, 0)
                self.started.append((at + pos / RATE, name))
                self._begun = [*self._begun[-3:], (due, name)]
                continue
            end = frames if start is None else min(frames, start)
            taken = self._copy_current(chunk, pos, end)
            if taken:
                self.sound_until = at + (pos + taken) / RATE
            pos = end  # the rest up to ``end`` is silence (the chunk is zeros)
        for pos, faded in fades:
            room = min(len(faded), frames - pos)
            mixed = array.array("h", bytes(chunk[2 * pos:2 * (pos + room)]))
            if sys.byteorder != "little":
                mixed.byteswap()
            for i in range(room):
                mixed[i] = max(-32768, min(32767, mixed[i] + faded[i]))
            if sys.byteorder != "little":
                mixed.byteswap()
            chunk[2 * pos:2 * (pos + room)] = mixed.tobytes()
        return bytes(chunk)

    def _bytes(self, name: str, volume: float) -> bytes | None:
        tone = self.tones.get(name)
        if tone is None:
            return None
        key = (name, round(volume, 3))
        if key not in self._scaled:
            scaled = array.array("h", (int(v * volume) for v in tone))
            if sys.byteorder != "little":
                scaled.byteswap()
            self._scaled[key] = scaled.tobytes()
        return self._scaled[key]

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
