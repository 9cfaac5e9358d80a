"""Two Coach instances on one data folder: no history row lost, no "database is locked", and a
routine open in one editor is never silently overwritten by the other."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "gui"))
from editor_helpers import MINE, make_editor  # noqa: E402

from coach.core.files.paths import DataDir  # noqa: E402
from coach.core.routines.routine_format import load_routine_file  # noqa: E402
from coach.gui.editor.editor import KEEP_MINE, TAKE_THEIRS  # noqa: E402

SESSIONS, SETS = 2, 5
#: Fresh data folders both instances start on at the same moment (a race for the first opening).
ROUNDS = 40

# One Coach recording workouts: for each folder, waits for the word, opens the history (both
# instances open a fresh folder at once, so they race for its creation and first migration too),
# then records sessions set by set.
RECORDER = r"""
import json, sys, time
from pathlib import Path
from coach.core.history.store import History
from coach.core.routines.routine import Exercise, Routine
name, sessions, sets = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
routine = Routine(id=name, name=name, exercises=(Exercise(name="Bridges", reps=10, sets=sets),))
errors = []
for folder in sys.argv[4:]:
    sys.stdin.readline()
    history = History.open(Path(folder))
    print("opened", flush=True)
    if not history.enabled:
        errors.append(history.off_reason)
    for n in range(sessions):
        try:
            session = history.begin_session(routine, time.time(), 60.0)
            for s in range(1, sets + 1):
                history.record_set(session, 0, "Bridges", s, None, 10, None, "completed", time.time(),
                                   time.time())
            history.finish_session(session, "completed", time.time())
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
    history.close()
print(json.dumps(errors))
"""


@pytest.mark.slow
def test_two_instances_record_every_set_without_locking_errors(tmp_path: Path) -> None:
    folders = [tmp_path / f"data-{n}" for n in range(ROUNDS)]
    children = [subprocess.Popen([sys.executable, "-c", RECORDER, name, str(SESSIONS), str(SETS),
                                  *map(str, folders)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for name in ("first", "second")]
    for _folder in folders:
        for child in children:  # the word goes to both at once: they open the new file together
            child.stdin.write("go\n")
        for child in children:
            child.stdin.flush()
        for child in children:
            assert child.stdout.readline() == "opened\n"
    for child in children:
        child.stdin.close()
        # Not communicate(): readline() above may already hold the last line in its buffer.
        out, err = child.stdout.read(), child.stderr.read()
        child.stdout.close()
        child.stderr.close()
        assert child.wait(timeout=120) == 0, err
        assert json.loads(out) == [], out
        assert "locked" not in err
    for folder in folders:
        conn = sqlite3.connect(DataDir(folder).history_db)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            rows = conn.execute("SELECT routine_id, COUNT(*), SUM(sets_completed) FROM sessions WHERE "
                                "outcome = 'completed' GROUP BY routine_id ORDER BY routine_id").fetchall()
            assert rows == [("first", SESSIONS, SESSIONS * SETS), ("second", SESSIONS, SESSIONS * SETS)]
            assert conn.execute("SELECT COUNT(*) FROM sets").fetchone()[0] == 2 * SESSIONS * SETS
        finally:
            conn.close()


# --- the same routine open in two editors -----------------------------------------------------------

SAVER = r"""
import sys
from pathlib import Path
from coach.core.routines.routine_format import load_routine_file
from coach.core.routines.user_routines import UserRoutines
import dataclasses
path = Path(sys.argv[1])
routine, _ = load_routine_file(path)
UserRoutines(path.parent).save(dataclasses.replace(routine, name=sys.argv[2]), replacing=path)
"""


def _other_instance_saves(path: Path, name: str) -> None:
    done = subprocess.run([sys.executable, "-c", SAVER, str(path), name], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr


def _asked(choice: str, log: list):
    def ask(editor) -> str:
        log.append(editor)
        return choice
    return ask


@pytest.mark.parametrize("choice", [TAKE_THEIRS, KEEP_MINE])
def test_a_save_over_a_file_the_other_instance_changed_asks_first(qtbot, data_dir: Path, choice: str) -> None:
    folder = DataDir(data_dir).routines
    folder.mkdir(parents=True)
    editor = make_editor(qtbot, folder)
    qtbot.keyClicks(editor.name_edit, " (mine)")
    # The other Coach saves first; this one's folder watcher has not told the editor yet.
    _other_instance_saves(editor.source, "Theirs")
    asked: list = []
    editor.ask_changed_on_disk = _asked(choice, asked)
    saved = editor.save()
    assert asked == [editor], "the other instance's version was overwritten without asking"
    on_disk, problems = load_routine_file(editor.source)
    assert problems == []
    if choice == TAKE_THEIRS:
        assert not saved and on_disk.name == "Theirs"
        assert editor.name_edit.text() == "Theirs"
        editor.undo_stack.undo()  # the edits are one Undo away
        assert editor.name_edit.text() == f"{MINE.name} (mine)"
    else:
        assert saved and on_disk.name == f"{MINE.name} (mine)"
        assert not editor.is_modified()


def test_a_file_the_other_instance_deleted_is_not_brought_back_silently(qtbot, data_dir: Path) -> None:
    folder = DataDir(data_dir).routines
    folder.mkdir(parents=True)
    editor = make_editor(qtbot, folder)
    qtbot.keyClicks(editor.name_edit, " (mine)")
    editor.source.unlink()
    assert not editor.save()
    assert "removed outside Coach" in editor.banner.text()
    assert not editor.source.exists()
    assert editor.save()  # said once; a second Save writes it again
    assert load_routine_file(editor.source)[0].name == f"{MINE.name} (mine)"


def test_saving_twice_in_one_instance_asks_nothing(qtbot, data_dir: Path) -> None:
    folder = DataDir(data_dir).routines
    folder.mkdir(parents=True)
    editor = make_editor(qtbot, folder)  # asking would fail the test
    for word in (" one", " two"):
        qtbot.keyClicks(editor.name_edit, word)
        assert editor.save()
    assert load_routine_file(editor.source)[0] == dataclasses.replace(MINE, name=f"{MINE.name} one two")
