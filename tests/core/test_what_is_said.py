"""What the voice says and when (coach/core/workout/what_is_said.py): no sentence covers a tone."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from routine_strategies import routines

from coach.core.routines.routine import Exercise, Routine, TempoPart
from coach.core.workout.timeline import build_timeline
from coach.core.workout.what_is_said import (
    BEFORE_TONE_MS, ENGINE_START_MS, covered_tones, plan_speech, said_as_the_cue_table_says, speaking_seconds,
    speed_of_rate, tones_of, wordings,
)


def side_plank_routine(rest: float = 4) -> Routine:
    """The issue's routine: bridges, a rest of ``rest`` seconds, a 6 s side plank on each side."""
    return Routine(
        id="issue", name="Issue 17", get_ready=10, rest_between_sets=rest, rest_between_exercises=rest,
        switch_sides=5,
        exercises=(
            Exercise(name="Bridges", sets=1, reps=3, tempo=(TempoPart("up", 2), TempoPart("hold", 2),
                                                             TempoPart("down", 2))),
            Exercise(name="Side plank", sets=1, hold=6, sides="each"),
        ),
    )


def said(plan) -> dict[int | None, str]:
    """phase index -> what is said at its start (only the announcements), "" for nothing."""
    return {s.phase_index: s.text for s in plan.sentences if s.cue == "announce"}


# ----- how long a sentence takes


@pytest.mark.parametrize(("text", "measured"), [
    # espeak-ng at speech-dispatcher's normal rate (170 words a minute), the voiced part of its sound
    ("Rest 4 seconds. Next: side plank, left side.", 3.75),  # the issue measured 3.7 s
    ("Bridges. 10 reps.", 1.38),
    ("Switch sides.", 0.85),
    ("Bridges.", 0.43),
    ("Workout complete.", 1.03),
    ("Last rep.", 0.59),
])
def test_a_sentence_is_never_thought_shorter_than_it_is_said(text, measured) -> None:
    assert measured <= speaking_seconds(text) <= measured * 1.25 + 0.4


def test_numbers_take_the_time_of_their_words_and_nothing_takes_nothing() -> None:
    assert speaking_seconds("Hold 70 seconds.") > speaking_seconds("Hold 7 seconds.")
    assert speaking_seconds("") == speaking_seconds("  ") == 0
    assert speaking_seconds("Rest.", speed=2) == pytest.approx(speaking_seconds("Rest.") / 2)


def test_a_faster_voice_setting_is_counted_a_little_slower_than_it_is() -> None:
    assert speed_of_rate(0) == 1
    assert speed_of_rate(-1) == pytest.approx(80 / 170)  # speech-dispatcher's espeak-ng minimum
    assert 1 < speed_of_rate(1) < 449 / 170
    assert speed_of_rate(0.05) >= 1


# ----- the routine, case by case


def test_the_rest_of_4_seconds_is_left_to_its_tone_and_ticks() -> None:
    plan = plan_speech(build_timeline(side_plank_routine(rest=4)))
    timeline = build_timeline(side_plank_routine(rest=4))
    rest = next(p.index for p in timeline.phases if p.kind == "rest")
    # "Rest 4 seconds. Next: side plank, left side." took 3.7 s of it; even "Rest." does not fit
    # between the rest's tone (0.51 s) and the "3" a second after the rest began.
    assert said(plan)[rest] == ""
    assert covered_tones(plan.tones, [s.heard_ms for s in plan.said()]) == []


def test_a_rest_of_10_seconds_says_what_comes_next() -> None:
    timeline = build_timeline(side_plank_routine(rest=10))
    plan = plan_speech(timeline)
    rest = next(p.index for p in timeline.phases if p.kind == "rest")
    assert said(plan)[rest] == "Rest 10 seconds. Next: side plank, left side."
    sentence = plan.sentence_for(rest, "announce")
    assert sentence.start_ms == timeline.phases[rest].start_ms + 510 + 50  # after the rest tone
    assert sentence.until_ms == timeline.phases[rest].start_ms + 7000  # the "3"


def test_each_hold_says_as_much_as_fits_before_its_3() -> None:
    timeline = build_timeline(side_plank_routine())
    plan = plan_speech(timeline)
    left, right = (p.index for p in timeline.phases if p.kind == "hold")
    # "Side plank, left side. Hold 6 seconds." (3.3 s) covered the "go" and the "3".
    assert said(plan)[left] == "Side plank, left."
    assert said(plan)[right] == "Side plank, right."
    sentence = plan.sentence_for(left, "announce")
    assert sentence.start_ms == timeline.phases[left].start_ms + 400 + 50  # after "go"
    assert sentence.until_ms == timeline.phases[left].start_ms + 3000  # the "3"


def test_a_set_is_announced_after_its_first_tone_and_before_the_second() -> None:
    timeline = build_timeline(side_plank_routine())
    plan = plan_speech(timeline)
    first = next(p.index for p in timeline.phases if p.kind == "rep")
    sentence = plan.sentence_for(first, "announce")
    # "Bridges. 3 reps." covered Up and Hold: now it starts after Up and ends before Hold (in 2 s
    # there is room for "Bridges." only; the screen says "Rep 1 of 3").
    assert sentence.text == "Bridges."
    start, end = sentence.heard_ms
    assert start >= timeline.phases[first].start_ms + 180
    assert end + BEFORE_TONE_MS <= timeline.phases[first + 1].start_ms


def test_get_ready_says_the_first_exercise_and_the_end_comes_after_its_tone() -> None:
    timeline = build_timeline(side_plank_routine())
    plan = plan_speech(timeline)
    assert said(plan)[0] == "Get ready. First: bridges."
    assert plan.sentences[0].start_ms == 0  # no tone at the start: said at once
    last = plan.sentence_for(None, "complete")
    assert last.text == "Workout complete." and last.start_ms == timeline.total_ms + 870 + 50
    assert last.until_ms is None


def test_one_sentence_per_moment_the_announcement_first_then_last_rep_then_the_count() -> None:
    routine = Routine(id="r", name="R", get_ready=10, exercises=(
        Exercise(name="Bridges", reps=3, tempo=(TempoPart("up", 3), TempoPart("down", 3))),))
    timeline = build_timeline(routine)
    plan = plan_speech(timeline, count_reps=True)
    spoken = [(s.phase_index, s.cue, s.text) for s in plan.sentences if s.phase_index is not None]
    assert spoken == [
        (0, "announce", "Get ready. First: bridges."),
        (1, "announce", "Bridges. 3 reps."),  # not also "1" (3 s of Up leave room for it)
        (3, "tempo", "2"),
        (5, "last_rep", "Last rep."),  # not also "3"
    ]


def test_the_shorter_wordings_of_a_rest_keep_the_most_useful_words() -> None:
    timeline = build_timeline(side_plank_routine(rest=10))
    rest = next(p.index for p in timeline.phases if p.kind == "rest")
    assert wordings(timeline, rest, "announce", "Rest 10 seconds. Next: side plank, left side.") == [
        "Rest 10 seconds. Next: side plank, left side.",
        "Rest. Next: side plank, left side.",
        "Rest. Next: side plank, left.",
        "Rest.",
    ]


def test_the_built_in_routines_lose_no_tone_to_speech_and_lost_many_before() -> None:
    from coach.core.files.paths import builtin_routines_dir
    from coach.core.routines.library import load_library

    library = load_library(builtin_routines_dir(), Path("/nonexistent"))
    for entry in library.entries:
        timeline = build_timeline(entry.routine)
        plan = plan_speech(timeline)
        assert covered_tones(plan.tones, said_as_the_cue_table_says(timeline)), entry.routine.id
        assert covered_tones(plan.tones, [s.heard_ms for s in plan.said()]) == [], entry.routine.id
        assert plan.sentences[0].text.startswith("Get ready")


# ----- any routine


@given(routines, st.booleans(), st.floats(0.4, 2.5))
def test_no_planned_sentence_overlaps_a_tone_or_another_sentence(routine, count_reps, speed) -> None:
    timeline = build_timeline(routine)
    plan = plan_speech(timeline, speed=speed, count_reps=count_reps)
    tones = tones_of(timeline)
    heard = [s.heard_ms for s in plan.said()]
    assert covered_tones(tones, heard) == []
    starts = [tone.at_ms for tone in tones]
    for sentence in plan.said():
        start, end = sentence.heard_ms
        assert start == sentence.start_ms + ENGINE_START_MS
        # after every tone sounding at its cue, and done before the next tone with the margin
        near = tones[bisect_left(starts, sentence.cue_ms - 1000):bisect_right(starts, sentence.cue_ms)]
        assert all(tone.end_ms < sentence.start_ms for tone in near if tone.end_ms >= sentence.cue_ms)
        after = bisect_right(starts, sentence.cue_ms)
        assert after == len(tones) or end + BEFORE_TONE_MS <= tones[after].at_ms
    for (_, end), (start, _) in zip(heard, heard[1:]):
        assert end <= start
    # The longest wording that fits is chosen: the ones before it would not fit.
    for sentence in plan.sentences:
        ways = wordings(timeline, sentence.phase_index, sentence.cue, sentence.full_text)
        assert sentence.text in ways or sentence.text == ""
        longer = ways[:ways.index(sentence.text)] if sentence.text else ways
        room = None if sentence.until_ms is None else sentence.until_ms - sentence.start_ms
        assert room is not None or sentence.text == sentence.full_text
        for way in longer:
            assert ENGINE_START_MS + speaking_seconds(way, speed) * 1000 + BEFORE_TONE_MS > room
