"""The coach's sentences and where cues fall inside a phase."""

from __future__ import annotations

import pytest

from coach.core.workout import cue_table
from coach.core.routines.routine import Exercise, Routine, TempoPart
from coach.core.workout.timeline import GET_READY, HOLD, REP, REST, SELF_PACED, SWITCH_SIDES, Phase, build_timeline


def phase(kind: str, duration_ms: int | None, **fields) -> Phase:
    values = dict(index=0, kind=kind, exercise_index=None, exercise_name=None, set=None, sets=None,
                  side=None, rep=None, reps=None, part=None, duration_ms=duration_ms,
                  estimate_ms=duration_ms if duration_ms is not None else 15000, start_ms=0)
    values.update(fields)
    return Phase(**values)


@pytest.mark.parametrize(("seconds", "words"), [
    (30, "30 seconds"), (1, "1 second"), (2.5, "2.5 seconds"), (60, "1 minute"),
    (90, "1 minute 30 seconds"), (121, "2 minutes 1 second"), (0.5, "0.5 seconds"),
])
def test_seconds_in_words(seconds, words) -> None:
    assert cue_table.seconds_in_words(seconds) == words


def test_names_are_lowered_inside_a_sentence_but_not_acronyms() -> None:
    assert cue_table.lower_first("Supermans") == "supermans"
    assert cue_table.lower_first("ITB stretch") == "ITB stretch"


def test_set_sentences() -> None:
    bridges = phase(REP, 2000, exercise_name="Bridges", set=1, sets=2, reps=10, rep=1, part="up")
    assert cue_table.set_sentence(bridges) == "Bridges. Set 1 of 2. 10 reps."
    single = phase(SELF_PACED, None, exercise_name="Pelvic tilts", set=1, sets=1, reps=1)
    assert cue_table.set_sentence(single) == "Pelvic tilts. 1 rep."
    hold = phase(HOLD, 30000, exercise_name="Knee-to-chest stretches", set=2, sets=3, side="right")
    assert cue_table.set_sentence(hold) == "Knee-to-chest stretches, right side. Set 2 of 3. Hold 30 seconds."


def timeline_of(*exercises: Exercise, **settings):
    return build_timeline(Routine(id="r", name="R", exercises=exercises, **settings))


def test_start_cues_of_rests_switches_and_get_ready() -> None:
    tl = timeline_of(
        Exercise("Bridges", sets=2, reps=10),
        Exercise("Supermans", hold=10, sides="each"),
        get_ready=10, rest_between_sets=30, rest_between_exercises=45, switch_sides=5,
    )
    said = {p.index: cue_table.phase_start_cues(tl, p.index) for p in tl.phases}
    kinds = [p.kind for p in tl.phases]
    assert kinds == [GET_READY, SELF_PACED, REST, SELF_PACED, REST, HOLD, SWITCH_SIDES, HOLD]
    assert said[0] == (cue_table.CueSpec(cue_table.ANNOUNCE, "Get ready. First: bridges, set 1 of 2."),)
    assert said[2] == (cue_table.CueSpec(cue_table.ANNOUNCE, "Rest 30 seconds. Next: bridges, set 2 of 2."),)
    assert said[4] == (cue_table.CueSpec(cue_table.ANNOUNCE, "Rest 45 seconds. Next: supermans, left side."),)
    assert said[6] == (cue_table.CueSpec(cue_table.ANNOUNCE, "Switch sides."),)
    assert said[7] == (cue_table.CueSpec(cue_table.ANNOUNCE, "Supermans, right side. Hold 10 seconds."),)


def test_tempo_cues_and_the_last_rep() -> None:
    tl = timeline_of(Exercise("Leg lowers", reps=2, tempo=(TempoPart("down", 3), TempoPart("up", 2))),
                     get_ready=0)
    said = [cue_table.phase_start_cues(tl, i) for i in range(len(tl))]
    assert said == [
        (cue_table.CueSpec(cue_table.ANNOUNCE, "Leg lowers. 2 reps."), cue_table.CueSpec(cue_table.TEMPO, "Down")),
        (cue_table.CueSpec(cue_table.TEMPO, "Up"),),
        (cue_table.CueSpec(cue_table.LAST_REP, "Last rep."), cue_table.CueSpec(cue_table.TEMPO, "Down")),
        (cue_table.CueSpec(cue_table.TEMPO, "Up"),),
    ]


def test_a_single_rep_is_not_called_the_last_rep() -> None:
    tl = timeline_of(Exercise("Bridges", reps=1, tempo=(TempoPart("up", 2),)), get_ready=0)
    assert all(c.cue != cue_table.LAST_REP for c in cue_table.phase_start_cues(tl, 0))


@pytest.mark.parametrize(("kind", "duration_ms", "expected"), [
    (GET_READY, 10000, [(7000, "3"), (8000, "2"), (9000, "1")]),
    (GET_READY, 3000, []),  # too short: "3" would land on the start
    (REST, 3001, [(1, "3"), (1001, "2"), (2001, "1")]),
    (SWITCH_SIDES, 5000, [(2000, "3"), (3000, "2"), (4000, "1")]),
    (HOLD, 5000, []),  # holds count down only when longer than 5 s
    (HOLD, 6000, [(3000, "3"), (4000, "2"), (5000, "1")]),
    (HOLD, 20000, [(10000, "Halfway."), (17000, "3"), (18000, "2"), (19000, "1")]),
    (HOLD, 19999, [(16999, "3"), (17999, "2"), (18999, "1")]),
    (REP, 10000, []),
    (SELF_PACED, None, []),
])
def test_cues_inside_a_phase(kind, duration_ms, expected) -> None:
    got = [(offset, spec.text) for offset, spec in cue_table.in_phase_cues(phase(kind, duration_ms))]
    assert got == expected


def test_countdown_cues_carry_their_number() -> None:
    got = [spec.count for _, spec in cue_table.in_phase_cues(phase(REST, 30000))]
    assert got == [3, 2, 1]
