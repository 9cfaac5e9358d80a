"""Workout engine speed: advance() and snapshot() each at most 50 microseconds per call.

Figures are medians over many calls, in microseconds, with ratios against two baselines
measured in the same run: an empty Python function call, and building a small frozen dataclass.
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from coach.core.workout.engine import Workout  # noqa: E402
from coach.core.routines.routine import Exercise, Routine, TempoPart  # noqa: E402
from coach.core.workout.timeline import build_timeline  # noqa: E402

LIMIT_MICROSECONDS = 50.0
BATCH = 200  # calls timed together, so the timer's own cost is spread out
ROUNDS = 200


def thirty_minutes() -> Routine:
    """A routine of about 30 minutes with every kind of phase."""
    tempo = (TempoPart("up", 2), TempoPart("hold", 2), TempoPart("down", 2))
    exercises = []
    for i in range(6):
        exercises += [
            Exercise(f"Reps {i}", sets=2, reps=10, tempo=tempo),
            Exercise(f"Hold {i}", sets=2, hold=30, sides="each"),
            Exercise(f"Own pace {i}", sets=1, reps=10),
        ]
    return Routine(id="bench", name="Bench", exercises=tuple(exercises), get_ready=10,
                   rest_between_sets=20, rest_between_exercises=20, switch_sides=5)


@dataclass(frozen=True)
class _Small:
    due: float
    kind: str
    index: int


def _empty() -> None:
    return None


def _median_per_call(run_batch) -> float:
    """Median over ROUNDS of the per-call time of one batch, in microseconds."""
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        run_batch()
        samples.append((time.perf_counter() - start) / BATCH * 1e6)
    return statistics.median(samples)


def run() -> dict:
    timeline = build_timeline(thirty_minutes())
    clock_now = [0.0]
    workout = Workout(timeline, lambda: clock_now[0])
    workout.start()
    total = timeline.total_ms / 1000
    # A driver that wakes 20 times a second (a display refresh) over the whole workout:
    # most calls have nothing due, some cross a phase boundary or a cue.
    step = 0.05
    events_seen = [0]

    def advance_batch() -> None:
        for _ in range(BATCH):
            clock_now[0] += step
            events_seen[0] += len(workout.advance(clock_now[0]))
            if workout.next_deadline() is None and not workout.is_over:
                workout.done()  # a set at one's own pace
            if workout.is_over:  # start over, so every round measures real play
                restart()

    def restart() -> None:
        nonlocal workout
        workout = Workout(timeline, lambda: clock_now[0])
        workout.start()

    def snapshot_batch() -> None:
        now = clock_now[0]
        snap = workout.snapshot
        for _ in range(BATCH):
            snap(now)

    def late_advance() -> float:
        """One advance() catching up on a whole workout at once, per event."""
        now = [0.0]
        w = Workout(timeline, lambda: now[0])
        w.start()
        start = time.perf_counter()
        count = 0
        while not w.is_over:  # each call catches up to the next set at one's own pace
            now[0] += total
            count += len(w.advance(now[0]))
            if w.next_deadline() is None and not w.is_over:
                count += len(w.done())
        return (time.perf_counter() - start) / max(1, count) * 1e6

    def advance_calls_with_events() -> list[float]:
        """Each advance() call that returned events, timed on its own, in microseconds."""
        now = [0.0]
        w = Workout(timeline, lambda: now[0])
        w.start()
        timings = []
        while not w.is_over:
            now[0] += step
            start = time.perf_counter()
            events = w.advance(now[0])
            took = time.perf_counter() - start
            if events:
                timings.append(took * 1e6)
            if w.next_deadline() is None and not w.is_over:
                w.done()
        return timings

    def empty_batch() -> None:
        for _ in range(BATCH):
            _empty()

    def dataclass_batch() -> None:
        for i in range(BATCH):
            _Small(0.0, "cue", i)

    empty_us = _median_per_call(empty_batch)
    dataclass_us = _median_per_call(dataclass_batch)
    advance_us = _median_per_call(advance_batch)
    clock_now[0] = 600.0
    restart()
    workout.advance(600.0)
    snapshot_us = _median_per_call(snapshot_batch)
    catch_up_us = statistics.median(late_advance() for _ in range(20))
    busy = sorted(t for _ in range(3) for t in advance_calls_with_events())
    busy_median = statistics.median(busy)
    busy_p99 = busy[int(len(busy) * 0.99)]
    return {
        "phases": len(timeline),
        "planned_minutes": round(total / 60, 1),
        "advance_us": round(advance_us, 3),
        "snapshot_us": round(snapshot_us, 3),
        "advance_with_events_us": round(busy_median, 3),
        "advance_with_events_p99_us": round(busy_p99, 3),
        "catch_up_us_per_event": round(catch_up_us, 3),
        "baseline_empty_call_us": round(empty_us, 4),
        "baseline_dataclass_us": round(dataclass_us, 4),
        "advance_vs_empty_call": round(advance_us / empty_us, 1),
        "snapshot_vs_empty_call": round(snapshot_us / empty_us, 1),
        "advance_vs_dataclass": round(advance_us / dataclass_us, 2),
        "snapshot_vs_dataclass": round(snapshot_us / dataclass_us, 2),
        "limit_us": LIMIT_MICROSECONDS,
        "advance_within_limit": max(advance_us, busy_median) <= LIMIT_MICROSECONDS,
        "snapshot_within_limit": snapshot_us <= LIMIT_MICROSECONDS,
        "events_during_advance_rounds": events_seen[0],
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
