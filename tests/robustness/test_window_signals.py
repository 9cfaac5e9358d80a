"""Ctrl+C in the terminal that started the window (SIGINT), SIGTERM and SIGHUP close the window as
Quit does: the workout in progress is kept as interrupted, and nothing is printed but the exit."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from coach.gui.app import QUIT_WHEN_SHOWN_ENV


#: A window that does not answer within this long has not handled the signal.
LIMIT_S = 60


def _lines(fd: int):
    """The lines written to the pipe ``fd``; stops when nothing comes for LIMIT_S seconds."""
    pending = b""
    while True:
        ready, _, _ = select.select([fd], [], [], LIMIT_S)
        chunk = os.read(fd, 65536) if ready else b""
        if not chunk:
            return
        pending += chunk
        *whole, pending = pending.split(b"\n")
        yield from (line.decode("utf-8") for line in whole)


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_a_signal_closes_the_window_as_quit_does_and_keeps_the_workout(signum: int, tmp_path: Path) -> None:
    data = tmp_path / "data"
    events = tmp_path / "events"
    os.mkfifo(events)
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COACH_DATA_DIR": str(data)}
    environment.pop(QUIT_WHEN_SHOWN_ENV, None)
    # The test's ends of the pipe first: the window opens its end without waiting for a reader,
    # and the test's own writer keeps the pipe open until the window has opened it.
    reader = os.open(events, os.O_RDONLY | os.O_NONBLOCK)
    keeper = os.open(events, os.O_WRONLY)
    os.set_blocking(reader, True)
    window = subprocess.Popen([sys.executable, "-m", "coach", "run", "runners-core", "--no-checkin",
                               "--event-log", str(events)], stderr=subprocess.PIPE, text=True,
                              env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    try:
        lines = _lines(reader)
        for line in lines:  # the workout is running once it has started its first part
            if json.loads(line)["event"] == "phase_started":
                break
        window.send_signal(signum)
        rest = []
        for line in lines:
            rest.append(json.loads(line)["event"])
            if rest[-1] == "workout_finished":
                break
        said = window.stderr.read()
        assert window.wait(timeout=60) == 128 + signum, said
    finally:
        os.close(keeper)
        os.close(reader)
        if window.poll() is None:
            window.kill()
            window.wait()
        window.stderr.close()
    assert "Traceback" not in said and "KeyboardInterrupt" not in said, said
    assert "workout_finished" in rest, rest
    done = subprocess.run([sys.executable, "-m", "coach", "history", "--json"], capture_output=True,
                          text=True, env=environment, timeout=60)
    sessions = json.loads(done.stdout)
    assert [s["outcome"] for s in sessions] == ["interrupted"], done.stdout
