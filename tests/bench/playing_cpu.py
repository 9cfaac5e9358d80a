"""CPU while a workout plays, quickly: a 31 s routine in `coach run` (offscreen), measured as
bench_timing measures it (/proc/PID/stat between the end of get ready and the finish), per thread
too, in several variants played in turn (interleaved, so that the machine's load falls on each
alike), with the median of each.

``python tests/bench/playing_cpu.py --runs 3 figure sound quiet`` (about 35 s a run and variant);
variants: ``figure`` (figures, sound on, voice off), ``no_figure`` (sound on), ``quiet`` (figures,
sound and voice off), ``quiet_no_figure`` (neither), ``voice`` (figures, sound and voice on). ``--copy PATH`` (repeatable) also plays each variant with the Coach of
another source tree (``PYTHONPATH=PATH``; e.g. ``git archive main | tar -x -C PATH``), in turn
with this one: A/B of a change on the same load. Not part of ``run.py``: a tool for
changing what the player costs; ``run.py --only timing`` is the benchmark.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_timing  # noqa: E402 - its play(), its pulse server

#: 3 + 16 + 4 + 8 = 31 s: tempo reps (a tone a second), a rest, a hold.
ROUTINE = """\
id: cpu
name: CPU check
get_ready: 3s
rest_between_exercises: 4s
exercises:
  - name: Bridges
    reps: 4
    tempo: {up: 1.5s, hold: 1s, down: 1.5s}
  - name: Knee-to-chest stretches
    hold: 8s
"""
PLANNED_SECONDS = 31.0
NO_FIGURE = ROUTINE.replace("Bridges", "Lifts").replace("Knee-to-chest stretches", "Pulls")
VARIANTS = {
    "figure": {"routine_text": ROUTINE, "sound": True, "voice": False},
    "no_figure": {"routine_text": NO_FIGURE, "sound": True, "voice": False},
    "quiet": {"routine_text": ROUTINE, "sound": False, "voice": False},
    "quiet_no_figure": {"routine_text": NO_FIGURE, "sound": False, "voice": False},
    "voice": {"routine_text": ROUTINE, "sound": True, "voice": True},
}


def main(argv: list[str] | None = None) -> int:
    from coach.gui.app import QUIT_WHEN_FINISHED_ENV

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("variants", nargs="*", default=["figure", "quiet"], choices=sorted(VARIANTS))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--copy", action="append", default=[], help="another source tree to compare")
    parser.add_argument("--copies-only", action="store_true", help="only the --copy trees, not this one")
    args = parser.parse_args(argv)
    cues = bench_timing.load_cues_bench()
    trees = {} if args.copies_only else {"this": None}
    trees.update({f"copy{i + 1}": str(Path(path).resolve()) for i, path in enumerate(args.copy)})
    played = [(variant, tree) for variant in args.variants for tree in trees]
    results: dict[str, list[dict]] = {f"{variant}:{tree}" if args.copy else variant: [] for variant, tree in played}
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        folder = Path(tmp)
        why_no_pulse = cues.pulse_missing()
        env = dict(os.environ) if why_no_pulse else stack.enter_context(cues.pulse_server(folder / "pulse"))
        env.update({"QT_QPA_PLATFORM": "offscreen", QUIT_WHEN_FINISHED_ENV: "1"})
        for run in range(args.runs):
            for variant, tree in played:
                name = f"{variant}:{tree}" if args.copy else variant
                load = os.getloadavg()[0]
                # PYTHONSAFEPATH: `python -m coach` would put the current folder first on the path.
                tree_env = env if trees[tree] is None else {**env, "PYTHONPATH": trees[tree], "PYTHONSAFEPATH": "1"}
                figures = bench_timing.play(tree_env, folder, planned_seconds=PLANNED_SECONDS, by_thread=True,
                                            **VARIANTS[variant])
                figures["load_average"] = round(load, 2)
                results[name].append(figures)
                print(f"run {run + 1} {name}: {figures.get('cpu_while_playing_percent')} % "
                      f"(load {load:.1f}) {figures.get('cpu_while_playing_by_thread')} "
                      f"{figures.get('failed', '')}", file=sys.stderr, flush=True)
    summary = {}
    for name, runs in results.items():
        cpu = [r["cpu_while_playing_percent"] for r in runs if r.get("cpu_while_playing_percent") is not None]
        numbers = [r["countdown_numbers_after_first"].get("p99_ms") for r in runs
                   if "countdown_numbers_after_first" in r]
        threads: dict[str, list[float]] = {}
        for r in runs:
            for thread, percent in r.get("cpu_while_playing_by_thread", {}).items():
                threads.setdefault(thread, []).append(percent)
        summary[name] = {
            "cpu_while_playing_percent": cpu,
            "median": round(statistics.median(cpu), 2) if cpu else None,
            "by_thread_median": {t: round(statistics.median(v), 2) for t, v in threads.items()},
            "countdown_number_p99_ms": numbers,
            "sound": runs[0].get("sound") if runs else None, "voice": runs[0].get("voice") if runs else None,
            "load_average": [r["load_average"] for r in runs],
        }
    summary["trees"] = {name: path or str(HERE.parent.parent) for name, path in trees.items()}
    summary["sound_server"] = "private PulseAudio null sink" if why_no_pulse is None else why_no_pulse
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
