"""The FAQ: questions and answers about lower back pain and running, linked to exercises."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import overload

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from coach.core import yamlsource
from coach.core.faq_search import SearchIndex, fold, highlight_spans, query_terms
from coach.core.paths import DataDir, resources_dir
from coach.core.problems import WARNING, Problem

#: Always shown with the answers: they are no substitute for someone who can examine you.
SAFETY_NOTE = (
    "General information, not medical advice. Stop and see a doctor or physiotherapist if you "
    "feel sharp pain, pain spreading down a leg, numbness or weakness, or pain that keeps "
    "getting worse."
)

BUILT_IN, USER, CUSTOMIZED = "built-in", "user", "customized"

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
        return highlight_spans(self.entry.question, self.terms)

    @cached_property
    def answer_spans(self) -> list[tuple[int, int]]:
        return highlight_spans(self.entry.answer, self.terms)

    def tag_spans(self, tag: str) -> list[tuple[int, int]]:
        return highlight_spans(tag, self.terms)

    def __repr__(self) -> str:
        return f"Match({self.entry.id!r})"


class SearchResults(Sequence[Match]):
    """The entries matching a query, best first; :class:`Match` objects are made when asked for,
    so a keystroke over thousands of entries costs only the search itself."""

    def __init__(self, query: str, terms: tuple[str, ...], entries: list[FaqEntry]) -> None:
        self.query = query
        self.terms = terms
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
        self._by_exercise: dict[str, list[FaqEntry]] = {}
        for entry in self.entries:
            for name in entry.exercises:
                self._by_exercise.setdefault(_exercise_key(name), []).append(entry)

    def ids(self) -> list[str]:
        return [e.id for e in self.entries]

    def get(self, entry_id: str) -> FaqEntry | None:
        return self._by_id.get(entry_id)

    def __len__(self) -> int:
        return len(self.entries)

    @cached_property
    def _index(self) -> SearchIndex:
        return SearchIndex([(e.question, e.answer, " ".join(e.tags)) for e in self.entries])

    def search(self, query: str) -> SearchResults:
        """Entries whose words start with every word of ``query`` (ignoring case and accents).

        Entries matching every word in the question come first, then those matching some words in
        the question, then answer matches, then tag-only matches. An empty query gives them all.
        """
        if not query_terms(query):
            # Every entry, in order, as the index would give: the panel opens that way, and the
            # index is built only once someone searches (it is not needed to show the window).
            return SearchResults(query, (), list(self.entries))
        numbers, terms = self._index.search(query)
        entries = self.entries
        return SearchResults(query, terms, [entries[n] for n in numbers])

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


def _exercise_key(name: str) -> str:
    return " ".join(fold(name).split())


# --- loading -----------------------------------------------------------------------------------

def builtin_faq_file() -> Path:
    return resources_dir() / "faq.yaml"


def load_faq(data_dir: DataDir | Path, builtin_file: Path | None = None) -> Faq:
    """The shipped answers, plus the user's ``<data-dir>/faq.yaml`` adding or replacing entries by id.

    A broken user file (or a broken entry in it) is reported in ``Faq.problems`` and otherwise
    ignored: the built-in answers are always there.
    """
    data_dir = data_dir if isinstance(data_dir, DataDir) else DataDir(Path(data_dir))
    builtin_path = builtin_file if builtin_file is not None else builtin_faq_file()
    builtin, problems = read_faq_file(builtin_path, BUILT_IN)
    user_entries: list[_Written] = []
    user_path = Path(data_dir.faq_file)
    if user_path.exists():
        user_entries, user_problems = read_faq_file(user_path, USER)
        problems += user_problems
    entries, merge_problems = merge(builtin, user_entries)
    return Faq(entries, problems + merge_problems)


def faq_from_text(text: str, name: str = "faq.yaml", source: str = USER) -> Faq:
    """A FAQ made only of the entries in ``text`` (for checking a file on its own, and for tests)."""
    written, problems = _read(yamlsource.read_text(text, name), source)
    entries, merge_problems = merge([], written)
    return Faq(entries, problems + merge_problems)


@dataclass
class _Written:
    """An entry as read from a file, before shared answers are looked up."""

    entry: FaqEntry
    #: The ``same_answer_as`` node's position, to point at it when it names no answer.
    link_at: tuple[int, int] | None = None
    gave_exercises: bool = False


def read_faq_file(path: Path, source: str) -> tuple[list[_Written], list[Problem]]:
    return _read(yamlsource.read_file(path), source)


def _read(read: yamlsource.YamlFile, source: str) -> tuple[list[_Written], list[Problem]]:
    if read.root is None:
        # An empty file (or one with only comments) simply adds nothing.
        problems = [p for p in read.problems if not p.message.startswith("the file is empty")]
        return [], problems
    if not isinstance(read.root, SequenceNode):
        read.problem(read.root, f"the FAQ file must be a list of entries, each starting with "
                                f"'- id:', got {yamlsource.describe(read.root)}")
        return [], read.problems
    written: list[_Written] = []
    first_line: dict[str, int] = {}
    for node in read.root.value:
        item = _read_entry(read, node, source)
        if item is None:
            continue
        earlier = first_line.get(item.entry.id)
        if earlier is not None:
            read.problem(node, f"the id {item.entry.id!r} is already used on line {earlier}; "
                               "give each entry its own id (this entry is ignored)")
            continue
        first_line[item.entry.id] = item.entry.line or 0
        written.append(item)
    return written, read.problems


def _read_entry(read: yamlsource.YamlFile, node: Node, source: str) -> _Written | None:
    """One entry, or ``None`` (with its problems reported) when it cannot be used."""
    if read.is_reported(node):
        return None
    if not isinstance(node, MappingNode):
        read.problem(node, f"an FAQ entry must be a mapping with 'id', 'question' and 'answer', "
                           f"got {yamlsource.describe(node)}")
        return None
    count = len(read.problems)
    values: dict[str, Node] = {}
    for key_node, value_node in yamlsource.mapping_items(node):
        key = yamlsource.key_text(key_node)
        if key is None:
            read.problem(key_node, "keys of an FAQ entry must be plain words like 'question'")
        elif key not in KEYS:
            import difflib  # only for a mistake: not worth importing at every start

            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; the keys are {', '.join(KEYS)}"
            read.problem(key_node, f"unknown key {key!r} in an FAQ entry{hint}")
        elif key not in values:
            values[key] = value_node

    entry_id = _text(read, values.get("id"), "id")
    if "id" not in values:
        read.problem(node, "this FAQ entry has no 'id'; add one like 'id: my-question'")
    elif entry_id is not None and not ID_PATTERN.match(entry_id):
        read.problem(values["id"], f"the id {entry_id!r} must be lowercase letters, digits and "
                                   "single hyphens, like 'stretch-before-running'")
    question = _text(read, values.get("question"), "question")
    if "question" not in values:
        read.problem(node, "this FAQ entry has no 'question'")
    answer = _text(read, values.get("answer"), "answer")
    same = _text(read, values.get("same_answer_as"), "same_answer_as")
    if "answer" in values and "same_answer_as" in values:
        read.problem(values["same_answer_as"], "an entry has either 'answer' or 'same_answer_as', "
                                               "not both: remove one")
    elif "answer" not in values and "same_answer_as" not in values:
        read.problem(node, "this FAQ entry has no 'answer' (or 'same_answer_as: <id>' to share "
                           "another entry's answer)")
    tags = _text_list(read, values.get("tags"), "tags")
    exercises = _text_list(read, values.get("exercises"), "exercises")
    if any(p.is_error for p in read.problems[count:]) or _has_error_inside(read, node):
        return None
    line, _ = yamlsource.position(node)
    entry = FaqEntry(id=entry_id or "", question=question or "", answer=answer or "", tags=tags,
                     exercises=exercises, same_answer_as=same, source=source,
                     file=read.name, line=line)
    link_at = yamlsource.position(values["same_answer_as"]) if same is not None else None
    return _Written(entry, link_at, "exercises" in values)


def _has_error_inside(read: yamlsource.YamlFile, node: Node) -> bool:
    """Whether reading the whole file already found an error (a duplicate key, a refused tag) here."""
    start = (node.start_mark.line + 1, node.start_mark.column + 1)
    end = (node.end_mark.line + 1, node.end_mark.column + 1)
    return any(p.is_error and p.line is not None and start <= (p.line, p.column or 0) <= end
               for p in read.problems)


def _text(read: yamlsource.YamlFile, node: Node | None, key: str) -> str | None:
    if node is None or read.is_reported(node):
        return None
    if not isinstance(node, ScalarNode):
        read.problem(node, f"{key!r} must be text, got {yamlsource.describe(node)}")
        return None
    try:
        value = yamlsource.scalar_value(node)
    except yamlsource.NotAValue as exc:
        read.problem(node, f"{key!r}: {exc}")
        return None
    if value is None or (isinstance(value, str) and not value.strip()):
        read.problem(node, f"{key!r} is empty; write the text after '{key}:'")
        return None
    if not isinstance(value, str):
        read.problem(node, f"{key!r} must be text, got {node.value}; put it in quotes if you mean "
                           "the words")
        return None
    return value.strip()


def _text_list(read: yamlsource.YamlFile, node: Node | None, key: str) -> tuple[str, ...]:
    if node is None or read.is_reported(node):
        return ()
    if not isinstance(node, SequenceNode):
        read.problem(node, f"{key!r} must be a list like [a, b], got {yamlsource.describe(node)}")
        return ()
    items: list[str] = []
    for item in node.value:
        text = _text(read, item, f"each of {key}")
        if text is None:
            continue
        if text in items:
            read.problem(item, f"{text!r} is listed twice in {key!r}", WARNING)
            continue
        items.append(text)
    return tuple(items)


def merge(builtin: list[_Written], user: list[_Written]) -> tuple[list[FaqEntry], list[Problem]]:
    """Built-in entries in their order, the user's replacing those with the same id, then the
    user's new ones; shared answers looked up. An entry whose shared answer cannot be found is
    dropped (a replaced built-in entry comes back), with a problem."""
    problems: list[Problem] = []
    written: dict[str, _Written] = {w.entry.id: w for w in builtin}
    originals = dict(written)
    for item in user:
        if item.entry.id in originals:
            item = replace(item, entry=replace(item.entry, source=CUSTOMIZED))
        written[item.entry.id] = item

    def resolve(entry_id: str) -> tuple[FaqEntry | None, str]:
        seen: list[str] = []
        current = written[entry_id]
        while current.entry.same_answer_as is not None:
            seen.append(current.entry.id)
            target = current.entry.same_answer_as
            if target in seen:
                return None, f"the entries {', '.join(map(repr, seen))} take their answer from each other"
            if target not in written:
                return None, f"there is no entry {target!r} to take the answer from" + _closest(target, written)
            current = written[target]
        return current.entry, ""

    entries: list[FaqEntry] = []
    for entry_id, item in list(written.items()):
        entry = item.entry
        if entry.same_answer_as is None:
            entries.append(entry)
            continue
        target, why = resolve(entry_id)
        if target is None:
            line, column = item.link_at or (entry.line, None)
            problems.append(Problem(entry.file or "faq.yaml", line, column, f"'same_answer_as': {why}"))
            fallback = originals.get(entry_id)
            if fallback is None or fallback is item:
                continue
            written[entry_id] = item = fallback
            entry = item.entry
            target, _ = resolve(entry_id)
            if target is None:
                continue
        exercises = entry.exercises if item.gave_exercises else target.exercises
        entries.append(replace(entry, answer=target.answer, exercises=exercises))
    return entries, problems


def _closest(wanted: str, written: dict[str, _Written]) -> str:
    import difflib  # only for a mistake: not worth importing at every start

    close = difflib.get_close_matches(wanted, list(written), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""
