"""`coach run ROUTINE` as a user starts it: a real process on the real xcb platform under Xvfb."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from system_parts import need_x11_windows

from helpers import SHORT_YAML

from coach.gui.app import QUIT_WHEN_FINISHED_ENV


@pytest.fixture
def x_display():
    """A private Xvfb server; its display number is chosen by the server itself (-displayfd)."""
    xvfb = need_x11_windows()
    read, write = os.pipe()
    # -noreset: a server that resets when its last client leaves refuses the next one for a moment.
    server = subprocess.Popen([xvfb, "-displayfd", str(write), "-screen", "0", "1280x800x24", "-noreset",
                               "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    try:
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.slow
def test_coach_run_plays_a_routine_in_a_real_window(x_display, data_dir: Path, tmp_path: Path, speech_service) -> None:
    routine = tmp_path / "short.yaml"
    routine.write_text(SHORT_YAML.replace("    reps: 5\n", "    hold: 5s\n"), encoding="utf-8")
    log = tmp_path / "events.jsonl"
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": x_display, "COACH_DATA_DIR": str(data_dir),
           QUIT_WHEN_FINISHED_ENV: "1"}
    done = subprocess.run([sys.executable, "-m", "coach", "run", str(routine), "--speed", "8", "--no-checkin",
                           "--event-log", str(log)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    # What the voice said is timed by the voice (tests/gui/test_spoken_cues.py): never before it
    # was planned; its lines may come after the end ("Workout complete." follows the last tone).
    speech = [line for line in lines if line["event"].startswith("speech_")]
    assert all(line["at"] >= line["due"] for line in speech)
    # The workout's clock waited for the voice to load (coach/gui/voice_wait.py): a report of how
    # long (from when it was asked for to its start), not an event handled late.
    waited = [line for line in lines if line["event"] == "voice_waited"]
    assert len(waited) <= 1 and all(line["why"] in ("ready", "time limit") for line in waited)
    lines = [line for line in lines if line not in speech and line not in waited]
    kinds = [line["event"] for line in lines]
    # The window's last line says whether sound and voice were on.
    assert kinds[0] == "workout_started" and kinds[-2:] == ["workout_finished", "cues"]
    assert lines[-2]["outcome"] == "completed"
    assert kinds.count("set_finished") == 5
    # The workout's first number is painted before its clock starts (coach/gui/start_when_shown.py).
    first = next(line for line in lines if line["event"] == "countdown_shown")
    assert first["at"] <= first["due"] and first["due"] == pytest.approx(lines[0]["due"], abs=1e-6)
    # Handled on time: never before it was due, and (at 8x speed, in workout seconds) soon after.
    lateness = [line["at"] - line["due"] for line in lines if line is not first]
    assert min(lateness) >= 0
    assert max(lateness) < 1.0


def test_coach_run_with_an_unknown_routine_says_so(data_dir: Path) -> None:
    env = {**os.environ, "COACH_DATA_DIR": str(data_dir)}
    done = subprocess.run([sys.executable, "-m", "coach", "run", "no-such-routine"], capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode == 1
    assert "no-such-routine" in done.stderr and "Traceback" not in done.stderr
