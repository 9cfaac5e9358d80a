"""What the voice says during a workout, and when: every sentence fits before the next tone.

The cue table (cue_table.py) says what each cue means in full ("Rest 30 seconds. Next: bridges,
set 2 of 2."). Said aloud at a normal rate, such a sentence can take longer than the time before
the next tone, and a tone under speech is not heard. This module plans, for a whole timeline, what
is said at each cue and when:

- A sentence is heard after the tone of its own moment (the tone plays first), and must end before
  the next tone (a phase's tone, a 3-2-1 tick, "complete") and the next sentence, with a margin.
- Of the ways to say a cue, the longest that fits is chosen: "Rest 30 seconds. Next: bridges,
  set 2 of 2." -> "Rest. Next: bridges, set 2 of 2." -> "Rest. Next: bridges." -> "Rest."; when
  none fits, nothing is said (the tone and the screen still tell it). The next exercise is said at
  a rest's start only when it fits there.
- One sentence per moment: a set's announcement wins over "Last rep.", which wins over the rep count.

How long a sentence takes is estimated from its letters and pauses (:func:`speaking_seconds`),
measured once from espeak-ng, the engine behind speech-dispatcher (docs/TIMING.md says how).
The window's speaker also stops a sentence that still runs into a tone (coach/gui/speaker.py).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from coach.core.routines.routine import WHOLE_REP
from coach.core.workout import cue_table
from coach.core.workout.cue_table import (
    ANNOUNCE, COMPLETE, COUNTDOWN, HALFWAY, HALFWAY_TEXT, LAST_REP, LAST_REP_TEXT, SWITCH_SIDES_TEXT, TEMPO,
    WORKOUT_COMPLETE, describe_upcoming, lower_first, seconds_in_words,
)
from coach.core.workout.kinds import CueKind
from coach.core.workout.plural import plural
from coach.core.workout.timeline import GET_READY, HOLD, REP, REST, SELF_PACED, SWITCH_SIDES, Phase, Timeline

# ----------------------------------------------------------------------------- how long it takes

#: A sentence at speech-dispatcher's normal rate (espeak-ng at 170 words a minute) takes about
#: SECONDS_BASE + SECONDS_PER_LETTER per letter (numbers as their words) + a pause per full stop,
#: colon or comma inside it. Fitted on every sentence of the built-in routines (espeak-ng -w,
#: the voiced part of the sound): the fit (0.09 s + 0.064 s a letter + 0.44 s a stop + 0.34 s a comma)
#: is within -0.44..+0.19 s; SECONDS_BASE has 0.21 s added, so none of them is underestimated.
SECONDS_BASE = 0.3
SECONDS_PER_LETTER = 0.064
SECONDS_PER_STOP = 0.44
SECONDS_PER_COMMA = 0.34

#: speech-dispatcher's espeak-ng module: words a minute at rate 0, -100 and +100
#: (/etc/speech-dispatcher/modules/espeak-ng.conf: EspeakNormalRate, EspeakMinRate, EspeakMaxRate).
NORMAL_WPM, MIN_WPM, MAX_WPM = 170, 80, 449
#: Faster speech shortens the words more than the pauses and short words: measured at 300 words a
#: minute, a sentence took up to 1.15 times its share of the time (0.65 instead of 0.57).
FASTER_SLACK = 1.15

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
         "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> str:
    """``37`` -> "thirty seven" (how a number is said, for its length)."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + ("" if rest == 0 else " " + number_words(rest))
    rest = n % 1000
    return number_words(n // 1000) + " thousand" + ("" if rest == 0 else " " + number_words(rest))


def _letters(text: str) -> int:
    count = 0
    for word in re.findall(r"[0-9]+|[^\W\d_]+", text):
        if "0" <= word[0] <= "9":
            count += len(number_words(int(word[-9:])).replace(" ", ""))
        else:
            count += len(word)
    return count


def speaking_seconds(text: str, speed: float = 1.0) -> float:
    """How long ``text`` takes to say, at ``speed`` times the normal rate (see :func:`speed_of_rate`);
    0 for nothing to say."""
    if not text.strip():
        return 0.0
    inner = text.strip().rstrip(".!?")  # the pause after the last word is silence, not speech
    stops = len(re.findall(r"[.!?:;]", inner))
    commas = inner.count(",")
    normal = SECONDS_BASE + SECONDS_PER_LETTER * _letters(text) + SECONDS_PER_STOP * stops + SECONDS_PER_COMMA * commas
    return normal / speed


def speed_of_rate(rate: float) -> float:
    """The speed (1 = normal) of Coach's voice rate setting (-1..1, as QTextToSpeech takes it),
    counted conservatively: a faster voice is taken as a little slower than it is."""
    rate = max(-1.0, min(1.0, rate))
    if rate >= 0:
        wpm = NORMAL_WPM + (MAX_WPM - NORMAL_WPM) * rate
        return max(1.0, wpm / NORMAL_WPM / FASTER_SLACK) if rate > 0 else 1.0
    return (NORMAL_WPM + (NORMAL_WPM - MIN_WPM) * rate) / NORMAL_WPM


# ----------------------------------------------------------------------------- the tones

#: The tone heard when each kind of phase starts (a rep's part has its tempo tone; get ready none).
PHASE_TONES = {HOLD: "go", SELF_PACED: "go", REST: "rest", SWITCH_SIDES: "rest"}
#: The tone of each tempo part ("rep", a one-part tempo, and parts of other names: a tick).
TEMPO_TONES = {"up": "up", "down": "down", "hold": "hold", "pause": "hold", WHOLE_REP: "tick"}
COUNTDOWN_TONE, COMPLETE_TONE = "tick", "complete"
#: How long each tone sounds, in ms (resources/sounds/*.wav; tests/gui/test_cues.py checks them).
TONE_MS = {"tick": 70, "go": 400, "up": 180, "hold": 220, "down": 180, "rest": 510, "complete": 870}
LONGEST_TONE_MS = max(TONE_MS.values())

#: Silence between a tone and the sentence after it, and between a sentence and the next tone.
AFTER_TONE_MS = 50
BEFORE_TONE_MS = 100
#: From handing a sentence to the speech engine to its first sound (speech-dispatcher with
#: espeak-ng, measured: docs/TIMING.md); the planned sentence ends this much later.
ENGINE_START_MS = 150


@dataclass(frozen=True)
class Tone:
    at_ms: int  # when it starts, in ms from the workout's start (as planned)
    name: str
    length_ms: int

    @property
    def end_ms(self) -> int:
        return self.at_ms + self.length_ms


def phase_tone(phase: Phase) -> str | None:
    """The tone at the start of ``phase``: its kind's, or its tempo part's (get ready: none)."""
    if phase.kind == REP:
        return TEMPO_TONES.get(phase.part or WHOLE_REP, "tick")
    return PHASE_TONES.get(phase.kind)


def tones_of(timeline: Timeline) -> tuple[Tone, ...]:
    """Every tone of a workout played as planned, in time order (a set at your own pace lasts its
    estimate)."""
    found = [tone for phase in timeline.phases for tone in _phase_tones(phase)]
    found.append(Tone(timeline.total_ms, COMPLETE_TONE, TONE_MS[COMPLETE_TONE]))
    found.sort(key=lambda tone: tone.at_ms)
    return tuple(found)


# ----------------------------------------------------------------------------- what is said


@dataclass(frozen=True)
class Sentence:
    """What is said for one cue. Times in ms from the workout's start, as planned."""

    phase_index: int | None  # None for "Workout complete."
    cue: CueKind  # the cue it says: announce, last_rep, halfway, tempo (the rep count), complete
    cue_ms: int  # when the cue falls
    start_ms: int  # when the sentence is handed to the voice (after the tone at the cue)
    text: str  # what is said ("" when nothing fits)
    full_text: str  # the cue's full sentence (cue_table)
    until_ms: int | None  # it must be over by then (the next tone or sentence); None: no limit
    seconds: float  # how long ``text`` takes (speaking_seconds)
    #: The cue's shorter wordings, longest first, with how long each takes: said instead of
    #: ``text`` when the voice can start only later than planned (it was still loading).
    shorter: tuple[tuple[str, float], ...] = ()

    @property
    def delay_ms(self) -> int:
        """From the cue to handing the sentence over (the tone at the cue plays first)."""
        return self.start_ms - self.cue_ms

    @property
    def room_ms(self) -> int | None:
        """From the cue to the moment it must be over (None: no limit)."""
        return None if self.until_ms is None else self.until_ms - self.cue_ms

    @property
    def heard_ms(self) -> tuple[int, int]:
        """When it is heard, as planned: from the engine's first sound to its end."""
        start = self.start_ms + ENGINE_START_MS
        return start, start + round(self.seconds * 1000)


def _short_name(phase: Phase) -> str:
    """"bridges", "side plank, left": what a phase is, in the fewest words."""
    if phase.kind == REST:
        return "rest"
    if phase.kind == SWITCH_SIDES:
        return "switch sides"
    if phase.kind == GET_READY:
        return "get ready"
    name = lower_first(phase.exercise_name or "")
    return f"{name}, {phase.side}" if phase.side else name


def _set_wordings(phase: Phase) -> list[str]:
    name = phase.exercise_name or ""
    named = f"{name}, {phase.side} side." if phase.side else f"{name}."
    if phase.kind == HOLD:
        amount = f"Hold {seconds_in_words(phase.estimate)}."
    elif phase.reps is not None:
        amount = f"{plural(phase.reps, 'rep')}."
    else:
        amount = ""
    wordings = [" ".join(w for w in (named, amount) if w)]
    if phase.side:
        wordings.append(f"{name}, {phase.side}.")
    wordings.append(f"{name}.")
    return wordings


def wordings(timeline: Timeline, index: int | None, cue: str, full: str) -> list[str]:
    """The ways to say a cue, longest first (the first is the cue table's full sentence)."""
    ways = [full]
    if index is None or cue != ANNOUNCE:
        return ways
    phase = timeline.phases[index]
    following = timeline.phases[index + 1] if index + 1 < len(timeline.phases) else None
    if phase.kind == GET_READY:
        if following is not None:
            ways.append(f"Get ready. First: {_short_name(following)}.")
        ways.append("Get ready.")
    elif phase.kind == REST:
        if following is not None:
            ways.append(f"Rest. Next: {describe_upcoming(following)}.")
            ways.append(f"Rest. Next: {_short_name(following)}.")
        ways.append("Rest.")
    elif phase.kind == SWITCH_SIDES:
        ways.append(SWITCH_SIDES_TEXT)
    else:
        ways.extend(_set_wordings(phase))
    unique: list[str] = []
    for way in ways:
        if way.strip(" .") and way not in unique:
            unique.append(way)
    return unique


#: At one moment only one sentence is said: the first of these kinds there.
PRIORITY = (ANNOUNCE, LAST_REP, TEMPO, HALFWAY, COMPLETE)


def _first_part_of_rep(timeline: Timeline, index: int) -> bool:
    """True for a rep's first tempo part (where its number is said when counting aloud)."""
    if index == 0:
        return True
    before, phase = timeline.phases[index - 1], timeline.phases[index]
    return not (before.kind == REP and cue_table.same_set(before, phase) and before.rep == phase.rep)


def _phase_cues(timeline: Timeline, index: int, count_reps: bool) -> list[tuple[int, int | None, CueKind, str]]:
    """(ms, phase index, cue kind, full sentence) of the cues of phase ``index`` that may be said,
    one per moment."""
    phase = timeline.phases[index]
    found: list[tuple[int, int | None, CueKind, str]] = []
    at_start = []
    for spec in cue_table.phase_start_cues(timeline, index):
        if spec.cue == TEMPO:
            if count_reps and phase.rep is not None and _first_part_of_rep(timeline, index):
                at_start.append((CueKind(TEMPO), str(phase.rep)))
        else:
            at_start.append((CueKind(spec.cue), spec.text))
    if at_start:
        cue, text = min(at_start, key=lambda item: PRIORITY.index(item[0]))
        found.append((phase.start_ms, index, cue, text))
    for offset, spec in cue_table.in_phase_cues(phase):
        if spec.cue == HALFWAY:
            found.append((phase.start_ms + offset, index, CueKind(HALFWAY), HALFWAY_TEXT))
    return found


def _spoken_cues(timeline: Timeline, count_reps: bool) -> list[tuple[int, int | None, CueKind, str]]:
    """Every cue of a workout that may be said, in time order."""
    found = [cue for index in range(len(timeline.phases)) for cue in _phase_cues(timeline, index, count_reps)]
    found.append((timeline.total_ms, None, CueKind(COMPLETE), WORKOUT_COMPLETE))
    return found


def _phase_tones(phase: Phase) -> list[Tone]:
    """The tones of one phase: at its start, and its 3-2-1 ticks."""
    found = []
    name = phase_tone(phase)
    if name is not None:
        found.append(Tone(phase.start_ms, name, TONE_MS[name]))
    for offset, spec in cue_table.in_phase_cues(phase):
        if spec.cue == COUNTDOWN:
            found.append(Tone(phase.start_ms + offset, COUNTDOWN_TONE, TONE_MS[COUNTDOWN_TONE]))
    return found


class SpeechPlan:
    """What is said for each cue of a timeline, and when (see the module). A cue's sentence is
    planned when first asked for, from the phases around it: making a plan costs nothing, even for
    the longest routine, and asking for a sentence costs the same at any point of the workout."""

    def __init__(self, timeline: Timeline, *, speed: float = 1.0, count_reps: bool = False) -> None:
        self.timeline = timeline
        self.speed = speed
        self.count_reps = count_reps
        self._planned: dict[tuple[int | None, str], Sentence | None] = {}

    def sentence_for(self, phase_index: int | None, cue: str) -> Sentence | None:
        """The sentence planned for a cue (None: the cue is not spoken)."""
        key = (phase_index, str(cue))
        if key not in self._planned:
            if phase_index is None:
                cues = [(self.timeline.total_ms, None, CueKind(COMPLETE), WORKOUT_COMPLETE)]
            elif 0 <= phase_index < len(self.timeline.phases):
                cues = _phase_cues(self.timeline, phase_index, self.count_reps)
            else:
                cues = []
            for found in cues:
                self._planned[(found[1], str(found[2]))] = self._plan(*found)
            self._planned.setdefault(key, None)
        return self._planned[key]

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """Every cue's sentence, in time order (planned all at once: for tests and benchmarks)."""
        found = [self.sentence_for(index, cue) for _ms, index, cue, _full in _spoken_cues(self.timeline, self.count_reps)]
        return tuple(sentence for sentence in found if sentence is not None)

    @property
    def tones(self) -> tuple[Tone, ...]:
        return tones_of(self.timeline)

    def said(self) -> tuple[Sentence, ...]:
        """The sentences that are said (not the cues left silent)."""
        return tuple(s for s in self.sentences if s.text)

    def _tones_between(self, index: int | None, low: int, high: int) -> list[Tone]:
        """The tones that sound at some moment in [low, high] ms, from the phases around ``index``."""
        phases = self.timeline.phases
        total = self.timeline.total_ms
        found = []
        if total <= high:
            found.append(Tone(total, COMPLETE_TONE, TONE_MS[COMPLETE_TONE]))
        i = len(phases) - 1 if index is None else index
        while i >= 0 and phases[i].start_ms + phases[i].estimate_ms >= low - LONGEST_TONE_MS:  # back
            found += _phase_tones(phases[i])
            i -= 1
        i = len(phases) if index is None else index + 1
        while i < len(phases) and phases[i].start_ms <= high:  # on, while they start by high
            found += _phase_tones(phases[i])
            i += 1
        return [tone for tone in found if tone.end_ms >= low and tone.at_ms <= high]

    def _next_tone(self, index: int | None, after: int) -> int | None:
        """When the first tone after ``after`` ms starts (None: no tone comes after)."""
        if index is None:
            return None
        phases = self.timeline.phases
        for i in range(index, len(phases)):
            later = [tone.at_ms for tone in _phase_tones(phases[i]) if tone.at_ms > after]
            if later:
                return min(later)
        return self.timeline.total_ms if self.timeline.total_ms > after else None

    def _plan(self, cue_ms: int, index: int | None, cue: CueKind, full: str) -> Sentence:
        # After every tone still sounding at the cue (its own, and a long one just before it).
        sounding = self._tones_between(index, cue_ms, cue_ms)
        start = max([cue_ms] + [tone.end_ms + AFTER_TONE_MS for tone in sounding])
        # Over before the next tone, and before the next sentence (a halfway in the same phase:
        # every later phase starts with a tone).
        later = [ms for ms, _i, _c, _f in (_phase_cues(self.timeline, index, self.count_reps) if index is not None else [])
                 if ms > cue_ms]
        next_tone = self._next_tone(index, cue_ms)
        if next_tone is not None:
            later.append(next_tone)
        until = min(later) if later else None
        text = ""
        ways = wordings(self.timeline, index, cue, full)
        for way in ways:
            if until is None or start + ENGINE_START_MS + speaking_seconds(way, self.speed) * 1000 + BEFORE_TONE_MS <= until:
                text = way
                break
        shorter = tuple((way, speaking_seconds(way, self.speed)) for way in ways[ways.index(text) + 1:]) if text else ()
        return Sentence(phase_index=index, cue=cue, cue_ms=cue_ms, start_ms=start, text=text, full_text=full,
                        until_ms=until, seconds=speaking_seconds(text, self.speed), shorter=shorter)


def plan_speech(timeline: Timeline, *, speed: float = 1.0, count_reps: bool = False) -> SpeechPlan:
    """What is said for each cue of ``timeline``, and when, so that no sentence covers a tone.

    ``speed``: the voice's speed (see :func:`speed_of_rate`); ``count_reps``: the rep numbers are
    said too (the setting "count reps aloud").
    """
    return SpeechPlan(timeline, speed=speed, count_reps=count_reps)


def covered_tones(tones: tuple[Tone, ...] | list[Tone], heard: list[tuple[float, float]]) -> list[Tone]:
    """The tones that sound while speech is heard; ``heard``: (start, end) intervals in ms."""
    spans = sorted(heard)
    ends: list[float] = []  # the latest end of the spans up to each one
    for _start, end in spans:
        ends.append(max(end, ends[-1]) if ends else end)
    starts = [start for start, _end in spans]
    covered = []
    for tone in tones:
        i = bisect_left(starts, tone.end_ms)  # the spans that start before the tone ends
        if i and ends[i - 1] > tone.at_ms:  # ... one of them ends after it starts
            covered.append(tone)
    return covered


def said_as_the_cue_table_says(timeline: Timeline, *, speed: float = 1.0) -> list[tuple[float, float]]:
    """When speech was heard before this plan: every cue's full sentence at its cue, one after
    the other (the speaker never talks over itself), as (start, end) ms; for the benchmark's count."""
    heard: list[tuple[float, float]] = []
    free_at = 0.0
    for cue_ms, _index, _cue, full in _spoken_cues(timeline, count_reps=False):
        start = max(cue_ms + ENGINE_START_MS, free_at)
        end = start + speaking_seconds(full, speed) * 1000
        heard.append((start, end))
        free_at = end
    return heard
