"""Hypothesis strategies for hostile input: routine and FAQ documents, valid and mutated.

Valid routines come from tests/core/routine_strategies.py (shared with the writer and editor
tests); this module adds the texts people really paste (emoji, right-to-left, combining marks,
markup), the values a careless or hostile file holds, and mutations of whole documents.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from hypothesis import settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from routine_strategies import routines  # noqa: E402  (shared with tests/core)

from coach.core.routines.routine import Exercise, Routine, TempoPart  # noqa: E402


def examples(factor: int) -> int:
    """How many examples a fuzz test runs: ``factor`` times the hypothesis profile's number
    (tests/conftest.py: "ci" by default, COACH_FUZZ=thorough for twenty times more)."""
    return settings.default.max_examples * factor


__all__ = ["examples", "routines", "playable_routines", "human_text", "hostile_values", "mutated_routine_text",
           "faq_documents", "mutated_faq_text", "HOSTILE_WORDS"]

#: Pieces of text that broke something somewhere once: each has a reason to be here.
HOSTILE_WORDS = [
    "💪🏽 Bridges", "👩‍👩‍👧‍👦", "تمرين الجسر", "גשר ‏(ימין)", "\u202eevil\u202c", "e\u0301\u0301\u0301",
    "Z̷̢͓̈́a̵̙͆l̴̰̐g̷̣̈ő̸̗", "<b>bold</b>", "<img src=http://127.0.0.1:9/x.png>",
    "<a href=file:///etc/passwd>link</a>", "&amp; &lt;", "'; DROP TABLE sessions; --", "%s %n {0}",
    "name: value", "- item", "# not a comment", "*alias", "&anchor", "!!python/object:os.system",
    "\\N \\x00", "tab\there", "ｆｕｌｌｗｉｄｔｈ", "ǅ ß ẞ ﬁ", "\u2028line\u2029para", "yes", "No", "~",
    "null", "0x1F", "1e400", ".nan", "-.inf", "012", "1_000", "2026-11-25",
]

human_text = st.one_of(
    st.sampled_from(HOSTILE_WORDS),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60),
    st.lists(st.sampled_from(HOSTILE_WORDS), min_size=1, max_size=4).map(" ".join),
).map(str.strip).filter(bool)


@st.composite
def playable_routines(draw: st.DrawFn) -> Routine:
    """Small routines with hostile names, short enough to play through the engine quickly."""
    seconds = st.integers(1, 120_000).map(lambda ms: ms / 1000)
    pause = st.one_of(st.just(0.0), seconds)
    exercises = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["hold", "tempo", "self"]))
        tempo = ()
        if kind == "tempo":
            names = draw(st.permutations(["up", "hold", "down", "pause"]))[:draw(st.integers(1, 4))]
            tempo = tuple(TempoPart(n, draw(seconds)) for n in names)
        exercises.append(Exercise(
            name=draw(human_text.map(lambda t: t[:200])),
            instructions=draw(st.one_of(st.just(""), human_text)),
            sets=draw(st.integers(1, 3)),
            reps=None if kind == "hold" else draw(st.integers(1, 12)),
            hold=draw(seconds) if kind == "hold" else None,
            tempo=tempo,
            sides=draw(st.sampled_from([None, "each"])),
            rest_between_sets=draw(st.one_of(st.none(), pause)),
        ))
    return Routine(id=draw(st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)),
                   name=draw(human_text.map(lambda t: t[:200])), exercises=tuple(exercises),
                   description=draw(st.one_of(st.just(""), human_text)),
                   get_ready=draw(pause), rest_between_sets=draw(pause),
                   rest_between_exercises=draw(pause), switch_sides=draw(pause))


def yaml_lines(data: str | bytes) -> int:
    """How many lines a problem may point into: YAML also breaks lines at CR, U+0085, U+2028 and
    U+2029 (PyYAML counts them), and a file may not end with a line break."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    return sum(text.count(c) for c in "\n\r\x85\u2028\u2029") + 2


def _nested(depth: int) -> object:
    value: object = "deep"
    for _ in range(depth):
        value = [value]
    return value


hostile_values = st.one_of(
    st.none(), st.booleans(),
    st.integers(-10, 10), st.integers(min_value=10**15), st.just(10**400), st.just(-(10**400)),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0, 0.0, -1, -0.0, 1e-300]),
    human_text, st.just("x" * 10_000), st.sampled_from(["30s", "1m30s", "0s", "-5s", "1h1s", "NaN s"]),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.integers(45, 70).map(_nested),
)


def _paths(doc: object, prefix: tuple = ()) -> list[tuple]:
    """Every place in a document a value can be put: mapping keys and list items."""
    found = []
    if isinstance(doc, dict):
        for key, value in doc.items():
            found.append(prefix + (key,))
            found += _paths(value, prefix + (key,))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            found.append(prefix + (index,))
            found += _paths(value, prefix + (index,))
    return found


def _set(doc: object, path: tuple, value: object) -> None:
    for step in path[:-1]:
        doc = doc[step]
    doc[path[-1]] = value


def _dump(doc: object, draw: st.DrawFn) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=draw(st.booleans()),
                          default_flow_style=draw(st.sampled_from([False, None, True])), width=10**6)


TEXT_MUTATIONS = ("none", "bom", "crlf", "tabs", "nul", "duplicate_line", "cut", "utf16", "latin1")


def _mutate_text(text: str, draw: st.DrawFn) -> str | bytes:
    how = draw(st.sampled_from(TEXT_MUTATIONS))
    lines = text.splitlines(keepends=True)
    if how == "bom":
        return "\ufeff" + text
    if how == "crlf":
        return text.replace("\n", "\r\n")
    if how == "tabs":
        return text.replace("  ", "\t", draw(st.integers(1, 3)))
    if how == "nul":
        at = draw(st.integers(0, len(text)))
        return text[:at] + "\x00" + text[at:]
    if how == "duplicate_line" and lines:
        at = draw(st.integers(0, len(lines) - 1))
        return "".join(lines[:at + 1] + [lines[at]] + lines[at + 1:])
    if how == "cut":
        return text[:draw(st.integers(0, len(text)))]
    if how == "utf16":
        return text.encode("utf-16")
    if how == "latin1":
        return text.encode("latin-1", "replace") + b"\xe9\xff"
    return text


@st.composite
def mutated_routine_text(draw: st.DrawFn) -> str | bytes:
    """A valid routine's document with hostile values put in, shared (anchors), and the text
    then mangled: the loader must answer each with a routine or a clear problem."""
    from coach.core.routines.routine_writer import routine_to_document

    doc = routine_to_document(draw(playable_routines()))
    places = _paths(doc)
    for _ in range(draw(st.integers(0, 3))):
        _set(doc, draw(st.sampled_from(places)), draw(hostile_values))
        places = _paths(doc)
    if draw(st.booleans()) and isinstance(doc.get("exercises"), list) and doc["exercises"]:
        # The same object twice: PyYAML writes it once with an anchor and then an alias.
        doc["exercises"].append(doc["exercises"][0])
    try:
        text = _dump(doc, draw)
    except (yaml.YAMLError, RecursionError):
        text = "name: x\n"
    return _mutate_text(text, draw)


faq_entries = st.fixed_dictionaries(
    {"id": st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True),
     "question": human_text, "answer": human_text},
    optional={"tags": st.lists(human_text, max_size=3, unique=True),
              "exercises": st.lists(human_text, max_size=3, unique=True)},
)
faq_documents = st.lists(faq_entries, min_size=1, max_size=5, unique_by=lambda e: e["id"])


@st.composite
def mutated_faq_text(draw: st.DrawFn) -> str | bytes:
    doc = draw(faq_documents)
    places = _paths(doc)
    for _ in range(draw(st.integers(0, 3))):
        _set(doc, draw(st.sampled_from(places)), draw(hostile_values))
        places = _paths(doc)
    if draw(st.booleans()):
        doc.append(doc[0])  # a shared entry: an anchor and an alias, and a duplicate id
    try:
        text = _dump(doc, draw)
    except (yaml.YAMLError, RecursionError):
        text = "- id: x\n"
    return _mutate_text(text, draw)
