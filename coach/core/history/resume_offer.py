"""Offering to go on with an interrupted session: the question, in words, and its answers."""

from __future__ import annotations

from coach.core.history.store import ResumePoint
from coach.core.workout.plural import plural

#: What the user chose.
RESUME = "resume"
START_OVER = "start over"
QUIT = "quit"


def ago_text(seconds: float) -> str:
    """"less than a minute ago", "25 minutes ago", "2 hours 5 minutes ago"."""
    minutes = max(0, int(seconds // 60))
    if minutes == 0:
        return "less than a minute ago"
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(plural(hours, "hour"))
    if minutes:
        parts.append(plural(minutes, "minute"))
    return " ".join(parts) + " ago"


def set_text(point: ResumePoint) -> str:
    """Where the session stopped: "Pelvic tilts, set 2 of 3", "Cat stretches, left side"."""
    exercise = point.routine.exercises[point.exercise_index]
    parts = [exercise.name]
    if exercise.sets > 1:
        parts.append(f"set {point.set} of {exercise.sets}")
    if point.side:
        parts.append(f"{point.side} side")
    return ", ".join(parts)


def resume_question(point: ResumePoint, now: float) -> str:
    """The question, e.g. "You stopped Lower back basics 25 minutes ago at Pelvic tilts, set 2 of 3.
    Go on from there? [Y/n, q to quit] " (``now`` in UTC seconds, as the history's times)."""
    session = point.session
    stopped = session.ended_at if session.ended_at is not None else session.started_at
    return (f"You stopped {point.routine.name} {ago_text(now - stopped)} at {set_text(point)}. "
            "Go on from there? [Y/n, q to quit] ")
