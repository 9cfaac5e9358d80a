"""The names the engine and its front-ends share: workout states, phase, event and cue kinds, set
statuses, outcomes. Each is an enum, so a misspelt name raises AttributeError where a misspelt
string would compare unequal without a word.

They are ``str`` enums: a member equals its value (``SetStatus.COMPLETED == "completed"``), and the
history, the event log and JSON store the same words as before.
"""

from __future__ import annotations

from enum import Enum


class Name(str, Enum):
    """A str enum whose str() and format() are its value on every Python (as 3.11's StrEnum)."""

    __str__ = str.__str__
    __format__ = str.__format__

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"


class WorkoutState(Name):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


class PauseReason(Name):
    """Why the workout is paused."""

    USER = "user"
    SLEEP = "sleep"


class PhaseEnd(Name):
    """Why a phase ended (PhaseEnded.reason)."""

    COMPLETED = "completed"  # its time ran out, or "done" ended a set at the user's own pace
    SKIPPED = "skipped"  # "next"
    RESTARTED = "restarted"  # "previous"
    STOPPED = "stopped"


class PhaseKind(Name):
    """What a phase of the timeline is, in the user's words."""

    GET_READY = "get_ready"
    REP = "rep"  # one tempo part of one rep
    SELF_PACED = "self_paced"  # a whole set of reps at the user's own pace
    HOLD = "hold"
    SWITCH_SIDES = "switch_sides"
    REST = "rest"


class CueKind(Name):
    """A cue: a driver turns each into a sound, a voice line or a flash."""

    ANNOUNCE = "announce"  # a phase starts: the sentence to say
    TEMPO = "tempo"  # a tempo part of a rep starts ("Up", "Down", or the rep number)
    COUNTDOWN = "countdown"  # 3, 2, 1 before the end of a timed phase
    HALFWAY = "halfway"
    LAST_REP = "last_rep"
    COMPLETE = "complete"


class EventKind(Name):
    """What an engine event is (each event class's ``kind``)."""

    EVENT = "event"
    WORKOUT_STARTED = "workout_started"
    PHASE_STARTED = "phase_started"
    PHASE_ENDED = "phase_ended"
    CUE = "cue"
    SET_FINISHED = "set_finished"
    PAUSED = "paused"
    RESUMED = "resumed"
    WORKOUT_FINISHED = "workout_finished"


class SetStatus(Name):
    """How a set on one side ended, as the history stores it."""

    COMPLETED = "completed"
    SKIPPED = "skipped"
    #: Cut short by stopping the workout or by an interruption (a closed window, Ctrl+C, a
    #: signal): not done and not skipped on purpose, so resuming starts at it again.
    INTERRUPTED = "interrupted"


class Outcome(Name):
    """How a workout ended, as the history stores it."""

    COMPLETED = "completed"
    STOPPED = "stopped"
    INTERRUPTED = "interrupted"
