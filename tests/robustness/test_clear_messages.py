"""What was said unclearly or not at all: a full disk or a file as the data folder in ``coach doctor``;
a routines folder that is a file or a symbolic link loop; an image that is a pipe or a device; a
huge number as a duration; file names that are not UTF-8 in ``coach list --json``; a data folder
that is a link to nowhere."""

from __future__ import annotations

import argparse
import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach.commands import doctor
from coach.core.routines.library import load_library
from coach.core.files.paths import DataDir, builtin_routines_dir
from coach.core.routines.routine_format import load_routine_file

ROUTINE = "name: Mine\nexercises:\n  - name: Bridges\n    reps: 3\n"


def _coach(*args: str, data_dir: Path) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COACH_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "coach", *args], capture_output=True, env=environment,
                          timeout=120, stdin=subprocess.DEVNULL)


# --- coach doctor: what is wrong with the data folder -----------------------------------------------

def test_doctor_says_a_file_is_where_the_data_folder_should_be(tmp_path: Path) -> None:
    in_the_way = tmp_path / "data"
    in_the_way.write_text("not a folder")
    status, detail = doctor.check_data_folder(argparse.Namespace(data_dir=in_the_way))
    assert status == doctor.FAIL
    assert detail.startswith(f"{in_the_way} is a file, not a folder")
    assert "permissions" not in detail and "--data-dir" in detail
    status, detail = doctor.check_data_folder(argparse.Namespace(data_dir=in_the_way / "deeper"))
    assert status == doctor.FAIL and detail.startswith(f"{in_the_way} is a file, not a folder")


@pytest.mark.parametrize(("code", "said"), [(errno.ENOSPC, "the disk holding {root} is full"),
                                            (errno.EDQUOT, "your disk quota is used up")])
def test_doctor_says_the_disk_is_full(code: int, said: str, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "data"

    def full(fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(doctor.os, "fsync", full)  # some file systems say a disk is full only here
    status, detail = doctor.check_data_folder(argparse.Namespace(data_dir=root))
    monkeypatch.undo()
    assert status == doctor.FAIL
    assert detail.startswith(said.format(root=root)), detail
    assert "permissions" not in detail
    assert [p.name for p in root.iterdir()] == []  # the test file is gone


# --- the routines folder is a file or a loop ---------------------------------------------------------

@pytest.mark.parametrize("kind", ["file", "loop"])
def test_a_routines_folder_that_cannot_be_listed_is_said(kind: str, data_dir: Path) -> None:
    data = DataDir(data_dir)
    data.root.mkdir(parents=True)
    if kind == "file":
        data.routines.write_text(ROUTINE)
        said = "this is a file, not a folder"
    else:
        data.routines.symlink_to(data.root / "routines")
        said = "a symbolic link that leads back to itself"
    library = load_library(builtin_routines_dir(), data.routines)
    mine = [p for p in library.problems if p.file.endswith("routines")]
    assert len(mine) == 1 and said in mine[0].message and "your routines" in mine[0].message, library.problems
    assert library.ids()  # the built-in routines are still there
    listed = _coach("list", data_dir=data_dir)
    assert said in listed.stdout.decode(), listed.stdout


# --- an image that is a pipe or a device ----------------------------------------------------------------

@pytest.mark.parametrize("kind", ["pipe", "device"])
def test_an_image_that_is_not_an_ordinary_file_is_said_so(kind: str, tmp_path: Path) -> None:
    image = tmp_path / "bridge.png"
    os.mkfifo(image) if kind == "pipe" else image.symlink_to("/dev/zero")
    routine = tmp_path / "r.yaml"
    routine.write_text(ROUTINE + "    image: bridge.png\n")
    loaded, problems = load_routine_file(routine)
    assert loaded is not None
    assert [p.message for p in problems] == [
        "the image 'bridge.png' is not an ordinary file (a pipe or a device); the exercise is shown without it"]


# --- a huge number as a duration ----------------------------------------------------------------------

@pytest.mark.parametrize("text", ["1e308", "1e999", "1E5", "99999999999"])
def test_a_huge_number_of_seconds_is_said_to_be_over_the_hour(text: str, tmp_path: Path) -> None:
    routine = tmp_path / "r.yaml"
    routine.write_text(f"name: Mine\nexercises:\n  - name: Bridges\n    hold: {text}\n")
    _, problems = load_routine_file(routine)
    expected = "must be at most 1 hour (1h, 60m or 3600)"
    shown = text if text.isdigit() else repr(text)  # YAML reads digits alone as a number
    assert [p.message for p in problems] == [f"'hold' {expected}, got {shown}"], problems


# --- file names that are not UTF-8 -------------------------------------------------------------------

@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes as a name")
def test_list_json_stays_utf8_with_file_names_that_are_not(data_dir: Path) -> None:
    routines = os.fsencode(DataDir(data_dir).routines)
    os.makedirs(routines)
    with open(os.path.join(routines, b"caf\xe9.yaml"), "w") as good:
        good.write(ROUTINE)
    with open(os.path.join(routines, b"br\xffoken.yaml"), "w") as bad:
        bad.write("name: [\n")
    done = _coach("list", "--json", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    listed = json.loads(done.stdout.decode("utf-8"))  # strict: valid UTF-8 throughout
    paths = [r["path"] for r in listed["routines"]]
    assert any(p.endswith("caf\\xe9.yaml") for p in paths), paths
    assert any(p["file"].endswith("br\\xffoken.yaml") for p in listed["problems"]), listed["problems"]


# --- a data folder that is a link to nowhere ------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("where", ["history", "doctor"])
def test_a_data_folder_that_links_to_nowhere_is_said(where: str, tmp_path: Path) -> None:
    link = tmp_path / "data"
    nowhere = tmp_path / "unmounted-disk" / "coach"
    link.symlink_to(nowhere)
    said = f"Your data folder {link} is a link to {nowhere}, which does not exist (a disk that is not mounted?)"
    if where == "history":
        done = _coach("history", data_dir=link)
        assert said in done.stderr.decode(), done.stderr
    else:
        status, detail = doctor.check_data_folder(argparse.Namespace(data_dir=link))
        assert status == doctor.WARN and detail.startswith(said), detail
