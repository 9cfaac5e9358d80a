"""A named pipe or a device where Coach expects a file never hangs it: every file it opens is
checked to be an ordinary file first (coach.core.files.user_files), and what is not is said.

Opening a named pipe for reading waits for a writer forever; ``/dev/zero`` gives bytes without end.
Each test runs the real program in a child with a time limit: a hang fails the test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach.core.files.paths import DataDir
from coach.gui.app import QUIT_WHEN_SHOWN_ENV, SHOWN_MESSAGE

#: Far more than a start takes; a start waiting on a pipe never ends.
LIMIT_S = 60


def _coach(data: DataDir, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COACH_DATA_DIR": str(data.root),
                   QUIT_WHEN_SHOWN_ENV: "1"}
    return subprocess.run([sys.executable, "-m", "coach", *args], capture_output=True, text=True,
                          env=environment, timeout=LIMIT_S, stdin=subprocess.DEVNULL)


def _in_place(path: Path, kind: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "pipe":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["pipe", "device"])
def test_the_window_comes_up_with_a_pipe_or_a_device_as_every_file(kind: str, tmp_path: Path) -> None:
    data = DataDir(tmp_path / "data")
    for path in (data.settings_file, data.faq_file, data.routines / "mine.yaml"):
        _in_place(path, kind)
    window = _coach(data)
    assert SHOWN_MESSAGE in window.stderr, window.stderr
    assert window.returncode == 0 and "Traceback" not in window.stderr, window.stderr
    listed = _coach(data, "list")
    assert "mine.yaml" in listed.stdout and "not an ordinary file" in listed.stdout, listed.stdout
    assert "Traceback" not in listed.stderr
    faq = _coach(data, "faq")
    assert faq.returncode == 0 and "Traceback" not in faq.stderr, faq.stderr
    # Nothing was written over them.
    for path in (data.settings_file, data.faq_file, data.routines / "mine.yaml"):
        assert path.is_fifo() if kind == "pipe" else path.is_symlink()


def test_the_settings_say_what_is_in_the_place_of_the_file(data_dir: Path) -> None:
    from coach.gui.settings import DEFAULTS, Settings

    folder = DataDir(data_dir)
    _in_place(folder.settings_file, "pipe")
    settings = Settings(folder.settings_file)
    assert {key: settings.get(key) for key in DEFAULTS} == DEFAULTS
    assert settings.problem == (f"Your settings file {folder.settings_file} is not a file (a pipe or a device "
                                "is in its place), so Coach uses the default settings and cannot save "
                                "changes to them.")
    settings.set("sound/volume", 12)
    assert settings.save() == (f"Your settings could not be saved to {folder.settings_file} (a named pipe is "
                               "where the file should be): they apply until Coach is closed.")
    assert folder.settings_file.is_fifo()


def test_a_device_that_appears_behind_the_settings_link_is_never_replaced(data_dir: Path, tmp_path: Path) -> None:
    from coach.gui.settings import Settings

    folder = DataDir(data_dir)
    folder.root.mkdir(parents=True)
    real = tmp_path / "elsewhere.ini"
    real.write_text("[sound]\nvolume=40\n", "utf-8")
    folder.settings_file.symlink_to(real)
    settings = Settings(folder.settings_file)
    settings.set("sound/volume", 12)
    # Between reading and saving, the link comes to point at a device (here a named pipe).
    folder.settings_file.unlink()
    os.mkfifo(tmp_path / "device")
    folder.settings_file.symlink_to(tmp_path / "device")
    assert settings.save() == (f"Your settings could not be saved to {folder.settings_file} (a named pipe "
                               "is where the file should be): they apply until Coach is closed.")
    assert (tmp_path / "device").is_fifo()
