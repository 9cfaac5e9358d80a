"""A terminal workout killed mid-way: the sets it finished are in the history, marked interrupted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from coach.core.history.store import History
from coach.core.files.paths import DataDir
from coach.core.history.resume_hint import may_offer_resume

ROUTINE = """\
version: 1
id: kill-test
name: Kill test
get_ready: 0.3s
rest_between_sets: 0.3s
rest_between_exercises: 0.3s
switch_sides: 0.3s
exercises:
  - name: Bridges
    hold: 0.5s
  - name: Pelvic tilts
    hold: 0.5s
  - name: Cat stretches
    hold: 0.5s
  - name: Supermans
    hold: 0.5s
  - name: Leg lowers
    hold: 0.5s
  - name: Draw-in maneuvers
    hold: 0.5s
"""
DONE_BEFORE_THE_KILL = ["Bridges", "Pelvic tilts", "Cat stretches"]


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_workout_keeps_its_finished_sets_and_is_marked_interrupted(tmp_path: Path) -> None:
    routine_file = tmp_path / "kill-test.yaml"
    routine_file.write_text(ROUTINE, encoding="utf-8")
    data = tmp_path / "data"
    # At normal speed (a --speed preview is not recorded): the routine itself is short.
    command = [sys.executable, "-m", "coach", "run", str(routine_file), "--terminal",
               "--no-checkin", "--data-dir", str(data)]
    child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    # A guard against a hung child, not a wait: it only fires if the announcement never comes.
    guard = threading.Timer(60, child.kill)
    guard.start()
    seen: list[str] = []
    errors = ""
    try:
        for line in child.stdout:
            seen.append(line)
            # The terminal writes each set to the history before it prints the next announcement.
            if "] Supermans." in line:
                child.send_signal(signal.SIGKILL)
                break
    finally:
        guard.cancel()
        child.wait(timeout=60)
        errors = child.stderr.read()
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL, "".join(seen) + errors
    # The next start-up knows, without opening the history, that a session may wait to resume.
    assert may_offer_resume(DataDir(data))

    with History.open(data) as history:
        [session] = history.sessions()
        assert [s.id for s in history.interrupted_at_opening] == [session.id]
        assert session.outcome == "interrupted" and session.routine_id == "kill-test"
        stored = history.sets_of(session.id)
        names = [s.exercise_name for s in stored]
        # Every set that ended before the kill; the one being played when it came is lost at most.
        assert names[:3] == DONE_BEFORE_THE_KILL and len(names) <= 4
        assert all(s.status == "completed" and s.hold_seconds == 0.5 for s in stored)
        assert session.sets_completed == len(stored)
        assert session.ended_at == stored[-1].ended_at
        point = history.interrupted_session_to_resume(session.started_at + 60)
        assert point is not None and point.exercise_index == len(stored)
