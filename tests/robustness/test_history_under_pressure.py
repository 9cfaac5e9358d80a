"""The terminal workout and `coach history` (real subprocesses) with a history another program has
locked, on a disk that fills up in the middle of the workout, or in a read-only file: a clear
message, the workout plays on, nothing lost that can be kept, never a traceback."""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from coach.core.history.store import History, connect

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))

ROUTINE = """\
id: pressure
name: Pressure
get_ready: 0.3s
rest_between_exercises: 0.3s
exercises:
  - name: Bridges
    hold: 0.5s
  - name: Pelvic tilts
    hold: 2s
  - name: Cat stretches
    hold: 0.5s
"""
LOCKED = "Another program is using the history; Coach will keep your sets and write them when it is free."


def start(tmp_path: Path, data: Path, *more: str) -> subprocess.Popen:
    routine = tmp_path / "pressure.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, "-m", "coach", "--data-dir", str(data), "run", str(routine), "--terminal", *more],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})


def read_until(child: subprocess.Popen, text: str, seen: list[str]) -> None:
    for line in child.stdout:
        seen.append(line)
        if text in line:
            return
    raise AssertionError(f"{text!r} never came:\n{''.join(seen)}")


def finish(child: subprocess.Popen, seen: list[str]) -> str:
    guard = threading.Timer(60, child.kill)  # only fires if the child hangs
    guard.start()
    try:
        seen.append(child.stdout.read())
        child.wait()
    finally:
        guard.cancel()
        child.stdout.close()
    return "".join(seen)


def sessions(data: Path) -> list[tuple]:
    with History.open(data) as history:
        return [(s.outcome, s.sets_completed, len(history.sets_of(s.id))) for s in history.sessions()]


def test_a_locked_history_does_not_stop_the_terminal_workout(tmp_path: Path) -> None:
    data = tmp_path / "data"
    History.open(data).close()
    other = connect(data / "history.sqlite3")
    other.execute("BEGIN IMMEDIATE")  # another program writing, for the whole workout
    child = start(tmp_path, data, "--no-checkin")
    seen: list[str] = []
    try:
        read_until(child, "Waiting up to 10 s for it", seen)  # the workout is over; the sets wait
    finally:
        other.execute("COMMIT")
        other.close()
    out = finish(child, seen)
    assert child.returncode == 0, out
    assert "Traceback" not in out and "database is locked" not in out
    assert f"coach: {LOCKED}" in out and "Workout complete: 3 sets done" in out
    assert "coach: everything is now written to your history." in out
    assert sessions(data) == [("completed", 3, 3)]


def mount_tmpfs(folder: Path, size: str) -> None:
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"needs a small disk that can fill up: mounting a tmpfs was refused ({done.stderr.strip()});"
                    " run as root where mount is allowed")


def fill(folder: Path) -> Path:
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 4096)
                out.flush()
        except OSError:
            pass
    return filler


@pytest.fixture
def small_disk(tmp_path: Path):
    disk = tmp_path / "disk"
    mount_tmpfs(disk, "2m")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.mark.parametrize("freed", [True, False], ids=["freed-before-the-end", "full-to-the-end"])
def test_a_disk_that_fills_up_mid_workout(tmp_path: Path, small_disk: Path, freed: bool) -> None:
    data = small_disk / "data"
    child = start(tmp_path, data, "--no-checkin")
    seen: list[str] = []
    read_until(child, "Pelvic tilts. Hold", seen)  # Bridges is written; the disk fills up now
    filler = fill(small_disk)
    read_until(child, f"coach: The disk holding {data / 'history.sqlite3'} is full;", seen)
    if freed:
        filler.unlink()
    out = finish(child, seen)
    assert child.returncode == 0, out
    assert "Traceback" not in out and "cannot rollback" not in out
    assert "Workout complete: 3 sets done" in out
    if not freed:
        assert "could not be written to your history and are lost: The disk holding" in out
        filler.unlink()
    # Freed: everything; full to the end: the set written before, and the session not "completed".
    assert sessions(data) == ([("completed", 3, 3)] if freed else [("interrupted", 1, 1)])


def test_coach_history_reads_a_full_disk_with_a_session_left_open(tmp_path: Path, small_disk: Path) -> None:
    data = small_disk / "data"
    history = History.open(data)
    from history_helpers import play  # tests/core

    play(history, 1_750_000_000.0, outcome=None, sets=1)
    history.close()  # the session is left open, as by a crash
    filler = fill(small_disk)
    done = subprocess.run([sys.executable, "-m", "coach", "--data-dir", str(data), "history"],
                          capture_output=True, text=True, timeout=60)
    filler.unlink()
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Lower back basics" in done.stdout


PR_CAPBSET_DROP = 24


def _obeying_file_permissions() -> None:
    """A preexec_fn: the child gives up root's power to write any file (as tests/robustness/test_faults.py)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 and os.geteuid() == 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_a_read_only_history_file_in_a_writable_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    history = History.open(data)
    from history_helpers import play

    play(history, 1_750_000_000.0)
    history.close()
    db = data / "history.sqlite3"
    for leftover in (data / "history.sqlite3-wal", data / "history.sqlite3-shm"):
        leftover.unlink(missing_ok=True)
    db.chmod(0o444)
    routine = tmp_path / "pressure.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "coach", "--data-dir", str(data), "run", str(routine), "--terminal", "--no-checkin"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, preexec_fn=_obeying_file_permissions)
    if os.geteuid() == 0 and "read-only" not in done.stdout + done.stderr and done.returncode == 0 \
            and len(sessions(data)) == 2:
        pytest.skip("the child could still write a read-only file (capabilities not dropped)")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "Workout complete: 3 sets done" in done.stdout
    assert "read-only" in done.stderr and str(db) in done.stderr
    db.chmod(0o644)
    assert [s[0] for s in sessions(data)] == ["completed"]  # the old session, untouched
