"""What comes after what around a workout, without Qt: the "more reps?" suggestions, the check-in
before, the workout (from its start or resumed), the stop question, the check-in after.

The window's ``WorkoutSession`` (coach/gui/workout_session.py) asks ``SessionFlow`` what to do
next at each answer and shows it: a question is a non-blocking dialog there, and its answer comes
back here. Each method returns the next ``Step`` (None: refused, nothing changed); ``flow.step`` is the one
being taken now.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.core.workout.checkin import CheckinAnswer
from coach.core.workout.kinds import WorkoutState

#: Said when the user chose to rest instead of starting.
REST_WELL = "Rest well. Nothing was recorded for today."


@dataclass(frozen=True)
class Idle:
    """Nothing asked, no workout: the window is the user's."""


@dataclass(frozen=True)
class AskSuggestion:
    """Ask whether to do more reps of one exercise from now on (``suggestion``, a progression
    Suggestion); ``routine`` is the routine as the earlier answers made it."""

    routine: object
    suggestion: object


@dataclass(frozen=True)
class AskCheckinBefore:
    """Ask how the back is before ``routine``."""

    routine: object


@dataclass(frozen=True)
class AskResume:
    """Offer to go on with the interrupted session of ``point`` (a history ResumePoint)."""

    point: object


@dataclass(frozen=True)
class Play:
    """Play ``routine`` (with ``resume``, from where that interrupted session stopped)."""

    routine: object
    pain_before: int | None = None
    resume: object | None = None


@dataclass(frozen=True)
class Rest:
    """No workout today: say ``message``; nothing is recorded."""

    message: str = REST_WELL


@dataclass(frozen=True)
class AskCheckinAfter:
    """Ask how the back is after the workout of ``record`` (kept in the history)."""

    record: object


Step = Idle | AskSuggestion | AskCheckinBefore | AskResume | Play | Rest | AskCheckinAfter
#: The steps that are a question waiting for its answer.
QUESTIONS = (AskSuggestion, AskCheckinBefore, AskResume, AskCheckinAfter)


@dataclass
class SessionFlow:
    """The chain around a workout, one step at a time.

    ``request`` (the user asked for a routine) goes through the suggestions, one by one, then the
    check-in before (when check-ins are on), then ``Play``; ``offer_resume`` asks about an
    interrupted session and plays it on yes; ``ended`` asks the check-in after (when the workout was
    recorded and check-ins are on); then the flow is ``Idle`` again. A request while a question is
    open or a workout plays is refused (None): one thing at a time.
    """

    step: Step = field(default_factory=Idle)
    _pending: list = field(default_factory=list)
    _checkins: bool = False

    @property
    def asking(self) -> bool:
        """A question is open (waiting for its answer)."""
        return isinstance(self.step, QUESTIONS)

    @property
    def playing(self) -> bool:
        return isinstance(self.step, Play)

    @property
    def busy(self) -> bool:
        """A question is open or a workout plays: no other request now."""
        return self.asking or self.playing

    def _go(self, step: Step) -> Step:
        self.step = Idle() if isinstance(step, Rest) else step
        return step

    def request(self, routine, suggestions=(), *, checkins: bool) -> Step | None:
        """The user asked to start ``routine``; ``suggestions`` are the "more reps?" offers for it."""
        if self.busy:
            return None
        self._pending = list(suggestions)
        self._checkins = checkins
        return self._go(self._after_suggestions(routine))

    def suggestion_answered(self, routine) -> Step | None:
        """The suggestion asked was answered; ``routine`` is the routine to go on with (with the
        new reps when accepted)."""
        if not self._at(AskSuggestion):
            return None
        return self._go(self._after_suggestions(routine))

    def _after_suggestions(self, routine) -> Step:
        if self._pending:
            return AskSuggestion(routine, self._pending.pop(0))
        if self._checkins:
            return AskCheckinBefore(routine)
        return Play(routine)

    def checkin_before_answered(self, answer: CheckinAnswer) -> Step | None:
        step = self.step
        if not self._at(AskCheckinBefore):
            return None
        return self._go(Play(step.routine, pain_before=answer.pain) if answer.start else Rest())

    def play(self, routine, *, pain_before: int | None = None, resume=None) -> Play | None:
        """Play ``routine`` now, without the questions before it (None while a workout plays)."""
        if self.playing:
            return None
        self._pending = []
        return self._go(Play(routine, pain_before=pain_before, resume=resume))

    def offer_resume(self, point) -> Step | None:
        """At start-up, with an interrupted session to offer (``point``)."""
        if self.busy:
            return None
        return self._go(AskResume(point))

    def resume_answered(self, resume: bool) -> Step | None:
        if not self._at(AskResume):
            return None
        point = self.step.point
        return self._go(Play(point.routine, resume=point) if resume else Idle())

    def ended(self, record, *, recorded: bool, checkins: bool) -> Step | None:
        """The workout ended (finished, stopped); ``recorded``: it is kept in a history."""
        if not self._at(Play):
            return None
        return self._go(AskCheckinAfter(record) if recorded and checkins else Idle())

    def checkin_after_answered(self) -> Step | None:
        if not self._at(AskCheckinAfter):
            return None
        return self._go(Idle())

    def reset(self) -> None:
        """The window closes: whatever was going on is over."""
        self._pending = []
        self.step = Idle()

    def _at(self, kind: type) -> bool:
        """The flow is at a step of ``kind``: an answer to a question that is no longer the open
        one (the flow moved on meanwhile) changes nothing."""
        return isinstance(self.step, kind)


@dataclass
class StopQuestion:
    """"Stop the workout?": the workout pauses while the user thinks, as if they had pressed
    Space; "Keep going" resumes it, unless it was paused already when the question came.

    Each method returns the engine command to run (or None)."""

    open: bool = False
    paused_to_ask: bool = False

    def ask(self, state: WorkoutState) -> str | None:
        """The question opens with the workout in ``state``."""
        self.open = True
        self.paused_to_ask = state == WorkoutState.RUNNING
        return "pause" if self.paused_to_ask else None

    def answered(self, stop: bool, state: WorkoutState | None) -> str | None:
        """The user answered (``stop``: "Stop workout"); ``state`` is the workout's now (None: it
        ended meanwhile)."""
        self.open = False
        if state is None:
            return None
        if stop:
            return "stop"
        return "resume" if self.paused_to_ask and state == WorkoutState.PAUSED else None
