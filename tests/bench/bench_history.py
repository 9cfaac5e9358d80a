"""History at ten years of daily sessions (3,650 sessions x 20 sets): view opening, CSV, set recording.

Targets (issue 8): the history view opens in <= 300 ms, ``coach history --csv`` takes <= 1 s, and
recording a set <= 5 ms on p99, into the ten years already stored. Baselines measured in the same run: a bare sqlite3 insert+commit with the
same durability settings (for recording), and a plain ``csv`` dump of the sessions table by a fresh
Python process (for the export command).
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from coach.core.history.store import History, routine_to_json
from coach.core.routines.routine import Exercise, Routine, TempoPart

DAY = 86400.0
SESSIONS = 3650
SETS_PER_SESSION = 20

ROUTINES = [
    Routine(id="lower-back-basics", name="Lower back basics", exercises=tuple(
        Exercise(name, sets=2, reps=10, tempo=(TempoPart("up", 2), TempoPart("down", 2)))
        for name in ("Bridges", "Pelvic tilts", "Supermans", "Leg lowers", "Draw-in maneuvers",
                     "Cat stretches", "Lying lateral leg lifts", "Knee-to-chest stretches",
                     "Lower back rotational stretches", "Bridges"))),
    Routine(id="runners-core", name="Runner's core (5 min)", exercises=tuple(
        Exercise(name, sets=4, reps=12) for name in ("Draw-in maneuvers", "Leg lowers", "Supermans",
                                                     "Bridges", "Pelvic tilts"))),
    Routine(id="gentle-stretching", name="Gentle stretching", exercises=tuple(
        Exercise(name, sets=5, hold=30, sides="each") for name in ("Knee-to-chest stretches",
                                                                   "Lower back rotational stretches"))),
]


def make_history(data_dir: Path, now: float, sessions: int = SESSIONS, *, every_day: bool = True,
                 seed: int = 8) -> None:
    """Fill a history the fast way (one transaction): ``sessions`` days up to yesterday."""
    rng = random.Random(seed)
    history = History.open(data_dir, now=now)
    conn = history._conn
    conn.execute("BEGIN")
    # The days played, oldest first, ending yesterday (``every_day=False`` skips about one in four).
    days: list[int] = []
    back = 0
    while len(days) < sessions:
        back += 1
        if every_day or rng.random() >= 0.25:
            days.append(back)
    days.reverse()
    for made, back in enumerate(days):
        routine = ROUTINES[made % len(ROUTINES)]
        started = now - back * DAY + rng.uniform(-2, 2) * 3600
        trend = 6 - 4 * made / sessions
        before = max(0, min(10, round(rng.gauss(trend, 1.2)))) if rng.random() < 0.8 else None
        after = None if before is None else max(0, min(10, before + rng.choice((-2, -1, -1, 0, 0, 1))))
        outcome = "completed" if rng.random() < 0.9 else rng.choice(("stopped", "interrupted"))
        sets = []
        t = started + 10
        index = 0
        for exercise_index, ex in enumerate(routine.exercises):
            for set_number in range(1, ex.sets + 1):
                for side in ex.side_names:
                    if index >= SETS_PER_SESSION:
                        break
                    length = rng.uniform(25, 50)
                    sets.append((exercise_index, ex.name, set_number, side, ex.reps, ex.hold, "completed",
                                 t, t + length))
                    t += length + 20
                    index += 1
        while len(sets) < SETS_PER_SESSION:
            sets.append((0, routine.exercises[0].name, len(sets) + 1, None, 10, None, "completed", t, t + 40))
            t += 60
        cur = conn.execute(
            "INSERT INTO sessions (routine_id, routine_name, routine_json, started_at, ended_at,"
            " planned_seconds, active_seconds, outcome, pain_before, pain_after, note, sets_completed)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (routine.id, routine.name, routine_to_json(routine), started, t, t - started + 30, t - started - 20,
             outcome, before, after, "felt good" if rng.random() < 0.1 else "", len(sets)))
        conn.executemany(
            "INSERT INTO sets (session_id, exercise_index, exercise_name, set_number, side, reps,"
            " hold_seconds, status, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(cur.lastrowid, *s) for s in sets])
    conn.execute("COMMIT")
    history.close()


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def _p99(values: list[float]) -> float:
    """The nearest-rank 99th percentile."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 99 // 100) - 1)]


def bench_recording(data_dir: Path, rounds: int = 300) -> dict:
    """Recording one set (one durable transaction) into the ten-year history, against a bare
    insert+commit of the same row into the same file with the same settings; judged on p99 and max."""
    history = History.open(data_dir)
    sets_before = history._conn.execute("SELECT count(*) FROM sets").fetchone()[0]
    sid = history.begin_session(ROUTINES[0], time.time(), 600)
    ours = []
    for i in range(rounds):
        t = time.perf_counter()
        history.record_set(sid, 0, "Bridges", i + 1, None, 10, None, "completed", 1.0, 2.0, active_seconds=i)
        ours.append(time.perf_counter() - t)
    history.finish_session(sid, "completed", time.time(), rounds)
    history.close()

    bare = sqlite3.connect(data_dir / "history.sqlite3", isolation_level=None)
    bare.execute("PRAGMA journal_mode = WAL")
    bare.execute("PRAGMA synchronous = FULL")
    base = []
    for i in range(rounds):
        t = time.perf_counter()
        bare.execute("BEGIN")
        bare.execute("INSERT INTO sets (session_id, exercise_index, exercise_name, set_number, side, reps,"
                     " hold_seconds, status, started_at, ended_at) VALUES (?, 0, 'Bridges', ?, NULL, 10, NULL,"
                     " 'completed', 1.0, 2.0)", (sid, rounds + i + 1))
        bare.execute("COMMIT")
        base.append(time.perf_counter() - t)
    bare.close()
    return {
        "record_set_sets_already_stored": sets_before,
        "record_set_ms": {"median": _ms(statistics.median(ours)), "p99": _ms(_p99(ours)), "max": _ms(max(ours))},
        "baseline_bare_insert_commit_ms": {"median": _ms(statistics.median(base)), "p99": _ms(_p99(base)),
                                           "max": _ms(max(base))},
        "record_set_ratio": {"p99": round(_p99(ours) / _p99(base), 2), "max": round(max(ours) / max(base), 2)},
        "record_set_target_ms": 5,
        "record_set_meets_target_on_p99": _p99(ours) <= 0.005,
    }


def bench_csv(data_dir: Path, rounds: int = 3) -> dict:
    env = {**os.environ, "TZ": "UTC"}
    command = [sys.executable, "-m", "coach", "--data-dir", str(data_dir), "history", "--csv"]
    dump = ("import csv, sqlite3, sys\n"
            f"c = sqlite3.connect({str(data_dir / 'history.sqlite3')!r})\n"
            "w = csv.writer(sys.stdout)\n"
            "w.writerows(c.execute('SELECT * FROM sessions'))\n")
    ours, base = [], []
    lines = 0
    for _ in range(rounds):
        t = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
        ours.append(time.perf_counter() - t)
        lines = done.stdout.count("\n")
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", dump], capture_output=True, text=True, env=env, check=True)
        base.append(time.perf_counter() - t)
    median, baseline = statistics.median(ours), statistics.median(base)
    return {
        "history_csv_seconds": round(median, 3),
        "history_csv_lines": lines,
        "baseline_plain_csv_dump_seconds": round(baseline, 3),
        "history_csv_ratio": round(median / baseline, 2),
        "history_csv_target_seconds": 1,
    }


def bench_view(data_dir: Path, rounds: int = 5) -> dict:
    """Opening the view: History.open, building the widget, and its first paint."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from coach.gui.history_view import HistoryView

    app = QApplication.instance() or QApplication([])
    times, opens = [], []
    for _ in range(rounds):
        t0 = time.perf_counter()
        history = History.open(data_dir)
        t1 = time.perf_counter()
        view = HistoryView(history)
        view.resize(1200, 800)
        view.show()
        view.grab()  # the first paint of every part, charts included
        app.processEvents()
        t2 = time.perf_counter()
        opens.append(t1 - t0)
        times.append(t2 - t0)
        rows = view.model.rowCount()
        view.close()
        view.deleteLater()
        app.processEvents()
        history.close()
    return {
        "view_open_first_ms": _ms(times[0]),
        "view_open_median_ms": _ms(statistics.median(times)),
        "of_which_history_open_median_ms": _ms(statistics.median(opens)),
        "view_rows": rows,
        "view_open_target_ms": 300,
    }


def run() -> dict:
    with tempfile.TemporaryDirectory(prefix="coach-bench-history-") as folder:
        data_dir = Path(folder) / "data"
        t = time.perf_counter()
        make_history(data_dir, time.time())
        figures: dict[str, object] = {"sessions": SESSIONS, "sets": SESSIONS * SETS_PER_SESSION,
                                      "generate_seconds": round(time.perf_counter() - t, 2),
                                      "file_mb": round((data_dir / "history.sqlite3").stat().st_size / 1e6, 1)}
        figures.update(bench_view(data_dir))
        figures.update(bench_csv(data_dir))
        figures.update(bench_recording(data_dir))  # last: it adds a session
        return figures


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
