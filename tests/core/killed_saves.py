"""Temporary files left by saves killed half-way, made by Coach's own writers in a process that is
gone afterwards, and placed in a test's folder with the age a test needs (os.utime, no sleeping)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

#: Runs one real save and kills it between writing its temporary file and renaming it.
KILL_AT_RENAME = r"""
import os, sys
from pathlib import Path
os.replace = lambda *args: os._exit(9)
kind, target = sys.argv[1], Path(sys.argv[2])
if kind == "routine":
    from coach.core.routines.routine_writer import write_atomically
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, b"name: Half a routine\n")
else:
    from coach.core.files.user_files import write_atomically
    write_atomically(target, b"[sound]\nenabled=true\n")
"""

#: Where each kind of save writes, under a data folder.
TARGETS = {"routine": Path("routines", "mine.yaml"), "settings": Path("settings.ini")}


def killed_save(kind: str, data_root: Path) -> Path:
    """The one file a save of that kind leaves when it is killed before its rename."""
    target = data_root / TARGETS[kind]
    before = set(target.parent.iterdir()) if target.parent.is_dir() else set()
    done = subprocess.run([sys.executable, "-c", KILL_AT_RENAME, kind, str(target)],
                          capture_output=True, text=True)
    assert done.returncode == 9, done.stderr
    (left,) = set(target.parent.iterdir()) - before
    assert not target.exists()
    return left


def killed_saves(data_root: Path) -> dict[str, Path]:
    return {kind: killed_save(kind, data_root) for kind in TARGETS}


def writer_pid(name: str) -> int:
    return int(name.split(".coach-")[1].split("-")[0])


def place(template: Path, folder: Path, age_s: float, pid: int | None = None,
          target: str | None = None, token: str | None = None) -> Path:
    """A copy of a leftover in ``folder`` whose mtime is ``age_s`` seconds ago; ``pid`` puts another
    writer's pid in its name (a process still running), ``target`` another target's name, ``token``
    other random characters (another leftover of the same save)."""
    name = template.name
    if target is not None:
        name = f".{target}.coach-" + name.split(".coach-", 1)[1]
    if token is not None:
        assert len(token) == 8
        name = name.rsplit("-", 1)[0] + f"-{token}.tmp"
    if pid is not None:
        name = name.replace(f".coach-{writer_pid(name)}-", f".coach-{pid}-")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    shutil.copyfile(template, path)
    return set_age(path, age_s)


def set_age(path: Path, age_s: float) -> Path:
    then = time.time() - age_s
    os.utime(path, (then, then), follow_symlinks=False)
    return path


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def refuse_to_remove(monkeypatch, stuck: Path) -> None:
    """From now on os.unlink of ``stuck`` fails as on a file the user may not delete."""
    unlink = os.unlink

    def refuse(path, *args, **kwargs):
        if Path(path) == stuck:
            raise PermissionError(13, "Permission denied", str(path))
        return unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", refuse)
