"""Cues as perceived: the tones as the sound server mixed them, and the countdown as it was painted.

A private PulseAudio server with a null sink (no sound card) runs a routine through the real app
(``coach run ROUTINE --event-log``). ``parec`` records the sink's monitor, every read stamped on
the monotonic clock; a sample's mix time is ``start + sample / rate``, where ``rate`` is the sink's own
rate against the monotonic clock (fitted to the reads: the null sink renders up to 0.05% faster
than its nominal 44.1 kHz when a recorder asks for a small latency, 0.45 ms more each second) and
``start`` the earliest (read time - samples so far / rate); a click written to the server at a known
moment checks that mapping (``calibration_click_ms``). Each
tone the event log says was due is found in the recording by normalised cross-correlation with its
WAV (resources/sounds), then reported per tone kind: heard minus due (median, p95, max), the first
tone apart, tones clipped (the end of the WAV missing), bleed (sound between one tone's end, late by
any gap inside it, and the next tone, other than speech), gaps (silence inside a tone) and, in the
run with the voice on, speech between tones and tones covered by speech (what is left after the
tones are taken out, while the event log says the voice spoke). The screen: the lateness of each new countdown number
(the ``countdown_shown`` lines of the event log, written by a paint hook) against the moment the
second it shows began. Pure Python (no numpy), so a run takes a few seconds of analysis.

``python tests/bench/run.py --only cues`` (about 2 minutes); ``COACH_BENCH_CUES_RUNS=N`` or
``python tests/bench/bench_cues.py --runs N`` plays the routine N times with the voice off (20 runs:
about 15 minutes), with the figures of every tone of every run together.
"""

from __future__ import annotations

import array
import contextlib
import json
import math
import operator
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import wave
from pathlib import Path

RATE = 44100
#: 4 + 3x(1+0.5+1) + 3 + 5 + 3 = 22.5 s: get ready, tempo reps, a rest, a hold, a rest.
ROUTINE = """\
id: cues
name: Cue timing check
get_ready: 4s
rest_between_exercises: 4s
exercises:
  - name: Bridges
    reps: 3
    tempo: {up: 1s, hold: 0.5s, down: 1s}
  - name: Knee-to-chest stretch
    hold: 6s
"""


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a running process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


def figures(values: list[float]) -> dict:
    if not values:
        return {"count": 0}
    return {"count": len(values), "median_ms": round(statistics.median(values), 2),
            "p95_ms": round(percentile(values, 0.95), 2), "p99_ms": round(percentile(values, 0.99), 2),
            "max_ms": round(max(values), 2), "min_ms": round(min(values), 2)}


def sounds_folder() -> Path:
    from coach.core.files.paths import resources_dir

    return resources_dir() / "sounds"


def load_wav(path: Path) -> array.array:
    with wave.open(str(path)) as w:
        assert w.getframerate() == RATE and w.getsampwidth() == 2 and w.getnchannels() == 1, path
        samples = array.array("h", w.readframes(w.getnframes()))
    if sys.byteorder != "little":
        samples.byteswap()
    return samples


def pulse_missing() -> str | None:
    """Why this benchmark cannot run here (None when it can)."""
    for program in ("pulseaudio", "parec", "pacat", "pactl"):
        if shutil.which(program) is None:
            return f"the program {program} is missing; install pulseaudio pulseaudio-utils"
    return None


@contextlib.contextmanager
def pulse_server(folder: Path):
    """A private PulseAudio server with one null sink; yields the environment that reaches it."""
    runtime = folder / "pulse-runtime"
    runtime.mkdir(parents=True)
    socket = folder / "pulse-native"
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "PULSE_RUNTIME_PATH": str(runtime),
           "HOME": str(folder), "PULSE_SERVER": f"unix:{socket}"}
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    server = subprocess.Popen(
        ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--system=false",
         "--disallow-exit", "--log-target=stderr", "--log-level=error",
         "-L", f"module-null-sink sink_name=coach rate={RATE}",
         "-L", f"module-native-protocol-unix socket={socket} auth-anonymous=1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 15
        while subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode != 0:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the private PulseAudio server did not start: {server.stderr.read()[-500:]}")
            time.sleep(0.1)
        yield env
    finally:
        server.terminate()
        try:
            server.wait(5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server.stderr.close()


class Recorder:
    """``parec`` of the null sink's monitor, mono 16 bit; every read stamped on the monotonic clock."""

    def __init__(self, env: dict[str, str]) -> None:
        self.child = subprocess.Popen(
            ["parec", "-d", "coach.monitor", "--raw", "--format=s16le", f"--rate={RATE}", "--channels=1",
             "--latency-msec=2", "--process-time-msec=1"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.data = bytearray()
        #: (monotonic time of the read, samples received up to and with it)
        self.stamps: list[tuple[float, int]] = []
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        fd = self.child.stdout.fileno()
        while True:
            chunk = os.read(fd, 4096)
            now = time.monotonic()
            if not chunk:
                return
            self.data += chunk
            self.stamps.append((now, len(self.data) // 2))

    def stop(self) -> tuple[array.array, float, float]:
        """The samples, the monotonic time of sample 0 and how many samples the sink mixes a second."""
        self.child.terminate()
        self.child.wait()
        self.thread.join(5)
        self.child.stdout.close()
        samples = array.array("h", bytes(self.data[: len(self.data) // 2 * 2]))
        if sys.byteorder != "little":
            samples.byteswap()
        # The sink's rate: the least-squares line through the reads (each is late by a few ms at
        # most, which over a run of 20 s leaves the rate within 0.01%). Then the least delayed read
        # gives sample 0's time (a read can only come after its samples).
        stamps = self.stamps[5:] or self.stamps
        rate = float(RATE)
        if len(stamps) > 10:
            mean_t = statistics.fmean(at for at, _ in stamps)
            mean_n = statistics.fmean(count for _, count in stamps)
            spread = sum((count - mean_n) ** 2 for _, count in stamps)
            if spread:
                rate = spread / sum((count - mean_n) * (at - mean_t) for at, count in stamps)
        start = min(at - count / rate for at, count in stamps)
        return samples, start, rate


def click(env: dict[str, str]) -> float:
    """Writes a click to the server at a known moment (after 0.3 s of primed silence); returns it."""
    player = subprocess.Popen(["pacat", "--raw", "--format=s16le", f"--rate={RATE}", "--channels=1",
                               "--latency-msec=5", "--process-time-msec=1"],
                              env=env, stdin=subprocess.PIPE)
    silence = bytes(2 * RATE // 10)
    player.stdin.write(silence)
    player.stdin.flush()
    time.sleep(1.5)  # connected, played its silence and waiting: the click then plays at once
    pulse = array.array("h", [20000] * 44 + [-20000] * 44)  # 2 ms
    if sys.byteorder != "little":
        pulse.byteswap()
    at = time.monotonic()
    player.stdin.write(pulse.tobytes() + silence * 2)
    player.stdin.flush()
    time.sleep(0.3)
    player.stdin.close()
    player.wait(5)
    return at


def energy_blocks(samples: array.array, block: int) -> list[float]:
    return [sum(map(operator.mul, samples[i:i + block], samples[i:i + block])) for i in range(0, len(samples), block)]


def best_lag(signal: array.array, template: array.array, first: int, last: int) -> tuple[int, float]:
    """The start in ``signal`` (from ``first`` to ``last``) where ``template`` fits best: (start, NCC)."""
    n = len(template)
    tnorm = math.sqrt(sum(map(operator.mul, template, template))) or 1.0
    first, last = max(0, first), min(len(signal) - n, last)
    if last < first:
        return first, 0.0
    # Running sum of squares of the window, for the normalisation.
    squares = [0]
    for value in signal[first:last + n]:
        squares.append(squares[-1] + value * value)
    best, best_score = first, -1.0
    for start in range(first, last + 1):
        window_energy = squares[start - first + n] - squares[start - first]
        if window_energy <= 0:
            continue
        score = sum(map(operator.mul, signal[start:start + n], template)) / (tnorm * math.sqrt(window_energy))
        if score > best_score:
            best, best_score = start, score
    return best, best_score


def expected_tones(lines: list[dict]) -> list[tuple[float, str]]:
    """(due, tone) of every tone the events of the log bring, as coach/gui/cues.py maps them."""
    from coach.gui.cues import PHASE_SOUNDS, TEMPO_SOUNDS

    tones = []
    for line in lines:
        if line["event"] == "phase_started":
            tone = PHASE_SOUNDS.get(line["phase"]["kind"])
        elif line["event"] == "cue":
            tone = {"tempo": TEMPO_SOUNDS.get((line.get("text") or "").lower(), "tick"),
                    "countdown": "tick", "complete": "complete"}.get(line["cue"])
        else:
            tone = None
        if tone:
            tones.append((line["due"], tone))
    return tones


def speech_spans(lines: list[dict]) -> list[tuple[float, float]]:
    """(start, end) on the monotonic clock of each sentence the voice spoke, from the event log:
    from its "speaking" state (the sound begins 1-35 ms later) to its end (the sound ends before)."""
    spans, began = [], {}
    for line in lines:
        if line["event"] == "speech_started":
            began[line["text"]] = line["at"]
        elif line["event"] in ("speech_ended", "speech_cut") and line["text"] in began:
            spans.append((began.pop(line["text"]), line["at"]))
    # Still speaking when the log ends ("Workout complete." as `coach run` quits): to the end.
    return spans + [(at, math.inf) for at in began.values()]


def analyse_tones(samples: array.array, start: float, tones: list[tuple[float, str]],
                  wavs: dict[str, array.array], speech: list[tuple[float, float]] = (),
                  rate: float = RATE) -> dict:
    """Finds each tone; heard minus due per kind, clipped ends, bleed, gaps and what speech covers.

    ``start``, ``rate``: sample ``n`` was mixed at ``start + n / rate`` on the monotonic clock.
    ``speech``: when the voice spoke (monotonic (start, end), from the event log). Sound between two
    tones while it spoke is speech, not bleed; a tone is covered by speech only when it sounds then.
    """
    def speaking(sample: int, margin: float = 0.0) -> bool:
        at = start + sample / rate
        return any(begin - margin <= at <= end + margin for begin, end in speech)

    found = []
    for due, name in tones:
        wav = wavs[name]
        head = wav[:220]  # the first 5 ms: enough to place it, quick to slide
        expected = round((due - start) * rate)
        at, score = best_lag(samples, head, expected - RATE // 50, expected + RATE * 3 // 10)
        if score < 0.6:  # not near its due time: look further (a tone held up by a blocked window)
            at, score = best_lag(samples, head, expected - RATE // 50, expected + RATE * 3)
        refined, score = best_lag(samples, wav[:882], at - 44, at + 44)
        found.append({"due": due, "name": name, "at": refined, "score": score,
                      "heard_ms": (start + refined / rate - due) * 1000})
    # The fit of each tone (its gain), and what is left when every tone is taken out.
    residual = array.array("d", samples)
    for tone in found:
        wav = wavs[tone["name"]]
        a = tone["at"]
        seg = samples[a:a + len(wav)]
        head = min(len(seg), 4410)
        gain = sum(map(operator.mul, seg[:head], wav[:head])) / (sum(map(operator.mul, wav[:head], wav[:head])) or 1)
        tone["gain"] = gain
        for i, value in enumerate(wav[:len(seg)]):
            residual[a + i] -= gain * value
    loud = max((abs(v) for v in samples), default=0) or 1
    block = RATE // 1000  # 1 ms
    for index, tone in enumerate(found):
        wav, a, gain = wavs[tone["name"]], tone["at"], tone["gain"]
        seg = samples[a:a + len(wav)]
        # Clipped: the last fifth of the WAV (its fade-out) is not there at the level of its start.
        tail = len(wav) * 4 // 5
        want = gain * gain * sum(v * v for v in wav[tail:])
        got = sum(v * v for v in seg[tail:])
        tone["clipped"] = len(seg) < len(wav) or (want > 0 and got < 0.5 * want)
        # Gaps: 1 ms blocks of digital silence where the WAV is sounding, with the tone after them
        # (a missing end is counted as clipped, not as a gap).
        silent = [b for b in range(0, min(len(seg), len(wav)) - block, block)
                  if max(abs(v) for v in wav[b:b + block]) > 500 and not any(seg[b:b + block])]
        sounding = [b for b in range(0, min(len(seg), len(wav)) - block, block) if any(seg[b:b + block])]
        tone["gap_ms"] = sum(1 for b in silent if sounding and b < sounding[-1])
        # Bleed: sound between this tone's end and the next tone (or 200 ms after the last). A gap
        # inside the tone (the stream ran dry) plays the rest of it that much later: its own end,
        # late, is counted as the gap, not as bleed. Sound while the voice spoke is speech.
        end = a + len(wav) + block + tone["gap_ms"] * block
        following = found[index + 1]["at"] if index + 1 < len(found) else end + RATE // 5
        loud_blocks = [b for b in range(end, following - block, block)
                       if max((abs(v) for v in samples[b:b + block]), default=0) > 0.01 * loud]
        tone["speech_after_ms"] = sum(1 for b in loud_blocks if speaking(b, 0.05))
        tone["bleed_ms"] = len(loud_blocks) - tone["speech_after_ms"]
        # Covered by speech: the voice spoke during the tone, and what is left of the sound once
        # the tone is taken out is loud next to the tone itself (a gap leaves a residual too).
        span = residual[a:a + len(wav)]
        left = math.sqrt(sum(v * v for v in span) / max(1, len(span)))
        level = abs(gain) * math.sqrt(sum(v * v for v in wav) / len(wav))
        tone["covered"] = level > 0 and left > 0.25 * level and (speaking(a) or speaking(a + len(wav)))
    by_kind: dict[str, list[float]] = {}
    for tone in found[1:]:
        by_kind.setdefault(tone["name"], []).append(tone["heard_ms"])
    later = [tone["heard_ms"] for tone in found[1:]]
    return {
        "tones": len(found),
        "not_found": sum(1 for t in found if t["score"] < 0.6),
        "first_tone_heard_minus_due_ms": round(found[0]["heard_ms"], 2) if found else None,
        "heard_minus_due": figures([t["heard_ms"] for t in found]),
        "_heard_ms": [t["heard_ms"] for t in found],
        "heard_minus_due_after_first": figures(later),
        "heard_minus_due_by_kind": {k: figures(v) for k, v in sorted(by_kind.items())},
        "clipped_tones": sum(1 for t in found if t["clipped"]),
        # Which: the tone and its due, in seconds from the first tone's.
        "clipped_which": [f"{t['name']}@{t['due'] - found[0]['due']:.2f}s" for t in found if t["clipped"]],
        "gaps_which": [f"{t['name']}@{t['due'] - found[0]['due']:.2f}s:{t['gap_ms']}ms" for t in found if t["gap_ms"]],
        "late_which": [f"{t['name']}@{t['due'] - found[0]['due']:.2f}s:{t['heard_ms']:.1f}ms"
                       for t in found if abs(t["heard_ms"]) > 5],
        "tones_with_bleed": sum(1 for t in found if t["bleed_ms"] > 0),
        "bleed_ms_total": sum(t["bleed_ms"] for t in found),
        "bleed_which": [f"{t['name']}@{t['due'] - found[0]['due']:.2f}s:{t['bleed_ms']}ms" for t in found if t["bleed_ms"]],
        "speech_between_tones_ms": sum(t["speech_after_ms"] for t in found),
        "tones_with_gaps": sum(1 for t in found if t["gap_ms"] > 0),
        "gap_ms_total": sum(t["gap_ms"] for t in found),
        "tones_covered_by_speech": sum(1 for t in found if t["covered"]),
        "speech_heard_ms": sum(1 for b in range(0, len(residual) - block, block)
                               if max(abs(v) for v in residual[b:b + block]) > 0.05 * loud),
    }


def analyse_screen(lines: list[dict]) -> dict:
    """Lateness of each new countdown number painted against the start of the second it shows."""
    from coach.core.workout.presentation import countdown_text

    shown = [line for line in lines if line["event"] == "countdown_shown" and line.get("where") == "player"]
    late = []
    slow = []  # the numbers painted more than a frame late: which, when, how late
    missed = 0
    phases = [line for line in lines if line["event"] == "phase_started"]
    before = None  # the number shown last: a phase starting on the same number changes nothing
    for index, line in enumerate(phases):
        phase = line["phase"]
        duration = phase["duration"]
        if not duration:
            continue
        end = phases[index + 1]["due"] if index + 1 < len(phases) else line["due"] + duration
        whole = math.ceil(duration - 1e-9)
        changes = [(line["due"], whole)] + [(line["due"] + duration - n, n) for n in range(whole - 1, 0, -1)]
        for due, number in changes:
            if due < line["due"] or due >= end:
                continue
            text = countdown_text(number)
            if text == before:
                continue
            before = text
            # The workout's first number is painted before its clock starts (start_when_shown.py),
            # and stays on screen while the clock waits for the voice (voice_wait.py): seconds.
            first = index == 0 and not late and not missed
            match = next((s for s in shown if s["text"] == text and s["at"] < end + 0.5
                          and (first or (s["at"] >= due - 0.5 and (index == 0 or line["due"] - 0.001 <= s["at"])))),
                         None)
            if match is None:
                missed += 1
            else:
                late.append((match["at"] - due) * 1000)
                if late[-1] > 17:
                    slow.append(f"{text}@{due - phases[0]['due']:.2f}s:{late[-1]:.1f}ms")
    return {"number_changes": len(late), "not_painted": missed,
            "first_number_painted_minus_due_ms": round(late[0], 2) if late else None,
            "painted_minus_due": figures(late), "painted_minus_due_after_first": figures(late[1:]),
            "_after_first_ms": late[1:],
            "painted_late_which": slow}


def play(env: dict[str, str], folder: Path, *, voice: bool, wavs: dict[str, array.array]) -> dict:
    data = folder / ("data-voice" if voice else "data")
    data.mkdir(exist_ok=True)
    (data / "settings.ini").write_text(f"[voice]\nenabled={'true' if voice else 'false'}\n", encoding="utf-8")
    routine = folder / "cues.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    log = folder / f"events-{time.monotonic_ns()}.jsonl"
    recorder = Recorder(env)
    time.sleep(0.5)
    clicks = [click(env) for _ in range(3)]
    from coach.gui.app import QUIT_WHEN_FINISHED_ENV

    child_env = {**env, "QT_QPA_PLATFORM": "offscreen", "COACH_DATA_DIR": str(data), QUIT_WHEN_FINISHED_ENV: "1"}
    started = time.monotonic()
    child = subprocess.Popen([sys.executable, "-m", "coach", "run", str(routine), "--no-checkin", "--event-log", str(log)],
                             env=child_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    marks = {}  # CPU of the window from the first phase to the end of the workout
    while child.poll() is None and time.monotonic() - started < 120:
        text = log.read_text(encoding="utf-8") if log.exists() else ""
        try:
            now = (cpu_seconds(child.pid), time.monotonic())
        except (OSError, IndexError):
            break
        if "first" not in marks and '"phase_started"' in text:
            marks["first"] = now
        if "end" not in marks and '"workout_finished"' in text:
            marks["end"] = now
        time.sleep(0.05)  # the benchmark's own polling
    _, stderr = child.communicate(timeout=30)
    child.stderr = None
    wall = time.monotonic() - started
    time.sleep(0.3)
    samples, start, rate = recorder.stop()
    if child.returncode != 0:
        raise RuntimeError(f"coach run failed: {stderr[-2000:]}")
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
    # The clicks, found the same way as the tones. None can be mixed before it was written: a
    # click that seems to be shifts the mapping (the null sink renders a little ahead of time).
    pulse = array.array("h", [20000] * 44 + [-20000] * 44)
    heard = []
    for clicked in clicks:
        expected = round((clicked - start) * rate)
        at, score = best_lag(samples, pulse, expected - RATE // 50, expected + RATE // 20)
        if score > 0.5:
            heard.append((start + at / rate - clicked) * 1000)
    correction = max([0.0] + [-ms for ms in heard]) / 1000
    start += correction
    tones = expected_tones(lines)
    out = {"calibration_click_ms": [round(ms + correction * 1000, 2) for ms in heard],
           "calibration_shift_ms": round(correction * 1000, 2),
           "sink_rate_minus_nominal_ppm": round((rate / RATE - 1) * 1e6),
           "run_seconds": round(wall, 1),
           **analyse_tones(samples, start, tones, wavs, speech_spans(lines), rate), "screen": analyse_screen(lines)}
    if "first" in marks and "end" in marks:
        (cpu0, t0), (cpu1, t1) = marks["first"], marks["end"]
        out["cpu_while_playing_percent"] = round(100 * (cpu1 - cpu0) / (t1 - t0), 2)
    return out


def merge(runs: list[dict]) -> dict:
    """One run as it is; several: every tone of every run together, and each run below."""
    if len(runs) == 1:
        return runs[0]
    every = [ms for one in runs for ms in one.pop("_heard_ms")]
    firsts = [one["first_tone_heard_minus_due_ms"] for one in runs]
    painted = [ms for one in runs for ms in one["screen"].pop("_after_first_ms")]
    cpu = [one["cpu_while_playing_percent"] for one in runs if "cpu_while_playing_percent" in one]
    return {
        "run_count": len(runs),
        "tones": sum(one["tones"] for one in runs),
        "not_found": sum(one["not_found"] for one in runs),
        "heard_minus_due": figures(every),
        "first_tone_heard_minus_due_ms": {"min": min(firsts), "max": max(firsts)},
        "clipped_tones": sum(one["clipped_tones"] for one in runs),
        "tones_with_bleed": sum(one["tones_with_bleed"] for one in runs),
        "tones_with_gaps": sum(one["tones_with_gaps"] for one in runs),
        "runs_with_gaps": sum(1 for one in runs if one["tones_with_gaps"]),
        "countdown_painted_minus_due_after_first": figures(painted),
        "cpu_while_playing_percent": {"min": min(cpu), "median": statistics.median(cpu), "max": max(cpu)} if cpu else None,
        "runs": runs,
    }


def run(runs: int | None = None, *, routine: str | None = None, voice_run: bool = True,
        busy_core: bool = True) -> dict:
    global ROUTINE
    why = pulse_missing()
    if why:
        return {"skipped": why}
    if routine is not None:
        ROUTINE = routine
    runs = runs or int(os.environ.get("COACH_BENCH_CUES_RUNS", "1"))
    wavs = {p.stem: load_wav(p) for p in sounds_folder().glob("*.wav")}
    summary: dict[str, object] = {}
    # Every core but one kept busy by a plain busy loop.
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
            for _ in range(max(1, (os.cpu_count() or 2) - 1) if busy_core else 0)]
    try:
        with tempfile.TemporaryDirectory() as tmp, pulse_server(Path(tmp)) as env:
            folder = Path(tmp)
            summary["voice_off"] = merge([play(env, folder, voice=False, wavs=wavs) for _ in range(runs)])
            if voice_run:
                summary["voice_on"] = play(env, folder, voice=True, wavs=wavs)
    finally:
        for loop in busy:
            loop.kill()
            loop.wait()
    for key in ("voice_off", "voice_on"):  # the raw lists were for merging runs
        one = summary.get(key, {})
        one.pop("_heard_ms", None)
        one.get("screen", {}).pop("_after_first_ms", None)
    summary["cores_kept_busy"] = len(busy)
    summary["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    summary["targets"] = ("tones heard within +-5 ms of due at p95, 15 ms max, the first included; none "
                          "clipped, no bleed, no gaps; no tone covered by speech; countdown painted "
                          "within 17 ms of its second at p99")
    return summary


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Cues as perceived (see the module's docstring).")
    parser.add_argument("--runs", type=int, default=None, help="play the routine this many times "
                        "with the voice off (default 1, or COACH_BENCH_CUES_RUNS)")
    parser.add_argument("--no-voice-run", action="store_true", help="leave out the run with the voice on")
    parser.add_argument("--quiet-cores", action="store_true", help="keep no core busy")
    options = parser.parse_args()
    print(json.dumps(run(options.runs, voice_run=not options.no_voice_run, busy_core=not options.quiet_cores),
                     indent=2))
