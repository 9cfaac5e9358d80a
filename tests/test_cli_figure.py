"""``coach figure NAME [--pose P | --at PART:FRACTION] --out FILE`` and ``coach figure --list``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach.cli import main
from coach.core.files.paths import DataDir
from coach.core.routines.figure_library import FigureLibrary

BUILT_IN = FigureLibrary().names()


def coach_figure(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["figure", *args])
    out, err = capsys.readouterr()
    return code, out, err


def user_figure(data_dir: Path, name: str, text: str) -> Path:
    folder = DataDir(data_dir).root / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


MINE = "name: My stretch\nposes:\n  rest: {torso: 180}\n  up: {torso: 180, near_hip: 90}\n"


def test_list_names_every_figure_with_its_poses_and_marks_the_users(capsys, data_dir) -> None:
    user_figure(data_dir, "my-stretch.yaml", MINE)
    user_figure(data_dir, "broken.yaml", "name: Broken\nposes:\n  rest: {torso: 999}\n")
    code, out, err = coach_figure(capsys, "--list")
    assert code == 0 and err == ""
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert set(BUILT_IN) <= set(lines) and len(BUILT_IN) >= 9
    assert "Bridges (side view; poses: rest, top)" in lines["bridges"]
    assert lines["my-stretch"].endswith("[yours]") and "poses: rest, up" in lines["my-stretch"]
    assert "cannot be drawn" in lines["broken"] and "broken.yaml:3:" in lines["broken"]
    code, out, _err = coach_figure(capsys, "--list", "--json")
    listed = {row["name"]: row for row in json.loads(out)["figures"]}
    assert listed["bridges"]["poses"] == ["rest", "top"] and not listed["bridges"]["yours"]
    assert listed["my-stretch"]["yours"] and listed["broken"]["problems"]


def test_a_moment_of_a_rep_is_drawn_between_the_poses_it_moves_through(capsys, qapp, tmp_path) -> None:
    from PySide6.QtGui import QImage

    shots = {}
    for label, args in (("rest", ["--pose", "rest"]), ("top", ["--pose", "top"]), ("start", []),
                        ("up0", ["--at", "up:0"]), ("up1", ["--at", "up:1"]), ("half", ["--at", "up:0.5"]),
                        ("down-half", ["--at", "down:0.5"])):
        out = tmp_path / f"{label}.png"
        code, printed, err = coach_figure(capsys, "bridges", *args, "--size", "320x200", "--out", str(out))
        assert (code, err) == (0, ""), err
        assert printed.strip() == str(out)
        shots[label] = QImage(str(out))
        assert shots[label].size().toTuple() == (320, 200)
    assert shots["up0"] == shots["rest"] == shots["start"]
    assert shots["up1"] == shots["top"]
    assert shots["half"] != shots["rest"] and shots["half"] != shots["top"]
    assert shots["half"] == shots["down-half"]  # the same way back, half way


def test_an_svg_is_written_for_a_name_ending_in_svg(capsys, qapp, tmp_path) -> None:
    from PySide6.QtSvg import QSvgRenderer

    out = tmp_path / "knee.svg"
    code, _out, err = coach_figure(capsys, "Knee-to-chest stretches", "--side", "right", "--out", str(out))
    assert (code, err) == (0, "")
    assert QSvgRenderer(str(out)).isValid()
    assert "<title>Knee-to-chest stretch</title>" in out.read_text(encoding="utf-8")


def test_a_figure_file_is_drawn_or_its_problems_are_told(capsys, qapp, tmp_path) -> None:
    good = tmp_path / "mine.yaml"
    good.write_text(MINE, encoding="utf-8")
    code, _out, err = coach_figure(capsys, str(good), "--pose", "up", "--out", str(tmp_path / "mine.png"))
    assert (code, err) == (0, "") and (tmp_path / "mine.png").is_file()
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Bad\nposes:\n  rest: {torso: 180, near_knee: 400}\n", encoding="utf-8")
    code, _out, err = coach_figure(capsys, str(bad), "--out", str(tmp_path / "bad.png"))
    assert code == 1
    assert "bad.yaml:3:" in err and "'near_knee'" in err
    assert "has errors (above): it cannot be drawn" in err
    assert not (tmp_path / "bad.png").exists()


@pytest.mark.parametrize(("args", "told"), [
    (["brdges", "--out", "x.png"], "there is no figure called 'brdges'; did you mean 'bridges'?"),
    (["bridges", "--pose", "tp", "--out", "x.png"], "Bridges has no pose 'tp'; did you mean 'top'? Its poses are: rest, top"),
    (["bridges", "--pose", "zzz", "--out", "x.png"], "Bridges has no pose 'zzz'; its poses are: rest, top"),
    (["bridges", "--at", "sideways:0.5", "--out", "x.png"], "'sideways' is not a tempo part; the parts are up, hold, down, pause, rep"),
    (["bridges", "--at", "up", "--out", "x.png"], "give how far into 'up' as well, from 0 to 1: 'up:0.5'"),
    (["bridges", "--at", "up:1.5", "--out", "x.png"], "how far into 'up' must be from 0 to 1"),
    (["bridges", "--at", "up:nan", "--out", "x.png"], "how far into 'up' must be from 0 to 1"),
    (["bridges", "--at", "up:half", "--out", "x.png"], "how far into 'up' must be a number from 0 to 1"),
    (["bridges", "--size", "big", "--out", "x.png"], "--size 'big': give a width and a height in pixels, like 800x500"),
    (["bridges", "--size", "9x9", "--out", "x.png"], "each side must be from 16 to 8000 pixels"),
    (["bridges", "--out", "x.gif"], "'x.gif' must end in .png or .svg"),
    (["bridges"], "say where to write the picture: --out FILE.png or --out FILE.svg"),
    ([], "name the figure to draw (coach figure --list names them all)"),
    (["bridges", "--out", "/nowhere/at/all/x.png"], "cannot write /nowhere/at/all/x.png: its folder does not exist"),
])
def test_what_cannot_be_done_is_said_in_one_line(capsys, qapp, tmp_path, monkeypatch, args, told) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = coach_figure(capsys, *args)
    assert code == 1 and out == ""
    assert err.startswith("coach figure: ") and told in err, err
    assert len(err.splitlines()) == 1
    assert os.listdir(tmp_path) == []


def test_the_command_needs_no_display_and_shows_no_traceback(tmp_path, data_dir) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["COACH_DATA_DIR"] = str(data_dir)
    run = subprocess.run([sys.executable, "-m", "coach", "figure", "supermans", "--at", "up:0.5",
                          "--out", str(tmp_path / "s.png")], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "s.png").read_bytes().startswith(b"\x89PNG")
    run = subprocess.run([sys.executable, "-m", "coach", "figure", "nothing", "--out", str(tmp_path / "n.png")],
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.strip() == ("coach figure: there is no figure called 'nothing' "
                                  "(coach figure --list names them all)")
