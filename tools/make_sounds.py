"""Makes the short cue tones in resources/sounds (standard library only: wave + math).

Run ``python tools/make_sounds.py`` after changing a tone; the WAV files are committed.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 44100
OUT = Path(__file__).resolve().parents[1] / "resources" / "sounds"

#: cue -> list of (start Hz, end Hz, seconds, loudness 0..1); a 0 Hz part is silence.
#: Each cue has its own shape so they can be told apart without looking: rising for up,
#: falling for down, one short blip for a countdown tick, a chord run for complete.
TONES: dict[str, list[tuple[float, float, float, float]]] = {
    "tick": [(1046.5, 1046.5, 0.07, 0.55)],
    "go": [(784.0, 784.0, 0.12, 0.7), (0, 0, 0.03, 0), (1174.7, 1174.7, 0.25, 0.8)],
    "up": [(523.3, 880.0, 0.18, 0.6)],
    "hold": [(659.3, 659.3, 0.22, 0.5)],
    "down": [(880.0, 523.3, 0.18, 0.6)],
    "rest": [(440.0, 440.0, 0.15, 0.5), (0, 0, 0.06, 0), (349.2, 349.2, 0.3, 0.5)],
    "complete": [(523.3, 523.3, 0.14, 0.6), (659.3, 659.3, 0.14, 0.6),
                 (784.0, 784.0, 0.14, 0.6), (1046.5, 1046.5, 0.45, 0.7)],
}


def render(parts: list[tuple[float, float, float, float]]) -> bytes:
    frames = bytearray()
    for start_hz, end_hz, seconds, loudness in parts:
        count = int(RATE * seconds)
        fade = min(int(RATE * 0.008), count // 2)  # short fades so no part clicks
        phase = 0.0
        for i in range(count):
            hz = start_hz + (end_hz - start_hz) * i / max(1, count - 1)
            phase += 2 * math.pi * hz / RATE
            envelope = min(1.0, i / fade if fade else 1.0, (count - 1 - i) / fade if fade else 1.0)
            # A touch of the octave makes small laptop speakers carry the tone better.
            sample = loudness * envelope * (0.8 * math.sin(phase) + 0.2 * math.sin(2 * phase))
            frames += struct.pack("<h", int(max(-1.0, min(1.0, sample)) * 32000))
    return bytes(frames)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, parts in TONES.items():
        with wave.open(str(OUT / f"{name}.wav"), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(render(parts))
        print(OUT / f"{name}.wav")


if __name__ == "__main__":
    main()
