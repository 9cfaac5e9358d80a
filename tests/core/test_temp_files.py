"""Temporary files of killed saves: recognized by their name, removed once stale, never a user's file
and never a save still in progress."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from killed_saves import killed_saves, place, running, set_age, writer_pid

from coach.core.files import temp_files
from coach.core.files.temp_files import ROUTINE_FILES, STALE_AFTER_S, create, is_temp_name, remove_stale

STALE = STALE_AFTER_S + 60
YOUNG = STALE_AFTER_S - 60
SETTINGS_FILES = re.compile(r"settings\.ini")


@pytest.fixture(scope="module")
def leftovers(tmp_path_factory) -> dict[str, Path]:
    """What a routine save and a settings save leave when killed before their rename."""
    return killed_saves(tmp_path_factory.mktemp("killed"))


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_killed_saves_leave_a_hidden_file_named_as_coach_names_them(leftovers) -> None:
    routine, settings = leftovers["routine"], leftovers["settings"]
    assert routine.name.startswith(".mine.yaml.coach-") and is_temp_name(routine.name, ROUTINE_FILES)
    assert settings.name.startswith(".settings.ini.coach-") and is_temp_name(settings.name, SETTINGS_FILES)
    assert not running(writer_pid(routine.name)) and not running(writer_pid(settings.name))
    # Each folder's pattern is its own: a routine folder never loses a file named for the settings.
    assert not is_temp_name(settings.name, ROUTINE_FILES) and not is_temp_name(routine.name, SETTINGS_FILES)


def test_create_names_the_file_after_its_target_and_its_writer(tmp_path) -> None:
    fd, name = create(tmp_path / "mine.yaml.bak")
    os.close(fd)
    path = Path(name)
    assert path.parent == tmp_path and path.name.startswith(f".mine.yaml.bak.coach-{os.getpid()}-")
    assert is_temp_name(path.name, ROUTINE_FILES)


@pytest.mark.parametrize("kind", ["routine", "settings"])
def test_a_stale_leftover_is_removed(leftovers, tmp_path, kind: str) -> None:
    path = place(leftovers[kind], tmp_path, STALE)
    targets = ROUTINE_FILES if kind == "routine" else SETTINGS_FILES
    assert remove_stale(tmp_path, targets) == [path]
    assert names(tmp_path) == []


@pytest.mark.parametrize("age", [0, YOUNG, -STALE], ids=["just written", "young", "from the future"])
def test_a_young_temporary_file_is_kept_whoever_wrote_it(leftovers, tmp_path, age: float) -> None:
    # Another machine's (or sandbox's) save in progress: its pid means nothing here, its age does.
    path = place(leftovers["routine"], tmp_path, age)
    assert remove_stale(tmp_path, ROUTINE_FILES) == []
    assert path.exists()


@pytest.mark.skipif(os.name != "posix", reason="the writer's pid is only checked on POSIX")
@pytest.mark.parametrize("writer", ["this process", "another running process"])
def test_an_old_temporary_file_whose_writer_still_runs_is_kept(leftovers, tmp_path, writer: str) -> None:
    # A Coach stopped (Ctrl-Z, a debugger) in the middle of its save goes on when it resumes.
    pid = os.getpid() if writer == "this process" else os.getppid()
    path = place(leftovers["routine"], tmp_path, 10 * STALE, pid=pid)
    assert remove_stale(tmp_path, ROUTINE_FILES) == []
    assert path.exists()


def test_the_users_look_alike_files_are_kept(leftovers, tmp_path) -> None:
    ours = place(leftovers["routine"], tmp_path, STALE)
    dead = writer_pid(ours.name)
    token = ours.name.rsplit("-", 1)[1][:-len(".tmp")]
    look_alikes = [
        "notes.tmp", ".backup.yaml.tmp", ".mine.yaml.tmp", f".mine.yaml.{token}.tmp",
        f"mine.yaml.coach-{dead}-{token}.tmp",             # not hidden
        f".mine.yaml.coach-{dead}-{token}.tmp.txt",
        f".mine.yaml.coach-{dead}-{token}.tmp~",
        f".mine.yaml.coach-{dead}-{token}.TMP",
        f".mine.yaml.coach-{dead}-{token.upper()}.tmp",
        f".mine.yaml.coach-{dead}-{token}x.tmp",
        f".mine.yaml.coach-{dead}-{token[:-1]}.tmp",
        f".mine.yaml.coach-{dead}{token}.tmp",
        f".mine.yaml.coach-me-{token}.tmp",
        f".mine.yaml.coach--{token}.tmp",
        f".mine.yaml.coach-0{dead}-{token}.tmp",
        f".mine.yaml.mycoach-{dead}-{token}.tmp",
        f".yaml.coach-{dead}-{token}.tmp",                 # no routine has an empty name
        f".notes.txt.coach-{dead}-{token}.tmp",            # not a file Coach writes here
        f".settings.ini.coach-{dead}-{token}.tmp",         # the settings', not the routine folder's
        f".folder.yaml.coach-{dead}-{token}.tmp/",         # a folder with exactly our name
        f".other.yaml.coach-{dead}-{token}.tmp@",          # a link with exactly our name
    ]
    (tmp_path / "my notes.yaml").write_text("mine\n")
    for name in look_alikes:
        path = tmp_path / name.rstrip("/@")
        if name.endswith("/"):
            path.mkdir()
        elif name.endswith("@"):
            path.symlink_to(tmp_path / "my notes.yaml")
        else:
            path.write_text("the user's\n")
        set_age(path, 10 * STALE)
    assert remove_stale(tmp_path, ROUTINE_FILES) == [ours]
    assert names(tmp_path) == sorted([*(n.rstrip("/@") for n in look_alikes), "my notes.yaml"])
    assert (tmp_path / "my notes.yaml").read_text() == "mine\n"


def test_a_leftover_that_cannot_be_removed_changes_nothing_else(leftovers, tmp_path, monkeypatch) -> None:
    stuck = place(leftovers["routine"], tmp_path, STALE)
    other = place(leftovers["routine"], tmp_path, STALE, target="other.yaml.bak")
    unlink = os.unlink

    def refuse(path, *args, **kwargs):
        if Path(path) == stuck:
            raise PermissionError(13, "Permission denied", str(path))
        return unlink(path, *args, **kwargs)

    monkeypatch.setattr(temp_files.os, "unlink", refuse)
    assert remove_stale(tmp_path, ROUTINE_FILES) == [other]
    assert stuck.exists() and not other.exists()


@pytest.mark.parametrize("folder", ["missing", "a file"])
def test_a_folder_that_cannot_be_listed_is_left_alone(tmp_path, folder: str) -> None:
    path = tmp_path / folder
    if folder == "a file":
        path.write_text("x")
    assert remove_stale(path, ROUTINE_FILES) == []
    assert names(tmp_path) == ([] if folder == "missing" else ["a file"])
