"""The real program, started as a separate process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach.gui.app import QUIT_WHEN_SHOWN_ENV, SHOWN_MESSAGE


def run_coach(args: list[str], data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COACH_DATA_DIR": str(data_dir), **env}
    return subprocess.run([sys.executable, "-m", "coach", *args], capture_output=True, text=True,
                          env=environment, timeout=120)


@pytest.mark.slow
def test_main_window_comes_up_and_the_process_exits_cleanly(data_dir: Path) -> None:
    done = run_coach([], data_dir, **{QUIT_WHEN_SHOWN_ENV: "1"})
    assert SHOWN_MESSAGE in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_version_and_help_list_every_subcommand(data_dir: Path) -> None:
    from coach import __version__
    from coach.cli import SUBCOMMANDS

    version = run_coach(["--version"], data_dir)
    assert version.stdout.strip() == f"coach {__version__}"
    helptext = run_coach(["--help"], data_dir).stdout
    for name in SUBCOMMANDS:
        assert name in helptext
    assert "--data-dir" in helptext
