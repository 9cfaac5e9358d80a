"""Small routines and sessions for the history tests."""

from __future__ import annotations

from coach.core.history.store import History
from coach.core.routines.routine import Exercise, Progression, Routine, TempoPart

DAY = 86400.0


def routine(reps: int = 10, progression: Progression | None = Progression(to=20, step=2, every=3),
            routine_id: str = "basics", name: str = "Lower back basics") -> Routine:
    return Routine(
        id=routine_id, name=name, get_ready=5, rest_between_sets=10, rest_between_exercises=10,
        exercises=(
            Exercise("Bridges", "Lift your hips.", sets=2, reps=reps,
                     tempo=(TempoPart("up", 2), TempoPart("down", 2)), progression=progression),
            Exercise("Lower back rotational stretches", sets=1, hold=20, sides="each"),
        ),
    )


def play(history: History, started: float, r: Routine | None = None, *, outcome: str | None = "completed",
         pain: tuple[int | None, int | None] = (None, None), sets: int | None = None) -> int:
    """A whole session written the way a workout writes it; ``sets`` limits how many sets end."""
    r = r or routine()
    sid = history.begin_session(r, started, 300.0, pain[0])
    t = started
    n = 0
    for index, ex in enumerate(r.exercises):
        for set_number in range(1, ex.sets + 1):
            for side in ex.side_names:
                if sets is not None and n >= sets:
                    break
                history.record_set(sid, index, ex.name, set_number, side, ex.reps, ex.hold, "completed",
                                   t, t + 30, active_seconds=t + 30 - started)
                t += 40
                n += 1
    if outcome is not None:
        history.finish_session(sid, outcome, t, t - started)
        history.set_checkin_after(sid, pain[1])
    return sid
