"""``coach list / validate / plan / schema``: output and exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from coach.cli import main
from coach.commands.routines import schema_text
from coach.core.files.paths import DataDir

REPO = Path(__file__).resolve().parents[1]


def user_routine(data_dir: Path, name: str, text: str) -> Path:
    folder = DataDir(data_dir).routines
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = "name: Mine\nexercises:\n  - name: Bridges\n    reps: 10\n    tempo: 4s\n"


def test_list(capsys, data_dir: Path) -> None:
    user_routine(data_dir, "mine.yaml", GOOD)
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "EXERCISES", "TIME", "SOURCE"]
    assert re.search(r"^lower-back-basics\s+Lower back basics\s+9\s+\d+:\d\d\s+built-in$", out, re.M)
    assert re.search(r"^mine\s+Mine\s+1\s+0:50\s+user$", out, re.M)  # 10 s get ready + 10 reps of 4 s


def test_list_shows_customized_and_problems_after_the_routines(capsys, data_dir: Path) -> None:
    user_routine(data_dir, "mine.yaml", "id: runners-core\n" + GOOD)
    broken = user_routine(data_dir, "broken.yaml", "name: Broken\nexercises:\n  - name: X\n    reps: 0\n")
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^runners-core\s+Mine\s+1\s+0:50\s+customized$", out, re.M)
    routines_end = out.index("runners-core")
    problem = f"{broken}:4:11: error: 'reps' must be a whole number >= 1, got 0"
    assert problem in out and out.index(problem) > routines_end
    assert "1 error in routine files" in out


def test_list_json(capsys, data_dir: Path) -> None:
    user_routine(data_dir, "broken.yaml", "name: [\n")
    assert main(["list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_id = {r["id"]: r for r in data["routines"]}
    assert by_id["runners-core"]["exercises"] == 5
    assert by_id["runners-core"]["source"] == "built-in"
    assert 240 <= by_id["runners-core"]["estimated_seconds"] <= 360
    assert len(data["problems"]) == 1 and data["problems"][0]["severity"] == "error"
    assert data["problems"][0]["line"] == 2


def test_validate_whole_library_ok(capsys) -> None:
    assert main(["validate"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == "3 files checked: no problems"


def test_validate_errors_exit_1_with_one_line_each(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "back.yaml").write_text(
        "name: Back\nexercises:\n  - name: Bridges\n    reps: ten\n  - name: Plank\n    hold: a minute\n",
        encoding="utf-8")
    assert main(["validate", "back.yaml"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "back.yaml:4:11: error: 'reps' must be a whole number >= 1, got 'ten'",
        "back.yaml:6:11: error: 'hold' must be a duration such as 45s, 2.5s, 1m, 1m30s or a number of "
        "seconds, got 'a minute'",
    ]
    assert captured.err.strip() == "1 file checked: 2 errors"


def test_validate_warnings_only_exit_0(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "linked.yaml").write_text(GOOD + "    faq: [no-such-answer]\n", encoding="utf-8")
    assert main(["validate", "linked.yaml"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "linked.yaml:6:11: warning: unknown FAQ id 'no-such-answer'; 'coach faq' lists the answers"]
    assert captured.err.strip() == "1 file checked: 1 warning"


def test_validate_a_folder_checks_ids_too(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "set").mkdir()
    (tmp_path / "set" / "a.yaml").write_text("id: same\n" + GOOD, encoding="utf-8")
    (tmp_path / "set" / "b.yaml").write_text("id: same\n" + GOOD, encoding="utf-8")
    assert main(["validate", "set"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("set/b.yaml: error: the routine id 'same' is already used by set/a.yaml")


def test_validate_missing_file(capsys, tmp_path: Path) -> None:
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 1
    assert capsys.readouterr().out.strip() == f"{tmp_path / 'nope.yaml'}: error: the file does not exist"


def test_validate_user_library_errors(capsys, data_dir: Path) -> None:
    user_routine(data_dir, "dup.yaml", GOOD + "name: Again\n")
    assert main(["validate"]) == 1
    out = capsys.readouterr().out
    assert ":6:1: error: duplicate key 'name': it is also on line 1" in out


def test_plan_text(capsys) -> None:
    assert main(["plan", "runners-core"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Runner's core, 5 minutes (runners-core): 5 exercises, about ")
    assert out[1].split() == ["START", "LENGTH", "KIND", "EXERCISE", "SET", "SIDE", "REP", "PART"]
    assert out[2].split() == ["0:00", "10s", "get", "ready"]
    assert out[3].split() == ["0:10", "10s", "rep", "Draw-in", "maneuvers", "1/1", "1/4", "hold"]
    assert any(line.split()[2:4] == ["switch", "sides"] for line in out[2:-1])
    assert re.fullmatch(r"total \d+:\d\d", out[-1])


def test_plan_json_of_a_file(capsys, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: P\nget_ready: 0\nexercises:\n  - name: Cat stretches\n    reps: 4\n"
                    "  - name: Plank\n    hold: 20s\n", encoding="utf-8")
    assert main(["plan", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["routine"] == "p"
    assert data["total_seconds"] == 12 + 30 + 20
    assert data["phases"] == [
        {"index": 0, "start": 0.0, "duration": None, "estimate": 12.0, "kind": "self_paced",
         "exercise": "Cat stretches", "set": 1, "side": None, "rep": None, "part": None},
        {"index": 1, "start": 12.0, "duration": 30.0, "estimate": 30.0, "kind": "rest",
         "exercise": "Cat stretches", "set": 1, "side": None, "rep": None, "part": None},
        {"index": 2, "start": 42.0, "duration": 20.0, "estimate": 20.0, "kind": "hold",
         "exercise": "Plank", "set": 1, "side": None, "rep": None, "part": None},
    ]


def test_plan_self_paced_note(capsys, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: P\nexercises:\n  - name: Cat stretches\n    reps: 4\n", encoding="utf-8")
    assert main(["plan", str(path)]) == 0
    out = capsys.readouterr().out
    assert "~12s  own pace" in out
    assert out.splitlines()[-1] == "total 0:22 (sets at your own pace counted as 3 s a rep)"


def test_plan_unknown_and_broken(capsys, tmp_path: Path) -> None:
    assert main(["plan", "lower-back-basic"]) == 1
    assert capsys.readouterr().err.strip() == (
        "lower-back-basic: error: there is no routine with the id 'lower-back-basic'; "
        "did you mean 'lower-back-basics'?")
    path = tmp_path / "bad.yaml"
    path.write_text("name: Bad\nexercises:\n  - name: X\n    hold: 0\n", encoding="utf-8")
    assert main(["plan", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == f"{path}:4:11: error: 'hold' must be longer than 0, got 0"


def test_schema_prints_the_committed_file(capsys) -> None:
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["title"] == "Coach routine"
    committed = (REPO / "resources" / "schema" / "routine.schema.json").read_text(encoding="utf-8")
    assert out == committed == schema_text(), (
        "resources/schema/routine.schema.json is out of date: run "
        "'coach schema > resources/schema/routine.schema.json'")


def test_readme_example_routine_is_valid(tmp_path: Path) -> None:
    from coach.core.routines.routine_format import load_routine_text

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Writing your own routine", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    routine, problems = load_routine_text(example, "my-back.yaml")
    assert problems == [] and routine.id == "my-back"
    assert [e.name for e in routine.exercises][:2] == ["Bridges", "Knee-to-chest stretches"]


@pytest.mark.slow
def test_validate_as_a_real_process(tmp_path: Path) -> None:
    (tmp_path / "routines").mkdir()
    bad = tmp_path / "routines" / "bad.yaml"
    bad.write_text("name: Bad\nexercises:\n  - name: X\n    reps: 3\n    sides: both\n", encoding="utf-8")
    env = {**os.environ, "COACH_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "coach", "validate"], capture_output=True, text=True,
                          env=env, timeout=60, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stdout.strip() == "routines/bad.yaml:5:12: error: 'sides' must be 'each' (left, then right), got 'both'"
    assert done.stderr.strip() == "4 files checked: 1 error"
    bad.unlink()
    done = subprocess.run([sys.executable, "-m", "coach", "validate"], capture_output=True, text=True,
                          env=env, timeout=60, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == "3 files checked: no problems"
