"""What the coach says during a workout: the sentences, and when each cue falls in a phase."""

from __future__ import annotations

from typing import NamedTuple

from coach.core.workout.kinds import CueKind
from coach.core.workout.plural import plural
from coach.core.routines.routine import WHOLE_REP
from coach.core.workout.timeline import GET_READY, HOLD, REP, REST, SELF_PACED, SWITCH_SIDES, Phase, Timeline

# Cue kinds (coach/core/workout/kinds.py), by their short names.
ANNOUNCE, TEMPO, COUNTDOWN, HALFWAY, LAST_REP, COMPLETE = (
    CueKind.ANNOUNCE, CueKind.TEMPO, CueKind.COUNTDOWN, CueKind.HALFWAY, CueKind.LAST_REP, CueKind.COMPLETE)

CUE_KINDS = tuple(CueKind)

WORK_KINDS = (REP, HOLD, SELF_PACED)

#: Get ready, rests and switches count down when longer than this (so "3" never lands on the start).
COUNTDOWN_MIN_PAUSE_MS = 3000
#: Holds count down only when longer than this: a short hold is over before a countdown helps.
COUNTDOWN_MIN_HOLD_MS = 5000
#: Holds of at least this long get a "halfway".
HALFWAY_MIN_HOLD_MS = 20000

WORKOUT_COMPLETE = "Workout complete."
HALFWAY_TEXT = "Halfway."
LAST_REP_TEXT = "Last rep."
SWITCH_SIDES_TEXT = "Switch sides."

TEMPO_WORDS = {"up": "Up", "hold": "Hold", "down": "Down", "pause": "Pause"}


class CueSpec(NamedTuple):
    """A cue before it is placed in time: kind, sentence and, for a countdown, the number."""

    cue: str
    text: str
    count: int | None = None


def seconds_in_words(seconds: float) -> str:
    """``30`` -> "30 seconds", ``90`` -> "1 minute 30 seconds", ``2.5`` -> "2.5 seconds"."""
    seconds = round(seconds, 1)
    minutes, rest = divmod(seconds, 60)
    minutes = int(minutes)
    parts = []
    if minutes:
        parts.append(plural(minutes, "minute"))
    if rest or not minutes:
        parts.append(plural(rest, "second"))
    return " ".join(parts)


def lower_first(name: str) -> str:
    """"Supermans" -> "supermans" inside a sentence; an acronym such as "ITB stretch" stays."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def set_sentence(phase: Phase) -> str:
    """The announcement at the start of a set: "Bridges. Set 1 of 2. 10 reps."."""
    name = phase.exercise_name or ""
    words = [f"{name}, {phase.side} side." if phase.side else f"{name}."]
    if phase.sets and phase.sets > 1:
        words.append(f"Set {phase.set} of {phase.sets}.")
    if phase.kind == HOLD:
        words.append(f"Hold {seconds_in_words(phase.estimate)}.")
    elif phase.reps is not None:
        words.append(f"{plural(phase.reps, 'rep')}.")
    return " ".join(words)


def describe_upcoming(phase: Phase) -> str:
    """A short name for what a phase is, for "Next: ..." ("bridges, set 2 of 2", "rest 30 seconds")."""
    if phase.kind == GET_READY:
        return "get ready"
    if phase.kind == REST:
        return f"rest {seconds_in_words(phase.estimate)}"
    if phase.kind == SWITCH_SIDES:
        return f"switch to the {phase.side} side" if phase.side else "switch sides"
    text = lower_first(phase.exercise_name or "")
    if phase.sets and phase.sets > 1:
        text += f", set {phase.set} of {phase.sets}"
    if phase.side:
        text += f", {phase.side} side"
    return text


def is_set_start(timeline: Timeline, index: int) -> bool:
    """True for the first phase of a set on one side (where a set is announced)."""
    phase = timeline.phases[index]
    if phase.kind not in WORK_KINDS:
        return False
    if index == 0:
        return True
    before = timeline.phases[index - 1]
    return not (before.kind in WORK_KINDS and same_set(before, phase))


def same_set(a: Phase, b: Phase) -> bool:
    return (a.exercise_index, a.set, a.side) == (b.exercise_index, b.set, b.side)


def phase_start_cues(timeline: Timeline, index: int) -> tuple[CueSpec, ...]:
    """The cues said when phase ``index`` starts, in order."""
    phase = timeline.phases[index]
    following = timeline.phases[index + 1] if index + 1 < len(timeline.phases) else None
    cues: list[CueSpec] = []
    if phase.kind == GET_READY:
        text = "Get ready."
        if following is not None:
            text += f" First: {describe_upcoming(following)}."
        cues.append(CueSpec(ANNOUNCE, text))
    elif phase.kind == REST:
        text = f"Rest {seconds_in_words(phase.estimate)}."
        if following is not None:
            text += f" Next: {describe_upcoming(following)}."
        cues.append(CueSpec(ANNOUNCE, text))
    elif phase.kind == SWITCH_SIDES:
        cues.append(CueSpec(ANNOUNCE, SWITCH_SIDES_TEXT))
    elif is_set_start(timeline, index):
        cues.append(CueSpec(ANNOUNCE, set_sentence(phase)))
    if phase.kind == REP:
        first_part = phase.rep is not None and _is_first_part(timeline, index)
        if first_part and phase.reps and phase.reps > 1 and phase.rep == phase.reps:
            cues.append(CueSpec(LAST_REP, LAST_REP_TEXT))
        cues.append(CueSpec(TEMPO, tempo_word(phase), phase.rep if phase.part == WHOLE_REP else None))
    return tuple(cues)


def tempo_word(phase: Phase) -> str:
    """ "Up", "Down", ...; a one-part tempo counts the reps instead ("1", "2", ...)."""
    if phase.part == WHOLE_REP or phase.part is None:
        return str(phase.rep)
    return TEMPO_WORDS.get(phase.part, phase.part.capitalize())


def _is_first_part(timeline: Timeline, index: int) -> bool:
    if index == 0:
        return True
    before = timeline.phases[index - 1]
    return not (before.kind == REP and same_set(before, timeline.phases[index]) and before.rep == timeline.phases[index].rep)


def in_phase_cues(phase: Phase) -> tuple[tuple[int, CueSpec], ...]:
    """Cues that fall inside a phase, as (milliseconds after its start, cue), in time order."""
    duration = phase.duration_ms
    if duration is None:
        return ()
    cues: list[tuple[int, CueSpec]] = []
    if phase.kind == HOLD and duration >= HALFWAY_MIN_HOLD_MS:
        cues.append((duration // 2, CueSpec(HALFWAY, HALFWAY_TEXT)))
    counts_down = (
        (phase.kind in (GET_READY, REST, SWITCH_SIDES) and duration > COUNTDOWN_MIN_PAUSE_MS)
        or (phase.kind == HOLD and duration > COUNTDOWN_MIN_HOLD_MS)
    )
    if counts_down:
        for count in (3, 2, 1):
            cues.append((duration - count * 1000, CueSpec(COUNTDOWN, str(count), count)))
    cues.sort(key=lambda item: item[0])
    return tuple(cues)
