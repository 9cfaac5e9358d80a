"""What comes after what around a workout (coach/core/workout/session_flow.py), without Qt."""

from __future__ import annotations

from pathlib import Path

import pytest
from history_helpers import routine

from coach.core.history.recorder import CANNOT_RESUME, waiting_text, workout_to_play
from coach.core.history.store import History
from coach.core.workout.checkin import CheckinAnswer
from coach.core.workout.kinds import WorkoutState
from coach.core.workout.session_flow import (
    AskCheckinAfter, AskCheckinBefore, AskResume, AskSuggestion, Idle, Play, Rest, SessionFlow, StopQuestion,
)

ROUTINE = "a routine"
MORE = "a routine with more reps"


def test_without_suggestions_or_check_ins_the_request_plays_at_once() -> None:
    flow = SessionFlow()
    assert flow.request(ROUTINE, checkins=False) == Play(ROUTINE)
    assert flow.playing and flow.busy and not flow.asking


def test_suggestions_one_by_one_then_the_check_in_then_the_workout_with_its_pain() -> None:
    flow = SessionFlow()
    assert flow.request(ROUTINE, ["more bridges", "more tilts"], checkins=True) == AskSuggestion(ROUTINE, "more bridges")
    assert flow.asking
    # The first was accepted: the rest go on with the changed routine.
    assert flow.suggestion_answered(MORE) == AskSuggestion(MORE, "more tilts")
    assert flow.suggestion_answered(MORE) == AskCheckinBefore(MORE)
    assert flow.checkin_before_answered(CheckinAnswer(pain=3)) == Play(MORE, pain_before=3)
    assert flow.step == Play(MORE, pain_before=3)


def test_resting_instead_says_so_and_nothing_plays() -> None:
    flow = SessionFlow()
    flow.request(ROUTINE, checkins=True)
    step = flow.checkin_before_answered(CheckinAnswer(pain=8, start=False))
    assert isinstance(step, Rest) and "Nothing was recorded" in step.message
    assert flow.step == Idle() and not flow.busy


def test_one_thing_at_a_time_a_request_while_asked_or_playing_is_refused() -> None:
    flow = SessionFlow()
    flow.request(ROUTINE, checkins=True)
    assert flow.request(MORE, checkins=False) is None and flow.offer_resume("point") is None
    flow.checkin_before_answered(CheckinAnswer(pain=None))
    assert flow.request(MORE, checkins=False) is None and flow.play(MORE) is None
    assert flow.step == Play(ROUTINE)


def test_after_a_recorded_workout_the_check_in_after_then_idle() -> None:
    flow = SessionFlow()
    flow.play(ROUTINE)
    assert flow.ended("record", recorded=True, checkins=True) == AskCheckinAfter("record")
    assert flow.checkin_after_answered() == Idle() and not flow.busy


@pytest.mark.parametrize(("recorded", "checkins"), [(False, True), (True, False), (False, False)])
def test_no_check_in_after_a_workout_not_recorded_or_with_check_ins_off(recorded, checkins) -> None:
    flow = SessionFlow()
    flow.play(ROUTINE)
    assert flow.ended("record", recorded=recorded, checkins=checkins) == Idle()


class Point:
    routine = ROUTINE


def test_the_resume_offer_plays_from_the_interruption_or_nothing() -> None:
    point = Point()
    flow = SessionFlow()
    assert flow.offer_resume(point) == AskResume(point)
    assert flow.resume_answered(True) == Play(ROUTINE, resume=point)
    flow = SessionFlow()
    flow.offer_resume(point)
    assert flow.resume_answered(False) == Idle()


def test_an_answer_to_a_question_no_longer_open_changes_nothing() -> None:
    flow = SessionFlow()
    assert flow.checkin_before_answered(CheckinAnswer(pain=1)) is None and flow.step == Idle()
    flow.request(ROUTINE, checkins=True)
    flow.play(MORE)  # started another way meanwhile (the check-in was still open)
    assert flow.checkin_before_answered(CheckinAnswer(pain=1)) is None
    assert flow.resume_answered(True) is None and flow.checkin_after_answered() is None
    assert flow.step == Play(MORE)


# ----- the stop question

def test_the_question_pauses_a_running_workout_and_keep_going_resumes_it() -> None:
    question = StopQuestion()
    assert question.ask(WorkoutState.RUNNING) == "pause" and question.open
    assert question.answered(False, WorkoutState.PAUSED) == "resume" and not question.open


def test_keep_going_leaves_a_workout_the_user_paused_paused() -> None:
    question = StopQuestion()
    assert question.ask(WorkoutState.PAUSED) is None
    assert question.answered(False, WorkoutState.PAUSED) is None


def test_stop_stops_and_a_workout_ended_meanwhile_needs_nothing() -> None:
    question = StopQuestion()
    question.ask(WorkoutState.RUNNING)
    assert question.answered(True, WorkoutState.PAUSED) == "stop"
    question.ask(WorkoutState.RUNNING)
    assert question.answered(True, None) is None


# ----- the workout to play, recorded (the window and the terminal start theirs here)

WALL0 = 1_750_000_000.0


@pytest.fixture
def history(data_dir: Path):
    with History.open(data_dir, now=WALL0) as h:
        yield h


def test_a_workout_with_a_history_is_recorded_with_the_pain_before(history, clock) -> None:
    played = workout_to_play(routine(), clock, history, pain_before=4, wall_clock=lambda: WALL0 + clock())
    played.recorder.handle(played.workout.start())
    [session] = history.sessions()
    assert session.pain_before == 4 and played.notice == ""


def test_without_a_history_nothing_records_it(clock) -> None:
    played = workout_to_play(routine(), clock, None)
    assert played.recorder is None and played.workout.timeline.routine == routine()


def test_a_session_resumed_meanwhile_elsewhere_starts_over_and_says_so(history, clock, data_dir) -> None:
    played = workout_to_play(routine(), clock, history, wall_clock=lambda: WALL0 + clock())
    played.recorder.handle(played.workout.start())
    while len(played.workout.record.sets) < 1:
        played.recorder.handle(played.workout.advance(clock.tick(0.5)))
    history.close()
    with History.open(data_dir, now=WALL0 + clock()) as again:
        point = again.interrupted_session_to_resume(WALL0 + clock())
        resumed = workout_to_play(routine(), clock, again, resume=point, wall_clock=lambda: WALL0 + clock())
        assert resumed.recorder.session_id == point.session.id and resumed.notice == ""
        # The same point again: that session is taken now.
        again_played = workout_to_play(routine(), clock, again, resume=point, wall_clock=lambda: WALL0 + clock())
        assert again_played.notice == CANNOT_RESUME and again_played.recorder.session_id is None


class Writer:
    def __init__(self, sets: int, problem: str | None) -> None:
        self.pending_sets, self.problem = sets, problem


def test_what_waits_for_the_history_is_said_with_its_number_of_sets() -> None:
    assert waiting_text(Writer(1, "the disk is full")) == "1 set not in your history yet: the disk is full"
    assert waiting_text(Writer(3, None)).startswith("3 sets not in your history yet: the history cannot")
    assert waiting_text(Writer(0, "another program has it")) == "another program has it"
