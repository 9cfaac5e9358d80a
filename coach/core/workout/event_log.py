"""A log of a workout's events, one JSON object per line, for checking timing after the fact.

Each line has ``event`` (the kind), ``due`` (when the engine planned it) and ``at`` (when the
driver handled it), both on the workout's monotonic clock, plus the event's own fields.
"""

from __future__ import annotations

import dataclasses
import errno
import json
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from coach.core.workout.engine import Event
from coach.core.workout.timeline import Phase
from coach.core.files.user_files import open_for_writing_lines


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


#: Why a log cannot be opened or written, by the error the system gave, in the user's words.
_WHY = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "your disk quota is used up",
        errno.EFBIG: "the file is too large", errno.ENXIO: "no program is reading from that pipe",
        errno.EPIPE: "the program reading from that pipe has gone", errno.EAGAIN: "the program "
        "reading from that pipe is not keeping up", errno.EROFS: "the disk is read-only",
        errno.EACCES: "permission denied", errno.EISDIR: "it is a folder"}


def why(error: OSError) -> str:
    return _WHY.get(error.errno or 0) or (error.strerror or str(error)).lower()


class EventLog:
    """Appends events to a file as JSON lines, flushed as they come (so a crash keeps them).

    A log that cannot be written never stops a workout: the first failure is kept in
    :attr:`failure` (and given to :attr:`on_failure`, once), and nothing more is written.
    """

    def __init__(self, stream: IO[str], *, owns_stream: bool = False, name: str = "") -> None:
        self._stream = stream
        self._owns_stream = owns_stream
        self.name = name or getattr(stream, "name", "") or "the event log"
        #: Why the log stopped, in the user's words (None while it is written).
        self.failure: str | None = None
        #: Called once with :attr:`failure` when writing first fails.
        self.on_failure: Callable[[str], None] | None = None

    @classmethod
    def open(cls, path: str | Path) -> EventLog:
        """Raises OSError when ``path`` cannot be opened for writing (see :func:`why`); never waits
        for a pipe's reader (see :func:`coach.core.files.user_files.open_for_writing_lines`)."""
        return cls(open_for_writing_lines(path), owns_stream=True, name=str(path))

    def write(self, events: list[Event] | tuple[Event, ...], at: float) -> None:
        if self.failure is not None or not events:
            return
        try:
            for event in events:
                self._stream.write(json.dumps(event_fields(event, at), ensure_ascii=False) + "\n")
            self._stream.flush()
        except (OSError, ValueError) as error:  # ValueError: the stream was closed under us
            reason = why(error) if isinstance(error, OSError) else "it was closed"
            self.failure = (f"The event log {self.name} cannot be written ({reason}): the workout "
                            "goes on without it.")
            if self.on_failure is not None:
                self.on_failure(self.failure)

    def write_line(self, kind: str, due: float, at: float, **fields: Any) -> None:
        """Writes one line that is no engine event, such as when the screen showed a new number."""
        if self.failure is not None:
            return
        try:
            self._stream.write(json.dumps({"event": kind, "due": due, "at": at, **fields},
                                          ensure_ascii=False) + "\n")
            self._stream.flush()
        except (OSError, ValueError) as error:
            reason = why(error) if isinstance(error, OSError) else "it was closed"
            self.failure = (f"The event log {self.name} cannot be written ({reason}): the workout "
                            "goes on without it.")
            if self.on_failure is not None:
                self.on_failure(self.failure)

    def close(self) -> None:
        if self._owns_stream:
            try:
                self._stream.close()  # flushes: may fail as a write does
            except (OSError, ValueError):
                pass

    def __enter__(self) -> EventLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_event_log(path: str | Path) -> list[dict[str, Any]]:
    """The lines of an event log, as dicts (for tests and for checking a run)."""
    with open(path, encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]
