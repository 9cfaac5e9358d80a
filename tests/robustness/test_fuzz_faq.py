"""The user's FAQ file, valid, mutated, or any yaml-test-suite document: the built-in answers stay."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from strategies import HOSTILE_WORDS, examples, faq_documents, human_text, mutated_faq_text, yaml_lines

from coach.core.faq.entries import load_faq
from coach.core.files.paths import DataDir

SUITE = Path(__file__).resolve().parents[1] / "data" / "yaml-test-suite"
CORPUS = sorted(SUITE.glob("*/*.yaml"))
BUILT_IN = load_faq(DataDir(Path("/nonexistent-coach-data")))
BUILT_IN_IDS = set(BUILT_IN.ids())


def _load_user_file(folder: Path, data: str | bytes):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "faq.yaml"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
    faq = load_faq(DataDir(folder))
    assert BUILT_IN_IDS <= set(faq.ids()), "a user file hid built-in answers"
    lines = yaml_lines(path.read_bytes())
    for problem in faq.problems:
        assert problem.message.strip() and problem.file.endswith("faq.yaml")
        if problem.line is not None:
            assert 1 <= problem.line <= lines
    for entry in faq.entries:
        assert entry.id and entry.question.strip() and entry.answer.strip()
    return faq


def test_the_built_in_answers_are_there() -> None:
    assert len(BUILT_IN_IDS) == 12


@pytest.mark.slow
@settings(max_examples=examples(3))
@given(doc=faq_documents)
def test_valid_user_entries_with_any_text_are_all_shown_and_found(doc: list, tmp_path_factory) -> None:
    # Double-quoted: PyYAML writes line breaks like U+0085 raw in plain scalars, which then read
    # back as spaces (a property of the dumper, not of what a person writes).
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10**6, default_style='"')
    faq = _load_user_file(tmp_path_factory.mktemp("faq"), text)
    assert [p for p in faq.problems if p.is_error] == []
    for written in doc:
        entry = faq.get(written["id"])
        assert entry is not None
        assert entry.question == written["question"].strip()
        assert entry.answer == written["answer"].strip()
        # Searching for the question's own words never fails, and an entry is found by them.
        found = faq.search(written["question"])
        assert all(m.entry.id for m in found)


@pytest.mark.slow
@settings(max_examples=examples(6))
@given(data=mutated_faq_text())
def test_a_mutated_user_file_gives_entries_or_clear_problems(data: str | bytes, tmp_path_factory) -> None:
    faq = _load_user_file(tmp_path_factory.mktemp("faq"), data)
    assert len(faq.entries) >= len(BUILT_IN_IDS)


@settings(max_examples=examples(2))
@given(query=human_text)
def test_any_search_text_is_answered(query: str) -> None:
    results = BUILT_IN.search(query)
    for match in results[:5]:
        for start, end in match.question_spans + match.answer_spans:
            assert 0 <= start < end


@pytest.mark.slow
def test_every_yaml_test_suite_document_as_the_user_faq_file(tmp_path: Path) -> None:
    # The routine side of the corpus is tests/core/test_yaml_test_suite.py.
    assert len(CORPUS) >= 400
    accepted = 0
    for number, path in enumerate(CORPUS):
        faq = _load_user_file(tmp_path / str(number), path.read_bytes())
        accepted += len(faq.entries) > len(BUILT_IN_IDS)
    # Nothing in the corpus looks like an FAQ entry, so none adds one.
    assert accepted == 0


@pytest.mark.parametrize("word", HOSTILE_WORDS)
def test_hostile_words_as_question_and_answer_are_kept_as_written(word: str, tmp_path: Path) -> None:
    text = yaml.safe_dump([{"id": "mine", "question": word + " ?", "answer": word + " ."}], allow_unicode=True)
    faq = _load_user_file(tmp_path, text)
    entry = faq.get("mine")
    assert entry is not None and entry.question == (word + " ?").strip() and entry.answer == (word + " .").strip()
