"""The speech-dispatcher daemons a test started: found by the test's own folders, stopped by PID.

Qt's speech engine starts speech-dispatcher itself when none runs (``speech-dispatcher --spawn``),
with its socket, pid file and logs under ``$XDG_CACHE_HOME/speech-dispatcher``; every test has a
``XDG_CACHE_HOME`` of its own (tests/conftest.py), so a daemon is the test's when its command line
or environment names the test's folder. The daemon leaves the process tree of whoever started it
(its parent is init), and it shuts itself down only after its last client disconnects: one started
for a client that was killed before it connected (a voice process at the end of a test, ``coach
doctor``'s check at its time limit) runs for ever. Only processes found this way are ever signalled.
"""

from __future__ import annotations

import os
import select
import signal
from pathlib import Path

#: speech-dispatcher itself, and its output modules (sd_espeak-ng, sd_dummy...), which it starts.
_PROGRAMS = ("speech-dispatcher",)
_MODULE_FOLDER = "speech-dispatcher-modules"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:  # gone meanwhile, or not ours to read
        return b""


def daemons_under(folder: Path) -> list[int]:
    """The PIDs of speech-dispatcher daemons and their modules that name ``folder`` (or a folder in
    it) in their command line or environment."""
    mark = os.fsencode(str(folder).rstrip("/") + "/")
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        command = _read(entry / "cmdline").split(b"\0")
        program = command[0].decode(errors="replace") if command else ""
        if Path(program).name not in _PROGRAMS and _MODULE_FOLDER not in program:
            continue
        if any(mark in part + b"/" for part in command + _read(entry / "environ").split(b"\0")):
            found.append(int(entry.name))
    return sorted(found)


def stop(pids: list[int], limit_s: float = 1.0) -> None:
    """Asks each process to end (SIGTERM), waits up to ``limit_s`` for it (on a pidfd, no polling),
    then kills what is left (SIGKILL). speech-dispatcher 0.11 often never ends on SIGTERM (nor on its
    own timeout): it deadlocks closing its module, its last log line "Closing module ..."."""
    handles = {}
    for pid in pids:
        try:
            handles[pid] = os.pidfd_open(pid)
        except ProcessLookupError:
            continue
    try:
        for pid, handle in handles.items():
            try:
                signal.pidfd_send_signal(handle, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for pid, handle in handles.items():
            ended, _, _ = select.select([handle], [], [], limit_s)
            if not ended:
                try:
                    signal.pidfd_send_signal(handle, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                select.select([handle], [], [], limit_s)
    finally:
        for handle in handles.values():
            os.close(handle)
