"""How the window says durations, sets and reps in words ("2 sets × 10 reps", "12 min")."""

from __future__ import annotations

from coach.core.routines.routine import WHOLE_REP, Exercise, Routine

#: What Right/Next and Left/Previous do, for the player's tooltips and the menu's status tips.
NEXT_TIP = "End this part; twice within 2 s ends the set"
PREVIOUS_TIP = "Restart this part; twice within 2 s goes back a set"


def seconds_text(seconds: float) -> str:
    """A short duration for a reader: ``45 s``, ``2.5 s``, ``1 min 30 s``."""
    if seconds < 60:
        return f"{seconds:g} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def about_text(seconds: float) -> str:
    """An estimate for the library: ``about 12 min`` or ``about 45 s``."""
    if seconds < 60:
        return f"about {round(seconds)} s"
    return f"about {max(1, round(seconds / 60))} min"


def tempo_text(exercise: Exercise) -> str:
    parts = exercise.tempo
    if len(parts) == 1 and parts[0].name == WHOLE_REP:
        return f"{seconds_text(parts[0].seconds)} a rep"
    return " · ".join(f"{p.name} {seconds_text(p.seconds)}" for p in parts)


def dose_text(exercise: Exercise) -> str:
    """What to do: ``2 sets × 10 reps (up 2 s · down 2 s)``, ``hold 30 s``, ``10 reps at your own pace``."""
    sets = f"{exercise.sets} sets × " if exercise.sets > 1 else ""
    if exercise.hold is not None:
        text = f"{sets}hold {seconds_text(exercise.hold)}"
    elif exercise.tempo:
        text = f"{sets}{exercise.reps} reps ({tempo_text(exercise)})"
    else:
        text = f"{sets}{exercise.reps} reps at your own pace"
    if exercise.sides == "each":
        text += ", each side"
    return text


def routine_search_text(routine: Routine) -> str:
    """Everything a search in the library looks at, folded to lower case."""
    words = [routine.id, routine.name, routine.description, *routine.tags,
             *(e.name for e in routine.exercises)]
    return " ".join(words).casefold()
