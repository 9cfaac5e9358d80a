"""Searching the FAQ: word prefixes, case and accents ignored, question matches first, highlights."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.core.faq.entries import MAX_QUERY_LENGTH, Faq, FaqEntry, load_faq, shown_query
from coach.core.faq.search import SearchIndex, fold, fold_with_positions, highlight_spans, query_terms, words
from coach.core.files.paths import DataDir


def builtin() -> Faq:
    return load_faq(DataDir(Path("/nonexistent-coach-data")))


def make_faq(*rows: tuple[str, str] | tuple[str, str, tuple[str, ...]]) -> Faq:
    entries = [FaqEntry(id=f"e{n}", question=row[0], answer=row[1], tags=row[2] if len(row) > 2 else ())
               for n, row in enumerate(rows)]
    return Faq(entries)


def marked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with its spans in [brackets], to read assertions at a glance."""
    out, position = [], 0
    for start, end in spans:
        out += [text[position:start], "[", text[start:end], "]"]
        position = end
    return "".join(out + [text[position:]])


def test_a_word_prefix_finds_the_whole_word() -> None:
    faq = builtin()
    assert faq.search("stren").ids()[:2] == ["strengthen-lower-back-for-running", "strengthen-lower-back"]
    assert set(faq.search("stren").ids()) == {
        "strengthen-lower-back-for-running", "strengthen-lower-back", "running-strengthens-core",
        "running-strengthens-back"}
    assert "run-every-day" in faq.search("run").ids()
    assert "running-technique" in faq.search("run").ids()


def test_a_prefix_must_start_a_word() -> None:
    faq = make_faq(("Overrun?", "Overrunning is bad."), ("Run?", "Yes."))
    assert faq.search("run").ids() == ["e1"]
    assert faq.search("over").ids() == ["e0"]


def test_case_and_accents_are_ignored() -> None:
    faq = make_faq(("Étirement du dos ?", "Doucement, à l’aube."), ("Strength?", "STRASSE and Straße."))
    assert faq.search("etire").ids() == ["e0"]
    assert faq.search("ÉTIRÉ").ids() == ["e0"]
    assert faq.search("aube").ids() == ["e0"]
    assert faq.search("sTrEnGtH").ids() == ["e1"]
    assert faq.search("straße").ids() == ["e1"]
    assert faq.search("strasse").ids() == ["e1"]


def test_apostrophes_do_not_split_words() -> None:
    faq = builtin()
    for query in ("runner's", "runner’s", "runners", "RUNNER"):
        assert faq.search(query).ids()[0] == "runners-face", query
    match = faq.search("runner's")[0]
    assert marked(match.entry.question, match.question_spans) == "What is a [runner’s] face?"


def test_every_word_of_the_query_must_match() -> None:
    faq = builtin()
    # "core" is in the question of one, and only a tag of the other
    assert faq.search("stren core").ids() == ["running-strengthens-core", "strengthen-lower-back-for-running"]
    assert faq.search("strengthen zebra").ids() == []
    assert len(faq.search("zebra")) == 0


def test_question_matches_rank_above_answer_only_matches() -> None:
    faq = make_faq(
        ("Tags only?", "Nothing here.", ("bridges",)),
        ("Why do my hips hurt?", "Try bridges and rest."),
        ("Are bridges good?", "Yes, rest well."),
        ("What about bridges and rest?", "Both."),
    )
    assert faq.search("bridges").ids() == ["e2", "e3", "e1", "e0"]
    # every word in the question, then some words in it, then words only in the answer, then tags
    assert faq.search("bridges rest").ids() == ["e3", "e2", "e1"]


def test_the_builtin_ranking_puts_question_matches_first() -> None:
    results = builtin().search("jogging")
    assert results.ids() == ["running-strengthens-back"]
    back = builtin().search("back").ids()
    in_question = [e.id for e in builtin().entries if "back" in e.question.lower()]
    assert back[:len(in_question)] == in_question


def test_an_empty_query_lists_everything_in_order() -> None:
    faq = builtin()
    for query in ("", "   ", "?!", "—"):
        assert faq.search(query).ids() == faq.ids()
        assert all(m.question_spans == [] for m in faq.search(query))


def test_matches_are_highlighted_in_question_and_answer() -> None:
    match = builtin().search("STREN low")[0]
    assert marked(match.entry.question, match.question_spans) == \
        "How do you [stren]gthen your [low]er back for running?"
    assert marked(match.entry.answer, match.answer_spans).startswith(
        "Pull your belly button toward the ground, tighten your [low] back against the ground and "
        "slowly [low]er your legs")


def test_highlights_point_into_the_original_text() -> None:
    text = "Étirement à l’École: Straße, runner’s"
    assert marked(text, highlight_spans(text, query_terms("etir ecol strass runners"))) == \
        "[Étir]ement à l’[Écol]e: [Straß]e, [runner’s]"
    assert marked(text, highlight_spans(text, query_terms("lec runner"))) == \
        "Étirement à [l’Éc]ole: Straße, [runner]’s"


def test_repeated_and_overlapping_query_words_ask_for_no_more() -> None:
    assert query_terms("run running RUN") == ("running",)
    assert query_terms("low lower back") == ("back", "lower")


def test_markup_is_searched_as_the_words_it_contains() -> None:
    faq = make_faq(("<img src=http://example.com/x.png>?", "<a href=file:///etc/passwd>open</a>"))
    assert faq.search("img").ids() == ["e0"]
    assert faq.search("passwd").ids() == ["e0"]


some_words = st.text(alphabet="abcé'’", min_size=1, max_size=4)
documents = st.lists(st.tuples(*(st.lists(some_words, max_size=5).map(" ".join) for _ in range(3))), max_size=12)


def reference(docs: list[tuple[str, str, str]], query: str) -> list[int]:
    """The ranking spelled out the slow way, to check the bitset index against."""
    terms = query_terms(query)
    if not terms:
        return list(range(len(docs)))

    def has(text: str, term: str) -> bool:
        return any(word.startswith(term) for word in words(fold(text)))

    ranks = []
    for number, (question, answer, tags) in enumerate(docs):
        fields = [[has(field, t) for t in terms] for field in (question, answer, tags)]
        if not all(q or a or g for q, a, g in zip(*fields)):
            continue
        if all(fields[0]):
            rank = 0
        elif any(fields[0]):
            rank = 1
        elif all(q or a for q, a in zip(fields[0], fields[1])):
            rank = 2
        else:
            rank = 3
        ranks.append((rank, number))
    return [number for _rank, number in sorted(ranks)]


@settings(max_examples=300, deadline=None)
@given(documents, st.lists(st.text(alphabet="abcéÉ'", min_size=1, max_size=3), max_size=3).map(" ".join))
def test_the_index_finds_exactly_what_a_slow_scan_finds(docs, query) -> None:
    found, _terms = SearchIndex(docs).search(query)
    assert found == reference(docs, query)


@given(st.text(alphabet=st.sampled_from("aZ é’'ßǅﬁ\u0301-Ω")))
def test_folding_keeps_track_of_where_each_character_came_from(text: str) -> None:
    folded, positions = fold_with_positions(text)
    assert folded == "".join(fold(char) for char in text) == fold(text)
    assert len(positions) == len(folded)
    assert positions == sorted(positions)
    for index, origin in enumerate(positions):
        assert folded[index] in fold(text[origin])


def test_the_exercises_an_answer_is_linked_to_are_searched() -> None:
    faq = builtin()
    # "Leg lowers" is named only in the answer's exercises, not in its question, answer or tags.
    assert faq.search("leg lowers").ids() == ["strengthen-lower-back-for-running"]
    assert faq.search("lowers").ids() == ["strengthen-lower-back-for-running"]
    assert faq.search("LEG LOW").ids()[0] == "strengthen-lower-back-for-running"
    assert faq.search("supermans").ids() == ["strengthen-lower-back"]
    # A match in an exercise name alone ranks with the tags: after question and answer matches.
    made = Faq([FaqEntry(id="linked", question="Q?", answer="A.", exercises=("Bird dogs",)),
                FaqEntry(id="answered", question="Q?", answer="Bird dogs help.")])
    assert made.search("bird dog").ids() == ["answered", "linked"]


def lines_run(action) -> int:
    """How many lines of Python ``action`` runs: work counted, not timed (the machine is shared)."""
    count = 0

    def trace(frame, event, _arg):
        nonlocal count
        if event == "line":
            count += 1
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        action()
    finally:
        sys.settrace(previous)
    return count


def distinct_words(count: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    found = []
    for number in range(count):
        word = ""
        number += 26 * 26  # three letters at least
        while number:
            number, digit = divmod(number, 26)
            word += letters[digit]
        found.append(word)
    return " ".join(found)


def test_the_work_of_a_search_grows_linearly_with_the_words_of_the_query() -> None:
    # Searched without the cut Faq.search makes: the index itself must not be quadratic.
    faq = builtin()
    index = SearchIndex([(e.question, e.answer, " ".join(e.tags)) for e in faq.entries])
    text = faq.get("strengthen-lower-back").answer

    def work(words_in_query: int) -> int:
        query = distinct_words(words_in_query) + " low"  # "low" matches; the others do not
        return lines_run(lambda: (query_terms(query), index.search(query),
                                  highlight_spans(text, query_terms(query))))

    small, large = work(500), work(2_000)
    assert large <= 4.5 * small, (small, large)  # four times the words: about four times the work


def test_a_long_query_is_cut_and_says_so() -> None:
    faq = builtin()
    results = faq.search("strengthen " + "x" * 40_000)
    assert results.cut
    assert len(results.query) <= MAX_QUERY_LENGTH
    assert not faq.search("strengthen lower back").cut
    # Cut between words, not inside one: "strengthen lower" and then nothing of "backbackback...".
    words_query = " ".join(["strengthen", "lower"] + ["back"] * 1_000)
    cut = faq.search(words_query)
    assert cut.cut and set(cut.query.split()) <= {"strengthen", "lower", "back"}
    assert cut.ids() == faq.search("strengthen lower back").ids()


def test_a_long_query_is_shown_shortened() -> None:
    assert shown_query("leg lowers") == "leg lowers"
    long = "zebra " * 1_000
    shown = shown_query(long)
    assert shown.startswith("zebra zebra") and shown.endswith("…") and len(shown) <= 41
