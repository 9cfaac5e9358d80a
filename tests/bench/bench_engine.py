"""Workout engine speed: advance() and snapshot() each at most 50 microseconds per call, on p99.

Every call is timed on its own (perf_counter_ns; the timer's own cost, a few tens of nanoseconds,
is in the baselines too), so the figures are the distribution of single calls: median, p99 and
max, in microseconds. The limit is judged on p99: a workout wakes up about 20 times a second, and
one slow call in a hundred is one late tone every five seconds. Baselines timed the same way in
the same run: an empty Python function call, and building a small frozen dataclass.
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
#: advance() and snapshot() calls timed (about nine plays of the 30-minute workout).
CALLS = 300_000


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


def _per_call(call, calls: int) -> list[float]:
    """``calls`` calls of ``call()``, each timed on its own, in microseconds."""
    timings = []
    clock = time.perf_counter_ns
    for _ in range(calls):
        start = clock()
        call()
        timings.append((clock() - start) / 1000)
    return timings


def _p99(values: list[float]) -> float:
    """The nearest-rank 99th percentile."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 99 // 100) - 1)]


def _figures(timings: list[float]) -> dict:
    return {"median": round(statistics.median(timings), 3), "p99": round(_p99(timings), 3),
            "max": round(max(timings), 3)}


def run() -> dict:
    timeline = build_timeline(thirty_minutes())
    total = timeline.total_ms / 1000
    # A driver that wakes 20 times a second (a display refresh) over the whole workout, played
    # through several times: most calls have nothing due, some cross a phase boundary or a cue.
    step = 0.05
    now = [0.0]
    workout = Workout(timeline, lambda: now[0])
    workout.start()
    advance_all: list[float] = []
    advance_with_events: list[float] = []
    snapshots: list[float] = []
    events_seen = 0
    clock = time.perf_counter_ns
    while len(advance_all) < CALLS:
        now[0] += step
        start = clock()
        events = workout.advance(now[0])
        took = (clock() - start) / 1000
        advance_all.append(took)
        if events:
            advance_with_events.append(took)
            events_seen += len(events)
        start = clock()
        workout.snapshot(now[0])
        snapshots.append((clock() - start) / 1000)
        if workout.next_deadline() is None and not workout.is_over:
            workout.done()  # a set at one's own pace
        if workout.is_over:  # start over, so every call measures real play
            workout = Workout(timeline, lambda: now[0])
            workout.start()

    def late_advance() -> float:
        """One advance() catching up on a whole workout at once, per event."""
        late = [0.0]
        w = Workout(timeline, lambda: late[0])
        w.start()
        start = time.perf_counter()
        count = 0
        while not w.is_over:  # each call catches up to the next set at one's own pace
            late[0] += total
            count += len(w.advance(late[0]))
            if w.next_deadline() is None and not w.is_over:
                count += len(w.done())
        return (time.perf_counter() - start) / max(1, count) * 1e6

    empty = _per_call(_empty, CALLS)
    small = _per_call(lambda: _Small(0.0, "cue", 1), CALLS)
    catch_up_us = statistics.median(late_advance() for _ in range(20))
    figures = {"advance": _figures(advance_all), "advance_with_events": _figures(advance_with_events),
               "snapshot": _figures(snapshots)}
    judged = ("advance", "advance_with_events", "snapshot")
    return {
        "phases": len(timeline),
        "planned_minutes": round(total / 60, 1),
        "calls_timed": len(advance_all),
        "calls_with_events": len(advance_with_events),
        "events": events_seen,
        "limit_us": LIMIT_MICROSECONDS,
        "judged_on": "p99 of single calls",
        "within_limit": {name: figures[name]["p99"] <= LIMIT_MICROSECONDS for name in judged},
        "us": figures,
        "baseline_us": {"empty_call": _figures(empty), "small_dataclass": _figures(small)},
        "p99_vs_dataclass": {name: round(figures[name]["p99"] / _p99(small), 2) for name in judged},
        "max_vs_dataclass": {name: round(figures[name]["max"] / max(small), 2) for name in judged},
        "catch_up_us_per_event": round(catch_up_us, 3),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
