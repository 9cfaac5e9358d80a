"""`--speed` previews are not workouts (not recorded, no check-ins) and have a sane maximum; a
history row with impossible values (as `--speed 1e308` once stored) never makes the rest of the
history unreadable. Real subprocesses: the commands a user runs."""

from __future__ import annotations

import csv
import io
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coach.core.history.store import History
from coach.core.files.paths import DataDir
from coach.core.routines.routine import Exercise, Routine

TINY = """\
name: Tiny
get_ready: 1s
exercises:
  - name: Bridges
    hold: 20s
  - name: Supermans
    reps: 2
"""
T0 = 1_750_000_000.0


def coach(data: Path, *args: str, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "coach", "--data-dir", str(data), *args], stdin=stdin,
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def test_a_preview_in_the_terminal_is_not_recorded(tmp_path: Path) -> None:
    routine = tmp_path / "tiny.yaml"
    routine.write_text(TINY, encoding="utf-8")
    data = tmp_path / "data"
    done = coach(data, "run", str(routine), "--terminal", "--speed", "100")
    assert done.returncode == 0, done.stderr
    assert "Preview at 100x speed: not recorded in your history, and no check-ins." in done.stdout
    assert "Workout complete" in done.stdout
    shown = coach(data, "history", "--json")
    assert shown.returncode in (0, 1) and "Traceback" not in shown.stderr
    assert shown.returncode == 1 or json.loads(shown.stdout) == []
    with History.open(data) as history:
        assert history.sessions() == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a POSIX terminal")
def test_a_preview_at_a_keyboard_asks_no_check_in(tmp_path: Path) -> None:
    import pty

    from coach.core.workout.checkin import QUESTION_AFTER, QUESTION_BEFORE

    routine = tmp_path / "tiny.yaml"
    routine.write_text(TINY, encoding="utf-8")
    data = tmp_path / "data"
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(sys.executable, [sys.executable, "-m", "coach", "--data-dir", str(data), "run", str(routine),
                                    "--terminal", "--speed", "50"], os.environ)
    output = ""
    end = time.monotonic() + 30
    try:
        while "press Enter when the set is done" not in output and time.monotonic() < end:
            if select.select([fd], [], [], 0.5)[0]:
                output += os.read(fd, 65536).decode("utf-8", "replace")
        os.write(fd, b"\r")  # done: the last set is at one's own pace
        while time.monotonic() < end:
            if select.select([fd], [], [], 0.5)[0]:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                output += chunk.decode("utf-8", "replace")
            if os.waitpid(pid, os.WNOHANG)[0]:
                break
    finally:
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(fd)
    assert "Workout complete" in output
    assert QUESTION_BEFORE not in output and QUESTION_AFTER not in output
    with History.open(data) as history:
        assert history.sessions() == []


@pytest.mark.parametrize("speed", ["1001", "1e308", "inf", "nan", "0", "-2", "fast"])
def test_speed_has_a_sane_maximum_and_a_clear_message(tmp_path: Path, speed: str) -> None:
    done = coach(tmp_path / "data", "run", "runners-core", "--terminal", f"--speed={speed}")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    expected = "must be a number, got" if speed == "fast" else "must be a number above 0 and at most 1000"
    assert f"argument --speed: {expected}" in done.stderr


def damaged_history(data: Path) -> tuple[int, int]:
    """A history with one good session and two impossible ones: times of 1e308 (what `--speed
    1e308` stored) and a start that is text. Returns (good id, first bad id)."""
    routine = Routine(id="r", name="Good one", exercises=(Exercise("Bridges", reps=10),))
    with History.open(data, now=T0) as history:
        good = history.begin_session(routine, T0, 60, pain_before=3)
        history.record_set(good, 0, "Bridges", 1, None, 10, None, "completed", T0 + 5, T0 + 50, 45)
        history.finish_session(good, "completed", T0 + 55, 50)
        bad = history.begin_session(routine, T0 + 100, 60)
        history.record_set(bad, 0, "Bridges", 1, None, 10, None, "completed", 1e308, 1e308, 45)
        history.finish_session(bad, "completed", 1e308, 1e308)
        worse = history.begin_session(routine, T0 + 200, 60)
        history._conn.execute("UPDATE sessions SET started_at = 'yesterday', note = x'00ff' WHERE id = ?",
                              (worse,))
    return good, bad


def test_one_bad_row_never_makes_coach_history_unreadable(tmp_path: Path) -> None:
    data = tmp_path / "data"
    good, bad = damaged_history(data)
    table = coach(data, "history")
    as_json = coach(data, "history", "--json")
    as_csv = coach(data, "history", "--csv")
    for done in (table, as_json, as_csv):
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        assert f"2 sessions in your history have damaged values and are left out (id {bad}, {bad + 1}" \
            in done.stderr
    assert "Good one" in table.stdout and "1 session" in table.stdout
    assert [s["id"] for s in json.loads(as_json.stdout)] == [good]
    assert [row["id"] for row in csv.DictReader(io.StringIO(as_csv.stdout))] == [str(good)]


def test_the_history_page_shows_the_good_sessions_and_says_what_was_left_out(
        tmp_path: Path, qtbot) -> None:
    from coach.gui.history_view import HistoryView

    data = tmp_path / "data"
    good, bad = damaged_history(data)
    with History.open(DataDir(data)) as history:
        view = HistoryView(history, now=lambda: T0 + 3600)
        qtbot.addWidget(view)
        assert [s.id for s in view.all_sessions] == [good]
        assert view.model.rowCount() == 1
        assert not view.banner.isHidden() and "damaged values and are left out" in view.banner.text()
        from coach.core.history.progression import suggestions_for

        suggestions_for(Routine(id="r", name="Good one", exercises=(Exercise("Bridges", reps=10),)), history)
