"""The event log: one JSON object per handled event, with due and at on the same clock."""

from __future__ import annotations

import io
import json

from coach.core.workout.engine import Workout
from coach.core.workout.event_log import EventLog, event_fields, read_event_log
from coach.core.routines.routine import Exercise, Routine
from coach.core.workout.timeline import build_timeline


def test_every_handled_event_is_one_json_line(tmp_path, clock) -> None:
    routine = Routine(id="r", name="R", exercises=(Exercise("Plank", hold=6),), get_ready=4)
    workout = Workout(build_timeline(routine), clock)
    path = tmp_path / "events.jsonl"
    handled = []
    with EventLog.open(path) as log:
        events = workout.start()
        log.write(events, clock())
        handled += events
        while not workout.is_over:
            clock.tick(0.3)
            events = workout.advance(clock())
            log.write(events, clock())
            handled += events
    lines = read_event_log(path)
    assert len(lines) == len(handled)
    assert [line["event"] for line in lines] == [e.kind for e in handled]
    assert [line["due"] for line in lines] == [e.due for e in handled]
    for line in lines:
        assert line["due"] <= line["at"] < line["due"] + 0.3
    started = [line for line in lines if line["event"] == "phase_started"]
    assert [s["phase"]["kind"] for s in started] == ["get_ready", "hold"]
    finished = [line for line in lines if line["event"] == "set_finished"]
    assert finished[0]["record"]["hold_seconds"] == 6.0
    assert finished[0]["record"]["status"] == "completed"
    assert lines[-1]["event"] == "workout_finished" and lines[-1]["outcome"] == "completed"
    cue_lines = [line for line in lines if line["event"] == "cue"]
    assert [c["text"] for c in cue_lines][:2] == ["Get ready. First: plank.", "3"]


def test_a_stream_is_flushed_after_each_batch(clock) -> None:
    stream = io.StringIO()
    workout = Workout(build_timeline(Routine(id="r", name="R", exercises=(Exercise("Plank", hold=6),))), clock)
    log = EventLog(stream)
    log.write(workout.start(), clock())
    first = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [line["event"] for line in first] == ["workout_started", "phase_started", "cue"]
    log.close()
    assert not stream.closed  # a stream it was given is not its to close


def test_event_fields_keep_non_ascii_text(clock) -> None:
    routine = Routine(id="r", name="R", exercises=(Exercise("Étirement", hold=6),), get_ready=0)
    workout = Workout(build_timeline(routine), clock)
    fields = [event_fields(e, 1.0) for e in workout.start()]
    assert fields[2]["text"] == "Étirement. Hold 6 seconds."
    assert fields[1]["phase"]["exercise"] == "Étirement"
