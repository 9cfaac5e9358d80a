"""The FAQ: questions and answers about lower back pain and running, linked to exercises."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, overload

from coach.core.files.paths import DataDir, resources_dir
from coach.core.files.problems import Problem

if TYPE_CHECKING:
    from coach.core.faq.search import SearchIndex

# The YAML reading (coach.core.faq.file, with PyYAML) and the search (coach.core.faq.search, with
# unicodedata) are imported where they are used: the search index is built after the first paint.

#: Always shown with the answers: they are no substitute for someone who can examine you.
SAFETY_NOTE = (
    "General information, not medical advice. Stop and see a doctor or physiotherapist if you "
    "feel sharp pain, pain spreading down a leg, numbness or weakness, or pain that keeps "
    "getting worse."
)

BUILT_IN, USER, CUSTOMIZED = "built-in", "user", "customized"

#: Searched at most: a question is a few words, and a pasted page must not slow typing down.
MAX_QUERY_LENGTH = 300
#: A query repeated in a message is shortened to this (an ellipsis included).
SHOWN_QUERY_LENGTH = 40

_LAST_WORD = re.compile(r"\w+$")

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEYS = ("id", "question", "answer", "same_answer_as", "tags", "exercises")


@dataclass(frozen=True)
class FaqEntry:
    id: str
    question: str
    #: The answer's text; for an entry with ``same_answer_as``, the other entry's answer.
    answer: str
    tags: tuple[str, ...] = ()
    #: Exact exercise names, as routines spell them.
    exercises: tuple[str, ...] = ()
    #: The id of the entry whose answer this one shares (the answer is written there only).
    same_answer_as: str | None = None
    source: str = BUILT_IN
    #: Where the entry is written, for messages.
    file: str | None = None
    line: int | None = None

    def as_dict(self) -> dict:
        return {"id": self.id, "question": self.question, "answer": self.answer,
                "tags": list(self.tags), "exercises": list(self.exercises),
                "same_answer_as": self.same_answer_as, "source": self.source}


class Match:
    """One entry found by a search, with the spans of its text that the search words matched."""

    __slots__ = ("entry", "terms", "__dict__")

    def __init__(self, entry: FaqEntry, terms: tuple[str, ...]) -> None:
        self.entry = entry
        self.terms = terms

    @cached_property
    def question_spans(self) -> list[tuple[int, int]]:
        if not self.terms:
            return []  # nothing searched (the panel opening): no need to load the search code
        from coach.core.faq.search import highlight_spans

        return highlight_spans(self.entry.question, self.terms)

    @cached_property
    def answer_spans(self) -> list[tuple[int, int]]:
        if not self.terms:
            return []  # nothing searched (the panel opening): no need to load the search code
        from coach.core.faq.search import highlight_spans

        return highlight_spans(self.entry.answer, self.terms)

    def tag_spans(self, tag: str) -> list[tuple[int, int]]:
        from coach.core.faq.search import highlight_spans

        return highlight_spans(tag, self.terms)

    def __repr__(self) -> str:
        return f"Match({self.entry.id!r})"


class SearchResults(Sequence[Match]):
    """The entries matching a query, best first; :class:`Match` objects are made when asked for,
    so a keystroke over thousands of entries costs only the search itself."""

    def __init__(self, query: str, terms: tuple[str, ...], entries: list[FaqEntry], *,
                 cut: bool = False) -> None:
        #: The text searched: the query, or its start when it was longer than MAX_QUERY_LENGTH.
        self.query = query
        self.terms = terms
        #: True when the query was longer than MAX_QUERY_LENGTH and only its start was searched.
        self.cut = cut
        self._entries = entries

    def __len__(self) -> int:
        return len(self._entries)

    @overload
    def __getitem__(self, index: int) -> Match: ...
    @overload
    def __getitem__(self, index: slice) -> list[Match]: ...

    def __getitem__(self, index: int | slice) -> Match | list[Match]:
        if isinstance(index, slice):
            return [Match(e, self.terms) for e in self._entries[index]]
        return Match(self._entries[index], self.terms)

    def __iter__(self) -> Iterator[Match]:
        return (Match(e, self.terms) for e in self._entries)

    def ids(self) -> list[str]:
        return [e.id for e in self._entries]


class Faq:
    """All the answers Coach knows (built in and the user's), with the problems met loading them."""

    def __init__(self, entries: Sequence[FaqEntry], problems: Sequence[Problem] = ()) -> None:
        self.entries: tuple[FaqEntry, ...] = tuple(entries)
        self.problems: list[Problem] = list(problems)
        self._by_id = {e.id: e for e in self.entries}

    @cached_property
    def _by_exercise(self) -> dict[str, list[FaqEntry]]:
        # Built when first asked for: folding names needs faq_search, which showing the window does not.
        by_exercise: dict[str, list[FaqEntry]] = {}
        for entry in self.entries:
            for name in entry.exercises:
                by_exercise.setdefault(_exercise_key(name), []).append(entry)
        return by_exercise

    def ids(self) -> list[str]:
        return [e.id for e in self.entries]

    def get(self, entry_id: str) -> FaqEntry | None:
        return self._by_id.get(entry_id)

    def __len__(self) -> int:
        return len(self.entries)

    @cached_property
    def _index(self) -> SearchIndex:
        from coach.core.faq.search import SearchIndex

        # The exercises an answer is linked to are searched with its tags: "leg lowers" finds the
        # answer that lists Leg lowers, though its text never says so.
        return SearchIndex([(e.question, e.answer, " ".join((*e.tags, *e.exercises))) for e in self.entries])

    def prepare_search(self) -> None:
        """Builds the search index now, so that the first search does not pay for it (it is
        built on first use otherwise: a large user FAQ of 10,000 answers takes about a second)."""
        self._index  # noqa: B018 - building it is the point

    def search(self, query: str) -> SearchResults:
        """Entries whose words start with every word of ``query`` (ignoring case and accents).

        Entries matching every word in the question come first, then those matching some words in
        the question, then answer matches, then matches only in the tags or the names of the
        exercises linked. An empty query gives them all. Only the first MAX_QUERY_LENGTH
        characters are searched (``SearchResults.cut`` says so).
        """
        query, cut = cut_query(query)
        if not query.strip() or not _has_terms(query):
            # Every entry, in order, as the index would give: the panel opens that way, and the
            # index is built only once someone searches (it is not needed to show the window).
            return SearchResults(query, (), list(self.entries), cut=cut)
        numbers, terms = self._index.search(query)
        entries = self.entries
        return SearchResults(query, terms, [entries[n] for n in numbers], cut=cut)

    def for_exercise(self, name: str) -> list[FaqEntry]:
        """The answers linked to an exercise (its name as routines spell it; case is ignored)."""
        return list(self._by_exercise.get(_exercise_key(name), ()))

    def about_exercise(self, name: str, linked_ids: Sequence[str] = ()) -> list[FaqEntry]:
        """The answers about an exercise, linked either way: the answers naming it, and the ids a
        routine lists in the exercise's ``faq:``; in FAQ order, unknown ids left out."""
        wanted = {e.id for e in self.for_exercise(name)} | set(linked_ids)
        return [e for e in self.entries if e.id in wanted]

    def exercises_linked(self) -> dict[str, list[str]]:
        """Every exercise named by an answer, as first spelled, with the ids of its answers."""
        linked: dict[str, list[str]] = {}
        for entry in self.entries:
            for name in entry.exercises:
                key = next((k for k in linked if _exercise_key(k) == _exercise_key(name)), name)
                linked.setdefault(key, []).append(entry.id)
        return linked


def cut_query(query: str) -> tuple[str, bool]:
    """The part of ``query`` that is searched (its first MAX_QUERY_LENGTH characters, without a
    word cut in two), and whether anything was left out."""
    if len(query) <= MAX_QUERY_LENGTH:
        return query, False
    kept = query[:MAX_QUERY_LENGTH]
    if query[MAX_QUERY_LENGTH].isalnum() and kept[-1].isalnum():
        # A word goes on past the cut: its start would be searched as a prefix and find what the
        # word does not. Keep the words before it (or the whole cut, when it is all one word).
        before = _LAST_WORD.sub("", kept)
        kept = before if before.strip() else kept
    return kept, True


def shown_query(query: str) -> str:
    """``query`` as a message repeats it: on one line, and shortened with an ellipsis when long."""
    one_line = " ".join(query.split())
    if len(one_line) <= SHOWN_QUERY_LENGTH:
        return one_line
    start = one_line[:SHOWN_QUERY_LENGTH - 1]
    if " " in start and one_line[len(start)] != " ":
        start = start[:start.rfind(" ")]  # whole words only
    return start.rstrip() + "…"


def _has_terms(query: str) -> bool:
    from coach.core.faq.search import query_terms  # and unicodedata: not needed to show the window

    return bool(query_terms(query))


def exercise_key(name: str) -> str:
    """An exercise's name as answers and routines are matched by it: case, accents and spacing
    ignored ("Leg  LOWERS" is "Leg lowers")."""
    from coach.core.faq.search import fold

    return " ".join(fold(name).split())


_exercise_key = exercise_key


# --- loading -----------------------------------------------------------------------------------

def builtin_faq_file() -> Path:
    return resources_dir() / "faq.yaml"


def load_faq(data_dir: DataDir | Path, builtin_file: Path | None = None) -> Faq:
    """The shipped answers, plus the user's ``<data-dir>/faq.yaml`` adding or replacing entries by id.

    A broken user file (or a broken entry in it) is reported in ``Faq.problems`` and otherwise
    ignored: the built-in answers are always there.
    """
    from coach.core.faq.file import merge, read_faq_file

    data_dir = data_dir if isinstance(data_dir, DataDir) else DataDir(Path(data_dir))
    builtin_path = builtin_file if builtin_file is not None else builtin_faq_file()
    builtin, problems = read_faq_file(builtin_path, BUILT_IN)
    user_entries: list = []
    user_path = Path(data_dir.faq_file)
    if user_path.exists():
        user_entries, user_problems = read_faq_file(user_path, USER)
        problems += user_problems
    entries, merge_problems = merge(builtin, user_entries)
    return Faq(entries, problems + merge_problems)


def faq_from_text(text: str, name: str = "faq.yaml", source: str = USER) -> Faq:
    """A FAQ made only of the entries in ``text`` (for checking a file on its own, and for tests)."""
    from coach.core.faq.file import merge, read_faq_text

    written, problems = read_faq_text(text, name, source)
    entries, merge_problems = merge([], written)
    return Faq(entries, problems + merge_problems)
