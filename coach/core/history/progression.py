"""When to suggest a few more reps: after enough good sessions of a routine at the same reps."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from coach.core.history.store import Decline, History, PlayedSession
from coach.core.workout.plural import plural
from coach.core.workout.record import OUTCOME_COMPLETED
from coach.core.routines.routine import Routine


@dataclass(frozen=True)
class Suggestion:
    routine_id: str
    exercise_index: int
    exercise_name: str
    reps: int
    new_reps: int
    #: The good sessions at ``reps`` that earned it.
    sessions: int

    @property
    def text(self) -> str:
        return (f"{self.exercise_name}: {plural(self.sessions, 'good session')} at {plural(self.reps, 'rep')}. "
                f"Try {plural(self.new_reps, 'rep')} (+{self.new_reps - self.reps})?")


def counts(session: PlayedSession) -> bool:
    """A session counts when it was completed and the pain after was not higher than before.

    A session without one of the two check-ins counts: nothing says the pain went up.
    """
    if session.outcome != OUTCOME_COMPLETED:
        return False
    if session.pain_before is None or session.pain_after is None:
        return True
    return session.pain_after <= session.pain_before


def suggestions(routine: Routine, played: Iterable[PlayedSession], declines: Iterable[Decline] = ()
                ) -> list[Suggestion]:
    """The "+step reps" suggestions for ``routine``.

    ``played`` are its past sessions, newest first, each with the routine as it was played. Only the
    sessions since the exercise last changed reps, and since the suggestion was last declined, count.
    """
    declined_at: dict[tuple[int, str, int], float] = {}
    for d in declines:
        key = (d.exercise_index, d.exercise_name, d.reps)
        declined_at[key] = max(declined_at.get(key, d.declined_at), d.declined_at)

    # exercise index -> good sessions counted so far; an index leaves the dict when its count stops.
    counting: dict[int, int] = {}
    since: dict[int, float] = {}
    for index, ex in enumerate(routine.exercises):
        p = ex.progression
        if p is None or ex.reps is None or ex.reps >= p.to or p.step <= 0 or p.every <= 0:
            continue
        counting[index] = 0
        since[index] = declined_at.get((index, ex.name, ex.reps), float("-inf"))

    earned: dict[int, int] = {}
    for session in played:
        if not counting:
            break
        for index in list(counting):
            ex = routine.exercises[index]
            then = _same_exercise(session.routine, index, ex.name)
            if session.started_at <= since[index] or then is None or then.reps != ex.reps:
                del counting[index]  # older sessions were at other reps, or before the decline
                continue
            if counts(session):
                counting[index] += 1
                if counting[index] >= ex.progression.every:
                    earned[index] = counting.pop(index)

    result = []
    for index, good in sorted(earned.items()):
        ex = routine.exercises[index]
        result.append(Suggestion(routine.id, index, ex.name, ex.reps,
                                 min(ex.reps + ex.progression.step, ex.progression.to), good))
    return result


def _same_exercise(routine: Routine, index: int, name: str):
    if index < len(routine.exercises) and routine.exercises[index].name == name:
        return routine.exercises[index]
    return None


def suggestions_for(routine: Routine, history: History) -> list[Suggestion]:
    """The suggestions to show at the start of a session of ``routine``; none when the history
    does not answer in time (the workout is not held up for a suggestion)."""
    from coach.core.history.writer import HistoryNotAnswering

    try:
        return suggestions(routine, history.played_sessions(routine.id), history.declines(routine.id))
    except HistoryNotAnswering:
        return []


def accept(routine: Routine, accepted: Iterable[Suggestion]) -> Routine:
    """The routine with the accepted suggestions applied. The caller saves it as the user's copy."""
    exercises = list(routine.exercises)
    for s in accepted:
        ex = exercises[s.exercise_index]
        if s.routine_id != routine.id or ex.name != s.exercise_name or ex.reps != s.reps:
            raise ValueError(f"the suggestion for {s.exercise_name} does not match this routine")
        exercises[s.exercise_index] = dataclasses.replace(ex, reps=s.new_reps)
    return dataclasses.replace(routine, exercises=tuple(exercises))


def decline(history: History, suggestion: Suggestion, at: float) -> None:
    """Remember the no, so the same suggestion waits for ``every`` more good sessions."""
    history.record_decline(suggestion.routine_id, suggestion.exercise_index, suggestion.exercise_name,
                           suggestion.reps, at)
