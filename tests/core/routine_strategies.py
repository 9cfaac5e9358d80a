"""Hypothesis strategies for routines that the format accepts (shared by writer and editor tests)."""

from __future__ import annotations

from hypothesis import strategies as st

from coach.core.routines.routine import MAX_STEPS, TEMPO_PART_NAMES, Exercise, Progression, Routine, TempoPart


def _text(max_size: int) -> st.SearchStrategy[str]:
    # The loader takes text as written but without surrounding blanks, as a person means it.
    return st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=max_size).map(
        str.strip).filter(bool)


_seconds = st.one_of(st.integers(1, 3_600_000).map(lambda ms: ms / 1000),
                     st.floats(min_value=0.001, max_value=3600, allow_nan=False))
_pause = st.one_of(st.just(0.0), _seconds)
_tempo = st.one_of(
    st.just(()),
    _seconds.map(lambda s: (TempoPart("rep", s),)),
    st.permutations(TEMPO_PART_NAMES).flatmap(lambda names: st.integers(1, 4).flatmap(
        lambda n: st.tuples(*(_seconds.map(lambda s, name=name: TempoPart(name, s))
                              for name in names[:n])))),
)


@st.composite
def _exercises(draw: st.DrawFn) -> Exercise:
    hold = draw(st.one_of(st.none(), _seconds))
    reps = None if hold is not None else draw(st.integers(1, 1000))
    progression = None
    if reps is not None and reps < 1000 and draw(st.booleans()):
        progression = Progression(to=draw(st.integers(reps + 1, 1000)), step=draw(st.integers(1, 100)),
                                  every=draw(st.integers(1, 100)))
    tempo = draw(_tempo) if reps is not None else ()
    sides = draw(st.sampled_from([None, "each"]))
    # The format plays at most MAX_STEPS timed steps; four exercises of a quarter of that fit.
    room = MAX_STEPS // 4 // (2 if sides else 1)
    if reps is not None and tempo and reps * len(tempo) + 1 > room:
        reps = (room - 1) // len(tempo)
        progression = progression if progression is None or progression.to > reps else None
    per_set = reps * len(tempo) if tempo else 1
    return Exercise(
        name=draw(_text(200)),
        instructions=draw(st.one_of(st.just(""), _text(300))),
        sets=draw(st.integers(1, max(1, min(100, room // (per_set + 1))))),
        reps=reps,
        hold=hold,
        tempo=tempo,
        sides=sides,
        rest_between_sets=draw(st.one_of(st.none(), _pause)),
        faq=tuple(draw(st.lists(st.sampled_from(["run-every-day", "runners-face", "x-1"]),
                                unique=True, max_size=3))),
        progression=progression,
        image=draw(st.one_of(st.none(), st.sampled_from(["bridge.png", "img/cat stretch.SVG",
                                                         "ü.jpeg"]))),
    )


def timed_steps(routine: Routine) -> int:
    """Steps as the loader counts them (it refuses more than MAX_STEPS)."""
    return sum(e.sets * (2 if e.sides == "each" else 1)
               * ((e.reps * len(e.tempo) if e.reps is not None and e.tempo else 1) + 1)
               for e in routine.exercises)


routines = st.builds(
    Routine,
    id=st.from_regex(r"[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,3}", fullmatch=True),
    name=_text(200),
    exercises=st.lists(_exercises(), min_size=1, max_size=4).map(tuple),
    description=st.one_of(st.just(""), _text(500)),
    tags=st.lists(_text(50), max_size=4).map(tuple),
    get_ready=_pause, rest_between_sets=_pause, rest_between_exercises=_pause, switch_sides=_pause,
).filter(lambda r: timed_steps(r) <= MAX_STEPS)
