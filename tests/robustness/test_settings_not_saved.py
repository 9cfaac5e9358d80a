"""Settings that cannot be written (a read-only folder, a full disk, a file in the folder's place)
are said once in the status bar, with the reason, and still apply until Coach is closed.

The tests run as root, for whom ``chmod`` stops nothing; so the read-only folder is made real by
tests/permissions.py (root's two file-permission capabilities out of this, the GUI, thread). A full
disk is RLIMIT_FSIZE 0 for the moment of the test (a write fails with EFBIG where a full disk fails
with ENOSPC); the real ENOSPC and EROFS are made in a child process with a tiny tmpfs of its own.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "gui"))
from helpers import FakeSoundSink, FakeSpeaker, short_routine  # noqa: E402
from permissions import obeying_file_permissions  # noqa: E402

from coach.core.routines.library import Library, LibraryEntry  # noqa: E402
from coach.core.files.paths import DataDir  # noqa: E402
from coach.gui.settings import Settings  # noqa: E402

OLD_FILE = "[sound]\nvolume=40\n"
STAYS = "they apply until Coach is closed."
@contextmanager
def no_file_may_grow():
    """Within: no file of this process grows by a byte (nothing may print meanwhile: the captured
    output is a file too)."""
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, limits[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, handler)


def _folder_with_settings(data_dir: Path) -> DataDir:
    folder = DataDir(data_dir)
    folder.root.mkdir(parents=True)
    folder.settings_file.write_text(OLD_FILE, "utf-8")
    return folder


def _window(qtbot, folder: DataDir, settings: Settings, clock):
    from coach.gui.cues import CuePlayer
    from coach.gui.main_window import MainWindow
    from coach.gui.services import Services

    cues = CuePlayer(settings, sound_sink=FakeSoundSink(), speaker=FakeSpeaker())
    library = Library(entries=[LibraryEntry(short_routine(), "built-in", Path("/nowhere/short.yaml"))])
    window = MainWindow(folder, library, settings, services=Services(cues=cues, clock=clock))
    qtbot.addWidget(window)
    return window


def _set_volume(window, volume: int) -> None:
    dialog = window.open_settings()
    dialog.volume.setValue(volume)
    dialog.accept()


def _open_dialogs(window) -> list:
    """The dialogs of ``window`` on the screen (a message at exit would be one)."""
    from PySide6.QtWidgets import QApplication, QDialog

    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.isVisible() and w.parent() is window]


def test_a_read_only_data_folder_is_said_once_and_the_settings_apply_until_closed(
        data_dir: Path, qtbot, clock) -> None:
    folder = _folder_with_settings(data_dir)
    window = _window(qtbot, folder, Settings(folder.settings_file), clock)
    expected = (f"Your settings could not be saved to {folder.settings_file} (the folder is read-only): "
                f"{STAYS}")
    with obeying_file_permissions(folder.root):
        _set_volume(window, 12)
        assert window.statusBar().currentMessage() == expected
        _set_volume(window, 13)  # the same problem again: not said twice
        assert window.notices == [expected]
        assert window.settings.get("sound/volume") == 13 and window.services.cues.volume == 0.13
        window.close()  # at exit: no raise, no dialog, nothing more said
        assert window.notices == [expected] and _open_dialogs(window) == []
    assert folder.settings_file.read_text("utf-8") == OLD_FILE
    assert [p.name for p in folder.root.iterdir()] == ["settings.ini"], "a test file was left behind"


def test_a_full_disk_is_said_once_and_exit_does_not_fail(data_dir: Path, qtbot, clock) -> None:
    folder = _folder_with_settings(data_dir)
    window = _window(qtbot, folder, Settings(folder.settings_file), clock)
    with no_file_may_grow():
        _set_volume(window, 12)
        _set_volume(window, 13)
        window.close()
    assert window.notices == [f"Your settings could not be saved to {folder.settings_file} (a limit on "
                              f"file size stops Coach from writing it): {STAYS}"]
    assert _open_dialogs(window) == []
    assert window.settings.get("sound/volume") == 13
    assert folder.settings_file.read_text("utf-8") == OLD_FILE
    assert [p.name for p in folder.root.iterdir()] == ["settings.ini"], "a temporary file was left behind"


def test_once_the_folder_is_writable_again_the_settings_are_saved_and_that_is_said(
        data_dir: Path, qtbot, clock) -> None:
    folder = _folder_with_settings(data_dir)
    window = _window(qtbot, folder, Settings(folder.settings_file), clock)
    with obeying_file_permissions(folder.root):
        _set_volume(window, 12)
    # Qt keeps reporting its first error for good; the file on disk says the save worked.
    _set_volume(window, 14)
    assert window.notices[1:] == [f"Your settings are saved to {folder.settings_file} again."]
    assert "volume=14" in folder.settings_file.read_text("utf-8")
    _set_volume(window, 15)
    assert len(window.notices) == 2


def test_a_read_only_settings_file_is_said(data_dir: Path, qtbot, clock) -> None:
    folder = _folder_with_settings(data_dir)
    window = _window(qtbot, folder, Settings(folder.settings_file), clock)
    with obeying_file_permissions(folder.settings_file):
        _set_volume(window, 12)
        window.close()
    assert window.notices == [f"Your settings could not be saved to {folder.settings_file} (the file is "
                              f"read-only): {STAYS}"]
    assert folder.settings_file.read_text("utf-8") == OLD_FILE


def test_a_file_where_the_data_folder_should_be_is_said(tmp_path: Path, qtbot, clock) -> None:
    in_the_way = tmp_path / "data"
    in_the_way.write_text("not a folder")
    settings = Settings(in_the_way / "settings.ini")
    window = _window(qtbot, DataDir(tmp_path / "elsewhere"), settings, clock)
    _set_volume(window, 12)
    window.close()
    assert window.notices == [f"Your settings could not be saved to {in_the_way / 'settings.ini'} (a file "
                              f"is where its folder should be): {STAYS}"]
    assert in_the_way.read_text() == "not a folder"


def test_closing_on_a_read_only_folder_says_nothing_and_does_not_fail(data_dir: Path, qtbot, clock) -> None:
    folder = _folder_with_settings(data_dir)
    window = _window(qtbot, folder, Settings(folder.settings_file), clock)
    with obeying_file_permissions(folder.root):
        window.close()  # only the layout was to be written
        assert window.settings.sync() is False
    assert window.notices == [] and _open_dialogs(window) == []
    assert folder.settings_file.read_text("utf-8") == OLD_FILE


def test_a_good_folder_says_nothing(data_dir: Path, qtbot, clock) -> None:
    folder = _folder_with_settings(data_dir)
    window = _window(qtbot, folder, Settings(folder.settings_file), clock)
    _set_volume(window, 12)
    window.close()
    assert window.notices == []
    assert "volume=12" in folder.settings_file.read_text("utf-8")


# --- the real ENOSPC and EROFS, on a tmpfs mounted in a child's own mount namespace ----------------

CHILD = textwrap.dedent(r"""
    import errno, subprocess, sys
    from pathlib import Path
    from coach.gui.settings import Settings
    disk = Path(sys.argv[1])
    full, read_only = disk / "full", disk / "read-only"
    for folder in (full, read_only):
        folder.mkdir()
        (folder / "settings.ini").write_text(sys.argv[2], "utf-8")
    subprocess.run(["mount", "--bind", read_only, read_only], check=True)
    subprocess.run(["mount", "-o", "remount,bind,ro", read_only], check=True)
    settings = Settings(full / "settings.ini")
    settings.set("sound/volume", 12)
    try:  # fill the disk to the last byte
        with open(full / "filler", "wb") as filler:
            while True:
                filler.write(b"\0" * 4096)
                filler.flush()
    except OSError as exc:
        assert exc.errno == errno.ENOSPC, exc
    print(settings.save())
    print(sorted(p.name for p in full.iterdir()))
    settings = Settings(read_only / "settings.ini")
    settings.set("sound/volume", 12)
    print(settings.save())
    print((full / "settings.ini").read_text("utf-8") == (read_only / "settings.ini").read_text("utf-8")
          == sys.argv[2])
""")


@pytest.mark.slow
def test_a_really_full_disk_and_a_read_only_disk_are_named(tmp_path: Path) -> None:
    unshare = shutil.which("unshare")
    disk = tmp_path / "disk"
    disk.mkdir()
    if unshare is None or subprocess.run([unshare, "-m", "mount", "-t", "tmpfs", "tmpfs", str(disk)],
                                         capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs in a mount namespace of its own here")
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    done = subprocess.run(
        [unshare, "-m", "sh", "-c", 'mount -t tmpfs -o size=64k tmpfs "$1" && exec "$2" "$3" "$1" "$4"',
         "sh", str(disk), sys.executable, str(script), OLD_FILE],
        capture_output=True, text=True, timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    full_said, left, read_only_said, unchanged = done.stdout.splitlines()
    assert full_said == f"Your settings could not be saved to {disk}/full/settings.ini (the disk is full): {STAYS}"
    assert left == "['filler', 'settings.ini']", "the test write left a file behind"
    assert read_only_said == (f"Your settings could not be saved to {disk}/read-only/settings.ini "
                              f"(the disk is read-only): {STAYS}")
    assert unchanged == "True"
    assert list(disk.iterdir()) == []  # the tmpfs was the child's alone
