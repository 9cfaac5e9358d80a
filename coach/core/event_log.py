"""A log of a workout's events, one JSON object per line, for checking timing after the fact.

Each line has ``event`` (the kind), ``due`` (when the engine planned it) and ``at`` (when the
driver handled it), both on the workout's monotonic clock, plus the event's own fields.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import IO, Any

from coach.core.engine import Event
from coach.core.timeline import Phase


def phase_fields(phase: Phase) -> dict[str, Any]:
    return {
        "index": phase.index, "kind": phase.kind, "exercise": phase.exercise_name, "set": phase.set,
        "side": phase.side, "rep": phase.rep, "part": phase.part,
        "duration": phase.duration, "start": phase.start,
    }


def event_fields(event: Event, at: float | None = None) -> dict[str, Any]:
    """The JSON-ready fields of ``event`` (``at``: when it was handled)."""
    line: dict[str, Any] = {"event": event.kind, "due": event.due, "at": at}
    for field in dataclasses.fields(event):
        if field.name == "due":
            continue
        value = getattr(event, field.name)
        if isinstance(value, Phase):
            value = phase_fields(value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            value = dataclasses.asdict(value)
        line[field.name] = value
    return line


class EventLog:
    """Appends events to a file as JSON lines, flushed as they come (so a crash keeps them)."""

    def __init__(self, stream: IO[str], *, owns_stream: bool = False) -> None:
        self._stream = stream
        self._owns_stream = owns_stream

    @classmethod
    def open(cls, path: str | Path) -> EventLog:
        return cls(open(path, "w", encoding="utf-8"), owns_stream=True)

    def write(self, events: list[Event] | tuple[Event, ...], at: float) -> None:
        for event in events:
            self._stream.write(json.dumps(event_fields(event, at), ensure_ascii=False) + "\n")
        if events:
            self._stream.flush()

    def close(self) -> None:
        if self._owns_stream:
            self._stream.close()

    def __enter__(self) -> EventLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_event_log(path: str | Path) -> list[dict[str, Any]]:
    """The lines of an event log, as dicts (for tests and for checking a run)."""
    with open(path, encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]
