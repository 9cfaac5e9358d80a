"""Startup of the main window against a bare PySide6 window, measured in the same run.

A third program, a plain PySide6 window with the same kinds of content as Coach's first screen
(TEXT_WINDOW), is measured too: it shows how much of the gap PySide6 itself needs to show text.

Each program runs as a fresh process that prints a line when its window is first painted; the
time is from spawning it to reading that line, the memory its peak RSS: VmHWM, which the child
reads itself as it exits. (ru_maxrss from wait4 would not do: Linux carries the parent's peak
into a child, so every child of this large benchmark process reported the same figure.)
Runs alternate between the programs; medians of RUNS each, with the raw figures.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 7
SHOWN = "shown"

#: The baseline: what any PySide6 program pays to show one empty window.
BARE_WINDOW = f"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            print({SHOWN!r}, file=sys.stderr, flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
watch = Watch()
window.installEventFilter(watch)
window.show()
app.exec()
"""


#: Not a target, a yardstick: the least any window showing what Coach's first screen shows pays
#: on top of the bare one, in PySide6 alone. A list of three routines, a page of rich text, a
#: docked list of questions and a menu bar; it uses the Qt namespace (an alignment, the dock
#: area), which PySide6 builds with its ~90 enums on first use. Coach's figures against it say
#: how much of the gap is Coach's own code.
TEXT_WINDOW = BARE_WINDOW.replace("window.resize(1280, 800)\n", """window.resize(1280, 800)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QListWidget, QSplitter
split = QSplitter()
routines = QListWidget()
routines.addItems(["Gentle back stretching", "Lower back basics", "Runner's core, 5 minutes"])
split.addWidget(routines)
page = QLabel("<h1>Lower back basics</h1><p>9 exercises, about 18 min in all</p>"
              + "<h3>Bridges</h3><p>2 sets x 10 reps. Lie on your back, knees bent, and lift your hips.</p>" * 6)
page.setWordWrap(True)
page.setAlignment(Qt.AlignmentFlag.AlignTop)
split.addWidget(page)
window.setCentralWidget(split)
dock = QDockWidget("FAQ")
questions = QListWidget()
questions.setWordWrap(True)
questions.addItems(["How do I prevent lower back pain when running?", "Is it OK to run with lower back pain?"] * 3)
dock.setWidget(questions)
window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
for menu in ("&File", "&Routine", "&Workout", "&View", "&Help"):
    window.menuBar().addMenu(menu)
""")
assert TEXT_WINDOW != BARE_WINDOW


PEAK = "peak_rss_kib="
#: Run a program's code, then say its peak RSS on the way out.
WITH_PEAK_REPORT = f"""
import atexit, re, sys
def _report():
    status = open("/proc/self/status").read()
    print({PEAK!r} + re.search(r"VmHWM:\\s+(\\d+)", status).group(1), file=sys.stderr, flush=True)
atexit.register(_report)
"""
COACH = WITH_PEAK_REPORT + "import runpy; runpy.run_module('coach', run_name='__main__')\n"
BARE = WITH_PEAK_REPORT + BARE_WINDOW
TEXT = WITH_PEAK_REPORT + TEXT_WINDOW


def measure(argv: list[str], env: dict[str, str], marker: str) -> tuple[float, float]:
    """(seconds to the first paint, peak RSS in MiB) of one run."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    shown_at = peak_kib = None
    for line in child.stderr:
        if marker in line and shown_at is None:
            shown_at = time.perf_counter()
        if line.startswith(PEAK):
            peak_kib = int(line[len(PEAK):])
    child.wait()
    if shown_at is None or peak_kib is None or child.returncode != 0:
        raise RuntimeError(f"{argv} did not show its window (exit {child.returncode})")
    return shown_at - started, peak_kib / 1024


def run() -> dict:
    from coach.gui.app import QUIT_WHEN_SHOWN_ENV, SHOWN_MESSAGE

    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "COACH_DATA_DIR": str(Path(data) / "coach"), QUIT_WHEN_SHOWN_ENV: "1"}
        # Measure Coach as installed, with its bytecode cached (pip compiles it at install time;
        # the warm-up run below writes it for a source checkout). Without the cache every start
        # compiles all of Coach's modules again, which the bare window, all in site-packages, never pays.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        bare, text, coach = [], [], []
        measure([sys.executable, "-c", COACH], env, SHOWN_MESSAGE)  # warm the disk caches once
        measure([sys.executable, "-c", BARE], env, SHOWN)
        measure([sys.executable, "-c", TEXT], env, SHOWN)
        for _ in range(RUNS):
            bare.append(measure([sys.executable, "-c", BARE], env, SHOWN))
            coach.append(measure([sys.executable, "-c", COACH], env, SHOWN_MESSAGE))
            text.append(measure([sys.executable, "-c", TEXT], env, SHOWN))
    bare_s = statistics.median(t for t, _ in bare)
    text_s = statistics.median(t for t, _ in text)
    coach_s = statistics.median(t for t, _ in coach)
    bare_mb = statistics.median(m for _, m in bare)
    text_mb = statistics.median(m for _, m in text)
    coach_mb = statistics.median(m for _, m in coach)
    return {
        "runs": RUNS,
        "startup_ratio": round(coach_s / bare_s, 3),
        "peak_rss_ratio": round(coach_mb / bare_mb, 3),
        "coach_startup_s": round(coach_s, 3),
        "bare_window_startup_s": round(bare_s, 3),
        "coach_peak_rss_mib": round(coach_mb, 1),
        "bare_window_peak_rss_mib": round(bare_mb, 1),
        "text_window_startup_ratio": round(text_s / bare_s, 3),
        "text_window_peak_rss_ratio": round(text_mb / bare_mb, 3),
        "coach_vs_text_window_startup": round(coach_s / text_s, 3),
        "coach_vs_text_window_peak_rss": round(coach_mb / text_mb, 3),
        "raw_coach_s": [round(t, 3) for t, _ in coach],
        "raw_bare_s": [round(t, 3) for t, _ in bare],
        "raw_coach_mib": [round(m, 1) for _, m in coach],
        "raw_bare_mib": [round(m, 1) for _, m in bare],
        "raw_text_window_s": [round(t, 3) for t, _ in text],
        "raw_text_window_mib": [round(m, 1) for _, m in text],
        "targets": "startup_ratio <= 1.3, peak_rss_ratio <= 1.3",
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
