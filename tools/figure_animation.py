"""Draws one rep of a figure, frame by frame, into an animated PNG (APNG) written with the standard
library (zlib and struct): a browser plays it in the README, anything else shows its first frame.

    python tools/figure_animation.py docs/screenshots/bridge-rep.png
    python tools/figure_animation.py /tmp/cat.png --figure cat-stretches --tempo up:3,hold:2,down:3

The figure moves exactly as the player moves it (coach.core.routines.figure_preview and the
player's drawing), named by its part (UP, HOLD, DOWN); no Xvfb needed (offscreen rendering).
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
import zlib
from pathlib import Path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _changed_box(before: bytes, after: bytes, width: int, height: int, block: int = 8) -> tuple[int, int, int, int]:
    """(x, y, w, h) of the pixels that differ (in blocks of ``block`` columns); 1x1 when none do."""
    row = width * 4
    rows = [y for y in range(height) if before[y * row:(y + 1) * row] != after[y * row:(y + 1) * row]]
    if not rows:
        return 0, 0, 1, 1
    top, bottom = rows[0], rows[-1] + 1
    columns = [bx for bx in range(0, width, block)
               if any(before[y * row + bx * 4:y * row + min(width, bx + block) * 4]
                      != after[y * row + bx * 4:y * row + min(width, bx + block) * 4] for y in rows)]
    left, right = columns[0], min(width, columns[-1] + block)
    return left, top, right - left, bottom - top


def write_apng(path: Path, frames: list[bytes], width: int, height: int, delay_ms: int, plays: int = 0) -> None:
    """Writes ``frames`` (each ``height`` rows of ``width`` RGBA pixels, 8 bits a channel) as an
    APNG showing each for ``delay_ms``, looping ``plays`` times (0: for ever); atomically."""
    if not frames:
        raise ValueError("an animation needs at least one frame")
    row = width * 4
    out = [PNG_SIGNATURE,
           _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)),
           _chunk(b"acTL", struct.pack(">II", len(frames), plays))]
    sequence = 0
    previous = None
    for number, pixels in enumerate(frames):
        if len(pixels) != row * height:
            raise ValueError(f"frame {number} has {len(pixels)} bytes, not {row * height}")
        # After the first frame, only the box that changed is stored (drawn over the last frame).
        x, y, w, h = (0, 0, width, height) if previous is None else _changed_box(previous, pixels, width, height)
        previous = pixels
        # Each row starts with its filter type: 0 (none); zlib does the rest.
        raw = b"".join(b"\x00" + pixels[(y + r) * row + x * 4:(y + r) * row + (x + w) * 4] for r in range(h))
        data = zlib.compress(raw, 9)
        out.append(_chunk(b"fcTL", struct.pack(">IIIIIHHBB", sequence, w, h, x, y, delay_ms, 1000, 0, 0)))
        sequence += 1
        if number == 0:
            out.append(_chunk(b"IDAT", data))  # the first frame is also the still picture
        else:
            out.append(_chunk(b"fdAT", struct.pack(">I", sequence) + data))
            sequence += 1
    out.append(_chunk(b"IEND", b""))
    temporary = path.with_name(path.name + ".part")
    temporary.write_bytes(b"".join(out))
    os.replace(temporary, path)


def render_frames(figure_name: str, tempo: list[tuple[str, float]], size: tuple[int, int],
                  fps: int) -> list[bytes]:
    """One rep of ``figure_name`` at ``tempo``, ``fps`` frames a second, as RGBA bytes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPalette

    from coach.core.routines.figure_library import FigureLibrary
    from coach.core.routines.figure_preview import PART_WORDS, preview_pose, rep_seconds, rep_steps, step_at
    from coach.gui.figure_view import body_for, frame_of, paint_body

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts need it
    figure = FigureLibrary().get(figure_name)
    if figure is None:
        raise SystemExit(f"figure_animation: there is no figure {figure_name!r}")
    steps = rep_steps(figure, tempo)
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#1f1f1f"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#1565c0"))
    width, height = size
    frames = []
    count = max(1, round(rep_seconds(steps) * fps))
    for number in range(count):
        elapsed = number / fps
        image = QImage(width, height, QImage.Format.Format_RGBA8888)
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        margin = height * 0.06
        rect = QRectF(margin, margin + height * 0.14, width - 2 * margin, height * 0.86 - 2 * margin)
        paint_body(painter, rect, body_for(figure, preview_pose(steps, elapsed), None), frame_of(figure),
                   palette, figure.view)
        step, _fraction = step_at(steps, elapsed)
        font = QFont()
        font.setBold(True)
        font.setPixelSize(round(height * 0.1))
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        painter.drawText(QRectF(margin, margin * 0.5, width - 2 * margin, height * 0.14),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         PART_WORDS.get(step.part, step.part.upper()))
        painter.end()
        frames.append(bytes(image.constBits())[: width * height * 4])
    return frames


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--figure", default="bridges")
    parser.add_argument("--tempo", default="up:2,hold:1,down:2,pause:1",
                        help="the rep's parts and their seconds (default: %(default)s)")
    parser.add_argument("--size", default="420x260")
    parser.add_argument("--fps", type=int, default=12)
    args = parser.parse_args(argv)
    tempo = [(part, float(seconds)) for part, seconds in (p.split(":") for p in args.tempo.split(","))]
    width, height = (int(n) for n in args.size.split("x"))
    frames = render_frames(args.figure, tempo, (width, height), args.fps)
    write_apng(args.out, frames, width, height, round(1000 / args.fps))
    print(f"{args.out}: {len(frames)} frames, {args.out.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main(sys.argv[1:]))
