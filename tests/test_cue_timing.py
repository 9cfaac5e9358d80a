"""Cues as perceived (issue 17): tones recorded from a private PulseAudio server's null sink, and the
countdown's new numbers from the window's paint hook, for a short routine played by `coach run`.

The measuring is tests/bench/bench_cues.py; this runs it on a short routine and checks what the
benchmark must be able to tell and what the window already guarantees.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from system_parts import need_pulseaudio, need_qt_module

SHORT = """\
id: short
name: Short cue check
get_ready: 3s
rest_between_exercises: 3s
exercises:
  - name: Bridges
    reps: 2
    tempo: {up: 1s, down: 1s}
  - name: Knee-to-chest stretch
    hold: 6s
"""


def bench():
    path = Path(__file__).resolve().parent / "bench" / "bench_cues.py"
    spec = importlib.util.spec_from_file_location("bench_cues", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_every_tone_is_found_in_the_recording_and_every_number_is_painted_on_time(tmp_path) -> None:
    need_pulseaudio()
    need_qt_module("QtMultimedia")
    summary = bench().run(1, routine=SHORT, voice_run=False, busy_core=False)
    played = summary["voice_off"]
    # Get ready's ticks, up, down, up, down and complete: each found where the event log says.
    assert played["tones"] >= 5 and played["not_found"] == 0, played
    assert played["calibration_click_ms"], "the calibration click was not heard"
    screen = played["screen"]
    assert screen["not_painted"] == 0 and screen["number_changes"] >= 10, screen
    # Redrawn when the second changes, not on a 10 Hz coarse tick (that made the median about
    # 50 ms); the bound leaves room for a machine loaded by other work (the benchmark's figures
    # are measured with one core kept busy: docs/TIMING.md).
    assert screen["painted_minus_due_after_first"]["median_ms"] <= 35, screen
