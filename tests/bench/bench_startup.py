"""Startup: Coach's first paint and peak memory, cold and warm, against two plain PySide6 windows.

Six programs, each a fresh process that prints a line when its window is first painted, run in
turn RUNS times each (so the machine's noise falls on all of them alike):

- ``bare``: an empty QMainWindow, what any PySide6 program pays to show a window;
- ``text``: TEXT_WINDOW, a plain PySide6 window with the same kinds of content as Coach's first
  screen (a list of routines, a page of rich text, a docked list of questions, a menu bar);
- ``warm``: Coach as it starts every day, its bytecode written;
- ``cold``: Coach's first start ever: a fresh copy of its source with no bytecode (and
  PYTHONDONTWRITEBYTECODE, so none is written), and a new, empty data folder (no settings);
- ``floor`` and ``floor_cold``: FLOOR_WINDOW, warm and cold as above: TEXT_WINDOW showing the
  routines and questions it read with Coach's core (argparse, PyYAML, ``load_faq``,
  ``load_library``) and nothing of Coach's GUI. Not judged: the ``floor`` figures say what the
  content itself costs, the least a Coach without a precomputed index or cache could pay.

The time is from spawning the process to reading its line; the memory is its peak RSS (VmHWM,
which the child reads itself as it exits, after Coach's after-first-paint work: ru_maxrss from
wait4 would carry this benchmark's own peak into every child). Figures are judged on p99 and max,
as ratios against the baseline measured in the same run (p99 is the nearest rank: with fewer than
100 runs it is the slowest but one, or the max). Targets (issue 16): warm <= 1.3x ``text``, cold
<= 1.5x ``text``, peak RSS <= 1.3x ``bare``.

One more run, not timed, looks at Coach's first frame: what the window shows at its first paint
(the texts of its visible widgets and a picture of it) against what it shows once its start-up
work is done. ``first_frame`` says whether the first frame was empty and which texts came only
later (content dropped from the first frame); both must be none.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 15
SHOWN = "shown"
#: What Coach says when its window was first painted (coach.gui.app.SHOWN_MESSAGE; not imported
#: here, as that would load Qt into this process before the programs below are measured).
COACH_SHOWN = "coach: main window shown"
TARGETS = {"warm_vs_text": 1.3, "cold_vs_text": 1.5, "peak_rss_vs_bare": 1.3}
SOURCE = Path(__file__).resolve().parents[2]

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


#: The yardstick of the targets: the least any window showing what Coach's first screen shows
#: pays in PySide6 alone. A list of three routines, a page of rich text, a docked list of
#: questions and a menu bar; it uses the Qt namespace (an alignment, the dock area), which PySide6
#: builds with its ~90 enums on first use.
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

#: Not a target, a reference: what the content itself costs. TEXT_WINDOW plus only what any
#: Coach-like program must do before it can show routines, done with Coach's core and nothing of
#: its GUI: parse the command line with argparse, import PyYAML, read the FAQ and the routine
#: library from their files (``load_faq``, ``load_library``, imported before PySide6 as Coach
#: does); the window then lists the routines and questions it read, with the first routine's
#: exercises on the page. Coach cannot start faster than this without a precomputed index or cache.
FLOOR_WINDOW = """
import argparse
import yaml
from coach.core.files.paths import DataDir, builtin_routines_dir, resolve_data_dir
from coach.core.faq.entries import load_faq
from coach.core.routines.library import load_library
parser = argparse.ArgumentParser(prog="floor")
parser.add_argument("--data-dir", metavar="DIR")
args = parser.parse_args(sys.argv[1:])
data_dir = DataDir(resolve_data_dir(args.data_dir))
faq = load_faq(data_dir)
library = load_library(builtin_routines_dir(), data_dir.routines, set(faq.ids()))
first = library.entries[0].routine
""" + TEXT_WINDOW.replace(
    """routines.addItems(["Gentle back stretching", "Lower back basics", "Runner's core, 5 minutes"])""",
    "routines.addItems([entry.routine.name for entry in library.entries])").replace(
    'page = QLabel("<h1>Lower back basics</h1><p>9 exercises, about 18 min in all</p>"\n'
    '              + "<h3>Bridges</h3><p>2 sets x 10 reps. Lie on your back, knees bent, and lift your hips.</p>" * 6)',
    'page = QLabel(f"<h1>{first.name}</h1><p>{len(first.exercises)} exercises</p>"\n'
    '              + "".join(f"<h3>{e.name}</h3><p>{e.sets} sets</p>" for e in first.exercises))').replace(
    'questions.addItems(["How do I prevent lower back pain when running?", "Is it OK to run with lower back pain?"] * 3)',
    "questions.addItems([entry.question for entry in faq.entries])")
assert FLOOR_WINDOW.count("library.entries") == 2 and "faq.entries" in FLOOR_WINDOW and "first.exercises" in FLOOR_WINDOW


PEAK = "peak_rss_kib="
CPU = "cpu_s="
#: Run a program's code, then say its peak RSS on the way out; the line that says the window was
#: painted gets the process's CPU time so far (user + system, all threads) added to it.
WITH_PEAK_REPORT = f"""
import atexit, re, sys, time
def _report():
    status = open("/proc/self/status").read()
    print({PEAK!r} + re.search(r"VmHWM:\\s+(\\d+)", status).group(1), file=sys.stderr, flush=True)
atexit.register(_report)
class _WithCpu:
    def __init__(self, stream):
        self._stream = stream
    def write(self, text):
        if text.strip() in ({SHOWN!r}, {COACH_SHOWN!r}):
            text = text.rstrip("\\n") + " {CPU}" + repr(time.process_time()) + "\\n"
        return self._stream.write(text)
    def __getattr__(self, name):
        return getattr(self._stream, name)
sys.stderr = _WithCpu(sys.stderr)
"""
COACH = WITH_PEAK_REPORT + "import runpy; runpy.run_module('coach', run_name='__main__')\n"
BARE = WITH_PEAK_REPORT + BARE_WINDOW
TEXT = WITH_PEAK_REPORT + TEXT_WINDOW
FLOOR = WITH_PEAK_REPORT + FLOOR_WINDOW

FRAME = "first_frame="
#: Coach started as ``coach`` does, watching its window: what its visible widgets show at the first
#: paint and once the start-up work after it is done. Not timed (it imports Qt first and grabs
#: pictures of the window).
FIRST_FRAME = f"""
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QDockWidget,
                               QLabel, QLineEdit, QMenuBar, QTextEdit)
import coach.gui.app as app

def docked(widget):
    while widget is not None:
        if isinstance(widget, QDockWidget):
            return True
        widget = widget.parentWidget()
    return False

def shown(window):
    texts = set()
    for widget in [window, *window.findChildren(QObject)]:
        if not hasattr(widget, "isVisibleTo") or not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QLabel) and widget.text().strip():
            texts.add(("label", widget.text()))
        elif isinstance(widget, QAbstractButton) and widget.text().strip():
            texts.add(("button", widget.text()))
        elif isinstance(widget, QLineEdit):
            texts.add(("field", widget.placeholderText()))
        elif isinstance(widget, QTextEdit):
            texts.add(("text", widget.toPlainText()))
        elif isinstance(widget, QDockWidget):
            texts.add(("dock", widget.windowTitle()))
        elif isinstance(widget, QMenuBar):
            texts.update(("menu", action.text()) for action in widget.actions())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            kind = "docked row" if docked(widget) else "row"
            texts.update((kind, model.index(row, 0).data() or "") for row in range(model.rowCount()))
    image = window.grab().toImage()
    colours = len({{image.pixel(x, y) for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)}})
    return texts, colours

seen = {{}}
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "first" not in seen:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, lambda: seen.setdefault("first", shown(obj)))
        return False

opened = app.open_window
def open_window(*args, **kwargs):
    window = opened(*args, **kwargs)
    window._bench_watch = Watch()
    window.installEventFilter(window._bench_watch)
    def settled():
        later, colours = shown(window)
        first, first_colours = seen["first"]
        print({FRAME!r} + json.dumps({{
            "first_frame_kinds": sorted({{kind for kind, _ in first}}),
            "first_frame_texts": len(first), "first_frame_colours": first_colours,
            "settled_texts": len(later), "settled_colours": colours,
            "came_later": sorted(" ".join(t) for t in later - first)}}), file=sys.stderr, flush=True)
    window.after_first_paint.finished.connect(settled)
    return window
app.open_window = open_window
from coach.cli import main
sys.exit(main([]))
"""


def measure(argv: list[str], env: dict[str, str], marker: str, cwd: Path) -> tuple[float, float, float]:
    """(seconds to the first paint, peak RSS in MiB, CPU seconds to the first paint) of one run.

    The CPU time (user + system, all threads, as the process counts it when it says it painted)
    is stretched far less than the wall time by other work on a loaded machine. ``cwd`` holds no
    ``coach``: ``python -c`` puts the current folder first on sys.path, which would shadow the
    PYTHONPATH of a cold start (run from the checkout, "cold" imported the checkout's bytecode)."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env,
                             cwd=cwd)
    shown_at = peak_kib = cpu = None
    said = []
    for line in child.stderr:
        if marker in line and shown_at is None:
            shown_at = time.perf_counter()
            cpu = float(line.rsplit(CPU, 1)[1])
        if line.startswith(PEAK):
            peak_kib = int(line[len(PEAK):])
        said.append(line)
    child.wait()
    if shown_at is None or peak_kib is None or child.returncode != 0:
        raise RuntimeError(f"{argv[:2]} did not show its window (exit {child.returncode}): {''.join(said)[-2000:]}")
    return shown_at - started, peak_kib / 1024, cpu


def fresh_copy(folder: Path) -> Path:
    """Coach's source without any bytecode, with its shipped data beside it (as in the checkout)."""
    copy = folder / "source"
    shutil.copytree(SOURCE / "coach", copy / "coach",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for data in ("routines", "resources"):
        (copy / data).symlink_to(SOURCE / data)
    return copy


def first_frame(env: dict[str, str], cwd: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", FIRST_FRAME], capture_output=True, text=True, env=env,
                          timeout=120, cwd=cwd)
    for line in done.stderr.splitlines():
        if line.startswith(FRAME):
            found = json.loads(line[len(FRAME):])
            found["empty"] = found["first_frame_texts"] == 0 or found["first_frame_colours"] < 8
            # What TEXT_WINDOW shows: a menu bar, a list of routines, a page of text, a docked
            # list of questions.
            found["kinds_missing"] = sorted({"menu", "row", "label", "dock", "docked row"}
                                            - set(found["first_frame_kinds"]))
            return found
    return {"error": f"exit {done.returncode}: {done.stderr[-500:]}"}


def p99(values: list[float]) -> float:
    """The nearest-rank 99th percentile."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 99 // 100) - 1)]


def summary(values: list[float], digits: int) -> dict:
    return {"median": round(statistics.median(values), digits), "p99": round(p99(values), digits),
            "max": round(max(values), digits)}


def ratios(ours: list[float], baseline: list[float]) -> dict:
    return {"median": round(statistics.median(ours) / statistics.median(baseline), 3),
            "p99": round(p99(ours) / p99(baseline), 3), "max": round(max(ours) / max(baseline), 3)}


#: The offscreen platform's screen is 800x800 unless told: Coach would fold its FAQ away there (a
#: narrow window), and TEXT_WINDOW would not fit. A 1280x800 screen, as on a small laptop.
SCREEN = {"screens": [{"name": "bench", "x": 0, "y": 0, "width": 1280, "height": 800,
                       "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}


def run(runs: int = RUNS) -> dict:
    from coach.gui.app import QUIT_WHEN_SHOWN_ENV, SHOWN_MESSAGE

    assert SHOWN_MESSAGE == COACH_SHOWN
    with tempfile.TemporaryDirectory(prefix="coach-bench-startup-") as folder:
        folder = Path(folder)
        platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
        if platform == "offscreen":
            (folder / "screen.json").write_text(json.dumps(SCREEN))
            platform = f"offscreen:configfile={folder / 'screen.json'}"
        env = {**os.environ, "QT_QPA_PLATFORM": platform,
               "COACH_DATA_DIR": str(folder / "warm-data"), QUIT_WHEN_SHOWN_ENV: "1"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # warm: Coach as installed, bytecode written
        copy = fresh_copy(folder)
        cold_env = {**env, "PYTHONDONTWRITEBYTECODE": "1",
                    "PYTHONPATH": os.pathsep.join(filter(None, [str(copy), env.get("PYTHONPATH")]))}
        programs = {
            "bare": lambda _: measure([sys.executable, "-c", BARE], env, SHOWN, folder),
            "text": lambda _: measure([sys.executable, "-c", TEXT], env, SHOWN, folder),
            "warm": lambda _: measure([sys.executable, "-c", COACH], env, SHOWN_MESSAGE, folder),
            "cold": lambda i: measure([sys.executable, "-c", COACH],
                                      {**cold_env, "COACH_DATA_DIR": str(folder / f"cold-data-{i}")},
                                      SHOWN_MESSAGE, folder),
            "floor": lambda _: measure([sys.executable, "-c", FLOOR], env, SHOWN, folder),
            "floor_cold": lambda i: measure([sys.executable, "-c", FLOOR],
                                            {**cold_env, "COACH_DATA_DIR": str(folder / f"cold-data-{i}")},
                                            SHOWN, folder),
        }
        # Once each first: writes the warm bytecode, fills the disk caches.
        for name, start in programs.items():
            start(-1)
        figures: dict[str, list[tuple[float, float, float]]] = {name: [] for name in programs}
        for i in range(runs):
            for name, start in programs.items():
                figures[name].append(start(i))
        frame = first_frame(env, folder)
        # Cold means Coach came from the fresh copy, and no bytecode was written there.
        imported = subprocess.run([sys.executable, "-c", "import coach; print(coach.__file__)"],
                                  capture_output=True, text=True, env=cold_env, cwd=folder).stdout.strip()
        cold_is_cold = imported.startswith(str(copy)) and not any(copy.rglob("*.pyc"))

    seconds = {name: [t for t, _, _ in values] for name, values in figures.items()}
    mib = {name: [m for _, m, _ in values] for name, values in figures.items()}
    cpu = {name: [c for _, _, c in values] for name, values in figures.items()}
    judged = {
        "warm_vs_text": ratios(seconds["warm"], seconds["text"]),
        "cold_vs_text": ratios(seconds["cold"], seconds["text"]),
        "peak_rss_vs_bare": ratios(mib["warm"] + mib["cold"], mib["bare"]),
    }
    met = {name: judged[name]["p99"] <= limit and judged[name]["max"] <= limit
           for name, limit in TARGETS.items()}
    return {
        "runs": runs,
        "targets": {name: f"p99 and max <= {limit}x" for name, limit in TARGETS.items()},
        **{name: {**judged[name], "met": met[name]} for name in TARGETS},
        "all_met": (all(met.values()) and not frame.get("empty", True) and not frame.get("came_later", [1])
                    and not frame.get("kinds_missing", [1])),
        "first_frame": frame,
        "cold_was_cold": cold_is_cold,
        # Not judged: what the content itself costs (FLOOR_WINDOW), and Coach against it.
        "floor": {
            "warm_vs_text": ratios(seconds["floor"], seconds["text"]),
            "cold_vs_text": ratios(seconds["floor_cold"], seconds["text"]),
            "peak_rss_vs_bare": ratios(mib["floor"] + mib["floor_cold"], mib["bare"]),
            "cpu_warm_vs_text": ratios(cpu["floor"], cpu["text"]),
            "cpu_cold_vs_text": ratios(cpu["floor_cold"], cpu["text"]),
            "coach_warm_vs_floor": ratios(seconds["warm"], seconds["floor"]),
            "coach_cold_vs_floor": ratios(seconds["cold"], seconds["floor_cold"]),
        },
        "cpu_warm_vs_text": ratios(cpu["warm"], cpu["text"]),
        "cpu_cold_vs_text": ratios(cpu["cold"], cpu["text"]),
        "warm_vs_bare": ratios(seconds["warm"], seconds["bare"]),
        "text_vs_bare": ratios(seconds["text"], seconds["bare"]),
        "seconds": {name: summary(values, 3) for name, values in seconds.items()},
        "peak_rss_mib": {name: summary(values, 1) for name, values in mib.items()},
        "cpu_seconds_to_first_paint": {name: summary(values, 3) for name, values in cpu.items()},
        "raw_seconds": {name: [round(t, 3) for t in values] for name, values in seconds.items()},
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
