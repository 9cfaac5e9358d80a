"""Timing of a real workout: a 60 s routine played in real time by `coach run` in the offscreen
window, read back from its --event-log. Runs: on a quiet machine with sound on (a private
PulseAudio server with a null sink, when PulseAudio is installed) and voice off; the same with the
exercises' figures left out (no figure on screen); with every core but one kept busy; and with a
sound server and a speech service that accept connections and never answer (as speech-dispatcher
with no working audio behind it did, which froze the window). Also the CPU the window uses while
it sits idle in the library.

Lateness is ``at - due`` of every timed event of the log (each phase change, cue, set and the
finish: when the driver handled it against when the schedule said), and of every new number of
the countdown painted on screen (the paint hook's ``countdown_shown`` lines: painted against the
moment the number became the right one; the first, painted before the workout's clock starts
(coach/gui/start_when_shown.py) and so below zero, is reported apart, and judged within a frame
too). Both are judged on p99 and max. A wake-up more than ``STALL_MS`` late is a stall: the run
fails and names the event, and so does a run that does not finish in time. Each run says whether
sound and voice were on (the log's last line, written by the window). CPU is read from
/proc/PID/stat at the moments the event log shows the workout starting, leaving get ready, and
finishing.

``python tests/bench/run.py --only timing`` (about 5 minutes).
"""

from __future__ import annotations

import contextlib
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
#: The same routine with exercises that have no figure (the figure redraws 25 times a second
#: while the body moves): CPU with and without a figure on screen.
NO_FIGURE = (ROUTINE.replace("Bridges", "Lifts").replace("Knee-to-chest stretches", "Pulls")
             .replace("Supermans", "Raises"))
#: A wake-up this late is a stall: the run fails, naming the event.
STALL_MS = 100.0
TARGETS = {"event_p99_ms": 5.0, "event_max_ms": 20.0, "number_p99_ms": 17.0, "number_max_ms": 50.0,
           "finish_ms": 10.0, "cpu_playing_percent": 2.0}
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


def lateness(values: list[float]) -> dict:
    if not values:
        return {"count": 0}
    return {"count": len(values), "median_ms": round(statistics.median(values), 2),
            "p99_ms": round(percentile(values, 0.99), 2), "max_ms": round(max(values), 2),
            "earliest_ms": round(min(values), 2)}


def describe(line: dict, start: float) -> str:
    """An event of the log in a few words: what, and when in the workout."""
    what = line["event"]
    if what == "cue":
        what = f"cue {line.get('cue')} {line.get('text') or ''}".strip()
    elif what == "phase_started":
        what = f"phase_started {line['phase']['kind']}"
    elif what == "countdown_shown":
        what = f"countdown {line['text']} painted"
    return f"{what} at {line['due'] - start:.2f} s"


def judge(figures: dict) -> list[str]:
    """What misses a target, in words (empty: every target met)."""
    misses = [f"a stall: {stall}" for stall in figures.get("stalls", [])]
    events, numbers = figures["events"], figures["countdown_numbers_after_first"]
    for name, got, target in (("event lateness p99", events.get("p99_ms"), TARGETS["event_p99_ms"]),
                              ("event lateness max", events.get("max_ms"), TARGETS["event_max_ms"]),
                              ("countdown number p99", numbers.get("p99_ms"), TARGETS["number_p99_ms"]),
                              ("countdown number max", numbers.get("max_ms"), TARGETS["number_max_ms"]),
                              ("first countdown number", figures.get("first_countdown_number_painted_ms"),
                               TARGETS["number_p99_ms"]),
                              ("finish vs planned end", abs(figures["finish_vs_planned_end_ms"]),
                               TARGETS["finish_ms"]),
                              ("CPU while playing", figures.get("cpu_while_playing_percent"),
                               TARGETS["cpu_playing_percent"])):
        if got is not None and got > target:
            misses.append(f"{name} {got} > {target}")
    return misses


def thread_cpu_seconds(pid: int) -> dict[str, float]:
    """User + system CPU of each thread of a running process so far, by thread name (threads of
    the same name added up; Linux /proc)."""
    by_name: dict[str, float] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            text = (task / "stat").read_text()
        except OSError:  # the thread ended meanwhile
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text.rsplit(")", 1)[1].split()
        by_name[name] = by_name.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return by_name


def play(env: dict[str, str], folder: Path, *, routine_text: str = ROUTINE, sound: bool = True,
         voice: bool = False, planned_seconds: float = PLANNED_SECONDS, by_thread: bool = False) -> dict:
    """Plays ``routine_text`` (``planned_seconds`` long) in `coach run` and reads its event log;
    ``by_thread``: also the CPU of each of the window's threads while playing."""
    data = folder / f"data-{time.monotonic_ns()}"
    data.mkdir()
    (data / "settings.ini").write_text(f"[sound]\nenabled={str(sound).lower()}\n"
                                       f"[voice]\nenabled={str(voice).lower()}\n", encoding="utf-8")
    routine = folder / "timing.yaml"
    routine.write_text(routine_text, encoding="utf-8")
    log = folder / f"events-{time.monotonic_ns()}.jsonl"
    child = subprocess.Popen([sys.executable, "-m", "coach", "run", str(routine), "--no-checkin", "--event-log", str(log)],
                             env={**env, "COACH_DATA_DIR": str(data)}, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    # CPU marks: the start, the end of get ready (sound and voice are made ready when the
    # workout is asked for, and finish loading during get ready), and the end.
    marks: dict[str, tuple[float, float]] = {}
    threads: dict[str, dict[str, float]] = {}  # the same marks, per thread (``by_thread``)
    ended = None  # (status, rusage) once the child has exited; reaped here, never by poll()
    limit = time.monotonic() + planned_seconds + 60
    while ended is None:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            ended = status, usage
            break
        if time.monotonic() > limit:  # a stall that never ends: report it, do not wait for ever
            child.kill()
            break
        events = [line["event"] for line in read_log(log)]
        try:
            now = (cpu_seconds(child.pid), time.monotonic())
            per_thread = thread_cpu_seconds(child.pid) if by_thread else {}
        except (OSError, IndexError):  # exited meanwhile: reaped at the next turn
            continue
        if "start" not in marks and "workout_started" in events:
            marks["start"] = now
        if "after_get_ready" not in marks and events.count("phase_started") >= 2:
            marks["after_get_ready"], threads["after_get_ready"] = now, per_thread
        if "workout_finished" in events:
            marks["end"], threads["end"] = now, per_thread
            break
        time.sleep(0.05)  # the benchmark's own polling; the child is measured from its log
    status, usage = ended if ended is not None else os.wait4(child.pid, 0)[1:]
    child.returncode = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read()
    child.stderr.close()
    lines = read_log(log)
    # The engine's events: not the paint hook's lines, the window's last 'cues' line, the wait for
    # the voice before the start ('voice_waited': how long, not a late event), or the voice's
    # speech_* lines (timed by the voice process: bench_speech measures them).
    timed = [line for line in lines if line["event"] not in ("countdown_shown", "cues", "voice_waited")
             and not line["event"].startswith("speech_")]
    waited = next((line for line in lines if line["event"] == "voice_waited"), None)
    started = next((line for line in lines if line["event"] == "workout_started"), None)
    finished = next((line for line in lines if line["event"] == "workout_finished"), None)
    if started is None or finished is None:
        last = describe(timed[-1], started["due"]) if timed and started else "nothing"
        return {"failed": f"the workout did not finish within {planned_seconds + 60:.0f} s "
                          f"(exit {child.returncode}); the last event handled: {last}",
                "stderr": stderr[-1000:]}
    start = started["due"]
    late = [(line["at"] - line["due"]) * 1000 for line in timed]
    stalls = [f"{describe(line, start)}: {ms:.0f} ms late" for line, ms in zip(timed, late) if ms > STALL_MS]
    shown = [line for line in lines if line["event"] == "countdown_shown" and line.get("where") == "player"]
    painted = [(line["at"] - line["due"]) * 1000 for line in shown]
    worst = max(zip(painted[1:], shown[1:]), key=lambda pair: pair[0], default=None)
    cues = next((line for line in reversed(lines) if line["event"] == "cues"), {})
    figures = {
        "sound": cues.get("sound", "not said"),
        "voice": cues.get("voice", "not said"),
        "waited_for_voice": None if waited is None else {
            "seconds": round(waited["at"] - waited["due"], 2), "why": waited["why"]},
        "events": lateness(late),
        "phase_changes": lateness([ms for line, ms in zip(timed, late) if line["event"] == "phase_started"]),
        "latest_event": describe(timed[late.index(max(late))], start) if late else None,
        "stalls": stalls,
        "first_countdown_number_painted_ms": round(painted[0], 2) if painted else None,
        "countdown_numbers_after_first": lateness(painted[1:]),
        "latest_countdown_number": (f"{describe(worst[1], start)} {worst[0]:.1f} ms after its second began"
                                    if worst else None),
        "finish_vs_planned_end_ms": round((finished["at"] - start - planned_seconds) * 1000, 2),
        "finish_due_vs_planned_end_ms": round((finished["due"] - start - planned_seconds) * 1000, 3),
        "cpu_while_playing_percent": (cpu_percent(marks["after_get_ready"], marks["end"])
                                      if "after_get_ready" in marks and "end" in marks else None),
        "cpu_whole_workout_percent": (cpu_percent(marks["start"], marks["end"])
                                      if "start" in marks and "end" in marks else None),
        "cpu_whole_run_s": round(usage.ru_utime + usage.ru_stime, 2),
    }
    if by_thread and "end" in threads:
        wall = marks["end"][1] - marks["after_get_ready"][1]
        before, after = threads["after_get_ready"], threads["end"]
        figures["cpu_while_playing_by_thread"] = {
            name: round(100 * (used - before.get(name, 0.0)) / wall, 2) for name, used in after.items()
            if used - before.get(name, 0.0) > 0}
    if child.returncode != 0:
        figures["failed"] = f"coach run exited with {child.returncode}: {stderr[-500:]}"
    figures["misses"] = judge(figures)
    return figures


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


def load_cues_bench():
    """tests/bench/bench_cues.py, for its private PulseAudio server."""
    import importlib.util

    path = Path(__file__).resolve().parent / "bench_cues.py"
    spec = importlib.util.spec_from_file_location("bench_cues", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


def busy_cores() -> list[subprocess.Popen]:
    """Every core but one kept busy by a plain busy loop."""
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"])
            for _ in range(max(1, (os.cpu_count() or 2) - 1))]


def run() -> dict:
    from coach.gui.app import QUIT_WHEN_FINISHED_ENV

    cues = load_cues_bench()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        folder = Path(tmp)
        why_no_pulse = cues.pulse_missing()
        # Sound really on: tones into a private server's null sink (its environment reaches it).
        env = dict(os.environ) if why_no_pulse else stack.enter_context(cues.pulse_server(folder / "pulse"))
        env.update({"QT_QPA_PLATFORM": "offscreen", "COACH_DATA_DIR": str(folder / "data"),
                    QUIT_WHEN_FINISHED_ENV: "1"})
        quiet = play(env, folder)
        no_figure = play(env, folder, routine_text=NO_FIGURE)
        busy = busy_cores()
        try:
            loaded = play(env, folder)
        finally:
            for loop in busy:
                loop.kill()
                loop.wait()
        loaded["cores_kept_busy"] = len(busy)
        services = ServicesThatNeverAnswer(folder)
        try:
            started = time.monotonic()
            hung = play({**env, **services.env}, folder, voice=True)
            hung["run_seconds"] = round(time.monotonic() - started, 1)  # the window still quits
            hung["connections_never_answered"] = len(services.held)
        finally:
            services.close()
        idle_figures = idle({k: v for k, v in env.items() if k != QUIT_WHEN_FINISHED_ENV})
    runs = {"quiet": quiet, "quiet_no_figure": no_figure, "other_cores_busy": loaded,
            "sound_and_speech_never_answer": hung}
    failures = {name: figures.get("failed") or figures["misses"] for name, figures in runs.items()
                if figures.get("failed") or figures.get("misses")}
    return {
        **runs,
        **idle_figures,
        "cpu_count": os.cpu_count(),
        "sound_server": "a private PulseAudio server with a null sink" if why_no_pulse is None
                        else f"none ({why_no_pulse}): sound is off",
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "targets": TARGETS,
        "targets_in_words": "every timed event handled within 5 ms at p99 and 20 ms at most, no stall "
                            "(a wake-up > 100 ms late); each new countdown number painted within 17 ms "
                            "(a frame at 60 Hz) at p99 and 50 ms at most; the finish within 10 ms of the "
                            "planned end; CPU while playing <= 2% of a core (after get ready); 0% idle",
        "failures": failures,
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
