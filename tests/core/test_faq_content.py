"""The shipped FAQ: every question of the source material, each answer as written there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from coach.core.faq.entries import builtin_faq_file, load_faq
from coach.core.files.paths import DataDir
from tests.conftest import TEST_DATA

#: The ids agreed with the routines, in the order of the source's questions.
IDS = [
    "prevent-lower-back-pain-when-running", "why-lower-back-hurts-when-running",
    "run-with-lower-back-pain", "is-back-pain-normal-when-running",
    "strengthen-lower-back-for-running", "strengthen-lower-back", "run-every-day",
    "running-technique", "running-strengthens-core", "running-strengthens-back",
    "is-running-hard-on-lower-back", "runners-face",
]
EIGHT_EXERCISES = ["Bridges", "Knee-to-chest stretches", "Lower back rotational stretches",
                   "Draw-in maneuvers", "Pelvic tilts", "Lying lateral leg lifts", "Cat stretches",
                   "Supermans"]

#: The slips mended in the shipped text: (as the source has it, as shipped).
MENDS = [
    ("tear This can", "tear. This can"),
    ("back pain A 2014 study", "back pain. A 2014 study"),
    ("low back pain While", "low back pain. While"),
    ("health benefits Studies", "health benefits. Studies"),
    ("take small steps Running", "take small steps. Running"),
    ("lower body muscles It’s", "lower body muscles. It’s"),
    ("many years of running And while", "many years of running. And while"),
]

#: Text of the source left out of the shipped answer, by id: the answer began by repeating its
#: question ("Should I run every day? Should I run every day? Running every day may...").
LEFT_OUT = {"run-every-day": "Should I run every day? "}

#: Words that keep their capitals inside a sentence.
KEEP_CAPITALS = {"I", "OK"}


def source_pairs() -> list[tuple[str, str]]:
    blocks = [b.strip() for b in (TEST_DATA / "faq-source.txt").read_text(encoding="utf-8").split("\n\n")]
    blocks = [b for b in blocks if b]
    assert len(blocks) == 24, "the source has twelve questions, each followed by its answer"
    return list(zip(blocks[0::2], blocks[1::2]))


def letters(text: str) -> str:
    """Only letters and digits: the mends (full stops, a comma, line breaks) do not count."""
    return re.sub(r"[\W_]+", "", text.casefold())


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def faq():
    return load_faq(DataDir(Path("/nonexistent-coach-data")))


def test_the_shipped_file_loads_without_problems(faq) -> None:
    assert faq.problems == []
    assert faq.ids() == IDS


@pytest.mark.parametrize("number", range(12))
def test_every_source_question_is_there_with_its_answer(faq, number: int) -> None:
    question, answer = source_pairs()[number]
    entry = faq.get(IDS[number])
    assert entry is not None
    assert letters(entry.question) == letters(question)
    left_out = LEFT_OUT.get(entry.id, "")
    assert left_out in answer
    assert letters(entry.answer) == letters(answer.replace(left_out, "", 1))


def test_the_run_together_sentences_are_mended(faq) -> None:
    answers = " ".join(one_line(e.answer) for e in faq.entries)
    source = " ".join(one_line(a) for _q, a in source_pairs())
    for slip, mended in MENDS:
        assert slip in source
        assert slip not in answers
        assert mended in answers


def test_the_list_of_exercises_reads_as_a_list(faq) -> None:
    lines = faq.get("strengthen-lower-back").answer.splitlines()
    assert lines[0] == "How to strengthen the lower back:"
    assert lines[1:] == [name + "." for name in EIGHT_EXERCISES]


def test_the_shared_answer_is_written_once() -> None:
    raw = builtin_faq_file().read_text(encoding="utf-8")
    assert raw.count("Excess physical activity") == 1
    written = {e["id"]: e for e in yaml.safe_load(raw)}
    assert "answer" in written["prevent-lower-back-pain-when-running"]
    assert "answer" not in written["why-lower-back-hurts-when-running"]
    assert written["why-lower-back-hurts-when-running"]["same_answer_as"] == "prevent-lower-back-pain-when-running"


def test_both_questions_show_the_shared_answer(faq) -> None:
    first = faq.get("prevent-lower-back-pain-when-running")
    second = faq.get("why-lower-back-hurts-when-running")
    assert first.question != second.question
    assert second.answer == first.answer
    assert second.same_answer_as == first.id


def test_answers_link_to_their_exercises(faq) -> None:
    assert list(faq.get("strengthen-lower-back").exercises) == EIGHT_EXERCISES
    assert list(faq.get("strengthen-lower-back-for-running").exercises) == ["Leg lowers"]
    for name in EIGHT_EXERCISES:
        assert [e.id for e in faq.for_exercise(name)] == ["strengthen-lower-back"]
    assert [e.id for e in faq.for_exercise("Leg lowers")] == ["strengthen-lower-back-for-running"]
    assert [e.id for e in faq.for_exercise("leg  LOWERS")] == ["strengthen-lower-back-for-running"]
    assert faq.for_exercise("Jumping jacks") == []
    assert set(faq.exercises_linked()) == {*EIGHT_EXERCISES, "Leg lowers"}


def test_every_entry_has_tags(faq) -> None:
    for entry in faq.entries:
        assert entry.tags, entry.id
        assert all(tag == tag.strip() and tag for tag in entry.tags)


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])\s+", one_line(text)) if s]


def test_questions_are_written_in_sentence_case(faq) -> None:
    assert faq.get("prevent-lower-back-pain-when-running").question == \
        "How do I prevent lower back pain when running?"
    for entry in faq.entries:
        first, *others = entry.question.split()
        assert first[0].isupper(), entry.question
        capitalized = [w for w in others if w != w.lower() and w.strip("?,") not in KEEP_CAPITALS]
        assert capitalized == [], entry.question


def test_no_sentence_of_an_answer_is_in_title_case(faq) -> None:
    for entry in faq.entries:
        for sentence in sentences(entry.answer):
            words = sentence.split()[1:]
            capitalized = [w for w in words if w[:1].isupper() and w.strip("?,.:") not in KEEP_CAPITALS]
            assert len(capitalized) < 3, sentence


def test_no_answer_repeats_its_question(faq) -> None:
    for entry in faq.entries:
        first = sentences(entry.answer)[0]
        assert letters(first) != letters(entry.question), entry.id
    assert faq.get("run-every-day").answer.startswith("Running every day may have some health benefits.")
