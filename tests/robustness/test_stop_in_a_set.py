"""A terminal workout ended in the middle of a set by Ctrl+C or SIGTERM (a real subprocess): the set
is kept as interrupted, not skipped, and resuming starts at it again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from coach.core.history.store import History

ROUTINE = """\
id: cut-short
name: Cut short
get_ready: 1s
rest_between_exercises: 1s
exercises:
  - name: Bridges
    hold: 60s
  - name: Pelvic tilts
    hold: 1s
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_set_cut_short_is_interrupted_and_resumed_at(tmp_path: Path, signum: int) -> None:
    routine_file = tmp_path / "cut-short.yaml"
    routine_file.write_text(ROUTINE, encoding="utf-8")
    data = tmp_path / "data"
    child = subprocess.Popen(
        [sys.executable, "-m", "coach", "--data-dir", str(data), "run", str(routine_file), "--terminal"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    guard = threading.Timer(60, child.kill)  # only fires if the announcement never comes
    guard.start()
    try:
        for line in child.stdout:
            if "Bridges. Hold" in line:  # the set has begun
                child.send_signal(signum)
                break
        out, err = child.communicate(timeout=60)
    finally:
        guard.cancel()
    assert child.returncode == (130 if signum == signal.SIGINT else 128 + signum), err
    assert "Traceback" not in err
    assert "Workout interrupted: 0 sets done, 0 skipped" in out

    with History.open(data) as history:
        [session] = history.sessions()
        [cut] = history.sets_of(session.id)
        assert (session.outcome, session.sets_completed, session.sets_skipped) == ("interrupted", 0, 0)
        assert (cut.exercise_name, cut.set, cut.status) == ("Bridges", 1, "interrupted")
        assert 0 <= cut.hold_seconds < 60
        point = history.interrupted_session_to_resume(session.started_at + 60)
        assert point is not None and (point.exercise_name, point.set) == ("Bridges", 1)
