"""What the user sees of a snapshot, in words: one rule for every front-end (coach.core.workout.presentation)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.core.workout.cue_table import COUNTDOWN
from coach.core.workout.engine import Cue, Workout
from coach.core.workout.plural import plural
from coach.core.workout.presentation import (
    FAMILIES,
    PARTS,
    Display,
    countdown_text,
    elapsed_text,
    exercise_in_mind,
    remaining_text,
    seconds_done,
    seconds_to_go,
)
from coach.core.routines.routine import TEMPO_PART_NAMES, Exercise, Routine, TempoPart
from coach.core.workout.cue_table import WORK_KINDS
from coach.core.workout.kinds import WorkoutState
from coach.core.workout.timeline import GET_READY, PHASE_KINDS, REP, REST, SELF_PACED, SWITCH_SIDES, build_timeline
from coach.terminal.player import big_text, status_lines
from test_engine_properties import routines

BRIDGES = Exercise("Bridges", sets=2, reps=4,
                   tempo=(TempoPart("up", 2), TempoPart("hold", 1), TempoPart("down", 2), TempoPart("pause", 1)))
STRETCH = Exercise("Knee-to-chest stretches", hold=20, sides="each")
TILTS = Exercise("Pelvic tilts", reps=1)


def workout_of(clock, *exercises: Exercise, **settings: float) -> Workout:
    values = {"get_ready": 3.0, "rest_between_sets": 10.0, "rest_between_exercises": 30.0, "switch_sides": 5.0}
    values.update(settings)
    return Workout(build_timeline(Routine(id="t", name="T", exercises=exercises, **values)), clock)


def shown_at(workout: Workout, clock, seconds_in: float) -> Display:
    clock.now = workout.record.started_at + seconds_in
    workout.advance(clock())
    return Display.of(workout.snapshot(clock()))


# ------------------------------------------------------------------ the numbers


def test_the_countdown_shows_the_whole_seconds_still_to_go_rounded_up() -> None:
    assert [seconds_to_go(r) for r in (3.0, 2.9999, 2.0004, 2.0, 1.9999, 0.2, 0.0, -0.1)] == [3, 3, 3, 2, 2, 1, 0, 0]
    assert seconds_to_go(2.0000000003) == 2  # float crumbs of the clock's arithmetic are not a second
    assert [countdown_text(s) for s in (0, 7, 59, 60, 65, 600, 3725)] == [
        "0", "7", "59", "1:00", "1:05", "10:00", "1:02:05"]


def test_times_gone_by_round_down_and_times_to_go_round_up() -> None:
    assert [seconds_done(e) for e in (0, 0.9999, 1.0, 11.9999999999, 12.5)] == [0, 0, 1, 12, 12]
    assert (elapsed_text(29.5), remaining_text(29.5)) == ("0:29", "0:30")
    assert (elapsed_text(3725.2), remaining_text(0.0)) == ("1:02:05", "0:00")


@given(st.floats(min_value=0, max_value=7200, allow_nan=False))
def test_the_number_shown_is_never_less_than_the_time_left_nor_a_second_more(remaining: float) -> None:
    shown = seconds_to_go(remaining)
    assert shown - 1 < remaining + 1e-6 and remaining <= shown + 1e-6


def test_the_countdown_at_2_0004_seconds_left_is_3_in_the_window_and_the_terminal(clock) -> None:
    w = workout_of(clock, BRIDGES)
    w.start()
    d = shown_at(w, clock, 3 - 2.0004)  # the get-ready's 3 s, 2.0004 s left
    assert (d.part, d.countdown) == ("GET READY", "3")
    lines = status_lines(w.snapshot(clock()), "T", "", False)
    assert "\n".join("    " + row for row in big_text("3")) in "\n".join(lines)
    d = shown_at(w, clock, 3 - 2.0)
    assert d.countdown == "2"


def test_the_number_changes_when_the_voice_counts(clock) -> None:
    """At each spoken "3", "2", "1" the number shown is that number, and just before it one more."""
    w = workout_of(clock, STRETCH, get_ready=10)
    w.start()
    seen = []
    while not w.is_over:
        deadline = w.next_deadline()
        before = deadline - 0.0004
        w.advance(before)
        shown_before = Display.of(w.snapshot(before)).countdown
        for event in w.advance(deadline):
            if isinstance(event, Cue) and event.cue == COUNTDOWN:
                seen.append((event.count, shown_before, Display.of(w.snapshot(deadline)).countdown))
    assert len(seen) == 12  # get ready, the left hold, the switch, the right hold
    assert all((before, at) == (str(count + 1), str(count)) for count, before, at in seen)


@given(routine=routines(), moments=st.lists(st.integers(0, 600_000), min_size=1, max_size=8))
def test_the_terminal_shows_the_words_of_the_display(routine, moments) -> None:
    """Whatever the routine and the moment, the terminal lays out the same words as the window."""
    now = [1000.0]
    w = Workout(build_timeline(routine), lambda: now[0])
    w.start()
    for ms in sorted(moments):
        now[0] = 1000.0 + ms / 1000
        w.advance(now[0])
        if w.is_over:
            break
        snap = w.snapshot(now[0])
        d = Display.of(snap)
        text = "\n".join(status_lines(snap, routine.name, "", False))
        assert "\n".join("    " + row for row in big_text(d.countdown)) in text
        for words in (d.part, d.rep, d.set, d.side, d.next_up, d.exercise.upper(), d.remaining):
            assert words in text
        if snap.waiting_for_done:
            w.done()


# ------------------------------------------------------------------ the words


def test_each_part_has_its_own_word_and_colour_family() -> None:
    assert set(TEMPO_PART_NAMES) <= set(PARTS) and set(PHASE_KINDS) <= set(PARTS)
    tempo = [PARTS[name] for name in TEMPO_PART_NAMES]
    assert [word for word, _ in tempo] == ["UP", "HOLD", "DOWN", "PAUSE"]
    assert len({family for _, family in tempo}) == 4  # a pause is not drawn as work
    families = {family for _, family in PARTS.values()}
    assert families <= set(FAMILIES)
    assert len({PARTS[k][1] for k in ("up", "hold", "down", "pause", "get_ready", "rest", "switch_sides")}) == 7


def test_a_rep_with_a_pause_shows_each_part_in_its_words(clock) -> None:
    w = workout_of(clock, BRIDGES)
    w.start()
    seen = [(d.part, d.family, d.rep, d.set) for d in (shown_at(w, clock, 3 + t) for t in (0.5, 2.5, 3.5, 5.5))]
    assert seen == [("UP", "work", "Rep 1 of 4", "Set 1 of 2"), ("HOLD", "hold", "Rep 1 of 4", "Set 1 of 2"),
                    ("DOWN", "down", "Rep 1 of 4", "Set 1 of 2"), ("PAUSE", "pause", "Rep 1 of 4", "Set 1 of 2")]
    w.pause()
    d = Display.of(w.snapshot(clock()))
    assert (d.part, d.family, d.status) == ("PAUSE", "paused", "PAUSED")


def test_next_up_during_reps_is_the_next_rep_and_after_the_last_the_rest(clock) -> None:
    w = workout_of(clock, BRIDGES, STRETCH)
    w.start()
    assert shown_at(w, clock, 1).next_up == "Next: Bridges, set 1 of 2"  # get ready
    for t in (0.5, 2.5, 3.5, 5.5):  # every part of rep 1 of 4
        assert shown_at(w, clock, 3 + t).next_up == "Next: Rep 2 of 4"
    assert shown_at(w, clock, 3 + 6 + 0.5).next_up == "Next: Rep 3 of 4"
    for t in (0.5, 5.5):  # the last rep: what follows the set
        assert shown_at(w, clock, 3 + 18 + t).next_up == "Next: Rest 10 seconds"
    assert shown_at(w, clock, 3 + 24 + 1).next_up == "Next: Bridges, set 2 of 2"  # the rest
    assert shown_at(w, clock, 3 + 24 + 10 + 18 + 1).next_up == "Next: Rest 30 seconds"
    hold = 3 + 24 + 10 + 24 + 30
    assert shown_at(w, clock, hold + 1).next_up == "Next: Switch to the right side"
    assert shown_at(w, clock, hold + 20 + 5 + 1).next_up == "Next: the end. Well done."


def test_the_rest_of_a_display(clock) -> None:
    w = workout_of(clock, BRIDGES, STRETCH, TILTS)
    before = Display.of(w.snapshot(clock()))
    assert (before.status, before.countdown, before.elapsed) == ("Starting…", "3", "0:00")
    w.start()
    d = shown_at(w, clock, 3.5)
    assert (d.exercise, d.exercise_position, d.instructions) == ("Bridges", "Exercise 1 of 3", "")
    assert d.phase_fraction == pytest.approx(0.25) and d.elapsed == "0:03"
    rest = shown_at(w, clock, 3 + 24 + 1)
    assert (rest.part, rest.exercise, rest.exercise_position, rest.set, rest.rep) == ("REST", "", "", "", "")
    switch = shown_at(w, clock, 3 + 24 + 10 + 24 + 30 + 20 + 1)
    assert (switch.part, switch.family, switch.side) == ("SWITCH SIDES", "switch_sides", "Right side")
    tilts = shown_at(w, clock, 3 + 24 + 10 + 24 + 30 + 45 + 30 + 2.5)
    assert (tilts.part, tilts.rep, tilts.countdown, tilts.self_paced) == ("GO", "1 rep at your own pace", "0:02", True)
    w.stop()
    end = Display.of(w.snapshot(clock()))
    assert (end.part, end.family, end.countdown, end.next_up) == ("WORKOUT STOPPED", "finished", "", "")


def test_the_kinds_of_phases_all_have_words(clock) -> None:
    w = workout_of(clock, BRIDGES, STRETCH, TILTS)
    kinds = {p.kind for p in w.timeline.phases}
    assert kinds == set(PHASE_KINDS) and REP in kinds


# ------------------------------------------------------------------ plurals


@pytest.mark.parametrize(("count", "word", "text"), [
    (0, "set", "0 sets"), (1, "set", "1 set"), (2, "set", "2 sets"), (1, "session", "1 session"),
    (1.0, "second", "1 second"), (2.5, "second", "2.5 seconds"), (30.0, "second", "30 seconds"),
    (1, "good session", "1 good session"), (3, "exercise", "3 exercises"),
])
def test_one_rule_for_plurals(count, word, text) -> None:
    assert plural(count, word) == text


# ------------------------------------------------------------------ the exercise in mind


def test_the_exercise_in_mind_is_the_one_done_and_between_exercises_the_next(clock) -> None:
    """At work, the exercise being done; during get ready, rests and the switch of sides, the one
    the next work belongs to (the one the user prepares for), said to be the next one when it is
    not the exercise of the rest."""
    workout = workout_of(clock, BRIDGES, STRETCH, TILTS)
    phases = workout.timeline.phases
    seen = []
    workout.start()
    while not workout.is_over:
        s = workout.snapshot(clock())
        if s.phase is not None and s.state == WorkoutState.RUNNING:
            at_work = [p for p in phases[s.phase.index:] if p.kind in WORK_KINDS]
            index = at_work[0].exercise_index
            coming = s.kind not in WORK_KINDS and index != s.phase.exercise_index
            assert exercise_in_mind(s) == (index, workout.timeline.routine.exercises[index].name, coming), s.phase
            seen.append((s.kind, index, coming))
        if workout.next_deadline() is None:
            workout.done()  # a set at your own pace
        else:
            clock.now = workout.next_deadline()
            workout.advance(clock.now)
    assert exercise_in_mind(workout.snapshot(clock())) is None  # ended
    assert (GET_READY, 0, True) in seen and (REST, 0, False) in seen  # between the sets of bridges
    assert (REST, 1, True) in seen and (SWITCH_SIDES, 1, False) in seen and (REST, 2, True) in seen
    assert (SELF_PACED, 2, False) in seen
