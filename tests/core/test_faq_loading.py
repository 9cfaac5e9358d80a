"""The user's faq.yaml: adding and replacing answers, and every way it can be wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.core.faq.entries import BUILT_IN, CUSTOMIZED, USER, faq_from_text, load_faq
from coach.core.files.paths import DataDir


def write_user_faq(data_dir: Path, text: str) -> DataDir:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "faq.yaml").write_text(text, encoding="utf-8")
    return DataDir(data_dir)


def messages(faq) -> list[str]:
    return [str(p) for p in faq.problems]


def test_a_user_file_adds_and_replaces_entries_by_id(data_dir: Path) -> None:
    builtin = load_faq(DataDir(data_dir))
    user = write_user_faq(data_dir, """\
- id: running-technique
  question: What is good running technique?
  answer: Run tall and light.
  tags: [form]
- id: stretch-after-running
  question: Should I stretch after running?
  answer: Gently, for a few minutes.
  tags: [stretching]
  exercises: [Cat stretches]
""")
    faq = load_faq(user)
    assert faq.problems == []
    assert faq.ids() == builtin.ids() + ["stretch-after-running"]
    replaced = faq.get("running-technique")
    assert replaced.answer == "Run tall and light."
    assert replaced.source == CUSTOMIZED
    assert replaced.file.endswith("faq.yaml") and replaced.line == 1
    added = faq.get("stretch-after-running")
    assert added.source == USER
    assert [e.id for e in faq.for_exercise("Cat stretches")] == ["strengthen-lower-back", "stretch-after-running"]
    assert faq.get("runners-face").source == BUILT_IN
    assert faq.search("tall").ids() == ["running-technique"]


def test_replacing_a_shared_answer_changes_both_questions(data_dir: Path) -> None:
    faq = load_faq(write_user_faq(data_dir, """\
- id: prevent-lower-back-pain-when-running
  question: How do I prevent lower back pain when running?
  answer: Build up slowly.
"""))
    assert faq.problems == []
    assert faq.get("why-lower-back-hurts-when-running").answer == "Build up slowly."


def test_a_user_entry_can_share_an_answer(data_dir: Path) -> None:
    faq = load_faq(write_user_faq(data_dir, """\
- id: how-to-strengthen-back
  question: Which exercises strengthen my back?
  same_answer_as: strengthen-lower-back
"""))
    assert faq.problems == []
    entry = faq.get("how-to-strengthen-back")
    assert entry.answer == faq.get("strengthen-lower-back").answer
    # The related exercises belong to the answer, so they come with it.
    assert entry.exercises == faq.get("strengthen-lower-back").exercises


def test_a_broken_user_file_never_hides_the_built_in_answers(data_dir: Path) -> None:
    builtin = load_faq(DataDir(data_dir))
    faq = load_faq(write_user_faq(data_dir, "- id: x\n  question: [unclosed\n"))
    assert faq.ids() == builtin.ids()
    assert len(faq.problems) == 1
    problem = faq.problems[0]
    assert problem.file.endswith("faq.yaml")
    assert (problem.line, problem.column) == (3, 1)
    assert "YAML syntax error" in problem.message
    assert str(problem).startswith(f"{problem.file}:3:1: error: ")


@pytest.mark.parametrize(("text", "where", "words"), [
    ("- id: Bad Id\n  question: Q?\n  answer: A.\n", (1, 7), "lowercase letters"),
    ("- id: ok\n  question: Q?\n  answr: A.\n", (3, 3), "did you mean 'answer'"),
    ("- id: ok\n  answer: A.\n", (1, 3), "no 'question'"),
    ("- id: ok\n  question: Q?\n", (1, 3), "no 'answer'"),
    ("- id: ok\n  question: Q?\n  answer: A.\n  same_answer_as: runners-face\n", (4, 19), "not both"),
    ("- id: ok\n  question: Q?\n  answer: yes\n", (3, 11), "must be text"),
    ("- id: ok\n  question: Q?\n  answer: ''\n", (3, 11), "empty"),
    ("- id: ok\n  question: Q?\n  answer: A.\n  tags: running\n", (4, 9), "must be a list"),
    ("- id: ok\n  question: Q?\n  answer: {a: b}\n", (3, 11), "must be text, got a mapping"),
    ("- just a line\n", (1, 3), "must be a mapping"),
    ("id: ok\nquestion: Q?\n", (1, 1), "must be a list of entries"),
    ("- id: ok\n  question: Q?\n  same_answer_as: runers-face\n", (3, 19), "did you mean 'runners-face'"),
    ("- id: ok\n  question: Q?\n  answer: A.\n  answer: B.\n", (4, 3), "duplicate key 'answer'"),
    ("- id: ok\n  question: Q?\n  answer: !!python/object:os.system x\n", (3, 11), "not allowed"),
])
def test_a_broken_entry_is_reported_where_it_is_and_skipped(data_dir: Path, text: str, where, words: str) -> None:
    faq = load_faq(write_user_faq(data_dir, text))
    errors = [p for p in faq.problems if p.is_error]
    assert errors, messages(faq)
    assert (errors[0].line, errors[0].column) == where, messages(faq)
    assert words in errors[0].message
    assert "ok" not in faq.ids()
    assert len(faq.entries) == 12


def test_good_entries_survive_a_bad_neighbour(data_dir: Path) -> None:
    faq = load_faq(write_user_faq(data_dir, """\
- id: first
  question: First?
  answer: One.
- id: second
  question: Second?
- id: first
  question: Again?
  answer: Two.
- id: third
  question: Third?
  answer: Three.
"""))
    assert [str(p).split(": ", 1)[0][-8:] for p in faq.problems] == ["yaml:4:3", "yaml:6:3"]
    assert "already used on line 1" in faq.problems[1].message
    assert faq.ids()[-2:] == ["first", "third"]
    assert faq.get("first").answer == "One."


def test_a_user_replacement_that_fails_keeps_the_built_in_answer(data_dir: Path) -> None:
    builtin = load_faq(DataDir(data_dir))
    faq = load_faq(write_user_faq(data_dir, """\
- id: runners-face
  question: Runner's face?
  same_answer_as: no-such-answer
"""))
    assert len(faq.problems) == 1 and faq.problems[0].line == 3
    assert faq.get("runners-face") == builtin.get("runners-face")


def test_answers_that_point_at_each_other_are_reported(data_dir: Path) -> None:
    faq = load_faq(write_user_faq(data_dir, """\
- id: a-question
  question: A?
  same_answer_as: b-question
- id: b-question
  question: B?
  same_answer_as: a-question
"""))
    assert "take their answer from each other" in faq.problems[0].message
    assert "a-question" not in faq.ids() and "b-question" not in faq.ids()


def test_an_empty_user_file_adds_nothing_and_is_no_problem(data_dir: Path) -> None:
    faq = load_faq(write_user_faq(data_dir, "# my answers, later\n"))
    assert faq.problems == [] and len(faq.entries) == 12


def test_a_user_file_that_is_not_utf8_is_reported(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "faq.yaml").write_bytes(b"- id: caf\xe9\n")
    faq = load_faq(DataDir(data_dir))
    assert len(faq.entries) == 12
    assert (faq.problems[0].line, faq.problems[0].column) == (1, 10)
    assert "UTF-8" in faq.problems[0].message


def test_listing_an_exercise_twice_is_a_warning_not_an_error() -> None:
    faq = faq_from_text("- id: a\n  question: Q?\n  answer: A.\n  exercises: [Bridges, Bridges]\n")
    assert [p.severity for p in faq.problems] == ["warning"]
    assert faq.get("a").exercises == ("Bridges",)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(["- id: a\n", "  question: Q?\n", "  answer: A.\n", "  same_answer_as: a\n",
                              "  tags: [x, 1, [y]]\n", "  exercises: {a: b}\n", "- id: runners-face\n",
                              "  answer: !!binary aGk=\n", "- &x {id: b}\n", "- *x\n", "\t- id: c\n",
                              "  question: ''\n", "---\n", "- [1, 2]\n"]), max_size=12).map("".join),
))
def test_no_user_file_can_break_loading_or_hide_the_built_in_answers(data_dir: Path, text: str) -> None:
    faq = load_faq(write_user_faq(data_dir, text))
    builtin_ids = load_faq(DataDir(data_dir / "elsewhere")).ids()
    assert set(builtin_ids) <= set(faq.ids())
    for problem in faq.problems:
        assert problem.file.endswith("faq.yaml")
        assert problem.message
    for entry in faq.entries:
        assert entry.question and entry.answer


def test_the_data_folder_may_be_given_as_a_path(data_dir: Path) -> None:
    write_user_faq(data_dir, "- id: mine\n  question: Mine?\n  answer: Yes.\n")
    assert load_faq(data_dir).ids() == load_faq(DataDir(data_dir)).ids()
    assert "mine" in load_faq(data_dir).ids()
