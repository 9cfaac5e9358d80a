"""Coach's temporary files: the name an atomic save gives one, and removing those a killed save left.

An atomic save writes ``.<target>.coach-<pid>-<8 random characters>.tmp`` next to its target and
renames it over the target. Killed between the two (kill -9, a power cut), the temporary file stays:
nothing reads it, so :func:`remove_stale` removes it later, in the folders Coach writes.

When is a temporary file a leftover rather than a save in progress, perhaps in another Coach
process on the same folder? Both of these must hold:

- It is older than :data:`STALE_AFTER_S` (its mtime). A save writes its temporary file and renames it
  within milliseconds; a stalled disk stretches that to seconds or minutes, and the clocks of two
  machines sharing a folder may disagree by minutes. An hour is far beyond both. The age alone
  decides across machines and across PID namespaces (Flatpak, containers), where a pid means nothing.
- Its writer (the pid in the name) is not running on this machine. A stopped or suspended Coach
  keeps its save however long it waits. A pid alone would not do: pids are reused, and another
  machine's or sandbox's pid looks gone here while its save runs.

Never a user's file: only a regular file (no folder, link or pipe) whose whole name has that shape,
for a target that the folder's writer writes (``mine.yaml``, ``settings.ini``); ``notes.tmp`` or
``.backup.yaml.tmp`` never match. A file that cannot be removed is left: it is only housekeeping.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from pathlib import Path

#: A temporary file whose mtime is at least this old may be removed (when its writer is gone).
STALE_AFTER_S = 3600

MARK = "coach"
_NAME = re.compile(rf"\.(?P<target>.+)\.{MARK}-(?P<pid>[1-9][0-9]{{0,9}})-[a-z0-9_]{{8}}\.tmp")
#: What the user's routine folder holds that Coach writes: routines and their comment backups.
ROUTINE_FILES = re.compile(r"[^/\\]+\.yaml(?:\.bak)?")


def create(target: Path) -> tuple[int, str]:
    """A new temporary file for ``target`` in its folder, opened for writing: ``(fd, path)``."""
    target = Path(target)
    return tempfile.mkstemp(prefix=f".{target.name}.{MARK}-{os.getpid()}-", suffix=".tmp",
                            dir=target.parent)


def _target_and_pid(name: str) -> tuple[str, int] | None:
    match = _NAME.fullmatch(name)
    return (match["target"], int(match["pid"])) if match else None


def is_temp_name(name: str, targets: re.Pattern[str]) -> bool:
    """Whether ``name`` is a name :func:`create` gives for a target that ``targets`` fully matches."""
    found = _target_and_pid(name)
    return found is not None and targets.fullmatch(found[0]) is not None


def _writer_gone(pid: int) -> bool:
    if os.name != "posix":
        return True  # os.kill(pid, 0) would end the process on Windows: the age alone decides there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OverflowError:
        return True  # no process has such a pid
    except OSError:
        return False  # PermissionError: it runs, as another user
    return False


def remove_stale(folder: Path, targets: re.Pattern[str]) -> list[Path]:
    """Remove the leftover temporary files (see the module's docstring) of the targets in ``folder``
    that ``targets`` fully matches; returns what was removed. Never raises for a file system error."""
    removed = []
    try:
        with os.scandir(folder) as entries:
            names = [entry.name for entry in entries]
    except (OSError, ValueError):
        return removed
    now = time.time()
    for name in names:
        found = _target_and_pid(name)
        if found is None or targets.fullmatch(found[0]) is None:
            continue
        path = Path(folder, name)
        try:
            st = os.lstat(path)
            if (stat.S_ISREG(st.st_mode) and now - st.st_mtime >= STALE_AFTER_S
                    and _writer_gone(found[1])):
                os.unlink(path)
                removed.append(path)
        except OSError:
            pass  # gone meanwhile, or not ours to remove: housekeeping only
    return removed
