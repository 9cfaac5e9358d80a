"""Every command writing to a full or closed standard output ends as Unix programs do: one short
line on stderr and exit 1 (a reader that went away, as in ``coach list | head``, is not an error),
never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = {
    "list": ["list"], "list --json": ["list", "--json"], "history --csv": ["history", "--csv"],
    "history --json": ["history", "--json"], "history": ["history"], "faq": ["faq"],
    "faq --json": ["faq", "--json"], "plan": ["plan", "runners-core"], "schema": ["schema"],
    "validate": ["validate"], "run --terminal": ["run", "runners-core", "--terminal", "--speed", "1000",
                                                 "--no-checkin"],
}


def _with_a_session(data_dir: Path) -> None:
    """A history with a session, so that the history commands have something to write."""
    from coach.core.history.store import History
    from coach.core.files.paths import DataDir
    from coach.core.routines.routine import Exercise, Routine

    routine = Routine(id="mine", name="Mine", exercises=(Exercise(name="Bridges", reps=10),))
    with History.open(DataDir(data_dir)) as history:
        session = history.begin_session(routine, 1.0e9, 60.0)
        history.record_set(session, 0, "Bridges", 1, None, 10, None, "completed", 1.0e9, 1.0e9 + 30)
        history.finish_session(session, "completed", 1.0e9 + 60)


def _coach(args: list[str], data_dir: Path, **how) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COACH_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "coach", *args], stderr=subprocess.PIPE, text=True,
                          env=environment, timeout=120, stdin=subprocess.DEVNULL, **how)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_full_standard_output_is_one_line_and_exit_1(command: list[str], data_dir: Path) -> None:
    _with_a_session(data_dir)
    with open("/dev/full", "w") as full:
        done = _coach(command, data_dir, stdout=full)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert done.stderr.splitlines()[-1] == "coach: cannot write to standard output (the disk is full)", done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_a_closed_standard_output_is_one_line_and_exit_1(command: list[str], data_dir: Path) -> None:
    _with_a_session(data_dir)
    done = _coach(command, data_dir, stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(1))
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert done.stderr.splitlines()[-1] == "coach: cannot write to standard output (it is closed)", done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("command", [COMMANDS["history --csv"], COMMANDS["faq"], COMMANDS["schema"]],
                         ids=["history --csv", "faq", "schema"])
def test_a_reader_that_went_away_is_not_an_error(command: list[str], data_dir: Path) -> None:
    _with_a_session(data_dir)
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COACH_DATA_DIR": str(data_dir)}
    child = subprocess.Popen([sys.executable, "-m", "coach", *command], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=environment, stdin=subprocess.DEVNULL)
    child.stdout.close()  # before the child has written anything: its writes find no reader
    with child.stderr:
        said = child.stderr.read()
    assert child.wait(timeout=120) == 0, said
    assert said == ""


def test_the_window_does_not_need_a_standard_output(data_dir: Path) -> None:
    from coach.gui.app import QUIT_WHEN_SHOWN_ENV, SHOWN_MESSAGE

    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COACH_DATA_DIR": str(data_dir),
                   QUIT_WHEN_SHOWN_ENV: "1"}
    done = subprocess.run([sys.executable, "-m", "coach"], stderr=subprocess.PIPE, text=True, env=environment,
                          timeout=120, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          preexec_fn=lambda: os.close(1))
    assert SHOWN_MESSAGE in done.stderr and done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
