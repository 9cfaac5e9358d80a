"""Nothing in a file Coach reads can run code: each file of the data folder is planted with a payload
that creates a marker file if it ever runs, and the real program is started on it.

The settings file is the one that did run code: Qt's INI reader turns a value written as
``@Variant(...PySide::PyObjectWrapper...)`` into a Python object by unpickling it. The others are
here so that no reader of the data folder can become one without a test failing: YAML tags that
build Python objects in the FAQ and in a routine, and the history's JSON columns holding a pickle
and the same texts.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from coach.core.files.paths import DataDir
from coach.gui.app import QUIT_WHEN_SHOWN_ENV, SHOWN_MESSAGE

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "gui"))
from helpers import FakeSoundSink, FakeSpeaker, short_routine  # noqa: E402


class _Runs:
    """Pickles to a call of ``os.system(command)``: unpickling it runs the command."""

    def __init__(self, command: str) -> None:
        self.command = command

    def __reduce__(self):
        return (os.system, (self.command,))


def _touch(marker: Path) -> str:
    return f"touch {marker}"


def _pickled_settings(path: Path, marker: Path) -> None:
    """A settings file as Qt writes one for a Python object: the pickle inside ``@Variant(...)``."""
    from PySide6.QtCore import QSettings

    written = QSettings(str(path), QSettings.Format.IniFormat)
    written.setValue("sound/volume", _Runs(_touch(marker)))
    written.sync()
    del written
    assert "PySide::PyObjectWrapper" in path.read_text("latin-1")


def _cut_pickle_settings(path: Path) -> None:
    """The same kind of value, cut short: unpickling it raised EOFError and the window never came up."""
    path.write_text("[sound]\nvolume=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x18PySide::PyObjectWrapper"
                    "\\0\\0\\0\\0\\x5\\x80\\x4)\n[voice]\nname=Anna\n", "utf-8")


def _plant_everything(data: DataDir, markers: Path) -> dict[str, Path]:
    """Every file of the data folder, each with a payload of its own kind; the markers they make."""
    made = {what: markers / f"ran-{what}" for what in ("settings", "faq", "routine", "history")}
    data.root.mkdir(parents=True, exist_ok=True)
    _pickled_settings(data.settings_file, made["settings"])
    yaml_payload = f'!!python/object/apply:os.system ["{_touch(made["faq"])}"]'
    data.faq_file.write_text(f"- id: planted\n  question: {yaml_payload}\n  answer: {yaml_payload}\n", "utf-8")
    data.routines.mkdir()
    routine_payload = f'!!python/object/apply:os.system ["{_touch(made["routine"])}"]'
    (data.routines / "planted.yaml").write_text(
        f"id: planted\nname: {routine_payload}\nexercises:\n  - name: x\n    reps: {routine_payload}\n",
        "utf-8")
    _planted_history(data, made["history"])
    return made


def _planted_history(data: DataDir, marker: Path) -> None:
    """A history of one session whose JSON columns hold a pickle, a YAML tag and a Qt variant."""
    from coach.core.history.store import History

    with History.open(data) as history:
        session = history.begin_session(short_routine(), 1.0e9, 60.0)
        history.record_set(session, 0, "Bridges", 1, None, 10, None, "completed", 1.0e9, 1.0e9 + 30)
        history.finish_session(session, "completed", 1.0e9 + 60)
    payload = pickle.dumps(_Runs(_touch(marker))).decode("latin-1")
    conn = sqlite3.connect(data.history_db)
    try:
        with conn:
            for column in [row[1] for row in conn.execute("PRAGMA table_info(sessions)")]:
                if column.endswith("_json"):
                    conn.execute(f"UPDATE sessions SET {column} = ?",
                                 (f'{{"id": "x", "py": {payload!r:}, "yaml": "!!python/object/apply:os.system", '
                                  f'"variant": "@Variant(PySide::PyObjectWrapper)"}}',))
    finally:
        conn.close()


def _coach(data: DataDir, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COACH_DATA_DIR": str(data.root),
                   QUIT_WHEN_SHOWN_ENV: "1"}
    return subprocess.run([sys.executable, "-m", "coach", *args], capture_output=True, text=True,
                          env=environment, timeout=timeout)


@pytest.mark.slow
def test_no_planted_file_runs_code_in_the_window_or_the_commands(tmp_path: Path) -> None:
    data = DataDir(tmp_path / "data")
    made = _plant_everything(data, tmp_path)
    window = _coach(data)
    assert SHOWN_MESSAGE in window.stderr, window.stderr
    assert window.returncode == 0 and "Traceback" not in window.stderr, window.stderr
    for command in (["list", "--json"], ["faq"], ["history", "--json"], ["validate"], ["plan", "planted"]):
        done = _coach(data, *command)
        assert "Traceback" not in done.stderr, (command, done.stderr)
    ran = sorted(what for what, marker in made.items() if marker.exists())
    assert ran == [], f"planted code ran from: {ran}"
    # The settings file with a value Coach never writes is moved aside, not left to run later.
    assert len(list(data.root.glob("settings.ini.bad-*"))) == 1


@pytest.mark.slow
@pytest.mark.parametrize("plant", ["pickled", "cut short"])
def test_a_pickled_settings_value_never_runs_nor_stops_the_window(plant: str, tmp_path: Path) -> None:
    data = DataDir(tmp_path / "data")
    data.root.mkdir()
    marker = tmp_path / "ran"
    _pickled_settings(data.settings_file, marker) if plant == "pickled" else _cut_pickle_settings(
        data.settings_file)
    planted = data.settings_file.read_bytes()
    window = _coach(data)
    assert SHOWN_MESSAGE in window.stderr, window.stderr
    assert window.returncode == 0 and "Traceback" not in window.stderr, window.stderr
    assert not marker.exists(), "the pickled settings value ran"
    backups = list(data.root.glob("settings.ini.bad-*"))
    assert [b.read_bytes() for b in backups] == [planted]
    assert b"@Variant" not in data.settings_file.read_bytes()


@pytest.mark.parametrize("plant", ["pickled", "cut short"])
def test_the_window_says_the_pickled_value_was_not_used(plant: str, data_dir: Path, tmp_path: Path,
                                                        qtbot) -> None:
    from coach.core.routines.library import Library, LibraryEntry
    from coach.gui.cues import CuePlayer
    from coach.gui.main_window import MainWindow
    from coach.gui.services import Services
    from coach.gui.settings import DEFAULTS, Settings

    folder = DataDir(data_dir)
    folder.root.mkdir(parents=True)
    marker = tmp_path / "ran"
    _pickled_settings(folder.settings_file, marker) if plant == "pickled" else _cut_pickle_settings(
        folder.settings_file)
    settings = Settings(folder.settings_file)
    assert not marker.exists()
    assert settings.get("sound/volume") == DEFAULTS["sound/volume"]
    assert "sound/volume" in settings.problem and str(settings.backup) in settings.problem
    if plant == "cut short":
        assert settings.get("voice/name") == "Anna"  # the good value is kept
    cues = CuePlayer(settings, sound_sink=FakeSoundSink(), speaker=FakeSpeaker())
    library = Library(entries=[LibraryEntry(short_routine(), "built-in", Path("/nowhere/short.yaml"))])
    window = MainWindow(folder, library, settings, services=Services(cues=cues))
    qtbot.addWidget(window)
    assert window.notices == [settings.problem]
    assert not marker.exists()


def test_the_window_layout_is_kept_as_text_and_an_old_qt_layout_is_dropped_quietly(data_dir: Path) -> None:
    from PySide6.QtCore import QByteArray

    from coach.gui.settings import Settings

    folder = DataDir(data_dir)
    folder.root.mkdir(parents=True)
    # As QSettings wrote the layout before: Qt's @ByteArray, never read by Coach again.
    folder.settings_file.write_text("[sound]\nvolume=40\n\n[window]\ngeometry=@ByteArray(\\x1\\xd9\\xd0\\xcb)\n"
                                    "state=@ByteArray(\\0\\0\\0\\xff)\n", "utf-8")
    settings = Settings(folder.settings_file)
    assert settings.problem is None and settings.backup is None
    assert settings.window_state() == (None, None) and settings.get("sound/volume") == 40
    settings.save_window_state(QByteArray(b"\x01\xd9\xd0\xcb\0="), QByteArray(bytes(range(256))))
    assert settings.sync()
    text = folder.settings_file.read_text("utf-8")
    assert "@" not in text and "volume=40" in text
    again = Settings(folder.settings_file)
    assert again.problem is None
    assert again.window_state() == (QByteArray(b"\x01\xd9\xd0\xcb\0="), QByteArray(bytes(range(256))))


def test_a_settings_file_behind_a_symbolic_link_is_written_where_it_points(data_dir: Path, tmp_path: Path) -> None:
    from coach.gui.settings import Settings

    folder = DataDir(data_dir)
    folder.root.mkdir(parents=True)
    real = tmp_path / "dotfiles" / "coach.ini"
    real.parent.mkdir()
    real.write_text("[sound]\nvolume=40\n", "utf-8")
    folder.settings_file.symlink_to(real)
    settings = Settings(folder.settings_file)
    settings.set("sound/volume", 41)
    assert settings.save() is None
    assert folder.settings_file.is_symlink() and "volume=41" in real.read_text("utf-8")
