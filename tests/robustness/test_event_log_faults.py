"""An event log that cannot be written (``--event-log /dev/full``, a pipe nobody reads) is said
once and the workout plays on, in the window and in the terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "gui"))
from helpers import FakeSoundSink, FakeSpeaker, run_until, short_routine  # noqa: E402

from coach.core.workout.event_log import EventLog  # noqa: E402
from coach.core.routines.library import Library, LibraryEntry  # noqa: E402
from coach.core.files.paths import DataDir  # noqa: E402
from coach.gui.app import QUIT_WHEN_FINISHED_ENV  # noqa: E402

FULL = "/dev/full"
SAID = f"The event log {FULL} cannot be written (the disk is full): the workout goes on without it."
needs_dev_full = pytest.mark.skipif(not Path(FULL).exists(), reason="needs /dev/full (Linux)")


def _coach(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COACH_DATA_DIR": str(data_dir),
                   QUIT_WHEN_FINISHED_ENV: "1"}
    return subprocess.run([sys.executable, "-m", "coach", *args], capture_output=True, text=True,
                          env=environment, timeout=120, stdin=subprocess.DEVNULL)


@needs_dev_full
def test_the_window_says_it_once_and_the_workout_plays_to_its_end(data_dir: Path, qtbot, clock) -> None:
    from coach.gui.cues import CuePlayer
    from coach.gui.main_window import MainWindow
    from coach.gui.services import Services
    from coach.gui.settings import Settings

    folder = DataDir(data_dir)
    settings = Settings(folder.settings_file)
    cues = CuePlayer(settings, sound_sink=FakeSoundSink(), speaker=FakeSpeaker())
    library = Library(entries=[LibraryEntry(short_routine(), "built-in", Path("/nowhere/short.yaml"))])
    log = EventLog.open(FULL)
    window = MainWindow(folder, library, settings,
                        services=Services(cues=cues, clock=clock, event_log=log, checkin=False))
    qtbot.addWidget(window)
    ended = []
    window.workout_ended.connect(ended.append)
    window.session.start_workout(short_routine())
    run_until(window, clock, 16)
    assert window.statusBar().currentMessage() == SAID
    window.session.command("done")  # the set at one's own pace
    run_until(window, clock, 60)
    assert [record.outcome for record in ended] == ["completed"]
    assert window.notices == [SAID]
    log.close()


@needs_dev_full
@pytest.mark.slow
def test_the_terminal_says_it_once_and_the_workout_plays_to_its_end(tmp_path: Path) -> None:
    done = _coach(tmp_path / "data", "run", "runners-core", "--terminal", "--speed", "1000", "--no-checkin",
                  "--event-log", FULL)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    assert done.stderr.count(SAID) == 1, done.stderr
    assert done.stdout.splitlines()[-1].startswith("Workout complete:"), done.stdout


@needs_dev_full
@pytest.mark.slow
def test_the_window_of_coach_run_opens_and_plays_on(tmp_path: Path) -> None:
    done = _coach(tmp_path / "data", "run", "runners-core", "--speed", "1000", "--no-checkin",
                  "--event-log", FULL)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_a_pipe_nobody_reads_is_said_at_once_instead_of_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "events"
    os.mkfifo(pipe)
    done = _coach(tmp_path / "data", "run", "runners-core", "--terminal", "--speed", "1000", "--no-checkin",
                  "--event-log", str(pipe))
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1
    assert done.stderr.strip() == (f"coach run: cannot write the event log {pipe}: no program is reading "
                                   "from that pipe")
