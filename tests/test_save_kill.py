"""A process saving a routine in a loop is killed at random moments: the file is always whole."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from coach.core.routines.routine_format import load_routine_file
from coach.core.routines.routine import Exercise, Routine, TempoPart
from coach.core.routines.routine_writer import routine_to_yaml, save_routine

KILLS = 200

# One interpreter imports Coach once, then forks a fresh saver for every kill: 200 kills cost 200
# forks instead of 200 interpreter start-ups. Each saver announces itself, then saves the two
# versions in turn forever, writing one line after every completed save.
SERVER = r"""
import os, sys
from pathlib import Path
from coach.core.routines.routine_writer import save_text
path, texts = Path(sys.argv[1]), [Path(p).read_text("utf-8") for p in sys.argv[2:4]]
for _command in sys.stdin:
    pid = os.fork()
    if pid == 0:
        os.write(1, b"ready\n")
        turn = 0
        while True:
            save_text(texts[turn % 2], path)
            os.write(1, b"saved\n")
            turn += 1
    os.waitpid(pid, 0)
    os.write(1, b"reaped\n")
"""


def _routine(reps: int, name: str) -> Routine:
    # Different lengths, so that a torn write could not pass for the other version.
    exercises = tuple(Exercise(name=f"{name} {i}", instructions=" ".join(["Slowly."] * (i + reps)), reps=reps,
                               tempo=(TempoPart("up", 2), TempoPart("down", 2))) for i in range(reps))
    return Routine(id="kill", name=name, exercises=exercises)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_killing_a_save_at_random_moments_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    old, new = _routine(3, "Old"), _routine(40, "New")
    target = tmp_path / "routines" / "kill.yaml"
    save_routine(old, target)
    texts = [tmp_path / "old.txt", tmp_path / "new.txt"]
    texts[0].write_text(routine_to_yaml(old), "utf-8")
    texts[1].write_text(routine_to_yaml(new), "utf-8")
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(target), *map(str, texts)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    rng = random.Random(20261125)
    seen: set[str] = set()
    # Should anything get stuck, end the server: reads then see the end of the pipe and fail.
    watchdog = threading.Timer(120, server.kill)
    watchdog.start()
    try:
        for _ in range(KILLS):
            server.stdin.write("go\n")
            server.stdin.flush()
            assert server.stdout.readline() == "ready\n"
            children = _children(server.pid)
            assert len(children) == 1
            # Let it finish 0..2 saves, then kill it somewhere inside the next one.
            for _ in range(rng.randrange(3)):
                assert server.stdout.readline() == "saved\n"
            deadline = time.perf_counter() + rng.uniform(0, 0.002)
            while time.perf_counter() < deadline:
                pass
            os.kill(children[0], signal.SIGKILL)
            while (line := server.stdout.readline()) != "reaped\n":
                assert line == "saved\n", line
            routine, problems = load_routine_file(target)
            assert problems == [], problems
            assert routine in (old, new)
            seen.add(routine.name)
    finally:
        watchdog.cancel()
        server.stdin.close()
        server.wait(timeout=30)
        server.stdout.close()
    # The kills landed on both sides of a save, not always at the same point.
    assert seen == {"Old", "New"}
    leftovers = [p.name for p in target.parent.iterdir() if p != target]
    # A killed save may leave its hidden temporary file behind, never anything the library reads.
    assert all(name.startswith(".kill.yaml.") and name.endswith(".tmp") for name in leftovers)
    print(f"{len(leftovers)} of {KILLS} kills landed inside a save")


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    if found.exists():
        return [int(p) for p in found.read_text().split()]
    done = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)  # pragma: no cover
    return [int(p) for p in done.stdout.split()]  # pragma: no cover
