"""Figures: one frame drawn at floor-mode size (1920x1080) and at player size, the same frames
drawn by the real widget (its frame timer's work, then Qt's repaint of what changed), the CPU
of a figure moving without pause (a 2 s UP over and over, as in a workout's moving parts), and the
CPU of `coach run` playing a tempo workout with the figure and, as baseline, without one.

Every frame is a new pose of a moving figure (bridges, through UP), computed and drawn: nothing
is cached between frames but the disc images and pens of coach.gui.figure_render.
Baseline of the same run: a frame that only fills the background (what any repaint costs).
Each time is given as wall time and as the CPU time of the drawing thread: on this shared machine
the wall time's p99 mostly measures other programs (the baseline's own p99 shows how much).
Targets (issue 18): a frame at 1920x1080 <= 2 ms at p99; CPU of a moving figure <= 3% of a core.
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


def _frame_ms(width: int, height: int, draw_body: bool) -> tuple[list[float], list[float]]:
    """(wall ms, thread CPU ms) of each frame drawn into a QImage."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter, QPalette

    from coach.core.routines.figure_format import pose_at
    from coach.core.routines.figure_library import FigureLibrary
    from coach.gui.figure_render import body_for, frame_of, paint_body

    figure = FigureLibrary().get("bridges")
    frame = frame_of(figure)
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    palette = QPalette()
    wall, cpu = [], []
    for i in range(FRAMES):
        started, started_cpu = time.perf_counter(), time.thread_time()
        painter = QPainter(image)
        painter.fillRect(0, 0, width, height, QColor("#0b5d1e"))
        if draw_body:
            body = body_for(figure, pose_at(figure, "rep", "up", i / FRAMES), None)
            paint_body(painter, QRectF(0, 0, width, height), body, frame, palette, figure.view)
        painter.end()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
    return wall, cpu


def _widget_frame_ms(width: int, height: int) -> tuple[list[float], list[float], int]:
    """(wall ms, thread CPU ms, frames painted) of the real FigureView's frames: the frame timer's
    slot (the pose 1/30 s on, its body, where to repaint) and Qt's repaint of that region."""
    from PySide6.QtWidgets import QApplication

    from coach.core.routines.figure_library import FigureLibrary
    from coach.gui.figure_view import FigureView

    app = QApplication.instance()
    now = [0.0]
    view = FigureView(clock=lambda: now[0])
    view.resize(width, height)
    view.show()
    figure = FigureLibrary().get("bridges")
    duration = FRAMES * view.timer.interval() / 1000
    view.show_moment(figure, "rep", "up", 0.0, duration, running=True)
    app.processEvents()
    view.timer.stop()  # its frames are driven here, one by one, on the fake clock
    drawn = view.frames_drawn
    wall, cpu = [], []
    for _ in range(FRAMES - 1):
        now[0] += view.timer.interval() / 1000
        started, started_cpu = time.perf_counter(), time.thread_time()
        view.next_frame()
        app.processEvents()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
    painted = view.frames_drawn - drawn
    view.close()
    return wall, cpu, painted


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
    drawn = view.frames_drawn
    QTimer.singleShot(int(seconds * 1000), app.quit)
    before, wall0 = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
    app.exec()
    after, wall = resource.getrusage(resource.RUSAGE_SELF), time.monotonic() - wall0
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    snapper.stop()
    view.close()
    return {"figure_moving_cpu_percent": round(100 * cpu / wall, 2),
            "figure_frames_per_second": round((view.frames_drawn - drawn) / wall, 1)}


def run() -> dict:
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication([])
    _frame_ms(1920, 1080, True)  # warm up: disc images, pens, the first paint's set-up
    floor, floor_cpu = _frame_ms(1920, 1080, True)
    base, base_cpu = _frame_ms(1920, 1080, False)
    player, player_cpu = _frame_ms(450, 300, True)
    widget, widget_cpu, painted = _widget_frame_ms(1920, 1080)
    r = lambda v: round(v, 3)  # noqa: E731
    figures = {
        "figure_frame_1920x1080_p50_ms": r(_percentile(floor, 50)),
        "figure_frame_1920x1080_p99_ms": r(_percentile(floor, 99)),
        "figure_frame_1920x1080_cpu_p50_ms": r(_percentile(floor_cpu, 50)),
        "figure_frame_1920x1080_cpu_p99_ms": r(_percentile(floor_cpu, 99)),
        "baseline_fill_1920x1080_p99_ms": r(_percentile(base, 99)),
        "baseline_fill_1920x1080_cpu_p99_ms": r(_percentile(base_cpu, 99)),
        "figure_widget_frame_1920x1080_p50_ms": r(_percentile(widget, 50)),
        "figure_widget_frame_1920x1080_p99_ms": r(_percentile(widget, 99)),
        "figure_widget_frame_1920x1080_cpu_p99_ms": r(_percentile(widget_cpu, 99)),
        "figure_widget_frames_painted": painted,
        "figure_frame_450x300_p99_ms": r(_percentile(player, 99)),
        "figure_frame_450x300_cpu_p99_ms": r(_percentile(player_cpu, 99)),
    }
    figures["figure_frame_over_fill_p99_ms"] = r(figures["figure_frame_1920x1080_p99_ms"]
                                                 - figures["baseline_fill_1920x1080_p99_ms"])
    figures.update(_moving_cpu())
    # A tempo workout played by `coach run` (20 s of reps after get ready) with the figure, and as
    # the same run's baseline the same workout with an exercise that has no figure.
    figures["workout_with_figure_cpu_percent"] = _workout_cpu(True)
    figures["workout_without_figure_cpu_percent"] = _workout_cpu(False)
    figures["workout_figure_cost_cpu_percent"] = round(figures["workout_with_figure_cpu_percent"]
                                                       - figures["workout_without_figure_cpu_percent"], 2)
    figures["targets"] = ("a frame at 1920x1080 <= 2 ms at p99 (figure_frame_1920x1080_*; the widget's "
                          "frames beside them); a moving figure <= 3% of a core at about 30 frames a second; "
                          "a tempo workout with its figure <= 3% of a core")
    return figures


#: A tempo workout that moves most of the time: 5 s get ready, 5 reps of 2 s up and 2 s down.
WORKOUT = """\
id: figure-cpu
name: Figure CPU
get_ready: 5s
exercises:
  - name: {name}
    reps: 5
    tempo: {{up: 2s, down: 2s}}
"""


def _workout_cpu(figure_shown: bool) -> float:
    """CPU (% of a core) of `coach run` from the workout's start to its end, in the offscreen
    window; without the figure the exercise is named so that no figure is found."""
    import json
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    ticks = os.sysconf("SC_CLK_TCK")

    def cpu_of(pid: int) -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        routine = folder / "figure-cpu.yaml"
        routine.write_text(WORKOUT.format(name="Bridges" if figure_shown else "Hip lifts"), encoding="utf-8")
        log = folder / "events.jsonl"
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COACH_DATA_DIR": str(folder / "data"),
               "COACH_QUIT_WHEN_FINISHED": "1"}
        child = subprocess.Popen([sys.executable, "-m", "coach", "run", str(routine), "--no-checkin",
                                  "--event-log", str(log)], env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        marks = {}
        while child.poll() is None and "end" not in marks:
            text = log.read_text(encoding="utf-8") if log.exists() else ""
            events = [json.loads(line)["event"] for line in text.splitlines() if line.endswith("}")]
            now = (cpu_of(child.pid), time.monotonic())
            if "start" not in marks and events.count("phase_started") >= 2:  # get ready is over
                marks["start"] = now
            if "workout_finished" in events:
                marks["end"] = now
            time.sleep(0.05)
        child.wait()
    (cpu0, wall0), (cpu1, wall1) = marks["start"], marks["end"]
    return round(100 * (cpu1 - cpu0) / (wall1 - wall0), 2)
