"""``coach faq [QUERY] [--json]``: the matching answers, ranked as in the panel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach import cli
from coach.core.faq.entries import MAX_QUERY_LENGTH, SAFETY_NOTE, load_faq
from coach.core.files.paths import DataDir


def coach_faq(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = cli.main(["--data-dir", str(data_dir), "faq", *args])
    out, err = capsys.readouterr()
    return code, out, err


def questions_in(out: str, faq) -> list[str]:
    """The ids of the questions printed, in the order printed."""
    by_question = {e.question: e.id for e in faq.entries}
    return [by_question[line] for line in out.splitlines() if line in by_question]


def test_without_a_query_every_answer_is_printed_in_order(capsys, data_dir: Path) -> None:
    faq = load_faq(DataDir(data_dir))
    code, out, err = coach_faq(capsys, data_dir)
    assert code == 0 and err == ""
    assert questions_in(out, faq) == faq.ids()
    assert "  [runners-face]" in out
    assert "running doesn’t specifically cause your face to look this way." in " ".join(out.split())
    assert " ".join(out.split()).endswith(" ".join(SAFETY_NOTE.split()))


def test_a_query_prints_the_matches_ranked_as_in_the_panel(capsys, data_dir: Path) -> None:
    faq = load_faq(DataDir(data_dir))
    code, out, _err = coach_faq(capsys, data_dir, "stren LOW")
    assert code == 0
    assert questions_in(out, faq) == faq.search("stren low").ids()
    assert questions_in(out, faq)[:2] == ["strengthen-lower-back-for-running", "strengthen-lower-back"]
    assert "Related exercises: Leg lowers" in out
    assert "Pelvic tilts" in out


def test_no_match_says_so_and_exits_1(capsys, data_dir: Path) -> None:
    code, out, err = coach_faq(capsys, data_dir, "zebra")
    assert code == 1
    assert out == ""
    assert "No answers match 'zebra'." in err


def test_json_output(capsys, data_dir: Path) -> None:
    code, out, _err = coach_faq(capsys, data_dir, "runner’s", "--json")
    assert code == 0
    printed = json.loads(out)
    assert printed["query"] == "runner’s"
    assert printed["note"] == SAFETY_NOTE
    first = printed["answers"][0]
    assert first["id"] == "runners-face"
    assert first["question"][slice(*first["question_matches"][0])] == "runner’s"
    assert printed["problems"] == []
    everything = json.loads(coach_faq(capsys, data_dir, "--json")[1])
    assert len(everything["answers"]) == 12
    shared = next(a for a in everything["answers"] if a["id"] == "why-lower-back-hurts-when-running")
    assert shared["same_answer_as"] == "prevent-lower-back-pain-when-running"
    assert shared["answer"].startswith("Excess physical activity")


def test_a_broken_user_file_is_reported_and_the_built_in_answers_still_print(capsys, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "faq.yaml").write_text("- id: mine\n  question: Mine?\n  answr: x\n", encoding="utf-8")
    code, out, err = coach_faq(capsys, data_dir, "strengthen")
    assert code == 0
    assert "faq.yaml:3:3: error: unknown key 'answr' in an FAQ entry; did you mean 'answer'?" in err
    assert "How can I strengthen my lower back?" in out
    printed = json.loads(coach_faq(capsys, data_dir, "--json")[1])
    assert printed["problems"][0]["line"] == 3 and printed["problems"][0]["column"] == 3


def test_markup_in_a_user_answer_prints_as_written(capsys, data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "faq.yaml").write_text(
        "- id: mine\n  question: <b>Bold?</b>\n  answer: <img src=http://example.com/x.png>\n",
        encoding="utf-8")
    code, out, _err = coach_faq(capsys, data_dir, "bold")
    assert code == 0
    assert "<b>Bold?</b>" in out and "<img src=http://example.com/x.png>" in out


@pytest.mark.slow
def test_the_real_command(data_dir: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "coach", "--data-dir", str(data_dir), "faq", "jog"],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Does running strengthen your back?\n")


@pytest.mark.parametrize("query", ["leg lowers", "lowers", "Leg"])
def test_an_exercise_linked_to_an_answer_finds_it(capsys, data_dir: Path, query: str) -> None:
    code, out, _err = coach_faq(capsys, data_dir, query)
    assert code == 0
    assert out.startswith("How do you strengthen your lower back for running?\n")
    assert "Related exercises: Leg lowers" in out


def test_a_long_query_is_cut_with_a_notice_and_not_repeated_whole(capsys, data_dir: Path) -> None:
    query = "zebra " * 6_000  # 36,000 characters
    code, out, err = coach_faq(capsys, data_dir, query)
    assert code == 1 and out == ""
    assert f"only its first {MAX_QUERY_LENGTH} characters are searched" in err
    assert "No answers match 'zebra zebra" in err
    assert len(err) < 400, "the whole query is not printed back"
    code, out, err = coach_faq(capsys, data_dir, "strengthen " * 100)
    assert code == 0 and "only its first" in err
    assert questions_in(out, load_faq(DataDir(data_dir))) == load_faq(DataDir(data_dir)).search("strengthen").ids()
