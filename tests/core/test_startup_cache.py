"""The startup cache: while no file changed, a start gets the same FAQ and library without YAML."""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from killed_saves import killed_saves, place, refuse_to_remove, set_age
from permissions import obeying_file_permissions

from coach.core.files import startup_cache
from coach.core.faq.entries import Faq, builtin_faq_file, load_faq
from coach.core.routines.library import Library, load_library
from coach.core.files.paths import DataDir, builtin_routines_dir
from coach.core.files.startup_cache import load_faq_and_library
from coach.core.files.temp_files import STALE_AFTER_S

#: Files written by the tests get an mtime long past: a file changed within the last moments is
#: not cached yet (its mtime could still hide a change), see test_a_file_changed_just_now_....
PAST_NS = 1_600_000_000 * 10**9
PLANTED = "Planted in the cached copy only"

MINE = """\
name: Mine
exercises:
  - name: Bridges
    reps: 10
    image: pics/bridge.png
    faq: [strengthen-lower-back, my-own-question, no-such-answer]
"""
BROKEN = "name: Broken\nexercises:\n  - name: Bridges\n    reps: lots\n"
USER_FAQ = """\
- id: my-own-question
  question: Should I stretch before running?
  answer: A few minutes of easy movement helps.
  exercises: [Bridges]
- id: runners-face
  question: What is runner's face, really?
  answer: My own answer.
- id: broken-one
  question: [not, text]
"""


def write(path: Path, text: str, mtime_ns: int = PAST_NS) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(mtime_ns, mtime_ns))
    return path


@pytest.fixture
def data(data_dir: Path) -> DataDir:
    """A data folder with a good user routine (missing image, one unknown FAQ link), a broken one,
    and a user FAQ replacing an answer, adding one and with a broken entry."""
    folder = DataDir(data_dir)
    write(folder.routines / "mine.yaml", MINE)
    write(folder.routines / "broken.yaml", BROKEN)
    write(folder.faq_file, USER_FAQ)
    # Where the image will be created: making this folder then would change the routine folder.
    (folder.routines / "pics").mkdir()
    return folder


def cache_file(folder: DataDir) -> Path:
    return folder.cache_dir / "startup.pickle"


def fresh(folder: DataDir, builtin_routines: Path | None = None,
          builtin_faq: Path | None = None) -> tuple[Faq, Library]:
    """What Coach loaded before the cache existed (coach/gui/app.py)."""
    faq = load_faq(folder, builtin_faq)
    return faq, load_library(builtin_routines or builtin_routines_dir(), folder.routines, set(faq.ids()))


def assert_same(got: tuple[Faq, Library], expected: tuple[Faq, Library]) -> None:
    (faq, library), (expected_faq, expected_library) = got, expected
    assert isinstance(faq, Faq) and isinstance(library, Library)
    assert faq.entries == expected_faq.entries
    assert faq.problems == expected_faq.problems
    assert faq.ids() == expected_faq.ids()
    assert library == expected_library
    # Not part of a routine's equality, but the editor saves back to it.
    assert ([e.routine.source_path for e in library.entries]
            == [e.routine.source_path for e in expected_library.entries])


def plant(folder: DataDir) -> None:
    """Change the cached copy (never the files), so that a test can tell a hit from a miss."""
    path = cache_file(folder)
    form, fingerprint, looked_at, (entries, faq_problems, routines, problems) = pickle.loads(path.read_bytes())
    entries = (dataclasses.replace(entries[0], question=PLANTED), *entries[1:])
    path.write_bytes(pickle.dumps((form, fingerprint, looked_at, (entries, faq_problems, routines, problems))))


def from_cache(result: tuple[Faq, Library]) -> bool:
    return result[0].entries[0].question == PLANTED


def test_a_hit_gives_what_loading_the_files_gives(data: DataDir, capsys) -> None:
    expected = fresh(data)
    # The scene is worth caching: every kind of result is in it.
    faq, library = expected
    assert "my-own-question" in faq.ids() and faq.get("runners-face").source == "customized"
    assert any("broken-one" not in faq.ids() and p.file.endswith("faq.yaml") for p in faq.problems)
    assert {e.id for e in library.entries} >= {"mine", "lower-back-basics"}
    messages = [str(p) for p in library.problems]
    assert any("broken.yaml" in m and "error" in m for m in messages)
    assert any("image 'pics/bridge.png' does not exist" in m for m in messages)
    assert any("unknown FAQ id 'no-such-answer'" in m for m in messages)

    assert_same(load_faq_and_library(data), expected)  # a miss: loads, writes the cache
    assert cache_file(data).is_file()
    assert_same(load_faq_and_library(data), expected)  # a hit
    plant(data)
    assert from_cache(load_faq_and_library(data))
    assert capsys.readouterr() == ("", "")


def test_a_data_dir_given_as_a_path_works_too(data: DataDir) -> None:
    assert_same(load_faq_and_library(data.root), fresh(data))
    plant(data)
    assert from_cache(load_faq_and_library(data.root))


# --- what makes the cached copy stale ----------------------------------------------------------

@pytest.fixture
def builtins(tmp_path: Path) -> tuple[Path, Path]:
    """Copies of the built-in routines and FAQ, to change them too."""
    routines = tmp_path / "builtin-routines"
    shutil.copytree(builtin_routines_dir(), routines)
    faq = tmp_path / "builtin-faq" / "faq.yaml"
    faq.parent.mkdir()
    shutil.copyfile(builtin_faq_file(), faq)
    for path in [faq, *routines.iterdir()]:
        os.utime(path, ns=(PAST_NS, PAST_NS))
    return routines, faq


def change_routine_keeping_its_size(folder: DataDir, builtins: tuple[Path, Path]) -> None:
    path = folder.routines / "mine.yaml"
    size = path.stat().st_size
    write(path, MINE.replace("reps: 10", "reps: 12"), PAST_NS + 10**9)
    assert path.stat().st_size == size


def change_only_the_mtime(folder: DataDir, builtins: tuple[Path, Path]) -> None:
    # Even a file written back as it was counts as changed: Coach cannot know without reading it.
    os.utime(folder.routines / "mine.yaml", ns=(PAST_NS + 10**9, PAST_NS + 10**9))


def add_routine(folder: DataDir, builtins: tuple[Path, Path]) -> None:
    write(folder.routines / "new.yaml", MINE.replace("Mine", "New"))


def delete_routine(folder: DataDir, builtins: tuple[Path, Path]) -> None:
    (folder.routines / "mine.yaml").unlink()


def delete_all_user_routines(folder: DataDir, builtins: tuple[Path, Path]) -> None:
    shutil.rmtree(folder.routines)


def change_user_faq(folder: DataDir, builtins: tuple[Path, Path]) -> None:
    write(folder.faq_file, USER_FAQ.replace("My own answer.", "My better answer, longer."),
          PAST_NS + 10**9)


def delete_user_faq(folder: DataDir, builtins: tuple[Path, Path]) -> None:
    folder.faq_file.unlink()


def create_missing_image(folder: DataDir, builtins: tuple[Path, Path]) -> None:
    # Nothing else changes: not the routine file, not its folder.
    (folder.routines / "pics" / "bridge.png").write_bytes(b"\x89PNG\r\n\x1a\n")


def change_builtin_routine(folder: DataDir, builtins: tuple[Path, Path]) -> None:
    path = builtins[0] / "lower-back-basics.yaml"
    write(path, path.read_text(encoding="utf-8").replace("name: ", "name: Changed ", 1), PAST_NS + 10**9)


def change_builtin_faq(folder: DataDir, builtins: tuple[Path, Path]) -> None:
    write(builtins[1], builtins[1].read_text(encoding="utf-8") + "\n# a comment\n", PAST_NS + 10**9)


def replace_routine_by_a_same_looking_file(folder: DataDir, builtins: tuple[Path, Path]) -> None:
    # Same name, size and mtime, another file (a sync tool, a restored backup): the inode tells.
    path = folder.routines / "mine.yaml"
    other = write(folder.root / "elsewhere.yaml", MINE.replace("reps: 10", "reps: 13"))
    folder_mtime = folder.routines.stat().st_mtime_ns
    os.replace(other, path)
    os.utime(folder.routines, ns=(folder_mtime, folder_mtime))  # the folder's change is seen too
    assert path.stat().st_mtime_ns == PAST_NS


CHANGES = [change_routine_keeping_its_size, change_only_the_mtime, add_routine, delete_routine,
           delete_all_user_routines, change_user_faq, delete_user_faq, create_missing_image,
           change_builtin_routine, change_builtin_faq, replace_routine_by_a_same_looking_file]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__ for c in CHANGES])
def test_a_change_makes_the_cached_copy_stale(data: DataDir, builtins: tuple[Path, Path],
                                              change: Callable[[DataDir, tuple[Path, Path]], None]) -> None:
    routines, faq = builtins
    load_faq_and_library(data, builtin_routines=routines, builtin_faq=faq)
    plant(data)
    assert from_cache(load_faq_and_library(data, builtin_routines=routines, builtin_faq=faq))

    change(data, builtins)
    got = load_faq_and_library(data, builtin_routines=routines, builtin_faq=faq)
    assert not from_cache(got)
    assert_same(got, fresh(data, routines, faq))
    # ... and the new state is cached in its turn.
    plant(data)
    assert from_cache(load_faq_and_library(data, builtin_routines=routines, builtin_faq=faq))


def test_a_user_faq_that_appears_makes_the_cached_copy_stale(data: DataDir) -> None:
    data.faq_file.unlink()
    load_faq_and_library(data)
    plant(data)
    assert from_cache(load_faq_and_library(data))
    write(data.faq_file, USER_FAQ)
    got = load_faq_and_library(data)
    assert not from_cache(got) and "my-own-question" in got[0].ids()
    assert_same(got, fresh(data))


@pytest.mark.parametrize("inside", ["data folder", "routine folder", "built-in FAQ's folder"])
def test_another_current_folder_makes_the_cached_copy_stale(
        data: DataDir, builtins: tuple[Path, Path], tmp_path: Path, inside: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Files are named relative to the current folder when inside it: "routines/broken.yaml:4:12".
    routines, faq = builtins
    load = lambda: load_faq_and_library(data, builtin_routines=routines, builtin_faq=faq)  # noqa: E731
    elsewhere = tmp_path / "elsewhere"  # a folder holding none of the files
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    load()
    plant(data)
    assert from_cache(load())
    monkeypatch.chdir({"data folder": data.root, "routine folder": data.routines,
                       "built-in FAQ's folder": faq.parent}[inside])
    got = load()
    assert not from_cache(got)
    assert_same(got, fresh(data, routines, faq))
    named = {p.file for p in got[0].problems + got[1].problems} | {e.file for e in got[0].entries}
    assert {"data folder": "faq.yaml", "routine folder": "broken.yaml",
            "built-in FAQ's folder": "faq.yaml"}[inside] in named


def test_a_file_changed_just_now_is_not_cached_yet(data: DataDir) -> None:
    # Its next change could keep the same size and mtime (within one tick of the file system's
    # clock): only a later start, when its mtime is safely in the past, caches it.
    (data.routines / "mine.yaml").touch()
    assert_same(load_faq_and_library(data), fresh(data))
    assert not cache_file(data).exists()
    os.utime(data.routines / "mine.yaml", ns=(PAST_NS, PAST_NS))
    load_faq_and_library(data)
    assert cache_file(data).is_file()


def test_the_fingerprint_covers_every_core_source_and_pyyaml(data: DataDir) -> None:
    # A dev checkout changes classes without changing the version; PyYAML writes syntax errors.
    fingerprint, _ = startup_cache._fingerprint(builtin_faq_file(), data.faq_file,
                                                builtin_routines_dir(), data.routines)
    parts = dict(fingerprint)
    core = Path(startup_cache.__file__).parents[1]
    folders = parts["coach/core/*/*.py"]
    assert [f for f, _files in folders] == sorted(p.name for p in core.glob("*/") if p.name != "__pycache__")
    for folder, files in folders:
        assert [name for name, _state in files] == sorted(p.name for p in (core / folder).glob("*.py"))
        assert all(state is not None for _name, state in files)
    assert [name for name, _state in parts["coach/core/*.py"]] == sorted(p.name for p in core.glob("*.py"))
    assert all(state is not None for _name, state in parts["coach/core/*.py"])
    origin, state, folder_state = parts["PyYAML"]
    assert Path(origin).parent.name == "yaml" and state is not None and folder_state is not None
    assert parts["Python"] == sys.version and parts["Coach"] == startup_cache.__version__


# --- a cache that is broken, hostile, or cannot be written -------------------------------------

def valid_cache(folder: DataDir) -> bool:
    with open(cache_file(folder), "rb") as handle:
        stored = startup_cache._RestrictedUnpickler(handle).load()
    return stored[0] == startup_cache.FORMAT


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "wrong shape", "wrong types"])
def test_a_damaged_cache_is_loaded_around_and_rewritten(data: DataDir, damage: str, capsys) -> None:
    load_faq_and_library(data)
    path = cache_file(data)
    good = path.read_bytes()
    form, fingerprint, looked_at, payload = pickle.loads(good)
    path.write_bytes({
        "truncated": good[: len(good) // 2],
        "garbage": b"\x80\x05not a pickle at all" + bytes(range(256)),
        "empty": b"",
        "wrong shape": pickle.dumps((form, fingerprint)),
        "wrong types": pickle.dumps((form, fingerprint, looked_at, ("entries", [], {}, None))),
    }[damage])
    assert_same(load_faq_and_library(data), fresh(data))
    assert valid_cache(data) and path.read_bytes() != good[: len(good) // 2]
    assert capsys.readouterr() == ("", "")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_in_place_of_the_cache_does_not_hang_the_start(data: DataDir) -> None:
    data.cache_dir.mkdir(parents=True)
    os.mkfifo(cache_file(data))
    assert_same(load_faq_and_library(data), fresh(data))
    assert valid_cache(data)  # replaced by the cache


class Hostile:
    """Unpickling this calls ``call(*args)``: what a planted cache file would try."""

    def __init__(self, call: object, *args: object) -> None:
        self.call, self.args = call, args

    def __reduce__(self) -> tuple:
        return self.call, self.args


def hostile_calls(marker: Path) -> dict[str, Hostile]:
    from coach.core.routines import routine_writer

    return {
        "os.system": Hostile(os.system, f"touch '{marker}'"),
        "builtins.open": Hostile(open, str(marker), "w"),
        # Allowed modules, but not allowed names: neither a function of coach.core nor a method
        # reached through an allowed class.
        "coach.core function": Hostile(routine_writer.write_atomically, marker, b"x"),
        "method of an allowed class": Hostile(Path.touch, marker),
        "class from another module": Hostile(subprocess.Popen, ["touch", str(marker)]),
    }


@pytest.mark.parametrize("how", ["os.system", "builtins.open", "coach.core function",
                                 "method of an allowed class", "class from another module"])
def test_a_planted_pickle_is_never_run(data: DataDir, tmp_path: Path, how: str, capsys) -> None:
    load_faq_and_library(data)
    path = cache_file(data)
    form, fingerprint, looked_at, payload = pickle.loads(path.read_bytes())
    marker = tmp_path / "it-ran"
    hostile = hostile_calls(marker)[how]
    # Where a real payload would be, with the right fingerprint: only the unpickler stands in the way.
    path.write_bytes(pickle.dumps((form, fingerprint, looked_at, hostile)))
    assert_same(load_faq_and_library(data), fresh(data))
    assert not marker.exists()
    assert valid_cache(data)
    assert capsys.readouterr() == ("", "")
    # The hostile pickle does run when unpickled without the restriction: the test would notice.
    ran = pickle.loads(pickle.dumps(hostile))
    for finish in ("wait", "close"):  # the process started, the file opened
        getattr(ran, finish, lambda: None)()
    assert marker.exists()


@pytest.mark.parametrize("obstacle", ["a file named cache", "a folder named startup.pickle"])
def test_a_cache_that_cannot_be_written_changes_nothing(data: DataDir, obstacle: str, capsys) -> None:
    if obstacle == "a file named cache":
        write(data.cache_dir, "not a folder")
    else:
        cache_file(data).mkdir(parents=True)
    for _ in range(2):
        assert_same(load_faq_and_library(data), fresh(data))
    assert capsys.readouterr() == ("", "")
    assert not [p for p in data.root.rglob("*.tmp")]


def test_a_read_only_data_folder_changes_nothing(data: DataDir) -> None:
    with obeying_file_permissions(data.root):
        assert_same(load_faq_and_library(data), fresh(data))
        assert not data.cache_dir.exists()


# --- what killed writes left behind -------------------------------------------------------------

STALE = STALE_AFTER_S + 60
YOUNG = STALE_AFTER_S - 60


@pytest.fixture(scope="module")
def leftovers(tmp_path_factory) -> dict[str, Path]:
    """What a cache write and a routine save leave when killed between writing and renaming."""
    return killed_saves(tmp_path_factory.mktemp("killed"))


def test_writing_the_cache_removes_what_killed_writes_left_and_a_hit_lists_no_folder(
        data: DataDir, leftovers: dict[str, Path]) -> None:
    stale = [place(leftovers["cache"], data.cache_dir, STALE),
             place(leftovers["routine"], data.routines, STALE)]
    # Another Coach writing at this moment, on the same folders.
    young = [place(leftovers["cache"], data.cache_dir, YOUNG, token="another1"),
             place(leftovers["routine"], data.routines, YOUNG, token="another1")]
    users = [write(data.cache_dir / "notes.tmp", "x"), write(data.routines / "notes.tmp", "x"),
             write(data.routines / ".backup.yaml.tmp", "x"), write(data.routines / ".mine.yaml.tmp", "x")]
    for path in users:
        set_age(path, 10 * STALE)
    assert_same(load_faq_and_library(data), fresh(data))  # a miss: writes the cache
    assert valid_cache(data)
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in young + users)

    load_faq_and_library(data)  # removing a leftover changed the routine folder: written again
    later = place(leftovers["cache"], data.cache_dir, STALE, token="later001")
    plant(data)
    assert from_cache(load_faq_and_library(data))
    assert later.exists()  # a hit stays as cheap as it was: it lists no folder
    os.utime(data.faq_file, ns=(PAST_NS + 10**9, PAST_NS + 10**9))
    assert not from_cache(load_faq_and_library(data))
    assert not later.exists() and all(p.exists() for p in young + users)


def test_a_leftover_that_cannot_be_removed_changes_nothing_else(
        data: DataDir, leftovers: dict[str, Path], monkeypatch, capsys) -> None:
    stuck = place(leftovers["cache"], data.cache_dir, STALE)
    other = place(leftovers["routine"], data.routines, STALE)
    refuse_to_remove(monkeypatch, stuck)
    for _ in range(2):
        assert_same(load_faq_and_library(data), fresh(data))
    assert valid_cache(data)
    plant(data)
    assert from_cache(load_faq_and_library(data))
    assert stuck.exists() and not other.exists()
    assert capsys.readouterr() == ("", "")


# --- what a start imports ----------------------------------------------------------------------

START = """
import json, sys
from pathlib import Path
from coach.core.files.paths import DataDir
from coach.core.files.startup_cache import load_faq_and_library
faq, library = load_faq_and_library(DataDir(Path(sys.argv[1])))
watched = ("yaml", "coach.core.files.yamlsource", "coach.core.routines.routine_format", "coach.core.routines.durations",
           "coach.core.faq.file", "coach.core.faq.search", "unicodedata")
print(json.dumps({"faq": faq.ids(), "routines": library.ids(),
                  "problems": [str(p) for p in faq.problems + library.problems],
                  "imported": [name for name in watched if name in sys.modules]}))
"""


def start(folder: DataDir) -> dict:
    done = subprocess.run([sys.executable, "-c", START, str(folder.root)], capture_output=True,
                          text=True, check=True)
    assert done.stderr == ""
    return json.loads(done.stdout)


def summary(result: tuple[Faq, Library]) -> dict:
    faq, library = result
    return {"faq": faq.ids(), "routines": library.ids(),
            "problems": [str(p) for p in faq.problems + library.problems]}


def test_a_start_from_the_cache_imports_no_yaml(data: DataDir) -> None:
    expected = summary(fresh(data))
    cold = start(data)  # a miss, in a fresh process
    assert {k: cold[k] for k in expected} == expected
    assert "yaml" in cold["imported"] and "coach.core.routines.routine_format" in cold["imported"]

    warm = start(data)
    assert {k: warm[k] for k in expected} == expected
    assert warm["imported"] == []

    change_user_faq(data, (builtin_routines_dir(), builtin_faq_file()))
    after_change = start(data)  # a miss again
    assert {k: after_change[k] for k in expected} == summary(fresh(data))
    assert "yaml" in after_change["imported"]
