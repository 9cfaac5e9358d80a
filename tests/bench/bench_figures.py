"""Figures: one frame drawn at floor-mode size (1920x1080) and at player size, and the CPU of a
figure moving without pause (a 2 s UP over and over, as in a workout's moving parts).

Baseline of the same run: a frame that only fills the background (what any repaint costs).
Targets (issue 18): a frame at 1920x1080 <= 2 ms at p99.
"""

from __future__ import annotations

import os
import resource
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FRAMES = 300


def _percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _frame_ms(width: int, height: int, draw_body: bool) -> list[float]:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter, QPalette

    from coach.core.routines.figure_format import pose_at
    from coach.core.routines.figure_library import FigureLibrary
    from coach.gui.figure_view import body_for, frame_of, paint_body

    figure = FigureLibrary().get("bridges")
    frame = frame_of(figure)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    palette = QPalette()
    times = []
    for i in range(FRAMES):
        started = time.perf_counter()
        painter = QPainter(image)
        painter.fillRect(0, 0, width, height, QColor("#0b5d1e"))
        if draw_body:
            body = body_for(figure, pose_at(figure, "rep", "up", i / FRAMES), None)
            paint_body(painter, QRectF(0, 0, width, height), body, frame, palette, figure.view)
        painter.end()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _moving_cpu(seconds: float = 5.0) -> dict:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from coach.core.routines.figure_library import FigureLibrary
    from coach.gui.figure_view import FigureView

    app = QApplication.instance() or QApplication([])
    view = FigureView(clock=time.monotonic)
    view.resize(450, 300)
    view.show()
    figure = FigureLibrary().get("bridges")
    start = time.monotonic()

    def snapshot() -> None:  # what the driver sends ten times a second
        view.show_moment(figure, "rep", "up", (time.monotonic() - start) % 2.0, 2.0, running=True)

    snapper = QTimer()
    snapper.timeout.connect(snapshot)
    snapper.start(100)
    snapshot()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    before, wall0 = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
    app.exec()
    after, wall = resource.getrusage(resource.RUSAGE_SELF), time.monotonic() - wall0
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    snapper.stop()
    return {"figure_moving_cpu_percent": round(100 * cpu / wall, 2),
            "figure_frames_per_second": round(view.frames_drawn / wall, 1)}


def run() -> dict:
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication([])
    floor = _frame_ms(1920, 1080, True)
    floor_base = _frame_ms(1920, 1080, False)
    player = _frame_ms(450, 300, True)
    figures = {
        "figure_frame_1920x1080_p50_ms": round(_percentile(floor, 50), 3),
        "figure_frame_1920x1080_p99_ms": round(_percentile(floor, 99), 3),
        "baseline_fill_1920x1080_p99_ms": round(_percentile(floor_base, 99), 3),
        "figure_frame_450x300_p99_ms": round(_percentile(player, 99), 3),
    }
    figures["figure_frame_over_fill_p99_ms"] = round(figures["figure_frame_1920x1080_p99_ms"]
                                                     - figures["baseline_fill_1920x1080_p99_ms"], 3)
    figures.update(_moving_cpu())
    return figures
