"""Speech and tones: how many tones speech covers, planned and as a speech engine spoke.

From the plan (coach/core/workout/what_is_said.py, no Qt, no engine): for each built-in routine
and the issue's routine, the tones covered by speech "before" (every cue's full sentence said at
its cue, one after the other, at the estimated length) and "after" (the planned sentences).

From a speech engine: the real app plays ``ROUTINE`` (``coach run --event-log``, offscreen) with
Qt's mock engine and, where speech-dispatcher with espeak-ng and PulseAudio are installed, the real
engine on a private PulseAudio server (a null sink: nothing is heard, and a private
speech-dispatcher). The event log's ``speech_started``/``speech_ended``/``speech_cut`` lines are the
intervals the engine said it spoke; each tone (its due and its WAV's length) inside one is covered.
Also: how long the workout's clock waited for the voice to load, when the first sentence began
after its cue (and, with speech-dispatcher, when its sound was mixed, recorded from the sink), and each sentence's start minus when it was planned to be heard; with
speech-dispatcher also a run with the workout asked for 6 s after the window opened (a user
pressing Start; the voice loads from the first paint). ``python tests/bench/run.py --only speech``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: 6 + 12 + 10 + 12 + 4 + 17 = 61 s: get ready, bridges (the issue's "Bridges. 3 reps." covered Up
#: and Hold), a 10 s rest with room to say what comes next, a 4 s rest (whose sentence covered its
#: tone and two ticks), a 6 s side plank on each side (each announcement covered "go" and "3").
ROUTINE = """\
id: speech
name: Speech check
get_ready: 6s
rest_between_exercises: 4s
switch_sides: 5s
exercises:
  - name: Bridges
    sets: 2
    reps: 2
    tempo: {up: 2s, hold: 2s, down: 2s}
    rest_between_sets: 10s
  - name: Side plank
    hold: 6s
    sides: each
"""


def plan_figures() -> dict:
    from coach.core.files.paths import builtin_routines_dir
    from coach.core.routines.library import load_library
    from coach.core.routines.routine_format import load_routine_text
    from coach.core.workout.timeline import build_timeline
    from coach.core.workout.what_is_said import covered_tones, plan_speech, said_as_the_cue_table_says

    timelines = {e.routine.id: build_timeline(e.routine)
                 for e in load_library(builtin_routines_dir(), Path("/nonexistent")).entries}
    timelines["speech-check"] = build_timeline(load_routine_text(ROUTINE, "speech.yaml")[0])
    out = {}
    for name, timeline in timelines.items():
        plan = plan_speech(timeline)
        before = covered_tones(plan.tones, said_as_the_cue_table_says(timeline))
        after = covered_tones(plan.tones, [s.heard_ms for s in plan.said()])
        out[name] = {
            "tones": len(plan.tones),
            "covered_before": len(before), "ticks_covered_before": sum(t.name == "tick" for t in before),
            "covered_after": len(after),
            "sentences": len(plan.sentences), "said_whole": sum(s.text == s.full_text for s in plan.sentences),
            "said_shorter": sum(bool(s.text) and s.text != s.full_text for s in plan.sentences),
            "left_silent": sum(not s.text for s in plan.sentences),
        }
    return out


# ----- a speech engine


def log_tones(lines: list[dict]) -> list[tuple[float, float, str]]:
    """(start, end, tone) of every tone the event log's events bring, on the workout's clock."""
    from coach.core.workout.what_is_said import PHASE_TONES, TEMPO_TONES, TONE_MS

    tones = []
    for line in lines:
        tone = None
        if line["event"] == "phase_started":
            tone = PHASE_TONES.get(line["phase"]["kind"])
        elif line["event"] == "cue":
            tone = {"tempo": TEMPO_TONES.get((line.get("text") or "").lower(), "tick"),
                    "countdown": "tick", "complete": "complete"}.get(line["cue"])
        if tone:
            tones.append((line["due"], line["due"] + TONE_MS[tone] / 1000, tone))
    return tones


def speech_intervals(lines: list[dict]) -> list[dict]:
    spoken, open_ = [], {}
    for line in lines:
        if line["event"] == "speech_started":
            open_[line["text"]] = line
        elif line["event"] in ("speech_ended", "speech_cut") and line["text"] in open_:
            start = open_.pop(line["text"])
            spoken.append({"text": line["text"], "start": start["at"], "end": line["at"],
                           "planned": start["due"], "cue_due": start["cue_due"],
                           "cut": line["event"] == "speech_cut"})
    return spoken


def analyse(lines: list[dict]) -> dict:
    tones = log_tones(lines)
    spoken = speech_intervals(lines)
    covered = [t for t in tones if any(s["start"] < t[1] and t[0] < s["end"] for s in spoken)]
    late = [(s["start"] - s["planned"]) * 1000 for s in spoken]
    first = spoken[0] if spoken else None
    origin = next((line["due"] for line in lines if line["event"] == "workout_started"), lines[0]["due"])
    waited = next((line for line in lines if line["event"] == "voice_waited"), None)
    return {
        "tones": len(tones), "tones_covered_by_speech": len(covered),
        "ticks_covered": sum(t[2] == "tick" for t in covered),
        "covered": [f"{t[2]} at {t[0] - origin:.2f} s" for t in covered],
        # How long the workout's clock waited for the voice to load (coach/gui/voice_wait.py), and why it went.
        "waited_for_voice": None if waited is None else {
            "seconds": round(waited["at"] - waited["due"], 2), "why": waited["why"]},
        "sentences_heard": len(spoken),
        "sentences_cut": sum(1 for line in lines if line["event"] == "speech_cut"),
        "sentences_dropped": sum(1 for line in lines if line["event"] == "speech_dropped"),
        "first_sentence": None if first is None else {
            "text": first["text"], "began_after_cue_ms": round((first["start"] - first["cue_due"]) * 1000, 1)},
        "began_minus_planned_ms": {
            "median": round(statistics.median(late), 1), "max": round(max(late), 1)} if late else None,
    }


def engine_missing(engine: str) -> str | None:
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError:
        return "Qt's speech module cannot be loaded (install libspeechd2 and libpulse0)"
    if engine not in QTextToSpeech.availableEngines():
        return f"no {engine} engine (install speech-dispatcher)"
    if engine == "speechd":
        if not list(Path("/usr/lib/speech-dispatcher-modules").glob("sd_espeak-ng")):
            return "speech-dispatcher has no espeak-ng module (install speech-dispatcher-espeak-ng)"
        if shutil.which("pulseaudio") is None:
            return "no private sound server for it (install pulseaudio)"
    return None


@contextlib.contextmanager
def private_sound(folder: Path):
    """A private PulseAudio null sink, and a runtime folder where a private speech-dispatcher starts."""
    runtime = folder / "runtime"
    runtime.mkdir(mode=0o700)
    socket = folder / "pulse-native"
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "PULSE_RUNTIME_PATH": str(runtime / "pulse"),
           "HOME": str(folder), "PULSE_SERVER": f"unix:{socket}"}
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env.pop("SPEECHD_ADDRESS", None)
    server = subprocess.Popen(
        ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--system=false", "--disallow-exit",
         "--log-target=stderr", "--log-level=error", "-L", "module-null-sink sink_name=coach",
         "-L", f"module-native-protocol-unix socket={socket} auth-anonymous=1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode != 0:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the private PulseAudio server did not start")
            time.sleep(0.1)
        yield env
    finally:
        # The private speech-dispatcher, spawned under our runtime folder, ends with its socket.
        pidfile = runtime / "speech-dispatcher" / "pid" / "speech-dispatcher.pid"
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(pidfile.read_text().split()[0]), 15)
        server.terminate()
        server.wait(10)


#: ``coach run``, with the workout asked for this long after the window opened, as a user who picks
#: the routine and presses Start in the window (the voice starts loading at the first paint).
STARTED_LATER = """\
import sys
from PySide6.QtCore import QTimer
import coach.gui.app as app
opening = app.open_window
def open_window(args, routine=None, event_log=None):
    window = opening(args, None, event_log)
    QTimer.singleShot({ms}, lambda: window.request_workout(routine))
    return window
app.open_window = open_window
from coach.cli import main
sys.exit(main(sys.argv[1:]))
"""


class Hearing:
    """The private sink's monitor recorded while Coach plays (tests/bench/bench_cues.py's Recorder,
    calibrated with its clicks): when the first sound after a moment was mixed. Get ready starts
    without a tone, so the first sound after the workout's start is its first sentence."""

    def __init__(self, env: dict[str, str]) -> None:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import bench_cues

        self.cues = bench_cues
        self.recorder = bench_cues.Recorder(env)
        time.sleep(0.5)
        self.clicks = [bench_cues.click(env) for _ in range(2)]

    def first_sound_after(self, moment: float) -> float | None:
        """Milliseconds from ``moment`` (monotonic) to the first sound mixed after it (None: none)."""
        import array

        cues = self.cues
        samples, start, rate = self.recorder.stop()  # rate: the sink's own, as bench_cues measures it
        pulse = array.array("h", [20000] * 44 + [-20000] * 44)
        early = [0.0]
        for clicked in self.clicks:  # none can be mixed before it was written (see bench_cues.play)
            expected = round((clicked - start) * rate)
            at, score = cues.best_lag(samples, pulse, expected - cues.RATE // 50, expected + cues.RATE // 20)
            if score > 0.5:
                early.append(clicked - (start + at / rate))
        start += max(early)
        first = max(0, round((moment - start) * rate))
        onset = next((i for i in range(first, len(samples)) if abs(samples[i]) > 300), None)
        return None if onset is None else round((start + onset / rate - moment) * 1000, 1)


def play(engine: str, folder: Path, env: dict[str, str], started_after_s: float = 0.0) -> dict:
    from coach.gui.app import QUIT_WHEN_FINISHED_ENV
    from coach.gui.voice_process import ENGINE_ENV

    data = folder / f"data-{engine}-{started_after_s}"
    data.mkdir()
    (data / "settings.ini").write_text("[voice]\nenabled=true\n", encoding="utf-8")
    routine = folder / "speech.yaml"
    routine.write_text(ROUTINE, encoding="utf-8")
    log = folder / f"events-{engine}-{started_after_s}.jsonl"
    child_env = {**env, "QT_QPA_PLATFORM": "offscreen", "COACH_DATA_DIR": str(data), QUIT_WHEN_FINISHED_ENV: "1",
                 ENGINE_ENV: engine}
    # The voice is started as the workout is asked for; with the check-in question first it has
    # that long to load (1.5-5 s for speech-dispatcher here): --no-checkin starts at once, so the
    # first sentence is said only if the voice was ready in time.
    start = ["-c", STARTED_LATER.replace("{ms}", str(round(started_after_s * 1000)))] if started_after_s else ["-m", "coach"]
    hearing = Hearing(env) if "PULSE_SERVER" in env else None  # a private sink: its sound is recorded
    done = subprocess.run([sys.executable, *start, "run", str(routine), "--no-checkin", "--event-log",
                           str(log)], env=child_env, capture_output=True, text=True, timeout=180)
    if done.returncode != 0:
        raise RuntimeError(f"coach run failed: {done.stderr[-2000:]}")
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
    figures = analyse(lines)
    if hearing is not None:
        began = next(line["due"] for line in lines if line["event"] == "workout_started")
        figures["first_sound_heard_after_the_start_ms"] = hearing.first_sound_after(began)
    return figures


def run() -> dict:
    summary: dict[str, object] = {"plan": plan_figures()}
    for engine in ("mock", "speechd"):
        why = engine_missing(engine)
        if why:
            summary[engine] = {"skipped": why}
            continue
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            if engine == "speechd":
                with private_sound(folder) as env:
                    summary[engine] = play(engine, folder, env)
                    # Started from the window 6 s after Coach opened: the voice loaded meanwhile.
                    summary[f"{engine}_started_6s_after_start_up"] = play(engine, folder, env, 6.0)
            else:
                summary[engine] = play(engine, folder, dict(os.environ))
    return summary


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
