"""tools/figure_animation.py: the APNG it writes is read back, frame by frame, as the frames given
(a small decoder here: chunks, CRCs, sequence numbers, sub-frames drawn over the last one)."""

from __future__ import annotations

import importlib.util
import struct
import sys
import zlib
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parents[1] / "tools" / "figure_animation.py"


def _tool():
    spec = importlib.util.spec_from_file_location("figure_animation", TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules["figure_animation"] = module
    spec.loader.exec_module(module)
    return module


def _read_apng(data: bytes):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, chunks = 8, []
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF, kind
        chunks.append((kind, body))
        at += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND"
    width, height, depth, colour = struct.unpack(">IIBB", chunks[0][1][:10])
    assert (depth, colour) == (8, 6)
    frames_declared, plays = struct.unpack(">II", next(b for k, b in chunks if k == b"acTL"))
    canvas = bytearray(width * height * 4)
    frames, sequence, control = [], 0, None
    for kind, body in chunks:
        if kind == b"fcTL":
            seq, w, h, x, y, num, den, dispose, blend = struct.unpack(">IIIIIHHBB", body)
            assert seq == sequence
            sequence += 1
            assert x + w <= width and y + h <= height
            control = (w, h, x, y, num / den)
        elif kind in (b"IDAT", b"fdAT"):
            if kind == b"fdAT":
                (seq,) = struct.unpack(">I", body[:4])
                assert seq == sequence
                sequence += 1
                body = body[4:]
            w, h, x, y, _delay = control
            raw = zlib.decompress(body)
            assert len(raw) == h * (1 + 4 * w)
            for r in range(h):
                line = raw[r * (1 + 4 * w):(r + 1) * (1 + 4 * w)]
                assert line[0] == 0
                start = ((y + r) * width + x) * 4
                canvas[start:start + 4 * w] = line[1:]
            frames.append((bytes(canvas), control[4]))
    assert len(frames) == frames_declared
    return width, height, plays, frames


def _frame(width: int, height: int, dot: tuple[int, int] | None) -> bytes:
    pixels = bytearray(b"\xff\xff\xff\xff" * width * height)
    if dot is not None:
        at = (dot[1] * width + dot[0]) * 4
        pixels[at:at + 4] = b"\x10\x20\x30\xff"
    return bytes(pixels)


def test_the_frames_written_are_the_frames_read(tmp_path: Path) -> None:
    tool = _tool()
    frames = [_frame(40, 30, None), _frame(40, 30, (3, 4)), _frame(40, 30, (3, 4)), _frame(40, 30, (37, 29))]
    out = tmp_path / "rep.png"
    tool.write_apng(out, frames, 40, 30, delay_ms=80)
    width, height, plays, read = _read_apng(out.read_bytes())
    assert (width, height, plays) == (40, 30, 0)
    assert [pixels for pixels, _delay in read] == frames
    assert all(delay == pytest.approx(0.08) for _pixels, delay in read)
    assert not list(tmp_path.glob("*.part"))


def test_a_frame_of_the_wrong_size_is_refused(tmp_path: Path) -> None:
    tool = _tool()
    with pytest.raises(ValueError):
        tool.write_apng(tmp_path / "x.png", [b"\x00" * 10], 4, 4, 100)
    with pytest.raises(ValueError):
        tool.write_apng(tmp_path / "x.png", [], 4, 4, 100)


def test_one_rep_of_the_bridge_moves(qapp) -> None:  # noqa: ARG001 - renders with Qt
    tool = _tool()
    frames = tool.render_frames("bridges", [("up", 1.0), ("down", 1.0)], (120, 80), fps=4)
    assert len(frames) == 8 and all(len(f) == 120 * 80 * 4 for f in frames)
    assert frames[0] != frames[4]  # the top of the rep is not its start
