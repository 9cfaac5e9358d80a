"""Faults of the computer around Coach: the data folder read-only, missing or a file, a full disk,
a routine file Coach may not read, a pipe where a file should be, no sound and no voice.

The tests run as root, who may read and write anything; so the faults are made real in a child
process that first gives up root's two file-permission capabilities (CAP_DAC_OVERRIDE and
CAP_DAC_READ_SEARCH, dropped from its bounding set before exec), after which ``chmod`` binds root
too. A full disk is RLIMIT_FSIZE in the child (with SIGXFSZ ignored, a write fails with EFBIG, as
on a full disk the write fails with ENOSPC): no file can grow.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from coach.core.history.store import History
from coach.core.files.paths import DataDir
from coach.core.routines.routine import Exercise, Routine
from coach.core.routines.routine_format import load_routine_file
from coach.core.routines.routine_writer import save_routine
from coach.gui.app import QUIT_WHEN_SHOWN_ENV, SHOWN_MESSAGE

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def _without_root_powers(file_size_limit: int | None = None):
    """A preexec_fn: the child obeys file permissions, and optionally cannot grow files."""
    def setup() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
            if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 and os.geteuid() == 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")
        if file_size_limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))
    return setup


# What the core does with a data folder, in a child: every answer printed as one JSON object.
PROBE = r"""
import json, sys, time
from pathlib import Path
from coach.core.faq.entries import load_faq
from coach.core.history.store import History
from coach.core.routines.library import load_library
from coach.core.files.paths import DataDir, builtin_routines_dir
from coach.core.routines.routine import Exercise, Routine
from coach.core.routines.routine_writer import SaveError
from coach.core.routines.user_routines import UserRoutineError, UserRoutines
data = DataDir(Path(sys.argv[1]))
out = {}
faq = load_faq(data)
out["faq"] = len(faq.entries)
library = load_library(builtin_routines_dir(), data.routines, set(faq.ids()))
out["routines"] = sorted(library.ids())
out["problems"] = [str(p) for p in library.problems]
history = History.open(data)
out["history_off"] = history.off_reason
if history.enabled:
    routine = library.get("mine").routine if library.get("mine") else library.entries[0].routine
    try:
        session = history.begin_session(routine, time.time(), 60.0)
        history.record_set(session, 0, "Bridges", 1, None, 10, None, "completed", time.time(), time.time())
        history.finish_session(session, "completed", time.time())
        out["history_write"] = "ok"
    except Exception as exc:
        out["history_write"] = f"{type(exc).__name__}: {exc}"
    out["sessions"] = len(history.sessions())
    history.close()
changed = Routine(id="mine", name="Mine, changed", exercises=(Exercise(name="Bridges", reps=12),))
try:
    UserRoutines(data.routines).save(changed, replacing=data.routines / "mine.yaml")
    out["save"] = "ok"
except (SaveError, UserRoutineError) as exc:
    out["save"] = str(exc)
from coach.gui.settings import Settings
settings = Settings(data.settings_file)
out["settings_problem"] = settings.problem
settings.set("sound/volume", 12)
out["settings_save"] = settings.save()
out["settings_written"] = settings.sync()  # the settings are on disk
print(json.dumps(out))
"""


def _probe(folder: Path, file_size_limit: int | None = None) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, str(folder)], capture_output=True, text=True,
                          timeout=60, preexec_fn=_without_root_powers(file_size_limit),
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout)


def _start_app(folder: Path, file_size_limit: int | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COACH_DATA_DIR": str(folder),
                   QUIT_WHEN_SHOWN_ENV: "1"}
    done = subprocess.run([sys.executable, "-m", "coach"], capture_output=True, text=True, env=environment,
                          timeout=60, preexec_fn=_without_root_powers(file_size_limit))
    assert SHOWN_MESSAGE in done.stderr, done.stderr
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return done


def _user_data(folder: Path) -> DataDir:
    """A data folder with a routine, a FAQ entry, a settings file and a history of one session."""
    data = DataDir(folder)
    save_routine(Routine(id="mine", name="Mine", exercises=(Exercise(name="Bridges", reps=10),)),
                 data.routines / "mine.yaml")
    data.faq_file.write_text("- id: mine\n  question: Mine?\n  answer: Yes.\n", "utf-8")
    data.settings_file.write_text("[sound]\nvolume=40\n", "utf-8")
    with History.open(data) as history:
        session = history.begin_session(load_routine_file(data.routines / "mine.yaml")[0], 1.0e9, 60.0)
        history.record_set(session, 0, "Bridges", 1, None, 10, None, "completed", 1.0e9, 1.0e9 + 30)
        history.finish_session(session, "completed", 1.0e9 + 60)
    return data


def _fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.endswith(("-wal", "-shm"))}


def _history_intact(data: DataDir, sessions: int) -> None:
    conn = sqlite3.connect(data.history_db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == sessions
        assert conn.execute("SELECT COUNT(*) FROM sets").fetchone()[0] == sessions
    finally:
        conn.close()


@pytest.fixture(scope="module")
def dropping_works(tmp_path_factory) -> None:
    """Skip when this system does not let a child give up root's file powers."""
    secret = tmp_path_factory.mktemp("cap") / "secret"
    secret.write_text("x")
    secret.chmod(0)
    done = subprocess.run([sys.executable, "-c", f"open({str(secret)!r}).read()"], capture_output=True,
                          preexec_fn=_without_root_powers())
    if done.returncode == 0:
        pytest.skip("the child could still read a file with mode 000 (capabilities not dropped)")


# --- a pipe or a device where a routine file should be --------------------------------------------

def test_a_named_pipe_in_the_routines_folder_does_not_hang_the_library(data_dir: Path) -> None:
    # Opening a FIFO for reading waited forever for a writer: the library never loaded.
    from coach.core.routines.library import load_library
    from coach.core.files.paths import builtin_routines_dir

    data = _user_data(data_dir)
    os.mkfifo(data.routines / "pipe.yaml")
    (data.routines / "device.yaml").symlink_to("/dev/zero")
    library = load_library(builtin_routines_dir(), data.routines)
    assert "mine" in library.ids()
    messages = {Path(p.file).name: p.message for p in library.problems}
    assert "not an ordinary file" in messages["pipe.yaml"]
    assert "not an ordinary file" in messages["device.yaml"]


# --- read-only, missing, a file in the way ----------------------------------------------------------

@pytest.mark.slow
def test_a_read_only_data_folder_loses_nothing_and_says_what_is_off(tmp_path: Path, dropping_works) -> None:
    data = _user_data(tmp_path / "data")
    before = _fingerprint(data.root)
    for folder in (data.root, data.routines):
        folder.chmod(0o555)
    try:
        out = _probe(data.root)
        _start_app(data.root)
    finally:
        for folder in (data.root, data.routines):
            folder.chmod(0o755)
    assert "mine" in out["routines"] and out["problems"] == []
    assert out["faq"] == 13
    assert "read-only" in out["history_off"]
    assert ("read-only" in out["save"] or "permission denied" in out["save"]) and "unchanged" in out["save"]
    assert out["settings_written"] is False
    assert out["settings_save"] == (f"Your settings could not be saved to {data.settings_file} (the folder "
                                    "is read-only): they apply until Coach is closed.")
    assert _fingerprint(data.root) == before
    _history_intact(data, 1)


@pytest.mark.slow
def test_a_missing_data_folder_is_created_and_a_file_in_its_place_is_said(tmp_path: Path,
                                                                          dropping_works) -> None:
    missing = tmp_path / "not-yet" / "data"
    out = _probe(missing)
    assert out["history_off"] is None and out["history_write"] == "ok" and out["save"] == "ok"
    assert out["settings_written"] is True and (missing / "routines" / "mine.yaml").is_file()
    assert out["settings_save"] is None
    _start_app(tmp_path / "also-not-yet")

    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder")
    out = _probe(in_the_way)
    assert out["history_off"].startswith("history is off") and "cannot be created" in out["history_off"]
    assert "not a folder" in out["save"] or "Could not save" in out["save"]
    assert out["routines"] and out["faq"] == 12
    assert "(a file is where its folder should be)" in out["settings_save"]
    _start_app(in_the_way)
    assert in_the_way.read_text() == "not a folder"


@pytest.mark.slow
def test_a_routine_file_coach_may_not_read_is_listed_and_the_others_load(tmp_path: Path,
                                                                         dropping_works) -> None:
    data = _user_data(tmp_path / "data")
    secret = data.routines / "secret.yaml"
    save_routine(Routine(id="secret", name="Secret", exercises=(Exercise(name="Bridges", reps=3),)), secret)
    secret.chmod(0)
    before = _fingerprint(data.root)
    out = _probe(data.root)
    _start_app(data.root)
    assert "mine" in out["routines"] and "secret" not in out["routines"]
    assert any("secret.yaml" in p and "Permission denied" in p for p in out["problems"]), out["problems"]
    assert out["history_write"] == "ok" and out["save"] == "ok"
    secret.chmod(0o644)
    assert load_routine_file(secret)[0].name == "Secret"
    assert _fingerprint(data.root)["routines/secret.yaml"] == before["routines/secret.yaml"]


# --- a full disk ------------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_full_disk_loses_nothing_and_says_so(tmp_path: Path) -> None:
    data = _user_data(tmp_path / "data")
    before = _fingerprint(data.root)
    out = _probe(data.root, file_size_limit=0)
    _start_app(data.root, file_size_limit=0)
    assert "mine" in out["routines"] and out["faq"] == 13
    assert "Could not save" in out["save"] and "unchanged" in out["save"]
    # The history either refuses to open or refuses the write; it never takes a half-written set.
    assert out["history_off"] is not None or out["history_write"] != "ok"
    assert out["settings_written"] is False
    assert out["settings_save"] == (f"Your settings could not be saved to {data.settings_file} (a limit on "
                                    "file size stops Coach from writing it): they apply until Coach is closed.")
    assert _fingerprint(data.root) == before
    assert load_routine_file(data.routines / "mine.yaml")[0].name == "Mine"
    _history_intact(data, 1)
    leftovers = [p.name for p in data.routines.iterdir() if p.name != "mine.yaml"]
    assert leftovers == [], "a failed save left a temporary file behind"


def test_the_fault_helpers_really_take_roots_powers_away(tmp_path: Path, dropping_works) -> None:
    secret = tmp_path / "secret"
    secret.write_text("x")
    secret.chmod(stat.S_IRUSR)
    (tmp_path / "ro").mkdir(mode=0o555)
    done = subprocess.run([sys.executable, "-c", f"open({str(tmp_path / 'ro' / 'f')!r}, 'w')"],
                          capture_output=True, text=True, preexec_fn=_without_root_powers())
    assert "Permission denied" in done.stderr
    done = subprocess.run([sys.executable, "-c", f"with open({str(tmp_path / 'big')!r}, 'w') as f: f.write('x' * 10)"],
                          capture_output=True, text=True, preexec_fn=_without_root_powers(4))
    assert "File too large" in done.stderr


# --- no sound, no voice, no system tray -------------------------------------------------------------

def _play_to_the_end(window, clock) -> None:
    for _ in range(500):
        if window.session.driver is None:
            return
        deadline = window.session.workout.next_deadline()
        if deadline is None:
            window.session.command("done")
        else:
            clock.now = max(clock.now, deadline)
            window.session.driver.wake()
    raise AssertionError("the workout did not end")


# Qt Multimedia itself logs the missing sound server; what Coach does about it is the test.
@pytest.mark.qt_log_ignore("PulseAudioService")
def test_no_sound_device_and_no_speech_engine_are_told_once_and_the_workout_runs(
        qtbot, data_dir: Path, clock, tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "gui"))
    from helpers import short_routine

    from coach.core.routines.library import Library, LibraryEntry
    from coach.gui.cues import CuePlayer, Speaker
    from coach.gui.main_window import MainWindow
    from coach.gui.services import Services
    from coach.gui.settings import Settings
    from coach.gui.tone_stream import ToneStream

    folder = DataDir(data_dir)
    settings = Settings(folder.settings_file)
    # The real sink and speaker, with nothing to play on: no sound files (or no audio device), and
    # a speech engine that does not exist.
    cues = CuePlayer(settings, sound_sink=ToneStream(tmp_path / "no-sounds"), speaker=Speaker("no-such-engine"))
    library = Library(entries=[LibraryEntry(short_routine(), "built-in", Path("/nowhere/short.yaml"))])
    window = MainWindow(folder, library, settings, services=Services(clock=clock, cues=cues))
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):  # on screen: a workout's clock starts at once (start_when_shown.py)
        window.show()
    assert window.notices == []  # nothing is loaded, and nothing said, before the first workout
    for round in range(2):
        window.session.start_workout(short_routine())
        # The first waits for the voice to load (coach/gui/voice_wait.py), until it says it has none.
        qtbot.waitUntil(lambda: window.session.voice_wait is None, timeout=10000)
        _play_to_the_end(window, clock)
        assert window.summary is not None and window.pages.currentWidget() is window.summary
        window.show_library()
        if round == 0:  # the speech engine answers from its own process, a moment later
            qtbot.waitUntil(lambda: cues.voice_problem() != "", timeout=10000)
    sound = [n for n in window.notices if n.startswith("No sound: ")]
    voice = [n for n in window.notices if n.startswith("No voice: ")]
    assert len(sound) == 1 and len(voice) == 1, window.notices
    assert "no-such-engine" not in voice[0] and "speech-dispatcher" in voice[0]
    # Both are shown: the voice's problem does not replace the sound's.
    assert window.statusBar().currentMessage() == f"{sound[0]} {voice[0]}"


def test_coach_needs_no_system_tray() -> None:
    # Nothing to degrade: Coach never uses one (checked here so that adding one means a decision).
    sources = Path(__file__).resolve().parents[2] / "coach"
    assert not any("QSystemTrayIcon" in p.read_text("utf-8") for p in sources.rglob("*.py"))


def test_saving_over_a_named_pipe_replaces_it_instead_of_waiting(data_dir: Path) -> None:
    # The writer read the old file first (to keep a commented copy): on a pipe that never returned.
    from coach.core.routines.user_routines import UserRoutines

    data = DataDir(data_dir)
    data.routines.mkdir(parents=True)
    os.mkfifo(data.routines / "mine.yaml")
    routine = Routine(id="mine", name="Mine", exercises=(Exercise(name="Bridges", reps=10),))
    UserRoutines(data.routines).save(routine, replacing=data.routines / "mine.yaml")
    assert load_routine_file(data.routines / "mine.yaml")[0] == routine
