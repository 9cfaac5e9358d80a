"""The figures to choose from (the editor's gallery): built-in and the user's, broken ones with their
problem, never an exception; the user's files read again each time."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.core.routines.figure_library import BUILT_IN, USER, FigureLibrary

PLANK = "name: My plank\nposes:\n  down: {torso: 0}\n  up: {torso: 10}\n"


def test_built_in_and_the_users_with_the_broken_ones_and_their_problem(tmp_path: Path) -> None:
    mine = tmp_path / "figures"
    mine.mkdir()
    (mine / "my-plank.yaml").write_text(PLANK)
    (mine / "bridges.yaml").write_text(PLANK.replace("My plank", "My bridge"))  # replaces the built-in
    (mine / "wobbly.yaml").write_text("poses:\n  rest: {torso: 180, near_knee: 400}\n")
    (mine / "Big Name.yaml").write_text(PLANK)
    (mine / "empty.yaml").write_text("")
    (mine / "binary.yaml").write_bytes(b"\xff\xfe\x00poses")
    choices = {c.name: c for c in FigureLibrary(user_dir=mine).choices()}
    assert choices["supermans"].source == BUILT_IN and choices["supermans"].figure.name == "Superman"
    assert choices["supermans"].problem == ""
    assert choices["my-plank"].source == USER and choices["my-plank"].figure.name == "My plank"
    assert choices["bridges"].source == USER and choices["bridges"].figure.name == "My bridge"
    assert choices["wobbly"].figure is None
    assert choices["wobbly"].problem.startswith(f"{mine / 'wobbly.yaml'}:2:33: error: 'near_knee' in 'rest'")
    assert "rename it big-name.yaml" in choices["Big Name"].problem
    for name in ("empty", "binary"):
        assert choices[name].figure is None and choices[name].problem, name


def test_a_fixed_figure_is_usable_the_next_time(tmp_path: Path) -> None:
    mine = tmp_path / "figures"
    mine.mkdir()
    (mine / "wobbly.yaml").write_text("poses:\n  rest: {torso: 180, near_knee: 400}\n")
    library = FigureLibrary(user_dir=mine)
    assert next(c for c in library.choices() if c.name == "wobbly").figure is None
    (mine / "wobbly.yaml").write_text(PLANK)
    fixed = next(c for c in library.choices() if c.name == "wobbly")
    assert fixed.figure is not None and fixed.problem == "" and "wobbly" not in library.problems


def test_no_user_folder_lists_the_built_ins(tmp_path: Path) -> None:
    names = [c.name for c in FigureLibrary(user_dir=tmp_path / "none").choices()]
    assert "bridges" in names and all(c.source == BUILT_IN for c in FigureLibrary().choices())


def test_something_that_is_not_a_file_is_listed_as_such(tmp_path: Path) -> None:
    import os

    mine = tmp_path / "figures"
    mine.mkdir()
    (mine / "folder.yaml").mkdir()
    os.mkfifo(mine / "pipe.yaml")  # opening it would wait for ever: it is never opened
    (mine / "nowhere.yaml").symlink_to(tmp_path / "gone.yaml")
    choices = {c.name: c for c in FigureLibrary(user_dir=mine).choices()}
    for name in ("folder", "pipe", "nowhere"):
        assert choices[name].figure is None and "is not a file" in choices[name].problem, name
        assert choices[name].problem.startswith(str(mine / f"{name}.yaml")), name


@settings(max_examples=40)
@given(st.lists(st.tuples(st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True), st.binary(max_size=300)),
                max_size=4))
def test_any_files_in_the_figures_folder_never_raise(files) -> None:  # noqa: ANN001
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        mine = Path(folder)
        for name, data in files:
            (mine / f"{name}.yaml").write_bytes(data)
        choices = FigureLibrary(user_dir=mine).choices()
        names = {c.name for c in choices}
        assert {name for name, _data in files} <= names
        for choice in choices:
            assert choice.figure is not None or choice.problem
