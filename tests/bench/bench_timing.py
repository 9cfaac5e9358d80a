"""Timing of a real workout: a 60 s routine played in real time by `coach run` in the offscreen
window, read back from its --event-log; once on a quiet machine, once with the other core kept
busy, and once with a sound server and a speech service that accept connections and never answer
(as speech-dispatcher with no working audio behind it did, which froze the window). Also the CPU the
window uses while the workout plays and while it sits idle in the library.

Lateness is ``at - due`` of every phase change (when the driver handled it against when the
schedule said); the finish is compared with the planned end (start + 60 s). CPU is read from the
child's rusage (``os.wait4``) and, for the parts of a run, from /proc/PID/stat at the moments the
event log shows the workout starting and finishing.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

#: 5 + 16 + 4 + 23 + 4 + 8 = 60 s: tempo reps, rests, a hold on each side with a switch.
ROUTINE = """\
id: timing
name: Timing check
get_ready: 5s
rest_between_exercises: 4s
switch_sides: 3s
exercises:
  - name: Bridges
    reps: 4
    tempo: {up: 1.5s, hold: 1s, down: 1.5s}
  - name: Knee-to-chest stretches
    hold: 10s
    sides: each
  - name: Supermans
    reps: 4
    tempo: {up: 1s, down: 1s}
"""
PLANNED_SECONDS = 60.0
IDLE_SECONDS = 20.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a running process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(fraction * (len(ordered) - 1)))))
    return ordered[index]


def cpu_percent(since: tuple[float, float], until: tuple[float, float]) -> float:
    return round(100 * (until[0] - since[0]) / (until[1] - since[1]), 2)


def read_log(path: Path) -> list[dict]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in text.splitlines() if line.endswith("}")]


def play(env: dict[str, str], folder: Path) -> dict:
    routine = folder / "timing.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    log = folder / f"events-{time.monotonic_ns()}.jsonl"
    child = subprocess.Popen([sys.executable, "-m", "coach", "run", str(routine), "--no-checkin", "--event-log", str(log)],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    # CPU marks: the start, the end of get ready (sound and voice are made ready when the
    # workout is asked for, and finish loading during get ready), and the end.
    marks: dict[str, tuple[float, float]] = {}
    ended = None  # (status, rusage) once the child has exited; reaped here, never by poll()
    while ended is None:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            ended = status, usage
            break
        events = [line["event"] for line in read_log(log)]
        now = (cpu_seconds(child.pid), time.monotonic())
        if "start" not in marks and "workout_started" in events:
            marks["start"] = now
        if "after_get_ready" not in marks and events.count("phase_started") >= 2:
            marks["after_get_ready"] = now
        if "workout_finished" in events:
            marks["end"] = now
            break
        time.sleep(0.05)  # the benchmark's own polling; the child is measured from its log
    status, usage = ended if ended is not None else os.wait4(child.pid, 0)[1:]
    child.returncode = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read()
    if child.returncode != 0:
        raise RuntimeError(f"coach run failed: {stderr[-2000:]}")
    lines = read_log(log)
    changes = [line for line in lines if line["event"] == "phase_started"]
    lateness_ms = [(line["at"] - line["due"]) * 1000 for line in changes]
    started = next(line for line in lines if line["event"] == "workout_started")
    finished = next(line for line in lines if line["event"] == "workout_finished")
    planned_end = started["due"] + PLANNED_SECONDS
    return {
        "phase_changes": len(changes),
        "lateness_p99_ms": round(percentile(lateness_ms, 0.99), 2),
        "lateness_max_ms": round(max(lateness_ms), 2),
        "lateness_median_ms": round(statistics.median(lateness_ms), 2),
        "earliest_ms": round(min(lateness_ms), 2),
        "finish_vs_planned_end_ms": round((finished["at"] - planned_end) * 1000, 2),
        "finish_due_vs_planned_end_ms": round((finished["due"] - planned_end) * 1000, 3),
        "cpu_while_playing_percent": cpu_percent(marks["after_get_ready"], marks["end"]),
        "cpu_whole_workout_percent": cpu_percent(marks["start"], marks["end"]),
        "cpu_whole_run_s": round(usage.ru_utime + usage.ru_stime, 2),
    }


def idle(env: dict[str, str]) -> dict:
    child = subprocess.Popen([sys.executable, "-m", "coach"], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    time.sleep(5)  # let it start and settle in the library
    before, wall = cpu_seconds(child.pid), time.monotonic()
    time.sleep(IDLE_SECONDS)
    used, wall = cpu_seconds(child.pid) - before, time.monotonic() - wall
    child.send_signal(signal.SIGTERM)
    _, _, usage = os.wait4(child.pid, 0)
    return {"cpu_idle_percent": round(100 * used / wall, 2), "idle_seconds": round(wall, 1),
            "cpu_idle_s": round(used, 3), "cpu_whole_idle_run_s": round(usage.ru_utime + usage.ru_stime, 2)}


class ServicesThatNeverAnswer:
    """A PulseAudio and a speech-dispatcher socket that accept every connection and never answer:
    the environment variables point `coach run` at them."""

    def __init__(self, folder: Path) -> None:
        self.servers = []
        self.held = []
        self.env = {}
        for name, variable, address in (("pulse.sock", "PULSE_SERVER", "unix:{}"),
                                        ("speechd.sock", "SPEECHD_ADDRESS", "unix_socket:{}")):
            server = socket.socket(socket.AF_UNIX)
            server.bind(str(folder / name))
            server.listen(8)
            self.servers.append(server)
            self.env[variable] = address.format(folder / name)
            threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                self.held.append(server.accept()[0])
            except OSError:
                return

    def close(self) -> None:
        for connection in self.servers + self.held:
            connection.close()


def run() -> dict:
    from coach.gui.app import QUIT_WHEN_FINISHED_ENV

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COACH_DATA_DIR": str(folder / "data"),
               QUIT_WHEN_FINISHED_ENV: "1"}
        quiet = play(env, folder)
        # The other core kept busy by a plain busy loop.
        busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        try:
            loaded = play(env, folder)
        finally:
            busy.kill()
            busy.wait()
        services = ServicesThatNeverAnswer(folder)
        try:
            started = time.monotonic()
            hung = play({**env, **services.env}, folder)
            hung["run_seconds"] = round(time.monotonic() - started, 1)  # the window still quits
            hung["connections_never_answered"] = len(services.held)
        finally:
            services.close()
        idle_figures = idle({k: v for k, v in env.items() if k != QUIT_WHEN_FINISHED_ENV})
    return {
        "quiet": quiet,
        "other_core_busy": loaded,
        "sound_and_speech_never_answer": hung,
        **idle_figures,
        "cpu_count": os.cpu_count(),
        "targets": "lateness p99 <= 5 ms, max <= 20 ms; finish within 10 ms of the planned end; "
                   "CPU playing <= 2% of a core (after get ready, while sound and voice finish "
                   "loading; the whole workout is reported beside it); 0% idle; with a sound server "
                   "and a speech service that never answer: the same lateness targets",
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
